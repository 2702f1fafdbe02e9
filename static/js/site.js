// Every page's small enhancements (templates/base.html); each page works without them.
// On a narrow screen the header's menus fold behind a "Menu" button, so that the page itself (a check-in
// desk, a scan page) starts near the top of the screen.
(function () {
  "use strict";
  var button = document.querySelector(".menu-button");
  var menu = document.getElementById("site-menu");
  if (!button || !menu) { return; }
  var narrow = window.matchMedia("(max-width: 48rem)");
  function show(open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
    menu.classList.toggle("is-folded", !open);
  }
  function fit() {
    button.hidden = !narrow.matches;
    show(!narrow.matches);
  }
  button.addEventListener("click", function () {
    show(button.getAttribute("aria-expanded") !== "true");
  });
  menu.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && narrow.matches) { show(false); button.focus(); }
  });
  narrow.addEventListener("change", fit);
  fit();
}());

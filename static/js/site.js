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

// A long list of boxes (the form macro's `filter_label`, e.g. the 47 languages) shows only the ticked
// boxes, a box that finds others by name, and a button that shows the whole list: a few Tab stops
// instead of one per choice. Without JavaScript the whole list is there.
(function () {
  "use strict";
  function plain(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
  }
  document.querySelectorAll("fieldset[data-filter-label]").forEach(function (set) {
    var list = set.querySelector("ul");
    if (!list) { return; }
    var items = Array.prototype.slice.call(list.querySelectorAll("li"));
    var finder = document.createElement("div");
    finder.className = "choice-filter";
    var label = document.createElement("label");
    label.htmlFor = set.id + "-filter";
    label.textContent = set.dataset.filterLabel;
    var input = document.createElement("input");
    input.type = "search";
    input.id = set.id + "-filter";
    input.autocomplete = "off";
    input.setAttribute("aria-controls", list.id || (list.id = set.id + "-choices"));
    var count = document.createElement("p");
    count.className = "hint";
    count.setAttribute("aria-live", "polite");
    var toggle = document.createElement("button");
    toggle.type = "button";
    toggle.className = "link-button";
    toggle.textContent = set.dataset.showAll;
    toggle.setAttribute("aria-expanded", "false");
    toggle.setAttribute("aria-controls", list.id);
    finder.append(label, input, toggle, count);
    set.insertBefore(finder, list);

    // Only typing and the button change what is shown: a box unticked stays where it is, under the focus.
    function update() {
      var words = plain(input.value);
      var everything = toggle.getAttribute("aria-expanded") === "true";
      var matching = 0;
      items.forEach(function (item) {
        var box = item.querySelector("input");
        var found = words !== "" && (plain(item.textContent).indexOf(words) !== -1 || plain(box.value) === words);
        if (found) { matching += 1; }
        item.hidden = !(everything || box.checked || found);
      });
      count.textContent = words ? set.dataset.matches + " " + matching : "";
    }
    input.addEventListener("input", update);
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); }  // Enter in the finder does not send the form
    });
    toggle.addEventListener("click", function () {
      var expanding = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", expanding ? "true" : "false");
      toggle.textContent = expanding ? set.dataset.showFewer : set.dataset.showAll;  // says what a click will do
      update();
    });
    update();
  });
}());

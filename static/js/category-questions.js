// The registration form's questions asked only of some participant categories: hidden while another
// category is chosen. Without this script every question shows, each saying which categories it is for,
// and the server asks (and keeps) only those of the chosen category.
(function () {
  "use strict";
  var select = document.querySelector("select[name='category_id']");
  if (!select) { return; }
  var boxes = document.querySelectorAll("[data-for-categories]");
  function update() {
    boxes.forEach(function (box) {
      var ids = box.getAttribute("data-for-categories").split(" ");
      box.hidden = ids.indexOf(select.value) === -1;
    });
  }
  select.addEventListener("change", update);
  update();
})();

// The desk's badge page: load the badge PDF into its frame, then open the print dialogue on it. The
// frame's address is set here, after the listener, so that a quick load is not missed; without
// JavaScript the page's link to the PDF remains.
(function () {
  "use strict";
  var frame = document.getElementById("badge-frame");
  if (!frame) {
    return;
  }
  var button = document.getElementById("print-badge");

  function printBadge() {
    try {
      frame.contentWindow.focus();
      frame.contentWindow.print();
    } catch (error) {
      window.print(); // a viewer that keeps its window to itself: print the page, which shows the badge
    }
  }

  frame.addEventListener("load", function () {
    printBadge();
    if (button) {
      button.hidden = false;
    }
  }, { once: true });
  if (button) {
    button.addEventListener("click", printBadge);
  }
  frame.src = frame.getAttribute("data-src");
}());

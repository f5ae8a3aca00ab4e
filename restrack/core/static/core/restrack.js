// Behaviour every page shares.
//
// A table wider than its box scrolls inside it (.table-responsive); a keyboard user reaches that
// scrolling only if the box can take the focus, so a box that scrolls is made focusable and named
// after its table (WCAG 2.1.1; axe-core's scrollable-region-focusable). Checked again when the
// window changes size, as whether it scrolls depends on the width.
(function () {
  "use strict";
  function label(box) {
    var table = box.querySelector("table");
    var caption = table && (table.querySelector("caption") || table.getAttribute("aria-label"));
    if (!caption) return "";
    return (typeof caption === "string" ? caption : caption.textContent).trim();
  }
  function mark() {
    document.querySelectorAll(".table-responsive").forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        var name = label(box);
        if (name) box.setAttribute("aria-label", name);
        box.dataset.focusable = "scroll";
      } else if (!scrolls && box.dataset.focusable === "scroll") {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
        delete box.dataset.focusable;
      }
    });
  }
  var pending;
  window.addEventListener("resize", function () {
    clearTimeout(pending);
    pending = setTimeout(mark, 150);
  });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mark);
  else mark();
})();

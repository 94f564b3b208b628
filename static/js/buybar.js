// The product page's buy bar: once the buy box (price, grade, "Add to cart") has scrolled away above, a bar
// at the bottom of the screen keeps the price and the button at hand. Without JS it stays hidden.
(function () {
  "use strict";
  var observer = null;
  var fromBar = false;
  function setup() {
    var bar = document.getElementById("buy-bar");
    var box = document.getElementById("buy-summary");
    if (observer) observer.disconnect();
    observer = null;
    if (!bar || !box || !("IntersectionObserver" in window)) return;
    bar.hidden = false;
    observer = new IntersectionObserver(function (entries) {
      var entry = entries[entries.length - 1];
      bar.classList.toggle("buy-bar--shown", !entry.isIntersecting && entry.boundingClientRect.top < 0);
    });
    observer.observe(box);
  }
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest(".buy-bar__cta")) fromBar = true;
  });
  // Added from the bar: focus goes to the confirmation (which scrolls into view, and the bar then hides).
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail && event.detail.elt;
    if (target && target.id === "catalog-buy") setup();
    if (fromBar && target && target.id === "cart-added") {
      fromBar = false;
      var link = target.querySelector("a");
      if (link) link.focus();
    }
  });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup); else setup();
})();

// The header's menus (<details data-menu>) open and close without JS; this makes each a proper disclosure:
// its summary says aria-expanded, Escape closes it and gives focus back to the summary, a click elsewhere
// or opening another menu closes it.
(function () {
  "use strict";
  function menus() { return Array.prototype.slice.call(document.querySelectorAll("details[data-menu]")); }
  function sync(menu) { menu.querySelector("summary").setAttribute("aria-expanded", menu.open ? "true" : "false"); }
  function init() { menus().forEach(sync); }
  document.addEventListener("toggle", function (event) {
    var menu = event.target;
    if (!menu.matches || !menu.matches("details[data-menu]")) return;
    sync(menu);
    if (menu.open) menus().forEach(function (other) { if (other !== menu && other.open) other.open = false; });
  }, true);  // toggle does not bubble
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !event.target.closest) return;
    var menu = event.target.closest("details[data-menu][open]");
    if (!menu) return;
    menu.open = false;
    menu.querySelector("summary").focus();
  });
  document.addEventListener("click", function (event) {
    menus().forEach(function (menu) { if (menu.open && !menu.contains(event.target)) menu.open = false; });
  });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();

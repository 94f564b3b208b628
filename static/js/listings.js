// The seller's listings: Escape puts a row back as saved, and after a swap the keyboard stays where it was (or
// goes to the first field in error). (A failed save, 422, is swapped in by the staff layout's htmx config.)
(function () {
  "use strict";
  var focused = null;
  document.addEventListener("htmx:beforeRequest", function () {
    var active = document.activeElement;
    focused = active && active.id && active.closest(".listings-row, .listings-picker") ? active.id : null;
  });
  document.addEventListener("htmx:afterSettle", function () {
    var again = focused && document.getElementById(focused);
    focused = null;
    if (!again) return;
    var row = again.closest(".listings-row");
    var invalid = row && row.querySelector("[aria-invalid=true]");
    (invalid || again).focus();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !event.target.closest) return;
    var row = event.target.closest(".listings-row");
    if (!row || !row.dataset.rowUrl || !window.htmx) return;
    event.preventDefault();
    focused = event.target.id;
    window.htmx.ajax("GET", row.dataset.rowUrl, { target: row, swap: "outerHTML" });
  });
})();

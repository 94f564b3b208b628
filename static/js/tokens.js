// The API tokens page: a Copy button next to a new token's secret (shown only where the clipboard can be used;
// without it the field is still there to select and copy).
(function () {
  "use strict";
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    var field = document.getElementById(button.dataset.copy);
    if (!field || !navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(function () {
        button.textContent = button.dataset.copied;
      }, function () {
        field.select();
      });
    });
  });
})();

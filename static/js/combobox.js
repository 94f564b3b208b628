// Keyboard and screen-reader behaviour of the search autocomplete (WAI-ARIA combobox with a listbox).
// htmx fetches the options; this file only moves the active option and follows it on Enter.
(function () {
  "use strict";
  function parts(input) {
    var list = document.getElementById(input.getAttribute("aria-controls"));
    return { list: list, options: list ? Array.prototype.slice.call(list.querySelectorAll("[role=option]")) : [] };
  }
  function open(input, yes) {
    var p = parts(input);
    if (!p.list) return;
    var show = yes && p.options.length > 0;
    p.list.hidden = !show;
    input.setAttribute("aria-expanded", show ? "true" : "false");
    if (!show) input.removeAttribute("aria-activedescendant");
  }
  function activate(input, index) {
    var p = parts(input);
    p.options.forEach(function (option, i) { option.setAttribute("aria-selected", i === index ? "true" : "false"); });
    if (index >= 0 && p.options[index]) {
      input.setAttribute("aria-activedescendant", p.options[index].id);
      p.options[index].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }
  document.addEventListener("keydown", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("[role=combobox]")) return;
    var p = parts(input);
    var current = p.options.findIndex(function (o) { return o.getAttribute("aria-selected") === "true"; });
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!p.options.length) return;
      event.preventDefault();
      open(input, true);
      var next = current + (event.key === "ArrowDown" ? 1 : -1);
      if (next >= p.options.length) next = 0;
      if (next < 0) next = p.options.length - 1;
      activate(input, next);
    } else if (event.key === "Enter" && current >= 0) {
      event.preventDefault();
      var link = p.options[current].querySelector("a");
      if (link) window.location.assign(link.href);
    } else if (event.key === "Escape") {
      open(input, false);
      activate(input, -1);
    }
  });
  // New options arrived (htmx swapped the listbox): show them if the shopper is still typing.
  document.addEventListener("htmx:afterSettle", function () {
    var combo = document.activeElement;
    if (combo && combo.matches && combo.matches("[role=combobox]")) {
      open(combo, true);
      activate(combo, -1);
    }
  });
  document.addEventListener("focusout", function (event) {
    if (event.target.matches && event.target.matches("[role=combobox]")) {
      setTimeout(function () { open(event.target, false); }, 150);
    }
  });
})();

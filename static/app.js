// Lianxin: tiny progressive enhancements. Pages work without this file.
(function () {
  "use strict";
  // After an htmx swap that replaced the page body, re-initialise Bootstrap widgets that need it.
  document.addEventListener("htmx:afterSettle", function () {
    if (!window.bootstrap) return;
    document.querySelectorAll('[data-bs-toggle="tooltip"]').forEach(function (el) {
      window.bootstrap.Tooltip.getOrCreateInstance(el);
    });
  });
  // A file input's chosen names beside its Chinese button (the native text is hidden: it follows the browser's language).
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.classList || !input.classList.contains("lx-file-input")) return;
    var out = document.querySelector('[data-file-names="' + input.id + '"]');
    if (!out) return;
    var names = Array.prototype.map.call(input.files || [], function (f) { return f.name; });
    out.textContent = names.length ? names.join("、") : "未选择文件";
  });
  // Buttons with data-confirm ask before submitting (works for boosted and plain forms).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var submitter = event.submitter;
    var text = (submitter && submitter.getAttribute("data-confirm")) || form.getAttribute("data-confirm");
    if (text && !window.confirm(text)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);
})();

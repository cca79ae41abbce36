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

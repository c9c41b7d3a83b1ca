// SEN's only script besides htmx: progressive enhancement, no inline handlers (strict CSP).
(function () {
  "use strict";
  // A <select data-autosubmit> submits its form on change; the submit button stays for keyboard/no-JS use.
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el instanceof HTMLSelectElement && el.hasAttribute("data-autosubmit") && el.form) {
      el.form.requestSubmit();
    }
  });
})();

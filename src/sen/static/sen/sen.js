// SEN's only script besides htmx: progressive enhancement, no inline handlers (strict CSP).
// Everything here also works without JavaScript: forms keep their submit buttons and the
// phone menu is a plain <details> element.
(function () {
  "use strict";

  // A <select data-autosubmit> submits its form on change; the submit button stays for keyboard/no-JS use.
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el instanceof HTMLSelectElement && el.hasAttribute("data-autosubmit") && el.form) {
      el.form.requestSubmit();
    }
  });

  // Escape closes the open phone menu and puts focus back on its button.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") {
      return;
    }
    var menu = document.querySelector(".site-menu[open]");
    if (menu) {
      menu.removeAttribute("open");
      var summary = menu.querySelector("summary");
      if (summary) {
        summary.focus();
      }
    }
  });
})();

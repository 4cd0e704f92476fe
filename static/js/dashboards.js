// Dashboards: small progressive enhancements; every dashboard works without this file.
(function () {
  "use strict";
  // The annual report's print button: shown only when JavaScript can print.
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();

// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  // Confirm destructive or final actions (submitting a report, deactivating a contact).
  document.querySelectorAll("[data-confirm]").forEach(function (element) {
    element.addEventListener("click", function (event) {
      if (!window.confirm(element.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });
})();

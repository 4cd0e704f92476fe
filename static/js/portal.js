// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  // Confirm destructive or final actions (submitting a report, deactivating a contact).
  document.querySelectorAll("[data-confirm]").forEach(function (element) {
    element.addEventListener("click", function (event) {
      if (!window.confirm(element.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });
  // A form that creates something is sent once: a double click does not send it again. (The server
  // holds this too, with the form's token; buttons stay enabled so the clicked one's name is sent.)
  document.querySelectorAll("form[data-submit-once]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.sent) { event.preventDefault(); return; }
      form.dataset.sent = "1";
    });
    // Back to this page from the browser's cache: the form may be sent again (the token then finds the action).
    window.addEventListener("pageshow", function () { delete form.dataset.sent; });
  });
})();

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

  // An error summary (GOV.UK style) takes the focus, so a screen reader reads it and the keyboard starts there;
  // each of its links moves the focus to its field (a plain #link would only scroll).
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      var field = link && document.getElementById(link.getAttribute("href").slice(1));
      if (!field) { return; }
      event.preventDefault();
      var label = document.querySelector("label[for='" + field.id + "']");
      (label || field).scrollIntoView({ block: "center" });
      field.focus({ preventScroll: true });
    });
  }

  // Copy a link (the calendar subscription): the button only appears when this script runs; the field
  // stays selectable by hand. The confirmation is text in a status region, so it is seen and heard.
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    var field = document.getElementById(button.getAttribute("data-copy"));
    var status = document.getElementById(button.getAttribute("data-copied-message"));
    if (!field || !status) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      field.select();
      function done() { status.textContent = status.getAttribute("data-text"); }
      function fallback() { if (document.execCommand("copy")) { done(); } }
      status.textContent = "";
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(done, fallback);
      } else {
        fallback();
      }
    });
  });

  // The KPI report while the partner types: how many KPIs are filled in, and each row's % of its target
  // (the rule of evaluations.models.achievement_percentage). The page shows the server's figures on load.
  document.querySelectorAll("form[data-kpi-report]").forEach(function (form) {
    var thousands = form.getAttribute("data-thousands") || ".";
    var decimal = form.getAttribute("data-decimal") || ",";
    var progress = document.getElementById("report-progress");
    var bar = form.querySelector(".report-progress-bar");
    var rows = Array.prototype.slice.call(form.querySelectorAll("[data-kpi-row]"));
    function escape(text) { return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }
    // As portal.money.parse_amount: thousands separators only between groups of three digits.
    var number = new RegExp("^(\\d{1,3}(" + escape(thousands) + "\\d{3})+|\\d+)(" + escape(decimal) + "\\d+)?$");
    function parse(text) {
      text = text.trim();
      if (!number.test(text)) { return null; }
      return parseFloat(text.split(thousands).join("").replace(decimal, "."));
    }
    function achievement(target, actual, direction) {
      if (actual === null || isNaN(target)) { return null; }
      if (direction === "lower") { return actual === 0 ? 100 : target / actual * 100; }
      return target === 0 ? 100 : actual / target * 100;
    }
    // As the server: rounded to one decimal, then shown without decimals, both half to even (Python's Decimal).
    function halfEven(x) {
      var rounded = Math.round(x);
      return Math.abs(x % 1) === 0.5 && rounded % 2 !== 0 ? rounded - 1 : rounded;
    }
    function percent(value) {
      value = Math.round(value * 1e6) / 1e6;  // float noise off (10.505 * 100 is 1050.4999...)
      return halfEven(halfEven(value * 10) / 10) + " %";
    }
    function update() {
      var filled = 0;
      rows.forEach(function (row) {
        var input = row.querySelector("input[name$='-actual_value']");
        var output = row.querySelector("[data-achievement]");
        if (!input || !output) { return; }
        if (input.value.trim() !== "") { filled += 1; }
        var value = achievement(parseFloat(row.getAttribute("data-target-value")), parse(input.value),
          row.getAttribute("data-direction"));
        output.textContent = value === null ? "\u2013" : percent(value);
      });
      if (progress) {
        progress.textContent = progress.getAttribute("data-template")
          .replace("__filled__", filled).replace("__total__", rows.length);
      }
      if (bar) { bar.value = filled; }
    }
    form.addEventListener("input", update);
  });
})();

// The planning form of a consultation moment: warn while the date is chosen when it falls on a Belgian public
// holiday (or 11 July) or in a weekend. The server gives the same warning after saving; this only comes sooner.
(function () {
  "use strict";
  var input = document.getElementById("id_date");
  var box = document.getElementById("date-warning");
  if (!input || !box) { return; }
  function data(id) { return JSON.parse(document.getElementById(id).textContent); }
  var holidays = data("holidays-data"), texts = data("warning-texts"), weekdays = data("weekday-texts");
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function update() {
    var match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(input.value), text = "";
    if (match) {
      var day = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
      var shown = pad(day.getDate()) + "/" + pad(day.getMonth() + 1) + "/" + day.getFullYear();
      if (holidays[input.value]) {
        text = texts.holiday.replace("%(date)s", shown).replace("%(name)s", holidays[input.value]);
      } else if (weekdays[String(day.getDay())]) {
        text = texts.weekend.replace("%(date)s", shown).replace("%(weekday)s", weekdays[String(day.getDay())]);
      }
    }
    box.textContent = text;
    box.classList.toggle("d-none", !text);
  }
  input.addEventListener("input", update);
  input.addEventListener("change", update);
})();

// The reply box keeps its draft in this browser (localStorage, per user and thread) while it is typed, so a
// message is not lost when the session expires and the log-in page swallows the post. The draft is restored
// when the page opens and cleared once the server confirms the message was sent (?sent=1 after the redirect).
(function () {
  "use strict";
  var boxes = document.querySelectorAll("textarea[data-draft-key]");
  var params = new URLSearchParams(window.location.search);
  var sent = params.get("sent") === "1";
  function storage() {
    try { return window.localStorage; } catch (e) { return null; }
  }
  var store = storage();
  if (!store) { return; }
  boxes.forEach(function (box) {
    var key = box.getAttribute("data-draft-key");
    var note = box.parentNode.querySelector(".draft-note");
    if (sent) {
      store.removeItem(key);
      store.removeItem(key.replace(/:[^:]*$/, ":new"));  // a new conversation's draft, sent as its first message
    } else if (!box.value && store.getItem(key)) {
      box.value = store.getItem(key);
      if (note) { note.classList.remove("d-none"); }
    }
    box.addEventListener("input", function () {
      if (box.value) { store.setItem(key, box.value); } else { store.removeItem(key); }
      if (note) { note.classList.toggle("d-none", !box.value); }
    });
  });
  if (sent && window.history.replaceState) {
    params.delete("sent");
    var query = params.toString();
    window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
  }
})();

// The console opened as a Telegram Mini App: Telegram puts the signed initData in the page's
// fragment (#tgWebAppData=...); sending it back signs the user in (core.mini_app). Read from the
// fragment, not from telegram-web-app.js: no script from another site runs on the console.
(function () {
  var form = document.getElementById("mini-app");
  var data = new URLSearchParams(window.location.hash.slice(1)).get("tgWebAppData");
  if (!data) {
    var message = document.getElementById("message");
    message.textContent = message.getAttribute("data-outside");
    return;
  }
  history.replaceState(null, "", window.location.pathname);  // not left in the history
  form.elements.init_data.value = data;
  form.submit();
})();

// PinBridge dashboard: small progressive enhancement only; every page works without it.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-copy]");
    if (!target || !navigator.clipboard) return;
    var source = document.querySelector(target.getAttribute("data-copy"));
    if (source) navigator.clipboard.writeText(source.textContent.trim()).then(function () { target.textContent = "Copied"; });
  });
  document.addEventListener("change", function (event) {
    if (event.target.matches("[data-switcher]")) window.location = event.target.value;
  });
  var status = document.querySelector("[data-poll]");
  if (!status) return;
  var finals = ["published", "failed", "canceled"];
  function poll() {
    fetch(status.getAttribute("data-poll"), { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (pin) {
        if (pin.status !== status.textContent) {
          status.textContent = pin.status;
          status.className = "status-" + pin.status;
        }
        if (finals.indexOf(pin.status) >= 0) {
          if (pin.status === "failed") window.location.reload();
          return;
        }
        setTimeout(poll, 700);
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  if (finals.indexOf(status.textContent) < 0) setTimeout(poll, 300);
})();

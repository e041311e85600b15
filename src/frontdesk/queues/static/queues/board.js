// The staff board follows its queue: a long poll returns the refreshed rows (rendered on the
// server, with only the controls this member holds) as soon as the queue changes.
(function () {
  "use strict";
  var live = document.getElementById("board-live");
  if (!live) {
    return;
  }
  var url = live.dataset.waitUrl;
  var version = live.dataset.version;
  var pending = null;

  // Do not pull a button away from under a member who is about to press it: new rows wait
  // until the focus leaves the board.
  function applyPending() {
    if (pending !== null && !live.contains(document.activeElement)) {
      live.innerHTML = pending;
      pending = null;
    }
  }
  live.addEventListener("focusout", function () {
    window.setTimeout(applyPending, 0);
  });

  function poll(delay) {
    window.setTimeout(function () {
      fetch(url + "?v=" + encodeURIComponent(version), {
        credentials: "same-origin",
        cache: "no-store",
        headers: { Accept: "application/json" },
      })
        .then(function (response) {
          if (response.redirected || response.status === 401 || response.status === 403) {
            window.location.reload(); // signed out or no longer allowed: let the page say so
            return null;
          }
          if (response.status === 404) {
            return null;
          }
          if (!response.ok) {
            throw new Error("HTTP " + response.status);
          }
          return response.json();
        })
        .then(function (data) {
          if (data === null) {
            return;
          }
          version = data.version;
          pending = data.html;
          applyPending();
          poll(0);
        })
        .catch(function () {
          poll(5000);
        });
    }, delay);
  }

  poll(0);
})();

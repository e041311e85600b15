// The customer's ticket page follows its queue: a long poll answers as soon as the queue
// changes (or after a while with no change) and the page redraws itself from the JSON.
(function () {
  "use strict";
  var card = document.getElementById("ticket");
  if (!card || card.dataset.final === "1") {
    return;
  }
  var url = card.dataset.waitUrl;
  var version = card.dataset.version;

  function field(name) {
    return card.querySelector('[data-field="' + name + '"]');
  }

  function setText(name, value) {
    var element = field(name);
    if (element) {
      element.textContent = value === null || value === undefined ? "" : String(value);
    }
  }

  function render(status) {
    setText("number", status.number);
    setText("state_label", status.state_label);
    setText("message", status.message);
    setText("position", status.position);
    setText("wait_text", status.wait_text);
    field("state_label").className = "badge " + status.tone;
    card.querySelectorAll("[data-when-waiting]").forEach(function (element) {
      element.hidden = status.state !== "waiting";
    });
    card.querySelectorAll("[data-closed]").forEach(function (element) {
      element.hidden = status.queue_open;
    });
    card.querySelectorAll("[data-leave]").forEach(function (element) {
      element.hidden = status.final;
    });
    if (status.state === "summoned") {
      document.title = "Your turn! Ticket " + status.number;
      if (status.changed && navigator.vibrate) {
        navigator.vibrate([300, 150, 300]);
      }
    }
  }

  function poll(delay) {
    window.setTimeout(function () {
      fetch(url + "?v=" + encodeURIComponent(version), {
        credentials: "same-origin",
        cache: "no-store",
        headers: { Accept: "application/json" },
      })
        .then(function (response) {
          if (response.status === 404) {
            return null; // the ticket is gone: nothing more to follow
          }
          if (!response.ok) {
            throw new Error("HTTP " + response.status);
          }
          return response.json();
        })
        .then(function (status) {
          if (status === null) {
            return;
          }
          version = status.version;
          render(status);
          if (!status.final) {
            poll(0);
          }
        })
        .catch(function () {
          poll(5000); // offline or a server hiccup: try again shortly
        });
    }, delay);
  }

  poll(0);
})();

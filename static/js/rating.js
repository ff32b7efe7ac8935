/* Reader ratings: send the vote in place and refresh the summary without a reload.
 *
 * Without this file the form works on its own (POST, redirect, confirmation). With it, the
 * form sends itself when a star is chosen: at once for a click or a tap, after a short pause
 * for keyboard arrows (each arrow press moves the choice; only the one the reader stops on is
 * sent), as JSON. The server answers JSON; its message goes to the form's role="status"
 * paragraph, which screen readers announce. A returning voter's own vote comes from reader.js
 * (event "magazine:reader-state"); a successful vote tells it ("magazine:acted"). Texts come
 * from the page (data-* attributes, translated on the server), never from this file.
 */
(function () {
  "use strict";

  var KEYBOARD_PAUSE_MS = 900;

  function enhance(form) {
    var summary = form.closest(".rating").querySelector("[data-rating-summary]");
    var status = form.querySelector("[data-rating-status]");
    var timer = null;
    var pointer = false;
    var busy = false;
    var sent = false;

    form.classList.add("rating__form--js");

    function say(text, isError) {
      status.textContent = text;
      status.classList.toggle("rating__status--error", Boolean(isError));
    }

    function restoreCurrent() {
      var current = form.dataset.current;
      form.querySelectorAll("input[name=score]").forEach(function (input) {
        input.checked = input.value === current;
      });
    }

    function send() {
      window.clearTimeout(timer);
      if (busy || !form.querySelector("input[name=score]:checked")) {
        return;
      }
      busy = true;
      sent = true;
      say(form.dataset.sending, false);
      fetch(form.action, {
        method: "POST",
        body: JSON.stringify({ score: Number(form.querySelector("input[name=score]:checked").value) }),
        credentials: "same-origin",
        headers: { Accept: "application/json", "Content-Type": "application/json" }
      })
        .then(function (response) {
          return response.json().then(function (data) {
            return { ok: response.ok, data: data };
          });
        })
        .then(function (result) {
          if (!result.ok) {
            throw new Error(result.data.error || form.dataset.error);
          }
          var details = summary.querySelector("details");
          var wasOpen = Boolean(details && details.open);
          summary.innerHTML = result.data.summary_html;
          details = summary.querySelector("details");
          if (details && wasOpen) {
            details.open = true;
          }
          form.dataset.current = String(result.data.score);
          say(result.data.message + " " + result.data.summary.label, false);
          document.dispatchEvent(new CustomEvent("magazine:acted"));  // reader.js remembers it
        })
        .catch(function (error) {
          restoreCurrent();
          say(error && error.message && !(error instanceof SyntaxError) && !(error instanceof TypeError)
            ? error.message : form.dataset.error, true);
        })
        .finally(function () {
          busy = false;
          var checked = form.querySelector("input[name=score]:checked");
          if (checked && checked.value !== form.dataset.current) {
            send();  // the reader changed their mind while the vote was on its way
          }
        });
    }

    form.addEventListener("pointerdown", function () {
      pointer = true;
    });
    form.addEventListener("keydown", function () {
      pointer = false;
    });
    form.addEventListener("change", function (event) {
      if (event.target.name !== "score") {
        return;
      }
      window.clearTimeout(timer);
      if (pointer) {
        send();
      } else {
        timer = window.setTimeout(send, KEYBOARD_PAUSE_MS);
      }
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      send();
    });
    // A returning voter's own vote (the shared page cannot show it), unless they voted again
    // before it arrived.
    document.addEventListener("magazine:reader-state", function (event) {
      var vote = event.detail.vote;
      if (!vote || sent) {
        return;
      }
      form.dataset.current = String(vote);
      restoreCurrent();
      say(event.detail.vote_message, false);
    });
  }

  document.querySelectorAll("form[data-rating-form]").forEach(enhance);
})();

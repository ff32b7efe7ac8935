/* What is a reader's own, on a page every reader shares (ratings/reader.py).
 *
 * A reader who has voted or commented with this browser is remembered in local storage
 * (rating.js and comments.js say so with the event "magazine:acted"). Only then, one request
 * per page asks for their state (<article data-reader-state>): their vote, their comments
 * awaiting moderation. It is handed over as the event "magazine:reader-state", which rating.js
 * and comments.js draw. A plain visit asks nothing. The private page a form without
 * JavaScript leads to ([data-reader-acted]) already shows their state: it is only remembered.
 */
(function () {
  "use strict";

  var KEY = "magazine:lecteur";

  function remember() {
    try {
      window.localStorage.setItem(KEY, "1");
    } catch (error) { /* storage disabled: their state shows only right after they act */ }
  }

  function hasActed() {
    try {
      return window.localStorage.getItem(KEY) === "1";
    } catch (error) {
      return false;
    }
  }

  document.addEventListener("magazine:acted", remember);

  if (document.querySelector("[data-reader-acted]")) {
    remember();
    return;
  }
  var article = document.querySelector("[data-reader-state]");
  if (!article || !hasActed() || !window.fetch) {
    return;
  }
  fetch(article.dataset.readerState, {
    credentials: "same-origin",
    headers: { Accept: "application/json" }
  })
    .then(function (response) {
      return response.ok ? response.json() : null;
    })
    .then(function (state) {
      if (state) {
        document.dispatchEvent(new CustomEvent("magazine:reader-state", { detail: state }));
      }
    })
    .catch(function () { /* the shared page stands on its own */ });
})();

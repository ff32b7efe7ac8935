/* Video placeholders (media_library/embeds.py): the provider's player loads only when the
   reader asks for it, so nothing is requested from YouTube, Vimeo or Dailymotion before. The
   player's address comes from a fixed template per provider; the id is checked with the same
   strict pattern as on the server, and anything unexpected leaves the plain link alone. */
(function () {
  "use strict";

  var PLAYERS = {
    youtube: [/^[A-Za-z0-9_-]{11}$/, function (id, start) {
      return "https://www.youtube-nocookie.com/embed/" + id + "?autoplay=1" + (start ? "&start=" + start : "");
    }],
    vimeo: [/^[0-9]{1,12}$/, function (id, start, hash) {
      return "https://player.vimeo.com/video/" + id + "?autoplay=1" + (hash ? "&h=" + hash : "") + (start ? "#t=" + start + "s" : "");
    }],
    dailymotion: [/^[A-Za-z0-9]{5,12}$/, function (id, start) {
      return "https://www.dailymotion.com/embed/video/" + id + "?autoplay=1" + (start ? "&start=" + start : "");
    }]
  };

  document.addEventListener("click", function (event) {
    /* A click meant for a new tab or window opens the video's page, as a link does. */
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    var link = event.target.closest ? event.target.closest("a[data-embed]") : null;
    if (!link) return;
    var data = link.dataset;
    var player = Object.prototype.hasOwnProperty.call(PLAYERS, data.embed) ? PLAYERS[data.embed] : null;
    var start = data.embedStart || "", hash = data.embedHash || "";
    if (!player || !player[0].test(data.embedId || "") || !/^[0-9]{0,5}$/.test(start) || !/^[0-9a-f]{0,20}$/.test(hash)) return;
    event.preventDefault();
    var title = link.querySelector(".embed__title");
    var frame = document.createElement("iframe");
    frame.className = "embed__frame";
    frame.src = player[1](data.embedId, start, hash);
    frame.title = (title ? title.textContent : "") || link.textContent;
    frame.allow = "autoplay; fullscreen; picture-in-picture";
    frame.allowFullscreen = true;
    frame.referrerPolicy = "strict-origin-when-cross-origin";
    link.parentNode.replaceChild(frame, link);
    frame.focus();
  });
})();

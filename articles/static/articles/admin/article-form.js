// The article form (admin/articles/article/change_form.html): the text's word count and reading
// time, live while the journalist writes. Same rules as the server's: a word as
// core.html.count_words reads one, library pictures' captions left out (they are attributes of
// their node, not text), and Article.reading_minutes (at least one minute, words per minute from
// the page, rounded like Python's round()). No inline script or style (CSP).
"use strict";

(function () {
  var WORD = /[\p{L}\p{N}_]+(?:[’'-][\p{L}\p{N}_]+)*/gu;

  function countWords(text) {
    var found = text.match(WORD);
    return found ? found.length : 0;
  }

  // Python's round(): halves go to the even neighbour.
  function roundHalfEven(value) {
    var floor = Math.floor(value);
    var rest = value - floor;
    if (rest > 0.5) return floor + 1;
    if (rest < 0.5) return floor;
    return floor % 2 === 0 ? floor : floor + 1;
  }

  function readingMinutes(words, perMinute) {
    return Math.max(1, roundHalfEven(words / perMinute));
  }

  function phrase(template, n) {
    return template.replace("{n}", String(n));
  }

  function show(stats, words) {
    var minutes = readingMinutes(words, Number(stats.dataset.wordsPerMinute) || 220);
    // French plural: one below two.
    var count = phrase(words > 1 ? stats.dataset.words : stats.dataset.word, words);
    stats.textContent = count + " · " + phrase(stats.dataset.reading, minutes);
  }

  document.addEventListener("prose-editor:ready", function (event) {
    var editor = event.detail.editor;
    var textarea = event.detail.textarea;
    var stats = document.getElementById("article-stats");
    if (!stats || !textarea || textarea.name !== "body") return;
    var pending = null;
    function update() {
      pending = null;
      var doc = editor.state.doc;
      show(stats, countWords(doc.textBetween(0, doc.content.size, "\n", "\n")));
    }
    editor.on("update", function () {
      if (pending === null) pending = window.setTimeout(update, 150);
    });
    update();
  });
})();

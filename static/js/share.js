// « Partagez maintenant » enhancements. Without JavaScript the share links work and the
// article's address is shown in a read-only field; with it, a button copies that address and,
// where the browser offers the Web Share API, a « Partager » button opens the system sheet.
(function () {
  "use strict";

  function announce(block, message) {
    var status = block.querySelector(".share__status");
    if (status) {
      status.textContent = "";
      window.setTimeout(function () { status.textContent = message; }, 50);
    }
  }

  function copy(block, input, button) {
    var done = function () { announce(block, button.getAttribute("data-done") || ""); };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(input.value).then(done, function () {
        input.select();
      });
    } else {
      input.select();
      try {
        if (document.execCommand("copy")) { done(); }
      } catch (error) { /* the address stays selected: the reader copies it by hand */ }
    }
  }

  document.querySelectorAll(".share").forEach(function (block) {
    var input = block.querySelector(".share__copy-input");
    var copyButton = block.querySelector(".share__copy-button");
    var nativeButton = block.querySelector(".share__native-button");
    if (input && copyButton) {
      copyButton.hidden = false;
      copyButton.addEventListener("click", function () { copy(block, input, copyButton); });
      input.addEventListener("focus", function () { input.select(); });
    }
    if (nativeButton && typeof navigator.share === "function") {
      nativeButton.hidden = false;
      nativeButton.addEventListener("click", function () {
        navigator.share({
          title: block.getAttribute("data-share-title") || document.title,
          url: block.getAttribute("data-share-url") || window.location.href
        }).catch(function () { /* cancelled by the reader */ });
      });
    }
  });
})();

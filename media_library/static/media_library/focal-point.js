// Click on the picture to set the focal point: fills the two number fields (0 to 1) and moves
// the marker; typing in the fields moves the marker too.
(function () {
  "use strict";
  function round(value) { return Math.round(Math.min(1, Math.max(0, value)) * 1000) / 1000; }
  function setup(picker) {
    var xInput = document.getElementById(picker.dataset.xInput);
    var yInput = document.getElementById(picker.dataset.yInput);
    var marker = picker.querySelector(".focal-picker__marker");
    var image = picker.querySelector("img");
    if (!xInput || !yInput || !image) return;
    function show() {
      marker.style.left = (parseFloat(xInput.value) || 0) * 100 + "%";
      marker.style.top = (parseFloat(yInput.value) || 0) * 100 + "%";
    }
    image.addEventListener("click", function (event) {
      var box = image.getBoundingClientRect();
      xInput.value = round((event.clientX - box.left) / box.width);
      yInput.value = round((event.clientY - box.top) / box.height);
      show();
    });
    xInput.addEventListener("input", show);
    yInput.addEventListener("input", show);
    show();
  }
  function start() { document.querySelectorAll(".focal-picker").forEach(setup); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

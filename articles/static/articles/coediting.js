/* Presence on the article form: who else has this article open.
   Every few seconds the page tells the server it is open (a POST with the CSRF token) and
   shows the others' names in an aria-live region; when the page goes away a last beacon says
   so. No inline script: loaded from admin/articles/article/_coediting.html. */
(function () {
  'use strict';
  var region = document.querySelector('[data-presence-url]');
  if (!region || !window.fetch || !window.FormData) { return; }
  var url = region.getAttribute('data-presence-url');
  var every = (parseInt(region.getAttribute('data-interval'), 10) || 15) * 1000;
  var timer = null;

  function token() {
    var input = document.querySelector('input[name="csrfmiddlewaretoken"]');
    return input ? input.value : '';
  }

  function payload(leaving) {
    var data = new FormData();
    data.append('csrfmiddlewaretoken', token());
    data.append('version', region.getAttribute('data-version') || '');
    if (leaving) { data.append('leave', '1'); }
    return data;
  }

  function show(text) {
    // Only a change is written, so screen readers hear each news once.
    if (region.textContent !== text) { region.textContent = text; }
  }

  function beat() {
    fetch(url, { method: 'POST', body: payload(false), credentials: 'same-origin',
                 headers: { 'X-CSRFToken': token(), 'Accept': 'application/json' } })
      .then(function (response) {
        // Signed out meanwhile (the login page answers): nothing to say about the others.
        return response.ok && !response.redirected ? response.json() : { message: '' };
      })
      .then(function (data) {
        if (data) { show([data.message, data.saved].filter(Boolean).join(' ')); }
      })
      .catch(function () { /* offline a moment: the next beat will tell */ });
  }

  function start() {
    if (timer === null) { beat(); timer = window.setInterval(beat, every); }
  }

  function stop() {
    if (timer !== null) { window.clearInterval(timer); timer = null; }
  }

  window.addEventListener('pagehide', function () {
    stop();
    if (navigator.sendBeacon) { navigator.sendBeacon(url, payload(true)); }
  });
  window.addEventListener('pageshow', function (event) { if (event.persisted) { start(); } });
  start();
}());

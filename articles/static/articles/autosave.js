/* Autosave of the article form in this browser (localStorage), so that an expired session or
   a closed tab loses nothing. While the form is edited its fields are kept every few seconds
   under the article's key ("article:12", "article:new"); a successful save says so through a
   cookie naming this draft (articles/admin/coediting.py), and the draft is forgotten; a form
   reopened with different content offers it back: « la restaurer » or « l'ignorer ». */
(function () {
  'use strict';
  var box = document.querySelector('[data-autosave-key]');
  var form = box && box.closest('form');
  var store = null;
  try { store = window.localStorage; store.getItem('x'); } catch (error) { store = null; }
  if (!form || !store) { return; }

  var NAMES = ['title', 'slug', 'standfirst', 'body', 'cover_alt', 'cover_caption',
               'cover_credit', 'seo_title', 'seo_description', 'correction_note'];
  var EVERY = 3000;
  var key = 'magazine:brouillon:' + box.getAttribute('data-autosave-key');
  var cookieName = box.getAttribute('data-autosave-cookie');
  var notice = box.querySelector('p');
  var dirty = false;
  var editors = [];  // the rich-text editors of the form, as django-prose-editor announces them
  document.addEventListener('prose-editor:ready', function (event) {
    editors.push(event.detail);
  });

  function editorOf(textarea) {
    for (var i = 0; i < editors.length; i += 1) {
      if (editors[i].textarea === textarea) { return editors[i].editor; }
    }
    var found = null;
    var wrapper = textarea.closest('.prose-editor');
    (wrapper ? wrapper.querySelectorAll('.ProseMirror') : []).forEach(function (element) {
      found = found || element.editor || null;
    });
    return found;
  }

  function field(name) {
    var element = form.elements.namedItem(name);
    return element && element.tagName && element.type !== 'hidden' ? element : null;
  }

  function values() {
    var result = {};
    NAMES.forEach(function (name) {
      var element = field(name);
      if (element) { result[name] = element.value; }
    });
    return result;
  }

  function plain(text) { return (text || '').replace(/\s+/g, ' ').trim(); }

  function differs(a, b) {
    return NAMES.some(function (name) {
      return name in a && name in b && plain(a[name]) !== plain(b[name]);
    });
  }

  function read() {
    try { return JSON.parse(store.getItem(key)); } catch (error) { return null; }
  }

  function newId() {
    return Date.now().toString(36) + '-' + Math.random().toString(36).slice(2, 12);
  }

  function savedDraft() {
    var match = document.cookie.match(new RegExp('(?:^|; )' + cookieName + '=([^;]*)'));
    if (!match) { return null; }
    document.cookie = cookieName + '=; Max-Age=0; path=' + (box.getAttribute('data-autosave-cookie-path') || '/');
    return decodeURIComponent(match[1]);
  }

  var draft = read();
  if (draft && draft.id && draft.id === savedDraft()) {
    store.removeItem(key);  // saved: nothing left to offer
    draft = null;
  }
  var id = newId();
  if (draft && draft.values && !differs(draft.values, values())) {
    id = draft.id;  // the same text as the page (a form shown again after an error)
    draft = null;
  }

  // The id of this form's draft goes with the save, for the server to name it back.
  var marker = document.createElement('input');
  marker.type = 'hidden';
  marker.name = box.getAttribute('data-autosave-field');
  marker.value = id;
  form.appendChild(marker);

  function keep() {
    if (!dirty) { return; }
    dirty = false;
    try {
      store.setItem(key, JSON.stringify({ id: id, at: Date.now(), values: values() }));
    } catch (error) { /* storage full or refused: nothing more to do */ }
  }

  form.addEventListener('input', function () { dirty = true; });
  form.addEventListener('change', function () { dirty = true; });
  window.setInterval(keep, EVERY);
  window.addEventListener('pagehide', keep);
  form.addEventListener('submit', keep);

  if (!draft || !draft.values) { return; }
  var when = new Date(draft.at || Date.now()).toLocaleString(
    document.documentElement.lang || 'fr', { dateStyle: 'long', timeStyle: 'short' });
  var title = plain(draft.values.title) || box.getAttribute('data-untitled');
  box.querySelector('.coediting__autosave-text').textContent =
    box.getAttribute('data-message').replace('{title}', title).replace('{when}', when);
  notice.hidden = false;

  box.querySelector('[data-autosave-restore]').addEventListener('click', function () {
    NAMES.forEach(function (name) {
      var element = field(name);
      if (!element || !(name in draft.values)) { return; }
      element.value = draft.values[name];
      var editor = element.tagName === 'TEXTAREA' ? editorOf(element) : null;
      if (editor) { editor.commands.setContent(draft.values[name]); }
    });
    id = draft.id;
    marker.value = id;
    notice.hidden = true;
    box.querySelector('.coediting__autosave-text').textContent = '';
    var done = document.createElement('p');
    done.textContent = box.getAttribute('data-restored');
    box.appendChild(done);
    var first = field('title');
    if (first) { first.focus(); }
  });
  box.querySelector('[data-autosave-dismiss]').addEventListener('click', function () {
    store.removeItem(key);
    notice.hidden = true;
  });
}());

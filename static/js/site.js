/* Le Magazine: small enhancements. Every page works without this file. */
(function () {
  "use strict";

  /* Wide tables scroll sideways (site.css); one that actually overflows becomes focusable so
     keyboard users can scroll it too (it stays a table for screen readers). Measured first,
     before anything below changes the page, so the browser lays it out only once. */
  Array.prototype.filter.call(document.querySelectorAll(".prose table"), function (table) {
    return table.scrollWidth > table.clientWidth + 1;
  }).forEach(function (table) { table.tabIndex = 0; });

  /* Section menu: a <details> disclosure that works without JavaScript. On wide screens the
     CSS shows the whole list; browsers that cannot style a closed <details> get it opened
     here. On small screens, Escape or a click elsewhere closes it. */
  var menu = document.querySelector("[data-site-menu]");
  if (menu) {
    var wide = window.matchMedia("(min-width: 48rem)");
    var sync = function () { menu.open = wide.matches; };
    sync();
    if (wide.addEventListener) wide.addEventListener("change", sync);
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && menu.open && !wide.matches) {
        menu.open = false;
        menu.querySelector("summary").focus();
      }
    });
    document.addEventListener("click", function (event) {
      if (menu.open && !wide.matches && !menu.contains(event.target)) menu.open = false;
    });
  }

  /* Author contact links: the address is never in the HTML (authors/contact.py). The link
     carries it scrambled (base64 of the reversed UTF-8 text) and becomes a mailto link here;
     without JavaScript it leads to the contact page. */
  var decode = function (token) {
    var bytes = Uint8Array.from(atob(token), function (c) { return c.charCodeAt(0); });
    return Array.from(new TextDecoder().decode(bytes)).reverse().join("");
  };
  document.querySelectorAll("a[data-contact]").forEach(function (link) {
    try {
      link.href = "mailto:" + decode(link.getAttribute("data-contact"));
      link.removeAttribute("data-contact");
    } catch (error) { /* keep the contact page link */ }
  });

})();

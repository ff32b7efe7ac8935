/* Comments under an article: post in place and reply without leaving the page.
   Only an enhancement: without this file the form posts and the page reloads.
   The shared page carries no fill-time token: it is fetched when the form is first used
   (data-token-url), and a comment waits for it before leaving, sent as JSON. A returning
   poster's comments awaiting moderation come from reader.js ("magazine:reader-state"). */
(function () {
  "use strict";

  const section = document.querySelector("[data-comments]");
  const list = section && section.querySelector("[data-comments-list]");
  if (!list || !window.fetch) return;

  // A returning poster's comments awaiting moderation, shown to them alone (even once the
  // comments are closed).
  document.addEventListener("magazine:reader-state", function (event) {
    (event.detail.pending || []).forEach(function (comment) { insert(comment, true); });
    if (event.detail.comments_heading) section.querySelector(".comments__title").textContent = event.detail.comments_heading;
  });

  const form = section.querySelector("[data-comment-form]");
  if (!form) return;
  const status = form.querySelector("[data-comment-status]");
  const parentInput = form.querySelector("input[name=parent]");
  const replying = form.querySelector("[data-replying]");
  const replyingName = form.querySelector("[data-replying-name]");
  const body = form.querySelector("textarea[name=body]");
  const button = form.querySelector("button[type=submit]");
  const jeton = form.querySelector("input[name=jeton]");
  let token = null;  // the pending or settled request for the fill-time token

  // Asked once, when the reader starts on the form; a comment sent before it arrives waits.
  // Without it the comment still goes, held for an editor. A form the server sent back with
  // errors already holds the reader's own.
  function fetchToken() {
    if (!token && jeton.value) token = Promise.resolve();
    if (!token) {
      token = fetch(form.dataset.tokenUrl, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      })
        .then(function (response) { return response.json(); })
        .then(function (data) { jeton.value = data.jeton || ""; })
        .catch(function () { token = null; });  // asked again at the next submit
    }
    return token;
  }

  function fields() {
    const data = {};
    Array.from(form.elements).forEach(function (el) {
      if (!el.name || el.disabled || el.type === "submit") return;
      if (el.type === "radio" && !el.checked) return;
      data[el.name] = el.type === "checkbox" ? el.checked : el.value;
    });
    return data;
  }

  function say(text, isError) {
    status.replaceChildren();
    const p = document.createElement("p");
    p.className = "comment-form__message" + (isError ? " comment-form__message--error" : " comment-form__message--ok");
    p.textContent = text;
    status.append(p);
  }

  function setParent(id, name) {
    parentInput.value = id || "";
    replyingName.textContent = name || "";
    replying.hidden = !id;
  }

  function clearErrors() {
    form.querySelectorAll("[data-error-for]").forEach(function (el) {
      if (el.classList.contains("comment-form__message")) { el.remove(); return; }
      el.textContent = "";
    });
    form.querySelectorAll("[aria-invalid]").forEach(function (el) { el.removeAttribute("aria-invalid"); });
  }

  function showErrors(data) {
    let first = null;
    Object.keys(data.errors || {}).forEach(function (field) {
      const text = data.errors[field].join(" ");
      const slot = form.querySelector('p[data-error-for="' + field + '"]');
      const input = form.elements[field];
      if (slot && input && input.type !== "hidden") {
        slot.textContent = text;
        input.setAttribute("aria-invalid", "true");
        const described = (input.getAttribute("aria-describedby") || "").split(" ");
        if (!described.includes(slot.id)) input.setAttribute("aria-describedby", described.concat(slot.id).join(" ").trim());
        first = first || input;
      } else {
        const p = document.createElement("p");
        p.className = "comment-form__message comment-form__message--error";
        p.dataset.errorFor = field;
        p.textContent = text;
        status.append(p);
      }
    });
    if (first) first.focus();
  }

  function insert(data, quietly) {
    const existing = document.getElementById("avis-" + data.id);
    if (existing) { if (!quietly) existing.scrollIntoView({ block: "center" }); return; }
    const template = document.createElement("template");
    template.innerHTML = data.html.trim();  // rendered and escaped by the server
    const node = template.content.firstElementChild;
    const parent = data.parent && document.getElementById("avis-" + data.parent);
    let target = list;
    if (parent) {
      target = parent.querySelector("[data-replies]");
      if (!target) {
        target = document.createElement("ol");
        target.className = "comment__replies";
        target.dataset.replies = "";
        parent.append(target);
      }
    }
    target.append(node);
    if (!quietly) node.scrollIntoView({ block: "center" });
  }

  form.addEventListener("focusin", fetchToken);

  section.addEventListener("click", function (event) {
    const reply = event.target.closest("[data-reply-to]");
    if (reply) {
      event.preventDefault();
      setParent(reply.dataset.replyTo, reply.dataset.replyName);
      body.focus();
      return;
    }
    if (event.target.closest("[data-cancel-reply]")) {
      event.preventDefault();
      setParent("", "");
      body.focus();
    }
  });

  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    clearErrors();
    button.disabled = true;
    form.setAttribute("aria-busy", "true");
    let data;
    try {
      await fetchToken();
      const response = await fetch(form.action, {
        method: "POST",
        body: JSON.stringify(fields()),
        headers: { Accept: "application/json", "Content-Type": "application/json" },
        credentials: "same-origin",
      });
      data = await response.json();
    } catch (error) {
      // No answer or not ours (network, proxy page): send the classic way, nothing is lost.
      form.submit();
      return;
    } finally {
      button.disabled = false;
      form.removeAttribute("aria-busy");
    }
    if (data.ok) {
      say(data.message, false);
      insert(data);
      if (data.heading) section.querySelector(".comments__title").textContent = data.heading;
      body.value = "";
      setParent("", "");
      document.dispatchEvent(new CustomEvent("magazine:acted"));  // reader.js remembers it
    } else {
      say(data.message, true);
      showErrors(data);
      if (data.jeton) {  // the form had expired: the server's new token goes with it
        jeton.value = data.jeton;
        token = Promise.resolve();
      }
    }
  });
})();

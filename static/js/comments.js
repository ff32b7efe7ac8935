/* Comments under an article: post in place and reply without leaving the page.
   Only an enhancement: without this file the form posts and the page reloads. */
(function () {
  "use strict";

  const section = document.querySelector("[data-comments]");
  const form = section && section.querySelector("[data-comment-form]");
  if (!form || !window.fetch) return;

  const list = section.querySelector("[data-comments-list]");
  const status = form.querySelector("[data-comment-status]");
  const parentInput = form.querySelector("input[name=parent]");
  const replying = form.querySelector("[data-replying]");
  const replyingName = form.querySelector("[data-replying-name]");
  const body = form.querySelector("textarea[name=body]");
  const button = form.querySelector("button[type=submit]");

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

  function insert(data) {
    const existing = document.getElementById("avis-" + data.id);
    if (existing) { existing.scrollIntoView({ block: "center" }); return; }
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
    node.scrollIntoView({ block: "center" });
  }

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
      const response = await fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { Accept: "application/json" },
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
    } else {
      say(data.message, true);
      showErrors(data);
    }
  });
})();

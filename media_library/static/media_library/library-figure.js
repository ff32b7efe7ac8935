// A library picture in a rich-text body (media_library/richtext.py): a Tiptap node stored as
// <figure data-image-id data-width><img><figcaption>, inserted from a picker (search the
// library, or upload on the spot: the picture lands in the library). Only the id and the width
// count: the server rebuilds the rest from the library. Pictures pasted from elsewhere are
// dropped by the editor and the server; a notice says so and offers to copy one into the
// library (fetched by the server from public addresses only). No inline script or style (CSP).
import { Node, Plugin } from "django-prose-editor/editor"

const WIDTHS = [
  ["text", "Colonne de texte"],
  ["wide", "Large"],
  ["full", "Pleine largeur"],
]
const PASTE_NOTICE =
  "Les images collées depuis un autre site ne sont pas reprises : insérez-les depuis la " +
  "médiathèque (bouton « Image de la médiathèque »)."

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag)
  for (const [name, value] of Object.entries(attrs)) {
    if (name === "text") node.textContent = value
    else if (value !== null && value !== undefined && value !== false) node.setAttribute(name, value)
  }
  node.append(...children)
  return node
}

function csrfToken() {
  const input = document.querySelector("input[name=csrfmiddlewaretoken]")
  return input ? input.value : ""
}

// Says that pasted pictures were left out; offers to bring the first one into the library.
function notice(editor, options, sources) {
  const container = editor.view.dom.closest(".prose-editor") || editor.view.dom.parentNode
  let box = container.parentNode.querySelector(".library-notice")
  if (!box) {
    box = el("p", { class: "library-notice", role: "status" })
    container.parentNode.insertBefore(box, container)
  }
  box.replaceChildren(PASTE_NOTICE)
  const source = sources.find((src) => /^https?:\/\//i.test(src))
  if (source && options.uploadUrl) {
    const button = el("button", { type: "button", class: "button library-notice__import",
                                  text: "Importer l'image collée dans la médiathèque" })
    button.addEventListener("click", () => openPicker(editor, options, null, source))
    box.append(" ", button)
  }
}

// Addresses of the pictures in pasted or dropped HTML that are not library figures.
function foreignImages(html) {
  if (!html || !/<img[\s>]/i.test(html)) return []
  const doc = new DOMParser().parseFromString(html, "text/html")
  return [...doc.querySelectorAll("img")].filter((img) => !img.closest("figure[data-image-id]"))
    .map((img) => img.getAttribute("src") || "")
}

function openPicker(editor, options, current, pastedSource = "") {
  const dialog = el("dialog", { class: "library-picker", "aria-labelledby": "library-picker-title" })
  const title = el("h2", { id: "library-picker-title", text: current ? "Largeur de l'image" : "Insérer une image de la médiathèque" })
  const search = el("input", { type: "search", class: "library-picker__search", "aria-label": "Rechercher",
                               placeholder: "Rechercher : texte alternatif, légende, crédit, nom du fichier" })
  const results = el("ul", { class: "library-picker__results", "aria-live": "polite" })
  const width = el("select", { class: "library-picker__width", name: "library-width" },
                   ...WIDTHS.map(([value, label]) => el("option", { value, text: label })))
  width.value = current ? current.width : "text"
  const insert = el("button", { type: "button", class: "button default", disabled: !current,
                                text: current ? "Appliquer" : "Insérer" })
  const cancel = el("button", { type: "button", class: "button", text: "Annuler" })
  let chosen = null

  function choose(image, button) {
    chosen = image
    results.querySelectorAll("[aria-pressed]").forEach((b) => b.setAttribute("aria-pressed", "false"))
    button.setAttribute("aria-pressed", "true")
    insert.disabled = false
  }
  function show(images, message) {
    results.replaceChildren()
    if (!images.length) results.append(el("li", { text: message || "Aucune image ne correspond." }))
    for (const image of images) {
      const button = el("button", { type: "button", class: "library-picker__item", "aria-pressed": "false",
                                    "data-image-id": image.id },
                        el("img", { src: image.thumb, alt: "" }), el("span", { text: image.alt }))
      button.addEventListener("click", () => choose(image, button))
      results.append(el("li", {}, button))
    }
  }
  let pending = null
  function load() {
    const url = `${options.pickerUrl}?q=${encodeURIComponent(search.value)}`
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
      .then((data) => show(data.results))
      .catch(() => show([], "La médiathèque ne répond pas ; réessayez."))
  }
  search.addEventListener("input", () => {
    clearTimeout(pending)
    pending = setTimeout(load, 250)
  })

  // Upload on the spot: the picture lands in the library, then is chosen.
  const file = el("input", { type: "file", name: "file", accept: "image/jpeg,image/png,image/webp" })
  const address = el("input", { type: "url", name: "url", value: pastedSource, maxlength: "2000" })
  const alt = el("input", { type: "text", name: "alt", maxlength: "250" })
  const caption = el("input", { type: "text", name: "caption", maxlength: "300" })
  const credit = el("input", { type: "text", name: "credit", maxlength: "200" })
  const errors = el("ul", { class: "errorlist library-picker__errors", role: "alert" })
  const send = el("button", { type: "button", class: "button", text: "Envoyer dans la médiathèque" })
  const field = (label, input) => el("label", { class: "library-picker__field" }, el("span", { text: label }), input)
  const upload = el("details", { class: "library-picker__upload" },
    el("summary", { text: "Envoyer une nouvelle image" }),
    field("Fichier (JPEG, PNG ou WebP)", file),
    field("ou adresse d'une image d'un autre site (elle est copiée dans la médiathèque)", address),
    field("Texte alternatif (obligatoire)", alt),
    field("Légende", caption), field("Crédit", credit), errors, send)
  send.addEventListener("click", () => {
    const data = new FormData()
    if (file.files[0]) data.append("file", file.files[0])
    else data.append("url", address.value)
    data.append("alt", alt.value)
    data.append("caption", caption.value)
    data.append("credit", credit.value)
    errors.replaceChildren()
    send.disabled = true
    fetch(options.uploadUrl, { method: "POST", body: data, credentials: "same-origin",
                               headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" } })
      .then((response) => response.json().then((body) => ({ ok: response.ok, body })))
      .then(({ ok, body }) => {
        if (!ok) {
          for (const messages of Object.values(body.errors || {})) {
            for (const message of messages) errors.append(el("li", { text: message }))
          }
          return
        }
        upload.open = false
        file.value = address.value = alt.value = caption.value = credit.value = ""
        show([body.image])
        choose(body.image, results.querySelector("button"))
      })
      .catch(() => errors.append(el("li", { text: "L'envoi a échoué ; réessayez." })))
      .finally(() => { send.disabled = false })
  })

  function close() {
    dialog.close()
    dialog.remove()
    editor.commands.focus()
  }
  cancel.addEventListener("click", close)
  dialog.addEventListener("cancel", (event) => { event.preventDefault(); close() })
  insert.addEventListener("click", () => {
    if (current) {
      editor.chain().focus().updateAttributes("libraryFigure", { width: width.value }).run()
    } else if (chosen) {
      const caption = [chosen.caption, chosen.credit].filter(Boolean).join(" — ")
      editor.chain().focus().insertContent({
        type: "libraryFigure",
        attrs: { id: String(chosen.id), width: width.value, src: chosen.thumb, alt: chosen.alt, caption },
      }).run()
    }
    close()
  })

  const widthField = field("Largeur", width)
  dialog.append(title, ...(current ? [] : [search, results, upload]), widthField,
                el("div", { class: "library-picker__actions" }, insert, cancel))
  document.body.append(dialog)
  dialog.showModal()
  if (pastedSource) {
    upload.open = true
    alt.focus()
    load()
  } else if (!current) {
    load()
    search.focus()
  }
}

const fromFigure = (read) => ({ default: null, parseHTML: read, renderHTML: () => ({}) })

export const LibraryFigure = Node.create({
  name: "libraryFigure",
  group: "block",
  atom: true,
  draggable: true,
  selectable: true,

  addOptions() {
    return { pickerUrl: "", uploadUrl: "" }
  },

  addAttributes() {
    return {
      id: fromFigure((figure) => figure.getAttribute("data-image-id")),
      width: fromFigure((figure) => figure.getAttribute("data-width") || "text"),
      src: fromFigure((figure) => figure.querySelector("img")?.getAttribute("src") || ""),
      alt: fromFigure((figure) => figure.querySelector("img")?.getAttribute("alt") || ""),
      caption: fromFigure((figure) => figure.querySelector("figcaption")?.textContent || ""),
    }
  },

  parseHTML() {
    return [{ tag: "figure[data-image-id]" }]
  },

  renderHTML({ node }) {
    const { id, width, src, alt, caption } = node.attrs
    const figure = ["figure", { "data-image-id": id, "data-width": width || "text" }]
    if (src) figure.push(["img", { src, alt: alt || "" }])
    if (caption) figure.push(["figcaption", {}, caption])
    return figure
  },

  addMenuItems({ buttons, menu }) {
    const options = this.options
    menu.defineItem({
      name: "libraryFigure",
      groups: "nodes",
      command(editor) { openPicker(editor, options, null) },
      button: buttons.material("add_photo_alternate", "Image de la médiathèque"),
      enabled: () => Boolean(options.pickerUrl),
    })
    menu.defineItem({
      name: "libraryFigureWidth",
      groups: "nodes",
      command(editor) { openPicker(editor, options, editor.getAttributes("libraryFigure")) },
      button: buttons.material("photo_size_select_large", "Largeur de l'image"),
      hidden: (editor) => !editor.isActive("libraryFigure"),
    })
  },

  addProseMirrorPlugins() {
    const editor = this.editor
    const options = this.options
    const warn = (html) => {
      const sources = foreignImages(html)
      if (sources.length) notice(editor, options, sources)
      return false // the schema drops them; the rest of the paste goes on
    }
    return [
      new Plugin({
        props: {
          handlePaste: (view, event) => warn(event.clipboardData?.getData("text/html")),
          handleDrop: (view, event) => warn(event.dataTransfer?.getData("text/html")),
        },
      }),
    ]
  },
})

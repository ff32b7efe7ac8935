// The rich-text editor in French (django-prose-editor 0.28 translates its dialogs through
// gettext, but writes its menu in English: "Heading 2", "insert link", "Yes/No").
// An extension of our own, registered like the library figure (settings
// DJANGO_PROSE_EDITOR_EXTENSIONS, media_library/richtext.py): it runs after every other
// extension has defined its menu items, relabels them by name (button title, accessible name,
// the block type list's entries), and replaces the table dialog by one in French that starts
// with a header row (a magazine table has one); the editable area gets its field's label as
// its accessible name. No inline script or style (CSP).
import { Extension, updateAttrsDialog } from "django-prose-editor/editor"

// Menu item name -> its label (button tooltip and accessible name; the block type list's entry).
const LABELS = {
  heading1: "Titre de niveau 1",
  heading2: "Intertitre de niveau 2",
  heading3: "Intertitre de niveau 3",
  heading4: "Intertitre de niveau 4",
  heading5: "Intertitre de niveau 5",
  heading6: "Intertitre de niveau 6",
  paragraph: "Paragraphe",
  bulletList: "Liste à puces",
  orderedList: "Liste numérotée",
  orderedListProperties: "Propriétés de la liste",
  blockquote: "Citation",
  horizontalRule: "Ligne de séparation",
  figure: "Image",
  bold: "Gras",
  italic: "Italique",
  underline: "Souligné",
  strike: "Barré",
  subscript: "Indice",
  superscript: "Exposant",
  "textAlign:left": "Aligner à gauche",
  "textAlign:center": "Centrer",
  "textAlign:right": "Aligner à droite",
  "textAlign:justify": "Justifier",
  link: "Insérer un lien",
  unlink: "Retirer le lien",
  table: "Insérer un tableau",
  "table:addColumnAfter": "Ajouter une colonne après",
  "table:deleteColumn": "Supprimer la colonne",
  "table:addRowAfter": "Ajouter une ligne après",
  "table:deleteRow": "Supprimer la ligne",
  "table:mergeCells": "Fusionner les cellules",
  "table:splitCell": "Séparer la cellule",
  "table:toggleHeaderCell": "Cellule d'en-tête ou non",
  "table:deleteTable": "Supprimer le tableau",
  "history:undo": "Annuler",
  "history:redo": "Rétablir",
  html: "Modifier le HTML",
  fullscreen: "Plein écran",
}

// Shorter entries in the block type list (the button keeps the longer, explicit label).
const OPTIONS = { heading2: "Intertitre 2", heading3: "Intertitre 3", heading4: "Intertitre 4" }

const YES = "Oui"
const NO = "Non"

const tableDialog = updateAttrsDialog(
  {
    rows: { type: "number", title: "Lignes", format: "number", default: "3", min: "1", max: "100" },
    cols: { type: "number", title: "Colonnes", format: "number", default: "3", min: "1", max: "100" },
    withHeaderRow: { title: "Première ligne d'en-tête", enum: [YES, NO], default: YES },
  },
  { title: "Insérer un tableau", submitText: "Insérer le tableau" },
)

export const FrenchLabels = Extension.create({
  name: "frenchLabels",
  // Last of all: the menu reads the extensions in priority order, so every item is defined when
  // ours are relabelled, and this extension's command replaces the table's.
  priority: 1,

  addMenuItems({ _definedItems: items }) {
    for (const [name, item] of Object.entries(items || {})) {
      const label = LABELS[name]
      if (!label) continue
      if (item.button) {
        item.button.title = label
        item.button.setAttribute("aria-label", label)
      }
      if (item.option) item.option.textContent = OPTIONS[name] || label
    }
  },

  // The editable area is a textbox for screen readers: it takes its field's label (« Texte »).
  onCreate() {
    const dom = this.editor.view.dom
    const textarea = (dom.closest(".prose-editor") || dom.parentElement)?.querySelector("textarea")
    const label = textarea?.id && document.querySelector(`label[for="${CSS.escape(textarea.id)}"]`)
    if (label && !dom.hasAttribute("aria-label")) {
      dom.setAttribute("aria-label", label.textContent.replace(/[\s\u00a0\u202f]*:\s*$/, "").trim())
    }
  },

  addCommands() {
    return {
      insertTableWithOptions:
        () =>
        ({ editor }) => {
          tableDialog(editor, { rows: "3", cols: "3", withHeaderRow: YES }).then((attrs) => {
            if (!attrs) return
            editor.chain().focus().insertTable({
              rows: Number.parseInt(attrs.rows, 10) || 3,
              cols: Number.parseInt(attrs.cols, 10) || 3,
              withHeaderRow: attrs.withHeaderRow !== NO,
            }).run()
          })
          return true
        },
    }
  },
})

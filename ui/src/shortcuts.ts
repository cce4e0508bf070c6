// The keyboard shortcuts, listed in one place and shown by "?".
import { closeModal, el, openModal } from "./dom";

export type ShortcutId =
  | "next"
  | "previous"
  | "open"
  | "search"
  | "back"
  | "save"
  | "mark-claim"
  | "claim-card"
  | "compare"
  | "wire-changes"
  | "merge"
  | "history"
  | "export"
  | "cleaning"
  | "view-mode"
  | "open-files"
  | "preferences"
  | "shortcuts";

export interface Shortcut {
  id: ShortcutId;
  /** What binds it: `KeyboardEvent.key` values, or ProseMirror key names
   *  ("Mod-s") for the editor's own keys. The overlay shows them as labels. */
  keys: string[];
  action: string;
  /** Where it works. */
  where: "Inbox" | "Story" | "Compare" | "Anywhere";
}

/** Every shortcut: the window, the editor and the compare view bind their
 *  keys from here, and the "?" overlay lists them from here. */
export const SHORTCUTS: Shortcut[] = [
  { id: "next", keys: ["j", "ArrowDown"], action: "Next story", where: "Inbox" },
  { id: "previous", keys: ["k", "ArrowUp"], action: "Previous story", where: "Inbox" },
  { id: "open", keys: ["Enter"], action: "Open the selected story", where: "Inbox" },
  { id: "search", keys: ["/"], action: "Search", where: "Anywhere" },
  { id: "back", keys: ["Escape"], action: "Clear the search, back to the inbox", where: "Anywhere" },
  { id: "save", keys: ["Mod-s"], action: "Save the story as a new revision", where: "Story" },
  { id: "mark-claim", keys: ["Mod-Shift-m", "Mod-Shift-M"], action: "Mark the selected words as a claim", where: "Story" },
  { id: "claim-card", keys: ["Alt-Enter"], action: "Go to the card of the claim at the cursor", where: "Story" },
  { id: "compare", keys: ["c"], action: "Compare the story with the agency's original (or any two revisions)", where: "Story" },
  { id: "wire-changes", keys: ["w"], action: "What the agency changed in its newest version", where: "Story" },
  { id: "merge", keys: ["m"], action: "Merge the agency's update into the desk's copy", where: "Story" },
  { id: "history", keys: ["h"], action: "History: revisions, exports, restore", where: "Story" },
  { id: "export", keys: ["e"], action: "Export (the gate, the report, ClaimReview)", where: "Story" },
  { id: "cleaning", keys: ["r"], action: "What cleaning removed from the agency's copy; restore a passage", where: "Story" },
  { id: "view-mode", keys: ["v"], action: "Switch inline / side by side", where: "Compare" },
  { id: "open-files", keys: ["o"], action: "Open files to ingest", where: "Anywhere" },
  { id: "preferences", keys: ["p"], action: "Preferences", where: "Anywhere" },
  { id: "shortcuts", keys: ["?"], action: "Show these shortcuts", where: "Anywhere" },
];

/** The keys that bind shortcut `id`. */
export function shortcutKeys(id: ShortcutId): string[] {
  return SHORTCUTS.find((s) => s.id === id)?.keys ?? [];
}

/** The shortcut an unmodified key press stands for, among `ids`. */
export function shortcutFor<Id extends ShortcutId>(key: string, ids: readonly Id[]): Id | undefined {
  return ids.find((id) => shortcutKeys(id).includes(key));
}

const KEY_LABELS: Record<string, string> = { ArrowDown: "↓", ArrowUp: "↑", Escape: "Esc" };

/** How the overlay writes a key: "↓", "Esc", "Ctrl+Shift+M". */
export function keyLabel(key: string): string {
  if (KEY_LABELS[key]) return KEY_LABELS[key];
  if (!key.includes("-") || key.length === 1) return key;
  const parts = key.split("-");
  const last = parts.pop()!;
  return [...parts.map((p) => (p === "Mod" ? "Ctrl" : p)), last.length === 1 ? last.toUpperCase() : last].join("+");
}

/** The "?" overlay: every shortcut, by where it works. */
export class ShortcutsOverlay {
  readonly dialog: HTMLDialogElement;

  constructor() {
    const close = el("button", { type: "button", "data-testid": "shortcuts-close" }, "Close");
    const groups = (["Inbox", "Story", "Compare", "Anywhere"] as const).map((where) =>
      el(
        "section",
        { class: "shortcut-group" },
        el("h3", {}, where),
        el(
          "dl",
          {},
          ...SHORTCUTS.filter((s) => s.where === where).flatMap((s) => [
            el(
              "dt",
              {},
              ...[...new Set(s.keys.map(keyLabel))].flatMap((k, i) => [i > 0 ? " or " : "", el("kbd", {}, k)]),
            ),
            el("dd", {}, s.action),
          ]),
        ),
      ),
    );
    this.dialog = el(
      "dialog",
      { class: "shortcuts-dialog", "data-testid": "shortcuts", "aria-label": "Keyboard shortcuts" },
      el("h2", {}, "Keyboard shortcuts"),
      ...groups,
      el("div", { class: "actions" }, close),
    );
    close.addEventListener("click", () => this.close());
  }

  get isOpen(): boolean {
    return this.dialog.open || this.dialog.hasAttribute("open");
  }

  open(): void {
    openModal(this.dialog);
  }

  close(): void {
    closeModal(this.dialog);
  }
}

// The keyboard shortcuts, listed in one place and shown by "?".
import { closeModal, el, openModal } from "./dom";

export interface Shortcut {
  keys: string[];
  action: string;
  /** Where it works. */
  where: "Inbox" | "Story" | "Compare" | "Anywhere";
}

export const SHORTCUTS: Shortcut[] = [
  { keys: ["j", "↓"], action: "Next story", where: "Inbox" },
  { keys: ["k", "↑"], action: "Previous story", where: "Inbox" },
  { keys: ["Enter"], action: "Open the selected story", where: "Inbox" },
  { keys: ["/"], action: "Search", where: "Anywhere" },
  { keys: ["Esc"], action: "Clear the search, back to the inbox", where: "Anywhere" },
  { keys: ["Ctrl+S"], action: "Save the story as a new revision", where: "Story" },
  { keys: ["Ctrl+Shift+M"], action: "Mark the selected words as a claim", where: "Story" },
  { keys: ["Alt+Enter"], action: "Go to the card of the claim at the cursor", where: "Story" },
  { keys: ["c"], action: "Compare the story with the agency's original (or any two revisions)", where: "Story" },
  { keys: ["w"], action: "What the agency changed in its newest version", where: "Story" },
  { keys: ["m"], action: "Merge the agency's update into the desk's copy", where: "Story" },
  { keys: ["h"], action: "History: revisions, exports, restore", where: "Story" },
  { keys: ["e"], action: "Export (the gate, the report, ClaimReview)", where: "Story" },
  { keys: ["r"], action: "What cleaning removed from the agency's copy; restore a passage", where: "Story" },
  { keys: ["v"], action: "Switch inline / side by side", where: "Compare" },
  { keys: ["o"], action: "Open files to ingest", where: "Anywhere" },
  { keys: ["p"], action: "Preferences", where: "Anywhere" },
  { keys: ["?"], action: "Show these shortcuts", where: "Anywhere" },
];

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
            el("dt", {}, ...s.keys.flatMap((k, i) => [i > 0 ? " or " : "", el("kbd", {}, k)])),
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

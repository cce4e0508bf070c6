// The editor's state: plugins that keep the fixed lines fixed, show integrity
// findings and house style matches as decorations, undo, and the desk's keys.
import { baseKeymap, chainCommands } from "prosemirror-commands";
import { history, redo, undo } from "prosemirror-history";
import { keymap } from "prosemirror-keymap";
import type { Node } from "prosemirror-model";
import { EditorState, Plugin, PluginKey, TextSelection, type Command, type Transaction } from "prosemirror-state";
import { Decoration, DecorationSet } from "prosemirror-view";
import { findBody } from "./document";
import { schema } from "./schema";
import { stylePlugin } from "./style-marks";
import { shortcutKeys, type ShortcutId } from "../shortcuts";

const LOCKED = new Set(["dateline", "byline", "credit"]);

/** Whether `tr` would change, remove or split a node the desk may not edit
 *  (dateline, byline, credit) or remove the headline. */
export function touchesLocked(tr: Transaction): boolean {
  return tr.steps.some((step, i) => {
    const before = tr.docs[i];
    const locked: { from: number; to: number }[] = [];
    before.forEach((node, pos) => {
      if (LOCKED.has(node.type.name)) locked.push({ from: pos, to: pos + node.nodeSize });
    });
    if (locked.length === 0) return false;
    let hit = false;
    step.getMap().forEach((oldStart, oldEnd) => {
      for (const l of locked) {
        if (oldEnd > oldStart ? oldStart < l.to && oldEnd > l.from : oldStart > l.from && oldStart < l.to) hit = true;
      }
    });
    return hit;
  });
}

export const lockPlugin = new Plugin({
  filterTransaction: (tr) => !tr.docChanged || !touchesLocked(tr),
});

export interface FindingRange {
  from: number;
  to: number;
  message: string;
}

export const integrityKey = new PluginKey<DecorationSet>("integrity");

export function integrityDecorations(doc: Node, ranges: FindingRange[]): DecorationSet {
  return DecorationSet.create(
    doc,
    ranges.map((r) =>
      Decoration.inline(r.from, r.to, {
        class: "integrity",
        title: r.message,
        "aria-label": r.message,
        "data-testid": "integrity-mark",
      }),
    ),
  );
}

/** Integrity findings, set with `tr.setMeta(integrityKey, set)`, follow the edits. */
export const integrityPlugin = new Plugin<DecorationSet>({
  key: integrityKey,
  state: {
    init: () => DecorationSet.empty,
    apply: (tr, set) => (tr.getMeta(integrityKey) as DecorationSet | undefined) ?? set.map(tr.mapping, tr.doc),
  },
  props: {
    decorations: (state) => integrityKey.getState(state),
  },
});

/** Whether the DOM can measure text, so a view can scroll to a selection
 *  (a test DOM cannot). */
export function canMeasure(): boolean {
  return typeof Range !== "undefined" && typeof Range.prototype.getClientRects === "function";
}

/** Enter in the headline goes to the start of the body. */
export const headlineEnter: Command = (state, dispatch) => {
  const { $from } = state.selection;
  if ($from.parent.type !== schema.nodes.headline) return false;
  if (dispatch) {
    const body = findBody(state.doc);
    const tr = state.tr.setSelection(TextSelection.near(state.doc.resolve(body.pos + 1)));
    dispatch(canMeasure() ? tr.scrollIntoView() : tr);
  }
  return true;
};

export interface EditorCommands {
  save: () => void;
  markClaim: () => void;
  focusClaim: () => boolean;
}

/** The editor's keys for shortcut `id`, as the shortcut table has them. */
function bind(id: ShortcutId, command: Command): Record<string, Command> {
  return Object.fromEntries(shortcutKeys(id).map((key) => [key, command]));
}

export function createState(doc: Node, commands: EditorCommands): EditorState {
  const run = (f: () => void): Command => () => {
    f();
    return true;
  };
  return EditorState.create({
    doc,
    selection: TextSelection.atStart(doc),
    plugins: [
      lockPlugin,
      integrityPlugin,
      stylePlugin,
      history(),
      keymap({
        "Mod-z": undo,
        "Mod-y": redo,
        "Shift-Mod-z": redo,
        ...bind("save", run(commands.save)),
        ...bind("mark-claim", run(commands.markClaim)),
        ...bind("claim-card", () => commands.focusClaim()),
        Enter: chainCommands(headlineEnter, baseKeymap.Enter),
      }),
      keymap(baseKeymap),
    ],
  });
}

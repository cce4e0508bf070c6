// House style matches as decorations over the text: a wavy underline per
// match, carried through edits until the next check replaces them. They are
// decorations, not marks: never saved, and claim marks are never touched.
// A fix replaces a match's words with a transaction like any edit.
import type { Node } from "prosemirror-model";
import { Plugin, PluginKey, type EditorState, type Transaction } from "prosemirror-state";
import { ReplaceAroundStep, ReplaceStep } from "prosemirror-transform";
import { Decoration, DecorationSet } from "prosemirror-view";
import type { StyleMatch } from "../ipc";
import { savedBody, scalarSpanRanges } from "./claims";

/** What each style decoration carries: which match of the check it shows
 *  (its index there) and the words it covered when checked. */
interface StyleSpec {
  styleMatch: number;
  text: string;
}

/** A one-click fix: match `id`'s words become `text`. */
export interface StyleFix {
  id: number;
  text: string;
}

type StyleMeta = { set: DecorationSet } | { remove: number[] };

export const styleKey = new PluginKey<DecorationSet>("style");

/** Spelling and names read red; the other rules by their severity. */
export function styleMarkClass(match: Pick<StyleMatch, "kind" | "severity">): string {
  const spelling = match.kind === "spelling" || match.kind === "names";
  return `style-mark style-${match.severity}${spelling ? " style-spelling" : ""}`;
}

/** The decorations of `matches`, whose offsets (Unicode scalar values) point
 *  into the body `doc` serialises to: one per paragraph a match covers. */
export function styleDecorations(doc: Node, matches: StyleMatch[]): DecorationSet {
  const body = savedBody(doc);
  return DecorationSet.create(
    doc,
    matches.flatMap((match, id) =>
      scalarSpanRanges(body, match).map((r) =>
        Decoration.inline(
          r.from,
          r.to,
          {
            class: styleMarkClass(match),
            "data-testid": "style-mark",
            "data-rule": match.rule,
            "data-style-match": String(id),
            title: match.message,
          },
          { styleMatch: id, text: match.text } satisfies StyleSpec,
        ),
      ),
    ),
  );
}

/** Style matches follow the edits; `setStyleMatches` replaces them. */
export const stylePlugin = new Plugin<DecorationSet>({
  key: styleKey,
  state: {
    init: () => DecorationSet.empty,
    apply: (tr, set) => {
      const meta = tr.getMeta(styleKey) as StyleMeta | undefined;
      if (meta && "set" in meta) return meta.set;
      const mapped = set.map(tr.mapping, tr.doc);
      if (!meta) return mapped;
      return mapped.remove(mapped.find(undefined, undefined, (spec: StyleSpec) => meta.remove.includes(spec.styleMatch)));
    },
  },
  props: {
    decorations: (state) => styleKey.getState(state),
  },
});

/** `tr`, showing `matches` (checked against the body of `tr.doc`). */
export function setStyleMatches(tr: Transaction, matches: StyleMatch[]): Transaction {
  return tr.setMeta(styleKey, { set: styleDecorations(tr.doc, matches) } satisfies StyleMeta).setMeta("addToHistory", false);
}

/** Whether `tr` changes the text (not only its marks): what makes a check stale. */
export function editsText(tr: Transaction): boolean {
  return tr.steps.some((step) => step instanceof ReplaceStep || step instanceof ReplaceAroundStep);
}

/** Where match `id` is now, with the words it covered when checked; null
 *  when an edit took it out. */
export function matchRange(state: EditorState, id: number): { from: number; to: number; text: string } | null {
  const found = (styleKey.getState(state) ?? DecorationSet.empty).find(
    undefined,
    undefined,
    (spec: StyleSpec) => spec.styleMatch === id,
  );
  if (found.length === 0) return null;
  return {
    from: Math.min(...found.map((d) => d.from)),
    to: Math.max(...found.map((d) => d.to)),
    text: (found[0].spec as StyleSpec).text,
  };
}

/** The matches shown at position `pos`. */
export function matchesAt(state: EditorState, pos: number): number[] {
  const set = styleKey.getState(state) ?? DecorationSet.empty;
  return set.find(pos, pos).map((d) => (d.spec as StyleSpec).styleMatch);
}

/** One transaction making `fixes`, applied from the end of the text so the
 *  positions of those before stay valid. A fix is left out when its words
 *  were edited since the check, or it overlaps one already made. */
export function applyFixes(state: EditorState, fixes: StyleFix[]): { tr: Transaction; applied: number[]; skipped: number[] } {
  const placed = fixes.flatMap((fix) => {
    const range = matchRange(state, fix.id);
    return range && state.doc.textBetween(range.from, range.to, "\n\n") === range.text
      ? [{ id: fix.id, text: fix.text, from: range.from, to: range.to }]
      : [];
  });
  placed.sort((a, b) => b.from - a.from);
  const tr = state.tr;
  const applied: number[] = [];
  let limit = Infinity;
  for (const fix of placed) {
    if (fix.to > limit) continue;
    if (fix.text === "") tr.delete(fix.from, fix.to);
    else tr.insertText(fix.text, fix.from, fix.to);
    applied.push(fix.id);
    limit = fix.from;
  }
  tr.setMeta(styleKey, { remove: applied } satisfies StyleMeta);
  const skipped = fixes.map((f) => f.id).filter((id) => !applied.includes(id));
  return { tr, applied, skipped };
}

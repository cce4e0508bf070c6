// Claims as marks in the editor, and a selection as a claim's span.
import type { Mark, Node } from "prosemirror-model";
import type { Transaction } from "prosemirror-state";
import type { Mappable } from "prosemirror-transform";
import type { Claim } from "../ipc";
import { spanToScalar, spanToUtf16 } from "../offsets";
import { serializeDoc } from "./document";
import { bodyBlocks, posToOffset, spanToRanges, type Block } from "./positions";
import { knownStatus, schema } from "./schema";

/** The saved text that the core's offsets point into, as the editor held it. */
export interface SavedBody {
  body: string;
  blocks: Block[];
}

export function savedBody(doc: Node): SavedBody {
  return { body: serializeDoc(doc).body, blocks: bodyBlocks(doc) };
}

/** Whether a claim is highlighted in the text (dismissed and detached ones are not). */
export function isMarked(claim: Pick<Claim, "dismissed" | "detached">): boolean {
  return !claim.dismissed && !claim.detached;
}

/** Where a scalar span of the saved body is in the document now: one range per
 *  paragraph it covers, carried through `mapping` (the edits since the save). */
export function scalarSpanRanges(
  saved: SavedBody,
  span: { start: number; end: number },
  mapping?: Mappable,
): { from: number; to: number }[] {
  if (!(span.end > span.start) || span.start < 0) return [];
  const { from, to } = spanToUtf16(saved.body, span);
  return spanToRanges(saved.blocks, from, to)
    .map((r) => (mapping ? { from: mapping.map(r.from, 1), to: mapping.map(r.to, -1) } : r))
    .filter((r) => r.to > r.from);
}

export function claimMark(claim: Pick<Claim, "id" | "status" | "kind">): Mark {
  return schema.marks.claim.create({ id: claim.id, status: knownStatus(claim.status), kind: claim.kind });
}

/** Replaces every claim mark with those of `claims`. */
export function setClaimMarks(
  tr: Transaction,
  saved: SavedBody,
  claims: Claim[],
  mapping?: Mappable,
): Transaction {
  tr.removeMark(0, tr.doc.content.size, schema.marks.claim);
  for (const claim of claims) {
    if (!isMarked(claim)) continue;
    for (const r of scalarSpanRanges(saved, claim, mapping)) tr.addMark(r.from, r.to, claimMark(claim));
  }
  return tr.setMeta("addToHistory", false);
}

/** The ranges where claim `id` is marked now, with its mark. */
export function markedRanges(doc: Node, id: number): { from: number; to: number; mark: Mark }[] {
  const out: { from: number; to: number; mark: Mark }[] = [];
  doc.descendants((node, pos) => {
    if (!node.isText) return true;
    for (const mark of node.marks) {
      if (mark.type !== schema.marks.claim || mark.attrs.id !== id) continue;
      const last = out[out.length - 1];
      if (last && last.to === pos && last.mark.eq(mark)) last.to = pos + node.nodeSize;
      else out.push({ from: pos, to: pos + node.nodeSize, mark });
    }
    return false;
  });
  return out;
}

/** Gives claim `claim.id`'s marks its current status and kind. */
export function restyleClaim(tr: Transaction, claim: Pick<Claim, "id" | "status" | "kind">): Transaction {
  const next = claimMark(claim);
  for (const r of markedRanges(tr.doc, claim.id)) {
    if (r.mark.eq(next)) continue;
    tr.removeMark(r.from, r.to, r.mark);
    tr.addMark(r.from, r.to, next);
  }
  return tr.setMeta("addToHistory", false);
}

export function removeClaimMarks(tr: Transaction, id: number): Transaction {
  for (const r of markedRanges(tr.doc, id)) tr.removeMark(r.from, r.to, r.mark);
  return tr.setMeta("addToHistory", false);
}

/** The id of the innermost claim at `pos`, if any. */
export function claimAt(doc: Node, pos: number): number | null {
  const $pos = doc.resolve(pos);
  const marks = $pos.marks();
  for (let i = marks.length - 1; i >= 0; i--) {
    if (marks[i].type === schema.marks.claim) return Number(marks[i].attrs.id);
  }
  return null;
}

export type SpanResult = { start: number; end: number } | { error: string };

/** A selection [from, to) of `doc` as a scalar span of the body it
 *  serialises to, with the white space at its edges left out. */
export function selectionSpan(doc: Node, from: number, to: number): SpanResult {
  if (to <= from) return { error: "Select the words to mark as a claim first." };
  const blocks = bodyBlocks(doc);
  const a = posToOffset(blocks, from);
  const z = posToOffset(blocks, to);
  if (a === null || z === null) return { error: "Select text in the story body (not the headline) to mark a claim." };
  const body = serializeDoc(doc).body;
  let start = a;
  let end = z;
  while (start < end && /\s/.test(body[start])) start++;
  while (end > start && /\s/.test(body[end - 1])) end--;
  if (end <= start) return { error: "Select the words to mark as a claim first." };
  return spanToScalar(body, { from: start, to: end });
}

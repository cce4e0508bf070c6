// Body offsets ↔ editor positions. A body offset counts UTF-16 code units
// into the body string (paragraphs joined with a blank line); a position is
// ProseMirror's, counting node boundaries. Offsets from the core are scalar
// values and become UTF-16 in ../offsets.ts first; this module never changes
// the unit.
import type { Node } from "prosemirror-model";
import { bodyParagraphs, PARAGRAPH_BREAK } from "./document";

/** One body paragraph: its span [start, end) in the body string and the
 *  position where its text starts in the document. */
export interface Block {
  start: number;
  end: number;
  pos: number;
}

export function bodyBlocks(doc: Node): Block[] {
  const blocks: Block[] = [];
  let start = 0;
  for (const p of bodyParagraphs(doc)) {
    const length = p.node.textContent.length;
    blocks.push({ start, end: start + length, pos: p.pos + 1 });
    start += length + PARAGRAPH_BREAK.length;
  }
  return blocks;
}

/** The position of body offset `offset`. An offset inside a paragraph break
 *  goes to the end of the paragraph before it when `assoc` < 0, else to the
 *  start of the one after. Offsets past the end clamp to the end. */
export function offsetToPos(blocks: Block[], offset: number, assoc: -1 | 1 = 1): number {
  if (blocks.length === 0) throw new Error("a body has at least one paragraph");
  if (offset <= 0) return blocks[0].pos;
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i];
    if (offset <= b.end) {
      if (offset >= b.start) return b.pos + (offset - b.start);
      // In the break before b.
      return assoc < 0 ? blocks[i - 1].pos + (blocks[i - 1].end - blocks[i - 1].start) : b.pos;
    }
  }
  const last = blocks[blocks.length - 1];
  return last.pos + (last.end - last.start);
}

/** The body offset of position `pos`, or null when `pos` is not inside a
 *  body paragraph (the headline, the credit, between two paragraphs). */
export function posToOffset(blocks: Block[], pos: number): number | null {
  for (const b of blocks) {
    if (pos >= b.pos && pos <= b.pos + (b.end - b.start)) return b.start + (pos - b.pos);
  }
  return null;
}

/** A body span [from, to) as document ranges, one per paragraph it touches;
 *  the paragraph breaks themselves are left out. Empty pieces are dropped. */
export function spanToRanges(blocks: Block[], from: number, to: number): { from: number; to: number }[] {
  const out: { from: number; to: number }[] = [];
  for (const b of blocks) {
    const a = Math.max(from, b.start);
    const z = Math.min(to, b.end);
    if (z > a) out.push({ from: b.pos + (a - b.start), to: b.pos + (z - b.start) });
  }
  return out;
}

// Story text ↔ editor document. The editor is built from the core's
// structured text, never from HTML: every piece of wire text becomes a text
// node through `schema.text`.
import { Fragment, type Node } from "prosemirror-model";
import type { Transaction } from "prosemirror-state";
import type { StoryDetail } from "../ipc";
import { schema } from "./schema";

/** What the core saves: the headline and the body, paragraphs separated by a blank line. */
export interface StoryText {
  headline: string;
  body: string;
}

export const PARAGRAPH_BREAK = "\n\n";

/** The body's paragraphs. Splitting on exactly one blank line and joining
 *  again gives back the same string, so offsets into the body stay exact. */
export function splitBody(body: string): string[] {
  return body.split(PARAGRAPH_BREAK);
}

function textContent(text: string): Node[] {
  return text === "" ? [] : [schema.text(text)];
}

function paragraph(text: string): Node {
  return schema.nodes.paragraph.create(null, textContent(text));
}

export function docFromStory(
  story: Pick<StoryDetail, "headline" | "dateline" | "byline" | "body" | "credit">,
): Node {
  const n = schema.nodes;
  const children: Node[] = [n.headline.create(null, textContent(story.headline))];
  if (story.dateline) children.push(n.dateline.create({ text: story.dateline }));
  if (story.byline) children.push(n.byline.create({ text: story.byline }));
  children.push(n.body.create(null, splitBody(story.body).map(paragraph)));
  if (story.credit) children.push(n.credit.create({ text: story.credit }));
  return n.doc.create(null, children);
}

/** The body node and its position in `doc`. */
export function findBody(doc: Node): { node: Node; pos: number } {
  let found: { node: Node; pos: number } | null = null;
  doc.forEach((child, offset) => {
    if (child.type === schema.nodes.body) found = { node: child, pos: offset };
  });
  if (!found) throw new Error("the story document has no body");
  return found;
}

/** The body's paragraphs (those inside block quotes too), in order. */
export function bodyParagraphs(doc: Node): { node: Node; pos: number }[] {
  const body = findBody(doc);
  const out: { node: Node; pos: number }[] = [];
  body.node.descendants((node, pos) => {
    if (node.type === schema.nodes.paragraph) {
      out.push({ node, pos: body.pos + 1 + pos });
      return false;
    }
    return true;
  });
  return out;
}

/** What saving the document sends to the core. */
export function serializeDoc(doc: Node): StoryText {
  return {
    headline: doc.firstChild!.textContent,
    body: bodyParagraphs(doc)
      .map((p) => p.node.textContent)
      .join(PARAGRAPH_BREAK),
  };
}

/** Changes the document in `tr` to hold `text`, touching only what differs:
 *  the headline if it changed, and in the body the changed words when they sit
 *  in one paragraph, else the run of paragraphs that changed. Marks elsewhere
 *  stay where they are. */
export function replaceText(tr: Transaction, text: StoryText): Transaction {
  const current = serializeDoc(tr.doc);
  if (current.headline !== text.headline) {
    const headline = tr.doc.firstChild!;
    tr.replaceWith(1, 1 + headline.content.size, Fragment.fromArray(textContent(text.headline)));
  }
  if (current.body === text.body) return tr;
  if (replaceWithinParagraph(tr, current.body, text.body)) return tr;
  const body = findBody(tr.doc);
  const next = splitBody(text.body);
  const hasQuotes = bodyParagraphs(tr.doc).length !== body.node.childCount;
  if (hasQuotes) {
    tr.replaceWith(body.pos + 1, body.pos + 1 + body.node.content.size, next.map(paragraph));
    return tr;
  }
  const old = splitBody(current.body);
  let prefix = 0;
  while (prefix < old.length && prefix < next.length && old[prefix] === next[prefix]) prefix++;
  let suffix = 0;
  while (
    suffix < old.length - prefix &&
    suffix < next.length - prefix &&
    old[old.length - 1 - suffix] === next[next.length - 1 - suffix]
  ) {
    suffix++;
  }
  // Positions of the old paragraphs [prefix, old.length - suffix).
  let from = body.pos + 1;
  for (let i = 0; i < prefix; i++) from += body.node.child(i).nodeSize;
  let to = from;
  for (let i = prefix; i < old.length - suffix; i++) to += body.node.child(i).nodeSize;
  tr.replaceWith(from, to, next.slice(prefix, next.length - suffix).map(paragraph));
  return tr;
}

/** When `old` and `next` differ inside one paragraph only, replaces just the
 *  differing characters there. */
function replaceWithinParagraph(tr: Transaction, old: string, next: string): boolean {
  let prefix = 0;
  const max = Math.min(old.length, next.length);
  while (prefix < max && old[prefix] === next[prefix]) prefix++;
  let suffix = 0;
  while (suffix < max - prefix && old[old.length - 1 - suffix] === next[next.length - 1 - suffix]) suffix++;
  const inserted = next.slice(prefix, next.length - suffix);
  if (inserted.includes(PARAGRAPH_BREAK)) return false;
  const from = prefix;
  const to = old.length - suffix;
  let start = 0;
  for (const p of bodyParagraphs(tr.doc)) {
    const end = start + p.node.textContent.length;
    if (from >= start && to <= end) {
      const a = p.pos + 1 + (from - start);
      const z = p.pos + 1 + (to - start);
      if (inserted === "") tr.delete(a, z);
      else tr.insertText(inserted, a, z);
      return true;
    }
    start = end + PARAGRAPH_BREAK.length;
  }
  return false;
}

// The story editor's document: what the core stores for a revision, as
// ProseMirror nodes. Only the headline and the body paragraphs are editable;
// dateline, byline and credit are shown as they are (the core saves headline
// and body only), as leaf nodes whose text lives in an attribute.
import { Schema, type DOMOutputSpec, type Mark, type Node } from "prosemirror-model";
import { CLAIM_STATUSES, type ClaimStatus } from "../ipc";

/** Only http(s) links are ever rendered or parsed. */
export function safeHref(href: unknown): string | null {
  if (typeof href !== "string") return null;
  const trimmed = href.trim();
  return /^https?:\/\/[^\s]+$/i.test(trimmed) ? trimmed : null;
}

/** A status from the core as a class-name-safe status. */
export function knownStatus(status: unknown): ClaimStatus {
  return (CLAIM_STATUSES as readonly unknown[]).includes(status) ? (status as ClaimStatus) : "unchecked";
}

function fixedLine(cls: string, testid: string) {
  return {
    attrs: { text: { default: "" } },
    atom: true,
    selectable: false,
    draggable: false,
    toDOM: (node: Node): DOMOutputSpec => [
      "p",
      { class: `${cls} story-fixed`, "data-testid": testid, contenteditable: "false" },
      String(node.attrs.text),
    ],
  };
}

export const schema = new Schema({
  nodes: {
    doc: { content: "headline dateline? byline? body credit?" },
    headline: {
      content: "text*",
      marks: "",
      defining: true,
      toDOM: (): DOMOutputSpec => ["h1", { class: "story-headline", "data-testid": "story-headline" }, 0],
    },
    dateline: fixedLine("story-dateline", "story-dateline"),
    byline: fixedLine("story-byline", "story-byline"),
    body: {
      content: "(paragraph | blockquote)+",
      toDOM: (): DOMOutputSpec => ["div", { class: "story-body", "data-testid": "story-body" }, 0],
    },
    paragraph: {
      content: "text*",
      parseDOM: [{ tag: "p" }],
      toDOM: (): DOMOutputSpec => ["p", 0],
    },
    blockquote: {
      content: "paragraph+",
      defining: true,
      parseDOM: [{ tag: "blockquote" }],
      toDOM: (): DOMOutputSpec => ["blockquote", 0],
    },
    credit: fixedLine("story-credit", "story-credit"),
    text: {},
  },
  marks: {
    // First, so that a claim's span wraps any emphasis inside it.
    claim: {
      attrs: { id: {}, status: { default: "unchecked" }, kind: { default: "statement" } },
      inclusive: false,
      excludes: "",
      // No parse rule: a pasted span never becomes a claim.
      toDOM: (mark: Mark): DOMOutputSpec => {
        const status = knownStatus(mark.attrs.status);
        return [
          "span",
          {
            class: `claim claim-${status}`,
            "data-testid": "claim-mark",
            "data-claim-id": String(mark.attrs.id),
            "data-status": status,
            "data-kind": String(mark.attrs.kind),
            title: `${String(mark.attrs.kind)} claim: ${status}`,
          },
          0,
        ];
      },
    },
    link: {
      attrs: { href: {} },
      inclusive: false,
      parseDOM: [
        {
          tag: "a[href]",
          getAttrs: (dom: HTMLElement) => {
            const href = safeHref(dom.getAttribute("href"));
            return href ? { href } : false;
          },
        },
      ],
      toDOM: (mark: Mark): DOMOutputSpec => {
        const href = safeHref(mark.attrs.href);
        return ["a", href ? { href, rel: "noopener noreferrer", title: href } : {}, 0];
      },
    },
    em: {
      parseDOM: [{ tag: "i" }, { tag: "em" }],
      toDOM: (): DOMOutputSpec => ["em", 0],
    },
    strong: {
      parseDOM: [{ tag: "strong" }, { tag: "b" }],
      toDOM: (): DOMOutputSpec => ["strong", 0],
    },
  },
});

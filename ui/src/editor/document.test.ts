import { EditorState } from "prosemirror-state";
import { docFromStory, replaceText, serializeDoc, splitBody } from "./document";
import { lockPlugin, touchesLocked } from "./editor";
import { safeHref, schema } from "./schema";
import { DOMSerializer } from "prosemirror-model";

const base = {
  headline: "Council <img src=x onerror=alert(1)> votes",
  dateline: "HARBOURTON",
  byline: "By A. Writer",
  credit: "(Reporting by A. Writer)",
  body: 'First <script>alert("x")</script> paragraph.\n\nSecond one.',
};

describe("story text ↔ editor document", () => {
  it("builds headline, fixed lines, paragraphs and credit from text", () => {
    const doc = docFromStory(base);
    expect(doc.child(0).type.name).toBe("headline");
    expect(doc.child(0).textContent).toBe(base.headline);
    expect(doc.child(1).attrs.text).toBe("HARBOURTON");
    expect(doc.child(2).attrs.text).toBe("By A. Writer");
    expect(doc.child(3).childCount).toBe(2);
    expect(doc.child(4).attrs.text).toBe("(Reporting by A. Writer)");
  });

  it("renders wire markup as text, never as elements", () => {
    const host = document.createElement("div");
    host.append(DOMSerializer.fromSchema(schema).serializeFragment(docFromStory(base).content));
    expect(host.querySelector("img, script")).toBeNull();
    expect(host.querySelector('[data-testid="story-body"]')!.textContent).toContain('<script>alert("x")</script>');
    expect(host.querySelector('[data-testid="story-credit"]')!.getAttribute("contenteditable")).toBe("false");
  });

  it("serialises back to exactly the text it was built from", () => {
    for (const body of ["One.", "One.\n\nTwo.", "One.\n\n\nodd break", "a\n\n\n\nb", "line\nwrapped", "🚢 x\n\n"]) {
      expect(serializeDoc(docFromStory({ ...base, body }))).toEqual({ headline: base.headline, body });
      expect(splitBody(body).join("\n\n")).toBe(body);
    }
    expect(serializeDoc(docFromStory({ ...base, headline: "", dateline: null, byline: null, credit: null, body: "" }))).toEqual({
      headline: "",
      body: "",
    });
  });

  it("changes only the paragraphs that differ", () => {
    const plain = docFromStory({ ...base, body: "Keep one.\n\nChange me.\n\nKeep three." });
    const first = plain.child(3).firstChild!;
    const start = plain.child(0).nodeSize + plain.child(1).nodeSize + plain.child(2).nodeSize + 2;
    expect(plain.textBetween(start, start + 4)).toBe("Keep");
    const em = schema.marks.em.create();
    const doc = EditorState.create({ doc: plain }).tr.addMark(start, start + first.nodeSize, em).doc;
    const state = EditorState.create({ doc });
    const tr = replaceText(state.tr, { headline: "New head", body: "Keep one.\n\nChanged.\n\nAdded.\n\nKeep three." });
    expect(serializeDoc(tr.doc)).toEqual({ headline: "New head", body: "Keep one.\n\nChanged.\n\nAdded.\n\nKeep three." });
    // The untouched paragraphs keep their marks.
    const kept = tr.doc.child(3).firstChild!.firstChild!;
    expect(kept.text).toBe("Keep one.");
    expect(kept.marks).toEqual([em]);
    expect(replaceText(EditorState.create({ doc }).tr, serializeDoc(doc)).docChanged).toBe(false);
  });

  it("changes only the words that differ when they sit in one paragraph", () => {
    const plain = docFromStory({ ...base, body: "Keep one.\n\nThe 700 troops left." });
    const start = plain.content.size - plain.lastChild!.nodeSize - 2 - "troops left.".length;
    expect(plain.textBetween(start, start + 6)).toBe("troops");
    const em = schema.marks.em.create();
    const doc = EditorState.create({ doc: plain }).tr.addMark(start, start + 6, em).doc;
    const tr = replaceText(EditorState.create({ doc }).tr, { headline: base.headline, body: "Keep one.\n\nThe 7,000 troops left." });
    expect(serializeDoc(tr.doc).body).toBe("Keep one.\n\nThe 7,000 troops left.");
    const marked: string[] = [];
    tr.doc.descendants((node) => {
      if (node.isText && node.marks.length) marked.push(node.text!);
    });
    expect(marked).toEqual(["troops"]);
  });

  it("keeps dateline, byline and credit out of reach of edits", () => {
    const state = EditorState.create({ doc: docFromStory(base), plugins: [lockPlugin] });
    const creditPos = state.doc.content.size - state.doc.lastChild!.nodeSize;
    const deleteCredit = state.tr.delete(creditPos, state.doc.content.size);
    expect(touchesLocked(deleteCredit)).toBe(true);
    expect(state.applyTransaction(deleteCredit).state.doc.eq(state.doc)).toBe(true);
    // Deleting from the end of the body into the credit is refused too.
    expect(touchesLocked(state.tr.delete(creditPos - 4, creditPos + 1))).toBe(true);
    // Typing in the headline and the body is fine.
    const typed = state.applyTransaction(state.tr.insertText("!", 2).insertText("?", creditPos - 3)).state.doc;
    expect(serializeDoc(typed).headline.startsWith("C!ouncil")).toBe(true);
    expect(serializeDoc(typed).body).toContain("Second on?e.");
  });

  it("renders and parses only http(s) links", () => {
    expect(safeHref("https://example.org/a")).toBe("https://example.org/a");
    expect(safeHref("javascript:alert(1)")).toBeNull();
    expect(safeHref(" JAVASCRIPT:alert(1)")).toBeNull();
    expect(safeHref("data:text/html,x")).toBeNull();
    const link = schema.marks.link.create({ href: "javascript:alert(1)" });
    const spec = schema.marks.link.spec.toDOM!(link, true);
    const dom = DOMSerializer.renderSpec(document, spec).dom as HTMLElement;
    expect(dom.hasAttribute("href")).toBe(false);
  });
});

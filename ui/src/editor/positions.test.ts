import { docFromStory, serializeDoc } from "./document";
import { bodyBlocks, offsetToPos, posToOffset, spanToRanges } from "./positions";
import { schema } from "./schema";

function story(body: string) {
  return docFromStory({ headline: "Head", dateline: "TOWN", byline: null, body, credit: "(Credit)" });
}

/** The text between two positions, as ProseMirror sees it. */
function textAt(doc: ReturnType<typeof story>, from: number, to: number): string {
  return doc.textBetween(from, to, "\n\n");
}

describe("body offsets ↔ editor positions", () => {
  it("lays out one block per paragraph, two characters of break between them", () => {
    const doc = story("One.\n\nTwo two.\n\nThree");
    const blocks = bodyBlocks(doc);
    expect(blocks.map((b) => [b.start, b.end])).toEqual([
      [0, 4],
      [6, 14],
      [16, 21],
    ]);
    for (const b of blocks) expect(doc.resolve(b.pos).parent.type).toBe(schema.nodes.paragraph);
    expect(textAt(doc, blocks[1].pos, blocks[1].pos + 8)).toBe("Two two.");
  });

  it("round-trips every offset inside a paragraph, across paragraphs", () => {
    const body = "Alpha beta.\n\nGamma.\n\nDelta epsilon zeta.";
    const doc = story(body);
    const blocks = bodyBlocks(doc);
    for (let offset = 0; offset <= body.length; offset++) {
      const inBreak = blocks.every((b) => offset < b.start || offset > b.end);
      const pos = offsetToPos(blocks, offset);
      if (inBreak) {
        expect(posToOffset(blocks, pos)).toBe(blocks.find((b) => b.start > offset)!.start);
      } else {
        expect(posToOffset(blocks, pos)).toBe(offset);
        expect(textAt(doc, pos, offsetToPos(blocks, body.length))).toBe(body.slice(offset));
      }
    }
  });

  it("counts astral characters as two units, like the body string", () => {
    const body = "Kyiv 🇺🇦 says 700.\n\n🚢 Ferry 40 tonnes.";
    const doc = story(body);
    const blocks = bodyBlocks(doc);
    const at = body.indexOf("40");
    const from = offsetToPos(blocks, at);
    expect(textAt(doc, from, from + 2)).toBe("40");
    expect(posToOffset(blocks, from)).toBe(at);
    expect(serializeDoc(doc).body).toBe(body);
  });

  it("sends an offset inside a paragraph break to the side asked for", () => {
    const doc = story("One.\n\nTwo.");
    const blocks = bodyBlocks(doc);
    expect(offsetToPos(blocks, 5, -1)).toBe(blocks[0].pos + 4);
    expect(offsetToPos(blocks, 5, 1)).toBe(blocks[1].pos);
    expect(offsetToPos(blocks, 999)).toBe(blocks[1].pos + 4);
  });

  it("has no body offset for the headline or between paragraphs", () => {
    const doc = story("One.\n\nTwo.");
    const blocks = bodyBlocks(doc);
    expect(posToOffset(blocks, 1)).toBeNull(); // in the headline
    expect(posToOffset(blocks, blocks[0].pos + 5)).toBeNull(); // after the first paragraph closes
  });

  it("splits a span across a paragraph break into one range per paragraph", () => {
    const body = "First part.\n\nSecond part.";
    const doc = story(body);
    const blocks = bodyBlocks(doc);
    const ranges = spanToRanges(blocks, body.indexOf("part."), body.lastIndexOf(" part."));
    expect(ranges.map((r) => textAt(doc, r.from, r.to))).toEqual(["part.", "Second"]);
    expect(spanToRanges(blocks, 11, 13)).toEqual([]); // only the break
  });

  it("counts paragraphs inside block quotes as body paragraphs", () => {
    const n = schema.nodes;
    const doc = n.doc.create(null, [
      n.headline.create(null, schema.text("H")),
      n.body.create(null, [
        n.paragraph.create(null, schema.text("Before.")),
        n.blockquote.create(null, [n.paragraph.create(null, schema.text("Quoted."))]),
        n.paragraph.create(null, schema.text("After.")),
      ]),
    ]);
    expect(serializeDoc(doc).body).toBe("Before.\n\nQuoted.\n\nAfter.");
    const blocks = bodyBlocks(doc);
    const q = offsetToPos(blocks, 9);
    expect(textAt(doc, q, q + 7)).toBe("Quoted.");
    expect(posToOffset(blocks, q + 7)).toBe(16);
  });
});

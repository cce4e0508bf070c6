import { EditorState, TextSelection } from "prosemirror-state";
import { Mapping } from "prosemirror-transform";
import { claimStory, scalarSpan, storyClaims } from "../fixtures";
import {
  claimAt,
  isMarked,
  markedRanges,
  removeClaimMarks,
  restyleClaim,
  savedBody,
  scalarSpanRanges,
  selectionSpan,
  setClaimMarks,
} from "./claims";
import { docFromStory, serializeDoc } from "./document";

function marked() {
  const doc = docFromStory(claimStory);
  const state = EditorState.create({ doc });
  return setClaimMarks(state.tr, savedBody(doc), storyClaims()).doc;
}

/** Each claim id with the text its marks cover. */
function markTexts(doc: ReturnType<typeof marked>): Record<number, string[]> {
  const out: Record<number, string[]> = {};
  for (const c of storyClaims()) {
    const ranges = markedRanges(doc, c.id);
    if (ranges.length) out[c.id] = ranges.map((r) => doc.textBetween(r.from, r.to));
  }
  return out;
}

describe("claims as marks", () => {
  it("marks each claim's words, from scalar offsets, past astral characters", () => {
    const doc = marked();
    expect(markTexts(doc)).toEqual({
      1: ["4,000 tickets"],
      2: ["We will not raise fares,"],
      3: ["12 percent"],
    });
    const mark = markedRanges(doc, 1)[0].mark;
    expect(mark.attrs).toEqual({ id: 1, status: "unchecked", kind: "quantity" });
  });

  it("leaves dismissed and detached claims unmarked", () => {
    const claims = storyClaims();
    expect(claims.filter(isMarked).map((c) => c.id)).toEqual([1, 2, 3]);
    expect(markedRanges(marked(), 4)).toEqual([]);
    expect(markedRanges(marked(), 5)).toEqual([]);
  });

  it("splits a claim across a paragraph break into one mark per paragraph", () => {
    const body = claimStory.body;
    const span = { start: scalarSpan(body, "Tuesday.").start, end: scalarSpan(body, "We will").end };
    const doc = docFromStory(claimStory);
    const ranges = scalarSpanRanges(savedBody(doc), span);
    expect(ranges.map((r) => doc.textBetween(r.from, r.to))).toEqual(["Tuesday.", '"We will']);
  });

  it("carries marks through edits made since the save", () => {
    const doc = docFromStory(claimStory);
    const saved = savedBody(doc);
    const state = EditorState.create({ doc });
    const edit = state.tr.insertText("Big news: ", saved.blocks[0].pos);
    const mapping = new Mapping();
    mapping.appendMapping(edit.mapping);
    const after = setClaimMarks(EditorState.create({ doc: edit.doc }).tr, saved, storyClaims(), mapping).doc;
    expect(markTexts(after)[1]).toEqual(["4,000 tickets"]);
    expect(serializeDoc(after).body.startsWith("Big news: PORT")).toBe(true);
  });

  it("restyles a claim's marks and removes them", () => {
    const doc = marked();
    const state = EditorState.create({ doc });
    const restyled = restyleClaim(state.tr, { id: 1, status: "disputed", kind: "quantity" }).doc;
    expect(markedRanges(restyled, 1)[0].mark.attrs.status).toBe("disputed");
    expect(markedRanges(restyled, 2)[0].mark.attrs.status).toBe("checking");
    const removed = removeClaimMarks(EditorState.create({ doc: restyled }).tr, 1).doc;
    expect(markedRanges(removed, 1)).toEqual([]);
    expect(markTexts(removed)[2]).toEqual(["We will not raise fares,"]);
  });

  it("does not grow a claim when typing right after it", () => {
    const doc = marked();
    const end = markedRanges(doc, 3)[0].to;
    const tr = EditorState.create({ doc }).tr.setSelection(TextSelection.create(doc, end)).insertText("X");
    expect(markTexts(tr.doc)[3]).toEqual(["12 percent"]);
    expect(claimAt(doc, end - 1)).toBe(3);
  });

  it("lets two claims overlap", () => {
    const doc = docFromStory(claimStory);
    const overlapping = [
      ...storyClaims().slice(0, 1),
      { ...storyClaims()[0], id: 9, ...scalarSpan(claimStory.body, "approved 4,000") },
    ];
    const out = setClaimMarks(EditorState.create({ doc }).tr, savedBody(doc), overlapping).doc;
    expect(out.textBetween(markedRanges(out, 1)[0].from, markedRanges(out, 1)[0].to)).toBe("4,000 tickets");
    expect(out.textBetween(markedRanges(out, 9)[0].from, markedRanges(out, 9)[0].to)).toBe("approved 4,000");
    expect(claimAt(out, markedRanges(out, 1)[0].from + 1)).not.toBeNull();
  });
});

describe("a selection as a claim's span", () => {
  const doc = docFromStory(claimStory);
  const blocks = savedBody(doc).blocks;
  const body = claimStory.body;

  it("gives scalar offsets into the body, without the white space at its edges", () => {
    const at = body.indexOf(" 4,000 tickets ");
    const from = blocks[0].pos + at;
    const to = from + " 4,000 tickets ".length;
    expect(selectionSpan(doc, from, to)).toEqual(scalarSpan(body, "4,000 tickets"));
  });

  it("counts across paragraphs", () => {
    const from = blocks[1].pos + 1;
    const to = blocks[2].pos + "Running".length;
    const span = selectionSpan(doc, from, to);
    expect(span).toEqual({ start: scalarSpan(body, "We will").start, end: scalarSpan(body, "Running").end });
  });

  it("refuses an empty selection and one in the headline", () => {
    expect(selectionSpan(doc, 5, 5)).toHaveProperty("error");
    expect(selectionSpan(doc, 1, 8)).toEqual({
      error: "Select text in the story body (not the headline) to mark a claim.",
    });
    expect(selectionSpan(doc, blocks[0].pos, blocks[0].pos + 1)).toEqual(scalarSpan(body, "P"));
  });
});

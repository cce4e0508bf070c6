import { EditorState, TextSelection } from "prosemirror-state";
import type { StyleMatch } from "../ipc";
import { docFromStory, serializeDoc } from "./document";
import { createState } from "./editor";
import { applyFixes, editsText, matchesAt, matchRange, setStyleMatches, styleKey, styleMarkClass } from "./style-marks";

const noCommands = { save: () => {}, markClaim: () => {}, focusClaim: () => false };

/** A story whose body has an emoji (two UTF-16 units, one scalar) before its matches. */
const BODY = "Fans 🎉 said they recieve 7 people.\n\nThey will recieve more.";

function match(text: string, rule: string, suggestion: string | null, from = 0): StyleMatch {
  // Scalar offsets, as the core counts them.
  const chars = Array.from(BODY);
  const utf16 = BODY.indexOf(text, from);
  const start = Array.from(BODY.slice(0, utf16)).length;
  expect(chars.slice(start, start + Array.from(text).length).join("")).toBe(text);
  return {
    rule,
    kind: rule === "spelling" ? "spelling" : "numbers",
    start,
    end: start + Array.from(text).length,
    text,
    suggestion,
    suggestions: suggestion === null ? [] : [suggestion],
    severity: "warning",
    message: `${rule}: ${text}`,
  };
}

const MATCHES = [
  match("recieve", "spelling", "receive"),
  match("7 people", "numbers", "seven people"),
  match("recieve", "spelling", "receive", BODY.indexOf("They")),
];

function checked(): EditorState {
  const doc = docFromStory({ headline: "Fans", dateline: null, byline: null, body: BODY, credit: null });
  const state = createState(doc, noCommands);
  return state.apply(setStyleMatches(state.tr, MATCHES));
}

/** The decorated words, in order, as [class, rule, text]. */
function shown(state: EditorState): [string, string, string][] {
  return styleKey
    .getState(state)!
    .find()
    .sort((a, b) => a.from - b.from)
    .map((d) => {
      const attrs = (d as unknown as { type: { attrs: Record<string, string> } }).type.attrs;
      return [attrs.class, attrs["data-rule"], state.doc.textBetween(d.from, d.to)];
    });
}

describe("house style matches as decorations", () => {
  it("covers each match's words from scalar offsets, past a character outside the BMP", () => {
    expect(shown(checked())).toEqual([
      ["style-mark style-warning style-spelling", "spelling", "recieve"],
      ["style-mark style-warning", "numbers", "7 people"],
      ["style-mark style-warning style-spelling", "spelling", "recieve"],
    ]);
  });

  it("reads red for spelling and names, by severity for the other rules", () => {
    expect(styleMarkClass({ kind: "names", severity: "info" })).toBe("style-mark style-info style-spelling");
    expect(styleMarkClass({ kind: "words", severity: "blocking" })).toBe("style-mark style-blocking");
  });

  it("follows typing before the next check", () => {
    let state = checked();
    const tr = state.tr.insertText("Many ", state.doc.resolve(1 + "Fans".length + 2).pos + 1);
    expect(editsText(tr)).toBe(true);
    state = state.apply(tr);
    expect(shown(state).map(([, , text]) => text)).toEqual(["recieve", "7 people", "recieve"]);
    const second = matchRange(state, 1)!;
    expect(state.doc.textBetween(second.from, second.to)).toBe("7 people");
    expect(matchesAt(state, second.from + 1)).toEqual([1]);
  });

  it("does not count a selection or a mark as an edit of the text", () => {
    const state = checked();
    expect(editsText(state.tr.setSelection(TextSelection.atEnd(state.doc)))).toBe(false);
  });

  it("fixes all of a rule's matches in one transaction, from the end, and drops their underlines", () => {
    const state = checked();
    const { tr, applied, skipped } = applyFixes(state, [
      { id: 0, text: "receive" },
      { id: 1, text: "seven people" },
      { id: 2, text: "receive" },
    ]);
    expect(applied).toEqual([2, 1, 0]);
    expect(skipped).toEqual([]);
    const after = state.apply(tr);
    expect(serializeDoc(after.doc).body).toBe("Fans 🎉 said they receive seven people.\n\nThey will receive more.");
    expect(shown(after)).toEqual([]);
  });

  it("leaves out a fix whose words were edited since the check", () => {
    let state = checked();
    const range = matchRange(state, 0)!;
    state = state.apply(state.tr.insertText("X", range.from + 2));
    const { tr, applied, skipped } = applyFixes(state, [
      { id: 0, text: "receive" },
      { id: 1, text: "seven people" },
    ]);
    expect([applied, skipped]).toEqual([[1], [0]]);
    expect(serializeDoc(state.apply(tr).doc).body).toContain("they reXcieve seven people.");
  });

  it("a new check replaces the underlines", () => {
    const state = checked();
    const next = state.apply(setStyleMatches(state.tr, [MATCHES[1]]));
    expect(shown(next).map(([, rule]) => rule)).toEqual(["numbers"]);
  });
});

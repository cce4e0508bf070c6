import {
  condense,
  hasChanges,
  inlineRuns,
  markClaims,
  paragraphRuns,
  runElements,
  runsOf,
  sideBySideRows,
  sideText,
  statsText,
  type Run,
} from "./diff-render";
import type { DiffOp } from "./ipc";

const eq = (text: string): Run => ({ kind: "equal", text });
const ins = (text: string): Run => ({ kind: "insert", text });
const del = (text: string): Run => ({ kind: "delete", text });

describe("runsOf", () => {
  it("turns ops into runs, merging neighbours of the same kind and dropping empty ops", () => {
    const ops: DiffOp[] = [
      { op: "equal", text: "" },
      { op: "equal", text: "The " },
      { op: "equal", text: "council " },
      { op: "delete", text: "rejected" },
      { op: "insert", text: "approved" },
      { op: "equal", text: " it." },
    ];
    expect(runsOf(ops)).toEqual([eq("The council "), del("rejected"), ins("approved"), eq(" it.")]);
  });

  it("hides cosmetic changes: each side keeps its own text, and none of it is a change", () => {
    const ops: DiffOp[] = [
      { op: "equal", text: "He said " },
      { op: "delete", text: '"yes"', cosmetic: true },
      { op: "insert", text: "“yes”", cosmetic: true },
      { op: "equal", text: " twice." },
      { op: "delete", text: "  ", cosmetic: true },
      { op: "insert", text: " ", cosmetic: true },
      { op: "insert", text: "Then left." },
    ];
    const runs = runsOf(ops);
    expect(runs.some((r) => r.kind === "delete")).toBe(false);
    expect(inlineRuns(runs).map((r) => r.text).join("")).toBe("He said “yes” twice. Then left.");
    expect(sideText(runs, "from")).toBe('He said "yes" twice.  ');
    expect(sideText(runs, "to")).toBe("He said “yes” twice. Then left.");
  });

  it("keeps each side's paragraphs when a paragraph break is hidden as white space", () => {
    // The desk joined two paragraphs: with white space hidden, the break is
    // cosmetic, and the left side still has both paragraphs for the pairing.
    const ops: DiffOp[] = [
      { op: "equal", text: "One." },
      { op: "delete", text: "\n\n", cosmetic: true },
      { op: "insert", text: " ", cosmetic: true },
      { op: "equal", text: "Two.\n\nThree." },
    ];
    const runs = runsOf(ops);
    expect(paragraphRuns(runs, "from").map((p) => p.map((r) => r.text).join(""))).toEqual(["One.", "Two.", "Three."]);
    expect(paragraphRuns(runs, "to").map((p) => p.map((r) => r.text).join(""))).toEqual(["One. Two.", "Three."]);
    expect(hasChanges(runs)).toBe(false);
  });

  it("does not mutate the ops it is given", () => {
    const ops: DiffOp[] = [
      { op: "equal", text: "a" },
      { op: "equal", text: "b" },
    ];
    runsOf(ops);
    expect(ops).toEqual([
      { op: "equal", text: "a" },
      { op: "equal", text: "b" },
    ]);
  });
});

describe("sideText and hasChanges", () => {
  const runs = [eq("The council "), del("rejected"), ins("approved"), eq(" it.")];

  it("rebuilds the from text (equal + deleted) and the to text (equal + inserted)", () => {
    expect(sideText(runs, "from")).toBe("The council rejected it.");
    expect(sideText(runs, "to")).toBe("The council approved it.");
  });

  it("tells whether any run is a change", () => {
    expect(hasChanges(runs)).toBe(true);
    expect(hasChanges([eq("all the same")])).toBe(false);
    expect(hasChanges([])).toBe(false);
  });
});

describe("markClaims", () => {
  it("returns the runs untouched without claims", () => {
    const runs = [eq("a "), ins("b")];
    expect(markClaims(runs, [])).toBe(runs);
  });

  it("cuts runs at a claim's edges and tags the pieces inside it", () => {
    const runs = [eq("Fares rise "), del("5"), ins("12"), eq(" percent next year.")];
    // "to" text: "Fares rise 12 percent next year."; claim "12 percent" = 11..21.
    const marked = markClaims(runs, [{ id: 3, start: 11, end: 21 }]);
    expect(marked).toEqual([
      eq("Fares rise "),
      del("5"),
      { kind: "insert", text: "12", claim: 3 },
      { kind: "equal", text: " percent", claim: 3 },
      eq(" next year."),
    ]);
    expect(sideText(marked, "to")).toBe(sideText(runs, "to"));
    expect(sideText(marked, "from")).toBe(sideText(runs, "from"));
  });

  it("reads claim offsets as Unicode scalars, converting them to UTF-16 past an astral character", () => {
    const runs = [eq("😀 ab "), ins("new"), eq(" cd")];
    // to text "😀 ab new cd": "ab new" is scalars 2..8 but UTF-16 units 3..9.
    const to = sideText(runs, "to");
    expect(Array.from(to).slice(2, 8).join("")).toBe("ab new");
    const marked = markClaims(runs, [{ id: 9, start: 2, end: 8 }]);
    expect(marked).toEqual([
      eq("😀 "),
      { kind: "equal", text: "ab ", claim: 9 },
      { kind: "insert", text: "new", claim: 9 },
      eq(" cd"),
    ]);
    // Never splits the surrogate pair.
    expect(marked[0].text).toBe("😀 ");
  });

  it("never tags deleted runs, even inside a claim, and deleted text does not shift the offsets", () => {
    const runs = [eq("one "), del("old words "), ins("two"), eq(" three")];
    // to text: "one two three"; claim covers all of it.
    const marked = markClaims(runs, [{ id: 1, start: 0, end: 13 }]);
    expect(marked).toEqual([
      { kind: "equal", text: "one ", claim: 1 },
      del("old words "),
      { kind: "insert", text: "two", claim: 1 },
      { kind: "equal", text: " three", claim: 1 },
    ]);
    expect(marked.filter((r) => r.kind === "delete").every((r) => r.claim === undefined)).toBe(true);
  });

  it("marks two claims in one run and ignores empty spans", () => {
    const runs = [eq("alpha beta gamma")];
    const marked = markClaims(runs, [
      { id: 1, start: 0, end: 5 },
      { id: 2, start: 11, end: 16 },
      { id: 3, start: 6, end: 6 },
    ]);
    expect(marked).toEqual([
      { kind: "equal", text: "alpha", claim: 1 },
      eq(" beta "),
      { kind: "equal", text: "gamma", claim: 2 },
    ]);
  });
});

describe("paragraphRuns", () => {
  it("splits each side into paragraphs on a blank line", () => {
    const runs = [eq("First para.\n\nSecond "), del("old"), ins("new"), eq(" para.")];
    expect(paragraphRuns(runs, "to")).toEqual([[eq("First para.")], [eq("Second "), ins("new"), eq(" para.")]]);
    expect(paragraphRuns(runs, "from")).toEqual([[eq("First para.")], [eq("Second "), del("old"), eq(" para.")]]);
  });

  it('finds the "\\n\\n" when its two line breaks come from different runs', () => {
    const runs = [eq("one\n"), del("old"), ins("\ntwo"), eq(" end")];
    // to side: "one\n" + "\ntwo" + " end" = "one\n\ntwo end"
    expect(paragraphRuns(runs, "to")).toEqual([[eq("one")], [ins("two"), eq(" end")]]);
    // from side: "one\nold end" has no blank line: a single paragraph.
    expect(paragraphRuns(runs, "from")).toEqual([[eq("one\n"), del("old"), eq(" end")]]);
  });

  it("splits across equal runs too", () => {
    const runs = [eq("a\n"), eq("\nb")];
    // runsOf would merge these, but paragraphRuns must not depend on that.
    expect(paragraphRuns(runs, "from")).toEqual([[eq("a")], [eq("b")]]);
  });

  it("gives an empty paragraph for an empty side", () => {
    expect(paragraphRuns([ins("only new")], "from")).toEqual([[]]);
  });
});

describe("sideBySideRows", () => {
  // from: "A\n\nB", to: "A\n\nC\n\nB"
  const runs = [eq("A\n\n"), ins("C\n\n"), eq("B")];

  it("pairs paragraphs as the core listed them", () => {
    const rows = sideBySideRows(runs, [
      [0, 0],
      [null, 1],
      [1, 2],
    ]);
    expect(rows).toEqual([
      { from: [eq("A")], to: [eq("A")] },
      { from: null, to: [ins("C")] },
      { from: [eq("B")], to: [eq("B")] },
    ]);
  });

  it("appends every paragraph the pairs left out, so nothing is hidden", () => {
    const rows = sideBySideRows(runs, [[0, 0]]);
    expect(rows).toEqual([
      { from: [eq("A")], to: [eq("A")] },
      { from: [eq("B")], to: null },
      { from: null, to: [ins("C")] },
      { from: null, to: [eq("B")] },
    ]);
  });

  it("ignores out-of-range and repeated indexes", () => {
    const rows = sideBySideRows(runs, [
      [0, 0],
      [0, 0],
      [7, null],
      [1, 2],
      [null, 1],
    ]);
    expect(rows).toEqual([
      { from: [eq("A")], to: [eq("A")] },
      { from: [eq("B")], to: [eq("B")] },
      { from: null, to: [ins("C")] },
    ]);
  });
});

describe("condense", () => {
  const long = (c: string) => c.repeat(20);

  it("shortens long unchanged stretches to their ends but keeps every change", () => {
    const runs = [eq(long("a")), ins(long("X")), eq(`${long("b")}${long("c")}`), del(long("Y")), eq(long("d"))];
    const out = condense(runs, 5);
    expect(out).toEqual([
      eq(" … aaaaa"),
      ins(long("X")),
      eq("bbbbb … ccccc"),
      del(long("Y")),
      eq("ddddd … "),
    ]);
  });

  it("leaves short unchanged runs and a lone run whole", () => {
    expect(condense([eq("short"), ins("x"), eq("also short")], 5)).toEqual([eq("short"), ins("x"), eq("also short")]);
    expect(condense([eq(long("z"))], 5)).toEqual([eq(long("z"))]);
    // Exactly 2 * context + 1 characters is not cut.
    expect(condense([ins("x"), eq("12345678901"), ins("y")], 5)[1]).toEqual(eq("12345678901"));
    expect(condense([ins("x"), eq("123456789012"), ins("y")], 5)[1]).toEqual(eq("12345 … 89012"));
  });

  it("uses 80 characters of context by default", () => {
    const out = condense([ins("x"), eq("e".repeat(300)), ins("y")]);
    expect(out[1].text).toBe(`${"e".repeat(80)} … ${"e".repeat(80)}`);
  });
});

describe("statsText", () => {
  it('says "No changes" when nothing was added or removed', () => {
    expect(statsText({ words_added: 0, words_removed: 0, words_changed: 0, share_changed: 0 })).toBe("No changes");
  });

  it("counts words with singular and plural and rounds the share", () => {
    expect(statsText({ words_added: 14, words_removed: 3, words_changed: 2, share_changed: 0.06 })).toBe(
      "+14 words · −3 words · 2 replaced · 6% of the story changed",
    );
    expect(statsText({ words_added: 1, words_removed: 0, words_changed: 0, share_changed: 0.126 })).toBe(
      "+1 word · −0 words · 0 replaced · 13% of the story changed",
    );
    expect(statsText({ words_added: 0, words_removed: 1, words_changed: 0, share_changed: 1 })).toBe(
      "+0 words · −1 word · 0 replaced · 100% of the story changed",
    );
  });

  it('shows a small share as "<1%" rather than 0%', () => {
    expect(statsText({ words_added: 1, words_removed: 1, words_changed: 1, share_changed: 0.004 })).toBe(
      "+1 word · −1 word · 1 replaced · <1% of the story changed",
    );
  });
});

describe("runElements", () => {
  function render(runs: Run[], label?: (id: number) => string): HTMLElement {
    const box = document.createElement("div");
    box.append(...runElements(runs, label));
    return box;
  }

  it("renders inserts as <ins>, deletes as <del> and equal text as text nodes", () => {
    const nodes = runElements([eq("Fares "), del("fall"), ins("rise")]);
    expect(nodes).toHaveLength(3);
    expect(nodes[0].nodeType).toBe(Node.TEXT_NODE);
    expect(nodes[0].textContent).toBe("Fares ");
    const d = nodes[1] as HTMLElement;
    expect(d.tagName).toBe("DEL");
    expect(d.dataset.testid).toBe("diff-delete");
    expect(d.className).toBe("diff-delete");
    expect(d.textContent).toBe("fall");
    const i = nodes[2] as HTMLElement;
    expect(i.tagName).toBe("INS");
    expect(i.dataset.testid).toBe("diff-insert");
    expect(i.className).toBe("diff-insert");
    expect(i.textContent).toBe("rise");
  });

  it("wraps runs of a touched claim in <mark class=claim-touched> with the claim's label", () => {
    const box = render([eq("Fares "), { kind: "insert", text: "12", claim: 3 }, { kind: "equal", text: " percent", claim: 3 }]);
    const marks = [...box.querySelectorAll<HTMLElement>("mark")];
    expect(marks).toHaveLength(2);
    for (const m of marks) {
      expect(m.classList.contains("claim-touched")).toBe(true);
      expect(m.dataset.testid).toBe("claim-touched");
      expect(m.dataset.claimId).toBe("3");
      expect(m.title).toBe("Changed: claim 3");
    }
    expect(marks[0].firstElementChild?.tagName).toBe("INS");
    expect(marks[0].textContent).toBe("12");
    expect(marks[1].children).toHaveLength(0);
    expect(marks[1].textContent).toBe(" percent");
    expect(box.textContent).toBe("Fares 12 percent");

    const labelled = render([{ kind: "equal", text: "x", claim: 4 }], (id) => `quote #${id}`);
    expect(labelled.querySelector("mark")!.title).toBe("Changed: quote #4");
  });

  it("never parses markup: wire text stays text", () => {
    const evil = "<img src=x onerror=alert(1)>";
    const box = render([eq(evil), ins(`<b>${evil}</b>`), del("<script>alert(2)</script>"), { kind: "equal", text: evil, claim: 1 }]);
    expect(box.querySelector("img")).toBeNull();
    expect(box.querySelector("b")).toBeNull();
    expect(box.querySelector("script")).toBeNull();
    expect(box.textContent).toBe(`${evil}<b>${evil}</b><script>alert(2)</script>${evil}`);
    expect(box.querySelector("ins")!.textContent).toBe(`<b>${evil}</b>`);
    expect(box.querySelector("mark")!.textContent).toBe(evil);
  });
});

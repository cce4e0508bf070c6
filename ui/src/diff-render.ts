// A diff as the compare and merge views show it: the core's word ops turned
// into runs of text (equal / inserted / deleted), cosmetic changes hidden,
// touched claims marked, and paragraphs paired for the side-by-side view.
// Pure functions over plain values; the views only turn runs into elements.
import { el } from "./dom";
import type { DiffOp, DiffStats } from "./ipc";
import { spanToUtf16 } from "./offsets";

export type RunKind = "equal" | "insert" | "delete";

/** A run of text in one of the three states, maybe inside a touched claim. */
export interface Run {
  kind: RunKind;
  text: string;
  /** The id of the touched claim this text belongs to. */
  claim?: number;
  /** Unchanged text as one side has it, where the sides differ only in
   *  white space or typography: each side keeps its own text (so its
   *  paragraphs are its own), and neither is shown as a change. */
  only?: "from" | "to";
}

/** A claim to mark, with its span in the `to` text (Unicode scalars, as the core gives it). */
export interface ClaimSpan {
  id: number;
  start: number;
  end: number;
  label?: string;
}

/** The ops as runs. A cosmetic change (the core flags these only when asked
 *  to ignore white space or typography) is unchanged text, each side's own. */
export function runsOf(ops: DiffOp[]): Run[] {
  const runs: Run[] = [];
  for (const op of ops) {
    if (op.text === "") continue;
    const run: Run = op.cosmetic
      ? { kind: "equal", text: op.text, only: op.op === "delete" ? "from" : "to" }
      : { kind: op.op, text: op.text };
    const last = runs[runs.length - 1];
    if (last && last.kind === run.kind && last.only === run.only) last.text += run.text;
    else runs.push(run);
  }
  return runs;
}

/** Whether a run belongs to a side's text. */
function onSide(run: Run, side: "from" | "to"): boolean {
  const other = side === "from" ? "to" : "from";
  return run.kind !== (side === "from" ? "insert" : "delete") && run.only !== other;
}

/** The runs to read in one text: the changes, and unchanged text as the
 *  `to` side has it. */
export function inlineRuns(runs: Run[]): Run[] {
  return runs.filter((r) => r.only !== "from");
}

/** The `from` text (equal + deleted runs) or the `to` text (equal + inserted). */
export function sideText(runs: Run[], side: "from" | "to"): string {
  return runs
    .filter((r) => onSide(r, side))
    .map((r) => r.text)
    .join("");
}

/** Cuts runs so none crosses a claim's edge, and tags those inside a claim.
 *  Claim spans are offsets into the `to` text; deleted runs are never tagged. */
export function markClaims(runs: Run[], claims: ClaimSpan[]): Run[] {
  if (claims.length === 0) return runs;
  const to = sideText(runs, "to");
  const spans = claims.map((c) => ({ id: c.id, ...spanToUtf16(to, c) })).filter((s) => s.to > s.from);
  const out: Run[] = [];
  let at = 0;
  for (const run of runs) {
    if (!onSide(run, "to")) {
      out.push(run);
      continue;
    }
    const start = at;
    const end = at + run.text.length;
    at = end;
    const cuts = new Set<number>([start, end]);
    for (const s of spans) {
      if (s.from > start && s.from < end) cuts.add(s.from);
      if (s.to > start && s.to < end) cuts.add(s.to);
    }
    const points = [...cuts].sort((a, b) => a - b);
    for (let i = 0; i + 1 < points.length; i++) {
      const [a, b] = [points[i], points[i + 1]];
      const claim = spans.find((s) => s.from <= a && b <= s.to);
      const piece: Run = { kind: run.kind, text: run.text.slice(a - start, b - start) };
      if (claim) piece.claim = claim.id;
      out.push(piece);
    }
  }
  return out;
}

/** One side's runs split into its paragraphs (the core separates paragraphs
 *  with exactly one blank line, "\n\n", as `split` does). */
export function paragraphRuns(runs: Run[], side: "from" | "to"): Run[][] {
  const mine = runs.filter((r) => onSide(r, side));
  const text = mine.map((r) => r.text).join("");
  // Paragraph ranges in the side's text.
  const ranges: [number, number][] = [];
  let start = 0;
  for (;;) {
    const gap = text.indexOf("\n\n", start);
    if (gap < 0) break;
    ranges.push([start, gap]);
    start = gap + 2;
  }
  ranges.push([start, text.length]);
  const paragraphs: Run[][] = ranges.map(() => []);
  let at = 0;
  for (const run of mine) {
    const runStart = at;
    const runEnd = at + run.text.length;
    at = runEnd;
    ranges.forEach(([a, b], i) => {
      const from = Math.max(a, runStart);
      const to = Math.min(b, runEnd);
      if (to > from) paragraphs[i].push({ ...run, text: run.text.slice(from - runStart, to - runStart) });
    });
  }
  return paragraphs;
}

/** A row of the side-by-side view: a paragraph of each side, or none. */
export interface Row {
  from: Run[] | null;
  to: Run[] | null;
}

/** Paragraph rows as the core paired them; paragraphs it left out (there
 *  should be none) follow, so nothing is ever hidden. */
export function sideBySideRows(runs: Run[], pairs: [number | null, number | null][]): Row[] {
  const from = paragraphRuns(runs, "from");
  const to = paragraphRuns(runs, "to");
  const usedFrom = new Set<number>();
  const usedTo = new Set<number>();
  const rows: Row[] = [];
  for (const [a, b] of pairs) {
    const left = a !== null && a < from.length && !usedFrom.has(a) ? from[a] : null;
    const right = b !== null && b < to.length && !usedTo.has(b) ? to[b] : null;
    if (left) usedFrom.add(a!);
    if (right) usedTo.add(b!);
    if (left || right) rows.push({ from: left, to: right });
  }
  from.forEach((p, i) => usedFrom.has(i) || rows.push({ from: p, to: null }));
  to.forEach((p, i) => usedTo.has(i) || rows.push({ from: null, to: p }));
  return rows;
}

/** Whether any run is a change. */
export function hasChanges(runs: Run[]): boolean {
  return runs.some((r) => r.kind !== "equal");
}

/** Long unchanged stretches shortened to their ends ("…"), for a list of
 *  changes with a little context each side. */
export function condense(runs: Run[], context = 80): Run[] {
  return runs.map((run, i) => {
    if (run.kind !== "equal" || run.text.length <= context * 2 + 1) return run;
    const first = i === 0;
    const last = i === runs.length - 1;
    const head = first ? "" : run.text.slice(0, context);
    const tail = last ? "" : run.text.slice(-context);
    return { ...run, text: `${head}${first && last ? run.text : " … "}${tail}` };
  });
}

/** "+14 words · −3 words · 2 replaced · 6% of the story changed" */
export function statsText(stats: DiffStats): string {
  if (stats.words_added === 0 && stats.words_removed === 0) return "No changes";
  const share = stats.share_changed * 100;
  const shown = share > 0 && share < 1 ? "<1" : String(Math.round(share));
  return [
    `+${stats.words_added} word${stats.words_added === 1 ? "" : "s"}`,
    `−${stats.words_removed} word${stats.words_removed === 1 ? "" : "s"}`,
    `${stats.words_changed} replaced`,
    `${shown}% of the story changed`,
  ].join(" · ");
}

/** Runs as elements: <ins> and <del> (underlined and struck through, so the
 *  changes read without colour), touched claims as <mark>. Text only. */
export function runElements(runs: Run[], claimLabel: (id: number) => string = (id) => `claim ${id}`): Node[] {
  return runs.map((run) => {
    const text =
      run.kind === "insert"
        ? el("ins", { class: "diff-insert", "data-testid": "diff-insert" }, run.text)
        : run.kind === "delete"
          ? el("del", { class: "diff-delete", "data-testid": "diff-delete" }, run.text)
          : document.createTextNode(run.text);
    if (run.claim === undefined) return text;
    return el(
      "mark",
      {
        class: "claim-touched",
        "data-testid": "claim-touched",
        "data-claim-id": String(run.claim),
        title: `Changed: ${claimLabel(run.claim)}`,
      },
      text,
    );
  });
}

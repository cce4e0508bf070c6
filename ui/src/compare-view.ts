// The compare view: any two revisions of the open story, by default the
// agency's original against the current text. Inline (changes in the running
// text) or side by side (paragraphs paired, one scroll for both sides), with
// the statistics, toggles to hide white-space and typography-only changes,
// and the claims a change touches marked.
import { closeModal, el, openModal } from "./dom";
import { Latest } from "./late";
import { shortcutKeys } from "./shortcuts";
import {
  inlineRuns,
  markClaims,
  runElements,
  runsOf,
  sideBySideRows,
  statsText,
  type ClaimSpan,
  type Row,
} from "./diff-render";
import type { Claim, DiffOp, HistoryEntry, StoryDetail, StoryDiff } from "./ipc";
import { exactTime } from "./time";

export interface CompareApi {
  storyDiff(
    storyId: number,
    from: number | null,
    to: number | null,
    ignoreWhitespace?: boolean,
    ignoreTypography?: boolean,
  ): Promise<StoryDiff>;
  storyHistory(storyId: number): Promise<HistoryEntry[]>;
  storyClaims(storyId: number): Promise<Claim[]>;
}

export type CompareMode = "inline" | "side-by-side";

/** Which revisions to compare; null means the default (original / current). */
export interface CompareRequest {
  from?: number | null;
  to?: number | null;
}

const MODE_KEY = "wiredesk:compare-mode";

/** "Wire v2 · r14 · 3 Mar 14:02", "Edit · r17 · rosa · fixed figure". */
export function revisionLabel(entry: HistoryEntry, story: StoryDetail): string {
  const wire = story.versions.find((v) => v.revision_id === entry.id);
  const kind =
    entry.kind === "wire" ? `Wire v${wire?.version ?? "?"}` : entry.kind === "merge" ? "Merge" : "Edit";
  const parts = [kind, `r${entry.id}`, exactTime(entry.created_at)];
  if (entry.kind !== "wire") parts.push(entry.author);
  if (entry.note) parts.push(entry.note);
  if (entry.id === story.revision_id) parts.push("current");
  return parts.join(" · ");
}

/** The agency's version N-1 and N (the newest): what the agency changed. */
export function wireChangesRequest(story: StoryDetail): CompareRequest | null {
  const n = story.versions.length;
  if (n < 2) return null;
  return { from: story.versions[n - 2].revision_id, to: story.versions[n - 1].revision_id };
}

function storedMode(storage: Storage | null): CompareMode {
  return storage?.getItem(MODE_KEY) === "side-by-side" ? "side-by-side" : "inline";
}

export class CompareView {
  readonly dialog: HTMLDialogElement;
  private readonly title = el("h2", {}, "Compare");
  private readonly fromSelect = el("select", { "data-testid": "compare-from", "aria-label": "Compare from" });
  private readonly toSelect = el("select", { "data-testid": "compare-to", "aria-label": "Compare to" });
  private readonly modeButtons: HTMLButtonElement[];
  private readonly whitespace = el("input", { type: "checkbox", "data-testid": "compare-ignore-whitespace" });
  private readonly typography = el("input", { type: "checkbox", "data-testid": "compare-ignore-typography" });
  private readonly stats = el("p", { class: "compare-stats", "data-testid": "compare-stats", role: "status" });
  private readonly touched = el("p", { class: "compare-claims", "data-testid": "compare-claims" });
  private readonly body = el("div", { class: "compare-body", "data-testid": "compare-body", tabindex: "0" });
  private story: StoryDetail | null = null;
  private diff: StoryDiff | null = null;
  private claims: Claim[] = [];
  private mode: CompareMode;
  private readonly answers = new Latest<"shown">();

  constructor(
    private readonly api: CompareApi,
    private readonly storage: Storage | null = null,
  ) {
    this.mode = storedMode(storage);
    this.modeButtons = (["inline", "side-by-side"] as const).map((mode) => {
      const b = el(
        "button",
        { type: "button", "data-mode": mode, title: "Switch with v" },
        mode === "inline" ? "Inline" : "Side by side",
      );
      b.addEventListener("click", () => this.setMode(mode));
      return b;
    });
    const close = el("button", { type: "button", "data-testid": "compare-close" }, "Close");
    close.addEventListener("click", () => this.close());
    this.dialog = el(
      "dialog",
      { class: "compare-dialog", "data-testid": "compare-view", "aria-label": "Compare revisions" },
      el(
        "header",
        { class: "compare-head" },
        this.title,
        el(
          "div",
          { class: "compare-controls" },
          el("label", {}, "From ", this.fromSelect),
          el("label", {}, "To ", this.toSelect),
          el("div", { class: "segmented", role: "group", "aria-label": "View", "data-testid": "compare-mode" }, ...this.modeButtons),
          el("label", { title: "Changes of spacing and line breaks only" }, this.whitespace, " Hide white-space changes"),
          el("label", { title: "Curly or straight quotes, dash styles" }, this.typography, " Hide typographic changes"),
        ),
        this.stats,
        this.touched,
      ),
      this.body,
      el("div", { class: "actions" }, el("span", { class: "hint" }, "Underlined: added. Struck through: removed. Highlighted: a claim the change touches."), close),
    );
    for (const control of [this.fromSelect, this.toSelect, this.whitespace, this.typography]) {
      control.addEventListener("change", () => void this.load());
    }
    this.dialog.addEventListener("keydown", (event) => {
      const target = event.target as Element | null;
      if (shortcutKeys("view-mode").includes(event.key) && !event.ctrlKey && !event.metaKey && !event.altKey && !target?.closest("select, input")) {
        event.preventDefault();
        this.setMode(this.mode === "inline" ? "side-by-side" : "inline");
      }
    });
    this.paintMode();
  }

  get currentMode(): CompareMode {
    return this.mode;
  }

  /** Opens on `story`: the original against the current text unless asked otherwise. */
  async open(story: StoryDetail, request: CompareRequest = {}, title = "Compare"): Promise<void> {
    this.story = story;
    this.title.textContent = `${title}: ${story.headline}`;
    this.body.replaceChildren(el("p", { class: "hint" }, "Loading…"));
    openModal(this.dialog);
    const ticket = this.answers.next("shown");
    try {
      const [history, claims] = await Promise.all([
        this.api.storyHistory(story.id),
        this.api.storyClaims(story.id).catch(() => [] as Claim[]),
      ]);
      if (!ticket.live) return;
      this.claims = claims;
      const options = () =>
        [...history].reverse().map((entry) => el("option", { value: String(entry.id) }, revisionLabel(entry, story)));
      this.fromSelect.replaceChildren(...options());
      this.toSelect.replaceChildren(...options());
      const original = story.versions[0]?.revision_id ?? history[0]?.id;
      this.fromSelect.value = String(request.from ?? original);
      this.toSelect.value = String(request.to ?? story.revision_id);
    } catch (err) {
      this.showError(err);
      return;
    }
    await this.load();
    this.body.focus();
  }

  close(): void {
    this.answers.drop("shown");
    closeModal(this.dialog);
  }

  setMode(mode: CompareMode): void {
    this.mode = mode;
    this.storage?.setItem(MODE_KEY, mode);
    this.paintMode();
    this.render();
  }

  private paintMode(): void {
    for (const b of this.modeButtons) b.setAttribute("aria-pressed", String(b.dataset.mode === this.mode));
    this.dialog.dataset.mode = this.mode;
  }

  private async load(): Promise<void> {
    const story = this.story;
    if (!story) return;
    const ticket = this.answers.next("shown");
    const from = Number(this.fromSelect.value);
    const to = Number(this.toSelect.value);
    try {
      const diff = await this.api.storyDiff(story.id, from, to, this.whitespace.checked, this.typography.checked);
      if (!ticket.live) return;
      this.diff = diff;
      this.render();
    } catch (err) {
      if (ticket.live) this.showError(err);
    }
  }

  private claimSpans(diff: StoryDiff): ClaimSpan[] {
    return this.claims
      .filter((c) => diff.claims_touched.includes(c.id))
      .map((c) => ({ id: c.id, start: c.start, end: c.end }));
  }

  private claimLabel = (id: number): string => {
    const claim = this.claims.find((c) => c.id === id);
    return claim ? `${claim.kind} ${quoted(claim.text)} (${claim.status})` : `claim ${id}`;
  };

  private render(): void {
    const diff = this.diff;
    if (!diff) return;
    this.stats.textContent =
      diff.from === diff.to ? "The same revision on both sides." : statsText(diff.stats);
    const touched = this.claims.filter((c) => diff.claims_touched.includes(c.id));
    this.touched.hidden = touched.length === 0;
    this.touched.textContent = touched.length
      ? `Claims touched: ${touched.map((c) => `${quoted(c.text)} (${c.kind}, ${c.status})`).join("; ")}`
      : "";
    const body = markClaims(runsOf(diff.ops), this.claimSpans(diff));
    const fields = Object.entries(diff.field_ops);
    if (this.mode === "inline") {
      this.body.replaceChildren(
        el("h3", { class: "compare-headline", "data-testid": "compare-headline" }, ...runElements(inlineRuns(runsOf(diff.headline_ops)))),
        ...fields.map(([name, ops]) => fieldLine(name, ops)),
        el("div", { class: "compare-inline", "data-testid": "compare-inline" }, ...runElements(inlineRuns(body), this.claimLabel)),
      );
    } else {
      const rows = sideBySideRows(body, diff.paragraphs);
      const headline = runsOf(diff.headline_ops);
      this.body.replaceChildren(
        el(
          "div",
          { class: "compare-sides", "data-testid": "compare-sides" },
          el("div", { class: "side-head" }, this.fromSelect.selectedOptions[0]?.textContent ?? "From"),
          el("div", { class: "side-head" }, this.toSelect.selectedOptions[0]?.textContent ?? "To"),
          ...sideCells([{ from: headline, to: headline }], "headline", this.claimLabel),
          ...sideCells(rows, "paragraph", this.claimLabel),
        ),
      );
    }
  }

  private showError(err: unknown): void {
    this.stats.textContent = "";
    this.body.replaceChildren(
      el("p", { class: "error" }, `Could not compare: ${err instanceof Error ? err.message : String(err)}`),
    );
  }
}

/** The text in quotation marks, unless it carries its own. */
function quoted(text: string): string {
  return /^["“‘«]/.test(text) ? text : `“${text}”`;
}

function fieldLine(name: string, ops: DiffOp[]): HTMLElement {
  return el("p", { class: "compare-field" }, el("strong", {}, `${name}: `), ...runElements(inlineRuns(runsOf(ops))));
}

/** The grid cells of side-by-side rows: the left side shows what was
 *  removed, the right side what was added. */
function sideCells(rows: Row[], kind: "headline" | "paragraph", label: (id: number) => string): HTMLElement[] {
  return rows.flatMap((row) => {
    const cell = (runs: typeof row.from, side: "from" | "to") =>
      el(
        "div",
        { class: `side-cell side-${side} ${kind}${runs ? "" : " empty"}` },
        ...(runs ? runElements(runs, label) : []),
      );
    return [cell(row.from, "from"), cell(row.to, "to")];
  });
}

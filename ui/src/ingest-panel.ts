// Ingest in the window: a progress bar while a batch lands (files opened,
// dropped on the window or arriving in the watched drop folder) with running
// counts of new / update / duplicate / error, what the batch did when it
// ends, and the errors with their messages.
import { el } from "./dom";
import type { BatchSummary, IngestProgress, IngestStatus } from "./ipc";

/** "Ingesting 3 of 10 files from the drop folder…" */
export function progressText(progress: IngestProgress): string {
  const from = progress.origin === "drop-folder" ? " from the drop folder" : "";
  return `Ingesting ${progress.done} of ${progress.total} file${progress.total === 1 ? "" : "s"}${from}…`;
}

export type IngestCounts = Pick<BatchSummary, "new" | "update" | "duplicate" | "error">;

/** "2 new · 1 update · 0 duplicates · 1 error" — all four, for the running batch. */
export function countsText(counts: IngestCounts): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  return [
    `${counts.new} new`,
    plural(counts.update, "update"),
    plural(counts.duplicate, "duplicate"),
    plural(counts.error, "error"),
  ].join(" · ");
}

/** "2 new, 1 update, 1 error" — only the outcomes that happened. */
export function summaryText(summary: BatchSummary): string {
  const parts: string[] = [];
  if (summary.new) parts.push(`${summary.new} new`);
  if (summary.update) parts.push(`${summary.update} update${summary.update === 1 ? "" : "s"}`);
  if (summary.duplicate) parts.push(`${summary.duplicate} duplicate${summary.duplicate === 1 ? "" : "s"}`);
  if (summary.error) parts.push(`${summary.error} error${summary.error === 1 ? "" : "s"}`);
  const from = summary.origin === "drop-folder" ? "Drop folder" : "Ingest";
  return `${from}: ${parts.length ? parts.join(", ") : "nothing to ingest"}`;
}

/** The progress bar and the last batch's outcome, in the top bar. */
export class IngestProgressView {
  readonly root: HTMLElement;
  private readonly bar: HTMLProgressElement;
  private readonly label: HTMLElement;
  private readonly errors: HTMLUListElement;
  private readonly counts: HTMLElement;
  /** The errors, listed under the bar (open when they arrive; the editor can fold it). */
  private readonly errorsBox: HTMLDetailsElement;
  private readonly errorsSummary = el("summary", {});
  private tally: IngestCounts = { new: 0, update: 0, duplicate: 0, error: 0 };

  constructor() {
    this.bar = el("progress", { max: "1", value: "0", "data-testid": "ingest-progress-bar" });
    this.label = el("span", { class: "ingest-label", "data-testid": "ingest-progress-label" });
    this.errors = el("ul", { class: "ingest-errors", "data-testid": "ingest-errors" });
    this.counts = el("span", { class: "ingest-counts", "data-testid": "ingest-counts" });
    this.errorsBox = el("details", { class: "ingest-errors-box", open: "", hidden: "" }, this.errorsSummary, this.errors);
    this.root = el(
      "div",
      { class: "ingest-progress", role: "status", "aria-live": "polite", "data-testid": "ingest-progress", hidden: "" },
      this.bar,
      this.label,
      this.counts,
      this.errorsBox,
    );
  }

  progress(progress: IngestProgress): void {
    if (progress.done <= 1) {
      this.errors.replaceChildren();
      this.tally = { new: 0, update: 0, duplicate: 0, error: 0 };
    }
    this.tally[progress.status as IngestStatus] += 1;
    this.counts.textContent = countsText(this.tally);
    this.counts.hidden = false;
    this.root.hidden = false;
    this.root.classList.add("running");
    this.bar.hidden = false;
    this.bar.max = Math.max(progress.total, 1);
    this.bar.value = progress.done;
    this.label.textContent = progressText(progress);
    if (progress.error) this.errors.append(el("li", { title: progress.error, "data-testid": "ingest-error" }, progress.error));
    this.paintErrors();
  }

  private paintErrors(): void {
    const n = this.errors.childElementCount;
    this.errorsBox.hidden = n === 0;
    this.errorsSummary.textContent = `${n} error${n === 1 ? "" : "s"}`;
  }

  finished(summary: BatchSummary): void {
    this.root.hidden = false;
    this.root.classList.remove("running");
    this.bar.hidden = true;
    this.label.textContent = summaryText(summary);
    this.label.classList.toggle("error", summary.error > 0);
    // The label says what the batch did; the running counts rest.
    this.counts.textContent = countsText(summary);
    this.counts.hidden = true;
    this.errors.replaceChildren(
      ...summary.reports
        .filter((r) => r.error)
        .map((r) => el("li", { title: r.error ?? "", "data-testid": "ingest-error" }, r.error ?? "")),
    );
    this.paintErrors();
  }
}

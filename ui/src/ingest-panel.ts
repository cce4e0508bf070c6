// Ingest in the window: a progress line while a batch lands (files dropped on
// the window or the watched drop folder), what the batch did when it ends,
// and the drop-folder preference.
import { closeModal, el, openModal } from "./dom";
import type { BatchSummary, DropFolderState, IngestProgress } from "./ipc";

/** "Ingesting 3 of 10 files from the drop folder…" */
export function progressText(progress: IngestProgress): string {
  const from = progress.origin === "drop-folder" ? " from the drop folder" : "";
  return `Ingesting ${progress.done} of ${progress.total} file${progress.total === 1 ? "" : "s"}${from}…`;
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

  constructor() {
    this.bar = el("progress", { max: "1", value: "0", "data-testid": "ingest-progress-bar" });
    this.label = el("span", { class: "ingest-label", "data-testid": "ingest-progress-label" });
    this.errors = el("ul", { class: "ingest-errors", "data-testid": "ingest-errors" });
    this.root = el(
      "div",
      { class: "ingest-progress", role: "status", "aria-live": "polite", "data-testid": "ingest-progress", hidden: "" },
      this.bar,
      this.label,
      this.errors,
    );
  }

  progress(progress: IngestProgress): void {
    if (progress.done <= 1) this.errors.replaceChildren();
    this.root.hidden = false;
    this.root.classList.add("running");
    this.bar.hidden = false;
    this.bar.max = Math.max(progress.total, 1);
    this.bar.value = progress.done;
    this.label.textContent = progressText(progress);
    if (progress.error) this.errors.append(el("li", { title: progress.error }, progress.error));
  }

  finished(summary: BatchSummary): void {
    this.root.hidden = false;
    this.root.classList.remove("running");
    this.bar.hidden = true;
    this.label.textContent = summaryText(summary);
    this.label.classList.toggle("error", summary.error > 0);
    this.errors.replaceChildren(
      ...summary.reports
        .filter((r) => r.error)
        .map((r) => el("li", { title: r.error ?? "" }, r.error ?? "")),
    );
  }
}

export interface DropFolderApi {
  getDropFolder(): Promise<DropFolderState>;
  /** The system's folder dialog, opened by Rust: the page never names a path. */
  chooseDropFolder(): Promise<DropFolderState>;
  stopDropFolder(): Promise<DropFolderState>;
}

/** The preferences dialog: the drop folder to watch. */
export class PreferencesView {
  readonly dialog: HTMLDialogElement;
  readonly folder: HTMLElement;
  private readonly state: HTMLElement;
  private readonly choose: HTMLButtonElement;

  constructor(private readonly api: DropFolderApi) {
    this.folder = el("p", { class: "folder-path", "data-testid": "drop-folder-path" });
    this.state = el("p", { class: "pref-state", role: "status", "data-testid": "drop-folder-state" });
    this.choose = el("button", { type: "button", "data-testid": "drop-folder-choose" }, "Choose folder…");
    const stop = el("button", { type: "button", "data-testid": "drop-folder-stop" }, "Stop watching");
    const close = el("button", { type: "button", "data-testid": "preferences-close" }, "Close");
    const form = el(
      "form",
      { method: "dialog", class: "preferences" },
      el("h2", {}, "Preferences"),
      el("h3", { class: "pref-heading" }, "Drop folder"),
      el(
        "p",
        { class: "hint" },
        "Wire copy saved into this folder (and its sub-folders) is ingested as soon as each file stops growing. Files already taken are not read again.",
      ),
      this.folder,
      this.state,
      el("div", { class: "actions" }, this.choose, stop, close),
    );
    form.addEventListener("submit", (event) => event.preventDefault());
    this.choose.addEventListener("click", () => void this.run(() => this.api.chooseDropFolder()));
    stop.addEventListener("click", () => void this.run(() => this.api.stopDropFolder()));
    close.addEventListener("click", () => closeModal(this.dialog));
    this.dialog = el("dialog", { class: "preferences-dialog", "data-testid": "preferences" }, form);
  }

  async open(): Promise<void> {
    openModal(this.dialog);
    await this.run(() => this.api.getDropFolder());
    this.choose.focus();
  }

  private async run(step: () => Promise<DropFolderState>): Promise<void> {
    try {
      this.show(await step());
    } catch (err) {
      this.showError(err);
    }
  }

  private show(state: DropFolderState): void {
    this.folder.textContent = state.path ?? "No folder chosen.";
    this.state.classList.remove("error");
    this.state.textContent =
      state.path && state.watching ? `Watching ${state.path}` : "No drop folder is watched.";
  }

  private showError(err: unknown): void {
    this.state.classList.add("error");
    this.state.textContent = err instanceof Error ? err.message : String(err);
  }
}

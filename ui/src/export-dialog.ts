// The export dialog: a format and a revision, a preview of what will be
// written, the publish gate (what holds the story back) with an override
// that needs a written reason, and the save location asked for by Rust in
// the system's dialog (the page never names a path). The fact-check report
// and ClaimReview go from here too.
import { closeModal, el, openModal } from "./dom";
import { Latest } from "./late";
import { EXPORT_FORMATS, IpcError, type ExportFormat, type ExportOutcome, type HistoryEntry, type StoryDetail } from "./ipc";
import { revisionLabel } from "./compare-view";

export interface ExportApi {
  exportBlockers(storyId: number, format: ExportFormat, revisionId: number | null): Promise<string[]>;
  exportPreview(storyId: number, format: ExportFormat, revisionId: number | null): Promise<string>;
  exportStory(
    storyId: number,
    format: ExportFormat,
    revisionId: number | null,
    overrideReason: string | null,
  ): Promise<ExportOutcome | null>;
  storyHistory(storyId: number): Promise<HistoryEntry[]>;
}

export const FORMAT_LABELS: Record<ExportFormat, string> = {
  txt: "Plain text",
  md: "Markdown",
  html: "HTML",
  nitf: "NITF 3.6",
  newsml: "NewsML-G2 newsItem",
  ninjs: "ninjs 2.2 (JSON)",
  "report-html": "Fact-check report (HTML)",
  "report-csv": "Fact-check report (CSV)",
  "report-json": "Fact-check report (JSON)",
  claimreview: "ClaimReview (schema.org JSON-LD)",
};

/** Previews longer than this are cut, with a note (the export is whole). */
export const PREVIEW_CHARS = 20_000;

/** What the export button says and whether it may be pressed. */
export function exportAction(blockers: string[], reason: string): { label: string; enabled: boolean } {
  if (blockers.length === 0) return { label: "Export…", enabled: true };
  return { label: "Export past the gate…", enabled: reason.trim().length > 0 };
}

export class ExportDialog {
  readonly dialog: HTMLDialogElement;
  private readonly format = el("select", { "data-testid": "export-format", "aria-label": "Format" });
  private readonly revision = el("select", { "data-testid": "export-revision", "aria-label": "Revision" });
  private readonly gate = el("section", { class: "export-gate", "data-testid": "export-gate", role: "alert" });
  private readonly reason = el("textarea", {
    rows: "2",
    "data-testid": "override-reason",
    "aria-label": "Reason to export past the gate",
    placeholder: "Why this story may go now (recorded with the export)",
  });
  private readonly reasonBox: HTMLElement;
  private readonly preview = el("pre", { class: "export-preview", "data-testid": "export-preview", tabindex: "0" });
  private readonly message = el("p", { class: "export-message", role: "status", "data-testid": "export-message" });
  private readonly confirm = el("button", { type: "button", class: "primary", "data-testid": "export-confirm" }, "Export…");
  private story: StoryDetail | null = null;
  private blockers: string[] = [];
  private readonly answers = new Latest<"shown">();
  /** An export is on its way: the button stays off until it answers. */
  private busy = false;

  constructor(
    private readonly api: ExportApi,
    /** Called after an export (the story's history and inbox state change). */
    private readonly onExported: (storyId: number, outcome: ExportOutcome) => void = () => {},
  ) {
    this.format.append(...EXPORT_FORMATS.map((f) => el("option", { value: f }, FORMAT_LABELS[f])));
    this.format.value = "nitf";
    this.reasonBox = el("label", { class: "override" }, "Override reason ", this.reason);
    const close = el("button", { type: "button", "data-testid": "export-close" }, "Close");
    close.addEventListener("click", () => this.close());
    this.dialog = el(
      "dialog",
      { class: "export-dialog", "data-testid": "export-dialog", "aria-label": "Export story" },
      el("h2", {}, "Export"),
      el("div", { class: "export-controls" }, el("label", {}, "Format ", this.format), el("label", {}, "Revision ", this.revision)),
      this.gate,
      this.reasonBox,
      el("h3", {}, "Preview"),
      this.preview,
      this.message,
      el("div", { class: "actions" }, this.confirm, close),
    );
    this.format.addEventListener("change", () => void this.refresh());
    this.revision.addEventListener("change", () => void this.refresh());
    this.reason.addEventListener("input", () => this.paintAction());
    this.confirm.addEventListener("click", () => void this.export());
  }

  async open(story: StoryDetail): Promise<void> {
    this.story = story;
    this.revision.replaceChildren();
    this.busy = false;
    this.reason.value = "";
    this.message.textContent = "";
    this.message.classList.remove("error");
    openModal(this.dialog);
    try {
      const history = await this.api.storyHistory(story.id);
      if (this.story !== story) return;
      this.revision.replaceChildren(
        ...[...history].reverse().map((entry) => el("option", { value: String(entry.id) }, revisionLabel(entry, story))),
      );
      this.revision.value = String(story.revision_id);
    } catch (err) {
      this.showMessage(`Could not load the revisions: ${errorText(err)}`, true);
      // The current text, which needs no list.
      this.revision.replaceChildren(el("option", { value: String(story.revision_id) }, `r${story.revision_id} · current`));
    }
    await this.refresh();
    this.format.focus();
  }

  close(): void {
    this.answers.drop("shown");
    closeModal(this.dialog);
  }

  private chosen(): { format: ExportFormat; revision: number | null } {
    const revision = Number(this.revision.value);
    return {
      format: this.format.value as ExportFormat,
      revision: Number.isFinite(revision) && revision > 0 ? revision : null,
    };
  }

  /** The gate and the preview for the format and revision chosen. */
  private async refresh(): Promise<void> {
    const story = this.story;
    if (!story) return;
    const ticket = this.answers.next("shown");
    const { format, revision } = this.chosen();
    this.preview.textContent = "Rendering…";
    const [blockers, preview] = await Promise.allSettled([
      this.api.exportBlockers(story.id, format, revision),
      this.api.exportPreview(story.id, format, revision),
    ]);
    if (!ticket.live) return;
    this.blockers = blockers.status === "fulfilled" ? blockers.value : [];
    this.paintGate(blockers.status === "rejected" ? errorText(blockers.reason) : null);
    if (preview.status === "fulfilled") {
      const text = preview.value;
      this.preview.textContent =
        text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS)}\n… (${text.length - PREVIEW_CHARS} more characters in the file)` : text;
      this.preview.classList.remove("error");
    } else {
      this.preview.textContent = `No preview: ${errorText(preview.reason)}`;
      this.preview.classList.add("error");
    }
    this.paintAction();
  }

  private paintGate(error: string | null): void {
    const blocked = this.blockers.length > 0;
    this.gate.classList.toggle("blocked", blocked);
    this.gate.dataset.state = blocked ? "blocked" : "clear";
    if (error) {
      this.gate.replaceChildren(el("p", { class: "error" }, `Could not check the gate: ${error}`));
    } else if (blocked) {
      this.gate.replaceChildren(
        el("h3", {}, "Not ready to publish"),
        el("ul", {}, ...this.blockers.map((b) => el("li", { "data-testid": "export-blocker" }, b))),
        el("p", { class: "hint" }, "Check the claims first, or give a reason to export anyway; the reason is recorded with the export."),
      );
    } else {
      this.gate.replaceChildren(el("p", { class: "gate-clear" }, "✓ Nothing holds this export back."));
    }
    this.reasonBox.hidden = !blocked;
  }

  private paintAction(): void {
    const action = exportAction(this.blockers, this.reason.value);
    this.confirm.textContent = action.label;
    this.confirm.disabled = this.busy || !action.enabled;
  }

  private async export(): Promise<void> {
    const story = this.story;
    if (!story) return;
    const { format, revision } = this.chosen();
    const reason = this.blockers.length > 0 ? this.reason.value.trim() : null;
    if (this.blockers.length > 0 && !reason) {
      this.showMessage("Give a reason to export past the gate.", true);
      return;
    }
    if (this.busy) return;
    this.busy = true;
    this.confirm.disabled = true;
    this.showMessage("Choose where to save…", false);
    try {
      const outcome = await this.api.exportStory(story.id, format, revision, reason);
      if (!outcome) {
        this.showMessage("Export cancelled; nothing was written.", false);
      } else {
        this.showMessage(
          `Exported revision ${outcome.revision_id} as ${FORMAT_LABELS[format]} to ${outcome.file ?? "?"} (${outcome.bytes} bytes)` +
            (outcome.override_reason ? `, past the gate: ${outcome.override_reason}` : "") +
            ".",
          false,
        );
        this.onExported(story.id, outcome);
      }
    } catch (err) {
      if (err instanceof IpcError && err.kind === "export-refused") await this.refresh();
      this.showMessage(`Not exported: ${errorText(err)}`, true);
    } finally {
      this.busy = false;
      this.paintAction();
    }
  }

  private showMessage(text: string, isError: boolean): void {
    this.message.textContent = text;
    this.message.classList.toggle("error", isError);
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

// A story's history: every revision (wire versions, edits, merges) with who,
// when, the note and what it changed, the exports made of it; tick two to
// compare them; restore one.
import { closeModal, el, openModal } from "./dom";
import type { HistoryEntry, StoryDetail } from "./ipc";
import { exactTime } from "./time";

export interface HistoryApi {
  storyHistory(storyId: number): Promise<HistoryEntry[]>;
  restoreRevision(storyId: number, revisionId: number): Promise<StoryDetail>;
}

const KIND_LABEL: Record<HistoryEntry["kind"], string> = {
  wire: "Wire version",
  edit: "Edit",
  merge: "Merge",
};

/** The history entries as rows, newest first, the current one marked. */
export function historyRows(entries: HistoryEntry[], currentRevision: number): HTMLElement[] {
  return [...entries].reverse().map((entry) =>
    el(
      "li",
      {
        class: `history-entry history-${entry.kind}`,
        "data-testid": "history-entry",
        "data-revision-id": String(entry.id),
        "aria-current": String(entry.id === currentRevision),
      },
      el(
        "div",
        { class: "history-head" },
        el(
          "label",
          { class: "history-pick", title: "Tick two revisions to compare them" },
          el("input", { type: "checkbox", "data-testid": "history-select", "data-revision-id": String(entry.id) }),
          el("strong", {}, `${KIND_LABEL[entry.kind]} · revision ${entry.id}`),
        ),
        entry.id === currentRevision && el("span", { class: "badge" }, "current"),
        el("time", { datetime: entry.created_at }, exactTime(entry.created_at)),
      ),
      el("p", { class: "history-facts" }, `${entry.author} · ${entry.summary}${entry.note ? ` — ${entry.note}` : ""}`),
      ...entry.exports.map((x) =>
        el(
          "p",
          { class: "history-export", "data-testid": "history-export" },
          `Exported as ${x.format} by ${x.author}, ${exactTime(x.created_at)}` +
            (x.destination ? ` to ${x.destination}` : "") +
            (x.override_reason ? ` — past the gate: ${x.override_reason}` : ""),
        ),
      ),
      entry.id !== currentRevision &&
        el(
          "button",
          { type: "button", class: "history-restore", "data-testid": "history-restore", "data-revision-id": String(entry.id) },
          "Restore this text",
        ),
    ),
  );
}

/** The two revisions ticked, older first; null unless exactly two are. */
export function pickedPair(ids: number[]): [number, number] | null {
  if (ids.length !== 2) return null;
  const [a, b] = [...ids].sort((x, y) => x - y);
  return [a, b];
}

/** The history dialog of the open story. */
export class HistoryView {
  readonly dialog: HTMLDialogElement;
  private readonly list = el("ol", { class: "history-list" });
  private readonly message = el("p", { class: "history-message", role: "status", "data-testid": "history-message" });
  private story: StoryDetail | null = null;
  private readonly compareButton = el(
    "button",
    { type: "button", "data-testid": "history-compare" },
    "Compare (tick two)",
  );

  private picked(): number[] {
    return [...this.list.querySelectorAll<HTMLInputElement>("[data-testid='history-select']:checked")].map((c) =>
      Number(c.dataset.revisionId),
    );
  }

  constructor(
    private readonly api: HistoryApi,
    /** Called with the story after a restore made it a new revision. */
    private readonly onRestored: (story: StoryDetail) => void,
    /** Called to compare two revisions, older first. */
    private readonly onCompare: (from: number, to: number) => void = () => {},
  ) {
    const close = el("button", { type: "button", "data-testid": "history-close" }, "Close");
    close.addEventListener("click", () => this.close());
    this.compareButton.disabled = true;
    this.compareButton.addEventListener("click", () => {
      const pair = pickedPair(this.picked());
      if (!pair) return;
      this.close();
      this.onCompare(pair[0], pair[1]);
    });
    this.list.addEventListener("change", () => {
      const n = this.picked().length;
      this.compareButton.disabled = n !== 2;
      this.compareButton.textContent = n === 2 ? "Compare the two ticked" : `Compare (tick two: ${n} ticked)`;
    });
    this.dialog = el(
      "dialog",
      { class: "history-dialog", "data-testid": "history-view", "aria-label": "Story history" },
      el("h2", {}, "History"),
      this.message,
      this.list,
      el("div", { class: "actions" }, this.compareButton, close),
    );
    this.list.addEventListener("click", (event) => {
      const button = (event.target as Element).closest<HTMLButtonElement>("[data-testid='history-restore']");
      if (button) void this.restore(Number(button.dataset.revisionId));
    });
  }

  async open(story: StoryDetail): Promise<void> {
    this.story = story;
    openModal(this.dialog);
    await this.load();
  }

  close(): void {
    closeModal(this.dialog);
  }

  private async load(): Promise<void> {
    const story = this.story;
    if (!story) return;
    this.message.textContent = "Loading…";
    try {
      const entries = await this.api.storyHistory(story.id);
      if (this.story !== story) return;
      this.list.replaceChildren(...historyRows(entries, story.revision_id));
      this.compareButton.disabled = true;
      this.compareButton.textContent = "Compare (tick two)";
      this.message.textContent = `${entries.length} revision${entries.length === 1 ? "" : "s"} of “${story.headline}”`;
      this.message.classList.remove("error");
    } catch (err) {
      this.message.textContent = `Could not load the history: ${err instanceof Error ? err.message : String(err)}`;
      this.message.classList.add("error");
    }
  }

  private async restore(revisionId: number): Promise<void> {
    const story = this.story;
    if (!story) return;
    try {
      const restored = await this.api.restoreRevision(story.id, revisionId);
      this.story = restored;
      this.onRestored(restored);
      await this.load();
      this.message.textContent = `Restored revision ${revisionId} as revision ${restored.revision_id}.`;
    } catch (err) {
      this.message.textContent = `Could not restore: ${err instanceof Error ? err.message : String(err)}`;
      this.message.classList.add("error");
    }
  }
}

// The merge view: the agency's new version merged into the desk's edited
// copy. The changes that applied cleanly are listed; each conflict shows
// the wire text the edit started from (base), the desk's (ours) and the
// agency's new text (theirs), to keep ours, take theirs or write by hand.
// Every resolution is stored as it is made and a text being written by hand
// is kept as a draft, so closing the window midway loses nothing; the last
// resolution saves the merge revision.
import { closeModal, el, openModal } from "./dom";
import { Latest } from "./late";
import { condense, hasChanges, inlineRuns, runElements, runsOf, statsText } from "./diff-render";
import type { MergeConflict, MergeReview, Resolution, StoryDetail } from "./ipc";

export interface MergeApi {
  mergeStory(storyId: number): Promise<MergeReview>;
  resolveConflict(storyId: number, conflictId: number, resolution: Resolution): Promise<MergeReview>;
  getStory(id: number): Promise<StoryDetail>;
}

function draftKey(storyId: number, conflictId: number): string {
  return `wiredesk:merge-draft:${storyId}:${conflictId}`;
}

/** The headline line of a merge's summary. */
export function mergeSummary(review: MergeReview): string {
  const version = review.wire_version ? `wire version ${review.wire_version}` : "the agency's new version";
  switch (review.status) {
    case "nothing-to-merge":
      return "Nothing to merge: the desk's copy already has the agency's newest version.";
    case "merged":
      return `Merged ${version} into the desk's copy as revision ${review.revision_id}.`;
    default: {
      const left = review.conflicts.length;
      return `Merging ${version}: ${left} conflict${left === 1 ? "" : "s"} to resolve` +
        (review.resolved ? ` (${review.resolved} resolved)` : "") +
        ". Resolutions are kept as you make them.";
    }
  }
}

/** Which text of a conflict a column shows. */
export type ConflictSide = "base" | "ours" | "theirs";

/** One column of a conflict: its label over its text (a passage one side
 *  took out shows as "(nothing)"). The draft merge shows its conflicts so
 *  too (draft-merge.ts). */
export function conflictSide(label: string, text: string, side: ConflictSide, testid: string): HTMLElement {
  return el("div", { class: `conflict-side conflict-${side}` }, el("h4", {}, label), el("p", { "data-testid": testid }, text || "(nothing)"));
}

export class MergeView {
  readonly dialog: HTMLDialogElement;
  private readonly summary = el("p", { class: "merge-summary", role: "status", "data-testid": "merge-summary" });
  private readonly applied = el("section", { class: "merge-applied", "data-testid": "merge-applied" });
  private readonly conflicts = el("section", { class: "merge-conflicts", "data-testid": "merge-conflicts" });
  private story: StoryDetail | null = null;
  /** The desk's text of each conflict shown, the start of an edit by hand. */
  private readonly ours = new Map<number, string>();
  private busy = false;
  /** Opening and closing drop the answers for an earlier opening. */
  private readonly answers = new Latest<"shown">();

  constructor(
    private readonly api: MergeApi,
    private readonly storage: Storage | null,
    /** Called with the story once a merge revision is saved. */
    private readonly onMerged: (story: StoryDetail) => void,
  ) {
    const close = el("button", { type: "button", "data-testid": "merge-close" }, "Close");
    close.addEventListener("click", () => this.close());
    this.dialog = el(
      "dialog",
      { class: "merge-dialog", "data-testid": "merge-view", "aria-label": "Merge the agency's update" },
      el("h2", {}, "Merge the agency's update"),
      this.summary,
      this.conflicts,
      this.applied,
      el("div", { class: "actions" }, close),
    );
    this.conflicts.addEventListener("click", (event) => {
      const button = (event.target as Element).closest<HTMLButtonElement>("button[data-resolve]");
      if (!button) return;
      const card = button.closest<HTMLElement>("[data-conflict-id]");
      if (!card) return;
      const id = Number(card.dataset.conflictId);
      const how = button.dataset.resolve;
      if (how === "ours") void this.resolve(id, { kind: "ours" });
      else if (how === "theirs") void this.resolve(id, { kind: "theirs" });
      else if (how === "edit") this.startEditing(card, this.ours.get(id) ?? "");
      else if (how === "text") {
        const text = card.querySelector("textarea")?.value ?? "";
        void this.resolve(id, { kind: "text", text });
      }
    });
    this.conflicts.addEventListener("input", (event) => {
      const area = event.target as HTMLTextAreaElement;
      const card = area.closest<HTMLElement>("[data-conflict-id]");
      if (area.tagName === "TEXTAREA" && card && this.story) {
        this.storage?.setItem(draftKey(this.story.id, Number(card.dataset.conflictId)), area.value);
      }
    });
  }

  /** Merges (or finds the merge waiting) and shows it. */
  async open(story: StoryDetail): Promise<void> {
    this.answers.drop("shown");
    this.busy = false;
    this.story = story;
    this.summary.textContent = "Merging…";
    this.summary.classList.remove("error");
    this.applied.replaceChildren();
    this.conflicts.replaceChildren();
    openModal(this.dialog);
    await this.run(() => this.api.mergeStory(story.id));
  }

  close(): void {
    this.answers.drop("shown");
    this.story = null;
    closeModal(this.dialog);
  }

  private async resolve(conflictId: number, resolution: Resolution): Promise<void> {
    const story = this.story;
    if (!story || this.busy) return;
    if (resolution.kind === "text" && resolution.text.trim() === "") {
      this.summary.textContent = "Write the text this passage should read, or keep one side.";
      this.summary.classList.add("error");
      return;
    }
    const ok = await this.run(() => this.api.resolveConflict(story.id, conflictId, resolution));
    if (ok) this.storage?.removeItem(draftKey(story.id, conflictId));
  }

  private async run(step: () => Promise<MergeReview>): Promise<boolean> {
    const story = this.story;
    if (!story) return false;
    const ticket = this.answers.current("shown");
    this.busy = true;
    try {
      const review = await step();
      if (!ticket.live) return true; // closed meanwhile; the core kept what was done
      this.show(review);
      if (review.status === "merged") {
        const merged = await this.api.getStory(story.id);
        if (!ticket.live) return true;
        this.story = merged;
        this.onMerged(merged);
      }
      return true;
    } catch (err) {
      if (ticket.live) {
        this.summary.textContent = `Could not merge: ${err instanceof Error ? err.message : String(err)}`;
        this.summary.classList.add("error");
      }
      return false;
    } finally {
      if (ticket.live) this.busy = false;
    }
  }

  private show(review: MergeReview): void {
    this.summary.textContent = mergeSummary(review);
    this.summary.classList.remove("error");
    const runs = runsOf(review.applied);
    this.applied.replaceChildren(
      el("h3", {}, review.status === "merged" ? "Changes merged" : "Applied cleanly"),
      el("p", { class: "hint", "data-testid": "merge-applied-stats" }, hasChanges(runs) ? statsText(review.applied_stats) : "No changes applied yet."),
    );
    if (hasChanges(runs)) this.applied.append(el("div", { class: "compare-inline merge-text" }, ...runElements(condense(inlineRuns(runs)))));
    this.applied.hidden = review.status === "nothing-to-merge";
    this.conflicts.hidden = review.conflicts.length === 0;
    this.conflicts.replaceChildren(
      el("h3", {}, "Conflicts: the desk and the agency changed the same words"),
      ...review.conflicts.map((c) => this.conflictCard(c)),
    );
  }

  private conflictCard(conflict: MergeConflict): HTMLElement {
    const draft = this.story ? this.storage?.getItem(draftKey(this.story.id, conflict.id)) : null;
    this.ours.set(conflict.id, conflict.ours);
    const column = (label: string, text: string, side: ConflictSide) => conflictSide(label, text, side, `conflict-${side}`);
    const card = el(
      "article",
      { class: "conflict", "data-testid": "conflict", "data-conflict-id": String(conflict.id) },
      el(
        "div",
        { class: "conflict-sides" },
        column("Wire text the edit started from", conflict.base, "base"),
        column("Desk's text (ours)", conflict.ours, "ours"),
        column("Agency's new text (theirs)", conflict.theirs, "theirs"),
      ),
      el(
        "div",
        { class: "conflict-actions" },
        el("button", { type: "button", "data-resolve": "ours", "data-testid": "keep-ours" }, "Keep ours"),
        el("button", { type: "button", "data-resolve": "theirs", "data-testid": "take-theirs" }, "Take theirs"),
        el("button", { type: "button", "data-resolve": "edit", "data-testid": "edit-conflict" }, "Edit by hand…"),
      ),
    );
    if (draft !== null && draft !== undefined) this.startEditing(card, draft);
    return card;
  }

  private startEditing(card: HTMLElement, text: string): void {
    if (card.querySelector("textarea")) return;
    const area = el("textarea", { rows: "4", "data-testid": "conflict-text", "aria-label": "The text as it should read" });
    area.value = text;
    card.append(
      el(
        "div",
        { class: "conflict-edit" },
        area,
        el("button", { type: "button", "data-resolve": "text", "data-testid": "conflict-apply" }, "Use this text"),
      ),
    );
    area.focus();
  }
}

// Merging the editor's unsaved draft with another person's save of the open
// story: three-way in Rust (merge_draft), from the revision the draft was
// begun on. When nothing conflicts the merged text is saved at once;
// otherwise this dialog shows each conflict, their text beside the draft's,
// to keep one side of, and the merged text is saved once each is answered.
// Nothing is saved before that, and the editor is never touched here: the
// story pane shows the merged revision, or keeps its text and its draft as
// they were when the merge is cancelled or fails (story-view.ts).
import { closeModal, el, openModal } from "./dom";
import { IpcError, type DraftResolution, type MergeConflict, type MergeOutcome } from "./ipc";
import type { Ticket } from "./late";
import { conflictSide } from "./merge-view";

/** What the draft merge asks of Rust. */
export type DraftMergeApi = Pick<typeof import("./ipc"), "getStory" | "mergeDraft">;

/** The unsaved text to merge, and the revision it was begun on. */
export interface DraftToMerge {
  storyId: number;
  baseRevisionId: number;
  headline: string;
  body: string;
  /** Who saved the revision it is merged with, when the desk said so. */
  actor: string | null;
}

/** How a draft merge ended. */
export type DraftMergeResult =
  | { kind: "merged"; revisionId: number }
  | { kind: "cancelled" }
  | { kind: "failed"; error: unknown };

/** "Anna Berg's version", or "the other version" when who saved it is not known. */
export function theirVersion(actor: string | null): string {
  return actor ? `${actor}'s version` : "the other version";
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** A merge that answered with neither a saved revision nor conflicts to answer. */
function nothingMerged(outcome: MergeOutcome): Error {
  return new Error(outcome.status === "nothing-to-merge" ? "there was nothing to merge" : "the merge saved no revision");
}

/** Which side of a conflict the editor keeps. */
type Keep = "ours" | "theirs";

/** One merge as the dialog shows it. */
interface Session {
  draft: DraftToMerge;
  /** The story's newest revision, the one the conflicts are with. */
  theirs: number;
  conflicts: MergeConflict[];
  answers: Map<number, Keep>;
  /** Said before the count of conflicts (the story saved again meanwhile). */
  note: string | null;
  finish: (result: DraftMergeResult) => void;
}

interface Attempt {
  outcome: MergeOutcome;
  /** The revision merged with. */
  theirs: number;
  /** Whether the story was saved again after the revision first asked for. */
  moved: boolean;
}

export class DraftMerge {
  readonly dialog: HTMLDialogElement;
  private readonly heading = el("h2", {}, "Merge your draft");
  private readonly summary = el("p", { class: "merge-summary", role: "status", "data-testid": "draft-merge-summary" });
  private readonly list = el("section", { class: "merge-conflicts", "data-testid": "draft-conflicts" });
  private readonly applyButton = el(
    "button",
    { type: "button", class: "primary", "data-testid": "draft-merge-apply", title: "Save the merged text as a new revision" },
    "Save merged",
  );
  private readonly cancelButton = el(
    "button",
    { type: "button", "data-testid": "draft-merge-cancel", title: "Merge nothing: your draft stays in the editor as it is" },
    "Cancel",
  );
  private session: Session | null = null;
  /** The merged text is being saved: the answers and Cancel wait. */
  private busy = false;

  constructor(private readonly api: DraftMergeApi) {
    this.dialog = el(
      "dialog",
      { class: "merge-dialog draft-merge", "data-testid": "draft-merge", "aria-label": "Merge your draft" },
      this.heading,
      this.summary,
      this.list,
      el("div", { class: "actions" }, this.cancelButton, this.applyButton),
    );
    this.applyButton.addEventListener("click", () => void this.apply());
    this.cancelButton.addEventListener("click", () => {
      if (!this.busy) this.cancel();
    });
    // Escape cancels as Cancel does; not while the merged text is being saved.
    this.dialog.addEventListener("cancel", (event) => {
      event.preventDefault();
      if (!this.busy) this.cancel();
    });
    this.list.addEventListener("click", (event) => {
      const button = (event.target as Element).closest<HTMLButtonElement>("button[data-keep]");
      const card = button?.closest<HTMLElement>("[data-conflict-id]");
      const session = this.session;
      if (!button || !card || !session || this.busy) return;
      const keep = button.dataset.keep === "theirs" ? "theirs" : "ours";
      session.answers.set(Number(card.dataset.conflictId), keep);
      card.dataset.keep = keep;
      for (const b of card.querySelectorAll<HTMLButtonElement>("button[data-keep]")) {
        b.setAttribute("aria-pressed", String(b === button));
      }
      this.paintSummary(session);
    });
  }

  /** Whether the dialog is showing a merge's conflicts. */
  get isOpen(): boolean {
    return this.session !== null;
  }

  /** Merges `draft` with the story's newest revision. Answers once the
   *  merged text is saved, or when the merge is cancelled, or when it failed
   *  before there were conflicts to show (a failure after that is said in
   *  the dialog, which stays open to try again or cancel). A `ticket` gone
   *  stale (another story opened meanwhile) shows no conflicts. */
  async merge(draft: DraftToMerge, ticket: Ticket): Promise<DraftMergeResult> {
    this.cancel();
    let attempt: Attempt;
    try {
      attempt = await this.attempt(draft, null, []);
    } catch (error) {
      return { kind: "failed", error };
    }
    const { outcome, theirs } = attempt;
    if (outcome.status === "merged" && outcome.revision_id !== null) return { kind: "merged", revisionId: outcome.revision_id };
    if (outcome.status !== "conflicts" || outcome.conflicts.length === 0) return { kind: "failed", error: nothingMerged(outcome) };
    if (!ticket.live) return { kind: "cancelled" };
    this.cancel();
    return new Promise<DraftMergeResult>((finish) => {
      const session: Session = { draft, theirs, conflicts: [], answers: new Map(), note: null, finish };
      this.session = session;
      this.showConflicts(session, theirs, outcome.conflicts, null);
      // Shown from the story pane alone (no window around it), the dialog joins the page.
      if (!this.dialog.isConnected) this.dialog.ownerDocument.body.append(this.dialog);
      openModal(this.dialog);
    });
  }

  /** Closes the dialog, merging nothing: the merge answers "cancelled". */
  cancel(): void {
    this.end({ kind: "cancelled" });
  }

  private end(result: DraftMergeResult): void {
    const session = this.session;
    if (!session) return;
    this.session = null;
    this.setBusy(false);
    closeModal(this.dialog);
    this.list.replaceChildren();
    session.finish(result);
  }

  /** One merge, with `theirs` (or the story's newest revision, asked for
   *  first). If the story was saved again since, once more with the newest
   *  and without answers: they were for the conflicts with the one before. */
  private async attempt(draft: DraftToMerge, theirs: number | null, resolutions: DraftResolution[]): Promise<Attempt> {
    const send = (head: number, answers: DraftResolution[]) =>
      this.api.mergeDraft(draft.storyId, draft.baseRevisionId, head, draft.headline, draft.body, answers);
    const head = theirs ?? (await this.api.getStory(draft.storyId)).revision_id;
    try {
      return { outcome: await send(head, resolutions), theirs: head, moved: false };
    } catch (err) {
      if (!(err instanceof IpcError && err.kind === "edit-conflict")) throw err;
    }
    const newest = (await this.api.getStory(draft.storyId)).revision_id;
    return { outcome: await send(newest, []), theirs: newest, moved: true };
  }

  /** Saves the merged text with the answers given. */
  private async apply(): Promise<void> {
    const session = this.session;
    if (!session || this.busy || session.answers.size < session.conflicts.length) return;
    const resolutions = session.conflicts.map((c): DraftResolution => {
      const keep = session.answers.get(c.id);
      return { id: c.id, resolution: keep === "theirs" ? { kind: "theirs" } : { kind: "ours" } };
    });
    this.setBusy(true);
    this.summary.textContent = "Saving the merged text…";
    this.summary.classList.remove("error");
    try {
      const { outcome, theirs, moved } = await this.attempt(session.draft, session.theirs, resolutions);
      if (this.session !== session) return;
      if (outcome.status === "merged" && outcome.revision_id !== null) {
        this.end({ kind: "merged", revisionId: outcome.revision_id });
        return;
      }
      if (outcome.status !== "conflicts" || outcome.conflicts.length === 0) throw nothingMerged(outcome);
      this.setBusy(false);
      this.showConflicts(
        session,
        theirs,
        outcome.conflicts,
        moved ? "The story was saved again meanwhile, so choose again against its newest revision." : null,
      );
    } catch (err) {
      if (this.session !== session) return;
      this.setBusy(false);
      this.summary.textContent = `Could not save the merge: ${errorText(err)}. Your draft is in the editor as it was.`;
      this.summary.classList.add("error");
    }
  }

  private showConflicts(session: Session, theirs: number, conflicts: MergeConflict[], note: string | null): void {
    session.theirs = theirs;
    session.conflicts = conflicts;
    session.answers.clear();
    session.note = note;
    this.heading.textContent = `Merge your draft with ${theirVersion(session.draft.actor)}`;
    this.list.replaceChildren(...conflicts.map((c) => this.card(c, session.draft.actor)));
    this.paintSummary(session);
  }

  private paintSummary(session: Session): void {
    const count = session.conflicts.length;
    const left = count - session.answers.size;
    const who = session.draft.actor ?? "the other editor";
    this.summary.classList.remove("error");
    this.summary.textContent = [
      session.note,
      `You and ${who} changed the same words in ${count === 1 ? "one place" : `${count} places`}: keep your text or theirs in each. ` +
        "Everything else of both is merged.",
      left === 0 ? "Save the merged text when ready." : `${left} still to choose.`,
    ]
      .filter((part): part is string => part !== null)
      .join(" ");
    this.applyButton.disabled = this.busy || left > 0;
  }

  private setBusy(busy: boolean): void {
    this.busy = busy;
    this.cancelButton.disabled = busy;
    const session = this.session;
    this.applyButton.disabled = busy || !session || session.answers.size < session.conflicts.length;
  }

  private card(conflict: MergeConflict, actor: string | null): HTMLElement {
    const keep = (side: Keep, testid: string, label: string) =>
      el("button", { type: "button", "data-keep": side, "data-testid": testid, "aria-pressed": "false" }, label);
    return el(
      "article",
      { class: "conflict", "data-testid": "draft-conflict", "data-conflict-id": String(conflict.id) },
      el(
        "div",
        { class: "conflict-sides" },
        conflictSide("Before either change", conflict.base, "base", "draft-conflict-base"),
        conflictSide(actor ? `${actor}'s text (theirs)` : "Their text", conflict.theirs, "theirs", "draft-conflict-theirs"),
        conflictSide("Your draft (mine)", conflict.ours, "ours", "draft-conflict-ours"),
      ),
      el(
        "div",
        { class: "conflict-actions" },
        keep("ours", "draft-keep-mine", "Keep mine"),
        keep("theirs", "draft-keep-theirs", "Keep theirs"),
      ),
    );
  }
}

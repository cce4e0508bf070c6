// What cleaning removed: the story's wire copy as the cleaner left it, with
// every passage it took out shown where it stood, struck through, labelled
// with the rule that removed it, and a Restore button that puts it back in
// the story's current text as a new revision.
import { closeModal, el, openModal } from "./dom";
import { Latest, type Ticket } from "./late";
import type { CleanedCopy, RemovedPassage, StoryDetail } from "./ipc";
import { scalarToUtf16 } from "./offsets";

export interface CleaningApi {
  storyCleaning(storyId: number): Promise<CleanedCopy>;
  restoreRemovedPassage(storyId: number, passageId: number): Promise<StoryDetail>;
}

/** A run of a paragraph: its own text, or a passage cut from inside it. */
export type Segment = { kind: "text"; text: string } | { kind: "removed"; passage: RemovedPassage };

/** The cleaned copy read in order: its paragraphs, and the passages removed between them. */
export type Block =
  | { kind: "paragraph"; index: number; segments: Segment[] }
  | { kind: "removed"; passage: RemovedPassage };

/** Paragraphs as the core counts them: separated by one blank line; none in an empty body. */
export function wireParagraphs(body: string): string[] {
  return body.trim() === "" ? [] : body.split("\n\n");
}

/** `paragraph` cut at the passages removed from inside it (offsets in Unicode scalars). */
export function paragraphSegments(paragraph: string, inside: RemovedPassage[]): Segment[] {
  const segments: Segment[] = [];
  const sorted = [...inside].sort((a, b) => (a.within ?? 0) - (b.within ?? 0) || a.id - b.id);
  let from = 0;
  for (const passage of sorted) {
    const at = Math.max(from, scalarToUtf16(paragraph, passage.within ?? 0));
    if (at > from) segments.push({ kind: "text", text: paragraph.slice(from, at) });
    segments.push({ kind: "removed", passage });
    from = at;
  }
  if (from < paragraph.length || segments.length === 0) segments.push({ kind: "text", text: paragraph.slice(from) });
  return segments;
}

/**
 * The cleaned body with every removed passage put where it stood: a passage
 * of its own before the paragraph its `position` counts up to (after the
 * last one when it counts past the end), a passage cut from inside a
 * paragraph at its offset there. Passages at one place keep the cleaner's
 * order.
 */
export function cleanedBlocks(body: string, passages: RemovedPassage[]): Block[] {
  const paragraphs = wireParagraphs(body);
  const last = paragraphs.length;
  const inside = (p: RemovedPassage) => p.within !== null && p.position < last;
  const standingAt = (p: RemovedPassage) => Math.min(p.position, last);
  const blocks: Block[] = [];
  for (let index = 0; index <= last; index++) {
    for (const passage of passages) {
      if (!inside(passage) && standingAt(passage) === index) blocks.push({ kind: "removed", passage });
    }
    if (index === last) break;
    const cut = passages.filter((p) => inside(p) && p.position === index);
    blocks.push({ kind: "paragraph", index, segments: paragraphSegments(paragraphs[index], cut) });
  }
  return blocks;
}

/** "Cleaned: 3 passages removed" for the story header (and how many are back). */
export function cleaningLabel(passages: RemovedPassage[]): string {
  const n = passages.length;
  if (n === 0) return "Cleaned: nothing removed";
  const back = passages.filter((p) => p.restored).length;
  return `Cleaned: ${n} passage${n === 1 ? "" : "s"} removed` + (back ? ` (${back} restored)` : "");
}

/** The rule that removed a passage, with its detail. */
export function ruleLabel(passage: RemovedPassage): string {
  return passage.detail ? `${passage.rule} — ${passage.detail}` : passage.rule;
}

/** A removed passage: struck through (or shown as restored), its rule, and Restore. */
function passageElement(passage: RemovedPassage, inline: boolean): HTMLElement {
  const tag = inline ? "span" : "div";
  const label = el("span", { class: "removed-rule", "data-testid": "removed-rule" }, ruleLabel(passage));
  const action = passage.restored
    ? el("span", { class: "badge restored", "data-testid": "passage-restored" }, "restored")
    : el(
        "button",
        {
          type: "button",
          class: "restore-passage",
          "data-testid": "restore-passage",
          "data-passage-id": String(passage.id),
          "aria-label": `Restore passage ${passage.id} (${passage.rule})`,
          title: "Put this passage back in the story's text, as a new revision",
        },
        "Restore",
      );
  const text = passage.restored
    ? el("span", { class: "removed-text" }, passage.text)
    : el("del", { class: "removed-text" }, passage.text);
  return el(
    tag,
    {
      class: `removed-passage${inline ? " inline" : ""}${passage.restored ? " is-restored" : ""}`,
      "data-testid": "removed-passage",
      "data-passage-id": String(passage.id),
      "data-restored": String(passage.restored),
    },
    text,
    el("span", { class: "removed-meta" }, label, action),
  );
}

/** The cleaned copy as elements. */
export function cleanedCopyElements(copy: CleanedCopy): HTMLElement[] {
  return cleanedBlocks(copy.body, copy.passages).map((block) =>
    block.kind === "removed"
      ? passageElement(block.passage, false)
      : el(
          "p",
          { class: "cleaned-paragraph" },
          ...block.segments.map((s) => (s.kind === "text" ? s.text : passageElement(s.passage, true))),
        ),
  );
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The cleaning dialog of the open story. */
export class CleaningView {
  readonly dialog: HTMLDialogElement;
  private readonly summary = el("p", { class: "cleaning-summary", role: "status", "data-testid": "cleaning-summary" });
  private readonly headline = el("h3", { class: "cleaning-headline" });
  private readonly copy = el("div", { class: "cleaning-copy", "data-testid": "cleaning-copy" });
  private readonly closeButton = el("button", { type: "button", "data-testid": "cleaning-close" }, "Close");
  private story: StoryDetail | null = null;
  private busy = false;
  /** Opening and closing drop the answers for an earlier opening. */
  private readonly answers = new Latest<"shown">();

  constructor(
    private readonly api: CleaningApi,
    /** Called with the story after a passage was put back as a new revision. */
    private readonly onRestored: (story: StoryDetail) => void,
  ) {
    this.closeButton.addEventListener("click", () => this.close());
    this.dialog = el(
      "dialog",
      { class: "cleaning-dialog", "data-testid": "cleaning-view", "aria-label": "What cleaning removed" },
      el("h2", {}, "What cleaning removed"),
      this.summary,
      el(
        "p",
        { class: "cleaning-hint" },
        "The agency's copy as cleaned. Removed passages are struck through where they stood; Restore puts one back in the story's current text.",
      ),
      el("div", { class: "cleaning-body" }, this.headline, this.copy),
      el("div", { class: "actions" }, this.closeButton),
    );
    this.dialog.addEventListener("close", () => this.forget());
    this.copy.addEventListener("click", (event) => {
      const button = (event.target as Element).closest<HTMLButtonElement>("[data-testid='restore-passage']");
      if (button) void this.restore(Number(button.dataset.passageId));
    });
  }

  get isOpen(): boolean {
    return this.dialog.open || this.dialog.hasAttribute("open");
  }

  async open(story: StoryDetail): Promise<void> {
    const ticket = this.answers.next("shown");
    this.story = story;
    this.busy = false;
    this.headline.textContent = "";
    this.copy.replaceChildren();
    this.say("Loading…");
    openModal(this.dialog);
    await this.load(ticket);
    // The dialog focused Close while the list loaded: the keyboard starts on the first Restore.
    const active = this.dialog.ownerDocument.activeElement;
    if (ticket.live && (active === this.closeButton || !this.dialog.contains(active))) {
      this.copy.querySelector<HTMLButtonElement>("[data-testid='restore-passage']")?.focus();
    }
  }

  close(): void {
    closeModal(this.dialog);
    this.forget();
  }

  private forget(): void {
    this.answers.drop("shown");
    this.story = null;
  }

  private say(text: string, isError = false): void {
    this.summary.textContent = text;
    this.summary.classList.toggle("error", isError);
  }

  private async load(ticket: Ticket, done?: string): Promise<void> {
    const story = this.story;
    if (!story) return;
    let copy: CleanedCopy;
    try {
      copy = await this.api.storyCleaning(story.id);
    } catch (err) {
      if (ticket.live) this.say(`Could not load what cleaning removed: ${errorText(err)}`, true);
      return;
    }
    if (!ticket.live) return;
    this.headline.textContent = copy.headline;
    this.copy.replaceChildren(...cleanedCopyElements(copy));
    const n = copy.passages.length;
    const back = copy.passages.filter((p) => p.restored).length;
    const counts =
      n === 0
        ? "Cleaning removed nothing from the agency's copy."
        : `Cleaning removed ${n} passage${n === 1 ? "" : "s"} from the agency's copy` +
          (back ? `; ${back} ${back === 1 ? "is" : "are"} back in the story.` : ".");
    this.say(done ? `${done} ${counts}` : counts);
  }

  private async restore(passageId: number): Promise<void> {
    const story = this.story;
    if (!story || this.busy) return;
    const ticket = this.answers.current("shown");
    this.busy = true;
    for (const b of this.copy.querySelectorAll<HTMLButtonElement>("[data-testid='restore-passage']")) b.disabled = true;
    this.say(`Restoring passage ${passageId}…`);
    try {
      const restored = await this.api.restoreRemovedPassage(story.id, passageId);
      // The revision is saved whether or not this dialog is still open.
      this.onRestored(restored);
      if (!ticket.live) return;
      this.story = restored;
      await this.load(ticket, `Restored passage ${passageId} as revision ${restored.revision_id}.`);
      if (!ticket.live) return;
      const next = this.copy.querySelector<HTMLButtonElement>("[data-testid='restore-passage']");
      (next ?? this.closeButton).focus();
    } catch (err) {
      if (!ticket.live) return;
      this.say(`Could not restore passage ${passageId}: ${errorText(err)}`, true);
      for (const b of this.copy.querySelectorAll<HTMLButtonElement>("[data-testid='restore-passage']")) b.disabled = false;
    } finally {
      if (ticket.live) this.busy = false;
    }
  }
}

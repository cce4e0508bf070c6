// The open story's state, one store the views subscribe to: the story as
// the core last gave it, its claims, the findings against its wire copy
// (and the figures other stories report differently), what could not be
// loaded, and what cleaning removed. It asks Rust for them and drops late
// answers (late.ts): an answer for another story, or one overtaken by a
// later ask, never reaches the views. The editor's text and its drafts stay
// with the editor (story-view.ts, editor/draft.ts).
import { Latest, type Ticket } from "./late";
import { isUnreachable } from "./reconnect";
import type { Claim, IntegrityFinding, RemovedPassage, StoryDetail } from "./ipc";

/** What the store asks of Rust. */
export type StoryStoreApi = Pick<
  typeof import("./ipc"),
  "storyClaims" | "storyIntegrity" | "storyFigureFindings" | "acknowledgeFinding" | "storyCleaning"
>;

/** What changed, for the views to repaint:
 *  - `loaded`: the claims, the findings and the problems, all anew;
 *  - `claims`: the claims alone, read again (changed on another desktop);
 *  - `figures`: other stories' figures joined the findings;
 *  - `findings`: the findings as an acceptance left them;
 *  - `problems`: something more could not be loaded;
 *  - `cleaning`: what cleaning removed (null: it could not be asked). */
export type StoryChange =
  | { kind: "loaded" }
  | { kind: "claims" }
  | { kind: "figures" }
  | { kind: "findings" }
  | { kind: "problems" }
  | { kind: "cleaning"; passages: RemovedPassage[] | null };

export type StoryListener = (change: StoryChange) => void;

type ClaimsAnswer = Promise<[PromiseSettledResult<Claim[]>, PromiseSettledResult<IntegrityFinding[]>]>;

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export class StoryStore {
  private shown: StoryDetail | null = null;
  private claimList: Claim[] = [];
  private findingList: IntegrityFinding[] = [];
  private problemList: string[] = [];
  private readonly listeners = new Set<StoryListener>();
  /** "story": the story shown (another one, or none, drops every answer for
   *  the one before); "figures" and "cleaning": only the latest ask's answer
   *  joins the findings or shows. */
  private readonly answers = new Latest<"story" | "claims" | "figures" | "cleaning">();

  constructor(private readonly api: StoryStoreApi) {}

  /** Calls `listener` after each change; returns what unsubscribes it. */
  subscribe(listener: StoryListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(change: StoryChange): void {
    for (const listener of this.listeners) listener(change);
  }

  get story(): StoryDetail | null {
    return this.shown;
  }

  get claims(): Claim[] {
    return this.claimList;
  }

  get findings(): IntegrityFinding[] {
    return this.findingList;
  }

  /** What could not be loaded for the open story. */
  get problems(): string[] {
    return this.problemList;
  }

  /** Opens `story`: answers for the one before are dropped, and its claims
   *  are asked for at once (`loadClaims` shows them). */
  open(story: StoryDetail): { ticket: Ticket; pending: ClaimsAnswer } {
    const ticket = this.answers.next("story");
    const pending = this.fetchClaims(story.id);
    this.shown = story;
    this.claimList = [];
    this.findingList = [];
    return { ticket, pending };
  }

  /** No story: every answer on its way is dropped. */
  close(): void {
    this.answers.drop("story");
    this.shown = null;
  }

  /** The story open now, for an answer to check it is still live. */
  current(): Ticket {
    return this.answers.current("story");
  }

  /** The story as the core now has it (a save, the agency's new version). */
  replaceStory(story: StoryDetail): void {
    this.shown = story;
  }

  /** A save changed the text: figures asked for before it are dropped. */
  textSaved(story: StoryDetail): void {
    this.answers.drop("figures");
    // Claims read before the save point into the text before it.
    this.answers.drop("claims");
    this.shown = story;
  }

  private fetchClaims(storyId: number): ClaimsAnswer {
    return Promise.allSettled([this.api.storyClaims(storyId), this.api.storyIntegrity(storyId)]);
  }

  /** The story's claims and the findings against its wire copy, then the
   *  figures other stories report (not awaited: they join the findings
   *  when they arrive). */
  async loadClaims(ticket: Ticket, pending?: ClaimsAnswer): Promise<void> {
    const story = this.shown;
    if (!story) return;
    // A reading of the claims alone, still on its way, is older than this one.
    this.answers.drop("claims");
    const [claims, findings] = await (pending ?? this.fetchClaims(story.id));
    if (!ticket.live) return;
    this.claimList = claims.status === "fulfilled" ? claims.value : [];
    this.findingList = findings.status === "fulfilled" ? findings.value : [];
    // The library out of reach is the banner's to say (reconnect.ts).
    this.problemList = [
      claims.status === "rejected" &&
        !isUnreachable(claims.reason) &&
        `Could not load the claims: ${errorText(claims.reason)}`,
      findings.status === "rejected" &&
        !isUnreachable(findings.reason) &&
        `Could not check the text against the wire: ${errorText(findings.reason)}`,
    ].filter((p): p is string => Boolean(p));
    this.emit({ kind: "loaded" });
    void this.loadFigureFindings(ticket, story.id);
  }

  /** The story's claims alone, read again: another desktop changed them.
   *  The findings stay as they are (no search of the library for this). */
  async reloadClaims(ticket: Ticket): Promise<void> {
    const story = this.shown;
    if (!story) return;
    const request = this.answers.next("claims");
    let claims: Claim[];
    try {
      claims = await this.api.storyClaims(story.id);
    } catch {
      // The claims shown stay; the next change or opening reads them again.
      return;
    }
    if (!ticket.live || !request.live) return;
    this.claimList = claims;
    this.emit({ kind: "claims" });
  }

  /** The story's figures that other stories report differently: a search
   *  of the library, so asked for once the story shows. An answer for
   *  another story, or for text saved since, is dropped. */
  private async loadFigureFindings(ticket: Ticket, storyId: number): Promise<void> {
    const request = this.answers.next("figures");
    let figures: IntegrityFinding[];
    try {
      figures = await this.api.storyFigureFindings(storyId);
    } catch (err) {
      if (!ticket.live || !request.live || isUnreachable(err)) return;
      this.problemList = [...this.problemList, `Could not compare figures with other stories: ${errorText(err)}`];
      this.emit({ kind: "problems" });
      return;
    }
    if (!ticket.live || !request.live) return;
    // Findings already listed (an acceptance answers with all of them) stay as they are.
    const known = new Set(this.findingList.map((f) => f.key));
    const added = figures.filter((f) => !known.has(f.key));
    if (added.length === 0) return;
    this.findingList = [...this.findingList, ...added].sort((a, b) => a.start - b.start || a.end - b.end);
    this.emit({ kind: "figures" });
  }

  /** What cleaning removed from the story's wire copy. */
  async loadCleaning(ticket: Ticket, storyId: number): Promise<void> {
    const request = this.answers.next("cleaning");
    let passages: RemovedPassage[];
    try {
      passages = (await this.api.storyCleaning(storyId)).passages;
    } catch {
      // The header simply says nothing about cleaning; the view can say why.
      if (ticket.live && request.live) this.emit({ kind: "cleaning", passages: null });
      return;
    }
    if (!ticket.live || !request.live) return;
    this.emit({ kind: "cleaning", passages });
  }

  /** Accepts an integrity finding; false when another story opened meanwhile. */
  async acknowledge(key: string, reason: string): Promise<boolean> {
    const story = this.shown;
    if (!story) return false;
    const ticket = this.current();
    const findings = await this.api.acknowledgeFinding(story.id, key, reason);
    if (!ticket.live) return false;
    this.findingList = findings;
    this.emit({ kind: "findings" });
    return true;
  }

  /** A claim as the core answered for it: replaced, or added. False when it
   *  is not the open story's (an answer that came after another opened). */
  claimChanged(claim: Claim): boolean {
    if (!this.shown || claim.story_id !== this.shown.id) return false;
    const i = this.claimList.findIndex((c) => c.id === claim.id);
    if (i >= 0) this.claimList[i] = claim;
    else this.claimList.push(claim);
    return true;
  }
}

// The live desk: the library's changes, as any desktop or the command line
// makes them (this desktop's own among them), applied to what the window
// shows. Bursts are coalesced: an ingest of five hundred files refreshes
// the inbox a few times a second at most, not five hundred times.
import type { DeskEvent, DeskEventKind, DeskFeed } from "./ipc";

/** What the window does about the desk's changes. */
export interface LiveDeskTargets {
  /** The inbox's rows read again in place (scroll and selection kept). */
  refreshInbox(): void;
  /** The story open, if any. */
  openStoryId(): number | null;
  /** The open story's claims read again. */
  refreshClaims(storyId: number): void;
  /** A revision of the open story was saved or merged (maybe by this desktop). */
  storySaved(event: DeskEvent): void;
  /** The agency sent a new version of the open story. */
  wireUpdated(storyId: number): void;
  /** Who is where, asked again. */
  refreshPresence(): void;
  /** The claims assigned to this desktop's user counted again: an
   *  assignment or a status changed somewhere. */
  refreshAssigned(): void;
  /** The desk's changes are followed (`live`) or not, and why. */
  feedChanged(live: boolean, message: string | null): void;
}

/** How long a burst of changes is gathered before the window refreshes. */
export const LIVE_DELAY_MS = 250;

/** Changes that show in the inbox's rows. */
const INBOX_KINDS: ReadonlySet<DeskEventKind> = new Set<DeskEventKind>([
  "ingested",
  "updated",
  "saved",
  "merged",
  "exported",
  "acknowledged",
  "claim-added",
  "claim-status",
  "claim-note",
  "claim-evidence",
  "claim-assigned",
  "claim-dismissed",
]);

/** Changes to the claims assigned to someone, or to whether they are open. */
const ASSIGNED_KINDS: ReadonlySet<DeskEventKind> = new Set<DeskEventKind>(["claim-assigned", "claim-status", "claim-dismissed"]);

function isClaimKind(kind: string): boolean {
  return kind.startsWith("claim-");
}

/** Runs `work` at most once per `delayMs`, however often it is asked for:
 *  the first ask starts the wait, the asks during it join that run. */
export class Coalesced {
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly work: () => void,
    private readonly delayMs = LIVE_DELAY_MS,
  ) {}

  request(): void {
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.work();
    }, this.delayMs);
  }

  /** Whether a run is waiting. */
  get pending(): boolean {
    return this.timer !== undefined;
  }
}

export class LiveDesk {
  private readonly inbox: Coalesced;
  private readonly presence: Coalesced;
  private readonly assigned: Coalesced;
  private readonly claims: Coalesced;
  /** The stories whose claims changed in the burst being gathered. */
  private claimStories = new Set<number>();
  private live = true;

  constructor(
    private readonly targets: LiveDeskTargets,
    delayMs = LIVE_DELAY_MS,
  ) {
    this.inbox = new Coalesced(() => targets.refreshInbox(), delayMs);
    this.presence = new Coalesced(() => targets.refreshPresence(), delayMs);
    this.assigned = new Coalesced(() => targets.refreshAssigned(), delayMs);
    this.claims = new Coalesced(() => {
      const stories = this.claimStories;
      this.claimStories = new Set();
      // Only the story still open: the others load theirs when opened.
      const open = targets.openStoryId();
      if (open !== null && stories.has(open)) targets.refreshClaims(open);
    }, delayMs);
  }

  /** Whether the desk's changes are being followed. */
  get following(): boolean {
    return this.live;
  }

  /** One change on the library. */
  event(event: DeskEvent): void {
    if (event.kind === "presence") {
      this.presence.request();
      return;
    }
    if (INBOX_KINDS.has(event.kind)) this.inbox.request();
    if (ASSIGNED_KINDS.has(event.kind)) this.assigned.request();
    const open = this.targets.openStoryId();
    if (event.story_id === null || event.story_id !== open) return;
    if (isClaimKind(event.kind)) {
      this.claimStories.add(event.story_id);
      this.claims.request();
    } else if (event.kind === "saved" || event.kind === "merged") {
      this.targets.storySaved(event);
    } else if (event.kind === "updated") {
      this.targets.wireUpdated(event.story_id);
    }
  }

  /** The stream lost, or back: then what was missed is shown once. */
  feed(feed: DeskFeed): void {
    const was = this.live;
    this.live = feed.live;
    this.targets.feedChanged(feed.live, feed.message);
    if (feed.live && !was) {
      this.inbox.request();
      this.assigned.request();
      this.presence.request();
    }
  }
}

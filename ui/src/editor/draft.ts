// Unsaved drafts, kept on this machine between saves so that a crash or a
// refused save loses at most the last couple of seconds of typing.
import type { StoryText } from "./document";

export interface Draft extends StoryText {
  storyId: number;
  /** The revision the draft was edited from. */
  baseRevisionId: number;
  /** When it was written (RFC 3339). */
  savedAt: string;
}

export function draftKey(storyId: number): string {
  return `wiredesk:draft:${storyId}`;
}

/** The window's localStorage, or null where there is none (or it refuses). */
export function defaultStorage(): Storage | null {
  try {
    return typeof window !== "undefined" && window.localStorage ? window.localStorage : null;
  } catch {
    return null;
  }
}

export function writeDraft(storage: Storage | null, draft: Draft): boolean {
  if (!storage) return false;
  try {
    storage.setItem(draftKey(draft.storyId), JSON.stringify(draft));
    return true;
  } catch {
    return false; // full or refused: the editor still holds the text
  }
}

export function readDraft(storage: Storage | null, storyId: number): Draft | null {
  if (!storage) return null;
  let raw: string | null;
  try {
    raw = storage.getItem(draftKey(storyId));
  } catch {
    return null;
  }
  if (raw === null) return null;
  try {
    const value = JSON.parse(raw) as Partial<Draft>;
    if (
      value.storyId === storyId &&
      typeof value.baseRevisionId === "number" &&
      typeof value.headline === "string" &&
      typeof value.body === "string" &&
      typeof value.savedAt === "string"
    ) {
      return value as Draft;
    }
  } catch {
    // not ours, or damaged
  }
  return null;
}

export function clearDraft(storage: Storage | null, storyId: number): void {
  try {
    storage?.removeItem(draftKey(storyId));
  } catch {
    // nothing to do
  }
}

/** What to do with a stored draft when a story opens. */
export type DraftVerdict =
  | { action: "none" }
  /** Same text as the story: the draft is stale, drop it. */
  | { action: "drop"; draft: Draft }
  /** Made on the revision shown: put it back in the editor. */
  | { action: "restore"; draft: Draft }
  /** Made on another revision: offer it, never apply it silently. */
  | { action: "offer"; draft: Draft };

export function judgeDraft(
  draft: Draft | null,
  story: { id: number; revision_id: number; headline: string; body: string },
): DraftVerdict {
  if (!draft || draft.storyId !== story.id) return { action: "none" };
  if (draft.headline === story.headline && draft.body === story.body) return { action: "drop", draft };
  if (draft.baseRevisionId === story.revision_id) return { action: "restore", draft };
  return { action: "offer", draft };
}

/** "14:05", the local time a draft was written. */
export function draftClock(draft: Draft): string {
  const at = new Date(draft.savedAt);
  if (Number.isNaN(at.getTime())) return draft.savedAt;
  return `${String(at.getHours()).padStart(2, "0")}:${String(at.getMinutes()).padStart(2, "0")}`;
}

/** Keeps the open story's unsaved text: written a moment after an edit
 *  while it differs from the saved text, cleared when it is back to it. */
export class DraftKeeper {
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly storage: Storage | null,
    private readonly delayMs: number,
    private readonly now: () => Date,
    /** The unsaved text now, or null when there is none to keep. */
    private readonly unsaved: () => Omit<Draft, "savedAt"> | null,
  ) {}

  /** The text changed; `dirty`: it differs from the saved text. */
  edited(storyId: number | null, dirty: boolean): void {
    if (dirty) {
      this.timer ??= setTimeout(() => {
        this.timer = undefined;
        this.flush();
      }, this.delayMs);
    } else if (storyId !== null) {
      this.cancel();
      clearDraft(this.storage, storyId);
    }
  }

  /** Writes the unsaved text now. */
  flush(): void {
    this.cancel();
    const text = this.unsaved();
    if (text) writeDraft(this.storage, { ...text, savedAt: this.now().toISOString() });
  }

  /** Forgets a write still waiting. */
  cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  clear(storyId: number): void {
    clearDraft(this.storage, storyId);
  }

  /** What to do with the draft kept for `story`. */
  verdict(story: Parameters<typeof judgeDraft>[1]): DraftVerdict {
    return judgeDraft(readDraft(this.storage, story.id), story);
  }
}

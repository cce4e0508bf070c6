// The revisions this desktop wrote itself: its saves, restores, restored
// passages and merges (of the agency's updates and of the editor's drafts).
// The library's changes come back to every desktop, this one too, so a save
// of the open story is another person's only when its revision is not one
// of these. A change can arrive before the answer
// to the call that made it: `settled` waits for the writes still under way.
import type { DraftResolution, MergeOutcome, MergeReview, Resolution, StoryDetail } from "./ipc";

/** The commands that write a revision of a story. */
export interface RevisionWriters {
  saveStory(storyId: number, baseRevisionId: number, headline: string, body: string, note?: string | null): Promise<StoryDetail>;
  restoreRevision(storyId: number, revisionId: number): Promise<StoryDetail>;
  restoreRemovedPassage(storyId: number, passageId: number): Promise<StoryDetail>;
  mergeStory(storyId: number): Promise<MergeReview>;
  resolveConflict(storyId: number, conflictId: number, resolution: Resolution): Promise<MergeReview>;
  mergeDraft(
    storyId: number,
    baseRevisionId: number,
    theirsRevisionId: number,
    headline: string,
    body: string,
    resolutions?: DraftResolution[],
  ): Promise<MergeOutcome>;
}

export class OwnRevisions {
  private readonly ids = new Set<number>();
  private writing = 0;
  private waiting: (() => void)[] = [];

  /** Whether this desktop wrote revision `id`. */
  has(id: number): boolean {
    return this.ids.has(id);
  }

  /** Resolves once no write of this desktop is under way. */
  settled(): Promise<void> {
    if (this.writing === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Counts `work` as a write under way until it answers, and remembers the
   *  revision its answer names. */
  async track<T>(work: () => Promise<T>, revision: (answer: T) => number | null): Promise<T> {
    this.writing += 1;
    try {
      const answer = await work();
      const id = revision(answer);
      if (id !== null) this.ids.add(id);
      return answer;
    } finally {
      this.writing -= 1;
      if (this.writing === 0) {
        const waiting = this.waiting;
        this.waiting = [];
        for (const resolve of waiting) resolve();
      }
    }
  }

  /** `api` with its writing commands tracked; every other command as it is. */
  wrap<A extends RevisionWriters>(api: A): A {
    const story = (detail: StoryDetail) => detail.revision_id;
    const merge = (review: MergeReview | MergeOutcome) => review.revision_id;
    type Args<K extends keyof RevisionWriters> = Parameters<RevisionWriters[K]>;
    const writers: RevisionWriters = {
      saveStory: (...args: Args<"saveStory">) => this.track(() => api.saveStory(...args), story),
      restoreRevision: (...args: Args<"restoreRevision">) => this.track(() => api.restoreRevision(...args), story),
      restoreRemovedPassage: (...args: Args<"restoreRemovedPassage">) => this.track(() => api.restoreRemovedPassage(...args), story),
      mergeStory: (...args: Args<"mergeStory">) => this.track(() => api.mergeStory(...args), merge),
      resolveConflict: (...args: Args<"resolveConflict">) => this.track(() => api.resolveConflict(...args), merge),
      mergeDraft: (...args: Args<"mergeDraft">) => this.track(() => api.mergeDraft(...args), merge),
    };
    // Read through, not copied: the commands are looked up as they are called.
    // The proxy's own target is an empty object: the ipc module's exports
    // are fixed properties, which a proxy of the module itself would have to
    // give back unchanged.
    return new Proxy({} as A, {
      get: (_, key) => (key in writers ? writers[key as keyof RevisionWriters] : Reflect.get(api, key)),
      has: (_, key) => key in writers || key in api,
    });
  }
}

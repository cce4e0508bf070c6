// What the UI's tests share: a complete fake of everything the window asks
// of Rust (each test overrides what it is about), and small helpers to let
// promises settle, hold an answer back and press keys. Used by tests only.
import type { Api } from "./app";
import { cleanedCopy, detail, hits, summaries } from "./fixtures";
import {
  IpcError,
  type BatchSummary,
  type DeskEvent,
  type DeskFeed,
  type DeskPresence,
  type DropFolderState,
  type HistoryEntry,
  type IngestProgress,
  type Person,
  type StoryDiff,
  type StyleCheck,
  type StyleGuide,
  type StyleMatch,
} from "./ipc";
import type { StyleApi } from "./style-section";
import type { WorkspaceApi } from "./story-view";

/** Lets `ticks` rounds of promise callbacks run. */
export async function settle(ticks = 10): Promise<void> {
  for (let i = 0; i < ticks; i++) await Promise.resolve();
}

/** A promise and the function that settles it. */
export function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** A key pressed on `target` (the page by default). */
export function press(key: string, target: EventTarget = document.body, init: KeyboardEventInit = {}): void {
  target.dispatchEvent(new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true, ...init }));
}

/** A command the test does not expect to be called. */
export async function notInThisTest(): Promise<never> {
  throw new IpcError("internal", "not in this test");
}

/** A house style check that found `matches`. */
export function styleCheckOf(matches: StyleMatch[] = []): StyleCheck {
  return { matches, guide: "agency", dialect: "en-US", spelling_problem: null };
}

/** A desk's house style guide with no rules yet. */
export function emptyGuide(): StyleGuide {
  return { name: "agency", description: "", dialect: "en-US", rule: [] };
}

/** The house style commands of a desk whose guide finds nothing. */
export function quietStyleApi(): StyleApi & Pick<WorkspaceApi, "styleCheck" | "styleIgnore" | "addDeskWord"> {
  return {
    styleCheck: async () => styleCheckOf(),
    styleIgnore: async () => null,
    styleSettings: async () => ({ guide: emptyGuide(), starters: ["agency", "british"], words: [] }),
    styleSaveRule: async () => emptyGuide(),
    styleRemoveRule: async () => emptyGuide(),
    styleUseGuide: async () => emptyGuide(),
    styleSetDialect: async () => emptyGuide(),
    styleTryRule: async () => ({ matches: 0, stories: 0, searched: 0, through: "every story", examples: [] }),
    styleLearnNames: async () => ({ stories: 0, added: 0, words: [] }),
    styleImportGuide: async () => null,
    styleExportGuide: async () => null,
    addDeskWord: async () => true,
    removeDeskWord: async () => true,
  };
}

/** History entries for the revision ids given, oldest first. */
export function historyOf(ids: number[], kinds: HistoryEntry["kind"][] = []): HistoryEntry[] {
  return ids.map((id, i) => ({
    id,
    kind: kinds[i] ?? (i === 0 ? "wire" : "edit"),
    parent: i === 0 ? null : ids[i - 1],
    author: i === 0 ? "ingest" : "ana",
    created_at: "2026-11-27T10:00:00.000Z",
    note: null,
    summary: i === 0 ? "first version" : "+3 −1 words",
    words_added: 3,
    words_removed: 1,
    exports: [],
  }));
}

/** A revision of the claim story (fixtures' claimStory: 69 the first, by
 *  the agency; the rest the desk's), as its history lists it. */
export function storyRevision(id: number, kind: HistoryEntry["kind"], fields: Partial<HistoryEntry> = {}): HistoryEntry {
  return {
    id,
    kind,
    parent: id === 69 ? null : id - 1,
    author: kind === "wire" ? "Meridian Wire" : "rosa",
    created_at: "2026-11-27T09:00:00.000Z",
    note: null,
    summary: "first version",
    words_added: 0,
    words_removed: 0,
    exports: [],
    ...fields,
  };
}

/** A small diff between two revisions: "700" became "7,000". */
export function sampleDiff(from: number | null, to: number | null): StoryDiff {
  return {
    from: from ?? 1,
    to: to ?? 2,
    ops: [{ op: "equal", text: "Body " }, { op: "delete", text: "700" }, { op: "insert", text: "7,000" }],
    headline_ops: [{ op: "equal", text: "Headline" }],
    field_ops: {},
    paragraphs: [[0, 0]],
    stats: { words_added: 1, words_removed: 1, words_changed: 1, share_changed: 0.2 },
    claims_touched: [],
  };
}

export interface FakeApi extends Api {
  /** The stories opened (getStory), in order. */
  opened: number[];
  /** How many times the inbox was listed. */
  listed: number;
  /** The revisions restored: [story, revision]. */
  restored: [number, number][];
  /** The folder the system dialog hands back (null: the editor cancels). */
  chooses: string | null;
  folder: DropFolderState;
  /** Who the desk says is where (this desktop is "desk-here", its user "ana"). */
  desk: DeskPresence;
  /** The desk's people. */
  people: Person[];
  /** How many open claims are assigned to this desktop's user. */
  assigned: number;
  emitProgress(progress: IngestProgress): void;
  emitChanged(summary: BatchSummary): void;
  emitDeskEvent(event: DeskEvent): void;
  emitDeskFeed(feed: DeskFeed): void;
}

/** A change on the library as the shell forwards it. */
export function deskEvent(kind: DeskEvent["kind"], fields: Partial<DeskEvent> = {}): DeskEvent {
  return { kind, story_id: null, revision_id: null, claim_id: null, actor: "Anna Berg", at: "2026-11-27T10:00:00Z", ...fields };
}

/** A person of the desk. */
export function person(name: string, initials: string, role: Person["role"] = "editor"): Person {
  return { name, initials, role, first_seen: "2026-11-20T09:00:00Z" };
}

/** A complete fake of what the window asks of Rust, over the fixtures;
 *  every command is a vi.fn that still does what the fake does. */
export function fakeApi(overrides: Partial<Api> = {}): FakeApi {
  let progressHandler: (p: IngestProgress) => void = () => {};
  let changedHandler: (s: BatchSummary) => void = () => {};
  let deskEventHandler: (e: DeskEvent) => void = () => {};
  let deskFeedHandler: (f: DeskFeed) => void = () => {};
  const api: FakeApi = {
    opened: [],
    listed: 0,
    restored: [],
    chooses: "/srv/wire",
    folder: { path: null, watching: false },
    desk: { desktop: "desk-here", actor: "ana", presence: [] },
    people: [],
    assigned: 0,
    ...quietStyleApi(),
    listStories: async () => {
      api.listed += 1;
      return summaries;
    },
    getStory: async (id: number) => {
      api.opened.push(id);
      return detail(id);
    },
    searchStories: async () => hits,
    getDropFolder: async () => api.folder,
    chooseDropFolder: async () => {
      if (api.chooses === "/no/such/folder") throw new IpcError("invalid-input", "/no/such/folder: not a folder");
      if (api.chooses !== null) api.folder = { path: api.chooses, watching: true };
      return api.folder;
    },
    stopDropFolder: async () => {
      api.folder = { path: null, watching: false };
      return api.folder;
    },
    onIngestProgress: async (handler) => {
      progressHandler = handler;
      return () => {};
    },
    onStoriesChanged: async (handler) => {
      changedHandler = handler;
      return () => {};
    },
    onDropFolderError: async () => () => {},
    onBackupProgress: async () => () => {},
    backupLibrary: async () => null,
    libraryState: async () => ({ state: "open", path: "/tmp/library.sqlite", seeded: 0 }),
    checkTeamLibrary: notInThisTest,
    saveTeamPassword: notInThisTest,
    useTeamLibrary: notInThisTest,
    listSources: async () => ["Baltic Newsline", "Meridian Wire"],
    storyClaims: async () => [],
    addClaim: notInThisTest,
    updateClaim: notInThisTest,
    addClaimEvidence: notInThisTest,
    dismissClaim: notInThisTest,
    claimHistory: async () => [],
    // The core stores what it is given as the next revision.
    saveStory: async (id: number, base: number, headline: string, body: string) => ({
      ...detail(id),
      revision_id: base + 1,
      headline,
      body,
    }),
    // A draft merge without conflicts, saved as the revision after theirs.
    mergeDraft: async (_id: number, _base: number, theirs: number) => ({ status: "merged", revision_id: theirs + 1, conflicts: [] }),
    storyIntegrity: async () => [],
    storyFigureFindings: async () => [],
    storyCleaning: async (id: number) => cleanedCopy(detail(id)),
    restoreRemovedPassage: async (id: number) => ({ ...detail(id), revision_id: 98 }),
    acknowledgeFinding: async () => [],
    storyHistory: async (id: number) => historyOf([detail(id).revision_id - 1, detail(id).revision_id]),
    restoreRevision: async (id: number, revision: number) => {
      api.restored.push([id, revision]);
      return { ...detail(id), revision_id: 99 };
    },
    openFiles: async () => 0,
    storyDiff: async (_id: number, from: number | null, to: number | null) => sampleDiff(from, to),
    mergeStory: async () => ({
      status: "nothing-to-merge",
      revision_id: null,
      wire_version: null,
      applied: [],
      applied_stats: { words_added: 0, words_removed: 0, words_changed: 0, share_changed: 0 },
      resolved: 0,
      conflicts: [],
    }),
    resolveConflict: notInThisTest,
    exportBlockers: async () => [],
    exportPreview: async () => "preview",
    exportStory: async () => null,
    getPreferences: async () => ({ actor: "ana", settings: [] }),
    setPreference: async () => ({ actor: "ana", settings: [] }),
    onDeskEvent: async (handler) => {
      deskEventHandler = handler;
      return () => {};
    },
    onDeskFeed: async (handler) => {
      deskFeedHandler = handler;
      return () => {};
    },
    setPresence: async () => {},
    deskPresence: async () => api.desk,
    deskPeople: async () => api.people,
    setPerson: async (name, initials, role) => {
      api.people = [...api.people.filter((p) => p.name !== name), person(name, initials, role)];
      return api.people;
    },
    assignedToMe: async () => ({
      count: api.assigned,
      // As the shell words it (commands.rs `assigned_title`).
      title:
        api.assigned === 0
          ? "Wiredesk"
          : `Wiredesk — ${api.assigned} ${api.assigned === 1 ? "claim" : "claims"} assigned to you`,
    }),
    emitProgress: (p) => progressHandler(p),
    emitChanged: (s) => changedHandler(s),
    emitDeskEvent: (e) => deskEventHandler(e),
    emitDeskFeed: (f) => deskFeedHandler(f),
    ...overrides,
  };
  // Every command becomes a spy that still does what the fake does.
  const record = api as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(record)) {
    if (typeof value === "function" && !key.startsWith("emit")) {
      record[key] = vi.fn(value as (...args: unknown[]) => unknown);
    }
  }
  return api;
}

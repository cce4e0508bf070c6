// Every call from the UI into Rust goes through this module. Its types mirror
// the core's serialised values (wiredesk-core's model.rs).
import { invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";

/** Where a story stands on the desk (the core's `StoryState`). */
export type StoryState = "new" | "editing" | "checked" | "exported" | "killed";

export interface StorySummary {
  id: number;
  headline: string;
  /** The agency and the outlet that carried it: "Reuters via Devdiscourse". */
  source: string;
  /** The agency the story is filed under (what the source filter names). */
  agency: string;
  /** The outlet whose page carried the copy, when it says. */
  publisher: string | null;
  received_at: string;
  version: number;
  state: StoryState;
  open_claims: number;
  slug: string | null;
  /** The desk has edited the story. */
  edited: boolean;
  /** Changes the story's own wire copy does not back, not yet acknowledged (edited stories). */
  integrity_findings: number;
  /** The agency sent a version the desk's edited copy has not merged. */
  wire_update: boolean;
}

/** Which stories the inbox shows; every field narrows it, together. */
export interface StoryFilter {
  source?: string | null;
  state?: string | null;
  open_claims?: boolean;
  /** RFC 3339 or YYYY-MM-DD. */
  received_from?: string | null;
  /** RFC 3339 or YYYY-MM-DD (that whole day included). */
  received_to?: string | null;
  /** Only the stories after this row, in the inbox's order: the next page. */
  after?: InboxCursor | null;
}

/** A place in the inbox: a row's time received and id. */
export interface InboxCursor {
  received_at: string;
  id: number;
}

export interface WireVersion {
  version: number;
  revision_id: number;
  feed_copy_id: number;
  file: string;
  format: string;
  encoding: string;
  sha256: string;
  byte_len: number;
  received_at: string;
}

export interface StoryDetail {
  id: number;
  revision_id: number;
  headline: string;
  dateline: string | null;
  byline: string | null;
  credit: string | null;
  /** Paragraphs separated by a blank line. */
  body: string;
  /** The agency and the outlet that carried it: "Reuters via Devdiscourse". */
  source: string;
  agency: string;
  publisher: string | null;
  /** The copy's own date, ISO 8601: "2025-12-05T05:24:00+05:30", "2025-12-05" or "--05-14". */
  copy_date: string | null;
  format: string;
  state: StoryState;
  /** Why the agency killed the story, when it did. */
  kill_reason: string | null;
  /** The wire version (numbered as in `versions`) not merged into the desk's edit yet. */
  wire_update: number | null;
  versions: WireVersion[];
}

export interface SearchHit {
  id: number;
  headline: string;
  /** Excerpt with matched words in [brackets]. */
  snippet: string;
  received_at: string;
}

/** An error from a command: `kind` to branch on, `message` to show. */
export class IpcError extends Error {
  constructor(
    readonly kind: string,
    message: string,
  ) {
    super(message);
    this.name = "IpcError";
  }
}

async function call<T>(command: string, args: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (err) {
    if (err && typeof err === "object" && "message" in err) {
      const { kind, message } = err as { kind?: unknown; message: unknown };
      throw new IpcError(typeof kind === "string" ? kind : "internal", String(message));
    }
    throw new IpcError("internal", String(err));
  }
}

export const INBOX_PAGE = 200;

export function listStories(
  offset = 0,
  limit = INBOX_PAGE,
  filter: StoryFilter = {},
): Promise<StorySummary[]> {
  return call("list_stories", { limit, offset, filter });
}

export function listSources(): Promise<string[]> {
  return call("list_sources", {});
}

export function getStory(id: number): Promise<StoryDetail> {
  return call("get_story", { id });
}

export function searchStories(query: string, filter: StoryFilter = {}): Promise<SearchHit[]> {
  return call("search_stories", { query, filter });
}

export type IngestStatus = "new" | "duplicate" | "update" | "error";

export interface IngestReport {
  file: string;
  status: IngestStatus;
  story_id: number | null;
  revision_id: number | null;
  error: string | null;
}

/** Where a batch came from: files dropped on the window, or the drop folder. */
export type IngestOrigin = "files" | "drop-folder";

/** Sent after each file of a batch. */
export interface IngestProgress {
  origin: IngestOrigin;
  done: number;
  total: number;
  file: string;
  status: IngestStatus;
  error: string | null;
}

/** Sent after a batch: what it did. */
export interface BatchSummary {
  origin: IngestOrigin;
  files: number;
  new: number;
  update: number;
  duplicate: number;
  error: number;
  reports: IngestReport[];
}

export interface DropFolderState {
  path: string | null;
  watching: boolean;
}


export function getDropFolder(): Promise<DropFolderState> {
  return call("get_drop_folder", {});
}

/** Sets the watched drop folder; null or "" stops watching. */
/** Opens the system's folder dialog (from Rust) and watches the folder chosen. */
export function chooseDropFolder(): Promise<DropFolderState> {
  return call("choose_drop_folder", {});
}

export function stopDropFolder(): Promise<DropFolderState> {
  return call("stop_drop_folder", {});
}

export type Unlisten = () => void;

export function onIngestProgress(handler: (progress: IngestProgress) => void): Promise<Unlisten> {
  return listen<IngestProgress>("ingest-progress", (event) => handler(event.payload));
}

export function onStoriesChanged(handler: (summary: BatchSummary) => void): Promise<Unlisten> {
  return listen<BatchSummary>("stories-changed", (event) => handler(event.payload));
}

export function onDropFolderError(handler: (message: string) => void): Promise<Unlisten> {
  return listen<string>("drop-folder-error", (event) => handler(event.payload));
}

/** Opens the system's file dialog (from Rust); the files chosen are ingested
 *  in the background with progress events. Resolves to how many were chosen. */
export function openFiles(): Promise<number> {
  return call("open_files", {});
}

/** Formats a story exports to; the first six are publishing formats (gated). */
export const EXPORT_FORMATS = [
  "txt",
  "md",
  "html",
  "nitf",
  "newsml",
  "ninjs",
  "report-html",
  "report-csv",
  "report-json",
  "claimreview",
] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportOutcome {
  export_id: number;
  revision_id: number;
  format: ExportFormat;
  file: string | null;
  sha256: string;
  bytes: number;
  override_reason: string | null;
}

/** What keeps an export from going without an override reason (empty: nothing). */
export function exportBlockers(storyId: number, format: ExportFormat, revisionId: number | null): Promise<string[]> {
  return call("export_blockers", { storyId, format, revisionId });
}

/** The text an export would write; nothing is recorded. */
export function exportPreview(storyId: number, format: ExportFormat, revisionId: number | null): Promise<string> {
  return call("export_preview", { storyId, format, revisionId });
}

/** Exports to a file chosen in the system's save dialog (opened by Rust).
 *  null when the editor cancels; kind "export-refused" when blocked. */
export function exportStory(
  storyId: number,
  format: ExportFormat,
  revisionId: number | null,
  overrideReason: string | null,
): Promise<ExportOutcome | null> {
  return call("export_story", { storyId, format, revisionId, overrideReason });
}

export interface BackupReport {
  file: string;
  bytes: number;
  stories: number;
  revisions: number;
  seconds: number;
}

/** Backs the whole library up into a file chosen in the system's save
 *  dialog (opened by Rust); the desk keeps working meanwhile. null when the
 *  editor cancels. Progress arrives through onBackupProgress. */
export function backupLibrary(): Promise<BackupReport | null> {
  return call("backup_library", {});
}

export interface BackupProgress {
  /** Pages copied so far, of total. */
  done: number;
  total: number;
}

export function onBackupProgress(handler: (progress: BackupProgress) => void): Promise<Unlisten> {
  return listen<BackupProgress>("backup-progress", (event) => handler(event.payload));
}

export interface DiffOp {
  op: "equal" | "insert" | "delete";
  text: string;
  /** Only white space or typography differs. */
  cosmetic?: boolean;
}

export interface DiffStats {
  words_added: number;
  words_removed: number;
  words_changed: number;
  /** 0 to 1. */
  share_changed: number;
}

export interface StoryDiff {
  from: number;
  to: number;
  /** The body: equal + delete rebuild `from`, equal + insert rebuild `to`. */
  ops: DiffOp[];
  headline_ops: DiffOp[];
  field_ops: Record<string, DiffOp[]>;
  /** Body paragraphs side by side: [index in from, index in to]. */
  paragraphs: [number | null, number | null][];
  stats: DiffStats;
  /** Claims (on the current text) a change touches. */
  claims_touched: number[];
}

export function storyDiff(
  storyId: number,
  from: number | null,
  to: number | null,
  ignoreWhitespace = false,
  ignoreTypography = false,
): Promise<StoryDiff> {
  return call("story_diff", { storyId, from, to, ignoreWhitespace, ignoreTypography });
}

export interface MergeConflict {
  id: number;
  base: string;
  ours: string;
  theirs: string;
}

export interface MergeReview {
  status: "merged" | "conflicts" | "nothing-to-merge";
  revision_id: number | null;
  wire_version: number | null;
  /** The desk's text (headline, blank line, body) against the merge so far. */
  applied: DiffOp[];
  applied_stats: DiffStats;
  resolved: number;
  conflicts: MergeConflict[];
}

export type Resolution = { kind: "ours" } | { kind: "theirs" } | { kind: "text"; text: string };

/** Merges the agency's newest version into the desk's copy (or finds the merge waiting). */
export function mergeStory(storyId: number): Promise<MergeReview> {
  return call("merge_story", { storyId });
}

export function resolveConflict(storyId: number, conflictId: number, resolution: Resolution): Promise<MergeReview> {
  return call("resolve_conflict", { storyId, conflictId, resolution });
}

export interface PreferenceValue {
  key: string;
  about: string;
  value: string | null;
}

/** The library setting that makes timing claims count as open. */
export const TIMING_OPEN_SETTING = "claims.timing_open";

/** Whether the desk counts timing claims as open (the setting is "true"). */
export function timingOpen(prefs: Preferences): boolean {
  return prefs.settings.find((s) => s.key === TIMING_OPEN_SETTING)?.value === "true";
}

export interface Preferences {
  /** Recorded as the author of what the desk does. */
  actor: string;
  settings: PreferenceValue[];
}

export function getPreferences(): Promise<Preferences> {
  return call("get_preferences", {});
}

/** Sets a library setting; null or "" clears it. */
export function setPreference(key: string, value: string | null): Promise<Preferences> {
  return call("set_preference", { key, value });
}

export interface Acknowledgement {
  actor: string;
  created_at: string;
  reason: string;
}

/** Something in the text the agency's copy does not back. Offsets are Unicode scalars. */
export interface IntegrityFinding {
  kind: string;
  start: number;
  end: number;
  text: string;
  wire_text: string | null;
  /** For `figure-contradicts`: where the story states the other figure
   *  (null when it is the headline's). */
  related_start?: number | null;
  related_end?: number | null;
  other_story_id: number | null;
  message: string;
  key: string;
  acknowledged: Acknowledgement | null;
}


/** What the story's text has that the agency's copy does not back: the
 *  checks the story opens with. */
export function storyIntegrity(storyId: number): Promise<IntegrityFinding[]> {
  return call("story_integrity", { storyId });
}

/** The story's figures that other held stories report differently
 *  (`figure-differs`): a search of the library, asked for once the story
 *  is shown. With `storyIntegrity`, every finding the publish gate holds. */
export function storyFigureFindings(storyId: number): Promise<IntegrityFinding[]> {
  return call("story_figure_findings", { storyId });
}

export function acknowledgeFinding(
  storyId: number,
  key: string,
  reason: string,
): Promise<IntegrityFinding[]> {
  return call("acknowledge_finding", { storyId, key, reason });
}

export const CLAIM_STATUSES = [
  "unchecked",
  "checking",
  "verified",
  "disputed",
  "false",
  "unverifiable",
] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

export const CLAIM_KINDS = ["quantity", "percentage", "money", "date", "quote", "statement"] as const;
export type ClaimKind = (typeof CLAIM_KINDS)[number];

/** A span of the story to check. `start`/`end` are Unicode scalar offsets into the body. */
export interface Claim {
  id: number;
  story_id: number;
  kind: ClaimKind;
  text: string;
  start: number;
  end: number;
  value: string | null;
  speaker: string | null;
  /** How a suggested quote's speaker was found (null without a speaker). */
  speaker_source?: "named" | "pronoun" | "carried" | null;
  status: ClaimStatus;
  origin: "suggested" | "manual";
  assignee: string | null;
  dismissed: boolean;
  /** Its text was deleted by an edit. */
  detached: boolean;
  rule: string | null;
  /** Check-worthiness, higher first. */
  rank: number;
  /** For a suggested date counted from a reference day ("on Thursday"): the
   * copy's own date, or the day the text was received or saved. */
  resolved_against: "copy-date" | "received" | null;
  /** A bare weekday, relative date or time of day: grouped under "Timing",
   *  and not open unless the desk's setting `claims.timing_open` is "true". */
  timing: boolean;
  /** Open by the core's one definition, counting timing claims as open: an
   *  open status (unchecked, checking, disputed, false), neither dismissed
   *  nor detached. A timing claim is open only when the desk counts those
   *  (`timingOpen`), which the claim panel applies with `timing`. */
  open: boolean;
}

export interface ClaimEvent {
  id: number;
  claim_id: number;
  actor: string;
  created_at: string;
  event: string;
  from_status: ClaimStatus | null;
  to_status: ClaimStatus | null;
  detail: Record<string, unknown>;
}

export type Evidence = { kind: "url" | "doc" | "contact"; value: string };

export function storyClaims(storyId: number): Promise<Claim[]> {
  return call("story_claims", { storyId });
}

/** Marks a span (Unicode scalar offsets) of the current body as a claim. */
export function addClaim(storyId: number, start: number, end: number, kind: ClaimKind): Promise<Claim> {
  return call("add_claim", { storyId, start, end, kind });
}

export interface ClaimUpdate {
  status?: ClaimStatus;
  note?: string;
  assignee?: string;
}

export function updateClaim(claimId: number, update: ClaimUpdate): Promise<Claim> {
  return call("update_claim", {
    claimId,
    status: update.status ?? null,
    note: update.note ?? null,
    assignee: update.assignee ?? null,
  });
}

export function addClaimEvidence(claimId: number, evidence: Evidence): Promise<ClaimEvent> {
  return call("add_claim_evidence", { claimId, evidence });
}

export function dismissClaim(claimId: number, dismissed: boolean): Promise<Claim> {
  return call("dismiss_claim", { claimId, dismissed });
}

export function claimHistory(claimId: number): Promise<ClaimEvent[]> {
  return call("claim_history", { claimId });
}

/** Saves a new revision made on `baseRevisionId`. Fails with kind "edit-conflict"
 *  when someone saved another revision since. */
export function saveStory(
  storyId: number,
  baseRevisionId: number,
  headline: string,
  body: string,
  note: string | null = null,
): Promise<StoryDetail> {
  return call("save_story", { storyId, baseRevisionId, headline, body, note });
}

/** One export of a revision. */
export interface ExportRecord {
  id: number;
  revision_id: number;
  format: string;
  author: string;
  created_at: string;
  destination: string | null;
  override_reason: string | null;
  sha256: string | null;
}

/** One revision in a story's history. */
export interface HistoryEntry {
  id: number;
  kind: "wire" | "edit" | "merge";
  parent: number | null;
  author: string;
  created_at: string;
  note: string | null;
  /** "+12 −3 words" against the parent ("first version" without one). */
  summary: string;
  words_added: number;
  words_removed: number;
  exports: ExportRecord[];
}

export function storyHistory(storyId: number): Promise<HistoryEntry[]> {
  return call("story_history", { storyId });
}

/** A new revision equal to an old one; the story as it now is. */
export function restoreRevision(storyId: number, revisionId: number): Promise<StoryDetail> {
  return call("restore_revision", { storyId, revisionId });
}

/** A passage cleaning removed from the story's wire copy. */
export interface RemovedPassage {
  /** 1-based, in the order the cleaner recorded them. */
  id: number;
  /** The cleaning rule that removed it ("navigation", "photo-caption", …). */
  rule: string;
  text: string;
  /** How many body paragraphs of the cleaned wire text stood before it; for
   *  a passage cut from inside a paragraph, that paragraph's index. */
  position: number;
  /** Cut from inside paragraph `position`: the offset there, in Unicode scalars. */
  within: number | null;
  /** More about why ("seen in 12 other stories"). */
  detail: string | null;
  /** Its text is back in the story's current text. */
  restored: boolean;
  wire_revision_id: number;
}

/** The story's newest wire version as cleaning left it, with what it removed. */
export interface CleanedCopy {
  story_id: number;
  wire_revision_id: number;
  headline: string;
  /** Paragraphs separated by a blank line. */
  body: string;
  passages: RemovedPassage[];
}

export function storyCleaning(storyId: number): Promise<CleanedCopy> {
  return call("story_cleaning", { storyId });
}

/** Puts a removed passage back in place as a new revision; the story as it now is. */
export function restoreRemovedPassage(storyId: number, passageId: number): Promise<StoryDetail> {
  return call("restore_removed_passage", { storyId, passageId });
}

/** What is wrong with a library file that could not be opened. */
export type LibraryProblem =
  | "not-wiredesk"
  | "damaged"
  | "newer"
  | "locked"
  | "read-only"
  | "missing"
  | "unreadable"
  | "other";

/** A library that could not be opened: the file, what is wrong, and one sentence saying so. */
export interface OpenFailure {
  path: string;
  problem: LibraryProblem;
  /** Names the file and the problem, in plain words. */
  message: string;
  /** SQLite's or the system's own words, when the message does not carry them. */
  detail: string | null;
}

/** Whether the desk has a library, or why the one named could not be opened. */
export type LibraryState =
  | { state: "open"; path: string; seeded: number }
  | { state: "failed"; failure: OpenFailure };

export interface HealthCheck {
  name: string;
  description: string;
  checked: number;
  found: number;
  problems: string[];
}

/** The health check's findings (`wiredesk doctor`). */
export interface HealthReport {
  library: string;
  schema_version: number;
  stories: number;
  checks: HealthCheck[];
  repaired: string[];
  ok: boolean;
}

export function libraryState(): Promise<LibraryState> {
  return call("library_state", {});
}

/** Opens a library chosen in the system's open dialog; null when cancelled. */
export function openOtherLibrary(): Promise<LibraryState | null> {
  return call("open_other_library", {});
}

/** Creates a library where the system's save dialog says; null when cancelled. */
export function createLibrary(): Promise<LibraryState | null> {
  return call("create_library", {});
}

/** Restores a backup chosen in the system's open dialog in place of the
 *  library that could not be opened; null when cancelled. */
export function restoreLibraryBackup(): Promise<{ kept_at: string | null; state: LibraryState } | null> {
  return call("restore_library_backup", {});
}

/** The health check of the library that could not be opened, read as it is. */
export function checkLibraryFile(): Promise<HealthReport> {
  return call("check_library_file", {});
}

/** Tries the library that could not be opened again. */
export function retryLibrary(): Promise<LibraryState> {
  return call("retry_library", {});
}

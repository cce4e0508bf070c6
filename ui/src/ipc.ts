// Every call from the UI into Rust goes through this module. The core's
// serialised values are generated from its Rust types by ts-rs into
// ./generated/ (`cargo test -p wiredesk-core --lib export_bindings`; never
// edited by hand). What is written here is not a core type: the arguments
// the UI sends, the shell's own types (src-tauri/commands.rs and
// ingest_job.rs: hand-written, they hold core types that ts-rs only sees
// in the core's own tests), and the narrower unions the UI reads out of
// fields the core still keeps as strings.
import { invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";
import type { Acknowledgement } from "./generated/Acknowledgement";
import type { BackupReport } from "./generated/BackupReport";
import type { AppClaim as ClaimRow } from "./generated/AppClaim";
import type { ClaimEvent } from "./generated/ClaimEvent";
import type { ClaimKind } from "./generated/ClaimKind";
import type { ClaimStatus } from "./generated/ClaimStatus";
import type { StoryState } from "./generated/StoryState";
import type { CleanedCopy } from "./generated/CleanedCopy";
import type { DeskEvent as DeskEventRow } from "./generated/DeskEvent";
import type { DiffOp } from "./generated/DiffOp";
import type { DiffStats } from "./generated/DiffStats";
import type { ExportOutcome as ExportOutcomeRow } from "./generated/ExportOutcome";
import type { ExportRecord } from "./generated/ExportRecord";
import type { HealthCheck } from "./generated/HealthCheck";
import type { HealthReport } from "./generated/HealthReport";
import type { HistoryEntry as HistoryEntryRow } from "./generated/HistoryEntry";
import type { InboxCursor } from "./generated/InboxCursor";
import type { IngestReport } from "./generated/IngestReport";
import type { IngestStatus } from "./generated/IngestStatus";
import type { IntegrityFinding } from "./generated/IntegrityFinding";
import type { LibraryProblem } from "./generated/LibraryProblem";
import type { MergeConflict } from "./generated/MergeConflict";
import type { MergeOutcome } from "./generated/MergeOutcome";
import type { MergeReview as MergeReviewRow } from "./generated/MergeReview";
import type { OpenFailure } from "./generated/OpenFailure";
import type { Person } from "./generated/Person";
import type { PersonRole } from "./generated/PersonRole";
import type { Presence } from "./generated/Presence";
import type { RemovedPassage } from "./generated/RemovedPassage";
import type { SearchHit } from "./generated/SearchHit";
import type { StoryDetail } from "./generated/StoryDetail";
import type { StoryDiff } from "./generated/StoryDiff";
import type { StorySummary } from "./generated/StorySummary";
import type { WireVersion } from "./generated/WireVersion";
import type { DeskWord } from "./generated/DeskWord";
import type { Dialect } from "./generated/Dialect";
import type { LearnedNames } from "./generated/LearnedNames";
import type { RuleKind } from "./generated/RuleKind";
import type { RuleTrial } from "./generated/RuleTrial";
import type { RuleTrialStory } from "./generated/RuleTrialStory";
import type { Severity } from "./generated/Severity";
import type { StyleCheck } from "./generated/StyleCheck";
import type { StyleGuide } from "./generated/StyleGuide";
import type { StyleMatch } from "./generated/StyleMatch";
import type { StyleRule } from "./generated/StyleRule";
import { ConnectionWatch, LIBRARY_UNREACHABLE } from "./reconnect";

export type {
  Acknowledgement,
  BackupReport,
  ClaimEvent,
  CleanedCopy,
  DiffOp,
  DiffStats,
  ExportRecord,
  HealthCheck,
  HealthReport,
  InboxCursor,
  IngestReport,
  IngestStatus,
  IntegrityFinding,
  LibraryProblem,
  MergeConflict,
  MergeOutcome,
  OpenFailure,
  Person,
  PersonRole,
  Presence,
  RemovedPassage,
  SearchHit,
  StoryDetail,
  StoryDiff,
  StorySummary,
  WireVersion,
  DeskWord,
  Dialect,
  LearnedNames,
  RuleKind,
  RuleTrial,
  RuleTrialStory,
  Severity,
  StyleCheck,
  StyleGuide,
  StyleMatch,
  StyleRule,
};

/** A core type with some string fields narrowed to the values the core
 *  writes there (until those fields are Rust enums, and so generated). */
type Narrowed<Row, Fields extends Partial<Record<keyof Row, unknown>>> = Omit<Row, keyof Fields> & Fields;

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
  /** Only stories with a claim still to check assigned to this person ("Assigned to me"). */
  assigned_to?: string | null;
  /** Only stories with a claim still to check assigned to one of the desk's checkers. */
  waiting_on_checkers?: boolean;
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

/** The open team library out of reach: one banner for every call it
 *  refuses, tried again every few seconds (reconnect.ts). The try is the
 *  inbox's cheapest read, made straight to Rust so it never reports here. */
export const connection = new ConnectionWatch({
  probe: () => invoke("list_stories", { limit: 1, offset: 0, filter: {} }),
});

/** The text to show for a failed call (an IpcError's message) or any other error. */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

async function call<T>(command: string, args: Record<string, unknown>): Promise<T> {
  let answer: T;
  try {
    answer = await invoke<T>(command, args);
  } catch (err) {
    if (err && typeof err === "object" && "message" in err) {
      const { kind, message, location } = err as { kind?: unknown; message: unknown; location?: unknown };
      const error = new IpcError(typeof kind === "string" ? kind : "internal", String(message));
      if (error.kind === LIBRARY_UNREACHABLE) {
        connection.lost(typeof location === "string" ? location : null, error.message);
      }
      throw error;
    }
    throw new IpcError("internal", String(err));
  }
  connection.answered();
  return answer;
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

export type ExportOutcome = Narrowed<ExportOutcomeRow, { format: ExportFormat }>;

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

export function storyDiff(
  storyId: number,
  from: number | null,
  to: number | null,
  ignoreWhitespace = false,
  ignoreTypography = false,
): Promise<StoryDiff> {
  return call("story_diff", { storyId, from, to, ignoreWhitespace, ignoreTypography });
}

export type MergeReview = MergeReviewRow;

export type Resolution = { kind: "ours" } | { kind: "theirs" } | { kind: "text"; text: string };

/** Merges the agency's newest version into the desk's copy (or finds the merge waiting). */
export function mergeStory(storyId: number): Promise<MergeReview> {
  return call("merge_story", { storyId });
}

export function resolveConflict(storyId: number, conflictId: number, resolution: Resolution): Promise<MergeReview> {
  return call("resolve_conflict", { storyId, conflictId, resolution });
}

/** One conflict of a draft merge, answered (by the id the merge gave it). */
export interface DraftResolution {
  id: number;
  resolution: Resolution;
}

/** Merges the editor's unsaved draft, begun on `baseRevisionId`, with the
 *  revision another person saved since (`theirsRevisionId`, the story's
 *  newest): three-way, the headline and the body as `saveStory` sends them.
 *  With no conflict, or each one answered in `resolutions`, the merged text
 *  is saved as a new revision on top of theirs ("merged", with its id);
 *  otherwise the conflicts still to answer come back and nothing is saved.
 *  Fails with kind "edit-conflict" when the story's newest revision is no
 *  longer `theirsRevisionId`. */
export function mergeDraft(
  storyId: number,
  baseRevisionId: number,
  theirsRevisionId: number,
  headline: string,
  body: string,
  resolutions: DraftResolution[] = [],
): Promise<MergeOutcome> {
  return call("merge_draft", { storyId, baseRevisionId, theirsRevisionId, headline, body, resolutions });
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

export const CLAIM_STATUSES: readonly ClaimStatus[] = [
  "unchecked",
  "checking",
  "verified",
  "disputed",
  "false",
  "unverifiable",
];
export type { ClaimStatus, ClaimKind, StoryState };

export const CLAIM_KINDS: readonly ClaimKind[] = ["quantity", "percentage", "money", "date", "quote", "statement"];

/** A span of the story to check, as the app receives it (the core's
 *  `AppClaim`: the claim and `open`, the core's one definition of an open
 *  claim counting timing claims). `start`/`end` are Unicode scalar offsets
 *  into the body. */
export type Claim = Narrowed<
  ClaimRow,
  {
    origin: "suggested" | "manual";
    speaker_source: "named" | "pronoun" | "carried" | null;
    resolved_against: "copy-date" | "received" | null;
  }
>;

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

export function storyHistory(storyId: number): Promise<HistoryEntry[]> {
  return call("story_history", { storyId });
}

/** One revision in a story's history. */
export type HistoryEntry = HistoryEntryRow;

/** A new revision equal to an old one; the story as it now is. */
export function restoreRevision(storyId: number, revisionId: number): Promise<StoryDetail> {
  return call("restore_revision", { storyId, revisionId });
}

export function storyCleaning(storyId: number): Promise<CleanedCopy> {
  return call("story_cleaning", { storyId });
}

/** Puts a removed passage back in place as a new revision; the story as it now is. */
export function restoreRemovedPassage(storyId: number, passageId: number): Promise<StoryDetail> {
  return call("restore_removed_passage", { storyId, passageId });
}

/** Whether the desk has a library, or why the one named could not be opened. */
export type LibraryState =
  | { state: "open"; path: string; seeded: number }
  | { state: "failed"; failure: OpenFailure };

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

/** What a team library answered: its address as shown, its size, its schema. */
export interface TeamLibraryCheck {
  location: string;
  stories: number;
  schema_version: number;
}

/** Tries the team library (PostgreSQL) at `url` on a connection of its own. */
export function checkTeamLibrary(url: string): Promise<TeamLibraryCheck> {
  return call("check_team_library", { url });
}

/** Checks `password` against the team library's server at `url` and saves
 *  it in the system keyring (never in the settings); the keyring account
 *  (`user@host:port/database`) it was saved under. */
export function saveTeamPassword(url: string, password: string): Promise<string> {
  return call("save_team_password", { url, password });
}

/** Switches the desk to the team library at `url` and opens it at every
 *  start from now on; null goes back to the library file. */
export function useTeamLibrary(url: string | null): Promise<LibraryState> {
  return call("use_team_library", { url });
}

/** What a change on the library was (the core keeps it as a string). */
export type DeskEventKind =
  | "ingested"
  | "updated"
  | "saved"
  | "merged"
  | "exported"
  | "acknowledged"
  | "claim-added"
  | "claim-status"
  | "claim-note"
  | "claim-evidence"
  | "claim-assigned"
  | "claim-dismissed"
  | "presence";

/** One change on the library, made by any desktop (this one too) or the
 *  command line: ids only, what changed is read from the library. */
export type DeskEvent = Narrowed<DeskEventRow, { kind: DeskEventKind }>;

/** Whether the desk's changes are followed: lost (`live` false, with why)
 *  or back (it caught up on what it missed). */
export interface DeskFeed {
  live: boolean;
  message: string | null;
}

export function onDeskEvent(handler: (event: DeskEvent) => void): Promise<Unlisten> {
  return listen<DeskEvent>("desk-event", (event) => handler(event.payload));
}

export function onDeskFeed(handler: (feed: DeskFeed) => void): Promise<Unlisten> {
  return listen<DeskFeed>("desk-feed", (event) => handler(event.payload));
}

/** Says which story this desktop has open (null: the inbox) and whether its
 *  editor is typing. */
export function setPresence(storyId: number | null, typing: boolean): Promise<void> {
  return call("set_presence", { storyId, typing });
}

/** Who is on the desk: this desktop's own id and user, and every desktop
 *  heard from lately (this one among them). */
export interface DeskPresence {
  desktop: string;
  actor: string;
  presence: Presence[];
}

export function deskPresence(): Promise<DeskPresence> {
  return call("desk_presence", {});
}

/** The desk's people, by name. */
export function deskPeople(): Promise<Person[]> {
  return call("desk_people", {});
}

/** Adds a person or changes their initials and role; the desk's people after it. */
export function setPerson(name: string, initials: string, role: PersonRole): Promise<Person[]> {
  return call("set_person", { name, initials, role });
}

/** How many claims still to check are assigned to this desktop's user, and
 *  the window's title that says so (the shell sets the native one). */
export interface AssignedToMe {
  count: number;
  title: string;
}

export function assignedToMe(): Promise<AssignedToMe> {
  return call("assigned_to_me", {});
}

/** The kinds of style rule, as the rule editor offers them. */
export const RULE_KINDS: readonly RuleKind[] = [
  "words",
  "regex",
  "spelling",
  "names",
  "dialect",
  "numbers",
  "percent",
  "dates",
  "times",
  "titles",
];

export const SEVERITIES: readonly Severity[] = ["info", "warning", "blocking"];

export const DIALECTS: readonly Dialect[] = ["en-US", "en-GB"];

/** Checks `text` (the editor's unsaved body, as `saveStory` sends it; null:
 *  the story's saved body) against the desk's house style. Match offsets
 *  are Unicode scalar values into that text. */
export function styleCheck(storyId: number, text: string | null): Promise<StyleCheck> {
  return call("style_check", { storyId, text });
}

/** Stops rule `rule` flagging `text` in this story; check again after it. */
export function styleIgnore(storyId: number, rule: string, text: string): Promise<null> {
  return call("style_ignore", { storyId, rule, text });
}

/** The desk's house style as Preferences shows it: the guide, the starter
 *  guides it can be replaced with, and the desk dictionary. */
export interface StyleSettings {
  guide: StyleGuide;
  starters: string[];
  words: DeskWord[];
}

export function styleSettings(): Promise<StyleSettings> {
  return call("style_settings", {});
}

/** Adds a rule, or replaces the one with its id; the guide after it. Fails
 *  with kind "invalid-input" (saying why) when the rule does not hold, e.g.
 *  misses one of its examples. */
export function styleSaveRule(rule: StyleRule): Promise<StyleGuide> {
  return call("style_save_rule", { rule });
}

export function styleRemoveRule(id: string): Promise<StyleGuide> {
  return call("style_remove_rule", { id });
}

/** Replaces the desk's rules with starter guide `name` (one of `starters`). */
export function styleUseGuide(name: string): Promise<StyleGuide> {
  return call("style_use_guide", { name });
}

export function styleSetDialect(dialect: Dialect): Promise<StyleGuide> {
  return call("style_set_dialect", { dialect });
}

/** What `rule` would match across the library, unsaved; up to `limit`
 *  example stories (null: the core's default). */
export function styleTryRule(rule: StyleRule, limit: number | null = null): Promise<RuleTrial> {
  return call("style_try_rule", { rule, limit });
}

/** Adds the names the library's copy keeps writing to the desk dictionary. */
export function styleLearnNames(): Promise<LearnedNames> {
  return call("style_learn_names", {});
}

/** Replaces the desk's guide with a .toml or .json guide file chosen in the
 *  system dialog (opened by Rust); null when cancelled. Nothing changes when
 *  a rule of the file does not hold. */
export function styleImportGuide(): Promise<StyleGuide | null> {
  return call("style_import_guide", {});
}

/** Writes the desk's guide to a TOML file chosen in the system dialog; the
 *  file written, or null when cancelled. */
export function styleExportGuide(): Promise<string | null> {
  return call("style_export_guide", {});
}

/** Adds a word to the desk dictionary; false when it was there. */
export function addDeskWord(word: string): Promise<boolean> {
  return call("add_desk_word", { word });
}

/** Removes a word from the desk dictionary; false when it was not there. */
export function removeDeskWord(word: string): Promise<boolean> {
  return call("remove_desk_word", { word });
}

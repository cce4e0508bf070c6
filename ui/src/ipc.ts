// Every call from the UI into Rust goes through this module. Its types mirror
// the core's serialised values (wiredesk-core's model.rs).
import { invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";

export interface StorySummary {
  id: number;
  headline: string;
  source: string;
  received_at: string;
  version: number;
  state: string;
  open_claims: number;
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
  source: string;
  format: string;
  state: string;
  /** Why the agency killed the story, when it did. */
  kill_reason: string | null;
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

export function listStories(offset = 0, limit = INBOX_PAGE): Promise<StorySummary[]> {
  return call("list_stories", { limit, offset });
}

export function getStory(id: number): Promise<StoryDetail> {
  return call("get_story", { id });
}

export function searchStories(query: string): Promise<SearchHit[]> {
  return call("search_stories", { query });
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

export function ingestPaths(paths: string[]): Promise<BatchSummary> {
  return call("ingest_paths", { paths });
}

export function getDropFolder(): Promise<DropFolderState> {
  return call("get_drop_folder", {});
}

/** Sets the watched drop folder; null or "" stops watching. */
export function setDropFolder(path: string | null): Promise<DropFolderState> {
  return call("set_drop_folder", { path });
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
  other_story_id: number | null;
  message: string;
  key: string;
  acknowledged: Acknowledgement | null;
}

/** Why the story may not be published yet; empty when it may. */
export function exportGate(storyId: number): Promise<string[]> {
  return call("export_gate", { storyId });
}

export interface ExportRequest {
  storyId: number;
  format: ExportFormat;
  path: string;
  revision?: number | null;
  force?: boolean;
  overrideReason?: string | null;
}

/** Fails with kind "export-refused" while the gate has reasons and no override is given. */
export function exportStory(request: ExportRequest): Promise<ExportOutcome> {
  return call("export_story", {
    storyId: request.storyId,
    format: request.format,
    path: request.path,
    revision: request.revision ?? null,
    force: request.force ?? false,
    overrideReason: request.overrideReason ?? null,
  });
}

export function storyIntegrity(storyId: number): Promise<IntegrityFinding[]> {
  return call("story_integrity", { storyId });
}

export function acknowledgeFinding(
  storyId: number,
  key: string,
  reason: string,
): Promise<IntegrityFinding[]> {
  return call("acknowledge_finding", { storyId, key, reason });
}

// Every call from the UI into Rust goes through this module. Its types mirror
// the core's serialised values (wiredesk-core's model.rs).
import { invoke } from "@tauri-apps/api/core";

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

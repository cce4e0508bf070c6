// Small invented stories for the UI tests.
import type { SearchHit, StoryDetail, StorySummary } from "./ipc";

export const summaries: StorySummary[] = [
  {
    id: 2,
    headline: "Ferry service resumes after storm",
    source: "Meridian Wire",
    received_at: "2026-11-27T10:00:00.000Z",
    version: 1,
    state: "new",
    open_claims: 0,
    slug: "FERRY-STORM",
    edited: false,
    integrity_findings: 0,
  },
  {
    id: 1,
    headline: 'Council <img src=x onerror="alert(1)"> votes on budget',
    source: "Baltic Newsline",
    received_at: "2026-11-26T08:30:00.000Z",
    version: 3,
    state: "editing",
    open_claims: 4,
    slug: null,
    edited: true,
    integrity_findings: 2,
  },
];

export function detail(id: number): StoryDetail {
  const summary = summaries.find((s) => s.id === id)!;
  return {
    id,
    revision_id: id * 10,
    headline: summary.headline,
    dateline: "HARBOURTON",
    byline: null,
    credit: "(Reporting by A. Writer; Editing by B. Desk)",
    body: `HARBOURTON (Meridian Wire) - Story ${id} first paragraph.\n\n<script>alert("x")</script> second paragraph.`,
    source: summary.source,
    format: "text",
    state: summary.state,
    kill_reason: null,
    versions: [
      {
        version: 1,
        revision_id: id * 10,
        feed_copy_id: id,
        file: `story-${id}.txt`,
        format: "text",
        encoding: "UTF-8",
        sha256: "ab".repeat(32),
        byte_len: 321,
        received_at: summary.received_at,
      },
    ],
  };
}

export const hits: SearchHit[] = [
  { id: 1, headline: "Council votes on budget", snippet: "…the [budget] of 9 [billion]…", received_at: "2026-11-26T08:30:00.000Z" },
];

// Small invented stories for the UI tests.
import type { Claim, CleanedCopy, IntegrityFinding, RemovedPassage, SearchHit, StoryDetail, StorySummary } from "./ipc";

export const summaries: StorySummary[] = [
  {
    id: 2,
    headline: "Ferry service resumes after storm",
    source: "Meridian Wire",
    agency: "Meridian Wire",
    publisher: null,
    received_at: "2026-11-27T10:00:00.000Z",
    version: 1,
    state: "new",
    open_claims: 0,
    slug: "FERRY-STORM",
    edited: false,
    integrity_findings: 0,
    wire_update: false,
  },
  {
    id: 1,
    headline: 'Council <img src=x onerror="alert(1)"> votes on budget',
    source: "Baltic Newsline via Harbour Times",
    agency: "Baltic Newsline",
    publisher: "Harbour Times",
    received_at: "2026-11-26T08:30:00.000Z",
    version: 3,
    state: "editing",
    open_claims: 4,
    slug: null,
    edited: true,
    integrity_findings: 2,
    wire_update: true,
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
    agency: summary.agency,
    publisher: summary.publisher,
    copy_date: id === 1 ? "2026-11-26T08:15:00+05:30" : null,
    format: "text",
    state: summary.state,
    kill_reason: null,
    wire_update: null,
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

// A story with claims. Offsets are Unicode scalar values, as the core sends
// them; the ship and ticket emoji make them differ from UTF-16 indexes.
const claimBody = [
  "PORT ELLING (Meridian Wire) - The 🚢 harbour council approved 4,000 tickets 🎟️ for the winter ferry, officials said on Tuesday.",
  '"We will not raise fares," said Mayor Ilse Varga.',
  "Running costs rose 12 percent last year, the <b>council</b> said.",
].join("\n\n");

/** The scalar span of the `nth` occurrence of `text` in `body`, counted independently of offsets.ts. */
export function scalarSpan(body: string, text: string, nth = 0): { start: number; end: number } {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = body.indexOf(text, at + 1);
  if (at < 0) throw new Error(`${text} is not in the body`);
  const start = Array.from(body.slice(0, at)).length;
  return { start, end: start + Array.from(text).length };
}

export const claimStory: StoryDetail = {
  id: 7,
  revision_id: 70,
  headline: "Harbour council approves ferry tickets",
  dateline: "PORT ELLING",
  byline: "By Mara Quill",
  credit: "(Reporting by Mara Quill; Editing by Theo Brandt)",
  body: claimBody,
  source: "Meridian Wire",
  agency: "Meridian Wire",
  publisher: null,
  copy_date: "2026-11-27",
  format: "nitf",
  state: "editing",
  kill_reason: null,
  wire_update: null,
  versions: [
    {
      version: 1,
      revision_id: 69,
      feed_copy_id: 9,
      file: "ferry.xml",
      format: "nitf",
      encoding: "UTF-8",
      sha256: "cd".repeat(32),
      byte_len: 900,
      received_at: "2026-11-27T09:00:00.000Z",
    },
  ],
};

function claim(id: number, text: string, fields: Partial<Claim>): Claim {
  return {
    id,
    story_id: claimStory.id,
    kind: "statement",
    text,
    ...scalarSpan(claimBody, text),
    value: null,
    speaker: null,
    status: "unchecked",
    origin: "suggested",
    assignee: null,
    dismissed: false,
    detached: false,
    rule: null,
    rank: 1,
    resolved_against: null,
    timing: false,
    speaker_source: null,
    ...fields,
    open: coreOpen({ status: "unchecked", dismissed: false, detached: false, ...fields }),
  };
}

/** What the core sends as a claim's `open` (wiredesk-core's `AppClaim`),
 *  for fakes of the core that change a claim's status or dismiss it. */
export function coreOpen(claim: Pick<Claim, "status" | "dismissed" | "detached">): boolean {
  return ["unchecked", "checking", "disputed", "false"].includes(claim.status) && !claim.dismissed && !claim.detached;
}

export function storyClaims(): Claim[] {
  return [
    claim(1, "4,000 tickets", { kind: "quantity", value: "4000 tickets", rank: 5, rule: "quantity" }),
    claim(2, "We will not raise fares,", { kind: "quote", speaker: "Ilse Varga", rank: 8, status: "checking", assignee: "Noor" }),
    claim(3, "12 percent", { kind: "percentage", value: "12%", rank: 3, status: "verified" }),
    claim(4, "on Tuesday", { kind: "date", rank: 9, dismissed: true }),
    claim(5, "winter", { origin: "manual", rank: 2, text: "the old winter timetable", detached: true }),
  ];
}

export function storyFindings(): IntegrityFinding[] {
  return [
    {
      kind: "number-changed",
      ...scalarSpan(claimBody, "4,000"),
      text: "4,000",
      wire_text: "400",
      related_start: null,
      related_end: null,
      other_story_id: null,
      message: "The number differs from the wire original.",
      key: "k1",
      acknowledged: null,
    },
    {
      kind: "number-unbacked",
      ...scalarSpan(claimBody, "last year"),
      text: "last year",
      wire_text: null,
      related_start: null,
      related_end: null,
      other_story_id: null,
      message: "Not in any wire version.",
      key: "k2",
      acknowledged: null,
    },
  ];
}

/** A Storage kept in memory, one per test. */
export class MemoryStorage implements Storage {
  private items = new Map<string, string>();
  get length(): number {
    return this.items.size;
  }
  clear(): void {
    this.items.clear();
  }
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  key(index: number): string | null {
    return [...this.items.keys()][index] ?? null;
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
  setItem(key: string, value: string): void {
    this.items.set(key, String(value));
  }
}

/** A removed passage of wire revision 69 (claimStory's), with defaults. */
export function removedPassage(id: number, text: string, fields: Partial<RemovedPassage> = {}): RemovedPassage {
  return {
    id,
    rule: "navigation",
    text,
    position: 0,
    within: null,
    detail: null,
    restored: false,
    wire_revision_id: 69,
    ...fields,
  };
}

/** What cleaning removed from a story: nothing, unless `passages` says. */
export function cleanedCopy(story: StoryDetail, passages: RemovedPassage[] = []): CleanedCopy {
  return {
    story_id: story.id,
    wire_revision_id: story.versions[story.versions.length - 1]?.revision_id ?? story.revision_id,
    headline: story.headline,
    body: story.body,
    passages,
  };
}

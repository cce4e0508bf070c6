// The claims as the panel sorts them, without the DOM: the desk's filters,
// the groups by status, which integrity findings fall on which claim, and
// the words for a claim's history. Pure; unit-tested in claim-panel.test.ts.
import type { Claim, ClaimEvent, ClaimStatus, Evidence, IntegrityFinding } from "./ipc";
import { shortTime } from "./time";

export type ClaimFilter = "mine" | "open" | "all";

export const USER_KEY = "wiredesk:user";

/** Statuses in the order the panel groups them: open ones first. */
export const STATUS_ORDER: readonly ClaimStatus[] = ["unchecked", "checking", "disputed", "false", "verified", "unverifiable"];

export const STATUS_LABELS: Record<ClaimStatus, string> = {
  unchecked: "Unchecked",
  checking: "Checking",
  verified: "Verified",
  disputed: "Disputed",
  false: "False",
  unverifiable: "Unverifiable",
};

export const EVIDENCE_KINDS: { kind: Evidence["kind"]; label: string; placeholder: string }[] = [
  { kind: "url", label: "URL", placeholder: "https://…" },
  { kind: "doc", label: "Document", placeholder: "Document reference" },
  { kind: "contact", label: "Contact", placeholder: "Who confirmed it, how to reach them" },
];

/** Dismissed or detached: kept, but not in the text. */
export function isInactive(claim: Claim): boolean {
  return claim.dismissed || claim.detached;
}

/** Open: as the core says (`claim.open`: still to check, not dismissed or
 *  detached), and not a timing claim unless the desk counts those
 *  (`timingOpen`, from Preferences, which can change while a story is
 *  shown). The core's one definition, as the inbox's count and the publish
 *  gate use it. */
export function isOpen(claim: Claim, timingOpen = false): boolean {
  return claim.open && (timingOpen || !claim.timing);
}

export function filterClaims(claims: Claim[], filter: ClaimFilter, user: string, timingOpen = false): Claim[] {
  switch (filter) {
    case "all":
      return claims;
    case "open":
      return claims.filter((c) => isOpen(c, timingOpen));
    case "mine": {
      const me = user.trim().toLowerCase();
      if (me === "") return [];
      return claims.filter((c) => (c.assignee ?? "").trim().toLowerCase() === me);
    }
  }
}

export interface ClaimGroup {
  key: ClaimStatus | "timing" | "inactive";
  label: string;
  claims: Claim[];
  /** Shown folded until opened. */
  collapsed: boolean;
}

/** Heaviest first (rank, then where it sits in the text). */
export function byWeight(a: Claim, b: Claim): number {
  return b.rank - a.rank || a.start - b.start || a.id - b.id;
}

/** The facts to check by status, open statuses first, heaviest first; then
 *  the timing claims (bare weekdays, relative dates, times of day) folded
 *  under "Timing"; dismissed and detached last, folded. Empty groups are
 *  left out. */
export function groupClaims(claims: Claim[]): ClaimGroup[] {
  const active = claims.filter((c) => !isInactive(c));
  const groups: ClaimGroup[] = STATUS_ORDER.map((status) => ({
    key: status,
    label: STATUS_LABELS[status],
    claims: active.filter((c) => !c.timing && c.status === status).sort(byWeight),
    collapsed: false,
  }));
  groups.push({
    key: "timing",
    label: "Timing",
    claims: active.filter((c) => c.timing).sort((a, b) => a.start - b.start || a.id - b.id),
    collapsed: true,
  });
  groups.push({
    key: "inactive",
    label: "Dismissed or detached",
    claims: claims.filter(isInactive).sort(byWeight),
    collapsed: true,
  });
  return groups.filter((g) => g.claims.length > 0);
}

export function spanOverlaps(start: number, end: number, c: Claim): boolean {
  if (end > start) return start < c.end && end > c.start;
  return start >= c.start && start <= c.end;
}

/** Whether a finding is about claim `c`: its span, or for figures that
 *  contradict each other, the other figure's span. */
function overlaps(f: IntegrityFinding, c: Claim): boolean {
  if (spanOverlaps(f.start, f.end, c)) return true;
  return f.related_start != null && f.related_end != null && spanOverlaps(f.related_start, f.related_end, c);
}

/** A finding as one line on a card: what the wire (or the other story)
 *  says, and the message; figures that contradict each other name both in
 *  the message. */
export function findingText(f: IntegrityFinding): string {
  if (f.kind === "figure-contradicts") return f.message;
  return `${f.wire_text !== null ? `The wire says: “${f.wire_text}”. ` : ""}${f.message}`;
}

/** The findings shown on claim `claim`'s card. */
export function findingsFor(claim: Claim, findings: IntegrityFinding[]): IntegrityFinding[] {
  return isInactive(claim) ? [] : findings.filter((f) => overlaps(f, claim));
}

/** The findings that overlap no claim in the text. */
export function unattachedFindings(claims: Claim[], findings: IntegrityFinding[]): IntegrityFinding[] {
  const active = claims.filter((c) => !isInactive(c));
  return findings.filter((f) => !active.some((c) => overlaps(f, c)));
}

/** A claim event as one line of text. */
export function describeEvent(event: ClaimEvent): string {
  const d = event.detail ?? {};
  const str = (v: unknown) => (typeof v === "string" ? v : v === null || v === undefined ? "" : JSON.stringify(v));
  let what: string;
  switch (event.event) {
    case "created":
      what = "created";
      break;
    case "status":
      what = `status ${event.from_status ?? "?"} → ${event.to_status ?? "?"}`;
      if (d.reason === "text-changed") what += ` (text changed from “${str(d.from)}” to “${str(d.to)}”)`;
      if (d.reason === "detached") what += ` (detached: “${str(d.from)}” is no longer in the text)`;
      break;
    case "assign":
      what = d.to ? `assigned to ${str(d.to)}` : "unassigned";
      break;
    case "note":
      what = `note: ${str(d.note)}`;
      break;
    case "evidence": {
      const e = evidenceOf(event);
      what = e ? `evidence (${evidenceLabel(e.kind)}): ${e.value}` : "evidence";
      break;
    }
    case "dismiss":
      what = d.dismissed ? "dismissed" : "restored";
      break;
    case "text-changed":
      what = `text changed from “${str(d.from)}” to “${str(d.to)}”`;
      if (event.to_status) what += `; back to ${event.to_status}`;
      break;
    case "reanchor":
      what = d.detached
        ? `detached: “${str(d.text)}” is no longer in the text`
        : d.reattached
          ? `back in the text: “${str(d.text)}”`
          : "moved with an edit";
      break;
    default:
      what = event.event;
  }
  return `${shortTime(event.created_at)} · ${event.actor} · ${what}`;
}

export function evidenceLabel(kind: Evidence["kind"]): string {
  return EVIDENCE_KINDS.find((k) => k.kind === kind)?.label ?? kind;
}

/** The evidence an "evidence" event records. */
export function evidenceOf(event: ClaimEvent): Evidence | null {
  if (event.event !== "evidence") return null;
  for (const { kind } of EVIDENCE_KINDS) {
    const value = event.detail?.[kind];
    if (typeof value === "string") return { kind, value };
  }
  return null;
}

/** What the panel asks of the workspace. Each returns the stored result. */

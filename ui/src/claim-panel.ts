// The claim panel beside the editor: the story's claims, heaviest first,
// grouped by status, each a card where checkers record status, assignee,
// notes and evidence. Everything shown is built from text nodes.
import { el } from "./dom";
import {
  CLAIM_STATUSES,
  type Claim,
  type ClaimEvent,
  type ClaimStatus,
  type ClaimUpdate,
  type Evidence,
  type IntegrityFinding,
} from "./ipc";
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

const EVIDENCE_KINDS: { kind: Evidence["kind"]; label: string; placeholder: string }[] = [
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

function spanOverlaps(start: number, end: number, c: Claim): boolean {
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

function evidenceLabel(kind: Evidence["kind"]): string {
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
export interface ClaimActions {
  update(claimId: number, update: ClaimUpdate): Promise<Claim>;
  dismiss(claimId: number, dismissed: boolean): Promise<Claim>;
  addEvidence(claimId: number, evidence: Evidence): Promise<ClaimEvent>;
  history(claimId: number): Promise<ClaimEvent[]>;
  /** Selects the claim's words in the editor. */
  locate(claimId: number): void;
  /** Accepts an integrity finding, with the desk's reason. */
  acknowledge(key: string, reason: string): Promise<void>;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Children for replaceChildren, the absent ones left out. */
function present(...children: (Node | string | null | undefined | false)[]): (Node | string)[] {
  return children.filter((c): c is Node | string => c !== null && c !== undefined && c !== false && c !== "");
}

function button(label: string, attrs: Record<string, string> = {}): HTMLButtonElement {
  return el("button", { type: "button", ...attrs }, label);
}

/** "Accept…": a reason and a button that acknowledge a finding, so it no
 *  longer holds the story at the publish gate. Nothing for an accepted one. */
function acceptControl(finding: IntegrityFinding, actions: ClaimActions): HTMLElement | null {
  if (finding.acknowledged) return null;
  // The same box each render, so a half-typed reason survives a refresh.
  let boxes = acceptBoxes.get(actions);
  if (!boxes) acceptBoxes.set(actions, (boxes = new Map()));
  const kept = boxes.get(finding.key);
  if (kept) return kept;
  const box = buildAcceptControl(finding, actions);
  boxes.set(finding.key, box);
  return box;
}

const acceptBoxes = new WeakMap<ClaimActions, Map<string, HTMLElement>>();

function buildAcceptControl(finding: IntegrityFinding, actions: ClaimActions): HTMLElement {
  const reason = el("input", {
    type: "text",
    class: "finding-reason",
    placeholder: "Why it is right (kept with the story)",
    "aria-label": "Why the change is right",
    "data-testid": "finding-reason",
  });
  const accept = button("Accept", { "data-testid": "finding-accept" });
  const problem = el("span", { class: "claim-error", role: "alert" });
  accept.addEventListener("click", () => {
    const why = reason.value.trim();
    if (why === "") {
      problem.textContent = "Say why the change is right.";
      reason.focus();
      return;
    }
    accept.disabled = true;
    actions.acknowledge(finding.key, why).catch((err) => {
      accept.disabled = false;
      problem.textContent = message(err);
    });
  });
  reason.addEventListener("keydown", (e) => {
    if (e.key === "Enter") {
      e.preventDefault();
      accept.click();
    }
  });
  return el(
    "details",
    { class: "finding-accept", "data-testid": "finding-accept-box" },
    el("summary", {}, "Accept…"),
    reason,
    accept,
    problem,
  );
}

/** One claim's card. Its element stays while the claim is shown, so what a
 *  checker is typing in it survives a refresh. */
class ClaimCard {
  readonly root: HTMLLIElement;
  private claim: Claim;
  private readonly head = el("div", { class: "claim-card-head" });
  private readonly text: HTMLButtonElement;
  private readonly facts = el("div", { class: "claim-facts" });
  private readonly findingsList = el("ul", { class: "claim-findings" });
  private readonly status: HTMLSelectElement;
  private readonly assignee: HTMLInputElement;
  private readonly note: HTMLInputElement;
  private readonly evidenceKind: HTMLSelectElement;
  private readonly evidenceValue: HTMLInputElement;
  private readonly evidenceList = el("ul", { class: "claim-evidence-list", "data-testid": "claim-evidence-list" });
  private readonly events = el("ol", { class: "claim-events", "data-testid": "claim-events" });
  private readonly dismissButton: HTMLButtonElement;
  private readonly error = el("p", { class: "claim-error", role: "alert", "data-testid": "claim-error" });
  private history: ClaimEvent[] | null = null;
  private historyLoading: Promise<void> | null = null;
  /** Evidence added here before the history was loaded. */
  private added: ClaimEvent[] = [];

  constructor(
    claim: Claim,
    private readonly actions: ClaimActions,
    private readonly onChanged: (claim: Claim) => void,
  ) {
    this.claim = claim;
    this.error.hidden = true;
    this.text = button("", { class: "claim-text", "data-testid": "claim-text", title: "Show in the text" });
    this.text.addEventListener("click", () => this.actions.locate(this.claim.id));

    this.status = el(
      "select",
      { "data-testid": "claim-status" },
      ...CLAIM_STATUSES.map((s) => el("option", { value: s }, STATUS_LABELS[s])),
    );
    this.status.addEventListener("change", () => void this.setStatus(this.status.value as ClaimStatus));

    this.assignee = el("input", { type: "text", "data-testid": "claim-assignee", placeholder: "Nobody", autocomplete: "off" });
    this.assignee.addEventListener("change", () => void this.setAssignee());

    this.note = el("input", { type: "text", "data-testid": "claim-note", placeholder: "What you found", autocomplete: "off" });
    const addNote = button("Add note", { "data-testid": "claim-note-add" });
    addNote.addEventListener("click", () => void this.addNote());
    this.note.addEventListener("keydown", (e) => {
      if (e.key === "Enter") {
        e.preventDefault();
        void this.addNote();
      }
    });

    this.evidenceKind = el(
      "select",
      { "data-testid": "claim-evidence-kind", "aria-label": "Kind of evidence" },
      ...EVIDENCE_KINDS.map((k) => el("option", { value: k.kind }, k.label)),
    );
    this.evidenceValue = el("input", {
      type: "text",
      "data-testid": "claim-evidence-value",
      "aria-label": "Evidence",
      placeholder: EVIDENCE_KINDS[0].placeholder,
      autocomplete: "off",
    });
    this.evidenceKind.addEventListener("change", () => {
      this.evidenceValue.placeholder = EVIDENCE_KINDS.find((k) => k.kind === this.evidenceKind.value)!.placeholder;
    });
    const addEvidence = button("Add evidence", { "data-testid": "claim-evidence-add" });
    addEvidence.addEventListener("click", () => void this.addEvidence());
    this.evidenceValue.addEventListener("keydown", (e) => {
      if (e.key === "Enter") {
        e.preventDefault();
        void this.addEvidence();
      }
    });

    const evidence = el(
      "details",
      { class: "claim-evidence", "data-testid": "claim-evidence" },
      el("summary", {}, "Evidence"),
      this.evidenceList,
      el("div", { class: "claim-row" }, this.evidenceKind, this.evidenceValue, addEvidence),
    );
    evidence.addEventListener("toggle", () => {
      if (evidence.open) void this.loadHistory();
    });
    const history = el(
      "details",
      { class: "claim-history", "data-testid": "claim-history" },
      el("summary", {}, "History"),
      this.events,
    );
    history.addEventListener("toggle", () => {
      if (history.open) void this.loadHistory();
    });

    this.dismissButton = button("Dismiss", { class: "claim-dismiss", "data-testid": "claim-dismiss" });
    this.dismissButton.addEventListener("click", () => void this.toggleDismissed());

    this.root = el(
      "li",
      { class: "claim-card", "data-testid": "claim-card", tabindex: "-1" },
      this.head,
      this.text,
      this.facts,
      this.findingsList,
      el(
        "div",
        { class: "claim-row" },
        el("label", {}, "Status ", this.status),
        el("label", {}, "Assignee ", this.assignee),
      ),
      el("div", { class: "claim-row" }, el("label", { class: "grow" }, "Note ", this.note), addNote),
      evidence,
      history,
      el("div", { class: "claim-row end" }, this.dismissButton),
      this.error,
    );
    this.update(claim, []);
  }

  get id(): number {
    return this.claim.id;
  }

  update(claim: Claim, findings: IntegrityFinding[]): void {
    this.claim = claim;
    const r = this.root;
    r.dataset.claimId = String(claim.id);
    r.dataset.status = claim.status;
    r.className = `claim-card claim-card-${claim.status}${isInactive(claim) ? " inactive" : ""}`;
    r.setAttribute("aria-label", `${claim.kind} claim, ${STATUS_LABELS[claim.status] ?? claim.status}: ${claim.text}`);

    const state = claim.detached ? "detached: its text was edited away" : claim.dismissed ? "dismissed" : null;
    this.head.replaceChildren(
      ...present(
        el("span", { class: "claim-kind", "data-testid": "claim-kind" }, claim.kind),
        el("span", { class: `claim-status-label status-${claim.status}` }, STATUS_LABELS[claim.status] ?? claim.status),
        el("span", { class: "claim-origin" }, claim.origin === "suggested" ? "suggested" : "marked by hand"),
        state && el("span", { class: "claim-inactive", "data-testid": "claim-inactive" }, state),
      ),
    );
    this.text.textContent = claim.text;
    this.facts.replaceChildren(
      ...present(
        claim.value && el("p", { "data-testid": "claim-value" }, `Value: ${claim.value}`),
        claim.speaker && el("p", { "data-testid": "claim-speaker" }, `Speaker: ${claim.speaker}`),
      ),
    );
    this.findingsList.replaceChildren(
      ...findings.map((f) =>
        el(
          "li",
          { class: "claim-finding", "data-testid": "claim-finding", "data-kind": f.kind },
          findingText(f),
          f.acknowledged ? ` (acknowledged by ${f.acknowledged.actor})` : "",
          // One finding, one place to accept it: the card of its first figure.
          spanOverlaps(f.start, f.end, claim) ? acceptControl(f, this.actions) : null,
        ),
      ),
    );
    this.status.value = claim.status;
    if (this.root.ownerDocument.activeElement !== this.assignee) this.assignee.value = claim.assignee ?? "";
    this.dismissButton.textContent = claim.dismissed ? "Restore" : "Dismiss";
    this.dismissButton.title = claim.dismissed ? "Put the claim back in the text" : "Not a claim worth checking";
    // A hand-marked claim is deleted by editing its words away, not dismissed.
    this.dismissButton.hidden = claim.origin !== "suggested" && !claim.dismissed;
  }

  private showError(text: string | null): void {
    this.error.hidden = text === null;
    this.error.textContent = text ?? "";
  }

  private async run<T>(work: () => Promise<T>): Promise<T | null> {
    this.showError(null);
    try {
      return await work();
    } catch (err) {
      this.showError(message(err));
      return null;
    }
  }

  private async changed(claim: Claim | null): Promise<void> {
    if (!claim) return;
    this.onChanged(claim);
    if (this.history) {
      this.history = null;
      if (this.root.querySelector("details[open]")) await this.loadHistory();
    }
  }

  private async setStatus(status: ClaimStatus): Promise<void> {
    if (status === this.claim.status) return;
    const claim = await this.run(() => this.actions.update(this.claim.id, { status }));
    if (!claim) this.status.value = this.claim.status;
    await this.changed(claim);
  }

  private async setAssignee(): Promise<void> {
    const assignee = this.assignee.value.trim();
    if (assignee === (this.claim.assignee ?? "")) return;
    const claim = await this.run(() => this.actions.update(this.claim.id, { assignee }));
    if (!claim) this.assignee.value = this.claim.assignee ?? "";
    await this.changed(claim);
  }

  private async addNote(): Promise<void> {
    const note = this.note.value.trim();
    if (note === "") return;
    const claim = await this.run(() => this.actions.update(this.claim.id, { note }));
    if (claim) this.note.value = "";
    await this.changed(claim);
  }

  private async addEvidence(): Promise<void> {
    const value = this.evidenceValue.value.trim();
    if (value === "") return;
    const kind = this.evidenceKind.value as Evidence["kind"];
    const event = await this.run(() => this.actions.addEvidence(this.claim.id, { kind, value }));
    if (!event) return;
    this.evidenceValue.value = "";
    if (this.history) this.history.push(event);
    else this.added.push(event);
    this.renderHistory();
  }

  private async toggleDismissed(): Promise<void> {
    const claim = await this.run(() => this.actions.dismiss(this.claim.id, !this.claim.dismissed));
    await this.changed(claim);
  }

  private loadHistory(): Promise<void> {
    if (this.history) return Promise.resolve();
    this.historyLoading ??= (async () => {
      this.events.replaceChildren(el("li", { class: "muted" }, "Loading…"));
      try {
        const events = await this.actions.history(this.claim.id);
        const ids = new Set(events.map((e) => e.id));
        this.history = [...events, ...this.added.filter((e) => !ids.has(e.id))];
        this.added = [];
        this.renderHistory();
      } catch (err) {
        this.events.replaceChildren(el("li", { class: "claim-error" }, `Could not load the history: ${message(err)}`));
      } finally {
        this.historyLoading = null;
      }
    })();
    return this.historyLoading;
  }

  private renderHistory(): void {
    const events = this.history ?? this.added;
    if (this.history) {
      this.events.replaceChildren(
        ...events.map((e) => el("li", { "data-testid": "claim-event" }, describeEvent(e))),
      );
    }
    const evidence = events
      .map((e) => ({ e, ev: evidenceOf(e) }))
      .filter((x): x is { e: ClaimEvent; ev: Evidence } => x.ev !== null);
    this.evidenceList.replaceChildren(
      ...present(
        ...evidence.map(({ e, ev }) =>
          el(
            "li",
            { "data-testid": "claim-evidence-item", "data-kind": ev.kind },
            `${evidenceLabel(ev.kind)}: ${ev.value}`,
            el("span", { class: "muted" }, ` · ${e.actor}, ${shortTime(e.created_at)}`),
          ),
        ),
        this.history && evidence.length === 0 ? el("li", { class: "muted" }, "No evidence yet.") : null,
      ),
    );
  }
}

export class ClaimPanel {
  readonly root: HTMLElement;
  private claims: Claim[] = [];
  private findings: IntegrityFinding[] = [];
  private filter: ClaimFilter = "all";
  private user: string;
  private readonly cards = new Map<number, ClaimCard>();
  private readonly count = el("span", { class: "claim-count", "data-testid": "claim-count" });
  private readonly filterButtons: Record<ClaimFilter, HTMLButtonElement>;
  private readonly userInput: HTMLInputElement;
  private readonly hint = el("p", { class: "hint", "data-testid": "claim-hint" });
  private readonly message = el("p", { class: "claim-message", role: "status", "data-testid": "claim-message" });
  private readonly findingsBox = el("section", { class: "integrity-findings", "data-testid": "integrity-findings" });
  private readonly groups = el("div", { class: "claim-groups" });
  private openInactive = false;
  private openTiming = false;
  /** The desk counts timing claims as open (Preferences). */
  private timingOpen = false;

  constructor(
    private readonly actions: ClaimActions,
    private readonly storage: Storage | null,
    /** Called after a claim changed through the panel. */
    private readonly onClaimChanged: (claim: Claim) => void = () => {},
  ) {
    this.user = this.readUser();
    this.filterButtons = {
      mine: button("Mine", { "data-testid": "claim-filter-mine" }),
      open: button("Open", { "data-testid": "claim-filter-open" }),
      all: button("All", { "data-testid": "claim-filter-all" }),
    };
    for (const [filter, b] of Object.entries(this.filterButtons) as [ClaimFilter, HTMLButtonElement][]) {
      b.addEventListener("click", () => this.setFilter(filter));
    }
    this.userInput = el("input", {
      type: "text",
      class: "claim-user",
      "data-testid": "claim-user",
      placeholder: "Your name",
      autocomplete: "name",
    });
    this.userInput.value = this.user;
    this.userInput.addEventListener("change", () => {
      this.user = this.userInput.value.trim();
      try {
        this.storage?.setItem(USER_KEY, this.user);
      } catch {
        // kept for this window only
      }
      this.render();
    });
    this.message.hidden = true;
    this.root = el(
      "aside",
      { class: "claim-panel", "data-testid": "claim-panel", "aria-label": "Claims" },
      el(
        "div",
        { class: "claim-panel-head" },
        el("h2", {}, "Claims ", this.count),
        el(
          "div",
          { class: "claim-filters", role: "group", "aria-label": "Show claims" },
          this.filterButtons.mine,
          this.filterButtons.open,
          this.filterButtons.all,
        ),
        el("label", { class: "claim-user-label" }, "Your name ", this.userInput),
        this.hint,
      ),
      this.message,
      this.findingsBox,
      this.groups,
    );
    this.render();
  }

  /** The desk's name from the preferences: "Mine" means this name unless
   *  the editor typed another one here. */
  setDeskName(name: string): void {
    if (this.readUser() !== "" || name.trim() === "") return;
    this.user = name.trim();
    this.userInput.value = this.user;
    this.render();
  }

  /** Whether timing claims count as open, from the desk's Preferences. */
  setTimingOpen(open: boolean): void {
    if (open === this.timingOpen) return;
    this.timingOpen = open;
    this.render();
  }

  private readUser(): string {
    try {
      return this.storage?.getItem(USER_KEY) ?? "";
    } catch {
      return "";
    }
  }

  /** A line instead of the claims: loading, or why they could not be loaded. */
  setMessage(text: string | null, isError = false): void {
    this.message.hidden = text === null;
    this.message.textContent = text ?? "";
    this.message.classList.toggle("error", isError);
  }

  setClaims(claims: Claim[], findings: IntegrityFinding[]): void {
    this.claims = [...claims];
    this.findings = [...findings];
    for (const id of [...this.cards.keys()]) {
      if (!claims.some((c) => c.id === id)) this.cards.delete(id);
    }
    this.render();
  }

  /** A claim the core returned after a change: its card refreshes (and moves
   *  to its new group when its status changed). */
  replaceClaim(claim: Claim): void {
    // Only a claim already listed: an answer that arrives after another
    // story was opened never joins this list (new claims come by setClaims).
    const i = this.claims.findIndex((c) => c.id === claim.id && c.story_id === claim.story_id);
    if (i < 0) return;
    this.claims[i] = claim;
    this.render();
  }

  setFilter(filter: ClaimFilter): void {
    this.filter = filter;
    this.render();
  }

  get currentFilter(): ClaimFilter {
    return this.filter;
  }

  card(id: number): HTMLElement | null {
    return this.cards.get(id)?.root ?? null;
  }

  /** Shows claim `id`'s card: visible under the filter, scrolled to, marked
   *  current, and focused when `focus`. */
  focusCard(id: number, focus = false): void {
    const claim = this.claims.find((c) => c.id === id);
    if (!claim) return;
    if (!filterClaims(this.claims, this.filter, this.user, this.timingOpen).includes(claim)) this.setFilter("all");
    if (isInactive(claim) && !this.openInactive) {
      this.openInactive = true;
      this.render();
    } else if (!isInactive(claim) && claim.timing && !this.openTiming) {
      this.openTiming = true;
      this.render();
    }
    const card = this.cards.get(id)?.root;
    if (!card) return;
    for (const other of this.root.querySelectorAll(".claim-card.current")) {
      other.classList.remove("current");
      other.removeAttribute("aria-current");
    }
    card.classList.add("current");
    card.setAttribute("aria-current", "true");
    card.scrollIntoView?.({ block: "nearest" });
    if (focus) card.focus();
  }

  private cardFor(claim: Claim): ClaimCard {
    let card = this.cards.get(claim.id);
    if (!card) {
      card = new ClaimCard(claim, this.actions, (changed) => {
        this.replaceClaim(changed);
        this.onClaimChanged(changed);
      });
      this.cards.set(claim.id, card);
    }
    card.update(claim, findingsFor(claim, this.findings));
    return card;
  }

  private render(): void {
    const doc = this.root.ownerDocument;
    const focused = doc.activeElement instanceof HTMLElement && this.groups.contains(doc.activeElement) ? doc.activeElement : null;

    for (const [f, b] of Object.entries(this.filterButtons) as [ClaimFilter, HTMLButtonElement][]) {
      b.setAttribute("aria-pressed", String(f === this.filter));
    }
    const open = this.claims.filter((c) => isOpen(c, this.timingOpen)).length;
    this.count.textContent = `${open} open of ${this.claims.length}`;
    this.hint.textContent =
      this.filter === "mine" && this.user === "" ? "Set your name to see your claims." : "";
    this.hint.hidden = this.hint.textContent === "";

    const loose = unattachedFindings(this.claims, this.findings);
    this.findingsBox.hidden = loose.length === 0;
    this.findingsBox.replaceChildren(
      el("h3", {}, "Against the wire"),
      el(
        "ul",
        {},
        ...loose.map((f) =>
          el(
            "li",
            { class: `integrity-finding${f.acknowledged ? " acknowledged" : ""}`, "data-testid": "integrity-finding" },
            el("q", {}, f.text),
            " ",
            f.kind === "figure-contradicts" ? f.message : [f.message, f.wire_text !== null ? ` The wire says: “${f.wire_text}”.` : ""].join(""),
            f.acknowledged ? ` (acknowledged by ${f.acknowledged.actor}: ${f.acknowledged.reason})` : "",
            acceptControl(f, this.actions),
          ),
        ),
      ),
    );

    const shown = filterClaims(this.claims, this.filter, this.user, this.timingOpen);
    const groups = groupClaims(shown);
    const section = (g: ClaimGroup): HTMLElement => {
      const list = el("ul", { class: "claim-list" }, ...g.claims.map((c) => this.cardFor(c).root));
      const heading = `${g.label} (${g.claims.length})`;
      if (g.collapsed) {
        const timing = g.key === "timing";
        const details = el(
          "details",
          {
            class: `claim-group ${timing ? "timing" : "inactive"}`,
            "data-testid": timing ? "timing-group" : "claim-group",
            "data-group": g.key,
          },
          el(
            "summary",
            {},
            heading,
            timing
              ? el(
                  "span",
                  { class: "timing-note" },
                  this.timingOpen ? " · weekdays and relative dates, counted as open" : " · weekdays and relative dates, not counted as open",
                )
              : "",
          ),
          list,
        );
        details.open = timing ? this.openTiming : this.openInactive;
        details.addEventListener("toggle", () => {
          if (timing) this.openTiming = details.open;
          else this.openInactive = details.open;
        });
        return details;
      }
      return el(
        "section",
        { class: "claim-group", "data-testid": "claim-group", "data-group": g.key },
        el("h4", {}, heading),
        list,
      );
    };
    const facts = groups.filter((g) => !g.collapsed);
    const factCount = facts.reduce((n, g) => n + g.claims.length, 0);
    this.groups.replaceChildren(
      ...present(
        facts.length > 0 &&
          el(
            "section",
            { class: "facts-group", "data-testid": "facts-group" },
            el("h3", {}, `Facts to check (${factCount})`),
            ...facts.map(section),
          ),
        ...groups.filter((g) => g.collapsed).map(section),
        groups.length === 0
          ? el(
              "p",
              { class: "claim-empty", "data-testid": "claim-empty" },
              this.claims.length === 0
                ? "No claims yet. Select words in the text and press Mark as claim."
                : this.filter === "mine"
                  ? this.user === ""
                    ? "Set your name to see your claims."
                    : "No claims are assigned to you."
                  : "No open claims.",
            )
          : null,
      ),
    );
    if (focused && !focused.isConnected) return;
    if (focused && doc.activeElement !== focused) focused.focus();
  }
}

// One claim's card in the claim panel: its status, assignee, notes and
// evidence, the findings on its words and its history. Built from text
// nodes only.
import { el } from "./dom";
import { isUnreachable } from "./reconnect";
import { CLAIM_STATUSES, type Claim, type ClaimEvent, type ClaimStatus, type ClaimUpdate, type Evidence, type IntegrityFinding, type Person } from "./ipc";
import { shortTime } from "./time";
import { describeEvent, EVIDENCE_KINDS, evidenceLabel, evidenceOf, findingText, isInactive, spanOverlaps, STATUS_LABELS } from "./claim-model";

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

export function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Children for replaceChildren, the absent ones left out. */
export function present(...children: (Node | string | null | undefined | false)[]): (Node | string)[] {
  return children.filter((c): c is Node | string => c !== null && c !== undefined && c !== false && c !== "");
}

export function button(label: string, attrs: Record<string, string> = {}): HTMLButtonElement {
  return el("button", { type: "button", ...attrs }, label);
}

/** "Accept…": a reason and a button that acknowledge a finding, so it no
 *  longer holds the story at the publish gate. Nothing for an accepted one. */
export function acceptControl(finding: IntegrityFinding, actions: ClaimActions): HTMLElement | null {
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
      if (!isUnreachable(err)) problem.textContent = message(err);
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

/** The assignee's choices: nobody, then the desk's people by name (a name
 *  the claim holds that is not one of them stays choosable). [value, label]. */
export function assigneeChoices(people: Person[], current: string | null): [string, string][] {
  const choices: [string, string][] = [["", "Unassigned"]];
  const sorted = [...people].sort((a, b) => a.name.localeCompare(b.name));
  for (const p of sorted) choices.push([p.name, `${p.name} (${p.initials}, ${p.role})`]);
  if (current && !people.some((p) => p.name === current)) choices.push([current, current]);
  return choices;
}

/** One claim's card. Its element stays while the claim is shown, so what a
 *  checker is typing in it survives a refresh. */
export class ClaimCard {
  readonly root: HTMLLIElement;
  private claim: Claim;
  private readonly head = el("div", { class: "claim-card-head" });
  private readonly text: HTMLButtonElement;
  private readonly facts = el("div", { class: "claim-facts" });
  private readonly findingsList = el("ul", { class: "claim-findings" });
  private readonly status: HTMLSelectElement;
  private readonly assignee: HTMLSelectElement;
  /** The assignee's choices as last drawn, to draw them only when they change. */
  private choicesDrawn = "";
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
    /** The desk's people, whom a claim can be assigned to. */
    private readonly people: () => Person[] = () => [],
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

    this.assignee = el("select", { "data-testid": "claim-assignee" });
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
    if (this.root.ownerDocument.activeElement !== this.assignee) this.drawAssignee();
    this.dismissButton.textContent = claim.dismissed ? "Restore" : "Dismiss";
    this.dismissButton.title = claim.dismissed ? "Put the claim back in the text" : "Not a claim worth checking";
    // A hand-marked claim is deleted by editing its words away, not dismissed.
    this.dismissButton.hidden = claim.origin !== "suggested" && !claim.dismissed;
  }

  /** The assignee's choices and the claim's assignee among them. */
  private drawAssignee(): void {
    const current = this.claim.assignee ?? "";
    const choices = assigneeChoices(this.people(), current);
    const drawn = JSON.stringify(choices);
    if (drawn !== this.choicesDrawn) {
      this.choicesDrawn = drawn;
      this.assignee.replaceChildren(...choices.map(([value, label]) => el("option", { value }, label)));
    }
    this.assignee.value = current;
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
      // The library out of reach: the banner says so (reconnect.ts).
      if (!isUnreachable(err)) this.showError(message(err));
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
    const assignee = this.assignee.value;
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
        this.events.replaceChildren(
          isUnreachable(err) ? el("li", { class: "muted" }, "The history shows once the library is back.") : el("li", { class: "claim-error" }, `Could not load the history: ${message(err)}`),
        );
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

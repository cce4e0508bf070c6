// The story pane: the open story in an editor (headline and body editable,
// claims highlighted) beside its claim panel.
import "prosemirror-view/style/prosemirror.css";
import "./editor.css";
import type { Node } from "prosemirror-model";
import { TextSelection, type Transaction } from "prosemirror-state";
import { Mapping } from "prosemirror-transform";
import { EditorView } from "prosemirror-view";
import { ClaimPanel, type ClaimActions } from "./claim-panel";
import { cleaningLabel } from "./cleaning-view";
import { el } from "./dom";
import {
  claimAt,
  isMarked,
  markedRanges,
  removeClaimMarks,
  restyleClaim,
  savedBody,
  scalarSpanRanges,
  selectionSpan,
  setClaimMarks,
  claimMark,
  type SavedBody,
} from "./editor/claims";
import { docFromStory, replaceText, serializeDoc, type StoryText } from "./editor/document";
import {
  clearDraft,
  defaultStorage,
  draftClock,
  judgeDraft,
  readDraft,
  writeDraft,
  type Draft,
} from "./editor/draft";
import { canMeasure, createState, integrityDecorations, integrityKey, type FindingRange } from "./editor/editor";
import {
  CLAIM_KINDS,
  IpcError,
  type Claim,
  type ClaimKind,
  type IntegrityFinding,
  type RemovedPassage,
  type StoryDetail,
} from "./ipc";
import { copyDateLabel, exactTime } from "./time";

/** Body text as paragraphs (the core separates them with a blank line). */
export function paragraphs(body: string): string[] {
  return body
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter((p) => p !== "");
}

/** The story's header line: who sent it (agency, and the outlet that
 *  carried it), its own date, then what the library knows of it. */
export function storyFacts(story: StoryDetail, withLines: boolean): string {
  const latest = story.versions[story.versions.length - 1];
  return [
    story.source,
    story.copy_date ? `dated ${copyDateLabel(story.copy_date)}` : null,
    withLines && story.dateline,
    withLines && story.byline,
    latest ? `received ${exactTime(latest.received_at)}` : null,
    `${story.versions.length} wire version${story.versions.length === 1 ? "" : "s"}`,
    story.format,
    story.state,
  ]
    .filter((f): f is string => Boolean(f))
    .join(" · ");
}

function killedNotice(story: StoryDetail): HTMLElement | false {
  return (
    story.state === "killed" &&
    el(
      "p",
      { class: "story-killed", role: "alert", "data-testid": "story-killed" },
      `Killed by the agency${story.kill_reason ? `: ${story.kill_reason}` : ""}. Do not publish.`,
    )
  );
}

/** What the desk can do about the agency's later versions: see what changed
 *  and, when the edited copy has not taken the newest one, merge it. */
export type WireAction = "wire-changes" | "merge";

function wireNotice(story: StoryDetail, act: (action: WireAction) => void): HTMLElement | false {
  const button = (action: WireAction, testid: string, label: string, title: string) => {
    const b = el("button", { type: "button", "data-testid": testid, title }, label);
    b.addEventListener("click", () => act(action));
    return b;
  };
  const latest = story.versions.length;
  if (story.wire_update !== null) {
    return el(
      "div",
      { class: "wire-update", role: "alert", "data-testid": "wire-update" },
      el("span", {}, `The agency sent version ${story.wire_update} after the desk began editing.`),
      button("wire-changes", "wire-changes-button", "What the agency changed", `Wire version ${latest - 1} against ${latest} (w)`),
      button("merge", "merge-button", "Merge…", "Merge the agency's changes into the desk's copy (m)"),
    );
  }
  if (latest < 2) return false;
  return el(
    "div",
    { class: "wire-update quiet", "data-testid": "wire-versions-notice" },
    el("span", {}, `${latest} wire versions.`),
    button("wire-changes", "wire-changes-button", `What the agency changed in v${latest}`, `Wire version ${latest - 1} against ${latest} (w)`),
  );
}

function versionsList(story: StoryDetail): HTMLElement {
  return el(
    "details",
    { class: "story-versions" },
    el("summary", {}, "Wire versions"),
    el(
      "ul",
      {},
      ...story.versions.map((v) =>
        el(
          "li",
          {},
          `v${v.version} · ${exactTime(v.received_at)} · ${v.format} · ${v.encoding} · ${v.byte_len} bytes · ${v.file}`,
        ),
      ),
    ),
  );
}

/** The story read-only: headline, facts line, body paragraphs, credit, wire versions. */
export function renderStory(pane: HTMLElement, story: StoryDetail): void {
  pane.replaceChildren(
    el(
      "article",
      { class: "story", "data-testid": "story", "data-story-id": String(story.id) },
      el("h1", { class: "story-headline", "data-testid": "story-headline" }, story.headline),
      el("p", { class: "story-facts", "data-testid": "story-facts" }, storyFacts(story, true)),
      killedNotice(story),
      el(
        "div",
        { class: "story-body", "data-testid": "story-body" },
        ...paragraphs(story.body).map((p) => el("p", {}, p)),
      ),
      story.credit && el("p", { class: "story-credit", "data-testid": "story-credit" }, story.credit),
      versionsList(story),
    ),
  );
}

export function renderStoryPlaceholder(pane: HTMLElement, message: string): void {
  pane.replaceChildren(el("p", { class: "story-placeholder", "data-testid": "story-placeholder" }, message));
}

/** What the story pane needs from Rust. */
export type WorkspaceApi = Pick<
  typeof import("./ipc"),
  | "getStory"
  | "storyClaims"
  | "addClaim"
  | "updateClaim"
  | "addClaimEvidence"
  | "dismissClaim"
  | "claimHistory"
  | "saveStory"
  | "storyIntegrity"
  | "storyFigureFindings"
  | "acknowledgeFinding"
  | "storyCleaning"
>;

export interface WorkspaceOptions {
  /** Where drafts and the user's name are kept; localStorage by default. */
  storage?: Storage | null;
  /** How long after an edit the draft is written. */
  draftDelayMs?: number;
  now?: () => Date;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function sameText(a: StoryText, b: StoryText): boolean {
  return a.headline === b.headline && a.body === b.body;
}

/** The open story: the editor, its toolbar and the claim panel. */
export class StoryWorkspace {
  private story: StoryDetail | null = null;
  private view: EditorView | null = null;
  /** The text last saved (or loaded), which the core's offsets point into. */
  private saved: { text: StoryText; body: SavedBody } | null = null;
  /** The edits since then: carries saved offsets to positions now. */
  private sinceSave = new Mapping();
  private claims: Claim[] = [];
  private findings: IntegrityFinding[] = [];
  /** What could not be loaded for the open story, shown in the claim panel. */
  private loadProblems: string[] = [];
  private seq = 0;
  /** Counts the requests for other stories' figures: only the latest one's answer joins the findings. */
  private figureRequest = 0;
  /** Counts the requests for what cleaning removed: only the latest one's answer shows. */
  private cleaningRequest = 0;
  private saving = false;
  private draftTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly storage: Storage | null;
  private readonly draftDelayMs: number;
  private readonly now: () => Date;

  readonly panel: ClaimPanel;
  private readonly kindSelect: HTMLSelectElement;
  private readonly saveButton: HTMLButtonElement;
  private readonly markButton: HTMLButtonElement;
  private readonly dirtyLabel = el("span", { class: "editor-state", "data-testid": "editor-state" });
  private readonly statusLine = el("p", { class: "editor-status", role: "status", "data-testid": "editor-status" });
  private readonly alertBox = el("div", { class: "editor-alert", role: "alert", "data-testid": "editor-alert" });
  private readonly draftBox = el("div", { class: "draft-notice", "data-testid": "draft-notice" });
  private readonly toolbar: HTMLElement;
  private readonly facts = el("p", { class: "story-facts", "data-testid": "story-facts" });
  /** "Cleaned: N passages removed", opening the cleaning view. */
  private readonly cleaningBox = el("span", { class: "story-cleaning" });
  /** Holds the notice about the agency's later versions. */
  private readonly wireBox = el("div", { class: "wire-box" });

  constructor(
    readonly pane: HTMLElement,
    readonly api: WorkspaceApi,
    options: WorkspaceOptions = {},
  ) {
    this.storage = options.storage === undefined ? defaultStorage() : options.storage;
    this.draftDelayMs = options.draftDelayMs ?? 2000;
    this.now = options.now ?? (() => new Date());

    const actions: ClaimActions = {
      update: (id, update) => this.api.updateClaim(id, update),
      dismiss: (id, dismissed) => this.api.dismissClaim(id, dismissed),
      addEvidence: (id, evidence) => this.api.addClaimEvidence(id, evidence),
      history: (id) => this.api.claimHistory(id),
      locate: (id) => this.locate(id),
      acknowledge: (key, reason) => this.acknowledge(key, reason),
    };
    this.panel = new ClaimPanel(actions, this.storage, (claim) => this.claimChanged(claim));

    this.saveButton = el(
      "button",
      { type: "button", "data-testid": "save-button", title: "Save a new revision (Ctrl+S)" },
      "Save",
    );
    this.saveButton.addEventListener("click", () => void this.save());
    this.kindSelect = el(
      "select",
      { "data-testid": "claim-kind-select" },
      ...CLAIM_KINDS.map((k) => el("option", { value: k }, k)),
    );
    this.kindSelect.value = "statement";
    this.markButton = el(
      "button",
      { type: "button", "data-testid": "mark-claim-button", title: "Mark the selected words as a claim (Ctrl+Shift+M)" },
      "Mark as claim",
    );
    this.markButton.addEventListener("click", () => void this.markClaim());
    // Buttons act on the editor's selection: clicking them keeps it focused.
    for (const b of [this.saveButton, this.markButton]) b.addEventListener("mousedown", (e) => e.preventDefault());
    this.toolbar = el(
      "div",
      { class: "editor-toolbar", role: "toolbar", "aria-label": "Story editor" },
      this.saveButton,
      el("span", { class: "toolbar-gap" }),
      el("label", {}, "Claim kind ", this.kindSelect),
      this.markButton,
      this.dirtyLabel,
    );
    this.alertBox.hidden = true;
    this.draftBox.hidden = true;

    // Ctrl+S from anywhere in the pane (the editor handles its own).
    pane.addEventListener("keydown", (event) => {
      if (event.defaultPrevented || !(event.ctrlKey || event.metaKey) || event.altKey) return;
      if (event.key.toLowerCase() === "s" && !event.shiftKey && this.view) {
        event.preventDefault();
        void this.save();
      }
    });
    pane.ownerDocument.defaultView?.addEventListener("pagehide", () => this.flushDraft());
  }

  /** Shows `story` in the pane. */
  async show(story: StoryDetail): Promise<void> {
    this.flushDraft();
    this.teardown();
    const seq = ++this.seq;
    // Ask for the claims first: the core answers while the editor is built.
    const pending = this.fetchClaims(story.id);
    this.story = story;
    this.claims = [];
    this.findings = [];
    this.showAlert(null);
    this.setStatus("");
    this.draftBox.hidden = true;
    this.facts.textContent = storyFacts(story, false);
    this.paintWire(story);
    this.cleaningBox.replaceChildren();
    void this.loadCleaning(seq, story.id);

    const host = el("div", { class: "editor-host" });
    this.pane.replaceChildren(
      el(
        "div",
        { class: "workspace", "data-testid": "workspace" },
        el(
          "article",
          { class: "story", "data-testid": "story", "data-story-id": String(story.id) },
          el("div", { class: "story-head" }, this.facts, this.cleaningBox),
          killedNotice(story),
          this.wireBox,
          this.toolbar,
          this.alertBox,
          this.draftBox,
          this.statusLine,
          host,
          versionsList(story),
        ),
        this.panel.root,
      ),
    );

    const doc = docFromStory(story);
    this.resetSaved(doc);
    const state = createState(doc, {
      save: () => void this.save(),
      markClaim: () => void this.markClaim(),
      focusClaim: () => this.focusClaimAtCursor(),
    });
    this.view = new EditorView(host, {
      state,
      dispatchTransaction: (tr) => this.dispatch(tr),
      editable: () => !this.saving,
      attributes: {
        class: "story-editor",
        "data-testid": "story-editor",
        "aria-label": "Story text",
        "aria-multiline": "true",
        role: "textbox",
        spellcheck: "true",
      },
      handleDOMEvents: {
        click: (_view, event) => {
          const target = event.target as Element | null;
          const mark = target?.closest?.("[data-claim-id]");
          if (mark) this.panel.focusCard(Number(mark.getAttribute("data-claim-id")), event.ctrlKey || event.metaKey);
          return false;
        },
      },
    });
    this.updateDirty();
    this.offerDraft(story);

    this.panel.setClaims([], []);
    this.panel.setMessage("Loading claims…");
    await this.loadClaims(seq, pending);
  }

  /** The agency sent a new version of the open story: its notice and facts
   *  follow, the editor and what is typed in it stay as they are. */
  wireVersionsChanged(latest: StoryDetail): void {
    const story = this.story;
    if (!story || story.id !== latest.id) return;
    if (latest.revision_id !== story.revision_id && latest.wire_update === null) {
      // The agency's new version became the story's text under unsaved typing.
      const version = latest.versions.length;
      this.showAlert(
        `The agency sent version ${version} while you were editing, and it is now the story's text. ` +
          "Your unsaved changes are kept as a draft of the earlier version: opening the story again offers it, " +
          "but taking it back replaces the agency's new text, so see what the agency changed first.",
      );
    }
    this.story = { ...story, versions: latest.versions, wire_update: latest.wire_update, state: latest.state, kill_reason: latest.kill_reason };
    this.facts.textContent = storyFacts(this.story, false);
    this.paintWire(this.story);
  }

  private paintWire(story: StoryDetail): void {
    const notice = wireNotice(story, (action) => this.onWireAction(action, this.story ?? story));
    this.wireBox.replaceChildren(...(notice ? [notice] : []));
  }

  /** A placeholder instead of a story. */
  clear(message: string): void {
    this.flushDraft();
    this.teardown();
    this.seq++;
    this.story = null;
    renderStoryPlaceholder(this.pane, message);
  }

  /** Whether a key event belongs to the story pane: typing in the editor, or
   *  any key on the toolbar, the notices and the claim panel (Enter on a
   *  card's button is that button's, not the inbox's). */
  owns(event: KeyboardEvent): boolean {
    const target = event.target as Element | null;
    return Boolean(
      target &&
        this.pane.contains(target) &&
        target.closest(
          // The editor's root is not contenteditable while a save runs; typing there is still the editor's.
          '[contenteditable], .ProseMirror, input, textarea, select, button, summary, a[href], .claim-panel, .editor-toolbar, .editor-alert, .draft-notice',
        ),
    );
  }

  /** The editor, while a story is open. */
  get editor(): EditorView | null {
    return this.view;
  }

  /** Whether the text differs from the last saved revision. */
  get dirty(): boolean {
    return Boolean(this.view && this.saved && !sameText(serializeDoc(this.view.state.doc), this.saved.text));
  }

  private teardown(): void {
    clearTimeout(this.draftTimer);
    this.draftTimer = undefined;
    this.view?.destroy();
    this.view = null;
    this.saved = null;
  }

  private resetSaved(doc: Node): void {
    this.saved = { text: serializeDoc(doc), body: savedBody(doc) };
    this.sinceSave = new Mapping();
  }

  private dispatch(tr: Transaction): void {
    const view = this.view;
    if (!view) return;
    view.updateState(view.state.apply(tr));
    if (!tr.docChanged) return;
    this.sinceSave.appendMapping(tr.mapping);
    this.updateDirty();
    if (this.dirty) {
      this.draftTimer ??= setTimeout(() => {
        this.draftTimer = undefined;
        this.flushDraft();
      }, this.draftDelayMs);
    } else if (this.story) {
      clearTimeout(this.draftTimer);
      this.draftTimer = undefined;
      clearDraft(this.storage, this.story.id);
    }
  }

  private updateDirty(): void {
    const dirty = this.dirty;
    this.dirtyLabel.textContent = dirty ? "Unsaved changes" : "Saved";
    this.dirtyLabel.classList.toggle("dirty", dirty);
  }

  /** Writes the unsaved text to the draft store now. */
  flushDraft(): void {
    clearTimeout(this.draftTimer);
    this.draftTimer = undefined;
    if (!this.story || !this.view || !this.dirty) return;
    writeDraft(this.storage, {
      storyId: this.story.id,
      baseRevisionId: this.story.revision_id,
      ...serializeDoc(this.view.state.doc),
      savedAt: this.now().toISOString(),
    });
  }

  private offerDraft(story: StoryDetail): void {
    const verdict = judgeDraft(readDraft(this.storage, story.id), story);
    switch (verdict.action) {
      case "none":
        return;
      case "drop":
        clearDraft(this.storage, story.id);
        return;
      case "restore":
        this.applyDraft(verdict.draft);
        this.setStatus(`Restored your unsaved draft from ${draftClock(verdict.draft)}.`);
        return;
      case "offer":
        this.showDraftOffer(verdict.draft);
        return;
    }
  }

  private applyDraft(draft: Draft): void {
    const view = this.view;
    if (!view) return;
    this.dispatch(replaceText(view.state.tr, draft));
  }

  private showDraftOffer(draft: Draft): void {
    const apply = el("button", { type: "button", "data-testid": "draft-apply" }, "Use my draft");
    const discard = el("button", { type: "button", "data-testid": "draft-discard" }, "Discard it");
    const text = el("textarea", { readonly: "", rows: "8", "data-testid": "draft-text", "aria-label": "Your draft" });
    text.value = `${draft.headline}\n\n${draft.body}`;
    apply.addEventListener("click", () => {
      this.applyDraft(draft);
      this.draftBox.hidden = true;
      this.setStatus(`Your draft from ${draftClock(draft)} is in the editor; check it against this revision before saving.`);
    });
    discard.addEventListener("click", () => {
      if (this.story) clearDraft(this.storage, this.story.id);
      this.draftBox.hidden = true;
    });
    this.draftBox.replaceChildren(
      el(
        "p",
        {},
        `You have an unsaved draft from ${draftClock(draft)}, made on an earlier revision of this story. It has not been applied.`,
      ),
      el("div", { class: "draft-actions" }, apply, discard),
      el("details", {}, el("summary", {}, "Show the draft"), text),
    );
    this.draftBox.hidden = false;
  }

  /** What cleaning removed from the story's wire copy, for the header.
   *  An answer for another story, or one overtaken by a later ask, is dropped. */
  private async loadCleaning(seq: number, storyId: number): Promise<void> {
    const request = ++this.cleaningRequest;
    let passages: RemovedPassage[];
    try {
      passages = (await this.api.storyCleaning(storyId)).passages;
    } catch {
      // The header simply says nothing about cleaning; the view can say why.
      if (seq === this.seq && request === this.cleaningRequest) this.cleaningBox.replaceChildren();
      return;
    }
    if (seq !== this.seq || request !== this.cleaningRequest) return;
    this.paintCleaning(passages);
  }

  private paintCleaning(passages: RemovedPassage[]): void {
    const label = cleaningLabel(passages);
    if (passages.length === 0) {
      // Only web copy (plain text) goes through the cleaner: elsewhere there is nothing to say.
      const cleaned = this.story?.format === "text";
      this.cleaningBox.replaceChildren(
        ...(cleaned ? [el("span", { class: "cleaning-none", "data-testid": "cleaning-none" }, label)] : []),
      );
      return;
    }
    const button = el(
      "button",
      {
        type: "button",
        class: "cleaning-button",
        "data-testid": "cleaning-button",
        title: "See what cleaning removed from the agency's copy, and put passages back (r)",
      },
      label,
    );
    button.addEventListener("click", () => {
      if (this.story) this.onCleaning(this.story);
    });
    this.cleaningBox.replaceChildren(button);
  }

  private setStatus(text: string): void {
    this.statusLine.textContent = text;
  }

  private showAlert(text: string | null, ...actions: HTMLElement[]): void {
    this.alertBox.hidden = text === null;
    this.alertBox.replaceChildren(...(text === null ? [] : [el("span", {}, text), ...actions]));
  }

  private fetchClaims(storyId: number) {
    return Promise.allSettled([this.api.storyClaims(storyId), this.api.storyIntegrity(storyId)]);
  }

  /** Shows the story's claims and the findings against its wire copy, then
   *  asks for the figures other stories report (not awaited: they join the
   *  findings when they arrive). */
  private async loadClaims(seq: number, pending?: ReturnType<StoryWorkspace["fetchClaims"]>): Promise<void> {
    const story = this.story;
    if (!story) return;
    const [claims, findings] = await (pending ?? this.fetchClaims(story.id));
    if (seq !== this.seq) return;
    this.claims = claims.status === "fulfilled" ? claims.value : [];
    this.findings = findings.status === "fulfilled" ? findings.value : [];
    this.loadProblems = [
      claims.status === "rejected" && `Could not load the claims: ${errorText(claims.reason)}`,
      findings.status === "rejected" && `Could not check the text against the wire: ${errorText(findings.reason)}`,
    ].filter((p): p is string => Boolean(p));
    this.showLoadProblems();
    this.panel.setClaims(this.claims, this.findings);
    this.applyMarks();
    void this.loadFigureFindings(seq, story.id);
  }

  private showLoadProblems(): void {
    const problems = this.loadProblems;
    this.panel.setMessage(problems.length ? problems.join(" ") : null, problems.length > 0);
  }

  /** The story's figures that other stories report differently: a search
   *  of the library, so asked for once the story shows. An answer for
   *  another story, or for text saved since, is dropped. */
  private async loadFigureFindings(seq: number, storyId: number): Promise<void> {
    const request = ++this.figureRequest;
    let figures: IntegrityFinding[];
    try {
      figures = await this.api.storyFigureFindings(storyId);
    } catch (err) {
      if (seq !== this.seq || request !== this.figureRequest) return;
      this.loadProblems = [...this.loadProblems, `Could not compare figures with other stories: ${errorText(err)}`];
      this.showLoadProblems();
      return;
    }
    if (seq !== this.seq || request !== this.figureRequest) return;
    // Findings already listed (an acceptance answers with all of them) stay as they are.
    const known = new Set(this.findings.map((f) => f.key));
    const added = figures.filter((f) => !known.has(f.key));
    if (added.length === 0) return;
    this.findings = [...this.findings, ...added].sort((a, b) => a.start - b.start || a.end - b.end);
    this.panel.setClaims(this.claims, this.findings);
    const view = this.view;
    if (view && this.saved) this.dispatch(this.withFindings(view.state.tr));
  }

  /** Highlights the claims and integrity findings in the text. */
  private applyMarks(): void {
    const view = this.view;
    if (!view || !this.saved) return;
    this.dispatch(this.withFindings(setClaimMarks(view.state.tr, this.saved.body, this.claims, this.sinceSave)));
  }

  /** `tr`, setting the highlights of the findings not accepted. */
  private withFindings(tr: Transaction): Transaction {
    const saved = this.saved;
    const ranges: FindingRange[] = saved
      ? this.findings
          .filter((f) => f.acknowledged === null)
          .flatMap((f) => {
            // Figures that contradict each other: both are marked in the text.
            const spans = [f, ...(f.related_start != null && f.related_end != null ? [{ start: f.related_start, end: f.related_end }] : [])];
            return spans.flatMap((span) => scalarSpanRanges(saved.body, span, this.sinceSave).map((r) => ({ ...r, message: f.message })));
          })
      : [];
    return tr.setMeta(integrityKey, integrityDecorations(tr.doc, ranges));
  }

  /** A claim changed through the panel: its highlight follows. */
  /** Accepts an integrity finding and shows the findings as they are now. */
  private async acknowledge(key: string, reason: string): Promise<void> {
    const story = this.story;
    if (!story) return;
    const seq = this.seq;
    const findings = await this.api.acknowledgeFinding(story.id, key, reason);
    if (seq !== this.seq) return;
    this.findings = findings;
    this.panel.setClaims(this.claims, this.findings);
    this.applyMarks();
    this.setStatus("Change accepted; it no longer holds the story back.");
    this.onStoryChanged(story.id);
  }

  /** The story as the pane shows it now (its revision moves with each save). */
  get current(): StoryDetail | null {
    return this.story;
  }

  /** Called after the story or one of its claims changed (to refresh the inbox). */
  onStoryChanged: (storyId: number) => void = () => {};

  /** Called when the editor asks to see what cleaning removed. */
  onCleaning: (story: StoryDetail) => void = () => {};

  /** Called when the editor asks to see or merge the agency's later version. */
  onWireAction: (action: WireAction, story: StoryDetail) => void = () => {};

  private claimChanged(claim: Claim): void {
    // An answer that arrives after another story was opened is not this story's.
    if (!this.story || claim.story_id !== this.story.id) return;
    const i = this.claims.findIndex((c) => c.id === claim.id);
    if (i >= 0) this.claims[i] = claim;
    else this.claims.push(claim);
    this.onStoryChanged(claim.story_id);
    const view = this.view;
    if (!view || !this.saved) return;
    const tr = view.state.tr;
    if (!isMarked(claim)) removeClaimMarks(tr, claim.id);
    else if (markedRanges(tr.doc, claim.id).length > 0) restyleClaim(tr, claim);
    else for (const r of scalarSpanRanges(this.saved.body, claim, this.sinceSave)) tr.addMark(r.from, r.to, claimMark(claim));
    tr.setMeta("addToHistory", false);
    if (tr.docChanged) this.dispatch(tr);
  }

  /** Saves the text as a new revision made on the one shown. Returns whether
   *  the text is saved afterwards. */
  async save(): Promise<boolean> {
    const story = this.story;
    const view = this.view;
    if (!story || !view || !this.saved) return false;
    if (this.saving) return false;
    if (!this.dirty) {
      this.setStatus("Nothing to save: the text is as saved.");
      return true;
    }
    const text = serializeDoc(view.state.doc);
    const seq = this.seq;
    this.saving = true;
    view.setProps({});
    this.saveButton.disabled = true;
    this.setStatus("Saving…");
    try {
      const detail = await this.api.saveStory(story.id, story.revision_id, text.headline, text.body);
      clearDraft(this.storage, story.id);
      if (seq !== this.seq) return true;
      // A figure answer still on its way was worked out for the text before this save.
      this.figureRequest++;
      this.story = detail;
      this.facts.textContent = storyFacts(detail, false);
      this.showAlert(null);
      this.draftBox.hidden = true;
      // The core tidies white space; show what it stored.
      const stored = { headline: detail.headline, body: detail.body };
      if (!sameText(stored, text)) this.dispatch(replaceText(view.state.tr, stored).setMeta("addToHistory", false));
      this.resetSaved(view.state.doc);
      this.updateDirty();
      this.setStatus(
        detail.revision_id === story.revision_id
          ? `Nothing saved: the text is the same as revision ${detail.revision_id}.`
          : `Saved revision ${detail.revision_id}.`,
      );
      // An edit may put back (or take out again) what cleaning removed.
      void this.loadCleaning(seq, story.id);
      await this.loadClaims(seq);
      this.onStoryChanged(story.id);
      return true;
    } catch (err) {
      if (seq !== this.seq) return false;
      if (err instanceof IpcError && err.kind === "edit-conflict") {
        this.flushDraft();
        const reload = el("button", { type: "button", "data-testid": "reload-button" }, "Reload");
        reload.addEventListener("click", () => void this.reload());
        this.showAlert(
          "Someone else saved this story first, so your changes were not saved. They are kept as a draft on this machine: reload to see the other revision and choose what to keep. ",
          reload,
        );
        this.setStatus("");
      } else {
        this.showAlert(`Could not save: ${errorText(err)}`);
        this.setStatus("");
      }
      return false;
    } finally {
      this.saving = false;
      this.saveButton.disabled = false;
      this.view?.setProps({});
    }
  }

  /** Opens the story's current revision again (after a conflict). */
  async reload(): Promise<void> {
    const story = this.story;
    if (!story) return;
    this.flushDraft();
    try {
      const fresh = await this.api.getStory(story.id);
      await this.show(fresh);
    } catch (err) {
      this.showAlert(`Could not reload the story: ${errorText(err)}`);
    }
  }

  /** Marks the selected words of the body as a claim of the chosen kind,
   *  saving first when the text has changed. */
  async markClaim(): Promise<Claim | null> {
    const story = this.story;
    let view = this.view;
    if (!story || !view) return null;
    const { from, to } = view.state.selection;
    const first = selectionSpan(view.state.doc, from, to);
    if ("error" in first) {
      this.setStatus(first.error);
      return null;
    }
    if (this.dirty) {
      this.setStatus("Saving first, so the claim points into saved text…");
      if (!(await this.save())) return null;
      view = this.view;
      if (!view || this.story?.id !== story.id) return null;
    }
    if (this.dirty) {
      this.setStatus("Save first (Ctrl+S) to mark a claim in changed text.");
      return null;
    }
    const sel = view.state.selection;
    const span = selectionSpan(view.state.doc, sel.from, sel.to);
    if ("error" in span) {
      this.setStatus(span.error);
      return null;
    }
    const seq = this.seq;
    const kind = this.kindSelect.value as ClaimKind;
    let claim: Claim;
    try {
      claim = await this.api.addClaim(story.id, span.start, span.end, kind);
    } catch (err) {
      if (seq === this.seq) this.showAlert(`Could not mark the claim: ${errorText(err)}`);
      return null;
    }
    if (seq !== this.seq) return claim;
    this.claimChanged(claim);
    this.panel.setClaims(this.claims, this.findings);
    this.panel.focusCard(claim.id);
    this.setStatus(`Marked a ${claim.kind} claim.`);
    return claim;
  }

  /** Selects claim `id`'s words in the editor. */
  locate(id: number): void {
    const view = this.view;
    const claim = this.claims.find((c) => c.id === id);
    if (!view || !claim || !this.saved) return;
    const ranges = scalarSpanRanges(this.saved.body, claim, this.sinceSave);
    if (ranges.length === 0 || !isMarked(claim)) {
      this.setStatus("That claim is not in the text.");
      return;
    }
    const tr = view.state.tr.setSelection(
      TextSelection.create(view.state.doc, ranges[0].from, ranges[ranges.length - 1].to),
    );
    if (canMeasure()) tr.scrollIntoView();
    view.dispatch(tr);
    view.focus();
  }

  /** Alt+Enter in a claim: focus its card. */
  private focusClaimAtCursor(): boolean {
    const view = this.view;
    if (!view) return false;
    const id = claimAt(view.state.doc, view.state.selection.from);
    if (id === null) return false;
    this.panel.focusCard(id, true);
    return true;
  }
}

/** A story the warm-up opens off screen: invented, never stored. */
const WARM_UP_STORY: StoryDetail = {
  id: -1,
  revision_id: -1,
  headline: "Warm-up",
  dateline: "OSLEN",
  byline: null,
  credit: "(Wiredesk)",
  body: "About 700 people came.\n\n\"It went well,\" she said.",
  source: "Wiredesk",
  agency: "Wiredesk",
  publisher: null,
  copy_date: null,
  format: "text",
  state: "new",
  kill_reason: null,
  wire_update: null,
  versions: [],
};

/**
 * Opens an invented story once, off screen, so that the first story the
 * editor opens does not pay for first use (the editor's code compiled, its
 * fonts and styles resolved). Nothing reaches the core or the drafts.
 */
export async function warmUp(document: Document): Promise<void> {
  const host = document.createElement("section");
  host.className = "story-pane warm-up";
  host.setAttribute("aria-hidden", "true");
  document.body.append(host);
  const refuse = async (): Promise<never> => {
    throw new Error("warm-up");
  };
  const claim = {
    id: -1,
    story_id: -1,
    kind: "quantity" as const,
    text: "700 people",
    start: 6,
    end: 16,
    value: "700 people",
    speaker: null,
    status: "unchecked" as const,
    origin: "suggested" as const,
    assignee: null,
    dismissed: false,
    detached: false,
    rule: null,
    rank: 1,
    resolved_against: null,
    timing: false,
    open: true,
  };
  const workspace = new StoryWorkspace(
    host,
    {
      storyClaims: async () => [claim],
      storyIntegrity: async () => [],
      storyFigureFindings: async () => [],
      addClaim: refuse,
      updateClaim: refuse,
      addClaimEvidence: refuse,
      dismissClaim: refuse,
      claimHistory: async () => [],
      saveStory: refuse,
      getStory: refuse,
      acknowledgeFinding: refuse,
      storyCleaning: async () => ({ story_id: -1, wire_revision_id: -1, headline: "", body: "", passages: [] }),
    },
    { storage: null },
  );
  try {
    await workspace.show(WARM_UP_STORY);
    await new Promise((resolve) =>
      typeof requestAnimationFrame === "function" ? requestAnimationFrame(resolve) : setTimeout(resolve, 0),
    );
  } finally {
    workspace.clear("");
    host.remove();
  }
}

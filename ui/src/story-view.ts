// The story pane: the open story in an editor (headline and body editable,
// claims highlighted) beside its claim panel, with who else has it open and
// another person's save of it in its header, and the unsaved text merged
// into that save (draft-merge.ts). Beside it, the claims and the house
// style matches, one tab each.
import "prosemirror-view/style/prosemirror.css";
import "./editor.css";
import type { Node } from "prosemirror-model";
import { TextSelection, type Transaction } from "prosemirror-state";
import { Mapping } from "prosemirror-transform";
import { EditorView } from "prosemirror-view";
import { ClaimPanel, type ClaimActions } from "./claim-panel";
import { el } from "./dom";
import { DraftMerge, theirVersion, type DraftMergeResult } from "./draft-merge";
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
import { defaultStorage, draftClock, DraftKeeper, type Draft } from "./editor/draft";
import { canMeasure, createState, integrityDecorations, integrityKey, type FindingRange } from "./editor/editor";
import { applyFixes, editsText, matchesAt, matchRange, setStyleMatches, type StyleFix } from "./editor/style-marks";
import {
  errorText,
  IpcError,
  type Claim,
  type ClaimKind,
  type IntegrityFinding,
  type RemovedPassage,
  type StoryDetail,
  type StyleCheck,
  type StyleMatch,
} from "./ipc";
import { PanelTabs } from "./panel-tabs";
import { StyleChecker } from "./style-check";
import { StylePanel, styleTabLabel } from "./style-panel";
import { presenceWarning, visitorsLabel, type Visitor } from "./presence";
import type { Ticket } from "./late";
import { isUnreachable } from "./reconnect";
import { StoryStore, type StoryChange } from "./story-store";
import {
  cleaningHeader,
  draftOffer,
  storyToolbar,
  killedNotice, paintTheirSaveMerge, renderStoryPlaceholder, storyFacts, theirSaveBanner, versionsList, wireNotice, type WireAction } from "./story-parts";

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
  | "mergeDraft"
  | "storyIntegrity"
  | "storyFigureFindings"
  | "acknowledgeFinding"
  | "storyCleaning"
  | "styleCheck"
  | "styleIgnore"
  | "addDeskWord"
>;

export interface WorkspaceOptions {
  /** Where drafts and the user's name are kept; localStorage by default. */
  storage?: Storage | null;
  /** How long after an edit the draft is written. */
  draftDelayMs?: number;
  /** How long after the last edit the house style is checked. */
  styleDelayMs?: number;
  now?: () => Date;
}

/** Keys that change the text (the rest move, select or are shortcuts). */
function isTypingKey(event: KeyboardEvent): boolean {
  if (event.ctrlKey || event.metaKey || event.altKey) return false;
  return event.key.length === 1 || event.key === "Backspace" || event.key === "Delete" || event.key === "Enter";
}

/** A save refused because the team library cannot be reached. */
const NOT_SAVED_AWAY = "Not saved yet: your text is kept. Save again once the team library is back.";

/** A draft merge refused because the team library cannot be reached. */
const NOT_MERGED_AWAY = "Not merged yet: your text is kept. Merge again once the team library is back.";

function sameText(a: StoryText, b: StoryText): boolean {
  return a.headline === b.headline && a.body === b.body;
}

/** The open story: the editor, its toolbar and the claim panel. */
export class StoryWorkspace {
  private view: EditorView | null = null;
  /** The text last saved (or loaded), which the core's offsets point into. */
  private saved: { text: StoryText; body: SavedBody } | null = null;
  /** The edits since then: carries saved offsets to positions now. */
  private sinceSave = new Mapping();
  /** The open story's state (story, claims, findings), which this view draws. */
  readonly store: StoryStore;
  private saving = false;
  /** The story whose unsaved text is being merged into another person's
   *  save: its editor waits meanwhile (another story opened does not). */
  private mergingFor: Ticket | null = null;
  /** Merges the unsaved text into another person's save, asking about its conflicts. */
  readonly draftMerge: DraftMerge;
  /** The unsaved text, kept on this machine (editor/draft.ts). */
  private readonly drafts: DraftKeeper;

  readonly panel: ClaimPanel;
  /** The house style matches of the text, beside the claims. */
  readonly stylePanel: StylePanel;
  /** The claim panel and the style panel, as tabs. */
  readonly tabs: PanelTabs;
  /** Checks the text against the house style as it is typed. */
  private readonly styleChecker: StyleChecker;
  private readonly kindSelect: HTMLSelectElement;
  private readonly saveButton: HTMLButtonElement;
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
  /** Who else has the story open: "Anna Berg is editing". */
  private readonly presenceLine = el("span", { class: "story-presence", "data-testid": "story-presence" });
  /** Told on opening a story someone else already has open. */
  private readonly presenceNote = el("p", { class: "presence-warning", role: "status", "data-testid": "presence-warning" });
  /** Holds the notice of another person's save of the story. */
  private readonly liveSaveBox = el("div", { class: "live-save-box" });
  private liveSaveMerge: HTMLButtonElement | null = null;
  /** Another person's revision of the open story, newer than the one the editor is on. */
  private theirs: { revisionId: number; actor: string } | null = null;
  /** Whether the editor typed in the story since it opened. */
  private typedSinceOpen = false;

  constructor(
    readonly pane: HTMLElement,
    readonly api: WorkspaceApi,
    options: WorkspaceOptions = {},
  ) {
    this.drafts = new DraftKeeper(
      options.storage === undefined ? defaultStorage() : options.storage,
      options.draftDelayMs ?? 2000,
      options.now ?? (() => new Date()),
      () => this.unsavedText(),
    );
    this.store = new StoryStore(api);
    this.draftMerge = new DraftMerge(api);
    this.store.subscribe((change) => this.onStore(change));

    const actions: ClaimActions = {
      update: (id, update) => this.api.updateClaim(id, update),
      dismiss: (id, dismissed) => this.api.dismissClaim(id, dismissed),
      addEvidence: (id, evidence) => this.api.addClaimEvidence(id, evidence),
      history: (id) => this.api.claimHistory(id),
      locate: (id) => this.locate(id),
      acknowledge: (key, reason) => this.acknowledge(key, reason),
    };
    this.panel = new ClaimPanel(actions, this.drafts.storage, (claim) => this.claimChanged(claim));
    this.stylePanel = new StylePanel({
      fix: (fixes) => this.fixStyle(fixes),
      ignore: (match) => void this.ignoreStyle(match),
      addWord: (match) => void this.addDeskWord(match),
      locate: (id) => this.locateStyle(id),
    });
    this.tabs = new PanelTabs([
      { id: "claims", label: "Claims", panel: this.panel.root },
      { id: "style", label: styleTabLabel(0), panel: this.stylePanel.root },
    ]);
    this.stylePanel.onCount = (count) => this.tabs.setLabel("style", styleTabLabel(count));
    this.styleChecker = new StyleChecker(
      api,
      () => (this.story && this.view ? { storyId: this.story.id, body: serializeDoc(this.view.state.doc).body } : null),
      (check) => this.showStyle(check),
      (err) => {
        if (!isUnreachable(err)) this.stylePanel.setMessage(`Could not check the house style: ${errorText(err)}`, true);
      },
      options.styleDelayMs,
    );

    const tools = storyToolbar(this.dirtyLabel, {
      save: () => void this.save(),
      markClaim: () => void this.markClaim(),
    });
    ({ toolbar: this.toolbar, saveButton: this.saveButton, kindSelect: this.kindSelect } = tools);
    this.alertBox.hidden = true;
    this.draftBox.hidden = true;
    this.presenceLine.hidden = true;
    this.presenceNote.hidden = true;

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
    // The store asks for the claims first: the core answers while the editor is built.
    const { ticket, pending } = this.store.open(story);
    this.showAlert(null);
    this.setStatus("");
    this.draftBox.hidden = true;
    this.facts.textContent = storyFacts(story, false);
    this.paintWire(story);
    this.theirs = null;
    this.liveSaveMerge = null;
    this.liveSaveBox.replaceChildren();
    this.typedSinceOpen = false;
    this.presenceNote.hidden = true;
    this.cleaningBox.replaceChildren();
    void this.store.loadCleaning(ticket, story.id);

    const host = el("div", { class: "editor-host" });
    this.pane.replaceChildren(
      el(
        "div",
        { class: "workspace", "data-testid": "workspace" },
        el(
          "article",
          { class: "story", "data-testid": "story", "data-story-id": String(story.id) },
          el("div", { class: "story-head" }, this.facts, this.cleaningBox, this.presenceLine),
          this.presenceNote,
          this.liveSaveBox,
          killedNotice(story),
          this.wireBox,
          this.toolbar,
          this.alertBox,
          this.draftBox,
          this.statusLine,
          host,
          versionsList(story),
        ),
        this.tabs.root,
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
      editable: () => !this.saving && !this.merging,
      attributes: {
        class: "story-editor",
        "data-testid": "story-editor",
        "aria-label": "Story text",
        "aria-multiline": "true",
        role: "textbox",
        spellcheck: "true",
      },
      handleDOMEvents: {
        // Typing, for the desk's presence: a key that edits, or an edit
        // the keyboard did not make (a paste, a drop, an input method).
        keydown: (_view, event) => {
          if (isTypingKey(event)) this.typed();
          return false;
        },
        input: () => {
          this.typed();
          return false;
        },
        paste: () => {
          this.typed();
          return false;
        },
        drop: () => {
          this.typed();
          return false;
        },
        click: (_view, event) => {
          const target = event.target as Element | null;
          const mark = target?.closest?.("[data-claim-id]");
          if (mark) this.focusCard(Number(mark.getAttribute("data-claim-id")), event.ctrlKey || event.metaKey);
          else if (target?.closest?.('[data-testid="style-mark"]')) this.focusStyleAt(event);
          return false;
        },
      },
    });
    this.updateDirty();
    this.offerDraft(story);
    this.presenceChanged();

    this.panel.setClaims([], []);
    this.panel.setMessage("Loading claims…");
    this.stylePanel.setCheck(null);
    this.stylePanel.setMessage("Checking the house style…");
    void this.styleChecker.now();
    await this.store.loadClaims(ticket, pending);
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
    this.store.replaceStory({ ...story, versions: latest.versions, wire_update: latest.wire_update, state: latest.state, kill_reason: latest.kill_reason });
    this.facts.textContent = storyFacts(this.store.story!, false);
    this.paintWire(this.store.story!);
  }

  private paintWire(story: StoryDetail): void {
    const notice = wireNotice(story, (action) => this.onWireAction(action, this.story ?? story));
    this.wireBox.replaceChildren(...(notice ? [notice] : []));
  }

  /** A placeholder instead of a story. */
  clear(message: string): void {
    this.flushDraft();
    this.teardown();
    this.store.close();
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
          '[contenteditable], .ProseMirror, input, textarea, select, button, summary, a[href], .claim-panel, .side-panel, .editor-toolbar, .editor-alert, .draft-notice',
        ),
    );
  }

  /** The editor, while a story is open. */
  get editor(): EditorView | null {
    return this.view;
  }

  /** Whether the unsaved text of the story shown is being merged. */
  private get merging(): boolean {
    return this.mergingFor?.live === true;
  }

  /** Whether the text differs from the last saved revision. */
  get dirty(): boolean {
    return Boolean(this.view && this.saved && !sameText(serializeDoc(this.view.state.doc), this.saved.text));
  }

  private teardown(): void {
    // A merge still asking about its conflicts was for the text torn down.
    this.draftMerge.cancel();
    this.drafts.cancel();
    this.styleChecker.stop();
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
    if (editsText(tr)) this.styleChecker.edited();
    this.sinceSave.appendMapping(tr.mapping);
    this.updateDirty();
    this.drafts.edited(this.story?.id ?? null, this.dirty);
  }

  private updateDirty(): void {
    const dirty = this.dirty;
    this.dirtyLabel.textContent = dirty ? "Unsaved changes" : "Saved";
    this.dirtyLabel.classList.toggle("dirty", dirty);
    if (this.liveSaveMerge) paintTheirSaveMerge(this.liveSaveMerge, dirty);
  }

  private typed(): void {
    if (!this.story) return;
    this.typedSinceOpen = true;
    this.onTyping();
  }

  /** Who else has the story open changed: the header says who, and an
   *  editor who has not typed in it yet is told before they do. Never a lock. */
  presenceChanged(): void {
    const story = this.story;
    const visitors = story ? this.presenceOf(story.id) : [];
    const line = visitorsLabel(visitors);
    this.presenceLine.hidden = line === null;
    this.presenceLine.textContent = line ?? "";
    const warning = presenceWarning(visitors);
    // Once the editor types, a notice not shown yet stays away; one shown follows who is there.
    if (warning === null) this.presenceNote.hidden = true;
    else if (!this.presenceNote.hidden || !this.typedSinceOpen) {
      this.presenceNote.textContent = warning;
      this.presenceNote.hidden = false;
    }
  }

  /** `actor` saved revision `revisionId` of the open story: the header offers
   *  to compare it and to take it up (merging the unsaved text into it, or
   *  opening it when there is none); the editor and its text stay as they are. */
  theirSave(actor: string, revisionId: number): void {
    const story = this.story;
    if (!story || revisionId === story.revision_id) return;
    this.theirs = { revisionId, actor };
    const { banner, mergeButton } = theirSaveBanner(actor, this.dirty, {
      compare: () => {
        const now = this.story;
        if (now && this.theirs) this.onCompareTheirs(now, this.theirs.revisionId, this.theirs.actor);
      },
      merge: () => void (this.dirty ? this.mergeDraft() : this.takeTheirs()),
    });
    this.liveSaveMerge = mergeButton;
    this.liveSaveBox.replaceChildren(banner);
  }

  /** Opens the story's newest revision in place of the one the editor is
   *  on (the header's button while nothing is unsaved). Unsaved text is
   *  never dropped: typed meanwhile, it is kept as a draft made on the older
   *  revision and offered beside the newer one, to carry over (as after a
   *  refused save). */
  async takeTheirs(): Promise<void> {
    const story = this.story;
    if (!story) return;
    const actor = this.theirs?.actor ?? "Someone";
    this.flushDraft();
    let fresh: StoryDetail;
    try {
      fresh = await this.api.getStory(story.id);
    } catch (err) {
      if (!isUnreachable(err)) this.showAlert(`Could not open the new version: ${errorText(err)}`);
      return;
    }
    if (this.story?.id !== story.id) return;
    // What is typed now, also while the new version was on its way.
    const kept = this.unsavedText();
    this.flushDraft();
    await this.show(fresh);
    if (kept && !sameText(kept, fresh) && !this.dirty && this.draftBox.hidden) {
      // No draft store on this machine: the text comes back from memory.
      const draft = { ...kept, savedAt: new Date().toISOString() };
      if (kept.baseRevisionId === fresh.revision_id) this.applyDraft(draft);
      else this.showDraftOffer(draft);
    }
    this.setStatus(
      this.draftBox.hidden
        ? `${actor}'s version is open.`
        : `${actor}'s version is open. Your unsaved text is kept below as a draft of the earlier version: carry your changes over into theirs, then save.`,
    );
  }

  /** The unsaved text, as a draft of the revision it was made on. */
  private unsavedText(): Omit<Draft, "savedAt"> | null {
    return this.story && this.view && this.dirty
      ? { storyId: this.story.id, baseRevisionId: this.story.revision_id, ...serializeDoc(this.view.state.doc) }
      : null;
  }

  /** Merges the unsaved text with the story's newest revision (another
   *  person's save), from the revision the editor is working from: saved at
   *  once when nothing conflicts, else once the conflicts are answered in a
   *  dialog. The merged revision then opens in the editor, holding both
   *  people's changes. Until it does the text stays in the editor and in the
   *  draft kept on this machine: a merge cancelled or failed leaves both as
   *  they were. Returns whether the merged revision is shown. */
  async mergeDraft(): Promise<boolean> {
    const story = this.story;
    const view = this.view;
    if (!story || !view || !this.saved || this.saving || this.merging) return false;
    if (!this.dirty) {
      this.setStatus("Nothing to merge: the text is as saved.");
      return false;
    }
    const sent = serializeDoc(view.state.doc);
    const actor = this.theirs?.actor ?? null;
    const ticket = this.store.current();
    // The draft kept on this machine holds the text until the merged revision is shown.
    this.flushDraft();
    this.mergingFor = ticket;
    view.setProps({});
    this.saveButton.disabled = true;
    this.setStatus("Merging your draft…");
    try {
      let result: DraftMergeResult;
      try {
        result = await this.draftMerge.merge({ storyId: story.id, baseRevisionId: story.revision_id, ...sent, actor }, ticket);
      } catch (err) {
        result = { kind: "failed", error: err };
      }
      if (!ticket.live) return false;
      if (result.kind === "cancelled") {
        this.setStatus("Not merged: your draft is in the editor as it was.");
        return false;
      }
      if (result.kind === "failed") {
        this.mergeFailed(result.error);
        return false;
      }
      // Saved: the merged revision opens as a reload opens the newest.
      let merged: StoryDetail;
      try {
        merged = await this.api.getStory(story.id);
      } catch (err) {
        if (!ticket.live) return false;
        this.flushDraft();
        if (isUnreachable(err)) this.setStatus(`Merged your draft as revision ${result.revisionId}: reload once the team library is back to see it.`);
        else {
          this.showAlert(
            `Merged your draft as revision ${result.revisionId}, but could not open it: ${errorText(err)}. Your text is kept here; reload to see the merged revision. `,
            this.reloadButton(),
          );
          this.setStatus("");
        }
        return false;
      }
      if (!ticket.live) return false;
      // Text typed meanwhile (the editor waits while merging, so only a
      // program's) is not in the merge: it is offered beside it as a draft.
      const typed = this.unsavedText();
      const extra = typed && !sameText(typed, sent) ? typed : null;
      if (!extra) {
        // The merged revision holds the text: its draft is done with.
        this.teardown();
        this.drafts.clear(story.id);
      }
      await this.show(merged);
      if (extra && this.story?.id === story.id && this.draftBox.hidden) {
        this.showDraftOffer({ ...extra, savedAt: new Date().toISOString() });
      }
      this.setStatus(`Merged your draft with ${theirVersion(actor)} as revision ${result.revisionId}.`);
      this.onStoryChanged(story.id);
      return true;
    } finally {
      if (this.mergingFor === ticket) this.mergingFor = null;
      this.saveButton.disabled = this.saving || this.merging;
      this.view?.setProps({});
    }
  }

  /** A draft merge that failed: the text stays in the editor and in the
   *  draft kept on this machine, and the merge can be tried again. */
  private mergeFailed(err: unknown): void {
    this.flushDraft();
    if (isUnreachable(err)) {
      this.setStatus(NOT_MERGED_AWAY);
      return;
    }
    this.showAlert(
      `Could not merge your draft: ${errorText(err)}. Your text is kept in the editor and as a draft on this machine. `,
      ...this.conflictActions(),
    );
    this.setStatus("");
  }

  /** "Merge my draft" and "Reload", once someone else saved first. */
  private conflictActions(): HTMLButtonElement[] {
    const merge = el(
      "button",
      {
        type: "button",
        "data-testid": "conflict-merge-draft",
        title: "Merge your changes with the revision saved first and save both; where you changed the same words you choose",
      },
      "Merge my draft",
    );
    merge.addEventListener("click", () => void (this.dirty ? this.mergeDraft() : this.reload()));
    return [merge, this.reloadButton()];
  }

  private reloadButton(): HTMLButtonElement {
    const reload = el("button", { type: "button", "data-testid": "reload-button" }, "Reload");
    reload.addEventListener("click", () => void this.reload());
    return reload;
  }

  /** The open story's claims changed on another desktop: read them again.
   *  Not while another person's newer revision waits: the claims' places
   *  are then in their text, not the one the editor is on. */
  async refreshClaims(): Promise<void> {
    if (!this.story || this.theirs) return;
    await this.store.reloadClaims(this.store.current());
  }

  /** Writes the unsaved text to the draft store now. */
  flushDraft(): void {
    this.drafts.flush();
  }

  private offerDraft(story: StoryDetail): void {
    const verdict = this.drafts.verdict(story);
    switch (verdict.action) {
      case "none":
        return;
      case "drop":
        this.drafts.clear(story.id);
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
    this.draftBox.replaceChildren(
      ...draftOffer(draft, {
        apply: () => {
          this.applyDraft(draft);
          this.draftBox.hidden = true;
          this.setStatus(`Your draft from ${draftClock(draft)} is in the editor; check it against this revision before saving.`);
        },
        discard: () => {
          if (this.story) this.drafts.clear(this.story.id);
          this.draftBox.hidden = true;
        },
      }),
    );
    this.draftBox.hidden = false;
  }

  private paintCleaning(passages: RemovedPassage[]): void {
    // Only web copy (plain text) goes through the cleaner: elsewhere there is nothing to say.
    this.cleaningBox.replaceChildren(
      ...cleaningHeader(passages, this.story?.format === "text", () => {
        if (this.story) this.onCleaning(this.story);
      }),
    );
  }

  private setStatus(text: string): void {
    this.statusLine.textContent = text;
  }

  private showAlert(text: string | null, ...actions: HTMLElement[]): void {
    this.alertBox.hidden = text === null;
    this.alertBox.replaceChildren(...(text === null ? [] : [el("span", {}, text), ...actions]));
  }

  /** Repaints what a change of the store touches. */
  private onStore(change: StoryChange): void {
    switch (change.kind) {
      case "loaded":
        this.showLoadProblems();
        this.panel.setClaims(this.claims, this.findings);
        this.applyMarks();
        return;
      case "claims":
        this.panel.setClaims(this.claims, this.findings);
        this.applyMarks();
        return;
      case "figures": {
        this.panel.setClaims(this.claims, this.findings);
        const view = this.view;
        if (view && this.saved) this.dispatch(this.withFindings(view.state.tr));
        return;
      }
      case "findings":
        this.panel.setClaims(this.claims, this.findings);
        this.applyMarks();
        return;
      case "problems":
        this.showLoadProblems();
        return;
      case "cleaning":
        if (change.passages) this.paintCleaning(change.passages);
        else this.cleaningBox.replaceChildren();
        return;
    }
  }

  private showLoadProblems(): void {
    const problems = this.store.problems;
    this.panel.setMessage(problems.length ? problems.join(" ") : null, problems.length > 0);
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
    if (!story || !(await this.store.acknowledge(key, reason))) return;
    this.setStatus("Change accepted; it no longer holds the story back.");
    this.onStoryChanged(story.id);
  }

  /** The story as the pane shows it now (its revision moves with each save). */
  get current(): StoryDetail | null {
    return this.store.story;
  }

  private get story(): StoryDetail | null {
    return this.store.story;
  }

  private get claims(): Claim[] {
    return this.store.claims;
  }

  private get findings(): IntegrityFinding[] {
    return this.store.findings;
  }

  /** Called after the story or one of its claims changed (to refresh the inbox). */
  onStoryChanged: (storyId: number) => void = () => {};

  /** Called when the editor asks to see what cleaning removed. */
  onCleaning: (story: StoryDetail) => void = () => {};

  /** Called when the editor asks to see or merge the agency's later version. */
  onWireAction: (action: WireAction, story: StoryDetail) => void = () => {};

  /** Called on a keystroke (or paste) in the editor. */
  onTyping: () => void = () => {};

  /** The other people at a story (the desk's presence). */
  presenceOf: (storyId: number) => Visitor[] = () => [];

  /** Called when the editor asks to see another person's revision against
   *  the one they are editing from. */
  onCompareTheirs: (story: StoryDetail, theirRevisionId: number, actor: string) => void = () => {};

  private claimChanged(claim: Claim): void {
    // An answer that arrives after another story was opened is not this story's.
    if (!this.store.claimChanged(claim)) return;
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
    if (this.saving || this.merging) return false;
    if (!this.dirty) {
      this.setStatus("Nothing to save: the text is as saved.");
      return true;
    }
    const text = serializeDoc(view.state.doc);
    const ticket = this.store.current();
    this.saving = true;
    view.setProps({});
    this.saveButton.disabled = true;
    this.setStatus("Saving…");
    try {
      const detail = await this.api.saveStory(story.id, story.revision_id, text.headline, text.body);
      this.drafts.clear(story.id);
      if (!ticket.live) return true;
      // A figure answer still on its way was worked out for the text before this save.
      this.store.textSaved(detail);
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
      void this.store.loadCleaning(ticket, story.id);
      await this.store.loadClaims(ticket);
      this.onStoryChanged(story.id);
      return true;
    } catch (err) {
      if (!ticket.live) return false;
      if (err instanceof IpcError && err.kind === "edit-conflict") {
        this.flushDraft();
        this.showAlert(
          "Someone else saved this story first, so your changes were not saved. They are kept as a draft on this machine: " +
            "merge them with the other revision, or reload to see it and choose what to keep. ",
          ...this.conflictActions(),
        );
        this.setStatus("");
      } else if (isUnreachable(err)) {
        // The banner says the library is out of reach; the text stays here
        // and in the draft kept on this machine, to save once it is back.
        this.flushDraft();
        this.setStatus(NOT_SAVED_AWAY);
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

  /** The team library answers again (reconnect.ts): a save it refused
   *  meanwhile may be made now. */
  libraryBack(): void {
    if (this.dirty && this.statusLine.textContent === NOT_SAVED_AWAY) {
      this.setStatus("The team library is back: save (Ctrl+S) to store your text.");
    } else if (this.dirty && this.statusLine.textContent === NOT_MERGED_AWAY) {
      this.setStatus("The team library is back: merge your draft again to store your text.");
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
      if (!isUnreachable(err)) this.showAlert(`Could not reload the story: ${errorText(err)}`);
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
    const ticket = this.store.current();
    const kind = this.kindSelect.value as ClaimKind;
    let claim: Claim;
    try {
      claim = await this.api.addClaim(story.id, span.start, span.end, kind);
    } catch (err) {
      if (ticket.live && !isUnreachable(err)) this.showAlert(`Could not mark the claim: ${errorText(err)}`);
      return null;
    }
    if (!ticket.live) return claim;
    this.claimChanged(claim);
    this.panel.setClaims(this.claims, this.findings);
    this.focusCard(claim.id);
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
    this.focusCard(id, true);
    return true;
  }

  /** Shows claim `id`'s card (on the Claims tab). */
  private focusCard(id: number, focus = false): void {
    this.tabs.select("claims");
    this.panel.focusCard(id, focus);
  }

  /** A house style check of the text as the editor holds it now. */
  private showStyle(check: StyleCheck): void {
    const view = this.view;
    if (!view) return;
    this.stylePanel.setMessage(null);
    this.stylePanel.setCheck(check);
    this.dispatch(setStyleMatches(view.state.tr, check.matches));
  }

  /** A click on a style match in the text: its entry on the Style tab, with its fixes. */
  private focusStyleAt(event: MouseEvent): void {
    const view = this.view;
    if (!view) return;
    const at = view.posAtCoords({ left: event.clientX, top: event.clientY });
    const id = at ? matchesAt(view.state, at.pos)[0] : undefined;
    if (id === undefined) return;
    this.tabs.select("style");
    this.stylePanel.focusMatch(id);
  }

  /** Makes style fixes in the text as one edit (claim marks move with the
   *  words like any edit); the text is then unsaved, as after typing. */
  private fixStyle(fixes: StyleFix[]): void {
    const view = this.view;
    if (!view || fixes.length === 0 || !view.editable) return;
    const { tr, applied, skipped } = applyFixes(view.state, fixes);
    if (applied.length > 0) this.dispatch(tr);
    this.stylePanel.fixed(applied);
    this.setStatus(
      skipped.length === 0
        ? `Fixed ${applied.length === 1 ? "1 match" : `${applied.length} matches`}: save to keep the change.`
        : `Fixed ${applied.length} of ${fixes.length}: the rest changed since the check, which runs again.`,
    );
    if (skipped.length > 0) this.styleChecker.edited();
  }

  /** Stops a rule flagging these words in this story, then checks again. */
  private async ignoreStyle(match: StyleMatch): Promise<void> {
    const story = this.story;
    if (!story) return;
    try {
      await this.api.styleIgnore(story.id, match.rule, match.text);
    } catch (err) {
      if (this.story?.id === story.id && !isUnreachable(err)) this.stylePanel.setMessage(`Could not ignore it: ${errorText(err)}`, true);
      return;
    }
    if (this.story?.id === story.id) await this.styleChecker.now();
  }

  /** Puts a match's words into the desk dictionary, then checks again. */
  private async addDeskWord(match: StyleMatch): Promise<void> {
    const story = this.story;
    if (!story) return;
    try {
      await this.api.addDeskWord(match.text);
    } catch (err) {
      if (this.story?.id === story.id && !isUnreachable(err)) this.stylePanel.setMessage(`Could not add the word: ${errorText(err)}`, true);
      return;
    }
    if (this.story?.id !== story.id) return;
    this.setStatus(`Added “${match.text}” to the desk dictionary.`);
    await this.styleChecker.now();
  }

  /** Selects style match `id`'s words in the editor. */
  private locateStyle(id: number): void {
    const view = this.view;
    const range = view && matchRange(view.state, id);
    if (!view || !range) {
      this.setStatus("Those words have changed since the check.");
      return;
    }
    const tr = view.state.tr.setSelection(TextSelection.create(view.state.doc, range.from, range.to));
    if (canMeasure()) tr.scrollIntoView();
    view.dispatch(tr);
    view.focus();
  }
}

// The window: inbox on the left, the open story on the right, search and the
// desk's actions (open files, compare, history, export, preferences) on top.
// The library's changes, whoever makes them, show as they happen (desk-live.ts).
import { CleaningView } from "./cleaning-view";
import { CompareView, wireChangesRequest, type CompareRequest } from "./compare-view";
import { LiveDesk } from "./desk-live";
import { el } from "./dom";
import { Latest } from "./late";
import { defaultStorage } from "./editor/draft";
import { ExportDialog } from "./export-dialog";
import { FilterBar } from "./filter-bar";
import { HistoryView } from "./history-view";
import { shortcutFor, ShortcutsOverlay, type ShortcutId } from "./shortcuts";
import { moveSelection, VirtualInbox, type InboxEntry } from "./inbox";
import { IngestProgressView } from "./ingest-panel";
import * as ipc from "./ipc";
import { MergeView } from "./merge-view";
import { OwnRevisions } from "./own-revisions";
import { PresenceBoard, visitorsLabel } from "./presence";
import { PresenceSignal } from "./presence-signal";
import { isUnreachable, type ConnectionWatch } from "./reconnect";
import { applyTheme, PreferencesView, storedTheme } from "./preferences";
import type { WireAction } from "./story-parts";
import { StoryWorkspace, type WorkspaceApi } from "./story-view";

export type Api = Pick<
  typeof ipc,
  | "listStories"
  | "getStory"
  | "searchStories"
  | "getDropFolder"
  | "chooseDropFolder"
  | "stopDropFolder"
  | "onIngestProgress"
  | "onStoriesChanged"
  | "onDropFolderError"
  | "listSources"
  | "storyHistory"
  | "restoreRevision"
  | "openFiles"
  | "storyDiff"
  | "mergeStory"
  | "resolveConflict"
  | "exportBlockers"
  | "exportPreview"
  | "exportStory"
  | "getPreferences"
  | "setPreference"
  | "backupLibrary"
  | "libraryState"
  | "checkTeamLibrary"
  | "saveTeamPassword"
  | "useTeamLibrary"
  | "onBackupProgress"
  | "restoreRemovedPassage"
  | "onDeskEvent"
  | "onDeskFeed"
  | "setPresence"
  | "deskPresence"
  | "deskPeople"
  | "setPerson"
  | "assignedToMe"
  | "styleSettings"
  | "styleSaveRule"
  | "styleRemoveRule"
  | "styleUseGuide"
  | "styleSetDialect"
  | "styleTryRule"
  | "styleLearnNames"
  | "styleImportGuide"
  | "styleExportGuide"
  | "removeDeskWord"
> &
  WorkspaceApi;

/** Where the last opened story is remembered, to reopen it next time. */
const LAST_STORY_KEY = "wiredesk:last-story";

const SEARCH_DELAY_MS = 150;
const REFRESH_DELAY_MS = 300;

export class App {
  private selected: number | null = null;
  private filter: ipc.StoryFilter = {};
  private loadingMore = false;
  private mode: "inbox" | "search" = "inbox";
  readonly inbox: VirtualInbox;
  readonly filters: FilterBar;
  private openId: number | null = null;
  private searchTimer: ReturnType<typeof setTimeout> | undefined;
  /** The inbox's rows: a new load or search overtakes the answers before it. */
  private readonly answers = new Latest<"rows">();
  readonly list: HTMLUListElement;
  readonly pane: HTMLElement;
  readonly search: HTMLInputElement;
  readonly status: HTMLElement;
  readonly ingest = new IngestProgressView();
  readonly preferences: PreferencesView;
  readonly workspace: StoryWorkspace;
  readonly shortcuts = new ShortcutsOverlay();
  readonly history: HistoryView;
  readonly compare: CompareView;
  readonly merge: MergeView;
  readonly exporter: ExportDialog;
  readonly cleaning: CleaningView;
  /** The revisions this desktop wrote: another person's save is any other. */
  readonly own = new OwnRevisions();
  /** Who else is on the desk, and at which story. */
  readonly presence: PresenceBoard;
  /** Where this desktop is, told to the desk. */
  readonly here: PresenceSignal;
  /** The library's changes applied to the window. */
  readonly live: LiveDesk;
  /** "Live updates paused", while the desk's changes cannot be followed. */
  readonly feedStatus: HTMLElement;
  private readonly api: Api;

  constructor(
    readonly root: HTMLElement,
    api: Api = ipc,
    private readonly storage: Storage | null = defaultStorage(),
    readonly connection: ConnectionWatch = ipc.connection,
  ) {
    // Every revision this window writes is remembered as its own.
    api = this.own.wrap(api);
    this.api = api;
    this.search = el("input", {
      type: "search",
      class: "search",
      placeholder: "Search stories  ( / )",
      "aria-label": "Search stories",
      "data-testid": "search-input",
      spellcheck: "false",
    });
    this.status = el("span", { class: "status", role: "status", "data-testid": "status" });
    this.feedStatus = el(
      "span",
      { class: "live-feed-status", role: "status", "data-testid": "live-feed-status", hidden: "" },
      "Live updates paused — reconnecting",
    );
    this.list = el("ul", {
      class: "inbox",
      role: "listbox",
      "aria-label": "Inbox",
      "data-testid": "inbox",
      tabindex: "0",
    });
    this.pane = el("section", { class: "story-pane", "data-testid": "story-pane", tabindex: "-1" });
    const html = root.ownerDocument.documentElement;
    applyTheme(html, storedTheme(storage));
    this.preferences = new PreferencesView(api, storage, html);
    // Another library is the desk's now: the page loads it afresh.
    this.preferences.team.onSwitched = () => root.ownerDocument.defaultView?.location.reload();
    this.workspace = new StoryWorkspace(this.pane, api, { storage });
    this.inbox = new VirtualInbox(this.list, () => void this.loadMore());
    this.workspace.onStoryChanged = () => this.scheduleRefresh();
    this.workspace.onWireAction = (action) => void this.wireAction(action);
    this.workspace.onCleaning = () => void this.openCleaning();
    this.workspace.onCompareTheirs = (story, theirs, actor) =>
      void this.compare.open(story, { from: story.revision_id, to: theirs }, `${actor}'s version against the one you started from`);
    this.here = new PresenceSignal((storyId, typing) => api.setPresence(storyId, typing));
    this.workspace.onTyping = () => this.here.keystroke();
    this.presence = new PresenceBoard(api, () => this.presenceChanged());
    this.inbox.presenceOf = (id) => visitorsLabel(this.presence.at(id));
    this.workspace.presenceOf = (id) => this.presence.at(id);
    this.live = new LiveDesk({
      refreshInbox: () => void this.refreshInbox(),
      openStoryId: () => this.workspace.current?.id ?? null,
      refreshClaims: () => void this.workspace.refreshClaims(),
      storySaved: (event) => void this.storySaved(event),
      wireUpdated: () => this.openStoryUpdated(),
      refreshPresence: () => {
        void this.presence.refresh();
        // Whoever just arrived may be new to the desk: offered as an assignee.
        void this.loadPeople();
      },
      refreshAssigned: () => {
        void this.refreshAssigned();
        void this.loadPeople();
      },
      feedChanged: (live, text) => {
        this.feedStatus.hidden = live;
        this.feedStatus.title = text ?? "";
      },
    });
    this.preferences.people.onPeople = (people) => this.workspace.panel.setPeople(people);
    this.preferences.onPreferences = (prefs) => {
      this.workspace.panel.setDeskName(prefs.actor);
      this.filters.setUser(prefs.actor);
      const timing = ipc.timingOpen(prefs);
      if (timing !== this.timingOpen) {
        this.timingOpen = timing;
        this.workspace.panel.setTimingOpen(timing);
        // The inbox's open counts follow the setting.
        this.scheduleRefresh();
      }
    };
    this.compare = new CompareView(api, storage);
    this.merge = new MergeView(api, storage, (story) => {
      // Shown only if the editor is still on that story.
      if (this.workspace.current?.id === story.id) void this.workspace.show(story);
      this.scheduleRefresh();
    });
    this.exporter = new ExportDialog(api, () => this.scheduleRefresh());
    this.cleaning = new CleaningView(api, (story) => {
      // Shown only if the editor is still on that story (its text was saved first).
      if (this.workspace.current?.id === story.id) void this.workspace.show(story);
      this.scheduleRefresh();
    });
    this.filters = new FilterBar((filter) => {
      this.filter = filter;
      void this.runSearch();
    });

    this.history = new HistoryView(
      api,
      (story) => {
        void this.workspace.show(story);
        this.scheduleRefresh();
      },
      (from, to) => void this.openCompare({ from, to }),
    );
    const button = (testid: string, label: string, title: string, action: () => void) => {
      const b = el("button", { type: "button", class: "prefs-button", "data-testid": testid, title }, label);
      b.addEventListener("click", action);
      return b;
    };
    root.replaceChildren(
      el(
        "header",
        { class: "topbar" },
        el("span", { class: "brand", "data-testid": "brand" }, "Wiredesk"),
        this.search,
        button("ingest-button", "Open files…", "Ingest wire copy from files (o); or drag files onto the window", () => void this.openFiles()),
        this.ingest.root,
        this.status,
        this.feedStatus,
        el(
          "nav",
          { class: "story-actions", "aria-label": "Story" },
          button("compare-button", "Compare", "The open story against the agency's original, or any two revisions (c)", () => void this.openCompare()),
          button("history-button", "History", "The open story's revisions and exports (h)", () => void this.openHistory()),
          button("export-button", "Export…", "Export the open story, the fact-check report or ClaimReview (e)", () => void this.openExport()),
        ),
        button("preferences-button", "Preferences", "Your name, the drop folder, fact-check publishing, theme (p)", () => void this.preferences.open()),
      ),
      // The team library out of reach: one banner for every call it refuses.
      connection.banner,
      connection.notice,
      el("main", { class: "layout" }, el("aside", { class: "inbox-pane" }, this.filters.root, this.list), this.pane),
      this.preferences.dialog,
      this.shortcuts.dialog,
      this.history.dialog,
      this.compare.dialog,
      this.merge.dialog,
      this.workspace.draftMerge.dialog,
      this.exporter.dialog,
      this.cleaning.dialog,
    );
    this.workspace.clear("Select a story in the inbox (j/k to move, Enter to open).");
    this.list.addEventListener("click", (event) => {
      const row = (event.target as Element).closest<HTMLElement>("[data-story-id]");
      if (row) void this.open(Number(row.dataset.storyId));
    });
    this.search.addEventListener("input", () => this.scheduleSearch());
    // Back from out of reach: the inbox (or the search) shows the library as it now is.
    connection.onReconnected(() => {
      void this.runSearch();
      this.workspace.libraryBack();
    });
    root.ownerDocument.addEventListener("keydown", (event) => this.onKey(event));
  }

  /** Hears ingest progress and new stories from Rust (dropped files, the drop folder). */
  async listen(): Promise<void> {
    await this.api.onIngestProgress((progress) => this.ingest.progress(progress));
    await this.api.onStoriesChanged((summary) => {
      this.ingest.finished(summary);
      // A new wire version of the open story shows on it at once.
      const open = this.workspace.current;
      if (open && summary.reports.some((r) => r.story_id === open.id && r.status === "update")) this.openStoryUpdated();
      // A search in progress stays; the inbox shows the new stories.
      if (this.search.value.trim() === "") void this.loadInbox();
    });
    // Every change on the library, this desktop's and everyone else's.
    await this.api.onDeskEvent((event) => this.live.event(event));
    await this.api.onDeskFeed((feed) => this.live.feed(feed));
    this.presence.start();
    void this.refreshAssigned();
    void this.loadPeople();
    await this.api.onDropFolderError((text) => this.setStatus(text, true));
    await this.api.onBackupProgress((progress) => this.preferences.showBackupProgress(progress));
    // The claim panel's "Mine" starts from the desk's name.
    void this.api
      .getPreferences()
      .then((prefs) => {
        this.workspace.panel.setDeskName(prefs.actor);
        this.filters.setUser(prefs.actor);
        this.timingOpen = ipc.timingOpen(prefs);
        this.workspace.panel.setTimingOpen(this.timingOpen);
      })
      .catch(() => {});
  }

  async loadInbox(): Promise<void> {
    const ticket = this.answers.next("rows");
    try {
      const [stories] = await Promise.all([
        this.api.listStories(0, ipc.INBOX_PAGE, this.filter),
        this.api
          .listSources()
          .then((sources) => this.filters.setSources(sources))
          .catch(() => {}),
      ]);
      if (!ticket.live) return;
      this.mode = "inbox";
      this.inbox.set(toEntries(stories), this.selected, stories.length === ipc.INBOX_PAGE);
      this.setStatus(
        stories.length === 0 && !hasFilter(this.filter)
          ? "No stories yet: open files (o), drag them onto the window, or set a drop folder in Preferences."
          : countLabel(stories.length, stories.length === ipc.INBOX_PAGE),
      );
    } catch (err) {
      // The library out of reach: the banner says so, once.
      if (isUnreachable(err)) return;
      this.setStatus(`Could not load the inbox: ${message(err)}`, true);
    }
  }

  /** The agency sent a new version of the open story: it shows at once. */
  private openStoryUpdated(): void {
    const open = this.workspace.current;
    if (!open) return;
    void this.api
      .getStory(open.id)
      .then((latest) => {
        // The editor may have moved on meanwhile: only the story still open changes.
        const now = this.workspace.current;
        if (!now || now.id !== latest.id || this.openId !== latest.id) return;
        // An unedited story moves to the agency's new text; typing in progress is never replaced.
        if (latest.revision_id !== now.revision_id && !this.workspace.dirty) void this.workspace.show(latest);
        else this.workspace.wireVersionsChanged(latest);
      })
      .catch(() => {});
  }

  /** A revision of the open story was saved or merged. This desktop's own
   *  (known once its writes under way have answered) change nothing; another
   *  person's, newer than the one the editor is on, is offered in its header. */
  private async storySaved(event: ipc.DeskEvent): Promise<void> {
    const revision = event.revision_id;
    if (revision === null) return;
    await this.own.settled();
    const open = this.workspace.current;
    if (!open || open.id !== event.story_id || revision === open.revision_id || this.own.has(revision)) return;
    // The library's newest revision, not the event's: a change heard late
    // (after the stream was lost) may be older than the one shown.
    let latest: ipc.StoryDetail;
    try {
      latest = await this.api.getStory(open.id);
    } catch {
      return;
    }
    const now = this.workspace.current;
    if (!now || now.id !== latest.id || latest.revision_id === now.revision_id || this.own.has(latest.revision_id)) return;
    this.workspace.theirSave(event.actor, latest.revision_id);
  }

  /** Who is where changed: the inbox's rows and the open story say so. */
  private presenceChanged(): void {
    if (this.presence.actor) this.filters.setUser(this.presence.actor);
    this.inbox.repaint();
    this.workspace.presenceChanged();
  }

  /** Counts the claims assigned to this desktop's user into the title. */
  async refreshAssigned(): Promise<void> {
    try {
      const { title } = await this.api.assignedToMe();
      this.root.ownerDocument.title = title;
    } catch {
      // The title keeps its count until the next change asks again.
    }
  }

  /** The desk's people, offered as claims' assignees. */
  async loadPeople(): Promise<void> {
    try {
      this.workspace.panel.setPeople(await this.api.deskPeople());
    } catch {
      // The assignee lists keep the people they have.
    }
  }

  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  /** The latest refresh of the inbox's rows: an earlier one answering after it is dropped. */
  private refreshes = 0;
  /** The desk counts timing claims as open (Preferences). */
  private timingOpen = false;

  /** Refreshes the loaded inbox rows soon (a save or a claim changed a story's row). */
  private scheduleRefresh(): void {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => void this.refreshInbox(), REFRESH_DELAY_MS);
  }

  /** Reloads the rows already loaded, keeping the scroll position. */
  async refreshInbox(): Promise<void> {
    if (this.mode !== "inbox") return;
    const ticket = this.answers.current("rows");
    const ask = ++this.refreshes;
    const limit = Math.min(500, Math.max(ipc.INBOX_PAGE, this.inbox.count));
    try {
      const stories = await this.api.listStories(0, limit, this.filter);
      if (!ticket.live || ask !== this.refreshes || this.mode !== "inbox") return;
      this.inbox.set(toEntries(stories), this.selected, stories.length === limit, true);
      // The count follows the rows (a message about a failure stays).
      if (!this.status.classList.contains("error")) {
        this.setStatus(countLabel(stories.length, stories.length === limit));
      }
    } catch {
      // The next full load shows it; a failed refresh is not worth an alarm.
    }
  }

  /** The next page of the inbox, when the list nears its end. */
  async loadMore(): Promise<void> {
    if (this.loadingMore || this.mode !== "inbox") return;
    this.loadingMore = true;
    const ticket = this.answers.current("rows");
    try {
      // The next page continues after the last row loaded: found through the
      // inbox index however deep the list is.
      const last = this.inbox.lastStory();
      const after = last ? { received_at: last.received_at, id: last.id } : null;
      const stories = await this.api.listStories(0, ipc.INBOX_PAGE, { ...this.filter, after });
      if (!ticket.live) return;
      const more = stories.length === ipc.INBOX_PAGE;
      this.inbox.append(toEntries(stories), more);
      this.setStatus(countLabel(this.inbox.count, more));
    } catch (err) {
      if (!isUnreachable(err)) this.setStatus(`Could not load more stories: ${message(err)}`, true);
    } finally {
      this.loadingMore = false;
    }
  }

  async open(id: number): Promise<void> {
    this.selected = id;
    this.renderList();
    try {
      const story = await this.api.getStory(id);
      if (this.selected !== id) return; // the editor moved on meanwhile
      await this.display(story);
    } catch (err) {
      if (isUnreachable(err)) {
        // The library out of reach (the banner says so): the story open
        // stays, with whatever is typed in it.
        if (this.selected === id) {
          this.selected = this.openId;
          this.renderList();
        }
        return;
      }
      this.workspace.clear(`Could not open story ${id}: ${message(err)}`);
      this.here.opened(null);
    }
  }

  /** Shows a story fetched for the selection, and remembers it for next time. */
  private async display(story: ipc.StoryDetail): Promise<void> {
    this.openId = story.id;
    this.storage?.setItem(LAST_STORY_KEY, String(story.id));
    // The desk hears which story is open; who else has it open is asked anew.
    this.here.opened(story.id);
    void this.presence.refresh();
    await this.workspace.show(story);
    this.pane.scrollTop = 0;
  }

  /** Opens the story open when the window last closed, if it is still held. */
  async reopenLast(): Promise<void> {
    const id = Number(this.storage?.getItem(LAST_STORY_KEY));
    if (!Number.isInteger(id) || id <= 0 || this.openId !== null) return;
    let story: ipc.StoryDetail;
    try {
      story = await this.api.getStory(id);
    } catch {
      this.storage?.removeItem(LAST_STORY_KEY);
      return;
    }
    // A story the editor opened meanwhile wins.
    if (this.openId !== null || this.selected !== null) return;
    this.selected = id;
    this.renderList();
    await this.display(story);
  }

  /** The system's open dialog (from Rust); the files chosen are ingested with progress. */
  async openFiles(): Promise<void> {
    try {
      const chosen = await this.api.openFiles();
      if (chosen > 0) this.setStatus(`Ingesting ${chosen} file${chosen === 1 ? "" : "s"}…`);
    } catch (err) {
      if (!isUnreachable(err)) this.setStatus(`Could not open files: ${message(err)}`, true);
    }
  }

  /** The open story, saved first when it has unsaved changes (so what is
   *  compared, merged or exported is what the editor sees); null if there is
   *  none or the save failed. */
  private async savedStory(what: string): Promise<ipc.StoryDetail | null> {
    if (!this.workspace.current) {
      this.setStatus(`Open a story to ${what}.`);
      return null;
    }
    if (this.workspace.dirty && !(await this.workspace.save())) {
      this.setStatus(`Save the story before you ${what}.`, true);
      return null;
    }
    return this.workspace.current;
  }

  async openCompare(request: CompareRequest = {}, title?: string): Promise<void> {
    const story = await this.savedStory("compare it");
    if (story) await this.compare.open(story, request, title);
  }

  async openHistory(): Promise<void> {
    const story = await this.savedStory("see its history");
    if (story) await this.history.open(story);
  }

  async openExport(): Promise<void> {
    const story = await this.savedStory("export it");
    if (story) await this.exporter.open(story);
  }

  /** What cleaning removed from the open story's wire copy; restoring a
   *  passage saves a revision, so unsaved text is saved first. */
  async openCleaning(): Promise<void> {
    const story = await this.savedStory("see what cleaning removed");
    if (story) await this.cleaning.open(story);
  }

  async openMerge(): Promise<void> {
    const story = await this.savedStory("merge the agency's update");
    if (story) await this.merge.open(story);
  }

  private async wireAction(action: WireAction): Promise<void> {
    const story = this.workspace.current;
    if (!story) return;
    if (action === "merge") return this.openMerge();
    const request = wireChangesRequest(story);
    if (request) await this.openCompare(request, "What the agency changed");
  }

  private renderList(): void {
    this.inbox.select(this.selected);
    if (this.selected !== null) this.inbox.reveal(this.selected);
  }

  private scheduleSearch(): void {
    clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => void this.runSearch(), SEARCH_DELAY_MS);
  }

  async runSearch(): Promise<void> {
    const query = this.search.value.trim();
    const ticket = this.answers.next("rows");
    if (query === "") {
      await this.loadInbox();
      return;
    }
    try {
      const hits = await this.api.searchStories(query, this.filter);
      if (!ticket.live) return;
      this.mode = "search";
      this.inbox.set(
        hits.map((hit): InboxEntry => ({ kind: "hit", hit })),
        this.selected,
        false,
      );
      this.setStatus(`${hits.length} match${hits.length === 1 ? "" : "es"} for “${query}”`);
    } catch (err) {
      // A newer search stopped this one in the core: its answer is coming.
      if (!ticket.live || (err instanceof ipc.IpcError && err.kind === "superseded")) return;
      if (isUnreachable(err)) return;
      this.setStatus(message(err), true);
    }
  }

  private onKey(event: KeyboardEvent): void {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (this.workspace.owns(event)) return;
    // Typing in a field or a dialog (the filters, the preferences) stays there.
    const target = event.target as Element | null;
    if (target !== this.search && target?.closest?.("input, select, textarea, dialog")) return;
    const inSearch = event.target === this.search;
    if (shortcutFor(event.key, ["back"])) {
      if (inSearch && this.search.value !== "") {
        this.search.value = "";
        void this.runSearch();
      }
      this.list.focus();
      return;
    }
    if (inSearch) {
      // Letters are typed into the search; Enter and ↓ go to the results.
      if (event.key === "Enter" || event.key === "ArrowDown") {
        event.preventDefault();
        this.list.focus();
        this.step(event.key === "Enter" ? 0 : 1);
      }
      return;
    }
    // Keys that open a dialog: a held key does not open it again and again.
    const dialogs: Partial<Record<ShortcutId, () => void>> = {
      "open-files": () => void this.openFiles(),
      compare: () => void this.openCompare(),
      history: () => void this.openHistory(),
      export: () => void this.openExport(),
      cleaning: () => void this.openCleaning(),
      preferences: () => void this.preferences.open(),
      "wire-changes": () => void this.wireAction("wire-changes"),
      merge: () => {
        if (this.workspace.current?.wire_update != null) void this.openMerge();
        else this.setStatus("No agency update waits to be merged into this story.");
      },
    };
    const moves: Partial<Record<ShortcutId, () => void>> = {
      shortcuts: () => this.shortcuts.open(),
      search: () => {
        this.search.focus();
        this.search.select();
      },
      next: () => this.step(1),
      previous: () => this.step(-1),
    };
    const id = shortcutFor(event.key, [...(Object.keys(dialogs) as ShortcutId[]), ...(Object.keys(moves) as ShortcutId[]), "open"]);
    if (id === "open") {
      if (this.selected !== null) void this.open(this.selected);
      return;
    }
    const run = id && (dialogs[id] ? (event.repeat ? undefined : dialogs[id]) : moves[id]);
    if (run) {
      event.preventDefault();
      run();
    }
  }

  /** Moves the selection and opens the story there. */
  private step(by: number): void {
    const ids = this.inbox.ids();
    const next = by === 0 && this.selected === null ? ids[0] ?? null : moveSelection(ids, this.selected, by);
    if (next !== null && next !== this.openId) void this.open(next);
  }

  private setStatus(text: string, isError = false): void {
    this.status.textContent = text;
    this.status.classList.toggle("error", isError);
  }
}

function toEntries(stories: ipc.StorySummary[]): InboxEntry[] {
  return stories.map((story) => ({ kind: "story", story }));
}

function hasFilter(filter: ipc.StoryFilter): boolean {
  return Object.values(filter).some((v) => v !== null && v !== undefined && v !== false && v !== "");
}

function countLabel(count: number, more: boolean): string {
  return `${count}${more ? "+" : ""} stor${count === 1 ? "y" : "ies"}`;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

// The window: inbox on the left, the open story on the right, search on top.
import { el } from "./dom";
import { FilterBar } from "./filter-bar";
import { HistoryView } from "./history-view";
import { ShortcutsOverlay } from "./shortcuts";
import { moveSelection, VirtualInbox, type InboxEntry } from "./inbox";
import { IngestProgressView, PreferencesView } from "./ingest-panel";
import * as ipc from "./ipc";
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
> &
  WorkspaceApi;

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
  private searchSeq = 0;
  readonly list: HTMLUListElement;
  readonly pane: HTMLElement;
  readonly search: HTMLInputElement;
  readonly status: HTMLElement;
  readonly ingest = new IngestProgressView();
  readonly preferences: PreferencesView;
  readonly workspace: StoryWorkspace;
  readonly shortcuts = new ShortcutsOverlay();
  readonly history: HistoryView;

  constructor(
    readonly root: HTMLElement,
    private readonly api: Api = ipc,
  ) {
    this.search = el("input", {
      type: "search",
      class: "search",
      placeholder: "Search stories  ( / )",
      "aria-label": "Search stories",
      "data-testid": "search-input",
      spellcheck: "false",
    });
    this.status = el("span", { class: "status", role: "status", "data-testid": "status" });
    this.list = el("ul", {
      class: "inbox",
      role: "listbox",
      "aria-label": "Inbox",
      "data-testid": "inbox",
      tabindex: "0",
    });
    this.pane = el("section", { class: "story-pane", "data-testid": "story-pane", tabindex: "-1" });
    this.preferences = new PreferencesView(api);
    this.workspace = new StoryWorkspace(this.pane, api);
    this.inbox = new VirtualInbox(this.list, () => void this.loadMore());
    this.workspace.onStoryChanged = () => this.scheduleRefresh();
    this.filters = new FilterBar((filter) => {
      this.filter = filter;
      void this.runSearch();
    });

    const prefsButton = el(
      "button",
      { type: "button", class: "prefs-button", "data-testid": "preferences-button", title: "Preferences: the drop folder" },
      "Preferences",
    );
    prefsButton.addEventListener("click", () => void this.preferences.open());
    this.history = new HistoryView(api, (story) => {
      void this.workspace.show(story);
      this.scheduleRefresh();
    });
    const historyButton = el(
      "button",
      { type: "button", class: "prefs-button", "data-testid": "history-button", title: "The open story's revisions and exports" },
      "History",
    );
    historyButton.addEventListener("click", () => {
      const story = this.workspace.current;
      if (story) void this.history.open(story);
      else this.setStatus("Open a story to see its history.");
    });
    root.replaceChildren(
      el(
        "header",
        { class: "topbar" },
        el("span", { class: "brand", "data-testid": "brand" }, "Wiredesk"),
        this.search,
        this.ingest.root,
        this.status,
        historyButton,
        prefsButton,
      ),
      el("main", { class: "layout" }, el("aside", { class: "inbox-pane" }, this.filters.root, this.list), this.pane),
      this.preferences.dialog,
      this.shortcuts.dialog,
      this.history.dialog,
    );
    this.workspace.clear("Select a story in the inbox (j/k to move, Enter to open).");
    this.list.addEventListener("click", (event) => {
      const row = (event.target as Element).closest<HTMLElement>("[data-story-id]");
      if (row) void this.open(Number(row.dataset.storyId));
    });
    this.search.addEventListener("input", () => this.scheduleSearch());
    root.ownerDocument.addEventListener("keydown", (event) => this.onKey(event));
  }

  /** Hears ingest progress and new stories from Rust (dropped files, the drop folder). */
  async listen(): Promise<void> {
    await this.api.onIngestProgress((progress) => this.ingest.progress(progress));
    await this.api.onStoriesChanged((summary) => {
      this.ingest.finished(summary);
      // A search in progress stays; the inbox shows the new stories.
      if (this.search.value.trim() === "") void this.loadInbox();
    });
    await this.api.onDropFolderError((text) => this.setStatus(text, true));
  }

  async loadInbox(): Promise<void> {
    const seq = ++this.searchSeq;
    try {
      const [stories] = await Promise.all([
        this.api.listStories(0, ipc.INBOX_PAGE, this.filter),
        this.api
          .listSources()
          .then((sources) => this.filters.setSources(sources))
          .catch(() => {}),
      ]);
      if (seq !== this.searchSeq) return;
      this.mode = "inbox";
      this.inbox.set(toEntries(stories), this.selected, stories.length === ipc.INBOX_PAGE);
      this.setStatus(countLabel(stories.length, stories.length === ipc.INBOX_PAGE));
    } catch (err) {
      this.setStatus(`Could not load the inbox: ${message(err)}`, true);
    }
  }

  private refreshTimer: ReturnType<typeof setTimeout> | undefined;

  /** Refreshes the loaded inbox rows soon (a save or a claim changed a story's row). */
  private scheduleRefresh(): void {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => void this.refreshInbox(), REFRESH_DELAY_MS);
  }

  /** Reloads the rows already loaded, keeping the scroll position. */
  async refreshInbox(): Promise<void> {
    if (this.mode !== "inbox") return;
    const seq = this.searchSeq;
    const limit = Math.min(500, Math.max(ipc.INBOX_PAGE, this.inbox.count));
    try {
      const stories = await this.api.listStories(0, limit, this.filter);
      if (seq !== this.searchSeq || this.mode !== "inbox") return;
      this.inbox.set(toEntries(stories), this.selected, stories.length === limit, true);
    } catch {
      // The next full load shows it; a failed refresh is not worth an alarm.
    }
  }

  /** The next page of the inbox, when the list nears its end. */
  async loadMore(): Promise<void> {
    if (this.loadingMore || this.mode !== "inbox") return;
    this.loadingMore = true;
    const seq = this.searchSeq;
    try {
      const stories = await this.api.listStories(this.inbox.count, ipc.INBOX_PAGE, this.filter);
      if (seq !== this.searchSeq) return;
      const more = stories.length === ipc.INBOX_PAGE;
      this.inbox.append(toEntries(stories), more);
      this.setStatus(countLabel(this.inbox.count, more));
    } catch (err) {
      this.setStatus(`Could not load more stories: ${message(err)}`, true);
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
      this.openId = id;
      await this.workspace.show(story);
      this.pane.scrollTop = 0;
    } catch (err) {
      this.workspace.clear(`Could not open story ${id}: ${message(err)}`);
    }
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
    const seq = ++this.searchSeq;
    if (query === "") {
      await this.loadInbox();
      return;
    }
    try {
      const hits = await this.api.searchStories(query, this.filter);
      if (seq !== this.searchSeq) return;
      this.mode = "search";
      this.inbox.set(
        hits.map((hit): InboxEntry => ({ kind: "hit", hit })),
        this.selected,
        false,
      );
      this.setStatus(`${hits.length} match${hits.length === 1 ? "" : "es"} for “${query}”`);
    } catch (err) {
      if (seq !== this.searchSeq) return;
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
    if (event.key === "Escape") {
      if (inSearch && this.search.value !== "") {
        this.search.value = "";
        void this.runSearch();
      }
      this.list.focus();
      return;
    }
    if (inSearch) {
      if (event.key === "Enter" || event.key === "ArrowDown") {
        event.preventDefault();
        this.list.focus();
        this.step(event.key === "Enter" ? 0 : 1);
      }
      return;
    }
    switch (event.key) {
      case "?":
        event.preventDefault();
        this.shortcuts.open();
        break;
      case "/":
        event.preventDefault();
        this.search.focus();
        this.search.select();
        break;
      case "j":
      case "ArrowDown":
        event.preventDefault();
        this.step(1);
        break;
      case "k":
      case "ArrowUp":
        event.preventDefault();
        this.step(-1);
        break;
      case "Enter":
        if (this.selected !== null) void this.open(this.selected);
        break;
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

function countLabel(count: number, more: boolean): string {
  return `${count}${more ? "+" : ""} stor${count === 1 ? "y" : "ies"}`;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

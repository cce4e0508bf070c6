import { App, type Api } from "./app";
import { fakeApi as fakeDesk, notInThisTest, press, settle as settleTicks } from "./test-support";
import { detail, hits, summaries } from "./fixtures";
import { IpcError, type HistoryEntry } from "./ipc";

function history(id: number): HistoryEntry[] {
  const entry = (rev: number, kind: HistoryEntry["kind"], parent: number | null): HistoryEntry => ({
    id: rev,
    kind,
    parent,
    author: kind === "wire" ? "ingest" : "ana",
    created_at: "2026-11-27T10:00:00.000Z",
    note: null,
    summary: parent === null ? "first version" : "+3 −1 words",
    words_added: 3,
    words_removed: 1,
    exports: [],
  });
  const current = detail(id).revision_id;
  return [
    entry(current - 1, "wire", null),
    { ...entry(current, "edit", current - 1), exports: [{ id: 1, revision_id: current, format: "nitf", author: "ana", created_at: "2026-11-27T11:00:00.000Z", destination: "/out/s.xml", override_reason: "breaking", sha256: "ab" }] },
  ];
}

/** The shared fake, with this file's history and a save it does not expect. */
function fakeApi(overrides: Partial<Api> = {}) {
  return fakeDesk({ storyHistory: async (id: number) => history(id), saveStory: notInThisTest, ...overrides });
}

function settle(): Promise<void> {
  return settleTicks(5);
}

describe("the Wiredesk window", () => {
  let root: HTMLElement;
  beforeEach(() => {
    document.body.replaceChildren();
    root = document.createElement("div");
    document.body.append(root);
  });

  it("lists the inbox and opens a story on click", async () => {
    const api = fakeApi();
    const app = new App(root, api);
    await app.loadInbox();
    expect(root.querySelectorAll('[data-testid="inbox-row"]')).toHaveLength(2);
    expect(root.querySelector('[data-testid="status"]')!.textContent).toBe("2 stories");

    (root.querySelector('[data-story-id="1"] .headline') as HTMLElement).click();
    await settle();
    expect(api.opened).toEqual([1]);
    expect(root.querySelector('[data-testid="story-headline"]')!.textContent).toContain("Council");
  });

  it("refreshes the inbox rows after a save or a claim change, and filters reload with the filter", async () => {
    const seen: unknown[] = [];
    const api = fakeApi({
      listStories: async (_offset, _limit, filter) => {
        seen.push(filter);
        return summaries;
      },
    });
    const app = new App(root, api);
    await app.loadInbox();
    const before = seen.length;
    // The refresh waits a moment after the last change: run the timers the
    // two changes left (every one of them) rather than sleep past them.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      app.workspace.onStoryChanged(1);
      app.workspace.onStoryChanged(1);
      await vi.runOnlyPendingTimersAsync();
    } finally {
      vi.useRealTimers();
    }
    expect(seen.length).toBe(before + 1); // two changes, one refresh
    app.filters.openClaims.checked = true;
    app.filters.openClaims.dispatchEvent(new Event("change"));
    await vi.waitFor(() => expect(seen.at(-1)).toEqual({ open_claims: true }));
  });

  it("leaves keys typed in the filters to the filters", async () => {
    const api = fakeApi();
    const app = new App(root, api);
    await app.loadInbox();
    app.filters.from.focus();
    press("j", app.filters.from);
    press("Enter", app.filters.state);
    await settle();
    expect(api.opened).toEqual([]);
  });

  it("shows every shortcut on ?, but not while typing in the search", async () => {
    const api = fakeApi();
    const app = new App(root, api);
    await app.loadInbox();
    const overlay = root.querySelector<HTMLDialogElement>('[data-testid="shortcuts"]')!;
    press("?", app.search);
    expect(app.shortcuts.isOpen).toBe(false);
    press("?");
    expect(app.shortcuts.isOpen).toBe(true);
    const keys = [...overlay.querySelectorAll("kbd")].map((k) => k.textContent);
    for (const key of ["j", "k", "Enter", "/", "Esc", "Ctrl+S", "Ctrl+Shift+M", "?"]) expect(keys).toContain(key);
    overlay.querySelector<HTMLButtonElement>('[data-testid="shortcuts-close"]')!.click();
    expect(app.shortcuts.isOpen).toBe(false);
  });

  it("shows the open story's history with its exports and restores an old revision", async () => {
    const api = fakeApi();
    const app = new App(root, api);
    await app.loadInbox();
    await app.open(1);
    (root.querySelector('[data-testid="history-button"]') as HTMLElement).click();
    await settle();
    const rows = [...root.querySelectorAll<HTMLElement>('[data-testid="history-entry"]')];
    const current = detail(1).revision_id;
    expect(rows.map((r) => r.dataset.revisionId)).toEqual([String(current), String(current - 1)]);
    expect(rows[0].getAttribute("aria-current")).toBe("true");
    expect(rows[0].querySelector('[data-testid="history-restore"]')).toBeNull();
    expect(rows[0].querySelector('[data-testid="history-export"]')!.textContent).toContain("past the gate: breaking");
    rows[1].querySelector<HTMLButtonElement>('[data-testid="history-restore"]')!.click();
    await settle();
    await settle();
    expect(api.restored).toEqual([[1, current - 1]]);
    expect(root.querySelector('[data-testid="history-message"]')!.textContent).toBe(
      `Restored revision ${current - 1} as revision 99.`,
    );
  });

  it("moves through the inbox with j and k", async () => {
    const api = fakeApi();
    const app = new App(root, api);
    await app.loadInbox();
    press("j");
    await settle();
    press("j");
    await settle();
    press("k");
    await settle();
    expect(api.opened).toEqual([2, 1, 2]);
    expect(root.querySelector('[aria-selected="true"]')!.getAttribute("data-story-id")).toBe("2");
  });

  it("searches and shows highlighted snippets; Escape returns to the inbox", async () => {
    const app = new App(root, fakeApi());
    await app.loadInbox();
    app.search.value = "budget";
    await app.runSearch();
    const rows = root.querySelectorAll('[data-testid="inbox-row"]');
    expect(rows).toHaveLength(1);
    expect(rows[0].querySelector("mark")!.textContent).toBe("budget");

    press("Escape", app.search);
    await settle();
    expect(app.search.value).toBe("");
    expect(root.querySelectorAll('[data-testid="inbox-row"]')).toHaveLength(2);
  });

  it("shows a search's limit as the core words it; the next search answers normally", async () => {
    const limit = "a word ending in * needs at least 2 letters before the *: “a*” has fewer";
    const app = new App(
      root,
      fakeApi({
        searchStories: async (query: string) => {
          if (query.includes("a*")) throw new IpcError("invalid-input", limit);
          return hits;
        },
      }),
    );
    await app.loadInbox();
    const status = root.querySelector('[data-testid="status"]')!;
    app.search.value = Array(200).fill("a*").join(" ");
    await app.runSearch();
    expect(status.textContent).toBe(limit);
    expect(status.classList.contains("error")).toBe(true);
    app.search.value = "budget";
    await app.runSearch();
    expect(status.textContent).toBe("1 match for “budget”");
    expect(status.classList.contains("error")).toBe(false);
    expect(root.querySelectorAll('[data-testid="inbox-row"]')).toHaveLength(1);
  });

  it("a search the core stopped for a newer one leaves the newer one's answer alone", async () => {
    let answerFirst: (err: Error) => void = () => {};
    const first = new Promise<never>((_, reject) => (answerFirst = reject));
    const api = fakeApi({
      searchStories: async (query: string) => (query === "slow" ? first : hits),
    });
    const app = new App(root, api);
    await app.loadInbox();
    const status = root.querySelector('[data-testid="status"]')!;
    app.search.value = "slow";
    const slow = app.runSearch();
    app.search.value = "budget";
    await app.runSearch();
    answerFirst(new IpcError("superseded", "a newer search replaced this one"));
    await slow;
    await settle();
    expect(status.textContent).toBe("1 match for “budget”");
    expect(status.classList.contains("error")).toBe(false);
  });

  it("shows errors from the core instead of failing silently", async () => {
    const app = new App(
      root,
      fakeApi({
        listStories: async () => {
          throw new IpcError("internal", "library database error: disk I/O error");
        },
        getStory: async () => {
          throw new IpcError("not-found", "no story with id 9");
        },
      }),
    );
    await app.loadInbox();
    const status = root.querySelector('[data-testid="status"]')!;
    expect(status.textContent).toBe("Could not load the inbox: library database error: disk I/O error");
    expect(status.classList.contains("error")).toBe(true);
    await app.open(9);
    expect(root.querySelector('[data-testid="story-placeholder"]')!.textContent).toBe(
      "Could not open story 9: no story with id 9",
    );
  });

  it("shows ingest progress, then what the batch did, and reloads the inbox", async () => {
    const api = fakeApi();
    const app = new App(root, api);
    await app.listen();
    await app.loadInbox();
    const panel = root.querySelector<HTMLElement>('[data-testid="ingest-progress"]')!;
    expect(panel.hidden).toBe(true);
    api.emitProgress({ origin: "drop-folder", done: 1, total: 3, file: "/in/a.xml", status: "new", error: null });
    api.emitProgress({
      origin: "drop-folder",
      done: 2,
      total: 3,
      file: "/in/b.xml",
      status: "error",
      error: "/in/b.xml: malformed NITF: unexpected end",
    });
    expect(panel.hidden).toBe(false);
    expect(root.querySelector('[data-testid="ingest-progress-label"]')!.textContent).toBe(
      "Ingesting 2 of 3 files from the drop folder…",
    );
    expect((root.querySelector('[data-testid="ingest-progress-bar"]') as HTMLProgressElement).value).toBe(2);
    expect(root.querySelector('[data-testid="ingest-errors"]')!.textContent).toContain("malformed NITF");
    const before = api.listed;
    api.emitChanged({
      origin: "drop-folder",
      files: 3,
      new: 1,
      update: 1,
      duplicate: 0,
      error: 1,
      reports: [{ file: "/in/b.xml", status: "error", story_id: null, revision_id: null, error: "/in/b.xml: malformed NITF" }],
    });
    await settle();
    expect(root.querySelector('[data-testid="ingest-progress-label"]')!.textContent).toBe(
      "Drop folder: 1 new, 1 update, 1 error",
    );
    expect(api.listed).toBe(before + 1);
  });

  it("chooses the drop folder through the system dialog, stops watching, and shows a refusal", async () => {
    const api = fakeApi();
    new App(root, api);
    (root.querySelector('[data-testid="preferences-button"]') as HTMLElement).click();
    await settle();
    const state = root.querySelector('[data-testid="drop-folder-state"]')!;
    const path = root.querySelector('[data-testid="drop-folder-path"]')!;
    expect(state.textContent).toBe("No drop folder is watched.");
    expect(path.textContent).toBe("No folder chosen.");
    // The page never names a path: the folder comes from the system dialog.
    expect(root.querySelector('[data-testid="drop-folder-path"] input, [data-testid="preferences"] input[type="file"]')).toBeNull();
    api.chooses = "/no/such/folder";
    (root.querySelector('[data-testid="drop-folder-choose"]') as HTMLElement).click();
    await settle();
    expect(state.textContent).toBe("/no/such/folder: not a folder");
    expect(state.classList.contains("error")).toBe(true);
    api.chooses = null; // cancelled: nothing changes
    (root.querySelector('[data-testid="drop-folder-choose"]') as HTMLElement).click();
    await settle();
    expect(state.textContent).toBe("No drop folder is watched.");
    api.chooses = "/srv/wire";
    (root.querySelector('[data-testid="drop-folder-choose"]') as HTMLElement).click();
    await settle();
    expect(state.textContent).toBe("Watching /srv/wire");
    expect(path.textContent).toBe("/srv/wire");
    (root.querySelector('[data-testid="drop-folder-stop"]') as HTMLElement).click();
    await settle();
    expect(api.folder.path).toBeNull();
    expect(path.textContent).toBe("No folder chosen.");
  });
});

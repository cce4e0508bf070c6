import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { App } from "./app";
import { bodyBlocks } from "./editor/positions";
import { claimStory, MemoryStorage } from "./fixtures";
import { readDraft } from "./editor/draft";
import * as ipc from "./ipc";
import { IpcError } from "./ipc";
import { ConnectionWatch, isUnreachable, libraryHost } from "./reconnect";
import { StoryWorkspace } from "./story-view";
import { fakeApi, settle } from "./test-support";

const LOCATION = "postgres://wiredesk@db.newsroom.example:5432/newsroom";
const AWAY = {
  kind: "library-unreachable",
  message: `team library ${LOCATION}: error connecting to server: Connection refused (os error 111)`,
  location: LOCATION,
};

function banners(): HTMLElement[] {
  return [...document.querySelectorAll<HTMLElement>('[data-testid="library-unreachable"]')].filter((b) => !b.hidden);
}

function notice(): HTMLElement | null {
  return document.querySelector<HTMLElement>('[data-testid="library-reconnected"]');
}

async function rejection(call: () => Promise<unknown>): Promise<unknown> {
  try {
    await call();
  } catch (err) {
    return err;
  }
  throw new Error("the call did not fail");
}

describe("the team library out of reach", () => {
  /** Whether the server answers; the commands the window made. */
  let serverUp: boolean;
  let commands: string[];

  beforeEach(() => {
    document.body.replaceChildren();
    serverUp = false;
    commands = [];
    mockIPC((cmd, args) => {
      commands.push(cmd === "list_stories" && (args as { limit?: number }).limit === 1 ? "probe" : cmd);
      if (!serverUp) throw AWAY;
      if (cmd === "get_story") throw { kind: "not-found", message: "no story with id 7" };
      return [];
    });
  });

  afterEach(async () => {
    // Leaves the shared watch as it started: the library answering.
    serverUp = true;
    await ipc.connection.retry();
    vi.useRealTimers();
    clearMocks();
  });

  it("shows one banner however many calls fail, each still failing with its kind", async () => {
    const failures = await Promise.all([
      rejection(() => ipc.listStories()),
      rejection(() => ipc.searchStories("troops")),
      rejection(() => ipc.storyClaims(7)),
      rejection(() => ipc.saveStory(7, 12, "Headline", "Body.")),
      rejection(() => ipc.listSources()),
    ]);
    for (const err of failures) {
      expect(err).toBeInstanceOf(IpcError);
      expect(isUnreachable(err)).toBe(true);
      expect((err as IpcError).message).toContain(LOCATION);
    }
    expect(banners()).toHaveLength(1);
    expect(banners()[0].textContent).toBe(
      "The team library at db.newsroom.example:5432 (database newsroom) cannot be reached. Wiredesk keeps trying; what you type is kept.",
    );
    expect(banners()[0].getAttribute("role")).toBe("alert");
    expect(ipc.connection.down).toBe(true);
    // More failures later change nothing.
    await rejection(() => ipc.listStories());
    expect(document.querySelectorAll('[data-testid="library-unreachable"]')).toHaveLength(1);
  });

  it("tries again every few seconds and, once the library answers, says so and calls back", async () => {
    vi.useFakeTimers();
    let reconnected = 0;
    const stop = ipc.connection.onReconnected(() => (reconnected += 1));
    await rejection(() => ipc.getStory(7));
    expect(banners()).toHaveLength(1);
    commands = [];
    await vi.advanceTimersByTimeAsync(3000);
    expect(commands).toEqual(["probe"]);
    expect(banners()).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(3000);
    expect(commands).toEqual(["probe", "probe"]);
    serverUp = true;
    await vi.advanceTimersByTimeAsync(3000);
    expect(banners()).toHaveLength(0);
    expect(reconnected).toBe(1);
    expect(notice()?.hidden).toBe(false);
    expect(notice()?.textContent).toBe("Reconnected to the team library.");
    // No more tries once it is back; the notice goes by itself.
    commands = [];
    await vi.advanceTimersByTimeAsync(10_000);
    expect(commands).toEqual([]);
    expect(notice()?.hidden).toBe(true);
    stop();
  });

  it("leaves other errors to the views, with no banner", async () => {
    serverUp = true;
    const err = await rejection(() => ipc.getStory(7));
    expect(err).toBeInstanceOf(IpcError);
    expect([(err as IpcError).kind, (err as IpcError).message]).toEqual(["not-found", "no story with id 7"]);
    expect(isUnreachable(err)).toBe(false);
    expect(banners()).toHaveLength(0);
    expect(ipc.connection.down).toBe(false);
  });

  it("tries at once when another call is answered while the banner is up", async () => {
    await rejection(() => ipc.listStories());
    expect(banners()).toHaveLength(1);
    serverUp = true;
    commands = [];
    await ipc.listSources();
    await settle(3);
    expect(commands).toEqual(["list_sources", "probe"]);
    expect(banners()).toHaveLength(0);
  });
});

describe("libraryHost", () => {
  it("names the host, port and database, or nothing", () => {
    expect(libraryHost("postgres://wiredesk@127.0.0.1:5432/postgres")).toBe("127.0.0.1:5432 (database postgres)");
    expect(libraryHost(null)).toBeNull();
  });
});

describe("the window while the team library is out of reach", () => {
  let root: HTMLElement;
  let watch: ConnectionWatch;
  let up: boolean;

  beforeEach(() => {
    document.body.replaceChildren();
    root = document.createElement("div");
    document.body.append(root);
    up = true;
    watch = new ConnectionWatch({
      probe: async () => {
        if (!up) throw new IpcError("library-unreachable", AWAY.message);
      },
    });
  });

  /** What Rust answers: refused as out of reach while `up` is false
   *  (reporting to the watch, as ipc.ts does). */
  function away<A extends unknown[], T>(answer: (...args: A) => Promise<T>): (...args: A) => Promise<T> {
    return async (...args: A) => {
      if (up) return answer(...args);
      watch.lost(LOCATION, AWAY.message);
      throw new IpcError("library-unreachable", AWAY.message);
    };
  }

  it("shows no error of its own for a failed inbox, search or story, and reloads the inbox once back", async () => {
    const base = fakeApi();
    const api = fakeApi({
      listStories: vi.fn(away(base.listStories)),
      searchStories: vi.fn(away(base.searchStories)),
      getStory: vi.fn(away(base.getStory)),
    });
    const app = new App(root, api, new MemoryStorage(), watch);
    await app.loadInbox();
    await app.open(1);
    expect(app.workspace.current?.id).toBe(1);
    const status = app.status.textContent;

    up = false;
    await app.loadInbox();
    app.search.value = "troops";
    await app.runSearch();
    await app.open(2);
    expect(root.querySelectorAll('[data-testid="library-unreachable"]:not([hidden])')).toHaveLength(1);
    // The status line, the story pane and the editor keep what they showed.
    expect(app.status.textContent).toBe(status);
    expect(app.status.classList.contains("error")).toBe(false);
    expect(app.workspace.current?.id).toBe(1);
    expect(root.querySelector('[data-testid="inbox-row"][aria-selected="true"]')?.getAttribute("data-story-id")).toBe("1");
    expect(root.textContent).not.toContain("Could not");

    up = true;
    app.search.value = "";
    const listed = vi.mocked(api.listStories).mock.calls.length;
    await watch.retry();
    await settle(5);
    expect(root.querySelectorAll('[data-testid="library-unreachable"]:not([hidden])')).toHaveLength(0);
    expect(root.querySelector<HTMLElement>('[data-testid="library-reconnected"]')?.hidden).toBe(false);
    expect(vi.mocked(api.listStories).mock.calls.length).toBe(listed + 1);
  });

  it("shows other errors as before", async () => {
    const api = fakeApi({
      listStories: async () => {
        throw new IpcError("internal", "disk full");
      },
    });
    const app = new App(root, api, new MemoryStorage(), watch);
    await app.loadInbox();
    expect(app.status.textContent).toBe("Could not load the inbox: disk full");
    expect(app.status.classList.contains("error")).toBe(true);
    expect(root.querySelectorAll('[data-testid="library-unreachable"]:not([hidden])')).toHaveLength(0);
  });

  it("keeps the text typed when a save cannot reach the library, and saves it once back", async () => {
    const pane = document.createElement("section");
    document.body.append(pane);
    const storage = new MemoryStorage();
    const saved: string[] = [];
    const base = fakeApi();
    const api = fakeApi({
      saveStory: vi.fn(
        away(async (_id: number, _base: number, headline: string, body: string) => {
          saved.push(body);
          return { ...claimStory, revision_id: claimStory.revision_id + 1, headline, body };
        }),
      ),
      getStory: base.getStory,
    });
    const ws = new StoryWorkspace(pane, api, { storage });
    await ws.show(claimStory);
    const view = ws.editor!;
    view.dispatch(view.state.tr.insertText("Typed offline. ", bodyBlocks(view.state.doc)[0].pos));

    up = false;
    expect(await ws.save()).toBe(false);
    expect(ws.dirty).toBe(true);
    expect(pane.querySelector<HTMLElement>('[data-testid="editor-alert"]')?.hidden).toBe(true);
    expect(pane.querySelector('[data-testid="editor-status"]')?.textContent).toBe(
      "Not saved yet: your text is kept. Save again once the team library is back.",
    );
    expect(readDraft(storage, claimStory.id)?.body).toContain("Typed offline. ");
    expect(ws.editor!.state.doc.textContent).toContain("Typed offline. ");

    up = true;
    ws.libraryBack();
    expect(pane.querySelector('[data-testid="editor-status"]')?.textContent).toBe(
      "The team library is back: save (Ctrl+S) to store your text.",
    );
    expect(await ws.save()).toBe(true);
    expect(saved).toHaveLength(1);
    expect(vi.mocked(api.saveStory).mock.calls.at(-1)?.[3]).toContain("Typed offline. ");
    expect(readDraft(storage, claimStory.id)).toBeNull();
  });
});

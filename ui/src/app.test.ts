import { App, type Api } from "./app";
import { detail, hits, summaries } from "./fixtures";
import { IpcError } from "./ipc";

function fakeApi(overrides: Partial<Api> = {}): Api & { opened: number[] } {
  const opened: number[] = [];
  return {
    opened,
    listStories: async () => summaries,
    getStory: async (id: number) => {
      opened.push(id);
      return detail(id);
    },
    searchStories: async () => hits,
    ...overrides,
  };
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

function press(key: string, target: EventTarget = document.body): void {
  target.dispatchEvent(new KeyboardEvent("keydown", { key, bubbles: true }));
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
});

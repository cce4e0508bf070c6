import { CompareView, revisionLabel, wireChangesRequest, type CompareApi } from "./compare-view";
import { claimStory, detail, MemoryStorage, storyClaims } from "./fixtures";
import type { Claim, DiffOp, HistoryEntry, StoryDetail, StoryDiff, WireVersion } from "./ipc";
import { exactTime } from "./time";
import { settle } from "./test-support";

const MODE_KEY = "wiredesk:compare-mode";

function version(n: number, revision: number): WireVersion {
  return { ...claimStory.versions[0], version: n, revision_id: revision };
}

/** The claim story with two wire versions (69, 71) and edits (70, 72, current). */
const story: StoryDetail = {
  ...claimStory,
  revision_id: 72,
  versions: [version(1, 69), version(2, 71)],
};

function entry(id: number, kind: HistoryEntry["kind"], extra: Partial<HistoryEntry> = {}): HistoryEntry {
  return {
    id,
    kind,
    parent: id === 69 ? null : id - 1,
    author: kind === "wire" ? "Meridian Wire" : "rosa",
    created_at: `2026-11-27T09:${String(id - 60).padStart(2, "0")}:00.000Z`,
    note: null,
    summary: "+1 −1 words",
    words_added: 1,
    words_removed: 1,
    exports: [],
    ...extra,
  };
}

const history: HistoryEntry[] = [entry(69, "wire"), entry(70, "edit"), entry(71, "wire"), entry(72, "edit", { note: "fixed figure" })];

/** The body: the wire said 400 tickets, the current text 4,000. */
function bodyOps(): DiffOp[] {
  const body = claimStory.body;
  const at = body.indexOf("4,000");
  return [
    { op: "equal", text: body.slice(0, at) },
    { op: "delete", text: "400" },
    { op: "insert", text: "4,000" },
    { op: "equal", text: body.slice(at + "4,000".length) },
  ];
}

function diff(from: number, to: number): StoryDiff {
  return {
    from,
    to,
    ops: bodyOps(),
    headline_ops: [
      { op: "equal", text: "Harbour council " },
      { op: "delete", text: "backs" },
      { op: "insert", text: "approves" },
      { op: "equal", text: " ferry tickets" },
    ],
    field_ops: { byline: [{ op: "equal", text: "By Mara Quill" }] },
    paragraphs: [
      [0, 0],
      [1, 1],
      [2, 2],
    ],
    stats: { words_added: 2, words_removed: 2, words_changed: 2, share_changed: 0.08 },
    claims_touched: [1],
  };
}

interface FakeCompareApi extends CompareApi {
  diffs: [number, number | null, number | null, boolean | undefined, boolean | undefined][];
  fail: Error | null;
}

function fakeApi(claims: Claim[] = storyClaims()): FakeCompareApi {
  const api: FakeCompareApi = {
    diffs: [],
    fail: null,
    storyDiff: async (storyId, from, to, ignoreWhitespace, ignoreTypography) => {
      api.diffs.push([storyId, from, to, ignoreWhitespace, ignoreTypography]);
      if (api.fail) throw api.fail;
      return diff(from!, to!);
    },
    storyHistory: async () => history,
    storyClaims: async () => claims,
  };
  return api;
}

function mount(view: CompareView): HTMLDialogElement {
  document.body.append(view.dialog);
  return view.dialog;
}

function q<T extends Element = HTMLElement>(root: ParentNode, testid: string): T {
  const found = root.querySelector<T>(`[data-testid="${testid}"]`);
  if (!found) throw new Error(`no ${testid}`);
  return found;
}

function modeButton(dialog: HTMLElement, mode: string): HTMLButtonElement {
  return q(dialog, "compare-mode").querySelector<HTMLButtonElement>(`button[data-mode="${mode}"]`)!;
}

afterEach(() => {
  document.body.replaceChildren();
});

describe("revisionLabel", () => {
  it("labels wire versions with their number and edits with author and note, marking the current one", () => {
    expect(revisionLabel(entry(69, "wire"), story)).toBe(`Wire v1 · r69 · ${exactTime(entry(69, "wire").created_at)}`);
    expect(revisionLabel(entry(71, "wire"), story)).toBe(`Wire v2 · r71 · ${exactTime(entry(71, "wire").created_at)}`);
    const edit = entry(72, "edit", { note: "fixed figure" });
    expect(revisionLabel(edit, story)).toBe(`Edit · r72 · ${exactTime(edit.created_at)} · rosa · fixed figure · current`);
    const merge = entry(70, "merge", { author: "noor" });
    expect(revisionLabel(merge, story)).toBe(`Merge · r70 · ${exactTime(merge.created_at)} · noor`);
  });

  it('shows "v?" for a wire entry the story does not list', () => {
    expect(revisionLabel(entry(99, "wire"), story)).toMatch(/^Wire v\? · r99 · /);
  });
});

describe("wireChangesRequest", () => {
  it("is null with a single wire version", () => {
    expect(wireChangesRequest(detail(2))).toBeNull();
    expect(wireChangesRequest({ ...story, versions: [] })).toBeNull();
  });

  it("compares the agency's version n-1 with n", () => {
    expect(wireChangesRequest(story)).toEqual({ from: 69, to: 71 });
    const three = { ...story, versions: [version(1, 69), version(2, 71), version(3, 75)] };
    expect(wireChangesRequest(three)).toEqual({ from: 71, to: 75 });
  });
});

describe("CompareView", () => {
  it("opens on the original wire version against the current revision", async () => {
    const api = fakeApi();
    const view = new CompareView(api, new MemoryStorage());
    const dialog = mount(view);
    await view.open(story);

    expect(dialog.hasAttribute("open") || dialog.open).toBe(true);
    expect(api.diffs).toEqual([[7, 69, 72, false, false]]);
    expect(dialog.querySelector("h2")!.textContent).toBe(`Compare: ${story.headline}`);
    const from = q<HTMLSelectElement>(dialog, "compare-from");
    const to = q<HTMLSelectElement>(dialog, "compare-to");
    expect(from.value).toBe("69");
    expect(to.value).toBe("72");
    // Newest first.
    expect([...to.options].map((o) => o.value)).toEqual(["72", "71", "70", "69"]);
    expect(q(dialog, "compare-stats").textContent).toBe("+2 words · −2 words · 2 replaced · 8% of the story changed");
    expect(view.currentMode).toBe("inline");
    const inline = q(dialog, "compare-inline");
    expect(q(inline, "diff-delete").textContent).toBe("400");
    expect(q(inline, "diff-insert").textContent).toBe("4,000");
    expect(inline.textContent).toBe(claimStory.body.replace("4,000", "4004,000"));
    expect(q(dialog, "compare-headline").textContent).toBe("Harbour council backsapproves ferry tickets");
  });

  it("honours a requested pair of revisions", async () => {
    const api = fakeApi();
    const view = new CompareView(api);
    mount(view);
    await view.open(story, wireChangesRequest(story)!, "What the agency changed");
    expect(api.diffs).toEqual([[7, 69, 71, false, false]]);
    expect(view.dialog.querySelector("h2")!.textContent).toBe(`What the agency changed: ${story.headline}`);
  });

  it("reloads when a toggle or a revision changes", async () => {
    const api = fakeApi();
    const view = new CompareView(api);
    const dialog = mount(view);
    await view.open(story);

    const whitespace = q<HTMLInputElement>(dialog, "compare-ignore-whitespace");
    whitespace.checked = true;
    whitespace.dispatchEvent(new Event("change", { bubbles: true }));
    await settle();
    expect(api.diffs.at(-1)).toEqual([7, 69, 72, true, false]);

    const typography = q<HTMLInputElement>(dialog, "compare-ignore-typography");
    typography.checked = true;
    typography.dispatchEvent(new Event("change", { bubbles: true }));
    await settle();
    expect(api.diffs.at(-1)).toEqual([7, 69, 72, true, true]);

    const from = q<HTMLSelectElement>(dialog, "compare-from");
    from.value = "71";
    from.dispatchEvent(new Event("change", { bubbles: true }));
    await settle();
    expect(api.diffs.at(-1)).toEqual([7, 71, 72, true, true]);
    expect(api.diffs).toHaveLength(4);
  });

  it("switches between inline and side by side with the mode buttons and remembers the choice", async () => {
    const storage = new MemoryStorage();
    const view = new CompareView(fakeApi(), storage);
    const dialog = mount(view);
    await view.open(story);

    expect(modeButton(dialog, "inline").getAttribute("aria-pressed")).toBe("true");
    expect(modeButton(dialog, "side-by-side").getAttribute("aria-pressed")).toBe("false");

    modeButton(dialog, "side-by-side").click();
    expect(view.currentMode).toBe("side-by-side");
    expect(dialog.dataset.mode).toBe("side-by-side");
    expect(storage.getItem(MODE_KEY)).toBe("side-by-side");
    expect(dialog.querySelector('[data-testid="compare-inline"]')).toBeNull();
    const sides = q(dialog, "compare-sides");
    expect(modeButton(dialog, "side-by-side").getAttribute("aria-pressed")).toBe("true");
    expect(modeButton(dialog, "inline").getAttribute("aria-pressed")).toBe("false");
    // Column heads name the revisions chosen.
    const heads = [...sides.querySelectorAll(".side-head")].map((h) => h.textContent);
    expect(heads[0]).toMatch(/^Wire v1 · r69/);
    expect(heads[1]).toMatch(/^Edit · r72 .* current$/);
    // The left side shows what was removed, the right what was added.
    const from = [...sides.querySelectorAll<HTMLElement>(".side-from.paragraph")];
    const to = [...sides.querySelectorAll<HTMLElement>(".side-to.paragraph")];
    expect(from).toHaveLength(3);
    expect(to).toHaveLength(3);
    expect(q(from[0], "diff-delete").textContent).toBe("400");
    expect(from[0].querySelector("ins")).toBeNull();
    expect(q(to[0], "diff-insert").textContent).toBe("4,000");
    expect(to[0].querySelector("del")).toBeNull();
    expect(to[1].textContent).toBe(claimStory.body.split("\n\n")[1]);

    // A new view with the same storage starts in the remembered mode.
    const again = new CompareView(fakeApi(), storage);
    mount(again);
    expect(again.currentMode).toBe("side-by-side");
    await again.open(story);
    expect(again.dialog.querySelector('[data-testid="compare-sides"]')).not.toBeNull();

    modeButton(dialog, "inline").click();
    expect(storage.getItem(MODE_KEY)).toBe("inline");
    expect(dialog.querySelector('[data-testid="compare-sides"]')).toBeNull();
    expect(dialog.querySelector('[data-testid="compare-inline"]')).not.toBeNull();
  });

  it('toggles the mode when "v" is pressed in the dialog, but not while typing in a control', async () => {
    const storage = new MemoryStorage();
    const view = new CompareView(fakeApi(), storage);
    const dialog = mount(view);
    await view.open(story);

    const body = q(dialog, "compare-body");
    const press = (target: Element, init: KeyboardEventInit = {}) => {
      const event = new KeyboardEvent("keydown", { key: "v", bubbles: true, cancelable: true, ...init });
      target.dispatchEvent(event);
      return event;
    };

    const first = press(body);
    expect(first.defaultPrevented).toBe(true);
    expect(view.currentMode).toBe("side-by-side");
    expect(storage.getItem(MODE_KEY)).toBe("side-by-side");
    expect(dialog.querySelector('[data-testid="compare-sides"]')).not.toBeNull();

    press(body);
    expect(view.currentMode).toBe("inline");
    expect(dialog.querySelector('[data-testid="compare-inline"]')).not.toBeNull();

    press(q(dialog, "compare-from"));
    press(q(dialog, "compare-ignore-whitespace"));
    press(body, { ctrlKey: true });
    expect(view.currentMode).toBe("inline");
  });

  it("lists and marks the claims the change touches", async () => {
    const view = new CompareView(fakeApi());
    const dialog = mount(view);
    await view.open(story);

    const claims = q(dialog, "compare-claims");
    expect(claims.hidden).toBe(false);
    expect(claims.textContent).toBe("Claims touched: “4,000 tickets” (quantity, unchecked)");

    const marks = [...q(dialog, "compare-inline").querySelectorAll<HTMLElement>('[data-testid="claim-touched"]')];
    // The claim "4,000 tickets" sits after the 🚢 emoji: scalar offsets must
    // land on the inserted figure and the equal " tickets" after it.
    expect(marks.map((m) => m.textContent)).toEqual(["4,000", " tickets"]);
    expect(marks.every((m) => m.dataset.claimId === "1")).toBe(true);
    expect(marks[0].querySelector("ins")).not.toBeNull();
    expect(marks[0].title).toBe("Changed: quantity “4,000 tickets” (unchecked)");
    // The deleted "400" is not part of the mark.
    expect(q(dialog, "diff-delete").closest("mark")).toBeNull();
  });

  it("lists several touched claims, not quoting twice a text with its own quotation marks", async () => {
    const claims = storyClaims();
    claims[1] = { ...claims[1], text: '"We will not raise fares,"' };
    const api = fakeApi(claims);
    api.storyDiff = async (_id, from, to) => ({ ...diff(from!, to!), claims_touched: [1, 2] });
    const view = new CompareView(api);
    const dialog = mount(view);
    await view.open(story);
    expect(q(dialog, "compare-claims").textContent).toBe(
      'Claims touched: “4,000 tickets” (quantity, unchecked); "We will not raise fares," (quote, checking)',
    );
    const ids = new Set([...dialog.querySelectorAll<HTMLElement>('[data-testid="claim-touched"]')].map((m) => m.dataset.claimId));
    expect(ids).toEqual(new Set(["1", "2"]));
    const quote = dialog.querySelector<HTMLElement>('[data-claim-id="2"]')!;
    expect(quote.textContent).toBe("We will not raise fares,");
    expect(quote.title).toBe('Changed: quote "We will not raise fares," (checking)');
  });

  it("hides the claims line when no claim is touched", async () => {
    const api = fakeApi();
    api.storyDiff = async (_id, from, to) => ({ ...diff(from!, to!), claims_touched: [] });
    const view = new CompareView(api);
    const dialog = mount(view);
    await view.open(story);
    expect(q(dialog, "compare-claims").hidden).toBe(true);
    expect(q(dialog, "compare-claims").textContent).toBe("");
    expect(dialog.querySelector("mark")).toBeNull();
  });

  it("still compares when the claims cannot be loaded", async () => {
    const api = fakeApi();
    api.storyClaims = async () => {
      throw new Error("claims down");
    };
    const view = new CompareView(api);
    const dialog = mount(view);
    await view.open(story);
    expect(q(dialog, "compare-inline")).toBeTruthy();
    expect(q(dialog, "compare-claims").hidden).toBe(true);
  });

  it("says when both sides are the same revision", async () => {
    const view = new CompareView(fakeApi());
    const dialog = mount(view);
    await view.open(story, { from: 72, to: 72 });
    expect(q(dialog, "compare-stats").textContent).toBe("The same revision on both sides.");
  });

  it("shows an error from storyDiff as text", async () => {
    const api = fakeApi();
    api.fail = new Error("no such revision <b>9</b>");
    const view = new CompareView(api);
    const dialog = mount(view);
    await view.open(story);
    const body = q(dialog, "compare-body");
    expect(body.textContent).toBe("Could not compare: no such revision <b>9</b>");
    expect(body.querySelector("b")).toBeNull();
    expect(body.querySelector(".error")).not.toBeNull();
    expect(q(dialog, "compare-stats").textContent).toBe("");
  });

  it("shows an error from the history as text", async () => {
    const api = fakeApi();
    api.storyHistory = async () => {
      throw "history offline";
    };
    const view = new CompareView(api);
    const dialog = mount(view);
    await view.open(story);
    expect(api.diffs).toEqual([]);
    expect(q(dialog, "compare-body").textContent).toBe("Could not compare: history offline");
  });

  it("closes with the Close button", async () => {
    const view = new CompareView(fakeApi());
    const dialog = mount(view);
    await view.open(story);
    q<HTMLButtonElement>(dialog, "compare-close").click();
    expect(dialog.hasAttribute("open")).toBe(false);
  });
});

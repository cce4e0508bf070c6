import { claimStory, MemoryStorage } from "./fixtures";
import { IpcError, type MergeConflict, type MergeReview, type Resolution, type StoryDetail } from "./ipc";
import { mergeSummary, MergeView, type MergeApi } from "./merge-view";
import { settle } from "./test-support";

const story: StoryDetail = { ...claimStory, wire_update: 2 };

const conflicts: MergeConflict[] = [
  { id: 1, base: "400 tickets", ours: "4,000 tickets", theirs: "450 tickets" },
  { id: 2, base: "on Tuesday", ours: "", theirs: "on Wednesday" },
];

function review(fields: Partial<MergeReview> = {}): MergeReview {
  return {
    status: "conflicts",
    revision_id: null,
    wire_version: 2,
    applied: [
      { op: "equal", text: "Harbour council approves ferry tickets\n\nPORT ELLING - The " },
      { op: "insert", text: "harbour " },
      { op: "equal", text: "council approved them." },
    ],
    applied_stats: { words_added: 1, words_removed: 0, words_changed: 0, share_changed: 0.05 },
    resolved: 0,
    conflicts,
    ...fields,
  };
}

interface FakeMergeApi extends MergeApi {
  merges: number[];
  resolutions: [number, number, Resolution][];
  fetched: number[];
  /** What the next calls answer, in order (the last one repeats). */
  answers: (MergeReview | Error)[];
}

function fakeApi(answers: (MergeReview | Error)[] = [review()]): FakeMergeApi {
  const next = async (): Promise<MergeReview> => {
    const answer = api.answers.length > 1 ? api.answers.shift()! : api.answers[0];
    if (answer instanceof Error) throw answer;
    return answer;
  };
  const api: FakeMergeApi = {
    merges: [],
    resolutions: [],
    fetched: [],
    answers,
    mergeStory: async (storyId) => {
      api.merges.push(storyId);
      return next();
    },
    resolveConflict: async (storyId, conflictId, resolution) => {
      api.resolutions.push([storyId, conflictId, resolution]);
      return next();
    },
    getStory: async (id) => {
      api.fetched.push(id);
      return { ...story, revision_id: 80, wire_update: null };
    },
  };
  return api;
}

function q<T extends Element = HTMLElement>(root: ParentNode, testid: string): T {
  const found = root.querySelector<T>(`[data-testid="${testid}"]`);
  if (!found) throw new Error(`no ${testid}`);
  return found;
}

function cards(dialog: HTMLElement): HTMLElement[] {
  return [...dialog.querySelectorAll<HTMLElement>('[data-testid="conflict"]')];
}

function mount(api: MergeApi, storage: Storage | null = new MemoryStorage(), onMerged: (s: StoryDetail) => void = () => {}): MergeView {
  const view = new MergeView(api, storage, onMerged);
  document.body.append(view.dialog);
  return view;
}

afterEach(() => {
  document.body.replaceChildren();
});

describe("mergeSummary", () => {
  it("says when there is nothing to merge", () => {
    expect(mergeSummary(review({ status: "nothing-to-merge", conflicts: [] }))).toBe(
      "Nothing to merge: the desk's copy already has the agency's newest version.",
    );
  });

  it("names the merge revision once merged", () => {
    expect(mergeSummary(review({ status: "merged", revision_id: 42, wire_version: 3, conflicts: [] }))).toBe(
      "Merged wire version 3 into the desk's copy as revision 42.",
    );
    expect(mergeSummary(review({ status: "merged", revision_id: 42, wire_version: null, conflicts: [] }))).toBe(
      "Merged the agency's new version into the desk's copy as revision 42.",
    );
  });

  it("counts the conflicts left and those resolved", () => {
    expect(mergeSummary(review())).toBe(
      "Merging wire version 2: 2 conflicts to resolve. Resolutions are kept as you make them.",
    );
    expect(mergeSummary(review({ conflicts: [conflicts[1]], resolved: 1 }))).toBe(
      "Merging wire version 2: 1 conflict to resolve (1 resolved). Resolutions are kept as you make them.",
    );
    expect(mergeSummary(review({ wire_version: null, conflicts: [conflicts[0]] }))).toBe(
      "Merging the agency's new version: 1 conflict to resolve. Resolutions are kept as you make them.",
    );
  });
});

describe("MergeView", () => {
  it("opens with the conflicts, each with base, ours and theirs, and what applied cleanly", async () => {
    const api = fakeApi();
    const view = mount(api);
    await view.open(story);

    expect(api.merges).toEqual([7]);
    expect(view.dialog.hasAttribute("open") || view.dialog.open).toBe(true);
    expect(q(view.dialog, "merge-summary").textContent).toBe(mergeSummary(review()));
    const list = cards(view.dialog);
    expect(list.map((c) => c.dataset.conflictId)).toEqual(["1", "2"]);
    expect(q(list[0], "conflict-base").textContent).toBe("400 tickets");
    expect(q(list[0], "conflict-ours").textContent).toBe("4,000 tickets");
    expect(q(list[0], "conflict-theirs").textContent).toBe("450 tickets");
    expect(q(list[1], "conflict-ours").textContent).toBe("(nothing)");
    expect(q(view.dialog, "merge-conflicts").hidden).toBe(false);
    expect(list[0].querySelector("textarea")).toBeNull();

    const applied = q(view.dialog, "merge-applied");
    expect(applied.hidden).toBe(false);
    expect(q(applied, "merge-applied-stats").textContent).toBe(
      "+1 word · −0 words · 0 replaced · 5% of the story changed",
    );
    expect(q(applied, "diff-insert").textContent).toBe("harbour ");
  });

  it("keeps ours or takes theirs", async () => {
    const api = fakeApi([review(), review({ conflicts: [conflicts[1]], resolved: 1 }), review({ conflicts: [], resolved: 2 })]);
    const view = mount(api);
    await view.open(story);

    q<HTMLButtonElement>(cards(view.dialog)[0], "keep-ours").click();
    await settle();
    expect(api.resolutions).toEqual([[7, 1, { kind: "ours" }]]);
    expect(cards(view.dialog).map((c) => c.dataset.conflictId)).toEqual(["2"]);
    expect(q(view.dialog, "merge-summary").textContent).toContain("1 conflict to resolve (1 resolved)");

    q<HTMLButtonElement>(cards(view.dialog)[0], "take-theirs").click();
    await settle();
    expect(api.resolutions).toEqual([
      [7, 1, { kind: "ours" }],
      [7, 2, { kind: "theirs" }],
    ]);
  });

  it("edits by hand, starting from ours, and keeps the draft when the view is closed", async () => {
    const storage = new MemoryStorage();
    const api = fakeApi();
    const view = mount(api, storage);
    await view.open(story);

    q<HTMLButtonElement>(cards(view.dialog)[0], "edit-conflict").click();
    const area = q<HTMLTextAreaElement>(cards(view.dialog)[0], "conflict-text");
    expect(area.value).toBe("4,000 tickets");
    // A second click does not add a second editor.
    q<HTMLButtonElement>(cards(view.dialog)[0], "edit-conflict").click();
    expect(cards(view.dialog)[0].querySelectorAll("textarea")).toHaveLength(1);

    // Ours was empty: the editor starts empty, not with "(nothing)".
    q<HTMLButtonElement>(cards(view.dialog)[1], "edit-conflict").click();
    expect(q<HTMLTextAreaElement>(cards(view.dialog)[1], "conflict-text").value).toBe("");

    area.value = "4,500 tickets";
    area.dispatchEvent(new Event("input", { bubbles: true }));
    expect(storage.getItem("wiredesk:merge-draft:7:1")).toBe("4,500 tickets");
    expect(api.resolutions).toEqual([]);

    view.close();
    const reopened = mount(fakeApi(), storage);
    await reopened.open(story);
    const restored = cards(reopened.dialog);
    expect(q<HTMLTextAreaElement>(restored[0], "conflict-text").value).toBe("4,500 tickets");
    expect(restored[1].querySelector("textarea")).toBeNull();
  });

  it('sends the text written by hand with "Use this text" and drops the draft', async () => {
    const storage = new MemoryStorage();
    const api = fakeApi([review(), review({ conflicts: [conflicts[1]], resolved: 1 })]);
    const view = mount(api, storage);
    await view.open(story);

    const card = cards(view.dialog)[0];
    q<HTMLButtonElement>(card, "edit-conflict").click();
    const area = q<HTMLTextAreaElement>(card, "conflict-text");
    area.value = "about 4,000 tickets";
    area.dispatchEvent(new Event("input", { bubbles: true }));
    q<HTMLButtonElement>(card, "conflict-apply").click();
    await settle();

    expect(api.resolutions).toEqual([[7, 1, { kind: "text", text: "about 4,000 tickets" }]]);
    expect(storage.getItem("wiredesk:merge-draft:7:1")).toBeNull();
  });

  it("refuses empty text with a message and no call", async () => {
    const storage = new MemoryStorage();
    const api = fakeApi();
    const view = mount(api, storage);
    await view.open(story);

    const card = cards(view.dialog)[0];
    q<HTMLButtonElement>(card, "edit-conflict").click();
    const area = q<HTMLTextAreaElement>(card, "conflict-text");
    area.value = "   \n ";
    area.dispatchEvent(new Event("input", { bubbles: true }));
    q<HTMLButtonElement>(card, "conflict-apply").click();
    await settle();

    expect(api.resolutions).toEqual([]);
    const summary = q(view.dialog, "merge-summary");
    expect(summary.textContent).toBe("Write the text this passage should read, or keep one side.");
    expect(summary.classList.contains("error")).toBe(true);
    // The draft is still there to go on with.
    expect(storage.getItem("wiredesk:merge-draft:7:1")).toBe("   \n ");
  });

  it("fetches the merged story and hands it on when the merge is saved", async () => {
    const merged = review({ status: "merged", revision_id: 80, conflicts: [], resolved: 2 });
    const api = fakeApi([review({ conflicts: [conflicts[0]], resolved: 1 }), merged]);
    const seen: StoryDetail[] = [];
    const view = mount(api, new MemoryStorage(), (s) => seen.push(s));
    await view.open(story);
    expect(api.fetched).toEqual([]);

    q<HTMLButtonElement>(cards(view.dialog)[0], "take-theirs").click();
    await vi.waitFor(() => expect(seen).toHaveLength(1));
    expect(api.fetched).toEqual([7]);
    expect(seen[0].revision_id).toBe(80);
    expect(seen[0].wire_update).toBeNull();
    expect(q(view.dialog, "merge-summary").textContent).toBe("Merged wire version 2 into the desk's copy as revision 80.");
    expect(q(view.dialog, "merge-conflicts").hidden).toBe(true);
    expect(cards(view.dialog)).toHaveLength(0);
    expect(q(view.dialog, "merge-applied").querySelector("h3")!.textContent).toBe("Changes merged");
  });

  it("merges at once when there are no conflicts", async () => {
    const api = fakeApi([review({ status: "merged", revision_id: 81, conflicts: [] })]);
    const seen: StoryDetail[] = [];
    const view = mount(api, null, (s) => seen.push(s));
    await view.open(story);
    expect(api.fetched).toEqual([7]);
    expect(seen).toHaveLength(1);
  });

  it("hides the applied changes when there is nothing to merge", async () => {
    const api = fakeApi([review({ status: "nothing-to-merge", conflicts: [], applied: [] })]);
    const seen: StoryDetail[] = [];
    const view = mount(api, null, (s) => seen.push(s));
    await view.open(story);
    expect(q(view.dialog, "merge-summary").textContent).toContain("Nothing to merge");
    expect(q(view.dialog, "merge-applied").hidden).toBe(true);
    expect(q(view.dialog, "merge-conflicts").hidden).toBe(true);
    expect(api.fetched).toEqual([]);
    expect(seen).toEqual([]);
  });

  it('shows "Could not merge: …" when the API fails', async () => {
    const api = fakeApi([new IpcError("merge-failed", "the wire copy is missing")]);
    const view = mount(api);
    await view.open(story);
    const summary = q(view.dialog, "merge-summary");
    expect(summary.textContent).toBe("Could not merge: the wire copy is missing");
    expect(summary.classList.contains("error")).toBe(true);
    expect(cards(view.dialog)).toHaveLength(0);
  });

  it("keeps the draft when resolving fails", async () => {
    const storage = new MemoryStorage();
    const api = fakeApi([review(), new Error("database locked")]);
    const view = mount(api, storage);
    await view.open(story);
    const card = cards(view.dialog)[0];
    q<HTMLButtonElement>(card, "edit-conflict").click();
    const area = q<HTMLTextAreaElement>(card, "conflict-text");
    area.value = "4,200 tickets";
    area.dispatchEvent(new Event("input", { bubbles: true }));
    q<HTMLButtonElement>(card, "conflict-apply").click();
    await settle();
    expect(q(view.dialog, "merge-summary").textContent).toBe("Could not merge: database locked");
    expect(storage.getItem("wiredesk:merge-draft:7:1")).toBe("4,200 tickets");
  });
});

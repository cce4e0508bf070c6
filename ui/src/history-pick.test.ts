import { claimStory } from "./fixtures";
import type { HistoryEntry, StoryDetail } from "./ipc";
import { HistoryView, pickedPair, type HistoryApi } from "./history-view";
import { storyRevision } from "./test-support";

const story: StoryDetail = { ...claimStory, revision_id: 72 };

/** A revision of the claim story (69 the first), as its history lists it. */
function entry(id: number, kind: HistoryEntry["kind"]): HistoryEntry {
  return storyRevision(id, kind, { summary: "+1 −1 words", words_added: 1, words_removed: 1 });
}

const history = [entry(69, "wire"), entry(70, "edit"), entry(71, "wire"), entry(72, "edit")];

function fakeApi(): HistoryApi {
  return {
    storyHistory: async () => history,
    restoreRevision: async () => {
      throw new Error("not in this test");
    },
  };
}

function compareButton(view: HistoryView): HTMLButtonElement {
  return view.dialog.querySelector<HTMLButtonElement>('[data-testid="history-compare"]')!;
}

function box(view: HistoryView, revision: number): HTMLInputElement {
  return view.dialog.querySelector<HTMLInputElement>(`[data-testid="history-select"][data-revision-id="${revision}"]`)!;
}

function tick(view: HistoryView, revision: number, checked = true): void {
  const input = box(view, revision);
  input.checked = checked;
  input.dispatchEvent(new Event("change", { bubbles: true }));
}

async function openView(onCompare?: (from: number, to: number) => void): Promise<HistoryView> {
  const view = new HistoryView(fakeApi(), () => {}, onCompare);
  document.body.append(view.dialog);
  await view.open(story);
  return view;
}

afterEach(() => {
  document.body.replaceChildren();
});

describe("pickedPair", () => {
  it("is the two ids, older first", () => {
    expect(pickedPair([72, 69])).toEqual([69, 72]);
    expect(pickedPair([69, 72])).toEqual([69, 72]);
    expect(pickedPair([100, 9])).toEqual([9, 100]);
  });

  it("is null unless exactly two are ticked", () => {
    expect(pickedPair([])).toBeNull();
    expect(pickedPair([70])).toBeNull();
    expect(pickedPair([69, 70, 71])).toBeNull();
  });

  it("does not reorder the list it is given", () => {
    const ids = [72, 69];
    pickedPair(ids);
    expect(ids).toEqual([72, 69]);
  });
});

describe("HistoryView compare button", () => {
  it("has a tick box per revision and starts disabled", async () => {
    const view = await openView();
    const boxes = [...view.dialog.querySelectorAll<HTMLInputElement>('[data-testid="history-select"]')];
    expect(boxes.map((b) => b.dataset.revisionId)).toEqual(["72", "71", "70", "69"]);
    expect(compareButton(view).disabled).toBe(true);
    expect(compareButton(view).textContent).toBe("Compare (tick two)");
  });

  it("is enabled only with exactly two ticked", async () => {
    const view = await openView();
    const button = compareButton(view);

    tick(view, 71);
    expect(button.disabled).toBe(true);
    expect(button.textContent).toBe("Compare (tick two: 1 ticked)");

    tick(view, 69);
    expect(button.disabled).toBe(false);
    expect(button.textContent).toBe("Compare the two ticked");

    tick(view, 72);
    expect(button.disabled).toBe(true);
    expect(button.textContent).toBe("Compare (tick two: 3 ticked)");

    tick(view, 71, false);
    expect(button.disabled).toBe(false);
    expect(button.textContent).toBe("Compare the two ticked");

    tick(view, 72, false);
    tick(view, 69, false);
    expect(button.disabled).toBe(true);
    expect(button.textContent).toBe("Compare (tick two: 0 ticked)");
  });

  it("calls onCompare with the older revision first and closes", async () => {
    const calls: [number, number][] = [];
    const view = await openView((from, to) => calls.push([from, to]));
    // Ticked newest first; the callback still gets the older one first.
    tick(view, 72);
    tick(view, 70);
    compareButton(view).click();
    expect(calls).toEqual([[70, 72]]);
    expect(view.dialog.hasAttribute("open")).toBe(false);
  });

  it("does nothing when clicked with the wrong number ticked", async () => {
    const calls: [number, number][] = [];
    const view = await openView((from, to) => calls.push([from, to]));
    tick(view, 72);
    // A disabled button ignores clicks; the handler also checks the pair.
    compareButton(view).disabled = false;
    compareButton(view).click();
    expect(calls).toEqual([]);
    expect(view.dialog.hasAttribute("open")).toBe(true);
  });

  it("resets the button when the history is loaded again", async () => {
    const view = await openView();
    tick(view, 72);
    tick(view, 69);
    expect(compareButton(view).disabled).toBe(false);
    await view.open(story);
    expect(compareButton(view).disabled).toBe(true);
    expect(compareButton(view).textContent).toBe("Compare (tick two)");
    expect(view.dialog.querySelectorAll('[data-testid="history-select"]:checked')).toHaveLength(0);
  });
});

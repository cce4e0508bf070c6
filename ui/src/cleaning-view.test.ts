// The cleaning view: removed passages interleaved with the cleaned copy's
// paragraphs where they stood (offsets in Unicode scalars), struck through,
// labelled and restorable; the story header's count; the window's action.
import {
  cleanedBlocks,
  cleaningLabel,
  CleaningView,
  paragraphSegments,
  ruleLabel,
  type Block,
  type CleaningApi,
} from "./cleaning-view";
import { cleanedCopy, claimStory, removedPassage } from "./fixtures";
import { IpcError, type CleanedCopy, type StoryDetail } from "./ipc";

/** Blocks as short strings: ¶n for a paragraph (its runs), ✂id for a passage. */
function shape(blocks: Block[]): string[] {
  return blocks.map((b) =>
    b.kind === "removed"
      ? `✂${b.passage.id}`
      : `¶${b.index}:` + b.segments.map((s) => (s.kind === "text" ? s.text : `[✂${s.passage.id}]`)).join(""),
  );
}

const BODY = "First paragraph.\n\nSecond 🚢 paragraph.\n\nThird paragraph.";

describe("removed passages among the paragraphs", () => {
  it("puts each passage of its own before the paragraph its position counts up to", () => {
    const passages = [
      removedPassage(1, "Home | World", { position: 0 }),
      removedPassage(2, "Photo: a ferry", { position: 1 }),
      removedPassage(3, "Share this article", { position: 3 }),
    ];
    expect(shape(cleanedBlocks(BODY, passages))).toEqual([
      "✂1",
      "¶0:First paragraph.",
      "✂2",
      "¶1:Second 🚢 paragraph.",
      "¶2:Third paragraph.",
      "✂3",
    ]);
  });

  it("keeps the cleaner's order for passages at one place, and puts ones past the end last", () => {
    const passages = [
      removedPassage(1, "Menu", { position: 1 }),
      removedPassage(2, "Related", { position: 7 }),
      removedPassage(3, "Advertisement", { position: 1 }),
    ];
    expect(shape(cleanedBlocks(BODY, passages))).toEqual([
      "¶0:First paragraph.",
      "✂1",
      "✂3",
      "¶1:Second 🚢 paragraph.",
      "¶2:Third paragraph.",
      "✂2",
    ]);
  });

  it("cuts a paragraph at a passage removed from inside it, counting characters, not UTF-16 units", () => {
    // "Second 🚢 " is 9 characters but 10 UTF-16 units.
    const passages = [
      removedPassage(1, "(AFP Photo)", { position: 1, within: 9 }),
      removedPassage(2, "(ANI)", { position: 2, within: 16 }),
      removedPassage(3, "WATCH:", { position: 0, within: 0 }),
    ];
    expect(shape(cleanedBlocks(BODY, passages))).toEqual([
      "¶0:[✂3]First paragraph.",
      "¶1:Second 🚢 [✂1]paragraph.",
      "¶2:Third paragraph.[✂2]",
    ]);
  });

  it("sorts several passages inside one paragraph by offset and clamps offsets past its end", () => {
    const segments = paragraphSegments("One two three", [
      removedPassage(1, "b", { within: 8 }),
      removedPassage(2, "a", { within: 4 }),
      removedPassage(3, "c", { within: 99 }),
    ]);
    expect(segments.map((s) => (s.kind === "text" ? s.text : `[${s.passage.text}]`)).join("")).toBe(
      "One [a]two [b]three[c]",
    );
  });

  it("shows a passage cut from a paragraph the body no longer has as a passage of its own, last", () => {
    const passages = [removedPassage(1, "(ANI)", { position: 3, within: 4 })];
    expect(shape(cleanedBlocks(BODY, passages))).toEqual([
      "¶0:First paragraph.",
      "¶1:Second 🚢 paragraph.",
      "¶2:Third paragraph.",
      "✂1",
    ]);
  });

  it("lists passages alone when the cleaned body is empty", () => {
    const passages = [removedPassage(1, "Menu", { position: 0 }), removedPassage(2, "(ANI)", { position: 0, within: 3 })];
    expect(shape(cleanedBlocks("", passages))).toEqual(["✂1", "✂2"]);
  });
});

describe("labels", () => {
  it("counts the passages removed and restored for the story header", () => {
    expect(cleaningLabel([])).toBe("Cleaned: nothing removed");
    expect(cleaningLabel([removedPassage(1, "Menu")])).toBe("Cleaned: 1 passage removed");
    expect(cleaningLabel([removedPassage(1, "Menu"), removedPassage(2, "Ads", { restored: true })])).toBe(
      "Cleaned: 2 passages removed (1 restored)",
    );
  });

  it("names the rule with its detail", () => {
    expect(ruleLabel(removedPassage(1, "x", { rule: "photo-caption" }))).toBe("photo-caption");
    expect(ruleLabel(removedPassage(1, "x", { rule: "recurring-furniture", detail: "seen in 12 other stories" }))).toBe(
      "recurring-furniture — seen in 12 other stories",
    );
  });
});

describe("the cleaning view", () => {
  const story: StoryDetail = { ...claimStory, body: BODY };
  let copy: CleanedCopy;

  function fakeApi(overrides: Partial<CleaningApi> = {}) {
    const api = {
      storyCleaning: vi.fn(async (_id: number) => copy),
      restoreRemovedPassage: vi.fn(async (_id: number, passageId: number) => {
        copy = {
          ...copy,
          passages: copy.passages.map((p) => (p.id === passageId ? { ...p, restored: true } : p)),
        };
        return { ...story, revision_id: 71 };
      }),
      ...overrides,
    };
    return api;
  }

  const q = (view: CleaningView, testid: string) => view.dialog.querySelectorAll<HTMLElement>(`[data-testid="${testid}"]`);

  beforeEach(() => {
    document.body.replaceChildren();
    copy = cleanedCopy(story, [
      removedPassage(1, "Home | World | Business", { position: 0 }),
      removedPassage(2, "A ferry at dawn. (AFP Photo)", { rule: "photo-caption", position: 1 }),
      removedPassage(3, "(ANI)", { rule: "agency-tag", position: 2, within: 16 }),
      removedPassage(4, "Share this article", { rule: "recurring-furniture", detail: "seen in 5 other stories", position: 3 }),
    ]);
  });

  it("shows the cleaned copy with every removed passage in place, struck through, with its rule and Restore", async () => {
    const view = new CleaningView(fakeApi(), () => {});
    document.body.append(view.dialog);
    await view.open(story);
    expect(view.isOpen).toBe(true);
    const body = view.dialog.querySelector(".cleaning-copy")!;
    const order = [...body.children].map((c) =>
      c.getAttribute("data-testid") === "removed-passage" ? `✂${c.getAttribute("data-passage-id")}` : c.textContent!.slice(0, 6),
    );
    expect(order).toEqual(["✂1", "First ", "✂2", "Second", "Third ", "✂4"]);
    const passages = q(view, "removed-passage");
    expect(passages).toHaveLength(4);
    for (const passage of passages) {
      expect(passage.querySelector("del")!.textContent).toBe(copy.passages[Number(passage.dataset.passageId) - 1].text);
    }
    // The "(ANI)" cut from the third paragraph is inside it, at the end.
    const inline = body.querySelector('[data-passage-id="3"]')!;
    expect(inline.closest("p")!.textContent).toMatch(/^Third paragraph\.\(ANI\)/);
    expect([...q(view, "removed-rule")].map((r) => r.textContent)).toEqual([
      "navigation",
      "photo-caption",
      "agency-tag",
      "recurring-furniture — seen in 5 other stories",
    ]);
    const buttons = q(view, "restore-passage");
    expect(buttons).toHaveLength(4);
    expect(buttons[1].getAttribute("aria-label")).toBe("Restore passage 2 (photo-caption)");
    expect(q(view, "cleaning-summary")[0].textContent).toBe("Cleaning removed 4 passages from the agency's copy.");
    expect(view.dialog.querySelector(".cleaning-headline")!.textContent).toBe(story.headline);
    // The keyboard starts on the first passage to restore.
    expect(document.activeElement).toBe(buttons[0]);
  });

  it("restores a passage: a revision is saved, the story reloads, the passage shows as restored", async () => {
    const api = fakeApi();
    const restored: StoryDetail[] = [];
    const view = new CleaningView(api, (s) => restored.push(s));
    document.body.append(view.dialog);
    await view.open(story);
    q(view, "restore-passage")[1].click();
    await vi.waitFor(() => expect(q(view, "cleaning-summary")[0].textContent).toMatch(/^Restored passage 2 as revision 71\./));
    expect(api.restoreRemovedPassage).toHaveBeenCalledWith(7, 2);
    expect(restored.map((s) => s.revision_id)).toEqual([71]);
    expect(api.storyCleaning).toHaveBeenCalledTimes(2);
    const second = view.dialog.querySelector<HTMLElement>('[data-testid="removed-passage"][data-passage-id="2"]')!;
    expect(second.dataset.restored).toBe("true");
    expect(second.querySelector("del")).toBeNull();
    expect(second.querySelector('[data-testid="passage-restored"]')!.textContent).toBe("restored");
    expect(q(view, "restore-passage")).toHaveLength(3);
    expect(q(view, "cleaning-summary")[0].textContent).toBe(
      "Restored passage 2 as revision 71. Cleaning removed 4 passages from the agency's copy; 1 is back in the story.",
    );
    // Focus moves on to the next passage to restore, for the keyboard.
    expect(document.activeElement).toBe(q(view, "restore-passage")[0]);
  });

  it("says why a restore failed and lets the desk try again", async () => {
    const api = fakeApi({
      restoreRemovedPassage: vi.fn(async () => {
        throw new IpcError("edit-conflict", "story 7 changed since revision 70");
      }),
    });
    const view = new CleaningView(api, () => {});
    document.body.append(view.dialog);
    await view.open(story);
    q(view, "restore-passage")[0].click();
    await vi.waitFor(() =>
      expect(q(view, "cleaning-summary")[0].textContent).toBe(
        "Could not restore passage 1: story 7 changed since revision 70",
      ),
    );
    expect(q(view, "cleaning-summary")[0].classList.contains("error")).toBe(true);
    expect([...q(view, "restore-passage")].every((b) => !(b as HTMLButtonElement).disabled)).toBe(true);
  });

  it("restores one passage at a time", async () => {
    let finish: (s: StoryDetail) => void = () => {};
    const api = fakeApi({
      restoreRemovedPassage: vi.fn(() => new Promise<StoryDetail>((resolve) => (finish = resolve))),
    });
    const view = new CleaningView(api, () => {});
    document.body.append(view.dialog);
    await view.open(story);
    q(view, "restore-passage")[0].click();
    q(view, "restore-passage")[1].click();
    expect(api.restoreRemovedPassage).toHaveBeenCalledTimes(1);
    expect((q(view, "restore-passage")[1] as HTMLButtonElement).disabled).toBe(true);
    finish({ ...story, revision_id: 71 });
    await vi.waitFor(() => expect(q(view, "cleaning-summary")[0].textContent).toMatch(/^Restored passage 1/));
  });

  it("drops an answer that arrives after the view was closed, but still reports the saved revision", async () => {
    let answer: (c: CleanedCopy) => void = () => {};
    const api = fakeApi({ storyCleaning: vi.fn(() => new Promise<CleanedCopy>((resolve) => (answer = resolve))) });
    const view = new CleaningView(api, () => {});
    document.body.append(view.dialog);
    const opening = view.open(story);
    view.close();
    answer(copy);
    await opening;
    expect(q(view, "removed-passage")).toHaveLength(0);

    let finish: (s: StoryDetail) => void = () => {};
    const restored: number[] = [];
    const slow = fakeApi({ restoreRemovedPassage: vi.fn(() => new Promise<StoryDetail>((resolve) => (finish = resolve))) });
    const second = new CleaningView(slow, (s) => restored.push(s.revision_id));
    document.body.append(second.dialog);
    await second.open(story);
    q(second, "restore-passage")[0].click();
    second.close();
    finish({ ...story, revision_id: 72 });
    await vi.waitFor(() => expect(restored).toEqual([72]));
    expect(slow.storyCleaning).toHaveBeenCalledTimes(1);
  });

  it("says when cleaning removed nothing, and when the list cannot be read", async () => {
    copy = cleanedCopy(story);
    const view = new CleaningView(fakeApi(), () => {});
    document.body.append(view.dialog);
    await view.open(story);
    expect(q(view, "cleaning-summary")[0].textContent).toBe("Cleaning removed nothing from the agency's copy.");
    expect(q(view, "removed-passage")).toHaveLength(0);

    const failing = new CleaningView(
      fakeApi({ storyCleaning: vi.fn(async () => Promise.reject(new IpcError("not-found", "no story with id 7"))) }),
      () => {},
    );
    document.body.append(failing.dialog);
    await failing.open(story);
    expect(q(failing, "cleaning-summary")[0].textContent).toBe("Could not load what cleaning removed: no story with id 7");
  });

  it("shows wire text as text, never as markup", async () => {
    copy = cleanedCopy({ ...story, body: "<b>Bold</b> claim." }, [
      removedPassage(1, '<img src=x onerror="alert(1)">', { position: 0 }),
    ]);
    const view = new CleaningView(fakeApi(), () => {});
    document.body.append(view.dialog);
    await view.open(story);
    expect(view.dialog.querySelector("img, b")).toBeNull();
    expect(q(view, "removed-passage")[0].querySelector("del")!.textContent).toBe('<img src=x onerror="alert(1)">');
  });
});

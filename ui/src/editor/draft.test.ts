import { MemoryStorage } from "../fixtures";
import { clearDraft, draftClock, draftKey, judgeDraft, readDraft, writeDraft, type Draft } from "./draft";

const story = { id: 7, revision_id: 70, headline: "Head", body: "One.\n\nTwo." };
const draft: Draft = {
  storyId: 7,
  baseRevisionId: 70,
  headline: "Head",
  body: "One.\n\nTwo, edited.",
  savedAt: new Date(2026, 10, 27, 14, 5).toISOString(),
};

describe("the draft store", () => {
  it("keeps one draft per story under wiredesk:draft:ID", () => {
    const storage = new MemoryStorage();
    expect(writeDraft(storage, draft)).toBe(true);
    expect(storage.getItem("wiredesk:draft:7")).not.toBeNull();
    expect(draftKey(7)).toBe("wiredesk:draft:7");
    expect(readDraft(storage, 7)).toEqual(draft);
    expect(readDraft(storage, 8)).toBeNull();
    clearDraft(storage, 7);
    expect(readDraft(storage, 7)).toBeNull();
  });

  it("ignores damaged or foreign values and missing storage", () => {
    const storage = new MemoryStorage();
    storage.setItem(draftKey(7), "{not json");
    expect(readDraft(storage, 7)).toBeNull();
    storage.setItem(draftKey(7), JSON.stringify({ ...draft, storyId: 8 }));
    expect(readDraft(storage, 7)).toBeNull();
    expect(readDraft(null, 7)).toBeNull();
    expect(writeDraft(null, draft)).toBe(false);
  });

  it("survives a full storage", () => {
    const full = new MemoryStorage();
    full.setItem = () => {
      throw new DOMException("quota", "QuotaExceededError");
    };
    expect(writeDraft(full, draft)).toBe(false);
  });

  it("restores a draft of the same revision, offers one of another, drops a stale one", () => {
    expect(judgeDraft(null, story)).toEqual({ action: "none" });
    expect(judgeDraft(draft, story)).toEqual({ action: "restore", draft });
    expect(judgeDraft({ ...draft, baseRevisionId: 60 }, story).action).toBe("offer");
    expect(judgeDraft({ ...draft, body: story.body }, story).action).toBe("drop");
    expect(judgeDraft({ ...draft, storyId: 8 }, story).action).toBe("none");
  });

  it("says when it was written in local hours and minutes", () => {
    expect(draftClock(draft)).toBe("14:05");
  });
});

import { detail } from "./fixtures";
import { IpcError } from "./ipc";
import { OwnRevisions } from "./own-revisions";
import { deferred, fakeApi, settle } from "./test-support";

describe("the revisions this desktop wrote", () => {
  it("remembers the revisions its saves, restores and merges answered with", async () => {
    const own = new OwnRevisions();
    const api = own.wrap(
      fakeApi({
        mergeStory: async () => ({
          status: "merged",
          revision_id: 31,
          wire_version: 2,
          applied: [],
          applied_stats: { words_added: 0, words_removed: 0, words_changed: 0, share_changed: 0 },
          resolved: 0,
          conflicts: [],
        }),
      }),
    );
    await api.saveStory(1, 10, "Headline", "Body");
    await api.restoreRevision(1, 9);
    await api.mergeStory(1);
    expect([11, 99, 31].map((id) => own.has(id))).toEqual([true, true, true]);
    expect(own.has(12)).toBe(false);
    // Every other command goes through as it is.
    expect((await api.getStory(2)).id).toBe(2);
  });

  it("waits for the writes under way, and a refused one remembers nothing", async () => {
    const own = new OwnRevisions();
    const answer = deferred<ReturnType<typeof detail>>();
    const api = own.wrap(
      fakeApi({
        saveStory: () => answer.promise,
        restoreRevision: async () => {
          throw new IpcError("edit-conflict", "someone saved first");
        },
      }),
    );
    let settled = false;
    const saving = api.saveStory(1, 10, "Headline", "Body");
    void own.settled().then(() => (settled = true));
    await settle();
    expect(settled).toBe(false);
    answer.resolve({ ...detail(1), revision_id: 14 });
    await saving;
    await settle();
    expect(settled).toBe(true);
    expect(own.has(14)).toBe(true);
    await expect(api.restoreRevision(1, 9)).rejects.toThrow("someone saved first");
    await expect(own.settled()).resolves.toBeUndefined();
  });
});

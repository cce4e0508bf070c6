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

  it("wraps an api whose commands are fixed properties, as the ipc module's exports are", async () => {
    const own = new OwnRevisions();
    const frozen = Object.freeze({ ...fakeApi() });
    const api = own.wrap(frozen);
    await api.saveStory(1, 10, "Headline", "Body");
    expect(own.has(11)).toBe(true);
    expect((await api.getStory(2)).id).toBe(2);
  });

  it("remembers the revision a merged draft saved, and nothing for one stopped at conflicts", async () => {
    const own = new OwnRevisions();
    const inner = fakeApi();
    vi.mocked(inner.mergeDraft)
      .mockResolvedValueOnce({ status: "conflicts", revision_id: null, conflicts: [{ id: 0, base: "a", ours: "b", theirs: "c" }] })
      .mockResolvedValueOnce({ status: "merged", revision_id: 41, conflicts: [] });
    const api = own.wrap(inner);
    await api.mergeDraft(1, 10, 40, "Headline", "Body");
    expect(own.has(41)).toBe(false);
    const resolutions = [{ id: 0, resolution: { kind: "ours" as const } }];
    expect((await api.mergeDraft(1, 10, 40, "Headline", "Body", resolutions)).revision_id).toBe(41);
    expect(own.has(41)).toBe(true);
    expect(vi.mocked(inner.mergeDraft).mock.calls[1]).toEqual([1, 10, 40, "Headline", "Body", resolutions]);
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

// The draft merge's dialog on its own: the conflicts asked about, answers
// sent once each has one, a story saved again meanwhile asked about anew,
// Escape as Cancel, and nothing shown for a story no longer open.
import { DraftMerge, type DraftMergeApi, type DraftToMerge } from "./draft-merge";
import { detail } from "./fixtures";
import { IpcError, type MergeOutcome } from "./ipc";
import { settle } from "./test-support";

const draft: DraftToMerge = { storyId: 1, baseRevisionId: 10, headline: "Desk headline", body: "One.\n\nTwo.", actor: null };

function conflictsOf(...ids: number[]): MergeOutcome {
  return {
    status: "conflicts",
    revision_id: null,
    conflicts: ids.map((id) => ({ id, base: `base ${id}`, ours: `mine ${id}`, theirs: `theirs ${id}` })),
  };
}

function fakeApi(heads: number[], outcomes: (MergeOutcome | Error)[]): DraftMergeApi {
  return {
    getStory: vi.fn(async (id: number) => ({ ...detail(id), revision_id: heads.shift()! })),
    mergeDraft: vi.fn(async () => {
      const next = outcomes.shift()!;
      if (next instanceof Error) throw next;
      return next;
    }),
  };
}

const live = { live: true };

function q<T extends HTMLElement = HTMLElement>(root: ParentNode, testid: string): T {
  return root.querySelector<T>(`[data-testid="${testid}"]`)!;
}

describe("the draft merge", () => {
  beforeEach(() => document.body.replaceChildren());

  it("asks about the conflicts again, without the answers, when the story was saved again before the merge was", async () => {
    const api = fakeApi(
      [12, 14],
      [conflictsOf(0), new IpcError("edit-conflict", "story 1 changed since revision 12"), conflictsOf(0, 1), { status: "merged", revision_id: 15, conflicts: [] }],
    );
    const merge = new DraftMerge(api);
    const result = merge.merge(draft, live);
    await vi.waitFor(() => expect(merge.dialog.hasAttribute("open")).toBe(true));
    expect(merge.dialog.isConnected).toBe(true);
    expect(q(merge.dialog, "draft-conflict-base").textContent).toBe("base 0");
    q(merge.dialog, "draft-keep-theirs").click();
    q(merge.dialog, "draft-merge-apply").click();
    await vi.waitFor(() => expect(merge.dialog.querySelectorAll('[data-testid="draft-conflict"]')).toHaveLength(2));
    expect(q(merge.dialog, "draft-merge-summary").textContent).toContain("The story was saved again meanwhile");
    const apply = q<HTMLButtonElement>(merge.dialog, "draft-merge-apply");
    expect(apply.disabled).toBe(true);
    for (const card of merge.dialog.querySelectorAll<HTMLElement>('[data-testid="draft-conflict"]')) {
      q(card, "draft-keep-mine").click();
    }
    apply.click();
    expect(await result).toEqual({ kind: "merged", revisionId: 15 });
    const calls = vi.mocked(api.mergeDraft).mock.calls;
    expect(calls.map((c) => [c[2], c[5]])).toEqual([
      [12, []],
      [12, [{ id: 0, resolution: { kind: "theirs" } }]],
      // The answers were for the conflicts with revision 12: asked again with 14.
      [14, []],
      [
        14,
        [
          { id: 0, resolution: { kind: "ours" } },
          { id: 1, resolution: { kind: "ours" } },
        ],
      ],
    ]);
    expect(merge.dialog.hasAttribute("open")).toBe(false);
  });

  it("cancels on Escape, and says in the dialog when saving the merge fails", async () => {
    const api = fakeApi([12], [conflictsOf(3), new IpcError("invalid-input", "the merged text is too long")]);
    const merge = new DraftMerge(api);
    const result = merge.merge(draft, live);
    await vi.waitFor(() => expect(merge.isOpen).toBe(true));
    q(merge.dialog, "draft-keep-mine").click();
    q(merge.dialog, "draft-merge-apply").click();
    await vi.waitFor(() =>
      expect(q(merge.dialog, "draft-merge-summary").textContent).toBe(
        "Could not save the merge: the merged text is too long. Your draft is in the editor as it was.",
      ),
    );
    expect(merge.isOpen).toBe(true);
    merge.dialog.dispatchEvent(new Event("cancel", { cancelable: true }));
    expect(await result).toEqual({ kind: "cancelled" });
    expect(merge.dialog.hasAttribute("open")).toBe(false);
  });

  it("shows no conflicts for a story no longer open", async () => {
    const api = fakeApi([12], [conflictsOf(0)]);
    const merge = new DraftMerge(api);
    expect(await merge.merge(draft, { live: false })).toEqual({ kind: "cancelled" });
    await settle();
    expect(merge.dialog.hasAttribute("open")).toBe(false);
  });
});

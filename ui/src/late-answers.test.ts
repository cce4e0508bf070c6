// Answers that arrive after the editor has moved on must not act on what
// is now open: a merge closed midway, a second press of Export while the
// first is on its way, keys typed while the editor saves.
import { ExportDialog, type ExportApi } from "./export-dialog";
import { claimStory, MemoryStorage } from "./fixtures";
import type { ExportOutcome, MergeReview, StoryDetail } from "./ipc";
import { MergeView, type MergeApi } from "./merge-view";
import { StoryWorkspace, type WorkspaceApi } from "./story-view";
import { settle, deferred } from "./test-support";

const merged: MergeReview = {
  status: "merged",
  revision_id: 90,
  wire_version: 2,
  applied: [{ op: "equal", text: "Text" }],
  applied_stats: { words_added: 0, words_removed: 0, words_changed: 0, share_changed: 0 },
  resolved: 1,
  conflicts: [],
};

describe("late answers", () => {
  it("a merge that finishes after its view was closed does not put its story back", async () => {
    const story: StoryDetail = { ...claimStory, wire_update: 2 };
    const answer = deferred<MergeReview>();
    const onMerged = vi.fn();
    const api: MergeApi = {
      mergeStory: () => answer.promise,
      resolveConflict: () => answer.promise,
      getStory: async () => ({ ...story, revision_id: 90, wire_update: null }),
    };
    const view = new MergeView(api, new MemoryStorage(), onMerged);
    document.body.append(view.dialog);
    const opened = view.open(story);
    view.close();
    answer.resolve(merged);
    await opened;
    await settle();
    expect(onMerged).not.toHaveBeenCalled();
    expect(view.dialog.hasAttribute("open")).toBe(false);
    view.dialog.remove();
  });

  it("Export pressed twice while the first export is on its way exports once", async () => {
    const story: StoryDetail = { ...claimStory, revision_id: 71 };
    const written = deferred<ExportOutcome | null>();
    const api: ExportApi = {
      exportBlockers: async () => [],
      exportPreview: async () => "text",
      exportStory: vi.fn(() => written.promise),
      storyHistory: async () => {
        throw new Error("library busy");
      },
    };
    const dialog = new ExportDialog(api);
    document.body.append(dialog.dialog);
    await dialog.open(story);
    const confirm = dialog.dialog.querySelector<HTMLButtonElement>('[data-testid="export-confirm"]')!;
    confirm.click();
    await settle();
    expect(confirm.disabled).toBe(true);
    // Typing a reason meanwhile does not enable it again.
    const reason = dialog.dialog.querySelector<HTMLTextAreaElement>('[data-testid="override-reason"]')!;
    reason.value = "x";
    reason.dispatchEvent(new Event("input", { bubbles: true }));
    expect(confirm.disabled).toBe(true);
    confirm.click();
    written.resolve(null);
    await settle();
    expect(api.exportStory).toHaveBeenCalledTimes(1);
    expect(confirm.disabled).toBe(false);
    // With the history unreadable, the revision offered is the story's current one, not another story's.
    expect(dialog.dialog.querySelector<HTMLSelectElement>('[data-testid="export-revision"]')!.value).toBe("71");
    dialog.dialog.remove();
  });

  it("keys typed in the editor while it saves stay the editor's, not the window's shortcuts", () => {
    const pane = document.createElement("section");
    document.body.append(pane);
    const workspace = new StoryWorkspace(pane, {} as WorkspaceApi, { storage: null });
    // ProseMirror marks its root contenteditable="false" while a save runs.
    const root = document.createElement("div");
    root.className = "ProseMirror";
    root.setAttribute("contenteditable", "false");
    const text = document.createElement("p");
    root.append(text);
    pane.append(root);
    const event = new KeyboardEvent("keydown", { key: "h", bubbles: true });
    Object.defineProperty(event, "target", { value: text });
    expect(workspace.owns(event)).toBe(true);
    pane.remove();
  });
});

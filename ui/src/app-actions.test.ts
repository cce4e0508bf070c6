// The window-level desk actions of App: the top-bar buttons, the keyboard
// shortcuts, saving before compare / export / merge, reopening the last
// story, new wire versions of the open story, the empty inbox, the desk's
// name from the preferences and the stored theme.
import { App } from "./app";
import { fakeApi, historyOf, press, settle } from "./test-support";
import { cleanedCopy, detail, MemoryStorage, removedPassage, summaries } from "./fixtures";
import { INBOX_PAGE, IpcError, type BatchSummary, type StoryDetail } from "./ipc";

/** Story 1 with two wire versions (revisions 5 and 8), edited as revision 12. */
function twoVersions(wireUpdate: number | null, revision = 12): StoryDetail {
  const base = detail(1);
  return {
    ...base,
    revision_id: revision,
    wire_update: wireUpdate,
    versions: [
      { ...base.versions[0], version: 1, revision_id: 5 },
      { ...base.versions[0], version: 2, revision_id: 8, file: "story-1-v2.txt", received_at: "2026-11-26T09:30:00.000Z" },
    ],
  };
}

function updateBatch(storyId: number, status: "update" | "new" | "duplicate" = "update"): BatchSummary {
  return {
    origin: "drop-folder",
    files: 1,
    new: status === "new" ? 1 : 0,
    update: status === "update" ? 1 : 0,
    duplicate: status === "duplicate" ? 1 : 0,
    error: 0,
    reports: [{ file: "/in/v2.xml", status, story_id: storyId, revision_id: 11, error: null }],
  };
}

/** Types into the open story's headline, so the text differs from the saved revision. */
function typeInEditor(app: App, text: string): void {
  const view = app.workspace.editor!;
  view.dispatch(view.state.tr.insertText(text, 1));
}

describe("the window's desk actions", () => {
  let root: HTMLElement;
  let storage: MemoryStorage;
  let addListener: ReturnType<typeof vi.spyOn>;

  const q = <T extends Element = HTMLElement>(testid: string) => root.querySelector<T>(`[data-testid="${testid}"]`);
  const status = () => q("status")!;
  const isOpen = (testid: string) => q<HTMLDialogElement>(testid)!.hasAttribute("open");

  beforeEach(() => {
    document.body.replaceChildren();
    root = document.createElement("div");
    document.body.append(root);
    storage = new MemoryStorage();
    // Each App listens for keys on the document: the listeners are removed
    // after each test so an earlier window never answers a later test's keys.
    addListener = vi.spyOn(document, "addEventListener");
  });

  afterEach(() => {
    for (const [type, listener, options] of addListener.mock.calls as Parameters<Document["addEventListener"]>[]) {
      document.removeEventListener(type, listener, options);
    }
    vi.restoreAllMocks();
    delete document.documentElement.dataset.theme;
  });

  describe("the top bar", () => {
    it("has the desk's buttons", () => {
      new App(root, fakeApi(), storage);
      for (const testid of ["ingest-button", "compare-button", "history-button", "export-button", "preferences-button"]) {
        const button = q<HTMLButtonElement>(testid);
        expect(button, testid).not.toBeNull();
        expect(button!.tagName).toBe("BUTTON");
        expect(button!.type).toBe("button");
      }
      expect(q("compare-button")!.textContent).toBe("Compare");
      expect(q("history-button")!.textContent).toBe("History");
      expect(q("export-button")!.textContent).toBe("Export…");
    });

    it("asks for a story before compare, history and export, and calls nothing", async () => {
      const api = fakeApi();
      new App(root, api, storage);
      const cases: [string, string][] = [
        ["compare-button", "Open a story to compare it."],
        ["history-button", "Open a story to see its history."],
        ["export-button", "Open a story to export it."],
      ];
      for (const [testid, text] of cases) {
        q(testid)!.click();
        await settle();
        expect(status().textContent).toBe(text);
        expect(status().classList.contains("error")).toBe(false);
      }
      expect(api.storyDiff).not.toHaveBeenCalled();
      expect(api.storyHistory).not.toHaveBeenCalled();
      expect(api.exportBlockers).not.toHaveBeenCalled();
      expect(api.exportPreview).not.toHaveBeenCalled();
      expect(api.saveStory).not.toHaveBeenCalled();
      for (const dialog of ["compare-view", "history-view", "export-dialog"]) expect(isOpen(dialog)).toBe(false);
    });

    it("opens the system dialog from the ingest button and the preferences from theirs", async () => {
      const api = fakeApi({ openFiles: async () => 2 });
      new App(root, api, storage);
      q("ingest-button")!.click();
      await settle();
      expect(api.openFiles).toHaveBeenCalledTimes(1);
      expect(status().textContent).toBe("Ingesting 2 files…");
      q("preferences-button")!.click();
      await settle();
      expect(isOpen("preferences")).toBe(true);
      expect(api.getPreferences).toHaveBeenCalledTimes(1);
    });

    it("compares the open story from the compare button", async () => {
      const api = fakeApi();
      const app = new App(root, api, storage);
      await app.open(1);
      q("compare-button")!.click();
      await vi.waitFor(() => expect(api.storyDiff).toHaveBeenCalled());
      expect(isOpen("compare-view")).toBe(true);
      // The agency's original against the current text.
      expect(api.storyDiff).toHaveBeenCalledWith(1, 10, 10, false, false);
    });
  });

  describe("keyboard shortcuts", () => {
    it("o opens the system dialog and says how many files are being ingested", async () => {
      const api = fakeApi();
      const app = new App(root, api, storage);
      vi.mocked(api.openFiles).mockResolvedValueOnce(3);
      press("o");
      await settle();
      expect(api.openFiles).toHaveBeenCalledTimes(1);
      expect(app.status.textContent).toBe("Ingesting 3 files…");

      vi.mocked(api.openFiles).mockResolvedValueOnce(1);
      press("o");
      await settle();
      expect(status().textContent).toBe("Ingesting 1 file…");

      // Cancelled: nothing is said.
      status().textContent = "";
      vi.mocked(api.openFiles).mockResolvedValueOnce(0);
      press("o");
      await settle();
      expect(api.openFiles).toHaveBeenCalledTimes(3);
      expect(status().textContent).toBe("");

      vi.mocked(api.openFiles).mockRejectedValueOnce(new IpcError("internal", "no dialog"));
      press("o");
      await settle();
      expect(status().textContent).toBe("Could not open files: no dialog");
      expect(status().classList.contains("error")).toBe(true);
    });

    it("c compares the open story, and does nothing useful without one", async () => {
      const api = fakeApi();
      const app = new App(root, api, storage);
      press("c");
      await settle();
      expect(status().textContent).toBe("Open a story to compare it.");
      expect(api.storyDiff).not.toHaveBeenCalled();
      expect(isOpen("compare-view")).toBe(false);

      await app.open(1);
      press("c");
      await vi.waitFor(() => expect(api.storyDiff).toHaveBeenCalledTimes(1));
      expect(isOpen("compare-view")).toBe(true);
      expect(api.storyHistory).toHaveBeenCalledWith(1);
      expect(api.storyDiff).toHaveBeenCalledWith(1, 10, 10, false, false);
      expect(q("compare-view")!.querySelector("h2")!.textContent).toBe(`Compare: ${detail(1).headline}`);
    });

    it("h opens the open story's history", async () => {
      const api = fakeApi();
      const app = new App(root, api, storage);
      await app.open(1);
      press("h");
      await vi.waitFor(() => expect(root.querySelectorAll('[data-testid="history-entry"]')).toHaveLength(2));
      expect(isOpen("history-view")).toBe(true);
      expect(api.storyHistory).toHaveBeenCalledWith(1);
    });

    it("e opens the export dialog with the gate and the preview", async () => {
      const api = fakeApi();
      const app = new App(root, api, storage);
      await app.open(1);
      press("e");
      await vi.waitFor(() => expect(q("export-preview")!.textContent).toBe("preview"));
      expect(isOpen("export-dialog")).toBe(true);
      expect(api.exportBlockers).toHaveBeenCalledWith(1, "nitf", 10);
      expect(api.exportPreview).toHaveBeenCalledWith(1, "nitf", 10);
    });

    it("p opens the preferences and loads them", async () => {
      const api = fakeApi();
      new App(root, api, storage);
      press("p");
      await vi.waitFor(() => expect(q("pref-actor")!.textContent).toBe("Your work is recorded as “ana”."));
      expect(isOpen("preferences")).toBe(true);
      expect(api.getPreferences).toHaveBeenCalledTimes(1);
      expect(api.getDropFolder).toHaveBeenCalledTimes(1);
    });

    it("m says when no agency update waits, and merges nothing", async () => {
      const api = fakeApi();
      const app = new App(root, api, storage);
      press("m");
      await settle();
      expect(status().textContent).toBe("No agency update waits to be merged into this story.");
      await app.open(1);
      status().textContent = "";
      press("m");
      await settle();
      expect(status().textContent).toBe("No agency update waits to be merged into this story.");
      expect(api.mergeStory).not.toHaveBeenCalled();
      expect(isOpen("merge-view")).toBe(false);
    });

    it("m merges the agency's update when one waits", async () => {
      const api = fakeApi({ getStory: async () => twoVersions(2) });
      const app = new App(root, api, storage);
      await app.open(1);
      expect(q("wire-update")).not.toBeNull();
      press("m");
      await vi.waitFor(() =>
        expect(q("merge-summary")!.textContent).toBe(
          "Nothing to merge: the desk's copy already has the agency's newest version.",
        ),
      );
      expect(isOpen("merge-view")).toBe(true);
      expect(api.mergeStory).toHaveBeenCalledTimes(1);
      expect(api.mergeStory).toHaveBeenCalledWith(1);
    });

    it("w compares the agency's last two wire versions", async () => {
      const api = fakeApi({
        getStory: async () => twoVersions(null),
        storyHistory: async () => historyOf([5, 8, 12], ["wire", "wire", "edit"]),
      });
      const app = new App(root, api, storage);
      await app.open(1);
      press("w");
      await vi.waitFor(() => expect(api.storyDiff).toHaveBeenCalledTimes(1));
      const story = app.workspace.current!;
      const n = story.versions.length;
      expect(api.storyDiff).toHaveBeenCalledWith(1, story.versions[n - 2].revision_id, story.versions[n - 1].revision_id, false, false);
      expect(vi.mocked(api.storyDiff).mock.calls[0].slice(1, 3)).toEqual([5, 8]);
      expect(isOpen("compare-view")).toBe(true);
      expect(q<HTMLSelectElement>("compare-from")!.value).toBe("5");
      expect(q<HTMLSelectElement>("compare-to")!.value).toBe("8");
      expect(q("compare-view")!.querySelector("h2")!.textContent).toBe(`What the agency changed: ${story.headline}`);
    });

    it("w does nothing with a single wire version", async () => {
      const api = fakeApi();
      const app = new App(root, api, storage);
      await app.open(1);
      press("w");
      await settle();
      expect(api.storyDiff).not.toHaveBeenCalled();
      expect(api.storyHistory).not.toHaveBeenCalled();
      expect(isOpen("compare-view")).toBe(false);
    });

    it("the wire notice's buttons compare and merge through the window", async () => {
      const api = fakeApi({
        getStory: async () => twoVersions(2),
        storyHistory: async () => historyOf([5, 8, 12], ["wire", "wire", "edit"]),
      });
      const app = new App(root, api, storage);
      await app.open(1);
      q("wire-changes-button")!.click();
      await vi.waitFor(() => expect(api.storyDiff).toHaveBeenCalledWith(1, 5, 8, false, false));
      q("merge-button")!.click();
      await vi.waitFor(() => expect(api.mergeStory).toHaveBeenCalledWith(1));
      expect(isOpen("merge-view")).toBe(true);
    });

    it("leaves keys typed in the search, the filters and the claim panel alone", async () => {
      const api = fakeApi({ getStory: async () => twoVersions(2) });
      const app = new App(root, api, storage);
      await app.loadInbox();
      await app.open(1);
      app.search.focus();
      const claimUser = q<HTMLInputElement>("claim-user")!;
      for (const target of [app.search, app.filters.from, claimUser]) {
        for (const key of ["o", "c", "h", "e", "p", "m", "w"]) press(key, target);
      }
      await settle();
      expect(api.openFiles).not.toHaveBeenCalled();
      expect(api.storyDiff).not.toHaveBeenCalled();
      expect(api.storyHistory).not.toHaveBeenCalled();
      expect(api.exportBlockers).not.toHaveBeenCalled();
      expect(api.getPreferences).not.toHaveBeenCalled();
      expect(api.mergeStory).not.toHaveBeenCalled();
      for (const dialog of ["compare-view", "history-view", "export-dialog", "preferences", "merge-view"]) {
        expect(isOpen(dialog), dialog).toBe(false);
      }
      expect(status().textContent).toBe("2 stories");
    });

    it("ignores the shortcut letters with Ctrl, Cmd or Alt held", async () => {
      const api = fakeApi();
      const app = new App(root, api, storage);
      await app.open(1);
      press("o", document.body, { ctrlKey: true });
      press("c", document.body, { metaKey: true });
      press("e", document.body, { altKey: true });
      await settle();
      expect(api.openFiles).not.toHaveBeenCalled();
      expect(api.storyDiff).not.toHaveBeenCalled();
      expect(api.exportBlockers).not.toHaveBeenCalled();
    });

    it("leaves keys typed inside an open dialog to the dialog", async () => {
      const api = fakeApi();
      const app = new App(root, api, storage);
      await app.open(1);
      press("c");
      await vi.waitFor(() => expect(api.storyDiff).toHaveBeenCalledTimes(1));
      press("e", q("compare-body")!);
      press("h", q("compare-body")!);
      await settle();
      expect(api.exportBlockers).not.toHaveBeenCalled();
      expect(isOpen("export-dialog")).toBe(false);
      expect(isOpen("history-view")).toBe(false);
    });
  });

  describe("unsaved edits are saved first", () => {
    it("saves before comparing, then compares the saved revision", async () => {
      const api = fakeApi({ storyHistory: async () => historyOf([9, 10, 11]) });
      const app = new App(root, api, storage);
      await app.open(1);
      const save = vi.spyOn(app.workspace, "save");
      typeInEditor(app, "Breaking: ");
      expect(app.workspace.dirty).toBe(true);
      press("c");
      await vi.waitFor(() => expect(api.storyDiff).toHaveBeenCalledTimes(1));
      expect(save).toHaveBeenCalledTimes(1);
      expect(api.saveStory).toHaveBeenCalledTimes(1);
      expect(vi.mocked(api.saveStory).mock.calls[0].slice(0, 2)).toEqual([1, 10]);
      expect(vi.mocked(api.saveStory).mock.invocationCallOrder[0]).toBeLessThan(
        vi.mocked(api.storyDiff).mock.invocationCallOrder[0],
      );
      expect(app.workspace.dirty).toBe(false);
      expect(app.workspace.current!.revision_id).toBe(11);
      expect(api.storyDiff).toHaveBeenCalledWith(1, 10, 11, false, false);
      expect(isOpen("compare-view")).toBe(true);
    });

    it("does not save a story without changes", async () => {
      const api = fakeApi();
      const app = new App(root, api, storage);
      await app.open(1);
      const save = vi.spyOn(app.workspace, "save");
      expect(app.workspace.dirty).toBe(false);
      press("c");
      await vi.waitFor(() => expect(api.storyDiff).toHaveBeenCalledTimes(1));
      expect(save).not.toHaveBeenCalled();
      expect(api.saveStory).not.toHaveBeenCalled();
    });

    it("saves before exporting and before merging", async () => {
      const api = fakeApi({
        getStory: async () => twoVersions(2),
        storyHistory: async () => historyOf([5, 8, 12, 13], ["wire", "wire", "edit", "edit"]),
        // Saving an edit leaves the agency's waiting update waiting.
        saveStory: async (_id: number, base: number, headline: string, body: string) => ({
          ...twoVersions(2, base + 1),
          headline,
          body,
        }),
      });
      const app = new App(root, api, storage);
      await app.open(1);
      typeInEditor(app, "Export: ");
      press("e");
      await vi.waitFor(() => expect(api.exportPreview).toHaveBeenCalled());
      expect(api.saveStory).toHaveBeenCalledTimes(1);
      expect(vi.mocked(api.saveStory).mock.invocationCallOrder[0]).toBeLessThan(
        vi.mocked(api.exportBlockers).mock.invocationCallOrder[0],
      );
      // The revision the export dialog checks is the one just saved.
      expect(api.exportBlockers).toHaveBeenCalledWith(1, "nitf", 13);

      typeInEditor(app, "Merge: ");
      press("m");
      await vi.waitFor(() => expect(api.mergeStory).toHaveBeenCalledTimes(1));
      expect(api.saveStory).toHaveBeenCalledTimes(2);
      expect(vi.mocked(api.saveStory).mock.invocationCallOrder[1]).toBeLessThan(
        vi.mocked(api.mergeStory).mock.invocationCallOrder[0],
      );
    });

    it("abandons compare, export and merge when the save fails", async () => {
      const api = fakeApi({
        getStory: async () => twoVersions(2),
        saveStory: async () => {
          throw new IpcError("internal", "disk full");
        },
      });
      const app = new App(root, api, storage);
      await app.open(1);
      typeInEditor(app, "Unsaved: ");
      const cases: [string, string][] = [
        ["c", "Save the story before you compare it."],
        ["e", "Save the story before you export it."],
        ["m", "Save the story before you merge the agency's update."],
      ];
      for (const [key, text] of cases) {
        status().textContent = "";
        press(key);
        await vi.waitFor(() => expect(status().textContent).toBe(text));
        expect(status().classList.contains("error")).toBe(true);
      }
      expect(api.saveStory).toHaveBeenCalledTimes(3);
      expect(api.storyDiff).not.toHaveBeenCalled();
      expect(api.storyHistory).not.toHaveBeenCalled();
      expect(api.exportBlockers).not.toHaveBeenCalled();
      expect(api.mergeStory).not.toHaveBeenCalled();
      for (const dialog of ["compare-view", "export-dialog", "merge-view"]) expect(isOpen(dialog), dialog).toBe(false);
      expect(q("editor-alert")!.textContent).toBe("Could not save: disk full");
      expect(app.workspace.dirty).toBe(true);
    });

    it("abandons the action when save resolves false (stubbed workspace)", async () => {
      const api = fakeApi();
      const app = new App(root, api, storage);
      await app.open(1);
      Object.defineProperty(app.workspace, "dirty", { configurable: true, get: () => true });
      const save = vi.spyOn(app.workspace, "save").mockResolvedValue(false);
      await app.openCompare();
      expect(save).toHaveBeenCalledTimes(1);
      expect(api.storyDiff).not.toHaveBeenCalled();
      expect(status().textContent).toBe("Save the story before you compare it.");

      save.mockResolvedValue(true);
      await app.openCompare();
      expect(save).toHaveBeenCalledTimes(2);
      expect(save.mock.invocationCallOrder[1]).toBeLessThan(vi.mocked(api.storyDiff).mock.invocationCallOrder[0]);
      expect(api.storyDiff).toHaveBeenCalledTimes(1);
      expect(isOpen("compare-view")).toBe(true);
    });
  });

  describe("what cleaning removed", () => {
    const passages = [
      removedPassage(1, "Home | World", { position: 0, wire_revision_id: 10 }),
      removedPassage(2, "Share this article", { position: 2, wire_revision_id: 10 }),
    ];

    it("the story header counts the passages; its button and r open the cleaning view", async () => {
      const api = fakeApi({ storyCleaning: async (id: number) => cleanedCopy(detail(id), passages) });
      const app = new App(root, api, storage);
      await app.open(1);
      await vi.waitFor(() => expect(q("cleaning-button")!.textContent).toBe("Cleaned: 2 passages removed"));
      q("cleaning-button")!.click();
      await vi.waitFor(() => expect(root.querySelectorAll('[data-testid="removed-passage"]')).toHaveLength(2));
      expect(isOpen("cleaning-view")).toBe(true);
      app.cleaning.close();
      press("r");
      await vi.waitFor(() => expect(isOpen("cleaning-view")).toBe(true));
      expect(api.storyCleaning).toHaveBeenCalledWith(1);
    });

    it("says nothing was removed when nothing was, with no button", async () => {
      const app = new App(root, fakeApi(), storage);
      await app.open(2);
      await vi.waitFor(() => expect(q("cleaning-none")!.textContent).toBe("Cleaned: nothing removed"));
      expect(q("cleaning-button")).toBeNull();
    });

    it("says nothing about cleaning for structured copy the cleaner never saw", async () => {
      const nitf = { ...detail(2), format: "nitf" };
      const api = fakeApi({ getStory: async () => nitf });
      const app = new App(root, api, storage);
      await app.open(2);
      await vi.waitFor(() => expect(api.storyCleaning).toHaveBeenCalledWith(2));
      await settle();
      expect(q("cleaning-none")).toBeNull();
      expect(q("cleaning-button")).toBeNull();
    });

    it("restoring a passage shows the story's new revision in the editor", async () => {
      const restoredBody = `${detail(1).body}\n\nShare this article`;
      const api = fakeApi({
        storyCleaning: async (id: number) => cleanedCopy(detail(id), passages),
        restoreRemovedPassage: async (id: number) => ({ ...detail(id), revision_id: 98, body: restoredBody }),
      });
      const app = new App(root, api, storage);
      await app.open(1);
      await app.openCleaning();
      root.querySelector<HTMLButtonElement>('[data-testid="restore-passage"][data-passage-id="2"]')!.click();
      await vi.waitFor(() => expect(app.workspace.current!.revision_id).toBe(98));
      expect(api.restoreRemovedPassage).toHaveBeenCalledWith(1, 2);
      expect(q("story-body")!.textContent).toContain("Share this article");
      expect(app.workspace.dirty).toBe(false);
    });

    it("saves unsaved text before the view opens, so a restore builds on what the editor shows", async () => {
      const api = fakeApi({ storyCleaning: async (id: number) => cleanedCopy(detail(id), passages) });
      const app = new App(root, api, storage);
      await app.open(1);
      typeInEditor(app, "Desk: ");
      press("r");
      await vi.waitFor(() => expect(isOpen("cleaning-view")).toBe(true));
      expect(api.saveStory).toHaveBeenCalledTimes(1);
      expect(vi.mocked(api.saveStory).mock.invocationCallOrder[0]).toBeLessThan(
        vi.mocked(api.storyCleaning).mock.invocationCallOrder.at(-1)!,
      );
      expect(app.workspace.dirty).toBe(false);
    });

    it("does not open when the save fails", async () => {
      const api = fakeApi({
        saveStory: async () => {
          throw new IpcError("internal", "disk full");
        },
      });
      const app = new App(root, api, storage);
      await app.open(1);
      typeInEditor(app, "Unsaved: ");
      press("r");
      await settle();
      await vi.waitFor(() => expect(status().textContent).toBe("Save the story before you see what cleaning removed."));
      expect(isOpen("cleaning-view")).toBe(false);
    });
  });

  describe("reopening the last story", () => {
    const third = (): StoryDetail => ({ ...detail(1), id: 3, revision_id: 30, headline: "Third story" });

    it("opens the story remembered in storage", async () => {
      storage.setItem("wiredesk:last-story", "3");
      const api = fakeApi({ getStory: async (id: number) => (id === 3 ? third() : detail(id)) });
      const app = new App(root, api, storage);
      await app.reopenLast();
      expect(api.getStory).toHaveBeenCalledWith(3);
      expect(vi.mocked(api.getStory).mock.calls.every(([id]) => id === 3)).toBe(true);
      expect(q("story")!.dataset.storyId).toBe("3");
      expect(app.workspace.current!.id).toBe(3);
      expect(storage.getItem("wiredesk:last-story")).toBe("3");
    });

    it("forgets a story that is no longer held and opens nothing", async () => {
      storage.setItem("wiredesk:last-story", "3");
      const api = fakeApi({
        getStory: async (id: number) => {
          throw new IpcError("not-found", `no story with id ${id}`);
        },
      });
      const app = new App(root, api, storage);
      await app.reopenLast();
      expect(api.getStory).toHaveBeenCalledTimes(1);
      expect(api.getStory).toHaveBeenCalledWith(3);
      expect(storage.getItem("wiredesk:last-story")).toBeNull();
      expect(q("story")).toBeNull();
      expect(app.workspace.current).toBeNull();
      expect(q("story-placeholder")!.textContent).toBe("Select a story in the inbox (j/k to move, Enter to open).");
    });

    it("does nothing without a remembered story, with a bad one, or once a story is open", async () => {
      const api = fakeApi();
      const app = new App(root, api, storage);
      await app.reopenLast();
      storage.setItem("wiredesk:last-story", "not a number");
      await app.reopenLast();
      storage.setItem("wiredesk:last-story", "0");
      await app.reopenLast();
      expect(api.getStory).not.toHaveBeenCalled();

      await app.open(1);
      storage.setItem("wiredesk:last-story", "2");
      await app.reopenLast();
      expect(vi.mocked(api.getStory).mock.calls).toEqual([[1]]);
      expect(q("story")!.dataset.storyId).toBe("1");
    });

    it("remembers the story opened from the inbox", async () => {
      const api = fakeApi();
      const app = new App(root, api, storage);
      await app.loadInbox();
      expect(storage.getItem("wiredesk:last-story")).toBeNull();
      root.querySelector<HTMLElement>('[data-story-id="2"] .headline')!.click();
      await vi.waitFor(() => expect(q("story")?.dataset.storyId).toBe("2"));
      expect(storage.getItem("wiredesk:last-story")).toBe("2");
      press("j");
      await vi.waitFor(() => expect(q("story")?.dataset.storyId).toBe("1"));
      expect(storage.getItem("wiredesk:last-story")).toBe("1");
    });
  });

  describe("a new wire version of the open story", () => {
    it("shows the agency's new text when the story is not edited", async () => {
      const api = fakeApi();
      const app = new App(root, api, storage);
      await app.listen();
      await app.open(1);
      const changed = vi.spyOn(app.workspace, "wireVersionsChanged");
      const latest: StoryDetail = {
        ...twoVersions(null, 11),
        headline: "Council passes budget",
        body: "HARBOURTON (Baltic Newsline) - The agency's second version.",
      };
      vi.mocked(api.getStory).mockResolvedValueOnce(latest);
      api.emitChanged(updateBatch(1));
      await vi.waitFor(() => expect(app.workspace.current!.revision_id).toBe(11));
      expect(api.getStory).toHaveBeenLastCalledWith(1);
      expect(changed).not.toHaveBeenCalled();
      expect(app.workspace.editor!.state.doc.textContent).toContain("The agency's second version.");
      expect(app.workspace.editor!.state.doc.textContent).toContain("Council passes budget");
      expect(q("story-facts")!.textContent).toContain("2 wire versions");
      expect(q("wire-versions-notice")).not.toBeNull();
    });

    it("keeps what the desk typed and shows the notice when the story is edited", async () => {
      const api = fakeApi();
      const app = new App(root, api, storage);
      await app.listen();
      await app.open(1);
      expect(q("wire-update")).toBeNull();
      typeInEditor(app, "Desk: ");
      const changed = vi.spyOn(app.workspace, "wireVersionsChanged");
      const show = vi.spyOn(app.workspace, "show");
      const latest = twoVersions(2, 11);
      vi.mocked(api.getStory).mockResolvedValueOnce(latest);
      api.emitChanged(updateBatch(1));
      await vi.waitFor(() => expect(changed).toHaveBeenCalledTimes(1));
      expect(changed).toHaveBeenCalledWith(latest);
      expect(show).not.toHaveBeenCalled();
      expect(q("wire-update")!.textContent).toContain("The agency sent version 2 after the desk began editing.");
      expect(app.workspace.dirty).toBe(true);
      expect(app.workspace.editor!.state.doc.textContent).toContain("Desk: ");
      // The editor still works on the revision it was loaded from.
      expect(app.workspace.current!.revision_id).toBe(10);
      expect(app.workspace.current!.wire_update).toBe(2);
    });

    it("updates the notice when the revision is the same", async () => {
      const api = fakeApi();
      const app = new App(root, api, storage);
      await app.listen();
      await app.open(1);
      const changed = vi.spyOn(app.workspace, "wireVersionsChanged");
      const show = vi.spyOn(app.workspace, "show");
      const latest = twoVersions(2, 10);
      vi.mocked(api.getStory).mockResolvedValueOnce(latest);
      api.emitChanged(updateBatch(1));
      await vi.waitFor(() => expect(changed).toHaveBeenCalledWith(latest));
      expect(show).not.toHaveBeenCalled();
      expect(q("wire-update")).not.toBeNull();
      expect(q("wire-changes-button")).not.toBeNull();
      expect(q("merge-button")).not.toBeNull();
    });

    it("fetches nothing for other stories, new stories, or with no story open", async () => {
      const api = fakeApi();
      const app = new App(root, api, storage);
      await app.listen();
      api.emitChanged(updateBatch(1));
      await settle();
      expect(api.getStory).not.toHaveBeenCalled();
      await app.open(1);
      const changed = vi.spyOn(app.workspace, "wireVersionsChanged");
      api.emitChanged(updateBatch(2));
      api.emitChanged(updateBatch(1, "new"));
      api.emitChanged(updateBatch(1, "duplicate"));
      await settle();
      expect(vi.mocked(api.getStory).mock.calls).toEqual([[1]]);
      expect(changed).not.toHaveBeenCalled();
      // The inbox reloads for each batch all the same.
      expect(api.listStories).toHaveBeenCalled();
    });

    it("ignores a failed fetch of the open story", async () => {
      const api = fakeApi();
      const app = new App(root, api, storage);
      await app.listen();
      await app.open(1);
      const changed = vi.spyOn(app.workspace, "wireVersionsChanged");
      vi.mocked(api.getStory).mockRejectedValueOnce(new IpcError("internal", "busy"));
      api.emitChanged(updateBatch(1));
      await settle();
      expect(api.getStory).toHaveBeenCalledTimes(2);
      expect(changed).not.toHaveBeenCalled();
      expect(app.workspace.current!.revision_id).toBe(10);
      expect(q("story")!.dataset.storyId).toBe("1");
    });
  });

  describe("the empty inbox", () => {
    it("says how to get stories when there are none and no filter", async () => {
      const api = fakeApi({ listStories: async () => [] });
      const app = new App(root, api, storage);
      await app.loadInbox();
      expect(status().textContent).toBe(
        "No stories yet: open files (o), drag them onto the window, or set a drop folder in Preferences.",
      );
      expect(status().classList.contains("error")).toBe(false);
      expect(root.querySelectorAll('[data-testid="inbox-row"]')).toHaveLength(0);
    });

    it("counts zero stories when a filter is set", async () => {
      const api = fakeApi({ listStories: async () => [] });
      const app = new App(root, api, storage);
      await app.loadInbox();
      app.filters.openClaims.checked = true;
      app.filters.openClaims.dispatchEvent(new Event("change"));
      await vi.waitFor(() => expect(api.listStories).toHaveBeenLastCalledWith(0, expect.any(Number), { open_claims: true }));
      await vi.waitFor(() => expect(status().textContent).toBe("0 stories"));
    });
  });

  describe("paging the inbox", () => {
    it("asks for the next page after the last row loaded, not by offset", async () => {
      const page = Array.from({ length: INBOX_PAGE }, (_, i) => ({
        ...summaries[0],
        id: 5000 - i,
        received_at: `2026-11-27T10:${String(59 - (i % 60)).padStart(2, "0")}:00.000Z`,
      }));
      const api = fakeApi({ listStories: vi.fn(async () => page) });
      const app = new App(root, api, storage);
      await app.loadInbox();
      await app.loadMore();
      const last = page[page.length - 1];
      expect(api.listStories).toHaveBeenLastCalledWith(0, INBOX_PAGE, {
        after: { received_at: last.received_at, id: last.id },
      });
    });
  });

  describe("the desk's name from the preferences", () => {
    it("fills the claim panel's name with the actor when none is stored", async () => {
      const api = fakeApi({ getPreferences: async () => ({ actor: "ana", settings: [] }) });
      const app = new App(root, api, storage);
      await app.open(1);
      const input = q<HTMLInputElement>("claim-user")!;
      expect(input.value).toBe("");
      await app.listen();
      await vi.waitFor(() => expect(input.value).toBe("ana"));
      expect(api.getPreferences).toHaveBeenCalledTimes(1);
      // The name from the preferences is not written over the editor's own.
      expect(storage.getItem("wiredesk:user")).toBeNull();
    });

    it("keeps a name already stored", async () => {
      storage.setItem("wiredesk:user", "rosa");
      const api = fakeApi({ getPreferences: async () => ({ actor: "ana", settings: [] }) });
      const app = new App(root, api, storage);
      await app.listen();
      await settle();
      expect(api.getPreferences).toHaveBeenCalledTimes(1);
      await app.open(1);
      expect(q<HTMLInputElement>("claim-user")!.value).toBe("rosa");
      expect(storage.getItem("wiredesk:user")).toBe("rosa");
    });

    it("listens even when the preferences cannot be read", async () => {
      const api = fakeApi({
        getPreferences: async () => {
          throw new IpcError("internal", "no library");
        },
      });
      const app = new App(root, api, storage);
      await expect(app.listen()).resolves.toBeUndefined();
      await settle();
      await app.open(1);
      expect(q<HTMLInputElement>("claim-user")!.value).toBe("");
      expect(api.onStoriesChanged).toHaveBeenCalledTimes(1);
    });
  });

  describe("the theme", () => {
    it("applies the stored dark theme at construction", () => {
      storage.setItem("wiredesk:theme", "dark");
      expect(document.documentElement.dataset.theme).toBeUndefined();
      new App(root, fakeApi(), storage);
      expect(document.documentElement.dataset.theme).toBe("dark");
      expect(q<HTMLSelectElement>("pref-theme")!.value).toBe("dark");
    });

    it("follows the system when no theme is stored", () => {
      document.documentElement.dataset.theme = "light";
      new App(root, fakeApi(), storage);
      expect(document.documentElement.dataset.theme).toBeUndefined();
      expect(q<HTMLSelectElement>("pref-theme")!.value).toBe("system");
    });
  });
});

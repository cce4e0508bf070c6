// The live desk in the window: the library's changes, made by anyone,
// refresh the inbox in place; another person's save of the open story is
// offered in its header (this desktop's own never is); who else has a story
// open shows on its row and in its header; the title counts the claims
// assigned to the user; the inbox filters for them.
import { App } from "./app";
import { deferred, deskEvent, fakeApi, historyOf, person, settle, type FakeApi } from "./test-support";
import { claimStory, detail, MemoryStorage, storyClaims, summaries } from "./fixtures";
import { ROW_HEIGHT } from "./inbox";
import { IpcError, type MergeOutcome, type StoryDetail, type StorySummary } from "./ipc";

/** Long enough for the live desk's gathering of a burst, on a busy machine. */
const LIVE = { timeout: 3000 };

/** Types into the open story's headline, so the text differs from the saved revision. */
function typeInEditor(app: App, text: string): void {
  const view = app.workspace.editor!;
  view.dispatch(view.state.tr.insertText(text, 1));
}

/** Story `id` of a long inbox, newest first. */
function row(id: number): StorySummary {
  return { ...summaries[0], id, headline: `Story ${id}`, slug: null };
}

/** Story 1 as another person saved it: revision 12, their words. */
function theirVersion(): StoryDetail {
  return { ...detail(1), revision_id: 12, body: "HARBOURTON (Meridian Wire) - Anna's rewrite of the first paragraph." };
}

describe("the live desk in the window", () => {
  let root: HTMLElement;
  let storage: MemoryStorage;
  let addListener: ReturnType<typeof vi.spyOn>;

  const q = <T extends Element = HTMLElement>(testid: string) => root.querySelector<T>(`[data-testid="${testid}"]`);

  beforeEach(() => {
    document.body.replaceChildren();
    document.title = "Wiredesk";
    root = document.createElement("div");
    document.body.append(root);
    storage = new MemoryStorage();
    addListener = vi.spyOn(document, "addEventListener");
  });

  afterEach(() => {
    for (const [type, listener, options] of addListener.mock.calls as Parameters<Document["addEventListener"]>[]) {
      document.removeEventListener(type, listener, options);
    }
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  async function started(api: FakeApi, store: Storage | null = storage): Promise<App> {
    const app = new App(root, api, store);
    await app.listen();
    await app.loadInbox();
    return app;
  }

  describe("the inbox", () => {
    it("refreshes once for a burst of changes, in place: the same rows in view, the same selection", async () => {
      let page = Array.from({ length: 120 }, (_, i) => row(300 - i));
      const api = fakeApi({
        listStories: async () => page,
        getStory: async (id: number) => ({ ...detail(2), id }),
      });
      const app = await started(api);
      await app.open(260);
      const list = q("inbox")!;
      list.scrollTop = 30 * ROW_HEIGHT; // story 270 at the top of the view
      const listed = vi.mocked(api.listStories).mock.calls.length;

      vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
      // Another desktop ingests a batch: three new stories, hundreds of changes.
      page = [row(303), row(302), row(301), ...page];
      for (let i = 0; i < 300; i++) api.emitDeskEvent(deskEvent("ingested", { story_id: 301 + (i % 3), revision_id: 900 + i }));
      await vi.advanceTimersByTimeAsync(300);
      vi.useRealTimers();
      await settle();

      expect(vi.mocked(api.listStories).mock.calls.length).toBe(listed + 1);
      expect(list.scrollTop).toBe(33 * ROW_HEIGHT);
      expect(list.querySelector('[aria-selected="true"]')!.getAttribute("data-story-id")).toBe("260");
      expect(app.inbox.ids().slice(0, 3)).toEqual([303, 302, 301]);
      // Reading the inbox again is not opening anything.
      expect(vi.mocked(api.getStory).mock.calls).toEqual([[260]]);
    });

    it("says when live updates pause, and catches up once they are back", async () => {
      const api = fakeApi();
      await started(api);
      const status = q("live-feed-status")!;
      expect(status.hidden).toBe(true);
      api.emitDeskFeed({ live: false, message: "connection to the library lost" });
      expect(status.hidden).toBe(false);
      expect(status.textContent).toBe("Live updates paused — reconnecting");
      const listed = api.listed;
      api.emitDeskFeed({ live: true, message: null });
      expect(status.hidden).toBe(true);
      await vi.waitFor(() => expect(api.listed).toBe(listed + 1), LIVE);
    });

    it("filters for the claims assigned to this user, by the name the desk records them by", async () => {
      const api = fakeApi({ getPreferences: async () => ({ actor: "Rosa Diaz", settings: [] }) });
      api.desk = { desktop: "desk-here", actor: "Rosa Diaz", presence: [] };
      const app = await started(api);
      await vi.waitFor(() => expect(app.filters.assignedToMe.disabled).toBe(false));
      app.filters.assignedToMe.checked = true;
      app.filters.assignedToMe.dispatchEvent(new Event("change"));
      await vi.waitFor(() => expect(vi.mocked(api.listStories).mock.lastCall![2]).toEqual({ assigned_to: "Rosa Diaz" }));
      app.filters.assignedToMe.checked = false;
      app.filters.waitingOnCheckers.checked = true;
      app.filters.waitingOnCheckers.dispatchEvent(new Event("change"));
      await vi.waitFor(() => expect(vi.mocked(api.listStories).mock.lastCall![2]).toEqual({ waiting_on_checkers: true }));
    });
  });

  describe("another person's save of the open story", () => {
    it("is offered in the header, while this desktop's own saves are not", async () => {
      const api = fakeApi();
      const app = await started(api);
      await app.open(1);
      typeInEditor(app, "Desk: ");
      expect(await app.workspace.save()).toBe(true);
      expect(app.workspace.current!.revision_id).toBe(11);
      // The library tells every desktop of the save, this one too.
      api.emitDeskEvent(deskEvent("saved", { story_id: 1, revision_id: 11, actor: "ana" }));
      await settle();
      expect(q("live-save-banner")).toBeNull();
      expect(api.opened).toEqual([1]);

      vi.mocked(api.getStory).mockResolvedValueOnce(theirVersion());
      api.emitDeskEvent(deskEvent("saved", { story_id: 1, revision_id: 12, actor: "Anna Berg" }));
      await vi.waitFor(() => expect(q("live-save-banner")).not.toBeNull());
      expect(q("live-save-banner")!.textContent).toBe("Anna Berg saved a new version — Compare·Load their version");
      expect(q("live-save-compare")!.textContent).toBe("Compare");
      // The editor stays on the revision it was on, its text as it was.
      expect(app.workspace.current!.revision_id).toBe(11);
      expect(app.workspace.editor!.state.doc.textContent).toContain("Desk: ");
    });

    it("is not offered for this desktop's save heard before the save answered", async () => {
      const answer = deferred<StoryDetail>();
      const api = fakeApi({ saveStory: () => answer.promise });
      const app = await started(api);
      await app.open(1);
      typeInEditor(app, "Desk: ");
      const saving = app.workspace.save();
      // The library's newest is this save, which has not answered yet.
      const mine = { ...detail(1), revision_id: 13, headline: `Desk: ${detail(1).headline}` };
      vi.mocked(api.getStory).mockResolvedValue(mine);
      api.emitDeskEvent(deskEvent("saved", { story_id: 1, revision_id: 13, actor: "ana" }));
      await settle();
      answer.resolve(mine);
      expect(await saving).toBe(true);
      await settle();
      expect(q("live-save-banner")).toBeNull();
      expect(app.workspace.current!.revision_id).toBe(13);
    });

    it("is not offered for a change heard late, older than the revision shown", async () => {
      const api = fakeApi();
      const app = await started(api);
      await app.open(1);
      // The library's newest is still the one shown (10): revision 9 was before it.
      api.emitDeskEvent(deskEvent("saved", { story_id: 1, revision_id: 9, actor: "Anna Berg" }));
      await settle();
      expect(q("live-save-banner")).toBeNull();
      expect(app.workspace.current!.revision_id).toBe(10);
    });

    it("compares their revision with the one the editor started from", async () => {
      const api = fakeApi({ storyHistory: async () => historyOf([9, 10, 12]) });
      const app = await started(api);
      await app.open(1);
      typeInEditor(app, "Desk: ");
      vi.mocked(api.getStory).mockResolvedValueOnce(theirVersion());
      api.emitDeskEvent(deskEvent("merged", { story_id: 1, revision_id: 12, actor: "Anna Berg" }));
      await vi.waitFor(() => expect(q("live-save-compare")).not.toBeNull());
      expect(q("live-save-merge")!.textContent).toBe("Merge my draft");
      q<HTMLButtonElement>("live-save-compare")!.click();
      await vi.waitFor(() => expect(api.storyDiff).toHaveBeenCalled());
      expect(vi.mocked(api.storyDiff).mock.calls[0].slice(0, 3)).toEqual([1, 10, 12]);
      expect(q<HTMLDialogElement>("compare-view")!.hasAttribute("open")).toBe(true);
      // Comparing saves nothing: the unsaved text stays unsaved.
      expect(api.saveStory).not.toHaveBeenCalled();
      expect(app.workspace.dirty).toBe(true);
    });

    /** Story 1 open at revision 10 with "Desk: " typed, and Anna Berg's
     *  revision 12 offered in the header. */
    async function draftAndTheirSave(api: FakeApi, store: Storage | null = storage): Promise<App> {
      const app = await started(api, store);
      await app.open(1);
      typeInEditor(app, "Desk: ");
      vi.mocked(api.getStory).mockResolvedValueOnce(theirVersion());
      api.emitDeskEvent(deskEvent("saved", { story_id: 1, revision_id: 12, actor: "Anna Berg" }));
      await vi.waitFor(() => expect(q("live-save-merge")).not.toBeNull());
      expect(q("live-save-merge")!.textContent).toBe("Merge my draft");
      return app;
    }

    /** Revision 13: Anna's body under the desk's headline, both changes kept. */
    function mergedVersion(): StoryDetail {
      return { ...theirVersion(), revision_id: 13, headline: `Desk: ${detail(1).headline}` };
    }

    /** A merge that stopped at conflicts, saving nothing. */
    function conflicts(): MergeOutcome {
      return {
        status: "conflicts",
        revision_id: null,
        conflicts: [
          { id: 0, base: "first paragraph.", ours: "first paragraph, updated.", theirs: "Anna's rewrite of the first paragraph." },
          { id: 1, base: "Story 1", ours: "Story one", theirs: "" },
        ],
      };
    }

    it("merges the unsaved text into their version as a new revision, which opens in the editor", async () => {
      const api = fakeApi({ mergeDraft: async () => ({ status: "merged", revision_id: 13, conflicts: [] }) });
      const app = await draftAndTheirSave(api);
      // The merge asks for the story's newest (theirs), then opens the merged revision.
      vi.mocked(api.getStory).mockResolvedValueOnce(theirVersion()).mockResolvedValueOnce(mergedVersion());
      q<HTMLButtonElement>("live-save-merge")!.click();
      await vi.waitFor(() => expect(app.workspace.current!.revision_id).toBe(13));
      // Base: the revision the editor works from; theirs: the newest; the text as the editor holds it.
      expect(vi.mocked(api.mergeDraft).mock.calls).toEqual([[1, 10, 12, `Desk: ${detail(1).headline}`, detail(1).body, []]]);
      expect(api.saveStory).not.toHaveBeenCalled();
      const text = app.workspace.editor!.state.doc.textContent;
      expect(text).toContain("Desk: ");
      expect(text).toContain("Anna's rewrite");
      expect(app.workspace.dirty).toBe(false);
      expect(q("editor-state")!.textContent).toBe("Saved");
      expect(q("live-save-banner")).toBeNull();
      expect(q("draft-notice")!.hidden).toBe(true);
      expect(storage.getItem("wiredesk:draft:1")).toBeNull();
      expect(q("editor-status")!.textContent).toBe("Merged your draft with Anna Berg's version as revision 13.");
      expect(q<HTMLDialogElement>("draft-merge")!.hasAttribute("open")).toBe(false);
    });

    it("raises no banner for the merged revision, even heard before the merge answered", async () => {
      const answer = deferred<MergeOutcome>();
      const api = fakeApi({ mergeDraft: () => answer.promise });
      const app = await draftAndTheirSave(api);
      vi.mocked(api.getStory).mockResolvedValue(mergedVersion());
      vi.mocked(api.getStory).mockResolvedValueOnce(theirVersion());
      q<HTMLButtonElement>("live-save-merge")!.click();
      await vi.waitFor(() => expect(api.mergeDraft).toHaveBeenCalled());
      // The library tells every desktop of the merged save, this one first.
      api.emitDeskEvent(deskEvent("saved", { story_id: 1, revision_id: 13, actor: "ana" }));
      await settle();
      answer.resolve({ status: "merged", revision_id: 13, conflicts: [] });
      await vi.waitFor(() => expect(app.workspace.current!.revision_id).toBe(13));
      expect(app.own.has(13)).toBe(true);
      await settle();
      expect(q("live-save-banner")).toBeNull();
      // Heard again once shown: still this desktop's own.
      api.emitDeskEvent(deskEvent("saved", { story_id: 1, revision_id: 13, actor: "ana" }));
      await settle();
      expect(q("live-save-banner")).toBeNull();
      expect(app.workspace.current!.revision_id).toBe(13);
    });

    it("asks about the conflicts, and saves the merge with the answers once each has one", async () => {
      const api = fakeApi();
      vi.mocked(api.mergeDraft)
        .mockResolvedValueOnce(conflicts())
        .mockResolvedValueOnce({ status: "merged", revision_id: 13, conflicts: [] });
      const app = await draftAndTheirSave(api);
      vi.mocked(api.getStory).mockResolvedValueOnce(theirVersion()).mockResolvedValueOnce(mergedVersion());
      q<HTMLButtonElement>("live-save-merge")!.click();
      const dialog = q<HTMLDialogElement>("draft-merge")!;
      await vi.waitFor(() => expect(dialog.hasAttribute("open")).toBe(true));
      const cards = [...dialog.querySelectorAll<HTMLElement>('[data-testid="draft-conflict"]')];
      expect(cards.map((c) => c.dataset.conflictId)).toEqual(["0", "1"]);
      const side = (card: HTMLElement, testid: string) => card.querySelector(`[data-testid="${testid}"]`)!.textContent;
      expect(side(cards[0], "draft-conflict-theirs")).toBe("Anna's rewrite of the first paragraph.");
      expect(side(cards[0], "draft-conflict-ours")).toBe("first paragraph, updated.");
      expect(side(cards[1], "draft-conflict-theirs")).toBe("(nothing)");
      expect(dialog.querySelector('[data-testid="draft-merge-summary"]')!.textContent).toContain("Anna Berg changed the same words in 2 places");
      // Nothing is saved while the conflicts wait; the editor is as it was.
      expect(app.workspace.current!.revision_id).toBe(10);
      expect(app.workspace.dirty).toBe(true);
      const apply = q<HTMLButtonElement>("draft-merge-apply")!;
      expect(apply.disabled).toBe(true);
      cards[0].querySelector<HTMLButtonElement>('[data-testid="draft-keep-mine"]')!.click();
      expect(apply.disabled).toBe(true);
      cards[1].querySelector<HTMLButtonElement>('[data-testid="draft-keep-theirs"]')!.click();
      expect(cards[1].querySelector('[data-testid="draft-keep-theirs"]')!.getAttribute("aria-pressed")).toBe("true");
      expect(apply.disabled).toBe(false);
      apply.click();
      await vi.waitFor(() => expect(app.workspace.current!.revision_id).toBe(13));
      expect(vi.mocked(api.mergeDraft).mock.calls[1]).toEqual([
        1,
        10,
        12,
        `Desk: ${detail(1).headline}`,
        detail(1).body,
        [
          { id: 0, resolution: { kind: "ours" } },
          { id: 1, resolution: { kind: "theirs" } },
        ],
      ]);
      expect(dialog.hasAttribute("open")).toBe(false);
      expect(app.workspace.dirty).toBe(false);
      expect(q("live-save-banner")).toBeNull();
      expect(storage.getItem("wiredesk:draft:1")).toBeNull();
      expect(q("editor-status")!.textContent).toBe("Merged your draft with Anna Berg's version as revision 13.");
    });

    it("cancelled at the conflicts, leaves the editor and its draft as they were", async () => {
      const api = fakeApi({ mergeDraft: async () => conflicts() });
      const app = await draftAndTheirSave(api);
      const before = app.workspace.editor!.state.doc;
      vi.mocked(api.getStory).mockResolvedValueOnce(theirVersion());
      q<HTMLButtonElement>("live-save-merge")!.click();
      const dialog = q<HTMLDialogElement>("draft-merge")!;
      await vi.waitFor(() => expect(dialog.hasAttribute("open")).toBe(true));
      dialog.querySelector<HTMLButtonElement>('[data-testid="draft-keep-mine"]')!.click();
      q<HTMLButtonElement>("draft-merge-cancel")!.click();
      await settle();
      expect(dialog.hasAttribute("open")).toBe(false);
      expect(api.mergeDraft).toHaveBeenCalledTimes(1);
      expect(api.saveStory).not.toHaveBeenCalled();
      expect(app.workspace.current!.revision_id).toBe(10);
      expect(app.workspace.editor!.state.doc.eq(before)).toBe(true);
      expect(app.workspace.dirty).toBe(true);
      expect(app.workspace.editor!.editable).toBe(true);
      const draft = JSON.parse(storage.getItem("wiredesk:draft:1")!);
      expect([draft.baseRevisionId, draft.headline, draft.body]).toEqual([10, `Desk: ${detail(1).headline}`, detail(1).body]);
      // Their save is still offered, to merge again later.
      expect(q("live-save-merge")!.textContent).toBe("Merge my draft");
    });

    it("merges again with the newest revision when the story was saved once more meanwhile", async () => {
      const api = fakeApi();
      vi.mocked(api.mergeDraft)
        .mockRejectedValueOnce(new IpcError("edit-conflict", "story 1 was saved by someone else (revision 14) since revision 12"))
        .mockResolvedValueOnce({ status: "merged", revision_id: 15, conflicts: [] });
      const app = await draftAndTheirSave(api);
      vi.mocked(api.getStory)
        .mockResolvedValueOnce(theirVersion())
        .mockResolvedValueOnce({ ...theirVersion(), revision_id: 14 })
        .mockResolvedValueOnce({ ...mergedVersion(), revision_id: 15 });
      q<HTMLButtonElement>("live-save-merge")!.click();
      await vi.waitFor(() => expect(app.workspace.current!.revision_id).toBe(15));
      expect(vi.mocked(api.mergeDraft).mock.calls.map((c) => c.slice(1, 3))).toEqual([
        [10, 12],
        [10, 14],
      ]);
      expect(app.workspace.dirty).toBe(false);
      expect(q("editor-status")!.textContent).toBe("Merged your draft with Anna Berg's version as revision 15.");
    });

    it("never drops the unsaved text when the merge fails, even with no draft store on this machine", async () => {
      const api = fakeApi({
        mergeDraft: async () => {
          throw new IpcError("invalid-input", "the merged text has no headline");
        },
      });
      const app = await draftAndTheirSave(api, null);
      vi.mocked(api.getStory).mockResolvedValueOnce(theirVersion());
      q<HTMLButtonElement>("live-save-merge")!.click();
      await vi.waitFor(() => expect(q("editor-alert")!.hidden).toBe(false));
      expect(q("editor-alert")!.textContent).toContain("Could not merge your draft: the merged text has no headline.");
      expect(q("conflict-merge-draft")).not.toBeNull();
      expect(app.workspace.current!.revision_id).toBe(10);
      expect(app.workspace.editor!.state.doc.textContent).toContain("Desk: ");
      expect(app.workspace.dirty).toBe(true);
      expect(app.workspace.editor!.editable).toBe(true);
    });

    it("keeps the text and its draft when the merge fails", async () => {
      const api = fakeApi({
        mergeDraft: async () => {
          throw new IpcError("invalid-input", "the merged text has no headline");
        },
      });
      const app = await draftAndTheirSave(api);
      vi.mocked(api.getStory).mockResolvedValueOnce(theirVersion());
      q<HTMLButtonElement>("live-save-merge")!.click();
      await vi.waitFor(() => expect(q("editor-alert")!.hidden).toBe(false));
      expect(JSON.parse(storage.getItem("wiredesk:draft:1")!).headline).toBe(`Desk: ${detail(1).headline}`);
      expect(app.workspace.editor!.state.doc.textContent).toContain("Desk: ");
    });

    it("without unsaved text, just opens their version", async () => {
      const api = fakeApi();
      const app = await started(api);
      await app.open(1);
      vi.mocked(api.getStory).mockResolvedValueOnce(theirVersion());
      api.emitDeskEvent(deskEvent("saved", { story_id: 1, revision_id: 12, actor: "Anna Berg" }));
      await vi.waitFor(() => expect(q("live-save-merge")).not.toBeNull());
      expect(q("live-save-merge")!.textContent).toBe("Load their version");
      vi.mocked(api.getStory).mockResolvedValueOnce(theirVersion());
      q<HTMLButtonElement>("live-save-merge")!.click();
      await vi.waitFor(() => expect(app.workspace.current!.revision_id).toBe(12));
      expect(app.workspace.editor!.state.doc.textContent).toContain("Anna's rewrite");
      expect(api.mergeDraft).not.toHaveBeenCalled();
      expect(q("live-save-banner")).toBeNull();
      expect(q("editor-status")!.textContent).toBe("Anna Berg's version is open.");
    });
  });

  describe("claims changed on another desktop", () => {
    it("reads the open story's claims again, not its findings", async () => {
      const api = fakeApi();
      const app = await started(api);
      await app.open(1);
      await settle();
      const claims = vi.mocked(api.storyClaims).mock.calls.length;
      const findings = vi.mocked(api.storyIntegrity).mock.calls.length;
      api.emitDeskEvent(deskEvent("claim-status", { story_id: 1, claim_id: 3, actor: "Noor" }));
      api.emitDeskEvent(deskEvent("claim-note", { story_id: 1, claim_id: 3, actor: "Noor" }));
      await vi.waitFor(() => expect(vi.mocked(api.storyClaims).mock.calls.length).toBe(claims + 1), LIVE);
      expect(vi.mocked(api.storyIntegrity).mock.calls.length).toBe(findings);
      expect(app.workspace.current!.id).toBe(1);
    });

    it("counts the claims assigned to the user in the title, at start and on each assignment", async () => {
      const api = fakeApi();
      api.assigned = 1;
      await started(api);
      await vi.waitFor(() => expect(document.title).toBe("Wiredesk — 1 claim assigned to you"));
      api.assigned = 3;
      api.emitDeskEvent(deskEvent("claim-assigned", { story_id: 2, claim_id: 8 }));
      await vi.waitFor(() => expect(document.title).toBe("Wiredesk — 3 claims assigned to you"), LIVE);
      api.assigned = 0;
      api.emitDeskEvent(deskEvent("claim-status", { story_id: 2, claim_id: 8 }));
      await vi.waitFor(() => expect(document.title).toBe("Wiredesk"), LIVE);
    });

    it("offers the desk's people as assignees, and the people Preferences saves", async () => {
      const api = fakeApi({ getStory: async () => claimStory, storyClaims: async () => storyClaims().slice(0, 1) });
      api.people = [person("Anna Berg", "AB", "checker")];
      const app = await started(api);
      await app.open(claimStory.id);
      await vi.waitFor(() => expect(q("claim-assignee")).not.toBeNull());
      const options = () => [...q<HTMLSelectElement>("claim-assignee")!.options].map((o) => o.value);
      await vi.waitFor(() => expect(options()).toEqual(["", "Anna Berg"]));
      await app.preferences.open();
      const add = root.querySelector<HTMLInputElement>('[data-testid="person-add-name"]')!;
      add.value = "Lee Park";
      root.querySelector<HTMLButtonElement>('[data-testid="person-add"]')!.click();
      await vi.waitFor(() => expect(api.setPerson).toHaveBeenCalledWith("Lee Park", "", "editor"));
      await vi.waitFor(() => expect(options()).toEqual(["", "Anna Berg", "Lee Park"]));
      expect(root.querySelectorAll('[data-testid="people-list"] [data-testid="person-row"]')).toHaveLength(2);
    });
  });

  describe("who else is at a story", () => {
    function present(api: FakeApi): void {
      api.desk = {
        desktop: "desk-here",
        actor: "ana",
        presence: [
          { desktop: "desk-here", person: "ana", story_id: 1, typing: true, beat_at: "2026-11-27T10:00:00Z" },
          { desktop: "desk-anna", person: "Anna Berg", story_id: 1, typing: true, beat_at: "2026-11-27T10:00:00Z" },
          { desktop: "desk-lee", person: "Lee Park", story_id: 2, typing: false, beat_at: "2026-11-27T10:00:00Z" },
        ],
      };
    }

    it("shows on the inbox's rows, leaving this desktop out", async () => {
      const api = fakeApi();
      present(api);
      await started(api);
      const chip = (id: number) => root.querySelector(`[data-story-id="${id}"] [data-testid="inbox-presence"]`)?.textContent;
      await vi.waitFor(() => expect(chip(1)).toBe("Anna Berg is editing"));
      expect(chip(2)).toBe("Lee Park has it open");
      expect(root.querySelector('[data-testid="inbox"]')!.textContent).not.toContain("ana is editing");
    });

    it("warns on opening a story someone else has open, without keeping the editor from typing", async () => {
      const api = fakeApi();
      present(api);
      const app = await started(api);
      await app.open(1);
      await vi.waitFor(() => expect(q("presence-warning")!.hidden).toBe(false));
      expect(q("presence-warning")!.textContent).toBe(
        "Anna Berg is editing this story. You can still edit; a second save will be offered a merge.",
      );
      expect(q("story-presence")!.textContent).toBe("Anna Berg is editing");
      expect(app.workspace.editor!.editable).toBe(true);
      // Anna leaves: the header says nobody else is there.
      api.desk = { ...api.desk, presence: [] };
      api.emitDeskEvent(deskEvent("presence", { story_id: 1 }));
      await vi.waitFor(() => expect(q("story-presence")!.hidden).toBe(true), LIVE);
      expect(q("presence-warning")!.hidden).toBe(true);
    });

    it("tells the desk which story is open and when the editor types", async () => {
      const api = fakeApi();
      const app = await started(api);
      await app.open(1);
      expect(vi.mocked(api.setPresence).mock.calls).toEqual([[1, false]]);
      const editor = root.querySelector<HTMLElement>('[data-testid="story-editor"]')!;
      for (const key of ["D", "e", "s", "k"]) editor.dispatchEvent(new KeyboardEvent("keydown", { key, bubbles: true }));
      // Moving about is not typing.
      editor.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowDown", bubbles: true }));
      expect(vi.mocked(api.setPresence).mock.calls).toEqual([
        [1, false],
        [1, true],
      ]);
    });
  });
});

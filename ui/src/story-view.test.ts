import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { TextSelection } from "prosemirror-state";
import * as ipc from "./ipc";
import { claimStory, cleanedCopy, coreOpen, MemoryStorage, removedPassage, scalarSpan, storyClaims, storyFindings } from "./fixtures";
import { serializeDoc } from "./editor/document";
import { draftKey, readDraft } from "./editor/draft";
import { bodyBlocks } from "./editor/positions";
import { IpcError, type Claim, type ClaimUpdate, type IntegrityFinding, type StoryDetail } from "./ipc";
import { StoryWorkspace, type WorkspaceApi } from "./story-view";
import { settle as settleTicks, notInThisTest, quietStyleApi } from "./test-support";

function settle(): Promise<void> {
  return settleTicks(20);
}

interface FakeApi extends WorkspaceApi {
  acknowledged: [string, string][];
  calls: unknown[][];
  claims: Claim[];
  head: StoryDetail;
}

function fakeApi(overrides: Partial<WorkspaceApi> = {}): FakeApi {
  const api: FakeApi = {
    acknowledged: [],
    calls: [],
    claims: storyClaims(),
    head: claimStory,
    ...quietStyleApi(),
    getStory: async (id) => {
      api.calls.push(["getStory", id]);
      return api.head;
    },
    storyClaims: async (id) => {
      api.calls.push(["storyClaims", id]);
      return api.claims.map((c) => ({ ...c }));
    },
    storyIntegrity: async () => storyFindings(),
    storyFigureFindings: async () => [],
    storyCleaning: async () => cleanedCopy(claimStory),
    acknowledgeFinding: async (_story, key, reason) => {
      api.acknowledged.push([key, reason]);
      return storyFindings().map((f) =>
        f.key === key ? { ...f, acknowledged: { actor: "e2e", created_at: "2026-11-28T00:00:00Z", reason } } : f,
      );
    },
    addClaim: async (storyId, start, end, kind) => {
      api.calls.push(["addClaim", storyId, start, end, kind]);
      const text = Array.from(api.head.body).slice(start, end).join("");
      const claim: Claim = {
        ...storyClaims()[0],
        id: 50,
        kind,
        text,
        start,
        end,
        origin: "manual",
        value: null,
        rank: 0,
      };
      api.claims.push(claim);
      return claim;
    },
    updateClaim: async (id: number, update: ClaimUpdate) => {
      api.calls.push(["updateClaim", id, update]);
      const claim = api.claims.find((c) => c.id === id)!;
      if (update.status) claim.status = update.status;
      claim.open = coreOpen(claim);
      return { ...claim };
    },
    addClaimEvidence: notInThisTest,
    dismissClaim: async (id, dismissed) => {
      api.calls.push(["dismissClaim", id, dismissed]);
      const claim = api.claims.find((c) => c.id === id)!;
      claim.dismissed = dismissed;
      claim.open = coreOpen(claim);
      return { ...claim };
    },
    claimHistory: async () => [],
    saveStory: async (storyId, base, headline, body) => {
      api.calls.push(["saveStory", storyId, base, headline, body]);
      api.head = { ...api.head, revision_id: api.head.revision_id + 1, headline, body };
      return api.head;
    },
    // Nothing conflicts: the draft is saved on top of theirs as it is.
    mergeDraft: async (storyId, base, theirs, headline, body, resolutions = []) => {
      api.calls.push(["mergeDraft", storyId, base, theirs, headline, body, resolutions]);
      api.head = { ...api.head, revision_id: theirs + 1, headline, body };
      return { status: "merged", revision_id: theirs + 1, conflicts: [] };
    },
    ...overrides,
  };
  return api;
}

/** What another story reports for the council's 12 percent. */
function figureFinding(): IntegrityFinding {
  return {
    kind: "figure-differs",
    ...scalarSpan(claimStory.body, "12 percent"),
    text: "12 percent",
    wire_text: "9 percent",
    related_start: null,
    related_end: null,
    other_story_id: 12,
    message: 'story 12 reports "9 percent" (Elling) where this says "12 percent"',
    key: "f1",
    acknowledged: null,
  };
}

interface HeldFigures {
  api: Pick<WorkspaceApi, "storyFigureFindings">;
  /** The stories asked about, in order; `answer[i]` and `fail[i]` settle the i-th request. */
  asked: number[];
  answer: ((findings: IntegrityFinding[]) => void)[];
  fail: ((err: Error) => void)[];
}

/** A fake `storyFigureFindings` that answers only when told. */
function heldFigures(): HeldFigures {
  const held: HeldFigures = {
    asked: [],
    answer: [],
    fail: [],
    api: {
      storyFigureFindings: (id: number) =>
        new Promise<IntegrityFinding[]>((resolve, reject) => {
          held.asked.push(id);
          held.answer.push(resolve);
          held.fail.push(reject);
        }),
    },
  };
  return held;
}

function integrityMarks(pane: HTMLElement): (string | null)[] {
  return [...pane.querySelectorAll('[data-testid="integrity-mark"]')].map((d) => d.textContent);
}

function marks(pane: HTMLElement): { id: string; status: string; text: string }[] {
  return [...pane.querySelectorAll<HTMLElement>('[data-testid="claim-mark"]')].map((m) => ({
    id: m.dataset.claimId!,
    status: m.dataset.status!,
    text: m.textContent!,
  }));
}

function byTestId<T extends HTMLElement>(root: ParentNode, id: string): T {
  const found = root.querySelector<T>(`[data-testid="${id}"]`);
  if (!found) throw new Error(`no ${id}`);
  return found;
}

/** Selects `text` (the nth occurrence) in the body of the open editor. */
function select(ws: StoryWorkspace, text: string): void {
  const view = ws.editor!;
  const body = serializeDoc(view.state.doc).body;
  const at = body.indexOf(text);
  const blocks = bodyBlocks(view.state.doc);
  const block = blocks.find((b) => b.start <= at && at <= b.end)!;
  const from = block.pos + at - block.start;
  view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, from, from + text.length)));
}

/** Types `text` at the start of the first body paragraph. */
function type(ws: StoryWorkspace, text: string): void {
  const view = ws.editor!;
  const pos = bodyBlocks(view.state.doc)[0].pos;
  view.dispatch(view.state.tr.insertText(text, pos));
}

describe("the story workspace", () => {
  let pane: HTMLElement;
  let storage: MemoryStorage;
  beforeEach(() => {
    document.body.replaceChildren();
    pane = document.createElement("section");
    document.body.append(pane);
    storage = new MemoryStorage();
  });

  function workspace(api: WorkspaceApi, draftDelayMs = 2000): StoryWorkspace {
    return new StoryWorkspace(pane, api, { storage, draftDelayMs, now: () => new Date(2026, 10, 27, 14, 5) });
  }

  it("opens a story in the editor with its claims highlighted and listed", async () => {
    const ws = workspace(fakeApi());
    await ws.show(claimStory);
    expect(byTestId(pane, "story-headline").textContent).toBe(claimStory.headline);
    expect(byTestId(pane, "story-dateline").textContent).toBe("PORT ELLING");
    expect(byTestId(pane, "story-credit").textContent).toBe(claimStory.credit);
    expect(byTestId(pane, "story-body").querySelectorAll("p")).toHaveLength(3);
    expect(byTestId(pane, "story-body").querySelector("b")).toBeNull();
    expect(marks(pane)).toEqual([
      { id: "1", status: "unchecked", text: "4,000 tickets" },
      { id: "2", status: "checking", text: "We will not raise fares," },
      { id: "3", status: "verified", text: "12 percent" },
    ]);
    expect(pane.querySelector(".claim.claim-verified")).not.toBeNull();
    expect(pane.querySelectorAll('[data-testid="claim-card"]')).toHaveLength(5);
    const integrity = [...pane.querySelectorAll<HTMLElement>('[data-testid="integrity-mark"]')];
    expect(integrity.map((d) => d.textContent)).toEqual(["4,000", "last year"]);
    expect(integrity[0].getAttribute("title")).toBe("The number differs from the wire original.");
    expect(integrity[0].classList.contains("integrity")).toBe(true);
    expect(byTestId(pane, "editor-state").textContent).toBe("Saved");
  });

  it("marks both figures of a contradiction in the text", async () => {
    const claims = storyClaims();
    const api = fakeApi({
      storyIntegrity: async () => [
        {
          kind: "figure-contradicts",
          start: claims[0].start,
          end: claims[0].end,
          text: claims[0].text,
          wire_text: claims[2].text,
          related_start: claims[2].start,
          related_end: claims[2].end,
          other_story_id: null,
          message: "two different figures for the dead in this story",
          key: "c1",
          acknowledged: null,
        },
      ],
    });
    const ws = workspace(api);
    await ws.show(claimStory);
    expect(integrityMarks(pane)).toEqual(["4,000 tickets", "12 percent"]);
    const flagged = [...pane.querySelectorAll<HTMLElement>('[data-testid="claim-finding"]')];
    expect(flagged).toHaveLength(2);
  });

  it("accepts an integrity finding with a reason; the highlight goes and the panel says who", async () => {
    const api = fakeApi();
    const ws = workspace(api);
    await ws.show(claimStory);
    const accept = pane.querySelector<HTMLButtonElement>('[data-testid="finding-accept"]')!;
    accept.click(); // without a reason: refused, nothing sent
    await Promise.resolve();
    expect(api.acknowledged).toEqual([]);
    const reason = pane.querySelector<HTMLInputElement>('[data-testid="finding-reason"]')!;
    reason.value = "the ministry corrected it";
    pane.querySelector<HTMLButtonElement>('[data-testid="finding-accept"]')!.click();
    for (let i = 0; i < 10; i++) await Promise.resolve();
    // The first finding listed is the one on no claim, at the top of the panel.
    expect(api.acknowledged).toEqual([["k2", "the ministry corrected it"]]);
    const integrity = [...pane.querySelectorAll<HTMLElement>('[data-testid="integrity-mark"]')];
    expect(integrity.map((d) => d.textContent)).toEqual(["4,000"]);
    expect(pane.textContent).toContain("acknowledged by e2e");
  });

  it("ignores a claim answer that arrives after another story was opened", async () => {
    let release: (claim: Claim) => void = () => {};
    const api = fakeApi({
      updateClaim: (id) =>
        new Promise<Claim>((resolve) => {
          release = resolve;
          void id;
        }),
    });
    const ws = workspace(api);
    await ws.show(claimStory);
    const select = pane.querySelector<HTMLSelectElement>('[data-testid="claim-card"] [data-testid="claim-status"]')!;
    const late = { ...storyClaims()[0], status: "verified" as const };
    select.value = "verified";
    select.dispatchEvent(new Event("change", { bubbles: true }));
    const other = { ...claimStory, id: 99, revision_id: 990 };
    api.claims = [];
    await ws.show(other);
    release(late);
    for (let i = 0; i < 10; i++) await Promise.resolve();
    expect(pane.querySelectorAll('[data-testid="claim-mark"]')).toHaveLength(0);
    expect(pane.querySelectorAll('[data-testid="claim-card"]')).toHaveLength(0);
  });

  it("shows the claims and the wire findings while other stories' figures are still being compared", async () => {
    const figures = heldFigures();
    const ws = workspace(fakeApi(figures.api));
    await ws.show(claimStory);
    expect(figures.asked).toEqual([7]);
    expect(marks(pane).map((m) => m.id)).toEqual(["1", "2", "3"]);
    expect(integrityMarks(pane)).toEqual(["4,000", "last year"]);
    expect(pane.querySelectorAll('[data-testid="claim-card"]')).toHaveLength(5);
    expect(byTestId(pane, "claim-message").hidden).toBe(true);
  });

  it("adds other stories' figures to the findings when they arrive", async () => {
    const figures = heldFigures();
    const ws = workspace(fakeApi(figures.api));
    await ws.show(claimStory);
    figures.answer[0]([figureFinding()]);
    await settle();
    expect(integrityMarks(pane)).toEqual(["4,000", "12 percent", "last year"]);
    const onCard = [...ws.panel.card(3)!.querySelectorAll('[data-testid="claim-finding"]')].map((f) => f.textContent);
    expect(onCard).toHaveLength(1);
    expect(onCard[0]).toContain('story 12 reports "9 percent"');
    // The claims and the wire's findings are as they were.
    expect(marks(pane).map((m) => m.id)).toEqual(["1", "2", "3"]);
    expect(pane.querySelectorAll('[data-testid="integrity-finding"]')).toHaveLength(1);
  });

  it("ignores other stories' figures that arrive after another story was opened", async () => {
    const figures = heldFigures();
    const ws = workspace(fakeApi(figures.api));
    await ws.show(claimStory);
    await ws.show({ ...claimStory, id: 99, revision_id: 990 });
    expect(figures.asked).toEqual([7, 99]);
    figures.answer[1]([]);
    figures.answer[0]([figureFinding()]);
    await settle();
    expect(integrityMarks(pane)).toEqual(["4,000", "last year"]);
    expect(pane.textContent).not.toContain("story 12 reports");
  });

  it("drops other stories' figures worked out for the text before a save", async () => {
    const figures = heldFigures();
    // The saved text's claims load only when told.
    let claimsAsked = 0;
    let releaseClaims: () => void = () => {};
    const api: FakeApi = fakeApi({
      ...figures.api,
      storyClaims: (id: number) => {
        api.calls.push(["storyClaims", id]);
        const claims = api.claims.map((c) => ({ ...c }));
        if (claimsAsked++ === 0) return Promise.resolve(claims);
        return new Promise<Claim[]>((resolve) => (releaseClaims = () => resolve(claims)));
      },
    });
    const ws = workspace(api);
    await ws.show(claimStory);
    type(ws, "Breaking: ");
    byTestId(pane, "save-button").click();
    await settle();
    expect(claimsAsked).toBe(2);
    // The answer for the text before the save arrives while the saved
    // text's claims load: its offsets are not the saved text's.
    figures.answer[0]([figureFinding()]);
    await settle();
    expect(pane.textContent).not.toContain("story 12 reports");
    expect(integrityMarks(pane)).not.toContain("12 percent");
    releaseClaims();
    await settle();
    expect(figures.asked).toEqual([7, 7]);
    figures.answer[1]([]);
    await settle();
    expect(pane.textContent).not.toContain("story 12 reports");
  });

  it("says so when other stories' figures cannot be compared, and keeps the claims", async () => {
    const figures = heldFigures();
    const ws = workspace(fakeApi(figures.api));
    await ws.show(claimStory);
    figures.fail[0](new IpcError("internal", "database is locked"));
    await settle();
    const message = byTestId(pane, "claim-message");
    expect(message.hidden).toBe(false);
    expect(message.textContent).toBe("Could not compare figures with other stories: database is locked");
    expect(marks(pane).map((m) => m.id)).toEqual(["1", "2", "3"]);
    expect(integrityMarks(pane)).toEqual(["4,000", "last year"]);
  });

  it("changes a claim's status from its card and restyles its highlight", async () => {
    const api = fakeApi();
    const ws = workspace(api);
    await ws.show(claimStory);
    const select = byTestId<HTMLSelectElement>(ws.panel.card(1)!, "claim-status");
    select.value = "disputed";
    select.dispatchEvent(new Event("change"));
    await settle();
    expect(api.calls).toContainEqual(["updateClaim", 1, { status: "disputed" }]);
    const mark = pane.querySelector<HTMLElement>('[data-testid="claim-mark"][data-claim-id="1"]')!;
    expect(mark.dataset.status).toBe("disputed");
    expect(mark.className).toBe("claim claim-disputed");
    // Dismissing takes the highlight away; restoring brings it back.
    byTestId(ws.panel.card(1)!, "claim-dismiss").click();
    await settle();
    expect(marks(pane).map((m) => m.id)).toEqual(["2", "3"]);
    byTestId(ws.panel.card(1)!, "claim-dismiss").click();
    await settle();
    expect(marks(pane).map((m) => m.id)).toEqual(["1", "2", "3"]);
  });

  it("marks the selected words as a claim with their scalar offsets", async () => {
    const api = fakeApi();
    const ws = workspace(api);
    await ws.show(claimStory);
    select(ws, "winter ferry");
    byTestId<HTMLSelectElement>(pane, "claim-kind-select").value = "quantity";
    byTestId(pane, "mark-claim-button").click();
    await settle();
    const span = scalarSpan(claimStory.body, "winter ferry");
    expect(span.start).not.toBe(claimStory.body.indexOf("winter ferry")); // the emoji count
    expect(api.calls).toContainEqual(["addClaim", 7, span.start, span.end, "quantity"]);
    expect(marks(pane).find((m) => m.id === "50")).toEqual({ id: "50", status: "unchecked", text: "winter ferry" });
    expect(ws.panel.card(50)!.classList.contains("current")).toBe(true);
  });

  it("marks a claim with Ctrl+Shift+M and refuses a selection in the headline", async () => {
    const api = fakeApi();
    const ws = workspace(api);
    await ws.show(claimStory);
    const view = ws.editor!;
    view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, 1, 8)));
    await ws.markClaim();
    expect(byTestId(pane, "editor-status").textContent).toContain("not the headline");
    select(ws, "officials");
    view.dom.dispatchEvent(new KeyboardEvent("keydown", { key: "M", ctrlKey: true, shiftKey: true, bubbles: true }));
    await settle();
    const span = scalarSpan(claimStory.body, "officials");
    expect(api.calls.filter((c) => c[0] === "addClaim")).toEqual([["addClaim", 7, span.start, span.end, "statement"]]);
  });

  it("saves first when marking a claim in changed text", async () => {
    const api = fakeApi();
    const ws = workspace(api);
    await ws.show(claimStory);
    type(ws, "NEW ");
    select(ws, "Ilse Varga");
    await ws.markClaim();
    expect(api.calls.map((c) => c[0])).toContain("saveStory");
    const addClaim = api.calls.find((c) => c[0] === "addClaim")!;
    const span = scalarSpan(api.head.body, "Ilse Varga");
    expect(addClaim).toEqual(["addClaim", 7, span.start, span.end, "statement"]);
  });

  it("says nothing was saved when the stored text is the same as the revision shown", async () => {
    // The core tidies white space: a space typed at a paragraph's start
    // leaves the text as it was, and the core saves no revision for it.
    const api = fakeApi({
      saveStory: async (storyId, base, headline, body) => {
        api.calls.push(["saveStory", storyId, base, headline, body]);
        return api.head;
      },
    });
    const ws = workspace(api);
    await ws.show(claimStory);
    type(ws, " ");
    expect(ws.dirty).toBe(true);
    byTestId(pane, "save-button").click();
    await settle();
    expect(api.calls.filter((c) => c[0] === "saveStory")).toHaveLength(1);
    expect(byTestId(pane, "editor-status").textContent).toBe(
      `Nothing saved: the text is the same as revision ${claimStory.revision_id}.`,
    );
    expect(ws.dirty).toBe(false);
    expect(byTestId(pane, "editor-alert").hidden).toBe(true);
  });

  it("saves headline and body on the base revision, then reloads the claims", async () => {
    const api = fakeApi();
    const ws = workspace(api);
    await ws.show(claimStory);
    type(ws, "Breaking: ");
    expect(ws.dirty).toBe(true);
    expect(byTestId(pane, "editor-state").textContent).toBe("Unsaved changes");
    // Typing keeps the claims where they were.
    expect(marks(pane).map((m) => m.text)).toContain("4,000 tickets");
    byTestId(pane, "save-button").click();
    await settle();
    const save = api.calls.find((c) => c[0] === "saveStory")!;
    expect(save).toEqual(["saveStory", 7, 70, claimStory.headline, `Breaking: ${claimStory.body}`]);
    expect(byTestId(pane, "editor-status").textContent).toBe("Saved revision 71.");
    expect(ws.dirty).toBe(false);
    expect(api.calls.filter((c) => c[0] === "storyClaims")).toHaveLength(2);
    // The next save is made on the new revision.
    type(ws, "Now: ");
    await ws.save();
    expect(api.calls.filter((c) => c[0] === "saveStory")[1][2]).toBe(71);
  });

  it("shows what the core stored when it tidied the text", async () => {
    const api = fakeApi({
      saveStory: async (_id, _base, headline, body) => ({ ...claimStory, revision_id: 71, headline: headline.trim(), body: body.trim() }),
    });
    const ws = workspace(api);
    await ws.show(claimStory);
    const view = ws.editor!;
    view.dispatch(view.state.tr.insertText("  ", 1));
    expect(await ws.save()).toBe(true);
    expect(byTestId(pane, "story-headline").textContent).toBe(claimStory.headline);
    expect(ws.dirty).toBe(false);
  });

  it("says so when someone else saved first, keeps the draft and offers a reload", async () => {
    const api = fakeApi({
      saveStory: async () => {
        throw new IpcError("edit-conflict", "story 7 was saved by someone else (revision 71) since revision 70");
      },
    });
    const ws = workspace(api);
    await ws.show(claimStory);
    type(ws, "Mine: ");
    expect(await ws.save()).toBe(false);
    const alert = byTestId(pane, "editor-alert");
    expect(alert.getAttribute("role")).toBe("alert");
    expect(alert.hidden).toBe(false);
    expect(alert.textContent).toContain("Someone else saved this story first");
    expect(readDraft(storage, 7)!.body).toBe(`Mine: ${claimStory.body}`);
    // Reload: the other revision opens; the draft is offered, not applied.
    api.head = { ...claimStory, revision_id: 71, body: claimStory.body.replace("Tuesday", "Monday") };
    byTestId(alert, "reload-button").click();
    await settle();
    expect(api.calls).toContainEqual(["getStory", 7]);
    expect(byTestId(pane, "story-body").textContent).toContain("Monday");
    const notice = byTestId(pane, "draft-notice");
    expect(notice.hidden).toBe(false);
    expect(byTestId<HTMLTextAreaElement>(notice, "draft-text").value).toContain("Mine: ");
    byTestId(notice, "draft-apply").click();
    expect(byTestId(pane, "story-body").textContent).toContain("Mine: ");
    expect(ws.dirty).toBe(true);
  });

  it("offers to merge the draft when someone else saved first, and shows the merged revision", async () => {
    const api = fakeApi({
      saveStory: async () => {
        throw new IpcError("edit-conflict", "story 7 was saved by someone else (revision 71) since revision 70");
      },
    });
    const ws = workspace(api);
    await ws.show(claimStory);
    type(ws, "Mine: ");
    expect(await ws.save()).toBe(false);
    const alert = byTestId(pane, "editor-alert");
    const merge = byTestId<HTMLButtonElement>(alert, "conflict-merge-draft");
    expect(merge.textContent).toBe("Merge my draft");
    // Beside the reload it always offered.
    expect(merge.nextElementSibling).toBe(byTestId(alert, "reload-button"));
    // The revision saved first, newer than the one the editor works from.
    api.head = { ...claimStory, revision_id: 71, body: claimStory.body.replace("Tuesday", "Monday") };
    merge.click();
    await vi.waitFor(() => expect(ws.current!.revision_id).toBe(72));
    expect(api.calls.filter((c) => c[0] === "mergeDraft")).toEqual([
      ["mergeDraft", 7, 70, 71, claimStory.headline, `Mine: ${claimStory.body}`, []],
    ]);
    expect(ws.dirty).toBe(false);
    expect(alert.hidden).toBe(true);
    expect(byTestId(pane, "draft-notice").hidden).toBe(true);
    expect(readDraft(storage, 7)).toBeNull();
    expect(byTestId(pane, "story-body").textContent).toContain("Mine: ");
    expect(byTestId(pane, "editor-status").textContent).toBe("Merged your draft with the other version as revision 72.");
    // The next save is made on the merged revision.
    api.saveStory = async (storyId, base, headline, body) => {
      api.calls.push(["saveStory", storyId, base, headline, body]);
      return { ...api.head, revision_id: base + 1, headline, body };
    };
    type(ws, "Then: ");
    expect(await ws.save()).toBe(true);
    expect(api.calls.filter((c) => c[0] === "saveStory").at(-1)![2]).toBe(72);
  });

  it("keeps the text and its draft when the merge after a refused save fails", async () => {
    const api = fakeApi({
      saveStory: async () => {
        throw new IpcError("edit-conflict", "saved by someone else");
      },
      mergeDraft: async () => {
        throw new IpcError("not-found", "no revision 71 of story 7");
      },
    });
    const ws = workspace(api);
    await ws.show(claimStory);
    type(ws, "Mine: ");
    expect(await ws.save()).toBe(false);
    byTestId(pane, "conflict-merge-draft").click();
    await vi.waitFor(() => expect(byTestId(pane, "editor-alert").textContent).toContain("Could not merge your draft: no revision 71 of story 7."));
    expect(ws.current!.revision_id).toBe(70);
    expect(ws.dirty).toBe(true);
    expect(ws.editor!.editable).toBe(true);
    expect(byTestId(pane, "story-body").textContent).toContain("Mine: ");
    expect(readDraft(storage, 7)!.body).toBe(`Mine: ${claimStory.body}`);
    // Merging again and reloading are still offered.
    expect(byTestId(pane, "conflict-merge-draft")).toBeTruthy();
    expect(byTestId(pane, "reload-button")).toBeTruthy();
  });

  it("shows other save errors without losing the text", async () => {
    const ws = workspace(
      fakeApi({
        saveStory: async () => {
          throw new IpcError("invalid-input", "an edit needs a headline");
        },
      }),
    );
    await ws.show(claimStory);
    type(ws, "x");
    expect(await ws.save()).toBe(false);
    expect(byTestId(pane, "editor-alert").textContent).toBe("Could not save: an edit needs a headline");
    expect(ws.dirty).toBe(true);
    expect(ws.editor!.editable).toBe(true);
  });

  it("keeps the unsaved draft every two seconds and restores it on reopening", async () => {
    vi.useFakeTimers();
    try {
      const ws = workspace(fakeApi());
      await ws.show(claimStory);
      type(ws, "Draft: ");
      expect(storage.getItem(draftKey(7))).toBeNull();
      vi.advanceTimersByTime(2100);
      expect(readDraft(storage, 7)).toMatchObject({ storyId: 7, baseRevisionId: 70, headline: claimStory.headline });
      expect(readDraft(storage, 7)!.body.startsWith("Draft: ")).toBe(true);
    } finally {
      vi.useRealTimers();
    }
    const again = workspace(fakeApi());
    await again.show(claimStory);
    expect(byTestId(pane, "editor-status").textContent).toBe("Restored your unsaved draft from 14:05.");
    expect(byTestId(pane, "story-body").textContent!.startsWith("Draft: ")).toBe(true);
    expect(again.dirty).toBe(true);
    // Its claims still sit on their words.
    expect(marks(pane).map((m) => m.text)).toContain("4,000 tickets");
    await again.save();
    expect(storage.getItem(draftKey(7))).toBeNull();
  });

  it("keeps the draft when another story is opened", async () => {
    const ws = workspace(fakeApi());
    await ws.show(claimStory);
    type(ws, "Half-done ");
    await ws.show({ ...claimStory, id: 8, revision_id: 80 });
    expect(readDraft(storage, 7)!.body.startsWith("Half-done ")).toBe(true);
  });

  it("moves to the claim's card when its highlight is clicked", async () => {
    const ws = workspace(fakeApi());
    await ws.show(claimStory);
    const mark = pane.querySelector<HTMLElement>('[data-testid="claim-mark"][data-claim-id="2"]')!;
    mark.dispatchEvent(new MouseEvent("click", { bubbles: true }));
    expect(ws.panel.card(2)!.getAttribute("aria-current")).toBe("true");
    mark.dispatchEvent(new MouseEvent("click", { bubbles: true, ctrlKey: true }));
    expect(document.activeElement).toBe(ws.panel.card(2));
  });

  it("keeps keys typed in the editor and the claim panel from the inbox", async () => {
    const ws = workspace(fakeApi());
    await ws.show(claimStory);
    const key = (target: Element) => {
      const event = new KeyboardEvent("keydown", { key: "Enter", bubbles: true });
      Object.defineProperty(event, "target", { value: target });
      return ws.owns(event);
    };
    expect(key(ws.editor!.dom)).toBe(true);
    expect(key(byTestId(ws.panel.card(1)!, "claim-dismiss"))).toBe(true);
    expect(key(ws.panel.card(1)!)).toBe(true);
    expect(key(byTestId(pane, "save-button"))).toBe(true);
    expect(key(pane)).toBe(false);
    expect(key(document.body)).toBe(false);
  });

  it("goes from the headline to the body on Enter", async () => {
    const ws = workspace(fakeApi());
    await ws.show(claimStory);
    const view = ws.editor!;
    view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, 3)));
    view.dom.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
    expect(view.state.selection.$from.parent.type.name).toBe("paragraph");
    expect(view.state.selection.from).toBe(bodyBlocks(view.state.doc)[0].pos);
    expect(ws.dirty).toBe(false);
  });

  it("does not let the credit be edited", async () => {
    const ws = workspace(fakeApi());
    await ws.show(claimStory);
    const view = ws.editor!;
    const end = view.state.doc.content.size;
    view.dispatch(view.state.tr.delete(end - view.state.doc.lastChild!.nodeSize, end));
    expect(byTestId(pane, "story-credit").textContent).toBe(claimStory.credit);
    expect(ws.dirty).toBe(false);
  });

  it("still edits when the claims cannot be loaded", async () => {
    const ws = workspace(
      fakeApi({
        storyClaims: async () => {
          throw new IpcError("internal", "database is locked");
        },
      }),
    );
    await ws.show(claimStory);
    expect(byTestId(pane, "claim-message").textContent).toBe("Could not load the claims: database is locked");
    expect(ws.editor!.editable).toBe(true);
  });
});

describe("the story workspace over the real IPC wrappers", () => {
  afterEach(() => clearMocks());

  it("loads claims and saves through invoke with the shell's argument names", async () => {
    const invoked: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      invoked.push([cmd, args]);
      switch (cmd) {
        case "story_claims":
          return storyClaims();
        case "story_integrity":
        case "story_figure_findings":
          return [];
        case "story_cleaning":
          return cleanedCopy(claimStory, [removedPassage(1, "Share this article")]);
        case "save_story": {
          const a = args as { headline: string; body: string };
          return { ...claimStory, revision_id: 71, headline: a.headline, body: a.body };
        }
        default:
          throw { kind: "internal", message: `unexpected command ${cmd}` };
      }
    });
    document.body.replaceChildren();
    const pane = document.createElement("section");
    document.body.append(pane);
    const ws = new StoryWorkspace(pane, ipc, { storage: new MemoryStorage() });
    await ws.show(claimStory);
    expect(marks(pane).map((m) => m.id)).toEqual(["1", "2", "3"]);
    type(ws, "Update: ");
    expect(await ws.save()).toBe(true);
    expect(invoked.find(([cmd]) => cmd === "save_story")![1]).toEqual({
      storyId: 7,
      baseRevisionId: 70,
      headline: claimStory.headline,
      body: `Update: ${claimStory.body}`,
      note: null,
    });
    expect(invoked.filter(([cmd]) => cmd === "story_claims")).toHaveLength(2);
    expect(byTestId(pane, "editor-status").textContent).toBe("Saved revision 71.");
    // What cleaning removed is asked for on opening and again after the save.
    expect(invoked.filter(([cmd]) => cmd === "story_cleaning")).toEqual([
      ["story_cleaning", { storyId: 7 }],
      ["story_cleaning", { storyId: 7 }],
    ]);
    expect(byTestId(pane, "cleaning-button").textContent).toBe("Cleaned: 1 passage removed");
  });

  it("turns the shell's edit-conflict error into the conflict alert", async () => {
    mockIPC((cmd) => {
      if (cmd === "save_story") throw { kind: "edit-conflict", message: "saved by someone else" };
      if (cmd === "story_cleaning") return cleanedCopy(claimStory);
      return [];
    });
    document.body.replaceChildren();
    const pane = document.createElement("section");
    document.body.append(pane);
    const ws = new StoryWorkspace(pane, ipc, { storage: new MemoryStorage() });
    await ws.show(claimStory);
    type(ws, "x");
    expect(await ws.save()).toBe(false);
    expect(byTestId(pane, "editor-alert").textContent).toContain("Someone else saved this story first");
  });
});

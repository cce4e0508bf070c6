// The window runs with a frozen Object.prototype (tauri.conf.json
// freezePrototype). This file freezes it for its own worker and drives the
// editor and the claim panel through opening, typing, saving, marking and a
// status change.
import { TextSelection } from "prosemirror-state";
import { bodyBlocks } from "./editor/positions";
import { claimStory, cleanedCopy, coreOpen, MemoryStorage, storyClaims, storyFindings } from "./fixtures";
import type { Claim } from "./ipc";
import { StoryWorkspace, type WorkspaceApi } from "./story-view";
import { quietStyleApi } from "./test-support";

it("edits, saves and marks claims with a frozen Object.prototype", async () => {
  Object.freeze(Object.prototype);
  const pane = document.createElement("section");
  document.body.append(pane);
  const claims = storyClaims();
  const api: WorkspaceApi = {
    ...quietStyleApi(),
    getStory: async () => claimStory,
    storyClaims: async () => claims,
    storyIntegrity: async () => storyFindings(),
    storyFigureFindings: async () => [],
    storyCleaning: async () => cleanedCopy(claimStory),
    acknowledgeFinding: async () => storyFindings(),
    addClaim: async (_story, start, end, kind) => {
      const claim: Claim = { ...claims[0], id: 60, start, end, kind, text: "added" };
      claims.push(claim);
      return claim;
    },
    updateClaim: async (id, update) => {
      const claim = { ...claims.find((c) => c.id === id)!, ...update } as Claim;
      return { ...claim, open: coreOpen(claim) };
    },
    addClaimEvidence: async () => {
      throw new Error("not in this test");
    },
    dismissClaim: async (id, dismissed) => {
      const claim = { ...claims.find((c) => c.id === id)!, dismissed };
      return { ...claim, open: coreOpen(claim) };
    },
    claimHistory: async () => [],
    mergeDraft: async () => {
      throw new Error("not in this test");
    },
    saveStory: async (_id, _base, headline, body) => ({ ...claimStory, revision_id: 71, headline, body }),
  };
  const ws = new StoryWorkspace(pane, api, { storage: new MemoryStorage() });
  await ws.show(claimStory);
  const view = ws.editor!;
  const first = bodyBlocks(view.state.doc)[0];
  view.dispatch(view.state.tr.insertText("Hi ", first.pos));
  expect(await ws.save()).toBe(true);
  view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, first.pos + 3, first.pos + 7)));
  expect(await ws.markClaim()).not.toBeNull();
  const status = pane.querySelector<HTMLSelectElement>('[data-testid="claim-card"][data-claim-id="1"] [data-testid="claim-status"]')!;
  status.value = "false";
  status.dispatchEvent(new Event("change"));
  for (let i = 0; i < 10; i++) await Promise.resolve();
  expect(pane.querySelector('[data-testid="claim-mark"][data-claim-id="1"]')!.getAttribute("data-status")).toBe("false");
  expect(pane.querySelector('[data-testid="claim-mark"][data-claim-id="60"]')).not.toBeNull();
});

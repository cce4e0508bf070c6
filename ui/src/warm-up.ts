// Opens an invented story once, off screen, before the first real one.
import type { StoryDetail } from "./ipc";
import { StoryWorkspace } from "./story-view";

/** A story the warm-up opens off screen: invented, never stored. */
const WARM_UP_STORY: StoryDetail = {
  id: -1,
  revision_id: -1,
  headline: "Warm-up",
  dateline: "OSLEN",
  byline: null,
  credit: "(Wiredesk)",
  body: "About 700 people came.\n\n\"It went well,\" she said.",
  source: "Wiredesk",
  agency: "Wiredesk",
  publisher: null,
  copy_date: null,
  format: "text",
  state: "new",
  kill_reason: null,
  wire_update: null,
  versions: [],
};

/**
 * Opens an invented story once, off screen, so that the first story the
 * editor opens does not pay for first use (the editor's code compiled, its
 * fonts and styles resolved). Nothing reaches the core or the drafts.
 */
export async function warmUp(document: Document): Promise<void> {
  const host = document.createElement("section");
  host.className = "story-pane warm-up";
  host.setAttribute("aria-hidden", "true");
  document.body.append(host);
  const refuse = async (): Promise<never> => {
    throw new Error("warm-up");
  };
  const claim = {
    id: -1,
    story_id: -1,
    kind: "quantity" as const,
    text: "700 people",
    start: 6,
    end: 16,
    value: "700 people",
    speaker: null,
    status: "unchecked" as const,
    origin: "suggested" as const,
    assignee: null,
    dismissed: false,
    detached: false,
    rule: null,
    rank: 1,
    resolved_against: null,
    timing: false,
    speaker_source: null,
    open: true,
  };
  const workspace = new StoryWorkspace(
    host,
    {
      storyClaims: async () => [claim],
      storyIntegrity: async () => [],
      storyFigureFindings: async () => [],
      addClaim: refuse,
      updateClaim: refuse,
      addClaimEvidence: refuse,
      dismissClaim: refuse,
      claimHistory: async () => [],
      saveStory: refuse,
      mergeDraft: refuse,
      getStory: refuse,
      acknowledgeFinding: refuse,
      storyCleaning: async () => ({ story_id: -1, wire_revision_id: -1, headline: "", body: "", passages: [] }),
      styleCheck: async () => ({ matches: [], guide: "", dialect: "en-US", spelling_problem: null }),
      styleIgnore: refuse,
      addDeskWord: refuse,
    },
    { storage: null },
  );
  try {
    await workspace.show(WARM_UP_STORY);
    await new Promise((resolve) =>
      typeof requestAnimationFrame === "function" ? requestAnimationFrame(resolve) : setTimeout(resolve, 0),
    );
  } finally {
    workspace.clear("");
    host.remove();
  }
}

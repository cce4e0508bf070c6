import { Coalesced, LiveDesk, type LiveDeskTargets } from "./desk-live";
import type { DeskEvent } from "./ipc";
import { deskEvent } from "./test-support";

interface Recorded extends LiveDeskTargets {
  calls: string[];
  open: number | null;
  saved: DeskEvent[];
}

function targets(open: number | null = 7): Recorded {
  const t: Recorded = {
    calls: [],
    open,
    saved: [],
    refreshInbox: () => t.calls.push("inbox"),
    openStoryId: () => t.open,
    refreshClaims: (id) => t.calls.push(`claims ${id}`),
    storySaved: (event) => {
      t.saved.push(event);
      t.calls.push(`saved ${event.revision_id}`);
    },
    wireUpdated: (id) => t.calls.push(`wire ${id}`),
    refreshPresence: () => t.calls.push("presence"),
    refreshAssigned: () => t.calls.push("assigned"),
    feedChanged: (live, message) => t.calls.push(`feed ${live} ${message ?? ""}`.trim()),
  };
  return t;
}

describe("the live desk", () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] }));
  afterEach(() => vi.useRealTimers());

  it("runs coalesced work once per wait, however often it is asked, and again after", () => {
    let runs = 0;
    const work = new Coalesced(() => (runs += 1), 250);
    for (let i = 0; i < 100; i++) work.request();
    expect(work.pending).toBe(true);
    vi.advanceTimersByTime(249);
    expect(runs).toBe(0);
    vi.advanceTimersByTime(1);
    expect(runs).toBe(1);
    work.request();
    vi.advanceTimersByTime(250);
    expect(runs).toBe(2);
  });

  it("refreshes the inbox once for an ingest of 500 files, and keeps refreshing through a long one", () => {
    const t = targets(null);
    const live = new LiveDesk(t, 250);
    for (let i = 1; i <= 500; i++) live.event(deskEvent("ingested", { story_id: i, revision_id: i }));
    vi.advanceTimersByTime(250);
    expect(t.calls).toEqual(["inbox"]);
    // A burst that lasts a second shows its stories as it goes, not only at its end.
    t.calls = [];
    for (let ms = 0; ms < 1000; ms += 10) {
      live.event(deskEvent("ingested", { story_id: 1000 + ms }));
      vi.advanceTimersByTime(10);
    }
    expect(t.calls).toEqual(["inbox", "inbox", "inbox", "inbox"]);
  });

  it("reads the open story's claims again only for its own claim changes, once a burst", () => {
    const t = targets(7);
    const live = new LiveDesk(t, 250);
    live.event(deskEvent("claim-status", { story_id: 7, claim_id: 1 }));
    live.event(deskEvent("claim-note", { story_id: 7, claim_id: 2 }));
    live.event(deskEvent("claim-evidence", { story_id: 9, claim_id: 3 }));
    vi.advanceTimersByTime(250);
    expect(t.calls.filter((c) => c.startsWith("claims"))).toEqual(["claims 7"]);
    // Another story's claims: only its inbox row follows.
    t.calls = [];
    live.event(deskEvent("claim-added", { story_id: 9, claim_id: 4 }));
    vi.advanceTimersByTime(250);
    expect(t.calls).toEqual(["inbox"]);
  });

  it("counts assigned claims again on assignments and status changes, not on notes", () => {
    const t = targets(null);
    const live = new LiveDesk(t, 250);
    live.event(deskEvent("claim-note", { story_id: 3 }));
    vi.advanceTimersByTime(250);
    expect(t.calls).not.toContain("assigned");
    live.event(deskEvent("claim-assigned", { story_id: 3 }));
    live.event(deskEvent("claim-status", { story_id: 3 }));
    vi.advanceTimersByTime(250);
    expect(t.calls.filter((c) => c === "assigned")).toHaveLength(1);
  });

  it("passes saves and wire updates of the open story on at once, and no other story's", () => {
    const t = targets(7);
    const live = new LiveDesk(t, 250);
    live.event(deskEvent("saved", { story_id: 7, revision_id: 71 }));
    live.event(deskEvent("merged", { story_id: 7, revision_id: 72 }));
    live.event(deskEvent("saved", { story_id: 8, revision_id: 81 }));
    live.event(deskEvent("updated", { story_id: 7, revision_id: 73 }));
    expect(t.calls).toEqual(["saved 71", "saved 72", "wire 7"]);
    expect(t.saved.map((e) => e.kind)).toEqual(["saved", "merged"]);
  });

  it("asks who is where on presence changes without touching the inbox", () => {
    const t = targets(7);
    const live = new LiveDesk(t, 250);
    for (let i = 0; i < 20; i++) live.event(deskEvent("presence", { story_id: 7 }));
    vi.advanceTimersByTime(250);
    expect(t.calls).toEqual(["presence"]);
  });

  it("says when the stream is lost, and shows what it missed once it is back", () => {
    const t = targets(null);
    const live = new LiveDesk(t, 250);
    live.feed({ live: false, message: "connection reset" });
    expect(live.following).toBe(false);
    expect(t.calls).toEqual(["feed false connection reset"]);
    live.feed({ live: true, message: null });
    vi.advanceTimersByTime(250);
    expect(live.following).toBe(true);
    expect(t.calls.slice(1).sort()).toEqual(["assigned", "feed true", "inbox", "presence"]);
  });
});

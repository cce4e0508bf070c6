import type { DeskPresence, Presence } from "./ipc";
import { PresenceBoard, presenceWarning, visitorLabel, visitorsByStory, visitorsLabel } from "./presence";
import { PresenceSignal } from "./presence-signal";
import { settle } from "./test-support";

function here(desktop: string, person: string, story_id: number | null, typing = false): Presence {
  return { desktop, person, story_id, typing, beat_at: "2026-11-27T10:00:00Z" };
}

function desk(...presence: Presence[]): DeskPresence {
  return { desktop: "mine", actor: "Rosa Diaz", presence };
}

describe("who else is on the desk", () => {
  it("leaves this desktop out, and people in the inbox", () => {
    const byStory = visitorsByStory(
      desk(here("mine", "Rosa Diaz", 4, true), here("d2", "Anna Berg", 4), here("d3", "Lee Park", null)),
    );
    expect([...byStory.keys()]).toEqual([4]);
    expect(byStory.get(4)).toEqual([{ person: "Anna Berg", typing: false }]);
  });

  it("counts a person on two desktops once, typing if either is, typists first", () => {
    const byStory = visitorsByStory(
      desk(here("d2", "Anna Berg", 4), here("d4", "Anna Berg", 4, true), here("d3", "Lee Park", 4), here("d5", "Zoe Ng", 4, true)),
    );
    expect(byStory.get(4)).toEqual([
      { person: "Anna Berg", typing: true },
      { person: "Zoe Ng", typing: true },
      { person: "Lee Park", typing: false },
    ]);
  });

  it("says who is editing and who only has the story open", () => {
    expect(visitorLabel({ person: "Anna Berg", typing: true })).toBe("Anna Berg is editing");
    expect(visitorLabel({ person: "Anna Berg", typing: false })).toBe("Anna Berg has it open");
    expect(visitorsLabel([])).toBeNull();
    expect(
      visitorsLabel([
        { person: "Anna Berg", typing: true },
        { person: "Lee Park", typing: false },
      ]),
    ).toBe("Anna Berg is editing, Lee Park has it open");
  });

  it("warns an editor before they type, never forbidding it", () => {
    expect(presenceWarning([])).toBeNull();
    expect(presenceWarning([{ person: "Anna Berg", typing: true }])).toBe(
      "Anna Berg is editing this story. You can still edit; a second save will be offered a merge.",
    );
    expect(presenceWarning([{ person: "Anna Berg", typing: false }, { person: "Lee Park", typing: false }])).toBe(
      "Anna Berg and Lee Park have this story open. You can still edit; a second save will be offered a merge.",
    );
  });

  it("keeps the latest answer of the board and tells its listener", async () => {
    let answer = desk(here("d2", "Anna Berg", 4, true));
    let changes = 0;
    const board = new PresenceBoard({ deskPresence: async () => answer }, () => (changes += 1));
    await board.refresh();
    expect(board.actor).toBe("Rosa Diaz");
    expect(board.at(4)).toEqual([{ person: "Anna Berg", typing: true }]);
    answer = desk();
    await board.refresh();
    expect(board.at(4)).toEqual([]);
    expect(changes).toBe(2);
    // The same answer again (a heartbeat): the listener is not told, so the
    // inbox's rows are not drawn again under the reader.
    await board.refresh();
    expect(changes).toBe(2);
  });

  it("drops an answer overtaken by a later ask", async () => {
    const answers: ((value: DeskPresence) => void)[] = [];
    const board = new PresenceBoard({ deskPresence: () => new Promise((resolve) => answers.push(resolve)) }, () => {});
    const first = board.refresh();
    const second = board.refresh();
    answers[1](desk());
    answers[0](desk(here("d2", "Anna Berg", 4)));
    await Promise.all([first, second]);
    expect(board.at(4)).toEqual([]);
  });
});

describe("this desktop's presence", () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] }));
  afterEach(() => vi.useRealTimers());

  it("says which story is open, and typing once a burst, not once a key", async () => {
    const sent: [number | null, boolean][] = [];
    const signal = new PresenceSignal(async (id, typing) => {
      sent.push([id, typing]);
    }, 5000);
    signal.opened(3);
    for (let i = 0; i < 30; i++) {
      signal.keystroke();
      vi.advanceTimersByTime(100);
    }
    expect(sent).toEqual([
      [3, false],
      [3, true],
    ]);
    // The last key was 100 ms ago: typing ends 5 s after it.
    vi.advanceTimersByTime(4899);
    expect(sent).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(sent.at(-1)).toEqual([3, false]);
    signal.keystroke();
    expect(sent.at(-1)).toEqual([3, true]);
    // Another story: typing ends there, and the timer of the last one is gone.
    signal.opened(5);
    vi.advanceTimersByTime(6000);
    expect(sent.slice(-1)).toEqual([[5, false]]);
    signal.opened(null);
    signal.keystroke();
    expect(sent.at(-1)).toEqual([null, false]);
    await settle();
  });

  it("tells the desk again after a refused call", async () => {
    const sent: [number | null, boolean][] = [];
    let refuse = true;
    const signal = new PresenceSignal(async (id, typing) => {
      sent.push([id, typing]);
      if (refuse) throw new Error("library out of reach");
    });
    signal.opened(3);
    await settle();
    refuse = false;
    signal.opened(3);
    expect(sent).toEqual([
      [3, false],
      [3, false],
    ]);
  });
});

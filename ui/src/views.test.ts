import { highlighted } from "./dom";
import { moveSelection, renderInbox } from "./inbox";
import { paragraphs, renderStory, storyFacts } from "./story-parts";
import { detail, summaries } from "./fixtures";

describe("inbox", () => {
  it("renders one row per story, newest first as given, with source, time and headline", () => {
    const list = document.createElement("ul");
    renderInbox(list, summaries.map((story) => ({ kind: "story" as const, story })), 1, new Date(2026, 10, 27, 12));
    const rows = list.querySelectorAll('[data-testid="inbox-row"]');
    expect(rows).toHaveLength(2);
    expect(rows[0].getAttribute("data-story-id")).toBe("2");
    expect(rows[0].querySelector('[data-testid="inbox-source"]')!.textContent).toBe("Meridian Wire");
    expect(rows[1].querySelector('[data-testid="inbox-source"]')!.textContent).toBe("Baltic Newsline via Harbour Times");
    expect(rows[1].getAttribute("aria-selected")).toBe("true");
    expect(rows[1].textContent).toContain("v3");
    expect(rows[1].textContent).toContain("4 open");
  });

  it("shows markup in wire text as text, never as elements", () => {
    const list = document.createElement("ul");
    renderInbox(list, [{ kind: "story", story: summaries[1] }], null);
    expect(list.querySelector("img")).toBeNull();
    expect(list.querySelector('[data-testid="inbox-headline"]')!.textContent).toContain("<img src=x");
  });

  it("says so when there is nothing to show", () => {
    const list = document.createElement("ul");
    renderInbox(list, [], null);
    expect(list.querySelector('[data-testid="inbox-empty"]')).not.toBeNull();
  });

  it("moves the selection within the list", () => {
    expect(moveSelection([5, 4, 3], null, 1)).toBe(5);
    expect(moveSelection([5, 4, 3], null, -1)).toBe(3);
    expect(moveSelection([5, 4, 3], 5, 1)).toBe(4);
    expect(moveSelection([5, 4, 3], 3, 1)).toBe(3);
    expect(moveSelection([5, 4, 3], 5, -1)).toBe(5);
    expect(moveSelection([], null, 1)).toBeNull();
  });
});

describe("search snippets", () => {
  it("marks bracketed matches and keeps everything else as text", () => {
    const host = document.createElement("div");
    host.append(highlighted("a [budget] of <b>9</b> [billion]"));
    expect([...host.querySelectorAll("mark")].map((m) => m.textContent)).toEqual(["budget", "billion"]);
    expect(host.querySelector("b")).toBeNull();
    expect(host.textContent).toBe("a budget of <b>9</b> billion");
  });
});

describe("story view", () => {
  it("splits the body on blank lines", () => {
    expect(paragraphs("One.\n\nTwo\nstill two.\n\n\n\nThree.\n")).toEqual(["One.", "Two\nstill two.", "Three."]);
    expect(paragraphs("")).toEqual([]);
  });

  it("renders headline, facts, paragraphs and credit as text", () => {
    const pane = document.createElement("section");
    renderStory(pane, detail(1));
    expect(pane.querySelector('[data-testid="story-headline"]')!.textContent).toContain("Council <img");
    const body = pane.querySelector('[data-testid="story-body"]')!;
    expect(body.querySelectorAll("p")).toHaveLength(2);
    expect(body.querySelector("script")).toBeNull();
    expect(body.textContent).toContain('<script>alert("x")</script> second paragraph.');
    expect(pane.querySelector('[data-testid="story-facts"]')!.textContent).toContain("HARBOURTON");
    expect(pane.querySelector('[data-testid="story-credit"]')!.textContent).toContain("Reporting by");
    expect(pane.querySelector("img")).toBeNull();
  });

  it("heads the story with its agency, the outlet that carried it and the copy's own date", () => {
    const pane = document.createElement("section");
    renderStory(pane, detail(1));
    const facts = pane.querySelector('[data-testid="story-facts"]')!.textContent!;
    expect(facts.startsWith("Baltic Newsline via Harbour Times · dated 26 Nov 2026 08:15 UTC+05:30 · HARBOURTON")).toBe(true);
    // The editor's header (dateline and byline are in the editor itself).
    expect(storyFacts({ ...detail(1), copy_date: "--05-14" }, false)).toMatch(
      /^Baltic Newsline via Harbour Times · dated 14 May · received /,
    );
    // No date, no "dated".
    expect(storyFacts(detail(2), true)).not.toContain("dated");
    expect(storyFacts(detail(2), true).startsWith("Meridian Wire · HARBOURTON")).toBe(true);
  });

  it("says a killed story is killed, and why", () => {
    const pane = document.createElement("section");
    renderStory(pane, { ...detail(1), state: "killed", kill_reason: "publication status stat:canceled: the report was wrong" });
    expect(pane.querySelector('[data-testid="story-killed"]')!.textContent).toBe(
      "Killed by the agency: publication status stat:canceled: the report was wrong. Do not publish.",
    );
    renderStory(pane, detail(1));
    expect(pane.querySelector('[data-testid="story-killed"]')).toBeNull();
  });
});

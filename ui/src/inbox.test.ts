import { summaries } from "./fixtures";
import { dayStart, FilterBar, isFiltered, normaliseFilter } from "./filter-bar";
import { ROW_HEIGHT, VirtualInbox, visibleRange, type InboxEntry } from "./inbox";
import type { StorySummary } from "./ipc";

function many(count: number): InboxEntry[] {
  return Array.from({ length: count }, (_, i) => ({
    kind: "story" as const,
    story: { ...summaries[0], id: count - i, headline: `Story ${count - i}` } as StorySummary,
  }));
}

describe("the virtual inbox", () => {
  it("computes the rows in view with overscan, clamped to the list", () => {
    expect(visibleRange(0, 560, 56, 1000, 5)).toEqual({ first: 0, last: 15 });
    expect(visibleRange(5600, 560, 56, 1000, 5)).toEqual({ first: 95, last: 115 });
    expect(visibleRange(56_000, 560, 56, 1000, 5)).toEqual({ first: 995, last: 1000 });
    expect(visibleRange(0, 560, 56, 0, 5)).toEqual({ first: 0, last: 0 });
  });

  it("builds only the rows in view for 100,000 entries, at their place", () => {
    const list = document.createElement("ul");
    const inbox = new VirtualInbox(list, () => {});
    inbox.set(many(100_000), null, false);
    const rows = list.querySelectorAll('[data-testid="inbox-row"]');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(60);
    const sizer = list.querySelector<HTMLElement>(".inbox-sizer")!;
    expect(sizer.style.height).toBe(`${100_000 * ROW_HEIGHT}px`);
    list.scrollTop = 50_000 * ROW_HEIGHT;
    inbox.reveal(50_000);
    const ids = [...list.querySelectorAll<HTMLElement>('[data-testid="inbox-row"]')].map((r) => Number(r.dataset.storyId));
    expect(ids).toContain(50_000);
    const row = list.querySelector<HTMLElement>('[data-story-id="50000"]')!;
    expect(row.style.top).toBe(`${50_000 * ROW_HEIGHT}px`);
  });

  it("asks for the next page near the end of what is loaded, and not without more", () => {
    const list = document.createElement("ul");
    let asked = 0;
    const inbox = new VirtualInbox(list, () => (asked += 1));
    inbox.set(many(10), null, true);
    expect(asked).toBe(1);
    inbox.set(many(10), null, false);
    expect(asked).toBe(1);
    inbox.set(many(1000), null, true);
    expect(asked).toBe(1); // the end of 1,000 rows is not in view
    inbox.append(many(5), false);
    expect(inbox.count).toBe(1005);
  });

  it("starts a new list at the top and keeps the place on a refresh", () => {
    const list = document.createElement("ul");
    const inbox = new VirtualInbox(list, () => {});
    inbox.set(many(1000), null, false);
    list.scrollTop = 5000;
    inbox.set(many(1000), null, false, true);
    expect(list.scrollTop).toBe(5000);
    inbox.set(many(10), null, false);
    expect(list.scrollTop).toBe(0);
  });

  it("marks the selected row and says so when nothing matches", () => {
    const list = document.createElement("ul");
    const inbox = new VirtualInbox(list, () => {});
    inbox.set(many(3), 2, false);
    expect(list.querySelector('[aria-selected="true"]')!.getAttribute("data-story-id")).toBe("2");
    inbox.set([], null, false);
    expect(list.querySelector('[data-testid="inbox-empty"]')!.textContent).toBe("No stories match.");
  });

  it("says on a row who else has its story open, and redraws when that changes", () => {
    const list = document.createElement("ul");
    const inbox = new VirtualInbox(list, () => {});
    const who = new Map<number, string>([[1, "Anna Berg is editing"]]);
    inbox.presenceOf = (id) => who.get(id) ?? null;
    inbox.set(summaries.map((story) => ({ kind: "story" as const, story })), null, false);
    const chip = (id: number) => list.querySelector(`[data-story-id="${id}"] [data-testid="inbox-presence"]`)?.textContent ?? null;
    expect([chip(2), chip(1)]).toEqual([null, "Anna Berg is editing"]);
    who.set(2, "Lee Park has it open");
    who.delete(1);
    inbox.repaint();
    expect([chip(2), chip(1)]).toEqual(["Lee Park has it open", null]);
  });

  it("stays on the same rows when stories arrive above them, and shows them at the very top", () => {
    const list = document.createElement("ul");
    const inbox = new VirtualInbox(list, () => {});
    inbox.set(many(300), 250, false);
    list.scrollTop = 40 * ROW_HEIGHT; // story 260 at the top of the view
    const arrived = Array.from({ length: 3 }, (_, i) => ({
      kind: "story" as const,
      story: { ...summaries[0], id: 303 - i, headline: `New ${i}` } as StorySummary,
    }));
    inbox.set([...arrived, ...many(300)], 250, false, true);
    expect(list.scrollTop).toBe(43 * ROW_HEIGHT);
    expect(list.querySelector('[aria-selected="true"]')!.getAttribute("data-story-id")).toBe("250");
    list.scrollTop = 0;
    inbox.set([...arrived.map((a) => ({ ...a, story: { ...a.story, id: a.story.id + 10 } })), ...arrived, ...many(300)], 250, false, true);
    expect(list.scrollTop).toBe(0);
  });

  it("shows slug, state, open claims and the integrity marker of a row", () => {
    const list = document.createElement("ul");
    const inbox = new VirtualInbox(list, () => {});
    inbox.set(summaries.map((story) => ({ kind: "story" as const, story })), null, false);
    const [ferry, council] = list.querySelectorAll<HTMLElement>('[data-testid="inbox-row"]');
    expect(ferry.querySelector('[data-testid="inbox-slug"]')!.textContent).toBe("FERRY-STORM");
    expect(ferry.querySelector('[data-testid="inbox-integrity"]')).toBeNull();
    expect(council.querySelector('[data-testid="inbox-integrity"]')!.textContent).toBe("⚑ 2");
    expect(council.textContent).toContain("v3 · update");
    expect(council.querySelector('[data-testid="inbox-state"]')!.textContent).toBe("editing");
  });
});

describe("the filter bar", () => {
  it("turns a local day into the core's UTC bounds", () => {
    expect(dayStart("", 0)).toBe("");
    expect(dayStart("2026-11-27", 0)).toBe(new Date(2026, 10, 27).toISOString());
    expect(dayStart("2026-12-31", 1)).toBe(new Date(2027, 0, 1).toISOString());
  });

  it("leaves empty fields out and reports each change", () => {
    expect(normaliseFilter({ source: "", state: "new", open_claims: false })).toEqual({ state: "new" });
    expect(isFiltered({})).toBe(false);
    const seen: unknown[] = [];
    const bar = new FilterBar((f) => seen.push(f));
    bar.setSources(["Meridian Wire", "Baltic Newsline"]);
    bar.source.value = "Meridian Wire";
    bar.source.dispatchEvent(new Event("change"));
    bar.openClaims.checked = true;
    bar.openClaims.dispatchEvent(new Event("change"));
    bar.to.value = "2026-11-27";
    bar.to.dispatchEvent(new Event("change"));
    const to = new Date(2026, 10, 28).toISOString(); // the end of the local 27th
    expect(seen.at(-1)).toEqual({ source: "Meridian Wire", open_claims: true, received_to: to });
    bar.from.value = "27 Nov";
    bar.from.dispatchEvent(new Event("change"));
    expect(seen.at(-1)).toEqual({ source: "Meridian Wire", open_claims: true, received_to: to });
    expect(bar.from.getAttribute("aria-invalid")).toBe("true");
    bar.root.querySelector<HTMLButtonElement>('[data-testid="filter-clear"]')!.click();
    expect(seen.at(-1)).toEqual({});
  });

  it("narrows to the stories assigned to this user, and to those waiting on checkers", () => {
    const seen: unknown[] = [];
    const bar = new FilterBar((f) => seen.push(f));
    const assigned = bar.root.querySelector<HTMLInputElement>('[data-testid="filter-assigned-to-me"]')!;
    const waiting = bar.root.querySelector<HTMLInputElement>('[data-testid="filter-waiting-on-checkers"]')!;
    // Nobody to be "me" until the desk says who this is.
    expect(assigned.disabled).toBe(true);
    bar.setUser("Rosa Diaz");
    expect(assigned.disabled).toBe(false);
    assigned.checked = true;
    assigned.dispatchEvent(new Event("change"));
    expect(seen.at(-1)).toEqual({ assigned_to: "Rosa Diaz" });
    waiting.checked = true;
    waiting.dispatchEvent(new Event("change"));
    expect(seen.at(-1)).toEqual({ assigned_to: "Rosa Diaz", waiting_on_checkers: true });
    // A new name for this user: the filter already on follows it.
    bar.setUser("Rosa D.");
    expect(seen.at(-1)).toEqual({ assigned_to: "Rosa D.", waiting_on_checkers: true });
    bar.root.querySelector<HTMLButtonElement>('[data-testid="filter-clear"]')!.click();
    expect(seen.at(-1)).toEqual({});
    expect([assigned.checked, waiting.checked]).toEqual([false, false]);
    expect(normaliseFilter({ assigned_to: "", waiting_on_checkers: false })).toEqual({});
  });

  it("keeps the chosen source when the list of sources changes", () => {
    const bar = new FilterBar(() => {});
    bar.setSources(["A", "B"]);
    bar.source.value = "B";
    bar.setSources(["B", "C"]);
    expect(bar.source.value).toBe("B");
    bar.setSources(["C"]);
    expect(bar.source.value).toBe("");
  });
});

// The inbox: stories newest first, one row each.
import { el, highlighted } from "./dom";
import type { SearchHit, StorySummary } from "./ipc";
import { exactTime, shortTime } from "./time";

export type InboxEntry =
  | { kind: "story"; story: StorySummary }
  | { kind: "hit"; hit: SearchHit };

export function entryId(entry: InboxEntry): number {
  return entry.kind === "story" ? entry.story.id : entry.hit.id;
}

function versionLabel(version: number): string {
  return version > 1 ? `v${version}` : "";
}

function storyRow(story: StorySummary, now: Date): HTMLElement {
  return el(
    "div",
    { class: "row-main" },
    el("span", { class: "source", "data-testid": "inbox-source" }, story.source),
    el(
      "time",
      { class: "received", datetime: story.received_at, title: exactTime(story.received_at) },
      shortTime(story.received_at, now),
    ),
    el("span", { class: "headline", "data-testid": "inbox-headline" }, story.headline),
    el(
      "span",
      { class: "badges" },
      versionLabel(story.version) && el("span", { class: "badge version" }, versionLabel(story.version)),
      el("span", { class: `badge state state-${story.state}` }, story.state),
      story.open_claims > 0 &&
        el("span", { class: "badge claims", title: "open claims" }, `${story.open_claims} open`),
    ),
  );
}

function hitRow(hit: SearchHit, now: Date): HTMLElement {
  const row = el(
    "div",
    { class: "row-main" },
    el(
      "time",
      { class: "received", datetime: hit.received_at, title: exactTime(hit.received_at) },
      shortTime(hit.received_at, now),
    ),
    el("span", { class: "headline", "data-testid": "inbox-headline" }, hit.headline),
  );
  const snippet = el("div", { class: "snippet", "data-testid": "search-snippet" });
  snippet.append(highlighted(hit.snippet));
  return el("div", {}, row, snippet);
}

/** Renders the list into `list`, marking `selectedId`. */
export function renderInbox(
  list: HTMLElement,
  entries: InboxEntry[],
  selectedId: number | null,
  now: Date = new Date(),
): void {
  list.replaceChildren(
    ...entries.map((entry) => {
      const id = entryId(entry);
      const row = el(
        "li",
        {
          class: "inbox-row",
          role: "option",
          "data-testid": "inbox-row",
          "data-story-id": String(id),
          "aria-selected": String(id === selectedId),
        },
        entry.kind === "story" ? storyRow(entry.story, now) : hitRow(entry.hit, now),
      );
      return row;
    }),
  );
  if (entries.length === 0) {
    list.append(el("li", { class: "inbox-empty", "data-testid": "inbox-empty" }, "No stories."));
  }
}

/** The id after moving `step` rows from `current` (clamped to the list). */
export function moveSelection(ids: number[], current: number | null, step: number): number | null {
  if (ids.length === 0) return null;
  const at = current === null ? -1 : ids.indexOf(current);
  if (at === -1) return step > 0 ? ids[0] : ids[ids.length - 1];
  const next = Math.min(ids.length - 1, Math.max(0, at + step));
  return ids[next];
}

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
  return version > 1 ? `v${version} · update` : "";
}

/** "Anna Berg is editing": who else has the story open, small and muted. */
function presenceChip(label: string | null): HTMLElement | false {
  return label !== null && el("span", { class: "presence-chip", "data-testid": "inbox-presence", title: label }, label);
}

function storyRow(story: StorySummary, now: Date, presence: string | null): HTMLElement {
  return el(
    "div",
    { class: "row-main" },
    el("span", { class: "source", "data-testid": "inbox-source", title: story.source }, story.source),
    el(
      "time",
      { class: "received", datetime: story.received_at, title: exactTime(story.received_at) },
      shortTime(story.received_at, now),
    ),
    el(
      "span",
      { class: "badges" },
      presenceChip(presence),
      story.slug && el("span", { class: "slug", "data-testid": "inbox-slug" }, story.slug),
      versionLabel(story.version) && el("span", { class: "badge version" }, versionLabel(story.version)),
      el("span", { class: `badge state state-${story.state}`, "data-testid": "inbox-state" }, story.state),
      story.open_claims > 0 &&
        el("span", { class: "badge claims", title: "claims still to check" }, `${story.open_claims} open`),
      story.wire_update &&
        el(
          "span",
          {
            class: "badge update",
            "data-testid": "inbox-update",
            title: "The agency sent a newer version, not merged into the desk's edit yet",
          },
          "⇅ update",
        ),
      story.integrity_findings > 0 &&
        el(
          "span",
          {
            class: "badge findings",
            "data-testid": "inbox-integrity",
            title: `${story.integrity_findings} integrity finding${story.integrity_findings === 1 ? "" : "s"}: what the wire copy does not back, figures that disagree`,
          },
          `⚑ ${story.integrity_findings}`,
        ),
    ),
    el("span", { class: "headline", "data-testid": "inbox-headline" }, story.headline),
  );
}

function hitRow(hit: SearchHit, now: Date, presence: string | null): HTMLElement {
  const row = el(
    "div",
    { class: "row-main hit" },
    el(
      "time",
      { class: "received", datetime: hit.received_at, title: exactTime(hit.received_at) },
      shortTime(hit.received_at, now),
    ),
    el("span", { class: "headline", "data-testid": "inbox-headline" }, presenceChip(presence), hit.headline),
  );
  const snippet = el("div", { class: "snippet", "data-testid": "search-snippet" });
  snippet.append(highlighted(hit.snippet));
  return el("div", {}, row, snippet);
}

/** One row of the inbox; `presence` says who else has its story open. */
export function inboxRow(entry: InboxEntry, selectedId: number | null, now: Date, presence: string | null = null): HTMLLIElement {
  const id = entryId(entry);
  return el(
    "li",
    {
      class: "inbox-row",
      role: "option",
      "data-testid": "inbox-row",
      "data-story-id": String(id),
      "aria-selected": String(id === selectedId),
    },
    entry.kind === "story" ? storyRow(entry.story, now, presence) : hitRow(entry.hit, now, presence),
  );
}

/** Renders every entry into `list`, marking `selectedId` (small lists). */
export function renderInbox(
  list: HTMLElement,
  entries: InboxEntry[],
  selectedId: number | null,
  now: Date = new Date(),
): void {
  list.replaceChildren(...entries.map((entry) => inboxRow(entry, selectedId, now)));
  if (entries.length === 0) {
    list.append(el("li", { class: "inbox-empty", "data-testid": "inbox-empty" }, "No stories."));
  }
}

/** The rows `[first, last)` to build for a viewport, with `overscan` rows either side. */
export function visibleRange(
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number,
  count: number,
  overscan = 8,
): { first: number; last: number } {
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(count, Math.ceil((scrollTop + viewportHeight) / rowHeight) + overscan);
  return { first, last: Math.max(first, last) };
}

/** Row height in pixels; the CSS gives `.inbox-row` the same. */
export const ROW_HEIGHT = 56;
/** Used when the list has no layout yet (hidden, or under test). */
const FALLBACK_VIEWPORT = 900;

/**
 * The inbox as a virtual list: however many entries are loaded, only the
 * rows in view (and a few either side) exist in the DOM. When the view
 * nears the end of what is loaded, `onNearEnd` asks for the next page.
 */
export class VirtualInbox {
  private entries: InboxEntry[] = [];
  private selectedId: number | null = null;
  private hasMore = false;
  private readonly sizer: HTMLLIElement;
  private frame = 0;
  now: () => Date = () => new Date();
  /** Who else has a story open ("Anna Berg is editing"), or null. */
  presenceOf: (storyId: number) => string | null = () => null;

  constructor(
    readonly list: HTMLElement,
    private readonly onNearEnd: () => void,
  ) {
    this.sizer = el("li", { class: "inbox-sizer", "aria-hidden": "true" });
    list.classList.add("virtual");
    list.addEventListener("scroll", () => this.schedule());
  }

  get count(): number {
    return this.entries.length;
  }

  /** The last story loaded (the next page continues after it). */
  lastStory(): StorySummary | null {
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const entry = this.entries[i];
      if (entry.kind === "story") return entry.story;
    }
    return null;
  }

  ids(): number[] {
    return this.entries.map(entryId);
  }

  /** Replaces the entries; `hasMore` when another page may follow. A new
   *  list (another filter, a search) starts at the top; a refresh of the
   *  same list (`keepScroll`) stays where the editor was: on the same rows,
   *  however many arrived above them (at the very top, the new rows show). */
  set(entries: InboxEntry[], selectedId: number | null, hasMore: boolean, keepScroll = false): void {
    if (!keepScroll) this.list.scrollTop = 0;
    else this.keepAnchor(entries);
    this.entries = entries;
    this.selectedId = selectedId;
    this.hasMore = hasMore;
    this.render();
  }

  /** Scrolls so the row at the top of the view stays there in `entries`. */
  private keepAnchor(entries: InboxEntry[]): void {
    const top = this.list.scrollTop;
    if (top <= 0) return;
    const first = Math.floor(top / ROW_HEIGHT);
    const anchor = this.entries[first];
    if (!anchor) return;
    const id = entryId(anchor);
    const now = entries.findIndex((e) => entryId(e) === id);
    if (now === -1 || now === first) return;
    this.list.scrollTop = top + (now - first) * ROW_HEIGHT;
  }

  /** Draws the rows again (who has which story open changed); nothing
   *  before the first rows are set. */
  repaint(): void {
    if (this.entries.length > 0) this.render();
  }

  /** Adds the next page. */
  append(entries: InboxEntry[], hasMore: boolean): void {
    this.entries = this.entries.concat(entries);
    this.hasMore = hasMore;
    this.render();
  }

  select(id: number | null): void {
    this.selectedId = id;
    this.render();
  }

  /** Scrolls so that `id`'s row is in view. */
  reveal(id: number): void {
    const index = this.entries.findIndex((e) => entryId(e) === id);
    if (index === -1) return;
    const top = index * ROW_HEIGHT;
    const view = this.list.clientHeight || FALLBACK_VIEWPORT;
    if (top < this.list.scrollTop) this.list.scrollTop = top;
    else if (top + ROW_HEIGHT > this.list.scrollTop + view) this.list.scrollTop = top + ROW_HEIGHT - view;
    this.render();
  }

  private schedule(): void {
    if (this.frame) return;
    const run = () => {
      this.frame = 0;
      this.render();
    };
    this.frame = typeof requestAnimationFrame === "function" ? requestAnimationFrame(run) : (run(), 0);
  }

  private render(): void {
    const view = this.list.clientHeight || FALLBACK_VIEWPORT;
    const { first, last } = visibleRange(this.list.scrollTop, view, ROW_HEIGHT, this.entries.length);
    this.sizer.style.height = `${this.entries.length * ROW_HEIGHT}px`;
    const now = this.now();
    const rows: HTMLElement[] = [this.sizer];
    for (let i = first; i < last; i++) {
      const entry = this.entries[i];
      const row = inboxRow(entry, this.selectedId, now, this.presenceOf(entryId(entry)));
      // `top`, not a transform: tools that read the page (screen readers,
      // WebDriver's visibility check) place transformed rows wrongly.
      row.style.top = `${i * ROW_HEIGHT}px`;
      row.setAttribute("aria-posinset", String(i + 1));
      rows.push(row);
    }
    if (this.entries.length === 0) {
      rows.push(el("li", { class: "inbox-empty", "data-testid": "inbox-empty" }, "No stories match."));
    }
    this.list.replaceChildren(...rows);
    if (this.hasMore && last >= this.entries.length - 20) this.onNearEnd();
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

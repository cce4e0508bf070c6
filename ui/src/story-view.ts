// The story pane: headline, facts line, body paragraphs, credit, wire versions.
import { el } from "./dom";
import type { StoryDetail } from "./ipc";
import { exactTime } from "./time";

/** Body text as paragraphs (the core separates them with a blank line). */
export function paragraphs(body: string): string[] {
  return body
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter((p) => p !== "");
}

export function renderStory(pane: HTMLElement, story: StoryDetail): void {
  const latest = story.versions[story.versions.length - 1];
  const facts = [
    story.source,
    story.dateline,
    story.byline,
    latest ? `received ${exactTime(latest.received_at)}` : null,
    `${story.versions.length} wire version${story.versions.length === 1 ? "" : "s"}`,
    story.format,
    story.state,
  ].filter((f): f is string => Boolean(f));

  pane.replaceChildren(
    el(
      "article",
      { class: "story", "data-testid": "story", "data-story-id": String(story.id) },
      el("h1", { class: "story-headline", "data-testid": "story-headline" }, story.headline),
      el("p", { class: "story-facts", "data-testid": "story-facts" }, facts.join(" · ")),
      story.state === "killed" &&
        el(
          "p",
          { class: "story-killed", role: "alert", "data-testid": "story-killed" },
          `Killed by the agency${story.kill_reason ? `: ${story.kill_reason}` : ""}. Do not publish.`,
        ),
      el(
        "div",
        { class: "story-body", "data-testid": "story-body" },
        ...paragraphs(story.body).map((p) => el("p", {}, p)),
      ),
      story.credit && el("p", { class: "story-credit", "data-testid": "story-credit" }, story.credit),
      el(
        "details",
        { class: "story-versions" },
        el("summary", {}, "Wire versions"),
        el(
          "ul",
          {},
          ...story.versions.map((v) =>
            el(
              "li",
              {},
              `v${v.version} · ${exactTime(v.received_at)} · ${v.format} · ${v.encoding} · ${v.byte_len} bytes · ${v.file}`,
            ),
          ),
        ),
      ),
    ),
  );
}

export function renderStoryPlaceholder(pane: HTMLElement, message: string): void {
  pane.replaceChildren(el("p", { class: "story-placeholder", "data-testid": "story-placeholder" }, message));
}

/** What the story pane needs from Rust. */
export type WorkspaceApi = Pick<
  typeof import("./ipc"),
  | "storyClaims"
  | "addClaim"
  | "updateClaim"
  | "addClaimEvidence"
  | "dismissClaim"
  | "claimHistory"
  | "saveStory"
  | "storyIntegrity"
>;

/** The open story: for now the read-only view; the editor and claim panel grow here. */
export class StoryWorkspace {
  constructor(
    readonly pane: HTMLElement,
    readonly api: WorkspaceApi,
  ) {}

  /** Shows `story` in the pane. */
  async show(story: StoryDetail): Promise<void> {
    renderStory(this.pane, story);
  }

  /** A placeholder instead of a story. */
  clear(message: string): void {
    renderStoryPlaceholder(this.pane, message);
  }

  /** Whether a key event belongs to the story pane (typing in the editor). */
  owns(event: KeyboardEvent): boolean {
    const target = event.target as Element | null;
    return Boolean(target && this.pane.contains(target) && target.closest('[contenteditable="true"], input, textarea, select'));
  }
}

// The story pane's pieces, drawn from what they are given: its header facts,
// the notice of a kill or of the agency's later versions, the wire versions,
// the read-only rendering, the toolbar, the draft offer, the cleaning
// label, and another person's save of the story. DOM only, no state.
import { el } from "./dom";
import { cleaningLabel } from "./cleaning-view";
import { draftClock, type Draft } from "./editor/draft";
import { CLAIM_KINDS, type RemovedPassage, type StoryDetail } from "./ipc";
import { copyDateLabel, exactTime } from "./time";

/** Body text as paragraphs (the core separates them with a blank line). */
export function paragraphs(body: string): string[] {
  return body
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter((p) => p !== "");
}

/** The story's header line: who sent it (agency, and the outlet that
 *  carried it), its own date, then what the library knows of it. */
export function storyFacts(story: StoryDetail, withLines: boolean): string {
  const latest = story.versions[story.versions.length - 1];
  return [
    story.source,
    story.copy_date ? `dated ${copyDateLabel(story.copy_date)}` : null,
    withLines && story.dateline,
    withLines && story.byline,
    latest ? `received ${exactTime(latest.received_at)}` : null,
    `${story.versions.length} wire version${story.versions.length === 1 ? "" : "s"}`,
    story.format,
    story.state,
  ]
    .filter((f): f is string => Boolean(f))
    .join(" · ");
}

export function killedNotice(story: StoryDetail): HTMLElement | false {
  return (
    story.state === "killed" &&
    el(
      "p",
      { class: "story-killed", role: "alert", "data-testid": "story-killed" },
      `Killed by the agency${story.kill_reason ? `: ${story.kill_reason}` : ""}. Do not publish.`,
    )
  );
}

/** What the desk can do about the agency's later versions: see what changed
 *  and, when the edited copy has not taken the newest one, merge it. */
export type WireAction = "wire-changes" | "merge";

export function wireNotice(story: StoryDetail, act: (action: WireAction) => void): HTMLElement | false {
  const button = (action: WireAction, testid: string, label: string, title: string) => {
    const b = el("button", { type: "button", "data-testid": testid, title }, label);
    b.addEventListener("click", () => act(action));
    return b;
  };
  const latest = story.versions.length;
  if (story.wire_update !== null) {
    return el(
      "div",
      { class: "wire-update", role: "alert", "data-testid": "wire-update" },
      el("span", {}, `The agency sent version ${story.wire_update} after the desk began editing.`),
      button("wire-changes", "wire-changes-button", "What the agency changed", `Wire version ${latest - 1} against ${latest} (w)`),
      button("merge", "merge-button", "Merge…", "Merge the agency's changes into the desk's copy (m)"),
    );
  }
  if (latest < 2) return false;
  return el(
    "div",
    { class: "wire-update quiet", "data-testid": "wire-versions-notice" },
    el("span", {}, `${latest} wire versions.`),
    button("wire-changes", "wire-changes-button", `What the agency changed in v${latest}`, `Wire version ${latest - 1} against ${latest} (w)`),
  );
}

export function versionsList(story: StoryDetail): HTMLElement {
  return el(
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
  );
}

/** The story read-only: headline, facts line, body paragraphs, credit, wire versions. */
export function renderStory(pane: HTMLElement, story: StoryDetail): void {
  pane.replaceChildren(
    el(
      "article",
      { class: "story", "data-testid": "story", "data-story-id": String(story.id) },
      el("h1", { class: "story-headline", "data-testid": "story-headline" }, story.headline),
      el("p", { class: "story-facts", "data-testid": "story-facts" }, storyFacts(story, true)),
      killedNotice(story),
      el(
        "div",
        { class: "story-body", "data-testid": "story-body" },
        ...paragraphs(story.body).map((p) => el("p", {}, p)),
      ),
      story.credit && el("p", { class: "story-credit", "data-testid": "story-credit" }, story.credit),
      versionsList(story),
    ),
  );
}

export function renderStoryPlaceholder(pane: HTMLElement, message: string): void {
  pane.replaceChildren(el("p", { class: "story-placeholder", "data-testid": "story-placeholder" }, message));
}

/** The editor's toolbar: Save, the kind of claim to mark, Mark as claim,
 *  and the saved / unsaved label. */
export function storyToolbar(
  dirtyLabel: HTMLElement,
  act: { save: () => void; markClaim: () => void },
): { toolbar: HTMLElement; saveButton: HTMLButtonElement; kindSelect: HTMLSelectElement; markButton: HTMLButtonElement } {
  const saveButton = el(
    "button",
    { type: "button", "data-testid": "save-button", title: "Save a new revision (Ctrl+S)" },
    "Save",
  );
  saveButton.addEventListener("click", () => act.save());
  const kindSelect = el(
    "select",
    { "data-testid": "claim-kind-select" },
    ...CLAIM_KINDS.map((k) => el("option", { value: k }, k)),
  );
  kindSelect.value = "statement";
  const markButton = el(
    "button",
    { type: "button", "data-testid": "mark-claim-button", title: "Mark the selected words as a claim (Ctrl+Shift+M)" },
    "Mark as claim",
  );
  markButton.addEventListener("click", () => act.markClaim());
  // Buttons act on the editor's selection: clicking them keeps it focused.
  for (const b of [saveButton, markButton]) b.addEventListener("mousedown", (e) => e.preventDefault());
  const toolbar = el(
    "div",
    { class: "editor-toolbar", role: "toolbar", "aria-label": "Story editor" },
    saveButton,
    el("span", { class: "toolbar-gap" }),
    el("label", {}, "Claim kind ", kindSelect),
    markButton,
    dirtyLabel,
  );
  return { toolbar, saveButton, kindSelect, markButton };
}

/** The offer of a draft made on an earlier revision: what the notice holds. */
export function draftOffer(draft: Draft, act: { apply: () => void; discard: () => void }): HTMLElement[] {
  const apply = el("button", { type: "button", "data-testid": "draft-apply" }, "Use my draft");
  const discard = el("button", { type: "button", "data-testid": "draft-discard" }, "Discard it");
  const text = el("textarea", { readonly: "", rows: "8", "data-testid": "draft-text", "aria-label": "Your draft" });
  text.value = `${draft.headline}\n\n${draft.body}`;
  apply.addEventListener("click", () => act.apply());
  discard.addEventListener("click", () => act.discard());
  return [
    el(
      "p",
      {},
      `You have an unsaved draft from ${draftClock(draft)}, made on an earlier revision of this story. It has not been applied.`,
    ),
    el("div", { class: "draft-actions" }, apply, discard),
    el("details", {}, el("summary", {}, "Show the draft"), text),
  ];
}

/** "Cleaned: N passages removed" for the story's header, opening the
 *  cleaning view; for copy the cleaner saw remove nothing, saying so. */
export function cleaningHeader(passages: RemovedPassage[], cleaned: boolean, open: () => void): HTMLElement[] {
  const label = cleaningLabel(passages);
  if (passages.length === 0) {
    return cleaned ? [el("span", { class: "cleaning-none", "data-testid": "cleaning-none" }, label)] : [];
  }
  const button = el(
    "button",
    {
      type: "button",
      class: "cleaning-button",
      "data-testid": "cleaning-button",
      title: "See what cleaning removed from the agency's copy, and put passages back (r)",
    },
    label,
  );
  button.addEventListener("click", () => open());
  return [button];
}

/** What the editor can do about another person's save of the open story:
 *  see it against their own base, or take it up (merging the unsaved text
 *  into it, or just opening it when there is none). */
export interface TheirSaveActions {
  compare: () => void;
  merge: () => void;
}

/** The label of the button that takes another person's save up: with
 *  unsaved text it is merged into theirs, without it their version just loads. */
export function theirSaveMergeLabel(dirty: boolean): string {
  return dirty ? "Merge my draft" : "Load their version";
}

/** Labels the button that takes another person's save up, as the editor's
 *  text is now (unsaved or not). */
export function paintTheirSaveMerge(button: HTMLButtonElement, dirty: boolean): void {
  button.textContent = theirSaveMergeLabel(dirty);
  button.title = dirty
    ? "Merge your unsaved text with their version and save both; where you changed the same words you choose"
    : "Open their version";
}

/** "Anna Berg saved a new version — Compare · Merge my draft". */
export function theirSaveBanner(
  actor: string,
  dirty: boolean,
  act: TheirSaveActions,
): { banner: HTMLElement; mergeButton: HTMLButtonElement } {
  const compare = el(
    "button",
    { type: "button", "data-testid": "live-save-compare", title: "Their version against the one you are editing from" },
    "Compare",
  );
  const mergeButton = el("button", { type: "button", "data-testid": "live-save-merge" });
  paintTheirSaveMerge(mergeButton, dirty);
  compare.addEventListener("click", () => act.compare());
  mergeButton.addEventListener("click", () => act.merge());
  const banner = el(
    "div",
    { class: "wire-update live-save", role: "alert", "data-testid": "live-save-banner" },
    el("span", {}, `${actor} saved a new version — `),
    compare,
    el("span", { class: "live-save-dot", "aria-hidden": "true" }, "·"),
    mergeButton,
  );
  return { banner, mergeButton };
}

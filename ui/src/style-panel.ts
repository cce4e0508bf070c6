// The Style tab beside the editor: the open story's house style matches,
// grouped by rule, each with its one-click fixes, "Ignore here" and (for
// spelling) "Add to dictionary"; a rule's fixes all at once. What is shown
// is built from text nodes; what a button does is the workspace's.
import { el } from "./dom";
import type { StyleCheck, StyleMatch } from "./ipc";
import type { StyleFix } from "./editor/style-marks";

/** A match of the check shown, by its index there (the id its decoration carries). */
export interface NumberedMatch {
  id: number;
  match: StyleMatch;
}

/** One rule's matches, in the order they are in the text. */
export interface StyleGroup {
  rule: string;
  matches: NumberedMatch[];
}

/** The matches grouped by rule, the rules in the order they first match. */
export function groupByRule(matches: NumberedMatch[]): StyleGroup[] {
  const groups = new Map<string, StyleGroup>();
  for (const m of matches) {
    let group = groups.get(m.match.rule);
    if (!group) groups.set(m.match.rule, (group = { rule: m.match.rule, matches: [] }));
    group.matches.push(m);
  }
  for (const group of groups.values()) group.matches.sort((a, b) => a.match.start - b.match.start);
  return [...groups.values()];
}

/** The one-click fixes of `matches`: those whose rule suggests a text. */
export function suggestedFixes(matches: NumberedMatch[]): StyleFix[] {
  return matches.flatMap((m) => (m.match.suggestion === null ? [] : [{ id: m.id, text: m.match.suggestion }]));
}

/** What a match can become: its suggestions (the first being `suggestion`). */
export function candidates(match: StyleMatch): string[] {
  const all = match.suggestions.length > 0 ? match.suggestions : match.suggestion === null ? [] : [match.suggestion];
  return [...new Set(all)].slice(0, 4);
}

/** Whether a match's words can go into the desk dictionary. */
export function isDictionaryMatch(match: Pick<StyleMatch, "kind">): boolean {
  return match.kind === "spelling" || match.kind === "names";
}

/** "Style (3)": the tab's label. */
export function styleTabLabel(count: number): string {
  return count === 0 ? "Style" : `Style (${count})`;
}

export interface StyleActions {
  /** Makes these fixes in the editor, in one transaction. */
  fix(fixes: StyleFix[]): void;
  ignore(match: StyleMatch): void;
  addWord(match: StyleMatch): void;
  /** Selects match `id`'s words in the editor. */
  locate(id: number): void;
}

export class StylePanel {
  readonly root: HTMLElement;
  private matches: NumberedMatch[] = [];
  private readonly summary = el("span", { class: "style-count", "data-testid": "style-count" });
  private readonly problem = el("p", { class: "style-problem", role: "note", "data-testid": "style-spelling-problem" });
  private readonly message = el("p", { class: "style-message", role: "status", "data-testid": "style-message" });
  private readonly groups = el("div", { class: "style-groups" });
  /** Called with how many matches are listed, for the tab's label. */
  onCount: (count: number) => void = () => {};

  constructor(private readonly actions: StyleActions) {
    this.problem.hidden = true;
    this.message.hidden = true;
    this.root = el(
      "aside",
      { class: "style-panel", "data-testid": "style-panel", "aria-label": "House style" },
      el("div", { class: "style-panel-head" }, el("h2", {}, "House style ", this.summary)),
      this.problem,
      this.message,
      this.groups,
    );
    this.render();
  }

  /** Shows a check's matches (null: none yet). */
  setCheck(check: StyleCheck | null): void {
    this.matches = (check?.matches ?? []).map((match, id) => ({ id, match }));
    this.summary.textContent = check ? `${check.guide} · ${check.dialect}` : "";
    this.problem.hidden = !check?.spelling_problem;
    this.problem.textContent = check?.spelling_problem ? `Spelling not checked: ${check.spelling_problem}` : "";
    this.render();
  }

  /** Takes matches `ids` off the list (fixed in the editor). */
  fixed(ids: number[]): void {
    this.matches = this.matches.filter((m) => !ids.includes(m.id));
    this.render();
  }

  setMessage(text: string | null, isError = false): void {
    this.message.hidden = text === null;
    this.message.textContent = text ?? "";
    this.message.classList.toggle("error", isError);
  }

  /** Marks match `id`'s entry current and scrolls to it. */
  focusMatch(id: number): void {
    for (const other of this.root.querySelectorAll(".style-match.current")) other.classList.remove("current");
    const entry = this.root.querySelector<HTMLElement>(`[data-testid="style-match"][data-match-id="${id}"]`);
    if (!entry) return;
    entry.classList.add("current");
    entry.scrollIntoView?.({ block: "nearest" });
    entry.querySelector<HTMLButtonElement>("button")?.focus();
  }

  get count(): number {
    return this.matches.length;
  }

  private render(): void {
    const groups = groupByRule(this.matches);
    this.groups.replaceChildren(
      ...groups.map((g) => this.group(g)),
      ...(groups.length === 0 ? [el("p", { class: "style-empty", "data-testid": "style-empty" }, "Nothing against the house style.")] : []),
    );
    this.onCount(this.matches.length);
  }

  private group(group: StyleGroup): HTMLElement {
    const fixes = suggestedFixes(group.matches);
    const first = group.matches[0].match;
    const fixAll = el(
      "button",
      { type: "button", class: "style-fix-all", "data-testid": "style-fix-all", title: `Make every ${group.rule} fix in the text` },
      `Fix all (${fixes.length})`,
    );
    fixAll.addEventListener("click", () => this.actions.fix(fixes));
    return el(
      "section",
      { class: `style-group style-group-${first.severity}`, "data-testid": "style-group", "data-rule": group.rule },
      el(
        "div",
        { class: "style-group-head" },
        el("h4", {}, group.rule, " ", el("span", { class: "style-rule-count" }, `(${group.matches.length})`)),
        fixes.length > 1 ? fixAll : null,
      ),
      el("ul", { class: "style-list" }, ...group.matches.map((m) => this.entry(m))),
    );
  }

  private entry({ id, match }: NumberedMatch): HTMLElement {
    const locate = el("button", { type: "button", class: "style-match-text", "data-testid": "style-locate", title: "Show in the text" }, `“${match.text}”`);
    locate.addEventListener("click", () => this.actions.locate(id));
    const fixes = candidates(match).map((text) => {
      const b = el("button", { type: "button", class: "style-fix", "data-testid": "style-fix", title: `Replace with “${text}”` }, text === "" ? "(remove)" : text);
      b.addEventListener("click", () => this.actions.fix([{ id, text }]));
      return b;
    });
    const ignore = el(
      "button",
      { type: "button", class: "style-ignore", "data-testid": "style-ignore", title: `Stop ${match.rule} flagging “${match.text}” in this story` },
      "Ignore here",
    );
    ignore.addEventListener("click", () => this.actions.ignore(match));
    let addWord: HTMLButtonElement | null = null;
    if (isDictionaryMatch(match)) {
      addWord = el(
        "button",
        { type: "button", class: "style-add-word", "data-testid": "style-add-word", title: `Accept “${match.text}” in every story` },
        "Add to dictionary",
      );
      addWord.addEventListener("click", () => this.actions.addWord(match));
    }
    return el(
      "li",
      { class: `style-match style-match-${match.severity}`, "data-testid": "style-match", "data-rule": match.rule, "data-match-id": String(id) },
      el("div", { class: "style-match-line" }, locate, fixes.length > 0 ? el("span", { class: "style-arrow", "aria-hidden": "true" }, "→") : null, ...fixes),
      el("p", { class: "style-match-message" }, match.message),
      el("div", { class: "style-match-actions" }, ignore, addWord),
    );
  }
}

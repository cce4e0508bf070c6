// Preferences → House style: the desk's guide (replaced by a starter guide
// on request), its dialect, its rules (each switched on or off, edited in
// the rule editor, removed), and the desk dictionary that spelling accepts,
// with names learned from the library's copy.
import { el } from "./dom";
import { DIALECTS, errorText, type DeskWord, type Dialect, type StyleGuide, type StyleRule, type StyleSettings } from "./ipc";
import { RuleEditor, type RuleEditorApi } from "./style-rule-editor";

export type StyleApi = RuleEditorApi &
  Pick<
    typeof import("./ipc"),
    | "styleSettings"
    | "styleRemoveRule"
    | "styleUseGuide"
    | "styleSetDialect"
    | "styleLearnNames"
    | "styleImportGuide"
    | "styleExportGuide"
    | "addDeskWord"
    | "removeDeskWord"
  >;

/** "Added 12 names from 340 stories." */
export function learnedText(learned: { stories: number; added: number }): string {
  const names = learned.added === 1 ? "1 name" : `${learned.added.toLocaleString("en-GB")} names`;
  const stories = learned.stories === 1 ? "1 story" : `${learned.stories.toLocaleString("en-GB")} stories`;
  return `Added ${names} from ${stories}.`;
}

export class StyleSection {
  readonly element: HTMLElement;
  readonly editor: RuleEditor;
  private settings: StyleSettings | null = null;
  private readonly guideLine = el("p", { class: "hint", "data-testid": "style-guide" });
  private readonly starter = el("select", { "data-testid": "style-starter", "aria-label": "Starter guide" });
  private readonly confirmBox = el("div", { class: "style-confirm", role: "alert", "data-testid": "style-guide-confirm" });
  private readonly dialect = el(
    "select",
    { "data-testid": "style-dialect", name: "style-dialect" },
    ...DIALECTS.map((d) => el("option", { value: d }, d === "en-US" ? "American (en-US)" : "British (en-GB)")),
  );
  private readonly rules = el("ul", { class: "style-rules", "data-testid": "style-rules" });
  private readonly words = el("ul", { class: "desk-words", "data-testid": "desk-words" });
  private readonly wordInput = el("input", {
    type: "text",
    "data-testid": "desk-word-input",
    "aria-label": "Word or name to accept",
    placeholder: "Word or name",
    autocomplete: "off",
    spellcheck: "false",
  });
  private readonly learned = el("p", { class: "pref-state", role: "status", "data-testid": "style-learned" });
  private readonly message = el("p", { class: "pref-state", role: "status", "data-testid": "style-message" });

  constructor(private readonly api: StyleApi) {
    this.editor = new RuleEditor(api);
    this.editor.onSaved = (guide) => this.showGuide(guide);
    const useGuide = el("button", { type: "button", "data-testid": "style-use-guide" }, "Use this guide…");
    useGuide.addEventListener("click", () => this.askUseGuide());
    const importGuide = el("button", { type: "button", "data-testid": "style-import" }, "Import…");
    importGuide.addEventListener("click", () => void this.importGuide());
    const exportGuide = el("button", { type: "button", "data-testid": "style-export" }, "Export…");
    exportGuide.addEventListener("click", () => void this.exportGuide());
    this.dialect.addEventListener("change", () => void this.setDialect(this.dialect.value as Dialect));
    const newRule = el("button", { type: "button", "data-testid": "style-new-rule" }, "New rule");
    newRule.addEventListener("click", () => {
      this.editor.edit(null);
      this.editor.focus();
    });
    const addWord = el("button", { type: "button", "data-testid": "desk-word-add" }, "Add");
    addWord.addEventListener("click", () => void this.addWord());
    this.wordInput.addEventListener("keydown", (event) => {
      // Enter adds the word; it never submits the preferences.
      if (event.key === "Enter") {
        event.preventDefault();
        void this.addWord();
      }
    });
    const learn = el(
      "button",
      { type: "button", "data-testid": "style-learn-names", title: "Accept the names the library's copy keeps writing the same way" },
      "Learn names from the library",
    );
    learn.addEventListener("click", () => void this.learnNames(learn));
    this.confirmBox.hidden = true;
    this.learned.hidden = true;
    this.element = el(
      "div",
      { class: "style-settings", "data-testid": "style-settings" },
      el("p", { class: "hint" }, "Stories are checked against the desk's house style as you type; matches show under the text and on the Style tab beside it."),
      this.guideLine,
      el("div", { class: "pref-field" }, el("span", {}, "Starter guide"), el("span", { class: "inline-field" }, this.starter, useGuide)),
      this.confirmBox,
      el("div", { class: "pref-field" }, el("span", {}, "Guide file"), el("span", { class: "inline-field" }, importGuide, exportGuide)),
      el("label", { class: "pref-field" }, el("span", {}, "Spelling"), this.dialect),
      el("h4", { class: "pref-subheading" }, "Rules"),
      this.rules,
      el("div", { class: "actions left" }, newRule),
      this.editor.element,
      el("h4", { class: "pref-subheading" }, "Desk dictionary"),
      el("p", { class: "hint" }, "Words and names spelling accepts in every story."),
      this.words,
      el("div", { class: "desk-word-add" }, this.wordInput, addWord),
      el("div", { class: "actions left" }, learn),
      this.learned,
      this.message,
    );
  }

  /** Reads the desk's guide, the starter guides and the dictionary. */
  async load(): Promise<void> {
    try {
      const settings = await this.api.styleSettings();
      this.settings = settings;
      this.starter.replaceChildren(...settings.starters.map((s) => el("option", { value: s }, s)));
      this.showGuide(settings.guide);
      this.showWords(settings.words);
    } catch (err) {
      this.say(`Could not load the house style: ${errorText(err)}`, true);
    }
  }

  private showGuide(guide: StyleGuide): void {
    if (this.settings) this.settings = { ...this.settings, guide };
    this.guideLine.textContent = `Guide: ${guide.name}${guide.description ? ` — ${guide.description}` : ""} · ${guide.rule.length} rules`;
    this.dialect.value = guide.dialect;
    this.rules.replaceChildren(...guide.rule.map((rule) => this.ruleRow(rule)));
    if (guide.rule.length === 0) this.rules.append(el("li", { class: "hint" }, "No rules yet."));
  }

  private ruleRow(rule: StyleRule): HTMLElement {
    const enabled = el("input", { type: "checkbox", "data-testid": "style-rule-enabled", "aria-label": `${rule.id} enabled` });
    enabled.checked = rule.enabled;
    enabled.addEventListener("change", () => void this.saveRule({ ...rule, enabled: enabled.checked }, enabled));
    const edit = el("button", { type: "button", "data-testid": "style-rule-edit" }, "Edit");
    edit.addEventListener("click", () => {
      this.editor.edit(rule);
      this.editor.element.scrollIntoView?.({ block: "nearest" });
      this.editor.focus();
    });
    const remove = el("button", { type: "button", "data-testid": "style-rule-remove" }, "Remove");
    remove.addEventListener("click", () => void this.removeRule(rule.id));
    return el(
      "li",
      { class: `style-rule-row${rule.enabled ? "" : " disabled"}`, "data-testid": "style-rule-row", "data-rule": rule.id },
      enabled,
      el("span", { class: "style-rule-id", title: rule.description }, rule.id),
      el("span", { class: "style-rule-kind" }, rule.kind),
      el("span", { class: `style-rule-severity severity-${rule.severity}` }, rule.severity),
      edit,
      remove,
    );
  }

  private showWords(words: DeskWord[]): void {
    if (this.settings) this.settings = { ...this.settings, words };
    this.words.replaceChildren(
      ...words.map((w) => {
        const remove = el("button", { type: "button", "data-testid": "desk-word-remove", "aria-label": `Remove ${w.word}` }, "×");
        remove.addEventListener("click", () => void this.removeWord(w.word));
        return el(
          "li",
          { class: "desk-word", "data-testid": "desk-word", "data-word": w.word, title: `${w.source} by ${w.added_by}, ${w.added_at}` },
          el("span", {}, w.word),
          remove,
        );
      }),
    );
    if (words.length === 0) this.words.append(el("li", { class: "hint" }, "No words yet."));
  }

  /** Replacing the desk's rules is asked about first, in place. */
  private askUseGuide(): void {
    const name = this.starter.value;
    if (!name) return;
    const count = this.settings?.guide.rule.length ?? 0;
    const yes = el("button", { type: "button", class: "primary", "data-testid": "style-guide-replace" }, "Replace the rules");
    const no = el("button", { type: "button", "data-testid": "style-guide-cancel" }, "Cancel");
    yes.addEventListener("click", () => void this.useGuide(name));
    no.addEventListener("click", () => (this.confirmBox.hidden = true));
    this.confirmBox.replaceChildren(
      el("span", {}, `Replace the desk's ${count === 1 ? "rule" : `${count} rules`} with the “${name}” guide? Rules the desk added are lost.`),
      yes,
      no,
    );
    this.confirmBox.hidden = false;
  }

  private async useGuide(name: string): Promise<void> {
    this.confirmBox.hidden = true;
    await this.run(() => this.api.styleUseGuide(name), `Now using the “${name}” guide.`);
  }

  /** A guide file (TOML or JSON) in place of the desk's rules. */
  private async importGuide(): Promise<void> {
    try {
      const guide = await this.api.styleImportGuide();
      if (guide === null) return;
      this.showGuide(guide);
      this.say(`Now using the “${guide.name}” guide, ${guide.rule.length} rules.`, false);
    } catch (err) {
      this.say(`Not imported: ${errorText(err)}`, true);
    }
  }

  private async exportGuide(): Promise<void> {
    try {
      const file = await this.api.styleExportGuide();
      if (file !== null) this.say(`Wrote the guide to ${file}.`, false);
    } catch (err) {
      this.say(`Not exported: ${errorText(err)}`, true);
    }
  }

  private async setDialect(dialect: Dialect): Promise<void> {
    await this.run(() => this.api.styleSetDialect(dialect), `Spelling is now ${dialect}.`);
  }

  private async saveRule(rule: StyleRule, box: HTMLInputElement): Promise<void> {
    if (!(await this.run(() => this.api.styleSaveRule(rule), `Rule “${rule.id}” ${rule.enabled ? "on" : "off"}.`))) box.checked = !rule.enabled;
  }

  private async removeRule(id: string): Promise<void> {
    await this.run(() => this.api.styleRemoveRule(id), `Removed rule “${id}”.`);
  }

  /** A change to the guide; whether the desk took it. */
  private async run(step: () => Promise<StyleGuide>, done: string): Promise<boolean> {
    try {
      this.showGuide(await step());
      this.say(done, false);
      return true;
    } catch (err) {
      this.say(`Not changed: ${errorText(err)}`, true);
      if (this.settings) this.dialect.value = this.settings.guide.dialect;
      return false;
    }
  }

  private async addWord(): Promise<void> {
    const word = this.wordInput.value.trim();
    if (word === "") {
      this.say("Type the word or name to accept.", true);
      this.wordInput.focus();
      return;
    }
    try {
      const added = await this.api.addDeskWord(word);
      this.wordInput.value = "";
      this.say(added ? `Added “${word}”.` : `“${word}” is already in the dictionary.`, false);
    } catch (err) {
      this.say(`Not added: ${errorText(err)}`, true);
      return;
    }
    await this.reloadWords();
  }

  private async removeWord(word: string): Promise<void> {
    try {
      await this.api.removeDeskWord(word);
      this.say(`Removed “${word}”.`, false);
    } catch (err) {
      this.say(`Not removed: ${errorText(err)}`, true);
      return;
    }
    await this.reloadWords();
  }

  private async learnNames(button: HTMLButtonElement): Promise<void> {
    button.disabled = true;
    this.learned.hidden = false;
    this.learned.classList.remove("error");
    this.learned.textContent = "Reading the library…";
    try {
      const learned = await this.api.styleLearnNames();
      this.learned.textContent = learnedText(learned) + (learned.words.length > 0 ? ` ${learned.words.slice(0, 20).join(", ")}${learned.words.length > 20 ? "…" : ""}` : "");
    } catch (err) {
      this.learned.classList.add("error");
      this.learned.textContent = `Nothing learned: ${errorText(err)}`;
      return;
    } finally {
      button.disabled = false;
    }
    await this.reloadWords();
  }

  private async reloadWords(): Promise<void> {
    try {
      this.showWords((await this.api.styleSettings()).words);
    } catch (err) {
      this.say(`Could not read the dictionary: ${errorText(err)}`, true);
    }
  }

  private say(text: string, isError: boolean): void {
    this.message.textContent = text;
    this.message.classList.toggle("error", isError);
  }
}

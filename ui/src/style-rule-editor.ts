// Preferences → House style → the rule editor: one rule of the desk's guide
// as a form, saved through the core (which checks its examples and says
// what is wrong), and tried on the library before it is saved.
import { el } from "./dom";
import { errorText, RULE_KINDS, SEVERITIES, type RuleKind, type RuleTrial, type Severity, type StyleGuide, type StyleRule } from "./ipc";

export type RuleEditorApi = Pick<typeof import("./ipc"), "styleSaveRule" | "styleTryRule">;

/** The rule editor's fields as typed. */
export interface RuleForm {
  id: string;
  description: string;
  kind: RuleKind;
  pattern: string;
  option: string;
  replacement: string;
  advice: string;
  severity: Severity;
  /** One example a line. */
  examples: string;
  counterexamples: string;
  enabled: boolean;
}

/** Non-blank lines of `text`, trimmed. */
export function lines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "");
}

/** The rule the form describes: text trimmed, examples one a line, and the
 *  optional fields left empty left out. */
export function ruleFromForm(form: RuleForm): StyleRule {
  const rule: StyleRule = {
    id: form.id.trim(),
    description: form.description.trim(),
    kind: form.kind,
    advice: form.advice.trim(),
    severity: form.severity,
    examples: lines(form.examples),
    counterexamples: lines(form.counterexamples),
    enabled: form.enabled,
  };
  // A pattern's spaces may matter (a regex); only an empty one is left out.
  if (form.pattern.trim() !== "") rule.pattern = form.pattern;
  if (form.option.trim() !== "") rule.option = form.option.trim();
  if (form.replacement !== "") rule.replacement = form.replacement;
  return rule;
}

/** The form of `rule` (none: a new rule's). */
export function formFromRule(rule: StyleRule | null): RuleForm {
  return {
    id: rule?.id ?? "",
    description: rule?.description ?? "",
    kind: rule?.kind ?? "words",
    pattern: rule?.pattern ?? "",
    option: rule?.option ?? "",
    replacement: rule?.replacement ?? "",
    advice: rule?.advice ?? "",
    severity: rule?.severity ?? "warning",
    examples: (rule?.examples ?? []).join("\n"),
    counterexamples: (rule?.counterexamples ?? []).join("\n"),
    enabled: rule?.enabled ?? true,
  };
}

function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString("en-GB")} ${n === 1 ? one : many}`;
}

/** "12 matches in 4 stories (of 310 searched, through the search index)". */
export function trialSummary(trial: RuleTrial): string {
  return `${plural(trial.matches, "match", "matches")} in ${plural(trial.stories, "story", "stories")} (of ${trial.searched.toLocaleString("en-GB")} searched, through ${trial.through})`;
}

type TextField = Exclude<keyof RuleForm, "kind" | "severity" | "enabled">;

/** The text fields: label, whether a line or several, a hint. */
const TEXT_FIELDS: { key: TextField; label: string; multiline?: boolean; hint?: string }[] = [
  { key: "id", label: "Id", hint: "Short and stable: “percent”, “towards”." },
  { key: "description", label: "Description" },
  { key: "pattern", label: "Pattern", hint: "Words and regex rules: what to look for." },
  { key: "option", label: "Option", hint: "Built-in kinds: their setting." },
  { key: "replacement", label: "Replacement", hint: "What a match becomes; empty: advice only." },
  { key: "advice", label: "Advice", hint: "Shown with each match." },
  { key: "examples", label: "Examples", multiline: true, hint: "Texts the rule must match, one a line." },
  { key: "counterexamples", label: "Counterexamples", multiline: true, hint: "Texts it must not match, one a line." },
];

export class RuleEditor {
  readonly element: HTMLElement;
  private readonly fields = new Map<TextField, HTMLInputElement | HTMLTextAreaElement>();
  private readonly kind = el("select", { "data-testid": "rule-kind", name: "rule-kind" }, ...RULE_KINDS.map((k) => el("option", { value: k }, k)));
  private readonly severity = el("select", { "data-testid": "rule-severity", name: "rule-severity" }, ...SEVERITIES.map((s) => el("option", { value: s }, s)));
  private readonly enabled = el("input", { type: "checkbox", "data-testid": "rule-enabled", name: "rule-enabled" });
  private readonly heading = el("h4", { class: "rule-editor-heading" });
  private readonly message = el("p", { class: "pref-state", role: "status", "data-testid": "rule-message" });
  private readonly trial = el("div", { class: "rule-trial", "data-testid": "rule-trial" });
  /** Called with the guide after a rule is saved. */
  onSaved: (guide: StyleGuide) => void = () => {};

  constructor(private readonly api: RuleEditorApi) {
    const rows = TEXT_FIELDS.map(({ key, label, multiline, hint }) => {
      const input = multiline
        ? el("textarea", { rows: "2", "data-testid": `rule-${key}`, name: `rule-${key}` })
        : el("input", { type: "text", "data-testid": `rule-${key}`, name: `rule-${key}`, autocomplete: "off", spellcheck: "false" });
      if (!multiline) {
        // Enter in a field saves the rule, never the preferences around it.
        input.addEventListener("keydown", (event) => {
          if ((event as KeyboardEvent).key === "Enter") {
            event.preventDefault();
            void this.save();
          }
        });
      }
      this.fields.set(key, input);
      return el("label", { class: "pref-field" }, el("span", {}, label), input, hint ? el("small", { class: "hint" }, hint) : null);
    });
    const save = el("button", { type: "button", class: "primary", "data-testid": "rule-save" }, "Save rule");
    const tryIt = el("button", { type: "button", "data-testid": "rule-try", title: "What the rule would match in the library's stories, before it is saved" }, "Try on library");
    const clear = el("button", { type: "button", "data-testid": "rule-new" }, "New rule");
    save.addEventListener("click", () => void this.save());
    tryIt.addEventListener("click", () => void this.tryOnLibrary());
    clear.addEventListener("click", () => this.edit(null));
    this.trial.hidden = true;
    this.element = el(
      "fieldset",
      { class: "rule-editor", "data-testid": "rule-editor" },
      this.heading,
      ...rows.slice(0, 2),
      el("label", { class: "pref-field" }, el("span", {}, "Kind"), this.kind),
      ...rows.slice(2),
      el("label", { class: "pref-field" }, el("span", {}, "Severity"), this.severity, el("small", { class: "hint" }, "Blocking holds the story at export.")),
      el("label", { class: "pref-field pref-toggle" }, el("span", {}, this.enabled, " Enabled")),
      el("div", { class: "actions left" }, save, tryIt, clear),
      this.message,
      this.trial,
    );
    this.edit(null);
  }

  /** Puts `rule` (none: a new one) in the form. */
  edit(rule: StyleRule | null): void {
    const form = formFromRule(rule);
    for (const [key, input] of this.fields) input.value = form[key];
    this.kind.value = form.kind;
    this.severity.value = form.severity;
    this.enabled.checked = form.enabled;
    this.heading.textContent = rule ? `Edit rule “${rule.id}”` : "New rule";
    this.say("", false);
    this.trial.hidden = true;
    this.trial.replaceChildren();
  }

  /** Focuses the form's first field. */
  focus(): void {
    this.fields.get("id")?.focus();
  }

  /** What the form holds now. */
  form(): RuleForm {
    const value = (key: TextField) => this.fields.get(key)!.value;
    return {
      id: value("id"),
      description: value("description"),
      kind: this.kind.value as RuleKind,
      pattern: value("pattern"),
      option: value("option"),
      replacement: value("replacement"),
      advice: value("advice"),
      severity: this.severity.value as Severity,
      examples: value("examples"),
      counterexamples: value("counterexamples"),
      enabled: this.enabled.checked,
    };
  }

  /** Saves the rule; the core's refusal (a missed example, a bad pattern) is shown. */
  async save(): Promise<boolean> {
    const rule = ruleFromForm(this.form());
    if (rule.id === "") {
      this.say("Give the rule an id.", true);
      this.fields.get("id")?.focus();
      return false;
    }
    try {
      const guide = await this.api.styleSaveRule(rule);
      this.heading.textContent = `Edit rule “${rule.id}”`;
      this.say(`Saved rule “${rule.id}”.`, false);
      this.onSaved(guide);
      return true;
    } catch (err) {
      this.say(`Not saved: ${errorText(err)}`, true);
      return false;
    }
  }

  /** Tries the rule as the form has it on the library's stories. */
  async tryOnLibrary(): Promise<RuleTrial | null> {
    const rule = ruleFromForm(this.form());
    this.say("Trying the rule on the library…", false);
    try {
      const trial = await this.api.styleTryRule({ ...rule, id: rule.id || "trial" }, null);
      this.say("", false);
      this.showTrial(trial);
      return trial;
    } catch (err) {
      this.trial.hidden = true;
      this.say(`Could not try the rule: ${errorText(err)}`, true);
      return null;
    }
  }

  private showTrial(trial: RuleTrial): void {
    this.trial.hidden = false;
    this.trial.replaceChildren(
      el("p", { class: "rule-trial-count", "data-testid": "rule-trial-count" }, trialSummary(trial)),
      el(
        "ul",
        { class: "rule-trial-examples" },
        ...trial.examples.map((ex) =>
          el(
            "li",
            { "data-testid": "rule-trial-example", "data-story-id": String(ex.story_id) },
            el("strong", {}, ex.headline),
            ` · ${plural(ex.matches, "match", "matches")}`,
            el("br"),
            el("span", { class: "rule-trial-excerpt" }, ex.excerpt),
            ex.suggestion !== null ? el("span", { class: "hint" }, ` “${ex.text}” → “${ex.suggestion}”`) : null,
          ),
        ),
      ),
    );
  }

  private say(text: string, isError: boolean): void {
    this.message.textContent = text;
    this.message.hidden = text === "";
    this.message.classList.toggle("error", isError);
  }
}

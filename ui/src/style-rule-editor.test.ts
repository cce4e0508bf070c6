import { IpcError, type RuleTrial, type StyleRule } from "./ipc";
import { formFromRule, RuleEditor, ruleFromForm, trialSummary } from "./style-rule-editor";
import { emptyGuide, settle } from "./test-support";

const FORM = {
  id: " towards ",
  description: " US spelling ",
  kind: "words" as const,
  pattern: "towards",
  option: "  ",
  replacement: "",
  advice: " Write toward. ",
  severity: "warning" as const,
  examples: "walked towards the sea\n\n  ran towards it  \n",
  counterexamples: "",
  enabled: true,
};

const TRIAL: RuleTrial = {
  matches: 12,
  stories: 4,
  searched: 310,
  through: "search index",
  examples: [{ story_id: 3, headline: "Ferry resumes", matches: 2, excerpt: "more people than", text: "people", suggestion: null }],
};

function set(root: HTMLElement, testid: string, value: string): void {
  const input = root.querySelector<HTMLInputElement>(`[data-testid="${testid}"]`)!;
  input.value = value;
  input.dispatchEvent(new Event("input"));
}

describe("the rule editor", () => {
  it("builds a rule from the form: trimmed, examples one a line, empty optional fields left out", () => {
    const rule = ruleFromForm(FORM);
    expect(rule).toEqual({
      id: "towards",
      description: "US spelling",
      kind: "words",
      pattern: "towards",
      advice: "Write toward.",
      severity: "warning",
      examples: ["walked towards the sea", "ran towards it"],
      counterexamples: [],
      enabled: true,
    });
    expect("option" in rule || "replacement" in rule).toBe(false);
    expect(ruleFromForm({ ...FORM, replacement: "toward", option: " 9 " })).toMatchObject({ replacement: "toward", option: "9" });
  });

  it("puts a rule back in the form as it was", () => {
    const rule: StyleRule = { ...ruleFromForm(FORM), replacement: "toward" };
    expect(ruleFromForm(formFromRule(rule))).toEqual(rule);
  });

  it("says how much a tried rule matches", () => {
    expect(trialSummary(TRIAL)).toBe("12 matches in 4 stories (of 310 searched, through search index)");
    expect(trialSummary({ ...TRIAL, matches: 1, stories: 1 })).toMatch(/^1 match in 1 story/);
  });

  it("saves through the core and shows its refusal", async () => {
    const saved: StyleRule[] = [];
    const editor = new RuleEditor({
      styleSaveRule: async (rule) => {
        saved.push(rule);
        if (rule.examples.length === 0) throw new IpcError("invalid-input", "rule “people” has no example it matches");
        return emptyGuide();
      },
      styleTryRule: async () => TRIAL,
    });
    const guides: unknown[] = [];
    editor.onSaved = (guide) => guides.push(guide);
    const root = editor.element;
    expect(root.dataset.testid).toBe("rule-editor");
    set(root, "rule-id", "people");
    set(root, "rule-pattern", "people");
    root.querySelector<HTMLButtonElement>('[data-testid="rule-save"]')!.click();
    await settle();
    expect(root.querySelector('[data-testid="rule-message"]')!.textContent).toBe("Not saved: rule “people” has no example it matches");
    expect(guides).toEqual([]);
    set(root, "rule-examples", "7 people\n");
    root.querySelector<HTMLButtonElement>('[data-testid="rule-save"]')!.click();
    await settle();
    expect(saved.at(-1)).toMatchObject({ id: "people", pattern: "people", examples: ["7 people"] });
    expect(guides).toHaveLength(1);
  });

  it("tries the rule on the library and shows the count and the example stories", async () => {
    const tried: [StyleRule, number | null | undefined][] = [];
    const editor = new RuleEditor({
      styleSaveRule: async () => emptyGuide(),
      styleTryRule: async (rule, limit) => {
        tried.push([rule, limit]);
        return TRIAL;
      },
    });
    const root = editor.element;
    set(root, "rule-pattern", "people");
    root.querySelector<HTMLButtonElement>('[data-testid="rule-try"]')!.click();
    await settle();
    expect(tried[0][0]).toMatchObject({ kind: "words", pattern: "people" });
    expect(root.querySelector('[data-testid="rule-trial-count"]')!.textContent).toMatch(/^12 matches in 4 stories/);
    expect(root.querySelectorAll('[data-testid="rule-trial-example"]')).toHaveLength(1);
  });
});

import { IpcError, type StyleGuide, type StyleRule } from "./ipc";
import { learnedText, StyleSection } from "./style-section";
import { emptyGuide, quietStyleApi, settle } from "./test-support";

const RULE: StyleRule = {
  id: "toward",
  description: "US spelling",
  kind: "words",
  pattern: "towards",
  replacement: "toward",
  advice: "",
  severity: "warning",
  examples: ["towards"],
  counterexamples: [],
  enabled: true,
};

function guide(rules: StyleRule[], name = "agency"): StyleGuide {
  return { ...emptyGuide(), name, rule: rules };
}

function q<T extends HTMLElement = HTMLElement>(root: HTMLElement, testid: string): T {
  return root.querySelector<T>(`[data-testid="${testid}"]`)!;
}

describe("Preferences → House style", () => {
  it("lists the guide's rules, replaces them with a starter guide only once confirmed, and sets the dialect", async () => {
    const calls: unknown[][] = [];
    const section = new StyleSection({
      ...quietStyleApi(),
      styleSettings: async () => ({ guide: guide([RULE]), starters: ["agency", "british"], words: [] }),
      styleUseGuide: async (name) => {
        calls.push(["use", name]);
        return { ...guide([], name), dialect: "en-GB" };
      },
      styleSetDialect: async (dialect) => {
        calls.push(["dialect", dialect]);
        if (dialect === "en-GB") throw new IpcError("invalid-input", "no");
        return guide([RULE]);
      },
    });
    await section.load();
    const root = section.element;
    expect([...root.querySelectorAll<HTMLElement>('[data-testid="style-rule-row"]')].map((r) => r.dataset.rule)).toEqual(["toward"]);
    q<HTMLSelectElement>(root, "style-starter").value = "british";
    q<HTMLButtonElement>(root, "style-use-guide").click();
    expect(calls).toEqual([]);
    expect(q(root, "style-guide-confirm").hidden).toBe(false);
    expect(q(root, "style-guide-confirm").textContent).toContain("Replace the desk's rule with the “british” guide?");
    q<HTMLButtonElement>(root, "style-guide-replace").click();
    await settle();
    expect(calls).toEqual([["use", "british"]]);
    expect(q(root, "style-guide").textContent).toMatch(/^Guide: british/);
    expect(q<HTMLSelectElement>(root, "style-dialect").value).toBe("en-GB");

    const dialect = q<HTMLSelectElement>(root, "style-dialect");
    dialect.value = "en-US";
    dialect.dispatchEvent(new Event("change"));
    await settle();
    expect(calls.at(-1)).toEqual(["dialect", "en-US"]);
  });

  it("edits a rule in the rule editor and switches one off", async () => {
    const saved: StyleRule[] = [];
    const section = new StyleSection({
      ...quietStyleApi(),
      styleSettings: async () => ({ guide: guide([RULE]), starters: ["agency"], words: [] }),
      styleSaveRule: async (rule) => {
        saved.push(rule);
        return guide([rule]);
      },
    });
    await section.load();
    const root = section.element;
    q<HTMLButtonElement>(root, "style-rule-edit").click();
    expect(q<HTMLInputElement>(root, "rule-id").value).toBe("toward");
    expect(q<HTMLInputElement>(root, "rule-replacement").value).toBe("toward");
    const enabled = q<HTMLInputElement>(root, "style-rule-enabled");
    enabled.checked = false;
    enabled.dispatchEvent(new Event("change"));
    await settle();
    expect(saved).toEqual([{ ...RULE, enabled: false }]);
    expect(q(root, "style-rule-row").classList.contains("disabled")).toBe(true);
  });

  it("imports a guide file and says where an export went", async () => {
    const section = new StyleSection({
      ...quietStyleApi(),
      styleImportGuide: async () => ({ ...guide([]), name: "house" }),
      styleExportGuide: async () => "/tmp/house.toml",
    });
    await section.load();
    const root = section.element;
    q<HTMLButtonElement>(root, "style-import").click();
    await settle();
    expect(q(root, "style-message").textContent).toBe("Now using the “house” guide, 0 rules.");
    q<HTMLButtonElement>(root, "style-export").click();
    await settle();
    expect(q(root, "style-message").textContent).toBe("Wrote the guide to /tmp/house.toml.");
  });

  it("adds and removes desk words, and learns names from the library", async () => {
    let words = ["Peskov"];
    const section = new StyleSection({
      ...quietStyleApi(),
      styleSettings: async () => ({
        guide: guide([]),
        starters: [],
        words: words.map((word) => ({ word, source: "added", added_by: "e2e", added_at: "2026-12-01" })),
      }),
      addDeskWord: async (word) => {
        words = [...words, word];
        return true;
      },
      removeDeskWord: async (word) => {
        words = words.filter((w) => w !== word);
        return true;
      },
      styleLearnNames: async () => {
        words = [...words, "Oslen", "Ruiz"];
        return { stories: 40, added: 2, words: ["Oslen", "Ruiz"] };
      },
    });
    await section.load();
    const root = section.element;
    const listed = () => [...root.querySelectorAll<HTMLElement>('[data-testid="desk-word"]')].map((w) => w.dataset.word);
    expect(listed()).toEqual(["Peskov"]);
    q<HTMLInputElement>(root, "desk-word-input").value = " Brandt ";
    q<HTMLButtonElement>(root, "desk-word-add").click();
    await settle();
    expect(listed()).toEqual(["Peskov", "Brandt"]);
    q<HTMLButtonElement>(root, "desk-word-remove").click();
    await settle();
    expect(listed()).toEqual(["Brandt"]);
    q<HTMLButtonElement>(root, "style-learn-names").click();
    await settle();
    expect(q(root, "style-learned").textContent).toBe("Added 2 names from 40 stories. Oslen, Ruiz");
    expect(listed()).toEqual(["Brandt", "Oslen", "Ruiz"]);
    expect(learnedText({ stories: 1, added: 1 })).toBe("Added 1 name from 1 story.");
  });
});

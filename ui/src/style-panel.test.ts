import type { StyleMatch } from "./ipc";
import { PanelTabs } from "./panel-tabs";
import { candidates, groupByRule, StylePanel, styleTabLabel, suggestedFixes, type StyleActions } from "./style-panel";
import { styleCheckOf } from "./test-support";

function m(rule: string, start: number, text: string, suggestion: string | null, extra: Partial<StyleMatch> = {}): StyleMatch {
  return {
    rule,
    kind: rule === "spelling" ? "spelling" : "words",
    start,
    end: start + text.length,
    text,
    suggestion,
    suggestions: suggestion === null ? [] : [suggestion],
    severity: "warning",
    message: `${rule} says so`,
    ...extra,
  };
}

const MATCHES = [
  m("numbers", 40, "7 people", "seven people"),
  m("spelling", 10, "recieve", "receive", { suggestions: ["receive", "relieve"] }),
  m("numbers", 2, "3 cars", "three cars"),
  m("titles", 60, "President Lee", null),
];

function q<T extends Element = HTMLElement>(root: ParentNode, css: string): T[] {
  return [...root.querySelectorAll<T>(css)];
}

describe("the style panel", () => {
  it("groups the matches by rule, in the order the rules first match, each in text order", () => {
    const groups = groupByRule(MATCHES.map((match, id) => ({ id, match })));
    expect(groups.map((g) => [g.rule, g.matches.map((x) => x.id)])).toEqual([
      ["numbers", [2, 0]],
      ["spelling", [1]],
      ["titles", [3]],
    ]);
    expect(suggestedFixes(groups[0].matches)).toEqual([
      { id: 2, text: "three cars" },
      { id: 0, text: "seven people" },
    ]);
    expect(suggestedFixes(groups[2].matches)).toEqual([]);
  });

  it("offers a match's suggestions, the first being its suggestion", () => {
    expect(candidates(MATCHES[1])).toEqual(["receive", "relieve"]);
    expect(candidates({ ...MATCHES[0], suggestions: [] })).toEqual(["seven people"]);
    expect(candidates(MATCHES[3])).toEqual([]);
  });

  it("lists each match with its fixes, ignore and (for spelling) add to dictionary; buttons act", () => {
    const calls: unknown[][] = [];
    const actions: StyleActions = {
      fix: (fixes) => calls.push(["fix", fixes]),
      ignore: (match) => calls.push(["ignore", match.text]),
      addWord: (match) => calls.push(["addWord", match.text]),
      locate: (id) => calls.push(["locate", id]),
    };
    const panel = new StylePanel(actions);
    const counts: number[] = [];
    panel.onCount = (n) => counts.push(n);
    panel.setCheck({ ...styleCheckOf(MATCHES), spelling_problem: "no en-US dictionary" });
    const root = panel.root;
    expect(root.dataset.testid).toBe("style-panel");
    expect(q(root, '[data-testid="style-group"]').map((g) => g.dataset.rule)).toEqual(["numbers", "spelling", "titles"]);
    expect(q(root, '[data-testid="style-spelling-problem"]')[0].textContent).toContain("no en-US dictionary");
    const spelling = q(root, '[data-testid="style-match"][data-rule="spelling"]')[0];
    expect(q(spelling, '[data-testid="style-fix"]').map((b) => b.textContent)).toEqual(["receive", "relieve"]);
    expect(q(spelling, '[data-testid="style-add-word"]')).toHaveLength(1);
    expect(q(root, '[data-testid="style-match"][data-rule="numbers"] [data-testid="style-add-word"]')).toHaveLength(0);
    expect(q(root, '[data-testid="style-match"][data-rule="titles"] [data-testid="style-fix"]')).toHaveLength(0);
    // Fix all only where a rule has more than one fix.
    expect(q(root, '[data-testid="style-fix-all"]')).toHaveLength(1);

    q<HTMLButtonElement>(spelling, '[data-testid="style-fix"]')[1].click();
    q<HTMLButtonElement>(root, '[data-testid="style-fix-all"]')[0].click();
    q<HTMLButtonElement>(spelling, '[data-testid="style-ignore"]')[0].click();
    q<HTMLButtonElement>(spelling, '[data-testid="style-add-word"]')[0].click();
    q<HTMLButtonElement>(spelling, '[data-testid="style-locate"]')[0].click();
    expect(calls).toEqual([
      ["fix", [{ id: 1, text: "relieve" }]],
      ["fix", [{ id: 2, text: "three cars" }, { id: 0, text: "seven people" }]],
      ["ignore", "recieve"],
      ["addWord", "recieve"],
      ["locate", 1],
    ]);

    panel.fixed([0, 2]);
    expect(q(root, '[data-testid="style-group"]').map((g) => g.dataset.rule)).toEqual(["spelling", "titles"]);
    expect(counts.at(-1)).toBe(2);
    panel.setCheck(styleCheckOf([]));
    expect(q(root, '[data-testid="style-empty"]')).toHaveLength(1);
    expect(counts.at(-1)).toBe(0);
  });

  it("labels its tab with the count, beside the claims", () => {
    expect([styleTabLabel(0), styleTabLabel(3)]).toEqual(["Style", "Style (3)"]);
    const claims = document.createElement("aside");
    const style = document.createElement("aside");
    const tabs = new PanelTabs([
      { id: "claims", label: "Claims", panel: claims },
      { id: "style", label: "Style", panel: style },
    ]);
    expect([claims.hidden, style.hidden]).toEqual([false, true]);
    q<HTMLButtonElement>(tabs.root, '[data-testid="style-tab"]')[0].click();
    expect([claims.hidden, style.hidden, tabs.selected]).toEqual([true, false, "style"]);
    tabs.setLabel("style", "Style (2)");
    expect(q(tabs.root, '[data-testid="style-tab"]')[0].textContent).toBe("Style (2)");
    expect(q(tabs.root, '[data-testid="style-tab"]')[0].getAttribute("aria-selected")).toBe("true");
  });
});

// The house style in the story pane: checked on opening and after typing,
// underlined in the text, listed on the Style tab, fixed in the editor.
import type { StyleMatch } from "./ipc";
import { serializeDoc } from "./editor/document";
import { claimStory, scalarSpan } from "./fixtures";
import { StoryWorkspace } from "./story-view";
import { fakeApi, settle, styleCheckOf } from "./test-support";

/** What the core flags in `body`: "recieve" (spelling) and "7 people" (numbers). */
function flag(body: string): StyleMatch[] {
  const found: StyleMatch[] = [];
  const rules: [string, "spelling" | "numbers", string][] = [
    ["recieve", "spelling", "receive"],
    ["7 people", "numbers", "seven people"],
  ];
  for (const [text, rule, suggestion] of rules) {
    if (!body.includes(text)) continue;
    found.push({ rule, kind: rule, ...scalarSpan(body, text), text, suggestion, suggestions: [suggestion], severity: "warning", message: `${rule}!` });
  }
  return found.sort((a, b) => a.start - b.start);
}

const STORY = { ...claimStory, body: "Fans 🎉 will recieve 7 people.\n\nThe rest stays." };

async function wait(ms = 5): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
  await settle(20);
}

function marks(pane: HTMLElement): [string, string][] {
  return [...pane.querySelectorAll<HTMLElement>('[data-testid="story-editor"] [data-testid="style-mark"]')].map((m) => [
    m.dataset.rule!,
    m.textContent!,
  ]);
}

describe("house style in the story pane", () => {
  let pane: HTMLElement;
  beforeEach(() => {
    pane = document.createElement("section");
    document.body.append(pane);
  });
  afterEach(() => pane.remove());

  it("underlines what the check finds, lists it on the Style tab, and fixes it in the editor as an unsaved edit", async () => {
    const sent: (string | null)[] = [];
    const api = fakeApi({
      styleCheck: async (_id, text) => {
        sent.push(text);
        return styleCheckOf(flag(text ?? ""));
      },
    });
    const ws = new StoryWorkspace(pane, api, { storage: null, styleDelayMs: 1 });
    await ws.show(STORY);
    await wait();
    expect(sent).toEqual([STORY.body]);
    expect(marks(pane)).toEqual([
      ["spelling", "recieve"],
      ["numbers", "7 people"],
    ]);
    expect(pane.querySelector('[data-testid="style-tab"]')!.textContent).toBe("Style (2)");

    const fix = pane.querySelector<HTMLButtonElement>('[data-testid="style-match"][data-rule="spelling"] [data-testid="style-fix"]')!;
    fix.click();
    expect(serializeDoc(ws.editor!.state.doc).body).toBe("Fans 🎉 will receive 7 people.\n\nThe rest stays.");
    expect(marks(pane)).toEqual([["numbers", "7 people"]]);
    expect(pane.querySelector('[data-testid="editor-state"]')!.textContent).toBe("Unsaved changes");
    // The edit is checked again once typing pauses.
    await wait(20);
    expect(sent.at(-1)).toBe("Fans 🎉 will receive 7 people.\n\nThe rest stays.");
    expect(marks(pane)).toEqual([["numbers", "7 people"]]);

    pane.querySelector<HTMLButtonElement>('[data-testid="style-match"][data-rule="numbers"] [data-testid="style-fix"]')!.click();
    expect(serializeDoc(ws.editor!.state.doc).body).toBe("Fans 🎉 will receive seven people.\n\nThe rest stays.");
    await wait(20);
    expect(marks(pane)).toEqual([]);
    expect(pane.querySelector('[data-testid="style-empty"]')).not.toBeNull();
  });

  it("ignores a match here or adds its word to the dictionary, then checks again", async () => {
    const calls: unknown[][] = [];
    const api = fakeApi({
      styleCheck: async (_id, text) => {
        calls.push(["check"]);
        return styleCheckOf(flag(text ?? ""));
      },
      styleIgnore: async (id, rule, text) => {
        calls.push(["ignore", id, rule, text]);
        return null;
      },
      addDeskWord: async (word) => {
        calls.push(["add", word]);
        return true;
      },
    });
    const ws = new StoryWorkspace(pane, api, { storage: null, styleDelayMs: 1 });
    await ws.show(STORY);
    await wait();
    pane.querySelector<HTMLButtonElement>('[data-testid="style-match"][data-rule="numbers"] [data-testid="style-ignore"]')!.click();
    await wait();
    pane.querySelector<HTMLButtonElement>('[data-testid="style-match"][data-rule="spelling"] [data-testid="style-add-word"]')!.click();
    await wait();
    expect(calls).toEqual([["check"], ["ignore", STORY.id, "numbers", "7 people"], ["check"], ["add", "recieve"], ["check"]]);
  });

  it("drops a check answered after the text changed", async () => {
    let answer: (() => void) | null = null;
    const api = fakeApi({
      styleCheck: (_id, text) =>
        new Promise((resolve) => {
          answer = () => resolve(styleCheckOf(flag(text ?? "")));
        }),
    });
    const ws = new StoryWorkspace(pane, api, { storage: null, styleDelayMs: 10_000 });
    await ws.show(STORY);
    const view = ws.editor!;
    view.dispatch(view.state.tr.insertText("Now ", view.state.doc.content.size - 3));
    answer!();
    await wait();
    expect(marks(pane)).toEqual([]);
  });
});

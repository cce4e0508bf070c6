// The tabs beside the editor (Claims, Style): one panel shown at a time.
import { el } from "./dom";

export interface PanelTab {
  id: string;
  label: string;
  panel: HTMLElement;
}

export class PanelTabs {
  readonly root: HTMLElement;
  private readonly buttons = new Map<string, HTMLButtonElement>();
  private readonly panels = new Map<string, HTMLElement>();
  private current: string;

  constructor(tabs: PanelTab[]) {
    const list = el("div", { class: "side-tabs", role: "tablist", "aria-label": "Beside the story" });
    for (const tab of tabs) {
      const panelId = `side-panel-${tab.id}`;
      const button = el(
        "button",
        { type: "button", role: "tab", id: `side-tab-${tab.id}`, "aria-controls": panelId, "data-testid": `${tab.id}-tab` },
        tab.label,
      );
      button.addEventListener("click", () => this.select(tab.id));
      tab.panel.id = panelId;
      tab.panel.setAttribute("role", "tabpanel");
      tab.panel.setAttribute("aria-labelledby", button.id);
      this.buttons.set(tab.id, button);
      this.panels.set(tab.id, tab.panel);
      list.append(button);
    }
    this.current = tabs[0].id;
    this.root = el("div", { class: "side-panel", "data-testid": "side-panel" }, list, ...tabs.map((t) => t.panel));
    this.select(this.current);
  }

  get selected(): string {
    return this.current;
  }

  select(id: string): void {
    if (!this.panels.has(id)) return;
    this.current = id;
    for (const [tab, button] of this.buttons) {
      const on = tab === id;
      button.setAttribute("aria-selected", String(on));
      button.tabIndex = on ? 0 : -1;
      this.panels.get(tab)!.hidden = !on;
    }
  }

  setLabel(id: string, label: string): void {
    const button = this.buttons.get(id);
    if (button) button.textContent = label;
  }
}

// The preferences dialog: the desk editor's name, the watched drop folder,
// who publishes the fact checks (ClaimReview's organisation, its home page
// and where stories are published), the desk's people, the house style, and the theme. Names and addresses are
// library settings kept by the core; the theme is this window's own.
import { closeModal, el, openModal } from "./dom";
import { errorText, TIMING_OPEN_SETTING, type BackupProgress, type BackupReport, type DropFolderState, type Preferences } from "./ipc";
import { PeopleSection, type PeopleApi } from "./people-section";
import { StyleSection, type StyleApi } from "./style-section";
import { TeamLibrarySection, type TeamLibraryApi } from "./team-library";

export interface PreferencesApi extends TeamLibraryApi, PeopleApi, StyleApi {
  getDropFolder(): Promise<DropFolderState>;
  /** The system's folder dialog, opened by Rust: the page never names a path. */
  chooseDropFolder(): Promise<DropFolderState>;
  stopDropFolder(): Promise<DropFolderState>;
  getPreferences(): Promise<Preferences>;
  setPreference(key: string, value: string | null): Promise<Preferences>;
  /** A whole copy of the library, to a file chosen in the system's save dialog; null when cancelled. */
  backupLibrary(): Promise<BackupReport | null>;
}

/** "Backed up 1,204 stories (3.2 MB) to …/wiredesk-backup-2026-11-28.sqlite." */
export function backupDoneText(report: BackupReport): string {
  const mb = report.bytes / 1e6;
  const size = mb >= 10 ? `${Math.round(mb).toLocaleString("en-GB")} MB` : `${mb.toFixed(1)} MB`;
  return `Backed up ${report.stories.toLocaleString("en-GB")} stories (${size}) to ${report.file}.`;
}

/** "Backing up… 42%". */
export function backupProgressText(progress: BackupProgress): string {
  const share = progress.total > 0 ? Math.floor((progress.done / progress.total) * 100) : 0;
  return `Backing up… ${share}%`;
}

export type Theme = "system" | "light" | "dark";
const THEME_KEY = "wiredesk:theme";

export function storedTheme(storage: Storage | null): Theme {
  const theme = storage?.getItem(THEME_KEY);
  return theme === "light" || theme === "dark" ? theme : "system";
}

/** Sets the theme on the document (the style sheet follows `data-theme`). */
export function applyTheme(root: HTMLElement, theme: Theme): void {
  if (theme === "system") delete root.dataset.theme;
  else root.dataset.theme = theme;
}

/** The library settings the dialog edits, with their labels and test ids. */
export const SETTING_FIELDS = [
  { key: "user.name", label: "Your name", testid: "pref-user-name", hint: "Recorded as the author of your edits, checks and exports." },
  { key: "claimreview.organisation", label: "Organisation", testid: "pref-organisation", hint: "Who publishes the fact checks (ClaimReview's author)." },
  { key: "claimreview.organisation_url", label: "Organisation's home page", testid: "pref-organisation-url", hint: "Optional, https://…" },
  { key: "claimreview.base_url", label: "Where stories are published", testid: "pref-base-url", hint: "A review's address is this, then /STORY#claim-CLAIM." },
] as const;

/** The library settings the dialog shows as a tick box: "true" when ticked,
 *  cleared (the default, false) when not. */
export const TOGGLE_FIELDS = [
  {
    key: TIMING_OPEN_SETTING,
    label: "Timing claims count as open",
    testid: "pref-timing-open",
    hint: "Bare weekdays, relative dates and times of day (“on Thursday”, “last month”) are grouped under Timing. Tick to count them in the inbox's open claims and hold the publish gate on them.",
  },
] as const;

/** The settings whose value differs from what is stored: [key, new value or null]. */
export function changedSettings(
  stored: Preferences,
  values: Record<string, string>,
): [string, string | null][] {
  const stored_ = (key: string) => stored.settings.find((s) => s.key === key)?.value ?? "";
  const text = SETTING_FIELDS.flatMap(({ key }): [string, string | null][] => {
    const now = (values[key] ?? "").trim();
    const before = stored_(key);
    return now === before ? [] : [[key, now === "" ? null : now]];
  });
  const toggles = TOGGLE_FIELDS.flatMap(({ key }): [string, string | null][] => {
    const now = values[key] === "true";
    const before = stored_(key) === "true";
    return now === before ? [] : [[key, now ? "true" : null]];
  });
  return [...text, ...toggles];
}

export class PreferencesView {
  readonly dialog: HTMLDialogElement;
  readonly folder: HTMLElement;
  private readonly state: HTMLElement;
  private readonly choose: HTMLButtonElement;
  private readonly inputs = new Map<string, HTMLInputElement>();
  private readonly toggles = new Map<string, HTMLInputElement>();
  private readonly theme = el("select", { "data-testid": "pref-theme", "aria-label": "Theme" });
  private readonly message = el("p", { class: "pref-state", role: "status", "data-testid": "preferences-message" });
  private readonly actor = el("p", { class: "hint", "data-testid": "pref-actor" });
  private readonly backupState = el("p", { class: "pref-state", role: "status", "data-testid": "backup-state" });
  private readonly backupButton = el("button", { type: "button", "data-testid": "backup-library" }, "Back up library…");
  private backingUp = false;
  private stored: Preferences | null = null;
  readonly team: TeamLibrarySection;
  readonly people: PeopleSection;
  readonly style: StyleSection;
  /** Called with the preferences whenever they are loaded or saved. */
  onPreferences: (prefs: Preferences) => void = () => {};

  constructor(
    private readonly api: PreferencesApi,
    storage: Storage | null,
    root: HTMLElement,
  ) {
    this.team = new TeamLibrarySection(api);
    this.people = new PeopleSection(api);
    this.style = new StyleSection(api);
    this.folder = el("p", { class: "folder-path", "data-testid": "drop-folder-path" });
    this.state = el("p", { class: "pref-state", role: "status", "data-testid": "drop-folder-state" });
    this.choose = el("button", { type: "button", "data-testid": "drop-folder-choose" }, "Choose folder…");
    const stop = el("button", { type: "button", "data-testid": "drop-folder-stop" }, "Stop watching");
    const save = el("button", { type: "submit", class: "primary", "data-testid": "preferences-save" }, "Save");
    const close = el("button", { type: "button", "data-testid": "preferences-close" }, "Close");
    this.theme.append(
      el("option", { value: "system" }, "Follow the system"),
      el("option", { value: "light" }, "Light"),
      el("option", { value: "dark" }, "Dark"),
    );
    this.theme.value = storedTheme(storage);
    this.theme.addEventListener("change", () => {
      const theme = this.theme.value as Theme;
      storage?.setItem(THEME_KEY, theme);
      applyTheme(root, theme);
    });
    const fields = SETTING_FIELDS.map(({ key, label, testid, hint }) => {
      // Addresses are checked by the core, which says what is wrong, not by the form.
      const input = el("input", { type: "text", inputmode: key.endsWith("url") ? "url" : "text", "data-testid": testid, name: key });
      this.inputs.set(key, input);
      return el("label", { class: "pref-field" }, el("span", {}, label), input, el("small", { class: "hint" }, hint));
    });
    const toggles = TOGGLE_FIELDS.map(({ key, label, testid, hint }) => {
      const box = el("input", { type: "checkbox", "data-testid": testid, name: key });
      this.toggles.set(key, box);
      return el("label", { class: "pref-field pref-toggle" }, el("span", {}, box, ` ${label}`), el("small", { class: "hint" }, hint));
    });
    const form = el(
      "form",
      { method: "dialog", class: "preferences" },
      el("h2", {}, "Preferences"),
      el("h3", { class: "pref-heading" }, "You"),
      fields[0],
      this.actor,
      el("h3", { class: "pref-heading" }, "Drop folder"),
      el(
        "p",
        { class: "hint" },
        "Wire copy saved into this folder (and its sub-folders) is ingested as soon as each file stops growing. Files already taken are not read again.",
      ),
      this.folder,
      this.state,
      el("div", { class: "actions left" }, this.choose, stop),
      el("h3", { class: "pref-heading" }, "Fact checks (ClaimReview)"),
      ...fields.slice(1),
      el("h3", { class: "pref-heading" }, "Claims"),
      ...toggles,
      el("h3", { class: "pref-heading" }, "People"),
      this.people.element,
      el("h3", { class: "pref-heading", "data-testid": "pref-style-heading" }, "House style"),
      this.style.element,
      el("h3", { class: "pref-heading" }, "Library"),
      el(
        "p",
        { class: "hint" },
        "A whole copy of the library in one file, taken while you keep working. Restore it with: wiredesk restore FILE (into a team library: wiredesk library copy FILE ADDRESS, onto an empty database).",
      ),
      this.backupState,
      el("div", { class: "actions left" }, this.backupButton),
      this.team.element,
      el("h3", { class: "pref-heading" }, "Appearance"),
      el("label", { class: "pref-field" }, el("span", {}, "Theme"), this.theme),
      this.message,
      el("div", { class: "actions" }, save, close),
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      void this.save();
    });
    this.choose.addEventListener("click", () => void this.runFolder(() => this.api.chooseDropFolder()));
    stop.addEventListener("click", () => void this.runFolder(() => this.api.stopDropFolder()));
    close.addEventListener("click", () => closeModal(this.dialog));
    this.backupButton.addEventListener("click", () => void this.backup());
    this.dialog = el("dialog", { class: "preferences-dialog", "data-testid": "preferences" }, form);
  }

  async open(): Promise<void> {
    openModal(this.dialog);
    this.message.textContent = "";
    this.message.classList.remove("error");
    await Promise.all([this.runFolder(() => this.api.getDropFolder()), this.load(), this.team.load(), this.people.load(), this.style.load()]);
    this.inputs.get("user.name")?.focus();
  }

  private async load(): Promise<void> {
    try {
      this.showStored(await this.api.getPreferences());
    } catch (err) {
      this.showMessage(`Could not load the preferences: ${errorText(err)}`, true);
    }
  }

  private showStored(prefs: Preferences): void {
    this.stored = prefs;
    for (const setting of prefs.settings) {
      const input = this.inputs.get(setting.key);
      if (input) input.value = setting.value ?? "";
    }
    for (const [key, box] of this.toggles) {
      box.checked = prefs.settings.find((s) => s.key === key)?.value === "true";
    }
    this.actor.textContent = `Your work is recorded as “${prefs.actor}”.`;
    this.onPreferences(prefs);
  }

  /** Saves the settings that changed, one by one; stops at the first refused. */
  async save(): Promise<void> {
    const stored = this.stored;
    if (!stored) return;
    const values: Record<string, string> = {};
    for (const [key, input] of this.inputs) values[key] = input.value;
    for (const [key, box] of this.toggles) values[key] = box.checked ? "true" : "";
    const changes = changedSettings(stored, values);
    if (changes.length === 0) {
      this.showMessage("Nothing changed.", false);
      return;
    }
    try {
      // The inputs keep what was typed until all of it is saved.
      let saved = stored;
      for (const [key, value] of changes) this.stored = saved = await this.api.setPreference(key, value);
      this.showStored(saved);
      this.showMessage("Saved.", false);
    } catch (err) {
      if (this.stored && this.stored !== stored) this.onPreferences(this.stored);
      this.showMessage(`Not saved: ${errorText(err)}`, true);
    }
  }

  /** Backs the library up; the button waits until the copy is done. */
  async backup(): Promise<void> {
    if (this.backingUp) return;
    this.backingUp = true;
    this.backupButton.disabled = true;
    this.backupState.classList.remove("error");
    this.backupState.textContent = "Backing up…";
    try {
      const report = await this.api.backupLibrary();
      this.backupState.textContent = report ? backupDoneText(report) : "No backup taken.";
    } catch (err) {
      this.backupState.classList.add("error");
      this.backupState.textContent = `Not backed up: ${errorText(err)}`;
    } finally {
      this.backingUp = false;
      this.backupButton.disabled = false;
    }
  }

  /** Progress of the backup under way, as the core reports it. */
  showBackupProgress(progress: BackupProgress): void {
    if (this.backingUp) this.backupState.textContent = backupProgressText(progress);
  }

  private async runFolder(step: () => Promise<DropFolderState>): Promise<void> {
    try {
      const state = await step();
      this.folder.textContent = state.path ?? "No folder chosen.";
      this.state.classList.remove("error");
      this.state.textContent = state.path && state.watching ? `Watching ${state.path}` : "No drop folder is watched.";
    } catch (err) {
      this.state.classList.add("error");
      this.state.textContent = errorText(err);
    }
  }

  private showMessage(text: string, isError: boolean): void {
    this.message.textContent = text;
    this.message.classList.toggle("error", isError);
  }
}

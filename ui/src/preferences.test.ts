import { MemoryStorage } from "./fixtures";
import { IpcError, type BackupReport, type DropFolderState, type Preferences } from "./ipc";
import {
  applyTheme,
  backupDoneText,
  backupProgressText,
  changedSettings,
  PreferencesView,
  SETTING_FIELDS,
  storedTheme,
  TOGGLE_FIELDS,
  type PreferencesApi,
} from "./preferences";
import { quietStyleApi, settle } from "./test-support";

const THEME_KEY = "wiredesk:theme";

function prefs(values: Record<string, string | null> = {}): Preferences {
  return {
    actor: values["user.name"] ?? "desk",
    settings: [...SETTING_FIELDS, ...TOGGLE_FIELDS].map(({ key }) => ({ key, about: `about ${key}`, value: values[key] ?? null })),
  };
}

interface FakePrefsApi extends PreferencesApi {
  sets: [string, string | null][];
  stored: Record<string, string | null>;
  folder: DropFolderState;
  refuse: string | null;
  chooseFails: boolean;
  /** What the next backup answers: a report, null (cancelled) or an error message. */
  backup: BackupReport | null | string;
  finishBackup: (() => void) | null;
  backups: number;
}

function fakeApi(stored: Record<string, string | null> = {}): FakePrefsApi {
  const api: FakePrefsApi = {
    sets: [],
    stored: { ...stored },
    folder: { path: null, watching: false },
    refuse: null,
    chooseFails: false,
    backup: null,
    finishBackup: null,
    backups: 0,
    ...quietStyleApi(),
    backupLibrary: () => {
      api.backups += 1;
      return new Promise((resolve, reject) => {
        api.finishBackup = () => {
          const answer = api.backup;
          if (typeof answer === "string") reject(new IpcError("internal", answer));
          else resolve(answer);
        };
      });
    },
    getDropFolder: async () => api.folder,
    chooseDropFolder: async () => {
      if (api.chooseFails) throw new IpcError("invalid-input", "/srv/none: not a folder");
      api.folder = { path: "/srv/wire", watching: true };
      return api.folder;
    },
    stopDropFolder: async () => {
      api.folder = { path: null, watching: false };
      return api.folder;
    },
    libraryState: async () => ({ state: "open", path: "/home/desk/library.sqlite", seeded: 0 }),
    checkTeamLibrary: async () => ({ location: "postgres://desk@db/wire", stories: 0, schema_version: 15 }),
    saveTeamPassword: async () => "desk@db:5432/wire",
    useTeamLibrary: async () => ({ state: "open", path: "postgres://desk@db/wire", seeded: 0 }),
    getPreferences: async () => prefs(api.stored),
    setPreference: async (key, value) => {
      api.sets.push([key, value]);
      if (api.refuse === key) throw new IpcError("invalid-input", `${key}: must use https`);
      api.stored[key] = value;
      return prefs(api.stored);
    },
    // The desk's people have tests of their own (people-section.test.ts).
    deskPeople: async () => [],
    setPerson: async () => [],
  };
  return api;
}

function q<T extends Element = HTMLElement>(root: ParentNode, testid: string): T {
  const found = root.querySelector<T>(`[data-testid="${testid}"]`);
  if (!found) throw new Error(`no ${testid}`);
  return found;
}

function mount(api: PreferencesApi, storage: Storage | null = new MemoryStorage(), root = document.createElement("div")): PreferencesView {
  const view = new PreferencesView(api, storage, root);
  document.body.append(view.dialog);
  return view;
}

function fill(view: PreferencesView, testid: string, value: string): void {
  const input = q<HTMLInputElement>(view.dialog, testid);
  input.value = value;
  input.dispatchEvent(new Event("input", { bubbles: true }));
}

function save(view: PreferencesView): void {
  q<HTMLButtonElement>(view.dialog, "preferences-save").click();
}

afterEach(() => {
  document.body.replaceChildren();
});

describe("theme", () => {
  it("reads the stored theme, following the system unless light or dark was chosen", () => {
    const storage = new MemoryStorage();
    expect(storedTheme(null)).toBe("system");
    expect(storedTheme(storage)).toBe("system");
    storage.setItem(THEME_KEY, "dark");
    expect(storedTheme(storage)).toBe("dark");
    storage.setItem(THEME_KEY, "light");
    expect(storedTheme(storage)).toBe("light");
    storage.setItem(THEME_KEY, "sepia");
    expect(storedTheme(storage)).toBe("system");
  });

  it("sets data-theme on the root, and removes it to follow the system", () => {
    const root = document.createElement("div");
    applyTheme(root, "dark");
    expect(root.getAttribute("data-theme")).toBe("dark");
    applyTheme(root, "light");
    expect(root.getAttribute("data-theme")).toBe("light");
    applyTheme(root, "system");
    expect(root.hasAttribute("data-theme")).toBe(false);
  });
});

describe("changedSettings", () => {
  const stored = prefs({ "user.name": "rosa", "claimreview.organisation": "Harbour Post" });

  it("is empty when nothing changed, ignoring surrounding white space", () => {
    expect(
      changedSettings(stored, {
        "user.name": "  rosa ",
        "claimreview.organisation": "Harbour Post",
        "claimreview.organisation_url": "",
      }),
    ).toEqual([]);
  });

  it("returns only the changed keys, trimmed, and null for a cleared one", () => {
    expect(
      changedSettings(stored, {
        "user.name": "rosa",
        "claimreview.organisation": "   ",
        "claimreview.organisation_url": " https://harbour.example ",
        "claimreview.base_url": "",
      }),
    ).toEqual([
      ["claimreview.organisation", null],
      ["claimreview.organisation_url", "https://harbour.example"],
    ]);
  });

  it("treats a missing value as cleared", () => {
    expect(changedSettings(stored, {})).toEqual([
      ["user.name", null],
      ["claimreview.organisation", null],
    ]);
  });
});

describe("PreferencesView", () => {
  it("loads the preferences and the drop folder into the dialog", async () => {
    const api = fakeApi({ "user.name": "rosa", "claimreview.base_url": "https://harbour.example/news" });
    const view = mount(api);
    await view.open();

    expect(view.dialog.hasAttribute("open") || view.dialog.open).toBe(true);
    expect(q<HTMLInputElement>(view.dialog, "pref-user-name").value).toBe("rosa");
    expect(q<HTMLInputElement>(view.dialog, "pref-organisation").value).toBe("");
    expect(q<HTMLInputElement>(view.dialog, "pref-organisation-url").value).toBe("");
    expect(q<HTMLInputElement>(view.dialog, "pref-organisation-url").getAttribute("inputmode")).toBe("url");
    expect(q<HTMLInputElement>(view.dialog, "pref-base-url").value).toBe("https://harbour.example/news");
    expect(q(view.dialog, "pref-actor").textContent).toBe("Your work is recorded as “rosa”.");
    expect(q(view.dialog, "drop-folder-path").textContent).toBe("No folder chosen.");
    expect(q(view.dialog, "drop-folder-state").textContent).toBe("No drop folder is watched.");
  });

  it("saves each changed setting once and says so", async () => {
    const api = fakeApi({ "user.name": "rosa", "claimreview.organisation": "Harbour Post" });
    const view = mount(api);
    await view.open();

    fill(view, "pref-user-name", "  Rosa Lind ");
    fill(view, "pref-organisation", "");
    fill(view, "pref-organisation-url", "https://harbour.example");
    save(view);
    await settle();

    expect(api.sets).toEqual([
      ["user.name", "Rosa Lind"],
      ["claimreview.organisation", null],
      ["claimreview.organisation_url", "https://harbour.example"],
    ]);
    const message = q(view.dialog, "preferences-message");
    expect(message.textContent).toBe("Saved.");
    expect(message.classList.contains("error")).toBe(false);
    expect(q(view.dialog, "pref-actor").textContent).toBe("Your work is recorded as “Rosa Lind”.");
    expect(q<HTMLInputElement>(view.dialog, "pref-user-name").value).toBe("Rosa Lind");

    // Saving again changes nothing.
    save(view);
    await settle();
    expect(api.sets).toHaveLength(3);
    expect(message.textContent).toBe("Nothing changed.");
  });

  it('shows "Not saved: …" when a setting is refused', async () => {
    const api = fakeApi({ "user.name": "rosa" });
    api.refuse = "claimreview.base_url";
    const view = mount(api);
    await view.open();

    fill(view, "pref-base-url", "http://harbour.example");
    save(view);
    await settle();

    expect(api.sets).toEqual([["claimreview.base_url", "http://harbour.example"]]);
    const message = q(view.dialog, "preferences-message");
    expect(message.textContent).toBe("Not saved: claimreview.base_url: must use https");
    expect(message.classList.contains("error")).toBe(true);
  });

  it("stops at the first setting refused", async () => {
    const api = fakeApi({ "user.name": "rosa" });
    api.refuse = "claimreview.organisation";
    const view = mount(api);
    await view.open();

    fill(view, "pref-user-name", "Rosa Lind");
    fill(view, "pref-organisation", "Harbour Post");
    fill(view, "pref-base-url", "https://harbour.example");
    save(view);
    await settle();

    expect(api.sets.map(([key]) => key)).toEqual(["user.name", "claimreview.organisation"]);
    expect(api.stored["user.name"]).toBe("Rosa Lind");
    expect(api.stored["claimreview.base_url"]).toBeUndefined();
    expect(q(view.dialog, "preferences-message").textContent).toBe(
      "Not saved: claimreview.organisation: must use https",
    );
    // What was typed stays, to correct and save again.
    expect(q<HTMLInputElement>(view.dialog, "pref-organisation").value).toBe("Harbour Post");
    expect(q<HTMLInputElement>(view.dialog, "pref-base-url").value).toBe("https://harbour.example");
  });

  it("says when the preferences cannot be loaded, and saves nothing", async () => {
    const api = fakeApi();
    api.getPreferences = async () => {
      throw new Error("library locked");
    };
    const view = mount(api);
    await view.open();
    expect(q(view.dialog, "preferences-message").textContent).toBe("Could not load the preferences: library locked");
    fill(view, "pref-user-name", "rosa");
    await view.save();
    expect(api.sets).toEqual([]);
  });

  it("stores the theme chosen and sets data-theme on the root passed in", async () => {
    const storage = new MemoryStorage();
    const root = document.createElement("div");
    const view = mount(fakeApi(), storage, root);
    const select = q<HTMLSelectElement>(view.dialog, "pref-theme");
    expect(select.value).toBe("system");

    select.value = "dark";
    select.dispatchEvent(new Event("change", { bubbles: true }));
    expect(storage.getItem(THEME_KEY)).toBe("dark");
    expect(root.dataset.theme).toBe("dark");
    expect(document.documentElement.hasAttribute("data-theme")).toBe(false);

    select.value = "system";
    select.dispatchEvent(new Event("change", { bubbles: true }));
    expect(storage.getItem(THEME_KEY)).toBe("system");
    expect(root.hasAttribute("data-theme")).toBe(false);

    storage.setItem(THEME_KEY, "light");
    const again = mount(fakeApi(), storage, root);
    expect(q<HTMLSelectElement>(again.dialog, "pref-theme").value).toBe("light");
  });

  it("chooses and stops the drop folder", async () => {
    const api = fakeApi();
    const view = mount(api);
    await view.open();

    q<HTMLButtonElement>(view.dialog, "drop-folder-choose").click();
    await settle();
    expect(q(view.dialog, "drop-folder-path").textContent).toBe("/srv/wire");
    expect(q(view.dialog, "drop-folder-state").textContent).toBe("Watching /srv/wire");

    q<HTMLButtonElement>(view.dialog, "drop-folder-stop").click();
    await settle();
    expect(q(view.dialog, "drop-folder-path").textContent).toBe("No folder chosen.");
    expect(q(view.dialog, "drop-folder-state").textContent).toBe("No drop folder is watched.");
    // The folder buttons never save the settings.
    expect(api.sets).toEqual([]);
  });

  it("shows a drop folder error", async () => {
    const api = fakeApi();
    api.chooseFails = true;
    const view = mount(api);
    await view.open();
    q<HTMLButtonElement>(view.dialog, "drop-folder-choose").click();
    await settle();
    const state = q(view.dialog, "drop-folder-state");
    expect(state.textContent).toBe("/srv/none: not a folder");
    expect(state.classList.contains("error")).toBe(true);
  });

  it("closes with the Close button", async () => {
    const view = mount(fakeApi());
    await view.open();
    q<HTMLButtonElement>(view.dialog, "preferences-close").click();
    expect(view.dialog.hasAttribute("open")).toBe(false);
  });
});

describe("backing up the library", () => {
  const report: BackupReport = {
    file: "/home/desk/wiredesk-backup-2026-11-28.sqlite",
    bytes: 3_240_000,
    stories: 1204,
    revisions: 1890,
    seconds: 0.4,
  };

  it("words the result and the progress for the editor", () => {
    expect(backupDoneText(report)).toBe(
      "Backed up 1,204 stories (3.2 MB) to /home/desk/wiredesk-backup-2026-11-28.sqlite.",
    );
    expect(backupDoneText({ ...report, bytes: 5_912_000_000 })).toContain("(5,912 MB)");
    expect(backupProgressText({ done: 421, total: 1000 })).toBe("Backing up… 42%");
    expect(backupProgressText({ done: 0, total: 0 })).toBe("Backing up… 0%");
  });

  it("backs up once per click, shows progress while it runs, then where the copy went", async () => {
    const api = fakeApi();
    api.backup = report;
    const view = mount(api);
    const button = q<HTMLButtonElement>(view.dialog, "backup-library");
    button.click();
    button.click();
    await settle();
    expect(api.backups).toBe(1);
    expect(button.disabled).toBe(true);
    expect(q(view.dialog, "backup-state").textContent).toBe("Backing up…");
    view.showBackupProgress({ done: 500, total: 1000 });
    expect(q(view.dialog, "backup-state").textContent).toBe("Backing up… 50%");
    api.finishBackup?.();
    await settle();
    expect(button.disabled).toBe(false);
    expect(q(view.dialog, "backup-state").textContent).toBe(backupDoneText(report));
    // Progress after the end (a late event) does not overwrite the result.
    view.showBackupProgress({ done: 1000, total: 1000 });
    expect(q(view.dialog, "backup-state").textContent).toBe(backupDoneText(report));
  });

  it("says so when cancelled, and shows the core's error when the backup fails", async () => {
    const api = fakeApi();
    const view = mount(api);
    const button = q<HTMLButtonElement>(view.dialog, "backup-library");
    button.click();
    await settle();
    api.finishBackup?.();
    await settle();
    expect(q(view.dialog, "backup-state").textContent).toBe("No backup taken.");
    api.backup = "/mnt/full/b.sqlite: cannot be written: No space left on device";
    button.click();
    await settle();
    api.finishBackup?.();
    await settle();
    const state = q(view.dialog, "backup-state");
    expect(state.textContent).toBe("Not backed up: /mnt/full/b.sqlite: cannot be written: No space left on device");
    expect(state.classList.contains("error")).toBe(true);
    expect(button.disabled).toBe(false);
  });
});

describe("timing claims counted as open", () => {
  it("is a change only when the tick differs from what is stored, and unticking clears it", () => {
    expect(changedSettings(prefs(), { "claims.timing_open": "" })).toEqual([]);
    expect(changedSettings(prefs(), { "claims.timing_open": "true" })).toEqual([["claims.timing_open", "true"]]);
    const on = prefs({ "claims.timing_open": "true" });
    expect(changedSettings(on, { "claims.timing_open": "true" })).toEqual([]);
    expect(changedSettings(on, { "claims.timing_open": "" })).toEqual([["claims.timing_open", null]]);
    // "false" stored is the same as nothing stored.
    expect(changedSettings(prefs({ "claims.timing_open": "false" }), { "claims.timing_open": "" })).toEqual([]);
  });

  it("shows the stored setting as a tick box and saves it, telling the app", async () => {
    const api = fakeApi({ "claims.timing_open": null });
    const view = mount(api);
    const seen: boolean[] = [];
    view.onPreferences = (p) => seen.push(p.settings.find((s) => s.key === "claims.timing_open")?.value === "true");
    await view.open();
    const box = q<HTMLInputElement>(view.dialog, "pref-timing-open");
    expect(box.type).toBe("checkbox");
    expect(box.checked).toBe(false);
    box.checked = true;
    save(view);
    await settle();
    expect(api.sets).toEqual([["claims.timing_open", "true"]]);
    expect(seen.at(-1)).toBe(true);
    box.checked = false;
    save(view);
    await settle();
    expect(api.sets.at(-1)).toEqual(["claims.timing_open", null]);
    expect(seen.at(-1)).toBe(false);
  });
});

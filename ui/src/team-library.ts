// Preferences → Library → Team library: the address of the desk's shared
// PostgreSQL library, a connection test, the switch to it (or back to the
// library file), and the role's password saved in the system keyring. The
// address never holds a password (Rust refuses one), and the password is
// never kept here: the field is cleared once the keyring has it.
import { el } from "./dom";
import type { LibraryState, TeamLibraryCheck } from "./ipc";

export interface TeamLibraryApi {
  libraryState(): Promise<LibraryState>;
  checkTeamLibrary(url: string): Promise<TeamLibraryCheck>;
  saveTeamPassword(url: string, password: string): Promise<string>;
  useTeamLibrary(url: string | null): Promise<LibraryState>;
}

/** Whether a location is a team library's address rather than a file. */
export function isTeamAddress(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location.trim());
}

/** "Connected to postgres://anna@db.desk/wire: 12,408 stories." */
export function teamCheckText(check: TeamLibraryCheck): string {
  const stories = check.stories === 1 ? "1 story" : `${check.stories.toLocaleString("en-GB")} stories`;
  return `Connected to ${check.location}: ${stories}.`;
}

/** "This desk uses the team library postgres://…" or "…the library file /…". */
export function currentLibraryText(state: LibraryState): string {
  if (state.state !== "open") return "No library is open.";
  return isTeamAddress(state.path)
    ? `This desk uses the team library ${state.path}.`
    : `This desk uses the library file ${state.path}.`;
}

function errorText(err: unknown): string {
  if (err && typeof err === "object" && "message" in err) return String((err as { message: unknown }).message);
  return String(err);
}

export class TeamLibrarySection {
  readonly element: HTMLElement;
  readonly address = el("input", {
    type: "text",
    inputmode: "url",
    "data-testid": "team-url",
    name: "team-url",
    placeholder: "postgres://you@db.desk/wire",
    spellcheck: "false",
  });
  readonly password = el("input", {
    type: "password",
    "data-testid": "team-password",
    name: "team-password",
    autocomplete: "off",
    placeholder: "if the server asks",
  });
  private readonly savePassword = el("button", { type: "button", "data-testid": "team-password-save" }, "Save in the keyring");
  private readonly current = el("p", { class: "hint", "data-testid": "library-location" });
  private readonly state = el("p", { class: "pref-state", role: "status", "data-testid": "team-state" });
  private readonly test = el("button", { type: "button", "data-testid": "team-test" }, "Test connection");
  private readonly use = el("button", { type: "button", "data-testid": "team-use" }, "Use this library");
  private readonly back = el("button", { type: "button", "data-testid": "team-leave" }, "Use the library file");
  /** Called once the desk has switched library: the page loads it afresh. */
  onSwitched: () => void = () => {};

  constructor(private readonly api: TeamLibraryApi) {
    this.element = el(
      "div",
      { class: "team-library", "data-testid": "team-library" },
      this.current,
      el(
        "label",
        { class: "pref-field" },
        el("span", {}, "Team library"),
        this.address,
        el(
          "small",
          { class: "hint" },
          "A desk shares one PostgreSQL library. The address holds no password: Wiredesk reads it from ~/.pgpass (or PGPASSFILE, or PGPASSWORD, or a service file: postgres:///?service=NAME), as psql does, or from the system keyring.",
        ),
      ),
      el(
        "label",
        { class: "pref-field" },
        el("span", {}, "Password"),
        el("span", { class: "inline-field" }, this.password, this.savePassword),
        el(
          "small",
          { class: "hint" },
          "Checked against the server, then kept in the system keyring for this role and database; never in Wiredesk's settings.",
        ),
      ),
      this.state,
      el("div", { class: "actions left" }, this.test, this.use, this.back),
    );
    this.test.addEventListener("click", () => void this.check());
    this.savePassword.addEventListener("click", () => void this.rememberPassword());
    this.password.addEventListener("keydown", (event) => {
      if (event.key !== "Enter") return;
      // Enter saves the password, not the Preferences form around it.
      event.preventDefault();
      void this.rememberPassword();
    });
    this.use.addEventListener("click", () => void this.switchTo(this.address.value.trim()));
    this.back.addEventListener("click", () => void this.switchTo(null));
  }

  /** Shows which library the desk uses now (Preferences opening). A
   *  password typed and left unsaved last time is gone. */
  async load(): Promise<void> {
    this.password.value = "";
    try {
      const state = await this.api.libraryState();
      this.current.textContent = currentLibraryText(state);
      const team = state.state === "open" && isTeamAddress(state.path);
      if (team && this.address.value === "") this.address.value = state.path;
      this.back.hidden = !team;
    } catch (err) {
      this.current.textContent = `Could not tell which library is open: ${errorText(err)}`;
    }
  }

  async check(): Promise<void> {
    const url = this.address.value.trim();
    if (url === "") return this.show("Type the team library's address first.", true);
    this.show("Connecting…", false);
    try {
      this.show(teamCheckText(await this.api.checkTeamLibrary(url)), false);
    } catch (err) {
      this.show(`Cannot use it: ${errorText(err)}`, true);
    }
  }

  /** Saves the typed password in the system keyring once the server has
   *  accepted it; the field is cleared either way, so it never stays on
   *  screen or in the page. */
  async rememberPassword(): Promise<void> {
    const url = this.address.value.trim();
    const password = this.password.value;
    this.password.value = "";
    if (url === "") return this.show("Type the team library's address first.", true);
    if (password === "") return this.show("Type the password first.", true);
    this.show("Checking the password…", false);
    try {
      const account = await this.api.saveTeamPassword(url, password);
      this.show(`The server accepted the password; saved in the system keyring for ${account}.`, false);
    } catch (err) {
      this.show(`Not saved: ${errorText(err)}`, true);
    }
  }

  async switchTo(url: string | null): Promise<void> {
    if (url === "") return this.show("Type the team library's address first.", true);
    this.show(url ? "Opening the team library…" : "Opening the library file…", false);
    try {
      const state = await this.api.useTeamLibrary(url);
      this.show(currentLibraryText(state), false);
      this.onSwitched();
    } catch (err) {
      this.show(`Not switched: ${errorText(err)}`, true);
    }
  }

  private show(text: string, error: boolean): void {
    this.state.textContent = text;
    this.state.classList.toggle("error", error);
  }
}

import { IpcError, type LibraryState, type TeamLibraryCheck } from "./ipc";
import { currentLibraryText, isTeamAddress, TeamLibrarySection, teamCheckText, type TeamLibraryApi } from "./team-library";
import { settle } from "./test-support";

interface FakeTeamApi extends TeamLibraryApi {
  state: LibraryState;
  checked: string[];
  used: (string | null)[];
  passwords: [string, string][];
  refuse: string | null;
}

function fakeApi(state: LibraryState): FakeTeamApi {
  const api: FakeTeamApi = {
    state,
    checked: [],
    used: [],
    passwords: [],
    refuse: null,
    libraryState: async () => api.state,
    checkTeamLibrary: async (url): Promise<TeamLibraryCheck> => {
      api.checked.push(url);
      if (api.refuse) throw new IpcError("invalid-input", api.refuse);
      return { location: url, stories: 12408, schema_version: 15 };
    },
    saveTeamPassword: async (url, password) => {
      api.passwords.push([url, password]);
      if (api.refuse) throw new IpcError("cannot-open", api.refuse);
      return "anna@db:5432/wire";
    },
    useTeamLibrary: async (url) => {
      api.used.push(url);
      if (api.refuse) throw new IpcError("cannot-open", api.refuse);
      api.state = { state: "open", path: url ?? "/home/desk/library.sqlite", seeded: 0 };
      return api.state;
    },
  };
  return api;
}

function q<T extends Element = HTMLElement>(root: ParentNode, testid: string): T {
  const found = root.querySelector<T>(`[data-testid="${testid}"]`);
  if (!found) throw new Error(`no ${testid}`);
  return found;
}

describe("team library addresses and texts", () => {
  it("tells a PostgreSQL address from a file", () => {
    expect(isTeamAddress("postgres://anna@db/wire")).toBe(true);
    expect(isTeamAddress(" PostgreSQL://anna@db/wire")).toBe(true);
    expect(isTeamAddress("/home/anna/postgres/library.sqlite")).toBe(false);
  });

  it("says how many stories a connection found and which library the desk uses", () => {
    expect(teamCheckText({ location: "postgres://a@db/wire", stories: 12408, schema_version: 15 })).toBe(
      "Connected to postgres://a@db/wire: 12,408 stories.",
    );
    expect(teamCheckText({ location: "postgres://a@db/wire", stories: 1, schema_version: 15 })).toBe("Connected to postgres://a@db/wire: 1 story.");
    expect(currentLibraryText({ state: "open", path: "postgres://a@db/wire", seeded: 0 })).toBe("This desk uses the team library postgres://a@db/wire.");
    expect(currentLibraryText({ state: "open", path: "/srv/library.sqlite", seeded: 0 })).toBe("This desk uses the library file /srv/library.sqlite.");
  });
});

describe("TeamLibrarySection", () => {
  it("shows the library file in use and offers no way back to it", async () => {
    const section = new TeamLibrarySection(fakeApi({ state: "open", path: "/srv/library.sqlite", seeded: 0 }));
    await section.load();
    expect(q(section.element, "library-location").textContent).toBe("This desk uses the library file /srv/library.sqlite.");
    expect(q<HTMLButtonElement>(section.element, "team-leave").hidden).toBe(true);
    expect(section.address.value).toBe("");
  });

  it("tests a connection and shows what the library holds, or why not", async () => {
    const api = fakeApi({ state: "open", path: "/srv/library.sqlite", seeded: 0 });
    const section = new TeamLibrarySection(api);
    q<HTMLButtonElement>(section.element, "team-test").click();
    await settle();
    expect(api.checked).toEqual([]);
    expect(q(section.element, "team-state").textContent).toBe("Type the team library's address first.");
    section.address.value = "  postgres://anna@db/wire ";
    q<HTMLButtonElement>(section.element, "team-test").click();
    await settle();
    expect(api.checked).toEqual(["postgres://anna@db/wire"]);
    expect(q(section.element, "team-state").textContent).toBe("Connected to postgres://anna@db/wire: 12,408 stories.");
    api.refuse = "keep the password out of the address: put it in ~/.pgpass";
    q<HTMLButtonElement>(section.element, "team-test").click();
    await settle();
    const state = q(section.element, "team-state");
    expect(state.textContent).toBe("Cannot use it: keep the password out of the address: put it in ~/.pgpass");
    expect(state.classList.contains("error")).toBe(true);
  });

  it("switches the desk to the team library and back, telling the app", async () => {
    const api = fakeApi({ state: "open", path: "/srv/library.sqlite", seeded: 0 });
    const section = new TeamLibrarySection(api);
    let switched = 0;
    section.onSwitched = () => (switched += 1);
    section.address.value = "postgres://anna@db/wire";
    q<HTMLButtonElement>(section.element, "team-use").click();
    await settle();
    expect(api.used).toEqual(["postgres://anna@db/wire"]);
    expect(switched).toBe(1);
    await section.load();
    expect(q<HTMLButtonElement>(section.element, "team-leave").hidden).toBe(false);
    q<HTMLButtonElement>(section.element, "team-leave").click();
    await settle();
    expect(api.used).toEqual(["postgres://anna@db/wire", null]);
    expect(switched).toBe(2);
  });

  it("keeps the desk where it is when the team library cannot be opened", async () => {
    const api = fakeApi({ state: "open", path: "/srv/library.sqlite", seeded: 0 });
    api.refuse = "team library postgres://anna@db/wire: cannot connect: connection refused";
    const section = new TeamLibrarySection(api);
    let switched = 0;
    section.onSwitched = () => (switched += 1);
    section.address.value = "postgres://anna@db/wire";
    q<HTMLButtonElement>(section.element, "team-use").click();
    await settle();
    expect(switched).toBe(0);
    expect(q(section.element, "team-state").textContent).toBe(
      "Not switched: team library postgres://anna@db/wire: cannot connect: connection refused",
    );
  });

  it("saves a password in the keyring once the server accepts it, and never keeps it in the page", async () => {
    const api = fakeApi({ state: "open", path: "/srv/library.sqlite", seeded: 0 });
    const section = new TeamLibrarySection(api);
    const field = q<HTMLInputElement>(section.element, "team-password");
    expect(field.type).toBe("password");
    field.value = "her-own";
    q<HTMLButtonElement>(section.element, "team-password-save").click();
    await settle();
    expect(api.passwords).toEqual([]);
    expect(field.value).toBe("");
    expect(q(section.element, "team-state").textContent).toBe("Type the team library's address first.");
    // Left unsaved, it is gone when Preferences opens again.
    field.value = "her-own";
    await section.load();
    expect(field.value).toBe("");
    field.value = "her-own";
    section.address.value = " postgres://anna@db/wire ";
    q<HTMLButtonElement>(section.element, "team-password-save").click();
    await settle();
    expect(api.passwords).toEqual([["postgres://anna@db/wire", "her-own"]]);
    expect(field.value).toBe("");
    expect(q(section.element, "team-state").textContent).toBe(
      "The server accepted the password; saved in the system keyring for anna@db:5432/wire.",
    );
    // Refused: said so, and the field is cleared all the same.
    api.refuse = "team library postgres://anna@db/wire: cannot connect: password authentication failed";
    field.value = "wrong";
    const enter = new KeyboardEvent("keydown", { key: "Enter", cancelable: true });
    field.dispatchEvent(enter);
    await settle();
    // Enter saves the password, not the Preferences form around the field.
    expect(enter.defaultPrevented).toBe(true);
    expect(api.passwords.at(-1)).toEqual(["postgres://anna@db/wire", "wrong"]);
    expect(field.value).toBe("");
    const state = q(section.element, "team-state");
    expect(state.textContent).toBe("Not saved: team library postgres://anna@db/wire: cannot connect: password authentication failed");
    expect(state.classList.contains("error")).toBe(true);
    // Nothing typed, nothing sent.
    q<HTMLButtonElement>(section.element, "team-password-save").click();
    await settle();
    expect(api.passwords.length).toBe(2);
    expect(state.textContent).toBe("Type the password first.");
  });
});

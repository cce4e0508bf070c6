import { IpcError, type Person, type PersonRole } from "./ipc";
import { PeopleSection, type PeopleApi } from "./people-section";
import { person, settle } from "./test-support";

interface FakePeople extends PeopleApi {
  people: Person[];
  sets: [string, string, PersonRole][];
}

function fakePeople(people: Person[]): FakePeople {
  const api: FakePeople = {
    people,
    sets: [],
    deskPeople: async () => api.people,
    setPerson: async (name, initials, role) => {
      api.sets.push([name, initials, role]);
      if (initials.length > 4) throw new IpcError("invalid-input", "initials are at most four letters");
      api.people = [...api.people.filter((p) => p.name !== name), person(name, initials || name.slice(0, 2).toUpperCase(), role)];
      api.people.sort((a, b) => a.name.localeCompare(b.name));
      return api.people;
    },
  };
  return api;
}

function q<T extends Element = HTMLElement>(root: ParentNode, testid: string): T {
  const found = root.querySelector<T>(`[data-testid="${testid}"]`);
  if (!found) throw new Error(`no ${testid}`);
  return found;
}

function rows(section: PeopleSection): HTMLElement[] {
  return [...section.element.querySelectorAll<HTMLElement>('[data-testid="person-row"]')];
}

describe("the desk's people in Preferences", () => {
  it("lists each person with their initials and role", async () => {
    const section = new PeopleSection(fakePeople([person("Anna Berg", "AB", "checker"), person("Lee Park", "LP")]));
    await section.load();
    expect(q(section.element, "people-list")).not.toBeNull();
    expect(rows(section).map((r) => r.dataset.person)).toEqual(["Anna Berg", "Lee Park"]);
    const [anna] = rows(section);
    expect(q<HTMLInputElement>(anna, "person-initials").value).toBe("AB");
    expect(q<HTMLSelectElement>(anna, "person-role").value).toBe("checker");
  });

  it("saves a person's initials and role through set_person and shows the desk's answer", async () => {
    const api = fakePeople([person("Anna Berg", "AB", "editor")]);
    const section = new PeopleSection(api);
    const told: Person[][] = [];
    section.onPeople = (people) => told.push(people);
    await section.load();
    const [anna] = rows(section);
    q<HTMLInputElement>(anna, "person-initials").value = " ABe ";
    q<HTMLSelectElement>(anna, "person-role").value = "checker";
    q<HTMLButtonElement>(anna, "person-save").click();
    await settle();
    expect(api.sets).toEqual([["Anna Berg", "ABe", "checker"]]);
    expect(q<HTMLSelectElement>(rows(section)[0], "person-role").value).toBe("checker");
    expect(told.at(-1)!.map((p) => [p.name, p.initials, p.role])).toEqual([["Anna Berg", "ABe", "checker"]]);
  });

  it("adds a person, and says so when the name is missing or the desk refuses", async () => {
    const api = fakePeople([]);
    const section = new PeopleSection(api);
    await section.load();
    q<HTMLButtonElement>(section.element, "person-add").click();
    await settle();
    expect(api.sets).toEqual([]);
    expect(q(section.element, "people-message").textContent).toBe("Type the person's name.");

    q<HTMLInputElement>(section.element, "person-add-name").value = "  Noor Haddad ";
    q<HTMLInputElement>(section.element, "person-add-initials").value = "NH";
    q<HTMLSelectElement>(section.element, "person-add-role").value = "checker";
    q<HTMLButtonElement>(section.element, "person-add").click();
    await settle();
    expect(api.sets).toEqual([["Noor Haddad", "NH", "checker"]]);
    expect(rows(section).map((r) => r.dataset.person)).toEqual(["Noor Haddad"]);
    expect(q<HTMLInputElement>(section.element, "person-add-name").value).toBe("");

    q<HTMLInputElement>(section.element, "person-add-name").value = "Kim Lund";
    q<HTMLInputElement>(section.element, "person-add-initials").value = "KLUND";
    q<HTMLButtonElement>(section.element, "person-add").click();
    await settle();
    expect(q(section.element, "people-message").textContent).toBe("Not saved: initials are at most four letters");
    // What was typed stays, to correct.
    expect(q<HTMLInputElement>(section.element, "person-add-name").value).toBe("Kim Lund");
  });
});

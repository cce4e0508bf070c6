// Preferences → People: the desk's people, each with their initials and
// role (editor or checker: "Waiting on checkers" counts the claims assigned
// to checkers), and a way to add someone before they first act on the desk.
// The desk learns a person the first time they act or are assigned a claim.
import { el } from "./dom";
import type { Person, PersonRole } from "./ipc";

export interface PeopleApi {
  deskPeople(): Promise<Person[]>;
  setPerson(name: string, initials: string, role: PersonRole): Promise<Person[]>;
}

export const PERSON_ROLES: readonly PersonRole[] = ["editor", "checker"];

function roleSelect(testid: string, role: PersonRole, label: string): HTMLSelectElement {
  const select = el(
    "select",
    { "data-testid": testid, "aria-label": label },
    ...PERSON_ROLES.map((r) => el("option", { value: r }, r)),
  );
  select.value = role;
  return select;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export class PeopleSection {
  readonly element: HTMLElement;
  private readonly list = el("ul", { class: "people-list", "data-testid": "people-list" });
  private readonly addName = el("input", {
    type: "text",
    "data-testid": "person-add-name",
    "aria-label": "New person's name",
    placeholder: "Name",
    autocomplete: "off",
  });
  private readonly addInitials = el("input", {
    type: "text",
    class: "person-initials",
    "data-testid": "person-add-initials",
    "aria-label": "New person's initials",
    placeholder: "Initials",
    maxlength: "4",
    size: "4",
    autocomplete: "off",
  });
  private readonly addRole = roleSelect("person-add-role", "editor", "New person's role");
  private readonly message = el("p", { class: "pref-state", role: "status", "data-testid": "people-message" });
  /** Called with the desk's people whenever they are loaded or changed. */
  onPeople: (people: Person[]) => void = () => {};

  constructor(private readonly api: PeopleApi) {
    const add = el("button", { type: "button", "data-testid": "person-add" }, "Add");
    add.addEventListener("click", () => void this.add());
    this.addName.addEventListener("keydown", (event) => {
      // Enter adds the person; it never submits the preferences.
      if (event.key === "Enter") {
        event.preventDefault();
        void this.add();
      }
    });
    this.element = el(
      "div",
      { class: "people", "data-testid": "people" },
      el(
        "p",
        { class: "hint" },
        "Everyone who has worked on the desk or been assigned a claim. Checkers' open claims are what “waiting on checkers” in the inbox shows.",
      ),
      this.list,
      el("div", { class: "person-row person-add" }, this.addName, this.addInitials, this.addRole, add),
      this.message,
    );
  }

  /** Reads the desk's people. */
  async load(): Promise<void> {
    try {
      this.show(await this.api.deskPeople());
    } catch (err) {
      this.say(`Could not load the desk's people: ${errorText(err)}`, true);
    }
  }

  private show(people: Person[]): void {
    this.list.replaceChildren(...people.map((p) => this.row(p)));
    if (people.length === 0) this.list.append(el("li", { class: "hint" }, "Nobody yet."));
    this.onPeople(people);
  }

  private row(person: Person): HTMLLIElement {
    const initials = el("input", {
      type: "text",
      class: "person-initials",
      "data-testid": "person-initials",
      "aria-label": `${person.name}'s initials`,
      maxlength: "4",
      size: "4",
      autocomplete: "off",
    });
    initials.value = person.initials;
    const role = roleSelect("person-role", person.role, `${person.name}'s role`);
    const save = el("button", { type: "button", "data-testid": "person-save" }, "Save");
    save.addEventListener("click", () => void this.save(person.name, initials.value, role.value as PersonRole));
    initials.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault();
        save.click();
      }
    });
    return el(
      "li",
      { class: "person-row", "data-testid": "person-row", "data-person": person.name },
      el("span", { class: "person-name" }, person.name),
      initials,
      role,
      save,
    );
  }

  private async add(): Promise<void> {
    const name = this.addName.value.trim();
    if (name === "") {
      this.say("Type the person's name.", true);
      this.addName.focus();
      return;
    }
    if (await this.save(name, this.addInitials.value, this.addRole.value as PersonRole)) {
      this.addName.value = "";
      this.addInitials.value = "";
      this.addRole.value = "editor";
    }
  }

  /** Saves one person; whether the desk took it. */
  private async save(name: string, initials: string, role: PersonRole): Promise<boolean> {
    try {
      this.show(await this.api.setPerson(name, initials.trim(), role));
      this.say(`Saved ${name}.`, false);
      return true;
    } catch (err) {
      this.say(`Not saved: ${errorText(err)}`, true);
      return false;
    }
  }

  private say(text: string, isError: boolean): void {
    this.message.textContent = text;
    this.message.classList.toggle("error", isError);
  }
}

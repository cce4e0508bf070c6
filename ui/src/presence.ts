// Who else is on the desk: the people with a story open on another desktop,
// and whether they are typing in it. Advisory only: nothing here keeps
// anyone from editing. The shell forgets a desktop a few seconds after its
// last heartbeat, so the board asks again on every presence change and
// every few seconds besides.
import type { DeskPresence } from "./ipc";

/** One person at a story: typing when any of their desktops there is. */
export interface Visitor {
  person: string;
  typing: boolean;
}

/** The other people at each story, typists first, then by name; this
 *  desktop left out, a person on two desktops counted once. */
export function visitorsByStory(answer: DeskPresence): Map<number, Visitor[]> {
  const byStory = new Map<number, Map<string, Visitor>>();
  for (const row of answer.presence) {
    if (row.desktop === answer.desktop || row.story_id === null) continue;
    let people = byStory.get(row.story_id);
    if (!people) byStory.set(row.story_id, (people = new Map()));
    const seen = people.get(row.person);
    people.set(row.person, { person: row.person, typing: row.typing || (seen?.typing ?? false) });
  }
  const out = new Map<number, Visitor[]>();
  for (const [story, people] of byStory) {
    out.set(
      story,
      [...people.values()].sort((a, b) => Number(b.typing) - Number(a.typing) || a.person.localeCompare(b.person)),
    );
  }
  return out;
}

/** "Anna Berg is editing" or "Anna Berg has it open". */
export function visitorLabel(visitor: Visitor): string {
  return `${visitor.person} ${visitor.typing ? "is editing" : "has it open"}`;
}

/** Every visitor's label, or null when nobody else is there. */
export function visitorsLabel(visitors: Visitor[]): string | null {
  return visitors.length === 0 ? null : visitors.map(visitorLabel).join(", ");
}

/** "Anna Berg and Lee Park" */
function names(visitors: Visitor[]): string {
  const all = visitors.map((v) => v.person);
  return all.length <= 1 ? all.join("") : `${all.slice(0, -1).join(", ")} and ${all[all.length - 1]}`;
}

/** What an editor opening a story others have open is told before typing. */
export function presenceWarning(visitors: Visitor[]): string | null {
  if (visitors.length === 0) return null;
  const typing = visitors.filter((v) => v.typing);
  const who =
    typing.length > 0
      ? `${names(typing)} ${typing.length === 1 ? "is" : "are"} editing this story.`
      : `${names(visitors)} ${visitors.length === 1 ? "has" : "have"} this story open.`;
  return `${who} You can still edit; a second save will be offered a merge.`;
}

/** Whether two maps of visitors by story say the same. */
function sameVisitors(a: Map<number, Visitor[]>, b: Map<number, Visitor[]>): boolean {
  if (a.size !== b.size) return false;
  for (const [id, visitors] of a) {
    if (JSON.stringify(visitors) !== JSON.stringify(b.get(id))) return false;
  }
  return true;
}

export interface PresenceApi {
  deskPresence(): Promise<DeskPresence>;
}

/** The desk's presence as last heard, asked again on demand and on a timer. */
export class PresenceBoard {
  private byStory = new Map<number, Visitor[]>();
  private asked = 0;
  private timer: ReturnType<typeof setInterval> | undefined;
  /** This desktop's user, as the shell names them (null until heard). */
  actor: string | null = null;

  constructor(
    private readonly api: PresenceApi,
    /** Called after each answer. */
    private readonly onChange: () => void,
    private readonly everyMs = 10_000,
  ) {}

  /** The other people at story `id`. */
  at(id: number): Visitor[] {
    return this.byStory.get(id) ?? [];
  }

  /** Asks the desk who is where; an answer overtaken by a later ask is dropped. */
  async refresh(): Promise<void> {
    const ask = ++this.asked;
    let answer: DeskPresence;
    try {
      answer = await this.api.deskPresence();
    } catch {
      // The next ask tries again; presence is a courtesy, not worth an alarm.
      return;
    }
    if (ask !== this.asked) return;
    const byStory = visitorsByStory(answer);
    // The same people in the same places (a heartbeat, this desktop's own
    // arrival): nothing to show again, so the inbox's rows stay as they are.
    const same = this.actor === answer.actor && sameVisitors(this.byStory, byStory);
    this.actor = answer.actor;
    this.byStory = byStory;
    if (!same) this.onChange();
  }

  /** Asks now and every few seconds from now on. */
  start(): void {
    this.stop();
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.everyMs);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}

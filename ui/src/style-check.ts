// When the open story's house style is checked: at once when it opens (or
// a rule is ignored, a word added), and a moment after the last edit. An
// edit makes every answer still on its way stale: it was for older text.
import type { StyleCheck } from "./ipc";
import { Latest } from "./late";

export type StyleCheckApi = Pick<typeof import("./ipc"), "styleCheck">;

/** How long after the last keystroke the text is checked. */
export const STYLE_CHECK_DELAY_MS = 400;

/** What is checked: the story and its body as the editor holds it now
 *  (as a save sends it). */
export interface CheckedText {
  storyId: number;
  body: string;
}

export class StyleChecker {
  private readonly latest = new Latest<"check">();
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly api: StyleCheckApi,
    /** The text to check now; null while no story is open. */
    private readonly text: () => CheckedText | null,
    /** An answer for the text as it still is. */
    private readonly onCheck: (check: StyleCheck) => void,
    /** A check that failed, for the text as it still is. */
    private readonly onError: (err: unknown) => void,
    private readonly delayMs = STYLE_CHECK_DELAY_MS,
  ) {}

  /** Checks the text now. */
  async now(): Promise<void> {
    this.cancelTimer();
    const target = this.text();
    if (!target) return;
    const ticket = this.latest.next("check");
    try {
      const check = await this.api.styleCheck(target.storyId, target.body);
      if (ticket.live) this.onCheck(check);
    } catch (err) {
      if (ticket.live) this.onError(err);
    }
  }

  /** The text changed: answers on their way are dropped, and the text is
   *  checked once typing pauses. */
  edited(): void {
    this.latest.drop("check");
    this.cancelTimer();
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.now();
    }, this.delayMs);
  }

  /** The story closed: nothing on its way, or waiting, is wanted. */
  stop(): void {
    this.latest.drop("check");
    this.cancelTimer();
  }

  private cancelTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}

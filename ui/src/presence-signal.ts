// Where this desktop is, as the desk sees it: the story open (none in the
// inbox) and whether its editor is typing. Typing starts with the first
// keystroke of a burst and ends a few seconds after the last, so the shell
// hears of it twice a burst, never once a key.
export type SendPresence = (storyId: number | null, typing: boolean) => Promise<void>;

/** How long after the last keystroke the editor counts as no longer typing. */
export const TYPING_QUIET_MS = 5000;

export class PresenceSignal {
  private storyId: number | null = null;
  private typing = false;
  private quiet: ReturnType<typeof setTimeout> | undefined;
  /** What the shell was last told, so the same is not said twice. */
  private said: { storyId: number | null; typing: boolean } | null = null;

  constructor(
    private readonly send: SendPresence,
    private readonly quietMs = TYPING_QUIET_MS,
  ) {}

  /** Story `id` is open now (null: none, the inbox). */
  opened(id: number | null): void {
    clearTimeout(this.quiet);
    this.quiet = undefined;
    this.storyId = id;
    this.typing = false;
    this.tell();
  }

  /** A key typed in the open story's editor. */
  keystroke(): void {
    if (this.storyId === null) return;
    clearTimeout(this.quiet);
    this.quiet = setTimeout(() => {
      this.quiet = undefined;
      this.typing = false;
      this.tell();
    }, this.quietMs);
    if (!this.typing) {
      this.typing = true;
      this.tell();
    }
  }

  private tell(): void {
    const now = { storyId: this.storyId, typing: this.typing };
    if (this.said && this.said.storyId === now.storyId && this.said.typing === now.typing) return;
    this.said = now;
    // The heartbeat repeats it; a refused call is the connection banner's to report.
    this.send(now.storyId, now.typing).catch(() => {
      if (this.said === now) this.said = null;
    });
  }
}

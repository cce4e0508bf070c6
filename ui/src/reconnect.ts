// A team library's server out of reach (it restarted, the network dropped):
// every call it refuses comes back with kind "library-unreachable". The
// window then shows ONE banner for all of them, not an error per call, and
// tries a cheap read every few seconds; once the library answers, the banner
// goes, a short "Reconnected" notice shows and the page refreshes what it
// lists. What the editor types meanwhile stays in its draft (editor/draft.ts).
// ipc.ts reports every call here; the views only ask `isUnreachable` to
// leave such a failure to the banner.
import { el } from "./dom";

/** The kind of a call refused because the team library cannot be reached. */
export const LIBRARY_UNREACHABLE = "library-unreachable";

/** Whether `err` is a call refused because the team library cannot be
 *  reached: the banner says so, the view that asked stays quiet. */
export function isUnreachable(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { kind?: unknown }).kind === LIBRARY_UNREACHABLE;
}

/** The address as a person reads it in the banner: host and port, and the
 *  database (never a password: the shell never sends one). */
export function libraryHost(location: string | null): string | null {
  if (!location) return null;
  try {
    const url = new URL(location);
    const database = url.pathname.replace(/^\//, "");
    return `${url.host}${database ? ` (database ${decodeURIComponent(database)})` : ""}`;
  } catch {
    return location;
  }
}

export interface ConnectionWatchOptions {
  /** A cheap read of the desk's library: resolves once it answers again. */
  probe: () => Promise<unknown>;
  /** How long between tries while the library is out of reach. */
  retryMs?: number;
  /** How long "Reconnected" shows. */
  noticeMs?: number;
}

/** Watches the calls' answers for the team library out of reach. */
export class ConnectionWatch {
  private bannerBox: HTMLElement | null = null;
  private noticeBox: HTMLElement | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private noticeTimer: ReturnType<typeof setTimeout> | undefined;
  private probing: Promise<boolean> | null = null;
  private location: string | null = null;
  private readonly listeners = new Set<() => void>();
  private readonly retryMs: number;
  private readonly noticeMs: number;

  constructor(private readonly options: ConnectionWatchOptions) {
    this.retryMs = options.retryMs ?? 3000;
    this.noticeMs = options.noticeMs ?? 4000;
  }

  /** Whether the banner is up: the library is out of reach. */
  get down(): boolean {
    return this.bannerBox !== null && !this.bannerBox.hidden;
  }

  /** The banner (hidden until the library is out of reach). The window
   *  places it; unplaced, it goes at the top of the page. */
  get banner(): HTMLElement {
    this.bannerBox ??= el("div", {
      class: "library-unreachable",
      role: "alert",
      "data-testid": "library-unreachable",
      hidden: "",
    });
    return this.bannerBox;
  }

  /** "Reconnected", shown for a moment once the library answers again. */
  get notice(): HTMLElement {
    this.noticeBox ??= el("div", {
      class: "library-reconnected",
      role: "status",
      "data-testid": "library-reconnected",
      hidden: "",
    });
    return this.noticeBox;
  }

  /** Calls `listener` each time the library answers again after being out
   *  of reach; returns what stops it. */
  onReconnected(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A call was refused because the library cannot be reached: the banner
   *  shows (once, however many calls fail) and the tries start. */
  lost(location: string | null, detail: string): void {
    const banner = this.banner;
    if (!banner.isConnected) banner.ownerDocument.body.prepend(banner);
    if (location) this.location = location;
    const host = libraryHost(this.location);
    banner.replaceChildren(
      el(
        "strong",
        {},
        host ? `The team library at ${host} cannot be reached.` : "The team library cannot be reached.",
      ),
      " Wiredesk keeps trying; what you type is kept.",
    );
    banner.title = detail;
    if (banner.hidden) {
      banner.hidden = false;
      this.hideNotice();
    }
    this.scheduleRetry();
  }

  /** A call was answered: while the banner is up, the library is tried
   *  at once (the answer may have come from elsewhere). */
  answered(): void {
    if (this.down) void this.retry();
  }

  /** Tries the library now; true when it answered (the banner is gone). */
  retry(): Promise<boolean> {
    if (!this.down) return Promise.resolve(true);
    this.probing ??= this.options
      .probe()
      .then(
        () => {
          this.reconnected();
          return true;
        },
        () => {
          this.scheduleRetry();
          return false;
        },
      )
      .finally(() => {
        this.probing = null;
      });
    return this.probing;
  }

  private scheduleRetry(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.retry(), this.retryMs);
  }

  private reconnected(): void {
    if (!this.down) return;
    clearTimeout(this.retryTimer);
    this.banner.hidden = true;
    this.banner.replaceChildren();
    const notice = this.notice;
    if (!notice.isConnected) this.banner.after(notice);
    notice.textContent = "Reconnected to the team library.";
    notice.hidden = false;
    clearTimeout(this.noticeTimer);
    this.noticeTimer = setTimeout(() => this.hideNotice(), this.noticeMs);
    for (const listener of [...this.listeners]) listener();
  }

  private hideNotice(): void {
    clearTimeout(this.noticeTimer);
    if (this.noticeBox) this.noticeBox.hidden = true;
  }
}

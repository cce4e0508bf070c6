import { App } from "./app";
import { el } from "./dom";
import { libraryState } from "./ipc";
import { OpenFailureView } from "./open-failure";
import { applyTheme, storedTheme } from "./preferences";
import { warmUp } from "./warm-up";

function startDesk(root: HTMLElement): void {
  root.replaceChildren();
  const app = new App(root);
  void app.listen();
  // The end-to-end test reads this mark: time from the window's start to a usable inbox.
  void app
    .loadInbox()
    .then(() => performance.mark("wiredesk:inbox-ready"))
    // The story open when the window last closed opens again.
    .then(() => app.reopenLast())
    // Then, while the editor reads the inbox, the story editor gets ready.
    .then(() => warmUp(document))
    .catch(() => {});
}

const root = document.getElementById("app");
if (root) {
  // Opening the library may take a while (a lock waited for, a slow drive):
  // past a moment, the window says what it is doing.
  const waiting = setTimeout(() => {
    root.replaceChildren(el("p", { class: "opening", role: "status", "data-testid": "opening" }, "Opening the library…"));
  }, 300);
  // The desk, or, when the library cannot be opened, the window that says
  // why and offers a way on; the desk follows once a library is open.
  void libraryState()
    .finally(() => clearTimeout(waiting))
    .then((state) => {
      if (state.state === "open") return startDesk(root);
      let storage: Storage | null = null;
      try {
        storage = window.localStorage;
      } catch {
        // no web storage: the system theme
      }
      applyTheme(document.documentElement, storedTheme(storage));
      new OpenFailureView(root, state.failure, () => startDesk(root)).show();
    })
    .catch(() => startDesk(root));
}

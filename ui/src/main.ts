import { App } from "./app";
import { libraryState } from "./ipc";
import { OpenFailureView } from "./open-failure";
import { applyTheme, storedTheme } from "./preferences";
import { warmUp } from "./story-view";

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
  // The desk, or, when the library cannot be opened, the window that says
  // why and offers a way on; the desk follows once a library is open.
  void libraryState()
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

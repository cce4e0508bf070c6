import { App } from "./app";
import { warmUp } from "./story-view";

const root = document.getElementById("app");
if (root) {
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

// Building DOM from wire text. Wire copy is untrusted: it only ever becomes
// text nodes, never markup. There is no innerHTML anywhere in the UI.

type Child = Node | string | null | undefined | false;

/** An element with attributes and children; strings become text nodes. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return node;
}

/** Text with [bracketed] search matches as <mark> elements, all as text nodes. */
export function highlighted(snippet: string): DocumentFragment {
  const fragment = document.createDocumentFragment();
  const parts = snippet.split(/\[([^\[\]]*)\]/);
  parts.forEach((part, i) => {
    if (part === "") return;
    fragment.append(i % 2 === 1 ? el("mark", {}, part) : document.createTextNode(part));
  });
  return fragment;
}

/** Shows `dialog` as a modal (or, where modals are missing, as open). */
export function openModal(dialog: HTMLDialogElement): void {
  if (dialog.open || dialog.hasAttribute("open")) return;
  if (typeof dialog.showModal === "function") dialog.showModal();
  else dialog.setAttribute("open", "");
}

/** Closes a dialog opened by `openModal`. */
export function closeModal(dialog: HTMLDialogElement): void {
  if (typeof dialog.close === "function") dialog.close();
  dialog.removeAttribute("open");
}

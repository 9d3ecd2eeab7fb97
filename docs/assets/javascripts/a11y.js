// Material wraps each code block's copy button in a <nav> with no name, and axe asks every
// landmark for a distinct one. Name them as Material's script adds them.
(() => {
  const name = () => {
    document.querySelectorAll("nav.md-code__nav").forEach((nav, index) => {
      nav.setAttribute("aria-label", `Code block ${index + 1} tools`);
    });
  };
  new MutationObserver(name).observe(document.body, { childList: true, subtree: true });
  name();
})();

// A table or formula wider than the column scrolls sideways in its own box (Material's table
// wrapper, or div.arithmatex). Such a box must be reachable from the keyboard to be scrolled
// (axe: scrollable-region-focusable): it gets tabindex="0" and a name while it overflows, and
// loses them when a wider window lets it fit, so that boxes that do not scroll are no tab stops.
// Widths are read only where the layout is already up to date (a ResizeObserver's callback, or a
// task queued after a frame is drawn): read earlier, they would force a layout of the whole page
// while it loads, which on a long chapter blocks a phone's main thread.
(() => {
  const kinds = [
    [".md-typeset__scrollwrap", "Table"],
    [".md-typeset div.arithmatex", "Formula"],
  ];
  const marked = "data-vg-scrolls";
  const mark = () => {
    const boxes = kinds.flatMap(([selector, kind]) =>
      [...document.querySelectorAll(selector)].map((box, index) => ({
        box,
        name: `${kind} ${index + 1}, scrolls sideways`,
        scrolls: box.scrollWidth > box.clientWidth + 1,
      })),
    );
    for (const { box, name, scrolls } of boxes) {
      if (scrolls && !box.hasAttribute(marked)) {
        box.setAttribute(marked, "");
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "group");
        box.setAttribute("aria-label", name);
      } else if (!scrolls && box.hasAttribute(marked)) {
        for (const attribute of [marked, "tabindex", "role", "aria-label"]) {
          box.removeAttribute(attribute);
        }
      }
    }
  };
  let pending = false;
  const later = () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() =>
      setTimeout(() => {
        pending = false;
        mark();
      }),
    );
  };
  new ResizeObserver(mark).observe(document.body);
  new MutationObserver(later).observe(document.body, { childList: true, subtree: true });
  document.fonts.ready.then(later);
})();

// Material wraps each code block's copy button in a <nav> with no name, and axe asks every
// landmark for a distinct one. Name them as Material's script adds them.
(() => {
  const name = () => {
    document.querySelectorAll("nav.md-code__nav").forEach((nav, index) => {
      const label = `Code block ${index + 1} tools`;
      if (nav.getAttribute("aria-label") !== label) nav.setAttribute("aria-label", label);
    });
  };
  new MutationObserver(name).observe(document.body, { childList: true, subtree: true });
  name();
})();

// A table or formula wider than the column scrolls sideways in its own box (Material's table
// wrapper, or div.arithmatex). Such a box must be reachable from the keyboard to be scrolled
// (axe: scrollable-region-focusable): it gets tabindex="0" and a name while it overflows, and
// loses them when a wider window lets it fit, so that boxes that do not scroll are no tab stops.
// Widths are read only in a ResizeObserver's callback, where the layout is already up to date:
// read anywhere else while the page loads, they would force a layout of the whole page, which on
// a long chapter blocks a phone's main thread. The observer reports each box once it is laid
// out and whenever its size changes (with the window); a formula can also widen inside its box
// when the maths font arrives, so each box is observed afresh then, which makes the observer
// report it after the next layout. The MutationObserver only finds boxes added later (Material
// wraps tables once its script runs).
(() => {
  const kinds = [
    [".md-typeset__scrollwrap", "Table"],
    [".md-typeset div.arithmatex", "Formula"],
  ];
  const marked = "data-vg-scrolls";
  const boxes = new Set();
  // Every width first, then the marks: a mark written before the next width is read would
  // make that read lay the page out again.
  const mark = (entries) => {
    const found = entries.map(({ target: box }) => [box, box.scrollWidth > box.clientWidth + 1]);
    for (const [box, scrolls] of found) {
      if (scrolls && !box.hasAttribute(marked)) {
        const [selector, kind] = kinds.find(([selector]) => box.matches(selector));
        const index = [...document.querySelectorAll(selector)].indexOf(box);
        box.setAttribute(marked, "");
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "group");
        box.setAttribute("aria-label", `${kind} ${index + 1}, scrolls sideways`);
      } else if (!scrolls && box.hasAttribute(marked)) {
        for (const attribute of [marked, "tabindex", "role", "aria-label"]) {
          box.removeAttribute(attribute);
        }
      }
    }
  };
  const sizes = new ResizeObserver(mark);
  const find = () => {
    for (const [selector] of kinds) {
      for (const box of document.querySelectorAll(selector)) {
        if (boxes.has(box)) continue;
        boxes.add(box);
        sizes.observe(box);
      }
    }
  };
  const again = () => {
    for (const box of boxes) {
      sizes.unobserve(box);
      if (box.isConnected) sizes.observe(box);
      else boxes.delete(box);
    }
  };
  new MutationObserver(find).observe(document.body, { childList: true, subtree: true });
  document.fonts.addEventListener("loadingdone", again);
  find();
})();

// Material wraps each code block's copy button in a <nav> with no name, and axe asks every
// landmark for a distinct one. Name them as they appear, including after instant navigation.
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
(() => {
  const kinds = [
    [".md-typeset__scrollwrap", "Table"],
    [".md-typeset div.arithmatex", "Formula"],
  ];
  const marked = "data-vg-scrolls";
  const mark = () => {
    for (const [selector, kind] of kinds) {
      document.querySelectorAll(selector).forEach((box, index) => {
        const scrolls = box.scrollWidth > box.clientWidth + 1;
        if (scrolls && !box.hasAttribute(marked)) {
          box.setAttribute(marked, "");
          box.setAttribute("tabindex", "0");
          box.setAttribute("role", "group");
          box.setAttribute("aria-label", `${kind} ${index + 1}, scrolls sideways`);
        } else if (!scrolls && box.hasAttribute(marked)) {
          for (const name of [marked, "tabindex", "role", "aria-label"]) box.removeAttribute(name);
        }
      });
    }
  };
  let pending = 0;
  const later = () => {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(mark);
  };
  new ResizeObserver(later).observe(document.body);
  new MutationObserver(later).observe(document.body, { childList: true, subtree: true });
  document.fonts.ready.then(later);
  mark();
})();

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

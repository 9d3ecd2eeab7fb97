/* Search, set up when a reader first reaches for it.

Material's search component sets itself up as its script first runs, on every page: it starts
the search worker and wires the dialog, which is half of that script's first task, the longest
task of a page load on a phone. This script drives the same dialog (Material's markup and styles,
overrides/partials/search.html, which leaves out the attribute that makes Material mount its
own) and the same worker (Material's lunr worker, the `search` URL of Material's configuration),
and starts the worker only when the search field gets the focus: a click or tap on it or on
the search icon, a shortcut key (f, s or /), or an address with ?q=. What the reader sees and the
keys are Material's: results rendered as Material renders them (one item per page, its best
sections below it, the others under "n more on this page"), each link with search.highlight's
?h=, Enter opening the best result, the arrow keys moving through them, Escape or Tab closing.
The offline copy keeps Material's own search, which reads its index from a script. */
(() => {
  const dialog = document.querySelector("[data-vg-search]");
  const settings = document.getElementById("__config");
  if (!dialog || !settings) return;
  const config = JSON.parse(settings.textContent);
  const base = new URL(config.base, location.href);
  const toggle = document.querySelector("[data-md-toggle=search]");
  const query = dialog.querySelector("[data-md-component=search-query]");
  const meta = dialog.querySelector(".md-search-result__meta");
  const initializing = meta.textContent.trim(); // "Initializing search", from the template
  const list = dialog.querySelector(".md-search-result__list");
  const suggestion = dialog.querySelector("[data-md-component=search-suggest]");
  const feature = (name) => config.features.includes(name);
  const translate = (key, count) =>
    count === undefined ? config.translations[key] : config.translations[key].replace("#", count);
  const escape = (text) =>
    text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

  // Material's worker protocol (integrations/search/worker/message).
  const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
  let worker = null;
  let ready = false;
  // The queries sent and not yet answered, in order (the worker answers each in turn), the last
  // one answered, and an Enter pressed while the answer for the field's text was on its way.
  let pending = [];
  let answered = null;
  let enter = false;
  let last = [];

  // If the index or the worker cannot be had, the dialog says so, and the next focus tries again.
  function fail(error) {
    meta.textContent = "Search could not be loaded; try again.";
    console.warn("search:", error);
    worker?.terminate();
    worker = null;
  }

  function start() {
    if (worker) return;
    const own = (worker = new Worker(config.search));
    ready = false;
    pending = [];
    meta.textContent = initializing;
    worker.addEventListener("error", (event) => worker === own && fail(event.message || "worker failed"));
    worker.addEventListener("message", ({ data: message }) => {
      if (message.type === READY) {
        ready = true;
        ask();
      } else if (message.type === RESULT) {
        answered = pending.shift();
        show(message.data);
      }
    });
    fetch(new URL("search/search_index.json", base))
      .then((response) => {
        if (!response.ok) throw new Error(`search index: HTTP ${response.status}`);
        return response.json();
      })
      .then(({ config: index, docs }) => {
        const options = { suggest: feature("search.suggest") };
        if (worker === own) worker.postMessage({ type: SETUP, data: { config: index, docs, options } });
      })
      .catch((error) => worker === own && fail(error));
  }

  // The field's text, unless it is the text last sent.
  function ask() {
    const value = query.value;
    if (!ready || value === (pending.length ? pending[pending.length - 1] : answered)) return;
    pending.push(value);
    worker.postMessage({ type: QUERY, data: value });
  }

  // The link with the highest score among the first page's, as Material picks it (the first of
  // equals).
  function openBest() {
    const links = [...list.querySelectorAll(":scope > li:first-child a[href]")];
    const score = (link) => parseFloat(link.firstElementChild.dataset.mdScore);
    links.sort((a, b) => score(b) - score(a))[0]?.click();
  }

  // One found document (a page, or a section of one) as Material's templates/search draws it.
  function found(doc, { parent = false, teaser = true } = {}) {
    const url = new URL(doc.location, base);
    if (feature("search.highlight")) {
      const matched = Object.entries(doc.terms).filter(([, match]) => match).map(([term]) => term);
      url.searchParams.set("h", matched.join(" "));
    }
    const missing = Object.keys(doc.terms).filter((term) => !doc.terms[term]);
    // Title and text come from the worker as HTML, the matches marked.
    const title = parent ? `<div class="md-search-result__icon md-icon"></div><h1>${doc.title}</h1>` : `<h2>${doc.title}</h2>`;
    const text = teaser && doc.text.length ? doc.text : "";
    const terms = teaser && missing.length
      ? `<p class="md-search-result__terms">${translate("search.result.term.missing")}: ` +
        `${missing.map((term) => `<del>${escape(term)}</del>`).join(" ")}</p>`
      : "";
    return `<a href="${escape(url.href)}" class="md-search-result__link" tabindex="-1">` +
      `<article class="md-search-result__article md-typeset" data-md-score="${doc.score.toFixed(2)}">` +
      `${title}${text}${terms}</article></a>`;
  }

  // One page's results: the page, the sections that score as well as the best, and the rest
  // folded away.
  function item(result) {
    const docs = [...result];
    const threshold = docs[0].score;
    const at = docs.findIndex((doc) => !new URL(doc.location, base).href.includes("#"));
    const [page] = docs.splice(at, 1);
    let cut = docs.findIndex((doc) => doc.score < threshold);
    if (cut === -1) cut = docs.length;
    const best = docs.slice(0, cut);
    const more = docs.slice(cut);
    let html = found(page, { parent: true, teaser: at === 0 && cut === 0 });
    html += best.map((doc) => found(doc)).join("");
    if (more.length) {
      const label = more.length === 1
        ? translate("search.result.more.one")
        : translate("search.result.more.other", more.length);
      html += `<details class="md-search-result__more"><summary tabindex="-1"><div>${label}</div></summary>` +
        `${more.map((doc) => found(doc)).join("")}</details>`;
    }
    return `<li class="md-search-result__item">${html}</li>`;
  }

  function show({ items, suggest }) {
    const value = answered;
    if (items.length === 0) {
      meta.textContent = translate(value.length ? "search.result.none" : "search.result.placeholder");
    } else {
      meta.textContent = translate(items.length === 1 ? "search.result.one" : "search.result.other", items.length);
    }
    list.innerHTML = items.map(item).join("");
    last = suggest ?? [];
    complete();
    if (enter && pending.length === 0) {
      enter = false;
      openBest();
    }
  }

  // The field's last word, completed by the worker's last suggestion if it starts with it.
  function complete() {
    if (!suggestion) return;
    const words = query.value.split(/([\s-]+)/);
    const word = last[last.length - 1];
    if (word && words[words.length - 1] && word.startsWith(words[words.length - 1])) {
      words[words.length - 1] = word;
      suggestion.textContent = words.join("");
    } else {
      suggestion.textContent = "";
    }
  }

  // The dialog is open while Material's toggle is checked; clicking it, as Material does, lets
  // Material's own listeners (the page's scroll lock on a phone) follow.
  const open = (on) => {
    if (toggle.checked !== on) toggle.click();
  };
  const shown = () => {
    list.setAttribute("role", toggle.checked ? "list" : "presentation");
    list.hidden = !toggle.checked;
  };
  toggle.addEventListener("change", shown);
  shown();

  // Opened a moment after the focus, as Material does: a click on the header's search icon
  // focuses the field and then, as a label, checks the toggle itself.
  query.addEventListener("focus", () => {
    start();
    ask();
    setTimeout(() => document.activeElement === query && open(true), 1);
  });
  // Reached for without a focus event to say so: the worker starts and the dialog opens now.
  const reach = () => {
    start();
    open(true);
  };
  // A field focused before this script ran (a tap on a slow phone) counts as reached for.
  if (document.activeElement === query) reach();
  query.addEventListener("input", () => {
    ask();
    complete();
  });
  query.form.addEventListener("reset", () => {
    query.focus();
    setTimeout(ask);
  });
  // The form has no action: Enter is handled below.
  query.form.addEventListener("submit", (event) => event.preventDefault());
  document.querySelector("header [for=__search]")?.addEventListener("click", () => query.focus());
  dialog.addEventListener("click", (event) => {
    if (event.target instanceof Element && event.target.closest("a")) open(false);
  });

  // Keys typed into a field are the field's (a radio button takes only the arrows).
  const typing = (el, key) =>
    el instanceof HTMLElement &&
    (el.isContentEditable || ["SELECT", "TEXTAREA"].includes(el.tagName) ||
      (el.tagName === "INPUT" && (el.type !== "radio" || key.startsWith("Arrow"))));
  window.addEventListener("keydown", (event) => {
    // Keys that pick a word in an input method's composition are the method's.
    if (event.metaKey || event.ctrlKey || event.isComposing || event.keyCode === 229) return;
    const active = document.activeElement;
    if (!toggle.checked) {
      if (["f", "s", "/"].includes(event.key) && !typing(active, event.key)) {
        query.focus();
        query.select();
        event.preventDefault();
      }
      return;
    }
    switch (event.key) {
      case "Enter": {
        if (active !== query) break;
        // The results on show may be for fewer letters than the field now has: then the best
        // result is opened once the answer for all of them is in.
        if (ready && pending.length === 0 && answered === query.value) openBest();
        else enter = true;
        event.preventDefault();
        break;
      }
      case "Escape":
      case "Tab":
        enter = false;
        open(false);
        query.blur();
        break;
      case "ArrowUp":
      case "ArrowDown": {
        if (!dialog.contains(active)) {
          query.focus();
          event.preventDefault();
          break;
        }
        const stops = [query, ...list.querySelectorAll(":not(details) > [href], summary, details[open] [href]")];
        const step = event.key === "ArrowUp" ? -1 : 1;
        const here = Math.max(0, stops.indexOf(active));
        stops[(here + step + stops.length) % stops.length].focus();
        event.preventDefault();
        break;
      }
      case "ArrowRight":
        // Take the suggestion, with the caret at the end of what was typed.
        if (active === query && suggestion?.textContent && query.selectionStart === query.value.length) {
          query.value = suggestion.textContent;
          ask();
          complete();
        }
        break;
      default:
        // Typing, or deleting, from a result goes on in the field.
        if (active !== query && (event.key.length === 1 || ["Backspace", "Delete"].includes(event.key))) {
          query.focus();
        }
    }
  });

  // An address with ?q= opens the dialog with that query; the query leaves the address when the
  // dialog closes.
  const named = new URL(location.href).searchParams.get("q");
  if (named !== null) {
    query.value = named;
    reach();
    query.focus();
    const closed = () => {
      if (toggle.checked) return;
      toggle.removeEventListener("change", closed);
      const url = new URL(location.href);
      url.searchParams.delete("q");
      history.replaceState(history.state, "", url);
    };
    toggle.addEventListener("change", closed);
  }
})();

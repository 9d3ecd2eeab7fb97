/* The gradient-flow explorer: the static figure `explorer_default`, made interactive.

A page embeds the figure with `![[explorer_default]]`. This script puts the explorer in its place
and draws it from the per-layer statistics that vanishing_site.explorer computes at build time for
every setting, in assets/explorer/: index.json (the menus, the grid, the colours, the default) and
one file of runs per activation, fetched the first time that activation is shown. A reader
without JavaScript keeps the static figure, and so does one whose copy of the data cannot be
loaded (the figure is put back). Plain DOM and SVG, no
framework and nothing from another host.

The index and the first activation's runs are fetched only when the figure comes near the screen
(or the address names a setting), so a page that ends with the explorer loads as fast as one
without it. The setting lives in the
address, e.g. #relu/he_normal/20/bn/activations (activation, scheme, depth, then "bn", "res" and
the view when they differ from plain and gradients), so a view can be shared and comes back on
reload and on hashchange.
*/
(() => {
  "use strict";

  const FIGURE = "figure#figure-explorer-default";
  const INDEX_URL = new URL("../explorer/index.json", document.currentScript.src);
  // One activation's runs, beside the index.
  const runsUrl = (activation) => new URL(`${activation}.json`, INDEX_URL);
  const SVG = "http://www.w3.org/2000/svg";
  const MINUS = "\u2212";
  // How far below the screen the figure may be when its data starts to load.
  const NEAR = "600px";
  // A ratio within these bounds is "about the same": the readout does not print "1 times".
  const SAME = [Math.log10(0.8), Math.log10(1.25)];

  // Each chart panel: what it plots, as (statistic, label, what it is, palette slot 1-6). Odd slots
  // take the deep shade of the activation's colour, even ones the pale shade (see `paint`).
  const VIEWS = {
    gradients: {
      label: "Gradients",
      panels: [
        {
          axis: "log",
          title: "norm per layer (log scale)",
          series: [
            ["delta", "\u2016\u03b4\u2097\u2016", "backward signal", 1],
            ["grad_W", "\u2016\u2202C/\u2202W\u2097\u2016", "weight gradient", 2],
          ],
        },
      ],
    },
    activations: {
      label: "Activations",
      panels: [
        {
          axis: "log",
          title: "spread per layer: standard deviation (log scale)",
          series: [
            ["z_std", "std z\u2097", "pre-activations", 3],
            ["a_std", "std a\u2097", "activations", 4],
          ],
        },
        {
          axis: "percent",
          title: "share of units",
          series: [
            ["saturated", "flat", "\u03c6\u2032 < 1% of its peak", 5],
            ["dead", "dead", "0 on every example", 6],
          ],
        },
      ],
    },
  };
  // The statistics of a view, in order: the columns of its table.
  const columns = (view) =>
    VIEWS[view].panels.flatMap((panel) =>
      panel.series.map(([name, label]) => ({ name, label, fraction: panel.axis === "percent" })),
    );
  const COLUMNS = Object.keys(VIEWS).flatMap(columns);

  const json = (url) =>
    fetch(url).then((response) => {
      if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
      return response.json();
    });

  /* The data, fetched once per visit to the site: the index, whose `runs` fill up with each
  activation's runs as they arrive (`loaded` names those activations). */
  let data = null;
  const load = () => (data ??= json(INDEX_URL).then((d) => ({ ...d, runs: {}, loaded: new Set() })));
  const fetching = new Map();
  function loadRuns(d, activation) {
    if (!fetching.has(activation)) {
      const runs = json(runsUrl(activation)).then((part) => {
        Object.assign(d.runs, part);
        d.loaded.add(activation);
      });
      // A file that could not be had is asked for again the next time.
      runs.catch(() => fetching.delete(activation));
      fetching.set(activation, runs);
    }
    return fetching.get(activation);
  }

  /* A number is { plain } or { mantissa, exponent }, for mantissa × 10^exponent (no mantissa for
  a power of ten); it is written out as HTML, as words for a screen reader, or into SVG text. */
  const minus = (k) => String(k).replace("-", MINUS);
  const subscript = (n) => String(n).replace(/\d/g, (c) => String.fromCharCode(0x2080 + Number(c)));

  /* A positive number given by its log10 e, to two significant digits: the asset keeps log10 to
  two decimals, about 2% of the value. */
  function number(e) {
    const plain = (10 ** e).toPrecision(2);
    if (e >= -2 && e < 3 && !plain.includes("e")) return { plain: String(Number(plain)) };
    let k = Math.floor(e);
    let mantissa = (10 ** (e - k)).toFixed(1);
    if (mantissa === "10.0") [k, mantissa] = [k + 1, "1.0"];
    return { mantissa, exponent: minus(k) };
  }
  const power = (k) => (k === 0 ? { plain: "1" } : k === 1 ? { plain: "10" } : { exponent: minus(k) });
  const percent = (permille) => ({ plain: `${(permille / 10).toFixed(permille % 10 ? 1 : 0)}%` });
  const times = (n) => (n.mantissa ? `${n.mantissa} \u00d7 ` : "");
  // No line break inside a number: non-breaking spaces around the times sign.
  const html = (n) => n.plain ?? `${times(n).replaceAll(" ", "\u00a0")}10<sup>${n.exponent}</sup>`;
  const spoken = (n) => n.plain ?? `${times(n)}10^${n.exponent}`;

  function variant(state) {
    const parts = [state.batchnorm && "batchnorm", state.residual && "residual"].filter(Boolean);
    return parts.length ? parts.join("+") : "plain";
  }

  /* The statistics of the chosen setting, decoded: log10 values, and permille for the fractions;
  null where the asset has no value. */
  function statistics(d, state) {
    const depth = d.depths[state.depth];
    const key = [state.activation, state.scheme, depth, variant(state)].join("/");
    const stats = { key, depth, saturates: d.saturating.includes(state.activation) };
    for (const { name, fraction } of COLUMNS) {
      const scale = fraction ? d.scale.fraction / 1000 : d.scale.log10;
      stats[name] = d.runs[key][name].map((v) => (v === null ? null : v / scale));
    }
    return stats;
  }

  function cell(stats, name, i) {
    const v = stats[name][i];
    if (v === null) return { plain: "\u2014" };
    return COLUMNS.find((c) => c.name === name).fraction ? percent(v) : number(v);
  }

  /* The readout: the verdict and the numbers behind it, in a sentence or two. */

  function verdict(ratio) {
    if (ratio < -1) return "Vanishing.";
    if (ratio > 1) return "Exploding.";
    return "Flowing.";
  }

  const level = (e) => e >= SAME[0] && e <= SAME[1];
  // "x times y", or "about the same as y" when x ÷ y (log10 e) is close to 1.
  const compared = (e, what) => (level(e) ? `about the same as ${what}` : `${html(number(e))} times ${what}`);

  function readout(stats, view) {
    const last = stats.depth;
    if (view === "gradients") {
      const [d1, dL] = [stats.delta[0], stats.delta[last - 1]];
      const [g1, gL] = [stats.grad_W[0], stats.grad_W[last - 1]];
      if ([d1, dL, g1, gL].includes(null)) return "<strong>No gradient.</strong> A layer’s gradient is exactly zero.";
      // A gradient may be level across the layers and still useless: say so when all are tiny.
      const largest = Math.max(...stats.grad_W.filter((v) => v !== null));
      const tiny = largest < -6 ? ` No layer’s weight gradient reaches ${html(power(Math.ceil(largest)))}.` : "";
      // The verdict is the backward signal's, which the first sentence names (and the bracket
      // on the chart measures); the weight gradient may go the other way.
      return (
        `<strong>${verdict(d1 - dL)}</strong> The backward signal at layer 1, ` +
        `\u2016\u03b4\u2081\u2016, is ${compared(d1 - dL, `layer ${last}’s`)}. ` +
        `Layer 1’s weight gradient is ${compared(g1 - gL, `layer ${last}’s`)}.${tiny}`
      );
    }
    const [z1, zL] = [stats.z_std[0], stats.z_std[last - 1]];
    const [flat, dead] = [stats.saturated[last - 1], stats.dead[last - 1]];
    let word = "Steady.";
    if (zL === null || zL < -3) word = "Collapsing.";
    else if (zL > 3) word = "Exploding.";
    else if (dead > 100) word = "Dying.";
    else if (flat > 100 && stats.saturates) word = "Saturating.";
    const spread = (e) => (e === null ? "0" : html(number(e)));
    const course =
      z1 !== null && zL !== null && level(zL - z1)
        ? `stays at ${spread(z1) === spread(zL) ? "" : "about "}${spread(z1)} from layer 1 to layer ${last}`
        : `goes from ${spread(z1)} at layer 1 to ${spread(zL)} at layer ${last}`;
    return (
      `<strong>${word}</strong> The spread of the pre-activations ${course}, where ` +
      `${html(percent(flat))} of the units are flat and ${html(percent(dead))} dead.`
    );
  }

  /* An SVG element; its content pieces are strings, elements or numbers (exponents raised as
  superscripts). */
  function svg(tag, attributes = {}, ...pieces) {
    const node = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
    let raised = false;
    const write = (text) => {
      // The text after a superscript comes back down to the baseline.
      node.append(raised ? svg("tspan", { dy: "0.4em" }, text) : text);
      raised = false;
    };
    for (const piece of pieces) {
      if (piece instanceof Node) node.append(piece);
      else if (typeof piece !== "object") write(String(piece));
      else if (piece.plain !== undefined) write(piece.plain);
      else {
        write(`${times(piece)}10`);
        node.append(svg("tspan", { class: "vg-x-sup", dy: "-0.55em" }, piece.exponent));
        raised = true;
      }
    }
    return node;
  }

  const NICE = [1, 2, 3, 5, 10, 20, 25, 50, 100];
  // log10 of 1, 2 and 5: the ticks of a log axis that spans less than two decades.
  const STEPS = [0, Math.log10(2), Math.log10(5)];

  /* The y range and ticks of a panel. A log axis spans the data with a margin (at least 0.7 of a
  decade, so a level line lies in the middle, not on an edge) with ticks at whole decades, at
  most six; where fewer than two decades fit, at 1, 2 and 5 times a power of ten. A percent axis
  is 0-100%. */
  function yAxis(axis, values) {
    if (axis === "percent") return { lo: 0, hi: 1000, ticks: [0, 500, 1000], label: percent };
    // A panel whose every value is 0 (no logarithm) still gets an axis, around 1.
    const known = values.some((v) => v !== null) ? values.filter((v) => v !== null) : [0];
    const [least, most] = [Math.min(...known), Math.max(...known)];
    const margin = Math.max(0.08 * (most - least), 0.1);
    let [lo, hi] = [least - margin, most + margin];
    if (hi - lo < 0.7) [lo, hi] = [(lo + hi) / 2 - 0.35, (lo + hi) / 2 + 0.35];
    const ticks = [];
    if (Math.floor(hi) - Math.ceil(lo) >= 1) {
      const step = NICE.find((s) => (hi - lo) / s <= 5) ?? 100;
      for (let t = Math.ceil(lo / step) * step; t <= hi; t += step) ticks.push(t);
      return { lo, hi, ticks, label: power };
    }
    for (let k = Math.floor(lo); k <= hi; k++) {
      for (const s of STEPS) if (k + s >= lo && k + s <= hi) ticks.push(k + s);
    }
    return { lo, hi, ticks, label: (t) => (Number.isInteger(t) ? power(t) : number(t)) };
  }

  function xTicks(depth, most) {
    const step = [1, 2, 5, 10, 25].find((s) => depth / s <= most);
    const ticks = [1];
    for (let t = step; t <= depth; t += step) if (t > 1) ticks.push(t);
    return ticks;
  }

  /* Spread labels vertically so that none is closer than `gap` to the next. */
  function separate(positions, gap, top, bottom) {
    const order = positions.map((y, i) => [y, i]).sort((a, b) => a[0] - b[0]);
    for (let j = 1; j < order.length; j++) order[j][0] = Math.max(order[j][0], order[j - 1][0] + gap);
    const overflow = order.length ? order[order.length - 1][0] - bottom : 0;
    if (overflow > 0) for (const o of order) o[0] = Math.max(top, o[0] - overflow);
    const out = [];
    for (const [y, i] of order) out[i] = y;
    return out;
  }

  /* Draw one view into the <svg>: its panels stacked, sharing the layer axis. */
  function draw(chart, stats, view, width, pointed) {
    // On a narrow screen the labels leave the right margin for a legend above each panel.
    const narrow = width < 560;
    const margin = { left: 52, right: narrow ? 16 : 136, top: 30, bottom: 46 };
    const panels = VIEWS[view].panels;
    const heights = panels.length === 1 ? [narrow ? 240 : 300] : [narrow ? 180 : 210, 96];
    const legends = panels.map((panel) => (narrow ? 17 * panel.series.length + 4 : 0));
    const gapBetween = 44;
    const sum = (list) => list.reduce((a, b) => a + b, 0);
    const height = margin.top + sum(heights) + sum(legends) + gapBetween * (panels.length - 1) + margin.bottom;
    chart.replaceChildren();
    chart.setAttribute("viewBox", `0 0 ${width} ${height}`);
    chart.setAttribute("width", width);
    chart.setAttribute("height", height);

    const depth = stats.depth;
    const plotWidth = width - margin.left - margin.right;
    const x = (layer) => margin.left + (depth === 1 ? plotWidth / 2 : ((layer - 1) / (depth - 1)) * plotWidth);
    const hover = [];

    let top = margin.top;
    panels.forEach((panel, p) => {
      const h = heights[p];
      const g = svg("g", { class: "vg-x-panel" });
      g.append(svg("text", { class: "vg-x-title", x: margin.left, y: top - 12 }, panel.title));
      if (narrow) {
        panel.series.forEach(([, label, what, slot], i) => {
          const ly = top + 8 + 17 * i;
          g.append(svg("line", { class: `vg-x-swatch vg-x-c${slot}`, x1: margin.left, x2: margin.left + 14, y1: ly - 4, y2: ly - 4 }));
          g.append(svg("text", { class: "vg-x-series", x: margin.left + 19, y: ly }, `${label}  `,
            svg("tspan", { class: "vg-x-what" }, what)));
        });
        top += legends[p];
      }
      const values = panel.series.flatMap(([name]) => stats[name]);
      const axis = yAxis(panel.axis, values);
      const bottom = top + h; // fixed now: `top` moves on to the next panel
      const y = (v) => bottom - ((v - axis.lo) / (axis.hi - axis.lo)) * h;
      for (const t of axis.ticks) {
        g.append(svg("line", { class: "vg-x-grid", x1: margin.left, x2: margin.left + plotWidth, y1: y(t), y2: y(t) }));
        g.append(svg("text", { class: "vg-x-tick", x: margin.left - 8, y: y(t) + 4, "text-anchor": "end" }, axis.label(t)));
      }
      if (p === panels.length - 1) {
        for (const t of xTicks(depth, narrow ? 5 : 10)) {
          g.append(svg("line", { class: "vg-x-axis", x1: x(t), x2: x(t), y1: top + h, y2: top + h + 5 }));
          g.append(svg("text", { class: "vg-x-tick", x: x(t), y: top + h + 18, "text-anchor": "middle" }, t));
        }
        g.append(svg("text", { class: "vg-x-label", x: margin.left, y: top + h + 36 }, "hidden layer l, from the input"));
        // Which way the signal of this view travels: gradients are read from right to left.
        if (!narrow) {
          g.append(svg("text", { class: "vg-x-note", x: margin.left + plotWidth, y: top + h + 36, "text-anchor": "end" },
            view === "gradients" ? "\u2190 the backward pass" : "the forward pass \u2192"));
        }
      }
      g.append(svg("line", { class: "vg-x-axis", x1: margin.left, x2: margin.left + plotWidth, y1: top + h, y2: top + h }));

      // The first layer against the last: a dashed level from the last layer's backward signal,
      // and a bracket down (or up) to the first layer's.
      if (view === "gradients") {
        const [first, last] = [stats.delta[0], stats.delta[depth - 1]];
        if (first !== null && last !== null && Math.abs(first - last) >= 0.5) {
          const yl = y(last);
          const yf = y(first);
          g.append(svg("line", { class: "vg-x-level", x1: x(1), x2: x(depth), y1: yl, y2: yl }));
          const bx = x(1) + 10;
          g.append(svg("path", { class: "vg-x-bracket", d: `M${bx - 4},${yl}H${bx}V${yf}H${bx - 4}` }));
          const ym = (yl + yf) / 2;
          g.append(svg("text", { class: "vg-x-ratio", x: bx + 8, y: ym }, number(first - last)));
          g.append(svg("text", { class: "vg-x-what", x: bx + 8, y: ym + 15 }, `\u2016\u03b4\u2081\u2016 \u00f7 \u2016\u03b4${subscript(depth)}\u2016`));
        }
      }

      const ends = [];
      for (const [name, label, what, slot] of panel.series) {
        const points = stats[name];
        let d = "";
        let pen = false;
        points.forEach((v, i) => {
          if (v === null) {
            pen = false;
            return;
          }
          d += `${pen ? "L" : "M"}${x(i + 1).toFixed(1)},${y(v).toFixed(1)}`;
          pen = true;
        });
        g.append(svg("path", { class: `vg-x-line vg-x-c${slot}`, d, "data-stat": name }));
        if (depth <= 20) {
          points.forEach((v, i) => {
            if (v !== null) g.append(svg("circle", { class: `vg-x-dot vg-x-c${slot}`, cx: x(i + 1), cy: y(v), r: 2.5 }));
          });
        }
        const lastKnown = points.findLastIndex((v) => v !== null);
        if (lastKnown >= 0) ends.push({ label, what, slot, y: y(points[lastKnown]) });
        hover.push({ name, slot, y });
      }
      const placed = separate(ends.map((e) => e.y), 30, top, top + h);
      ends.forEach((e, i) => {
        if (narrow) return;
        const lx = margin.left + plotWidth + 10;
        g.append(svg("line", { class: `vg-x-swatch vg-x-c${e.slot}`, x1: lx, x2: lx + 14, y1: placed[i] - 4, y2: placed[i] - 4 }));
        g.append(svg("text", { class: "vg-x-series", x: lx + 19, y: placed[i] }, e.label));
        g.append(svg("text", { class: "vg-x-what", x: lx + 19, y: placed[i] + 13 }, e.what));
      });
      chart.append(g);
      top += h + gapBetween;
    });

    // Pointing at the chart, or tapping it, picks the nearest layer: a guide and dots on the
    // chart, its values in the line above the chart (`pointed`).
    const guide = svg("g", { class: "vg-x-hover", visibility: "hidden" });
    chart.append(guide);
    const point = (event) => {
      const box = chart.getBoundingClientRect();
      const px = ((event.clientX - box.left) / box.width) * width;
      const layer = Math.min(depth, Math.max(1, Math.round(1 + ((px - margin.left) / plotWidth) * (depth - 1))));
      guide.replaceChildren(svg("line", { class: "vg-x-guide", x1: x(layer), x2: x(layer), y1: margin.top, y2: top - gapBetween }));
      const pieces = [`<strong>Layer ${layer}</strong>`];
      for (const { name, slot, y } of hover) {
        const v = stats[name][layer - 1];
        if (v === null) continue;
        guide.append(svg("circle", { class: `vg-x-focus vg-x-c${slot}`, cx: x(layer), cy: y(v), r: 4 }));
        const label = COLUMNS.find((c) => c.name === name).label;
        pieces.push(`<span class="vg-explorer__pair">${label}\u00a0${html(cell(stats, name, layer - 1))}</span>`);
      }
      pointed.innerHTML = pieces.join(" \u00b7 ");
      pointed.classList.add("vg-explorer__pointed--on");
      guide.setAttribute("visibility", "visible");
    };
    chart.onpointerdown = point;
    chart.onpointermove = point;
    // A finger lifted leaves its layer shown; a mouse that leaves the chart takes it away.
    chart.onpointerleave = (event) => {
      if (event.pointerType !== "mouse") return;
      guide.setAttribute("visibility", "hidden");
      pointed.textContent = HINT;
      pointed.classList.remove("vg-explorer__pointed--on");
    };
  }

  const HINT = "Point at the chart, or tap it, to read one layer’s values.";

  /* The chart's text alternative: what it shows, in words, with the end points of each line. */
  function description(stats, view) {
    const parts = VIEWS[view].panels.flatMap((panel) =>
      panel.series.map(([name, label, what]) => {
        const [a, b] = [cell(stats, name, 0), cell(stats, name, stats.depth - 1)];
        return `${what} ${label}: ${spoken(a)} at layer 1, ${spoken(b)} at layer ${stats.depth}`;
      }),
    );
    return `Chart of ${VIEWS[view].label.toLowerCase()} per hidden layer, 1 to ${stats.depth}. ` +
      `${parts.join("; ")}. Every value is in the table below.`;
  }

  /* The table of the view's statistics, layer by layer. */
  function table(stats, view) {
    const shown = columns(view);
    const head = shown.map(({ label, fraction }) => `<th scope="col">${label}${fraction ? " units" : ""}</th>`);
    const rows = stats.delta.map((_, i) => {
      const cells = shown.map(({ name }) => `<td>${html(cell(stats, name, i))}</td>`);
      return `<tr><th scope="row">${i + 1}</th>${cells.join("")}</tr>`;
    });
    return `<table><thead><tr><th scope="col">layer</th>${head.join("")}</tr></thead>` +
      `<tbody>${rows.join("")}</tbody></table>`;
  }

  function element(tag, attributes = {}, html) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
    if (html !== undefined) node.innerHTML = html;
    return node;
  }

  function select(id, label, options, value) {
    const field = element("div", { class: "vg-explorer__field" });
    field.append(element("label", { for: id }, label));
    const input = element("select", { id });
    for (const [name, text] of options) {
      const option = element("option", { value: name });
      option.textContent = text;
      input.append(option);
    }
    input.value = value;
    field.append(input);
    return [field, input];
  }

  function checkbox(id, label) {
    const field = element("div", { class: "vg-explorer__check" });
    const input = element("input", { type: "checkbox", id });
    field.append(input, element("label", { for: id }, label));
    return [field, input];
  }

  // The series take the shades of the activation's colour that the data carries (one source:
  // vanishing_site.style), for both schemes; the stylesheet picks the pair of the current one.
  function paint(widget, colours) {
    for (const scheme of ["light", "dark"]) {
      const [deep, pale] = colours[scheme];
      widget.style.setProperty(`--vg-deep-${scheme}`, deep);
      widget.style.setProperty(`--vg-pale-${scheme}`, pale);
    }
  }

  /* The setting in the address: "activation/scheme/depth", then "bn", "res" and the view when
  they are not plain and gradients. */
  function address(state, d) {
    const flags = [state.batchnorm && "bn", state.residual && "res", state.view !== "gradients" && state.view];
    return [state.activation, state.scheme, d.depths[state.depth], ...flags.filter(Boolean)].join("/");
  }

  /* The setting an address names, or null when it names none (a heading's anchor, say). */
  function setting(hash, d) {
    const [activation, scheme, depth, ...flags] = decodeURIComponent(hash.replace(/^#/, "")).split("/");
    const index = d.depths.indexOf(Number(depth));
    const known = (choices, name) => choices.some(([choice]) => choice === name);
    const views = flags.filter((flag) => flag in VIEWS);
    if (!known(d.activations, activation) || !known(d.schemes, scheme) || index < 0) return null;
    if (views.length > 1 || flags.some((flag) => !["bn", "res"].includes(flag) && !(flag in VIEWS))) return null;
    return {
      activation,
      scheme,
      depth: index,
      batchnorm: flags.includes("bn"),
      residual: flags.includes("res"),
      view: views[0] ?? "gradients",
    };
  }
  // Names a setting, as far as can be told without the data: three parts or more.
  const namesSetting = (hash) => hash.split("/").length >= 3;

  /* The setting to start from: the one the address names, else the default. */
  function initial(d) {
    const defaults = d.default;
    return setting(location.hash, d) ?? {
      activation: defaults.activation,
      scheme: defaults.scheme,
      depth: d.depths.indexOf(defaults.depth),
      batchnorm: defaults.variant.includes("batchnorm"),
      residual: defaults.variant.includes("residual"),
      view: "gradients",
    };
  }

  // The explorer on the page now, told of every change of the address.
  let follow = null;
  window.addEventListener("hashchange", () => follow?.(location.hash));

  /* The explorer in `widget`, starting at `state`, whose activation's runs are loaded. */
  function mount(widget, d, state) {
    const id = (name) => `${widget.id}-${name}`;

    const controls = element("div", { class: "vg-explorer__controls" });
    const [activationField, activation] = select(id("activation"), "Activation", d.activations, state.activation);
    const [schemeField, scheme] = select(id("scheme"), "Initialisation", d.schemes, state.scheme);

    const depthField = element("div", { class: "vg-explorer__field vg-explorer__depth" });
    const depthLabel = element("label", { for: id("depth") }, "Depth ");
    const depthValue = element("output", { for: id("depth"), class: "vg-explorer__value" });
    depthLabel.append(depthValue);
    const depth = element("input", { type: "range", id: id("depth"), min: 0, max: d.depths.length - 1, step: 1 });
    depth.value = state.depth;
    const ticks = element("div", { class: "vg-explorer__ticks", "aria-hidden": "true" },
      d.depths.map((n) => `<span>${n}</span>`).join(""));
    depthField.append(depthLabel, depth, ticks);

    const toggles = element("div", { class: "vg-explorer__toggles" });
    const [bnField, batchnorm] = checkbox(id("batchnorm"), "Batch normalisation");
    const [resField, residual] = checkbox(id("residual"), "Residual connections");
    batchnorm.checked = state.batchnorm;
    residual.checked = state.residual;
    toggles.append(bnField, resField);
    controls.append(activationField, schemeField, depthField, toggles);

    const views = element("fieldset", { class: "vg-explorer__views" });
    views.append(element("legend", { class: "vg-explorer__hidden" }, "View"));
    for (const [name, { label }] of Object.entries(VIEWS)) {
      const radio = element("input", { type: "radio", name: id("view"), id: id(name), value: name });
      radio.checked = name === state.view;
      views.append(radio, element("label", { for: id(name) }, label));
    }

    const live = element("p", { class: "vg-explorer__readout", "aria-live": "polite" });
    const pointed = element("p", { class: "vg-explorer__pointed" });
    pointed.textContent = HINT;
    const frame = element("div", { class: "vg-explorer__chart" });
    const chart = svg("svg", { role: "img", class: "vg-explorer__svg" });
    frame.append(chart);
    const numbers = element("details", { class: "vg-explorer__numbers" });
    const summary = element("summary", {}, "Every value, layer by layer");
    const tableBox = element("div", { class: "vg-explorer__table", tabindex: "0", role: "region", "aria-label": "Every value, layer by layer" });
    numbers.append(summary, tableBox);

    const n = d.network;
    const caption = element("p", { class: "vg-explorer__caption" },
      `Each setting is one network at initialisation: ${n.width} units per hidden layer, one random ` +
      `batch of ${n.batch} examples, seed ${n.seed}, computed when this site was built by the ` +
      `library’s own forward and backward pass. Residual connections add each layer’s output to ` +
      `its input, h<sub>l</sub> = h<sub>l−1</sub> + φ(z<sub>l</sub>). ` +
      `Data (JSON): <a href="${INDEX_URL.href}">the settings</a> and ` +
      `<a class="vg-explorer__runs"></a>.`);
    const runsLink = caption.querySelector(".vg-explorer__runs");
    const label = (name) => d.activations.find(([choice]) => choice === name)[1];

    // The chart spans the explorer's box less its padding. That box was laid out while the data
    // loaded, so its width is read now without forcing a layout, and the first chart is drawn
    // at it in this task; the chart's own box, once laid out, corrects it if need be.
    const padding = getComputedStyle(widget);
    let width = widget.clientWidth - parseFloat(padding.paddingLeft) - parseFloat(padding.paddingRight);
    if (!(width > 0)) width = 640;

    widget.replaceChildren(controls, views, live, pointed, frame, numbers, caption);
    widget.classList.remove("vg-explorer--loading");

    // The controls show the state (after an address named a setting, or a load failed).
    const setControls = () => {
      activation.value = state.activation;
      scheme.value = state.scheme;
      depth.value = state.depth;
      batchnorm.checked = state.batchnorm;
      residual.checked = state.residual;
      views.querySelector(`input[value="${state.view}"]`).checked = true;
    };
    // The setting on the chart, which stays there while another activation's runs load.
    let drawn = { ...state };
    const update = () => {
      if (!d.loaded.has(state.activation)) {
        const wanted = state.activation;
        widget.setAttribute("aria-busy", "true");
        loadRuns(d, wanted).then(
          () => state.activation === wanted && update(),
          (error) => {
            if (state.activation !== wanted) return;
            // Back to the setting on the chart, saying why.
            widget.removeAttribute("aria-busy");
            Object.assign(state, drawn);
            setControls();
            history.replaceState(history.state, "", `#${address(state, d)}`);
            live.innerHTML = `<strong>Not loaded.</strong> The data for ${label(wanted)} could not be fetched; try again.`;
            console.warn("gradient-flow explorer:", error);
          },
        );
        return;
      }
      widget.removeAttribute("aria-busy");
      drawn = { ...state };
      paint(widget, d.colours[state.activation]);
      runsLink.href = runsUrl(state.activation).href;
      runsLink.textContent = `the runs for ${label(state.activation)}`;
      const stats = statistics(d, state);
      depthValue.textContent = `${stats.depth} layers`;
      depth.setAttribute("aria-valuetext", `${stats.depth} layers`);
      live.innerHTML = readout(stats, state.view);
      chart.setAttribute("aria-label", description(stats, state.view));
      chart.dataset.setting = stats.key;
      chart.dataset.view = state.view;
      draw(chart, stats, state.view, width, pointed);
      pointed.textContent = HINT;
      pointed.classList.remove("vg-explorer__pointed--on");
      tableBox.innerHTML = table(stats, state.view);
    };
    // A reader's change goes into the address (replacing it: the back button leaves the page).
    const changed = () => {
      update();
      history.replaceState(history.state, "", `#${address(state, d)}`);
    };

    activation.addEventListener("change", () => { state.activation = activation.value; changed(); });
    scheme.addEventListener("change", () => { state.scheme = scheme.value; changed(); });
    depth.addEventListener("input", () => { state.depth = Number(depth.value); changed(); });
    batchnorm.addEventListener("change", () => { state.batchnorm = batchnorm.checked; changed(); });
    residual.addEventListener("change", () => { state.residual = residual.checked; changed(); });
    views.addEventListener("change", (event) => { state.view = event.target.value; changed(); });

    // An address that names a setting (a link, or one typed in) sets the controls.
    follow = (hash) => {
      const named = widget.isConnected && setting(hash, d);
      if (!named) return;
      Object.assign(state, named);
      setControls();
      update();
    };

    // Redraw at each new width of the chart's box, so that text keeps its size on any screen.
    new ResizeObserver(() => {
      if (!frame.clientWidth || frame.clientWidth === width) return;
      width = frame.clientWidth;
      update();
    }).observe(frame);
    update();
    if (setting(location.hash, d)) widget.scrollIntoView({ block: "start" });
  }

  function upgrade(figure) {
    // The explorer takes over the figure's id, so links to the figure lead to it.
    const widget = element("div", {
      class: "vg-explorer vg-explorer--loading",
      id: figure.id,
      role: "group",
      "aria-label": "Gradient-flow explorer",
    });
    widget.append(element("p", { class: "vg-explorer__status" }, "Loading the explorer…"));
    // The static figure leaves at once, so the page has the same content however fast the
    // data arrives; it comes back if the data cannot be had.
    figure.replaceWith(widget);
    // The index, then the runs of the activation to start with: the default's, or the one the
    // address names.
    load()
      .then((d) => {
        const state = initial(d);
        return loadRuns(d, state.activation).then(() => mount(widget, d, state));
      })
      .catch((error) => {
        widget.replaceWith(figure);
        console.warn("gradient-flow explorer: the static figure stays", error);
      });
  }

  /* Upgrade the figure now if the address names a setting; else once it is on the screen or
  near it. The observer says so after the page's first layout (its first report comes then, for
  a figure already in view), where asking for the figure's position now would force that layout
  early, in this script's own task. */
  function watch(figure) {
    if (namesSetting(location.hash)) {
      upgrade(figure);
      return;
    }
    const observer = new IntersectionObserver(
      (entries) => {
        if (!entries.some((entry) => entry.isIntersecting)) return;
        observer.disconnect();
        upgrade(figure);
      },
      { rootMargin: `0px 0px ${NEAR} 0px` },
    );
    observer.observe(figure);
  }

  const run = () => document.querySelectorAll(FIGURE).forEach(watch);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
  else run();
})();

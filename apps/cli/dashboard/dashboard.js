// The dashboard page: plain ES module, no build step. Everything from the API is set as text
// (textContent, never innerHTML): a task type or tenant name is data, not markup.
import uPlot from "/vendor/uPlot.esm.js";

const DAY_MS = 86_400_000;
const TIER_COLOURS = { fast: "#3b82c4", standard: "#e0a030", powerful: "#c2413b" };
const PALETTE = ["#3b82c4", "#e0a030", "#c2413b", "#4b9b6b", "#8a5cc2", "#5d6677", "#d16ba5", "#2fa5a5"];
const TABLE_PANELS = ["anomalies", "tier-mix", "savings", "shadow", "top-spenders", "budgets", "policy-history", "alerts"];
const NUMERIC = /^[-+$]?[\d,.]+%?$|^n\/a$|^unknown$/;
const charts = [];

const form = document.getElementById("filters");
const status = document.getElementById("status");

function element(tag, properties = {}, children = []) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(properties)) {
    if (key === "text") node.textContent = value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else node.setAttribute(key, value);
  }
  for (const child of children) node.append(child);
  return node;
}

function isoDay(date) {
  return date.toISOString().slice(0, 10);
}

/** The form's values from the address bar, or the last 7 days (UTC). */
function initialiseForm() {
  const parameters = new URLSearchParams(location.search);
  const today = isoDay(new Date());
  form.elements.to.value = parameters.get("to") ?? today;
  form.elements.from.value = parameters.get("from") ?? isoDay(new Date(Date.parse(`${form.elements.to.value}T00:00:00Z`) - 6 * DAY_MS));
  for (const name of ["tenant", "feature"]) form.elements[name].value = parameters.get(name) ?? "";
  return parameters.get("taskType") ?? "";
}

function apiParameters() {
  const from = form.elements.from.value;
  const to = form.elements.to.value;
  const parameters = new URLSearchParams({
    from: `${from}T00:00:00.000Z`,
    // The form's "to" day is inclusive; the API's end is exclusive.
    to: new Date(Date.parse(`${to}T00:00:00Z`) + DAY_MS).toISOString(),
  });
  for (const name of ["taskType", "tenant", "feature"]) {
    const value = form.elements[name].value.trim();
    if (value !== "") parameters.set(name, value);
  }
  return parameters;
}

function setStatus(state, text) {
  status.dataset.state = state;
  status.textContent = text;
}

async function load() {
  document.body.dataset.state = "loading";
  setStatus("loading", "Loading…");
  let response;
  try {
    response = await fetch(`/api/dashboard?${apiParameters()}`, { credentials: "same-origin" });
  } catch {
    setStatus("error", "The dashboard server does not answer (is switchyard dashboard still running?).");
    document.body.dataset.state = "error";
    return;
  }
  const body = await response.json().catch(() => ({ error: `HTTP ${response.status}` }));
  if (!response.ok) {
    setStatus("error", `The dashboard refused the request: ${body.error ?? response.status}`);
    document.body.dataset.state = "error";
    return;
  }
  render(body);
  document.body.dataset.state = "ready";
}

function render(data) {
  document.getElementById("target").textContent = `${data.target} · ${data.from.slice(0, 10)} to ${data.to.slice(0, 10)} (UTC, end exclusive)`;
  document.body.dataset.from = data.from;
  document.body.dataset.to = data.to;
  fillTaskTypes(data.taskTypes, data.filters.taskType ?? "");
  for (const chart of charts.splice(0)) chart.destroy();
  renderSpend(data.spend);
  renderMix(data.spend);
  for (const id of TABLE_PANELS) renderTable(id, data.panels[id]);
  // A panel that asked nothing of the store (no budgets configured) says nothing about whether it answers.
  const results = [data.spend, ...Object.values(data.panels).filter((panel) => panel.queried !== false)];
  const failed = results.filter((result) => result.status === "error");
  if (failed.length === results.length && failed.every((result) => result.unavailable)) {
    setStatus("unreachable", `ClickHouse is unreachable: ${failed[0].error}`);
  } else if (failed.length > 0) {
    setStatus("partial", `${failed.length} of ${results.length} reports failed (shown in their panels); the others are shown.`);
  } else if (data.spend.days.length === 0) {
    setStatus("empty", "No data in this range yet: run `npm start` (the demo) or send tasks, or widen the range.");
  } else {
    setStatus("ok", "");
  }
}

function fillTaskTypes(taskTypes, selected) {
  const select = form.elements.taskType;
  const choices = [...new Set([...taskTypes, ...(selected ? [selected] : [])])];
  select.replaceChildren(element("option", { value: "", text: "all" }), ...choices.map((type) => element("option", { value: type, text: type })));
  select.value = selected;
}

function panelBody(id) {
  const section = document.querySelector(`[data-panel="${id}"]`);
  const body = section.querySelector(".panel-body");
  body.replaceChildren();
  return { section, body };
}

/** Says on the panel which filters given its report cannot honour: its figures are not narrowed by them. */
function showNotNarrowed(body, filters) {
  if (filters.length === 0) return;
  body.append(
    element("p", { class: "not-narrowed", "data-role": "not-narrowed", text: `Not narrowed by ${filters.join(" or ")}: this report has no such column.` }),
  );
}

function showError(body, message) {
  body.append(element("p", { class: "panel-error", "data-role": "error", text: `This report failed: ${message}` }));
}

function renderTable(id, panel) {
  const { section, body } = panelBody(id);
  section.querySelector("h2").textContent = panel.title;
  section.dataset.status = panel.status;
  if (panel.status === "error") return showError(body, panel.error);
  Object.assign(section.dataset, { from: panel.from, to: panel.to });
  showNotNarrowed(body, panel.notNarrowedBy);
  if (panel.rows.length === 0) {
    body.append(element("p", { class: "muted", "data-role": "empty", text: panel.empty }));
    return;
  }
  const head = element(
    "tr",
    {},
    panel.columns.map((column) => element("th", { scope: "col", text: column.label })),
  );
  const rows = panel.rows.map((row, index) =>
    element(
      "tr",
      panel.marked[index] ? { class: "marked" } : {},
      panel.columns.map((column) => element("td", { "data-key": column.key, class: NUMERIC.test(row[column.key]) ? "number" : "text", text: row[column.key] })),
    ),
  );
  body.append(element("div", { class: "table-scroll" }, [element("table", {}, [element("thead", {}, [head]), element("tbody", {}, rows)])]));
  if (panel.truncated) body.append(element("p", { class: "muted", text: `First ${panel.rows.length} rows shown; narrow the range or filters.` }));
}

function renderSpend(spend) {
  const { section, body } = panelBody("spend");
  section.dataset.status = spend.status;
  if (spend.status === "error") return showError(body, spend.error);
  if (spend.days.length === 0) {
    body.append(element("p", { class: "muted", "data-role": "empty", text: "No calls in this range." }));
    return;
  }
  const figures = [
    element("div", { class: "figure" }, [element("strong", { "data-figure": "total-cost", text: spend.totals.cost }), "spend"]),
    element("div", { class: "figure" }, [element("strong", { "data-figure": "total-calls", text: spend.totals.calls }), "calls"]),
    ...spend.tiers.map((tier) =>
      element("div", { class: "figure", "data-tier": tier.tier }, [
        element("strong", { "data-figure": "tier-cost", text: tier.cost }),
        `${tier.tier} · `,
        element("span", { "data-figure": "tier-calls", text: tier.calls }),
        " calls",
      ]),
    ),
  ];
  body.append(element("div", { class: "figures" }, figures));
  const anomalies =
    spend.anomalyDays.length === 0 ? "No anomalous hours in this range." : `Days with anomalous hours (shaded): ${spend.anomalyDays.join(", ")}`;
  body.append(element("p", { class: "muted", "data-role": "anomaly-days", text: anomalies }));
  const grid = element("div", { class: "charts" });
  body.append(grid);
  const anomalyTimes = spend.anomalyDays.map((day) => Date.parse(`${day}T00:00:00Z`) / 1000);
  addStackedChart(grid, "By tier", spend.days, spend.byTier, TIER_COLOURS, anomalyTimes, usd);
  addStackedChart(grid, "By model", spend.days, spend.byModel, {}, anomalyTimes, usd);
}

function renderMix(spend) {
  const { section, body } = panelBody("mix");
  section.dataset.status = spend.status;
  if (spend.status === "error") return showError(body, spend.error);
  const types = Object.keys(spend.mix).sort();
  if (types.length === 0) {
    body.append(element("p", { class: "muted", "data-role": "empty", text: "No routed calls in this range." }));
    return;
  }
  body.append(
    element("p", { class: "muted", text: "Share of each day's routed (primary) calls per tier; a tier-mix shift is what the tier-mix report flags." }),
  );
  const grid = element("div", { class: "mix-grid" });
  body.append(grid);
  for (const type of types) {
    const totals = spend.days.map((_day, index) => Object.values(spend.mix[type]).reduce((sum, calls) => sum + calls[index], 0));
    const shares = Object.fromEntries(
      Object.entries(spend.mix[type]).map(([tier, calls]) => [tier, calls.map((value, index) => (totals[index] ? value / totals[index] : 0))]),
    );
    const shifted = spend.shiftedTaskTypes.includes(type);
    addStackedChart(grid, type, spend.days, shares, TIER_COLOURS, [], (value) => `${(value * 100).toFixed(0)}%`, shifted);
  }
}

function usd(value) {
  return `$${value.toLocaleString("en-US", { maximumFractionDigits: value < 1 ? 4 : 2 })}`;
}

/** Stacked bars: each series drawn as the running total, largest first, so the smaller ones paint over it. */
function addStackedChart(container, title, days, seriesByName, colours, markedTimes, formatValue, shifted = false) {
  const heading = element("h3", { text: title });
  if (shifted) heading.append(" ", element("span", { class: "shift", "data-role": "shift", text: "▲ tier-mix shift" }));
  const holder = element("div", { class: "chart", dataset: { chart: title } }, [heading]);
  container.append(holder);
  const names = Object.keys(seriesByName).sort((left, right) => rank(left) - rank(right) || left.localeCompare(right));
  const times = days.map((day) => Date.parse(`${day}T00:00:00Z`) / 1000);
  const running = days.map(() => 0);
  const stacked = names.map((name) => seriesByName[name].map((value, index) => (running[index] += value)));
  const order = names.map((_name, index) => index).reverse();
  const colourOf = (name, index) => colours[name] ?? PALETTE[index % PALETTE.length];
  const bars = uPlot.paths.bars({ size: [0.7, 48] });
  const options = {
    width: Math.max(240, holder.clientWidth || 300),
    height: 200,
    legend: { live: false },
    scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.05 : 1] } },
    axes: [{}, { values: (_u, ticks) => ticks.map(formatValue), size: 60 }],
    series: [
      {},
      ...order.map((index) => ({
        label: names[index],
        fill: colourOf(names[index], index),
        stroke: colourOf(names[index], index),
        paths: bars,
        value: (_u, v) => (v == null ? "" : formatValue(v)),
      })),
    ],
    hooks: {
      drawClear: [
        (u) => {
          // Anomaly days shaded behind the bars.
          const { ctx } = u;
          ctx.save();
          ctx.fillStyle = "rgba(194, 65, 59, 0.14)";
          for (const time of markedTimes) {
            const left = u.valToPos(time - 43_200, "x", true);
            const right = u.valToPos(time + 43_200, "x", true);
            ctx.fillRect(left, u.bbox.top, right - left, u.bbox.height);
          }
          ctx.restore();
        },
      ],
    },
  };
  const chart = new uPlot(options, [times, ...order.map((index) => stacked[index])], holder);
  charts.push(chart);
}

window.addEventListener("resize", () => {
  for (const chart of charts) chart.setSize({ width: Math.max(240, chart.root.parentElement.clientWidth), height: 200 });
});

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const shown = new URLSearchParams();
  for (const name of ["from", "to", "taskType", "tenant", "feature"]) {
    const value = form.elements[name].value.trim();
    if (value !== "") shown.set(name, value);
  }
  history.replaceState(null, "", `?${shown}`);
  void load();
});

const selectedTaskType = initialiseForm();
fillTaskTypes([], selectedTaskType);
void load();

/** Tiers from the cheapest up (bottom of a stack); other names after them, alphabetically. */
function rank(name) {
  const position = Object.keys(TIER_COLOURS).indexOf(name);
  return position === -1 ? Object.keys(TIER_COLOURS).length : position;
}

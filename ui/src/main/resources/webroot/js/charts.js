// ECharts behind one door: every chart registers here so pages can dispose theirs on leaving, resize them with
// their box, and tests can read a chart's option (window.branchwise.charts.get(element)).
import {global} from './global.js';
import {escapeHtml} from './dom.js';

// Started at once, so the 1 MB library downloads while the first API calls run. Its versioned path is in a JSON
// block of index.html (filled in by Maven): an import map would be inline script, which the content security
// policy refuses, while a data block is never run.
const library = import(JSON.parse(document.getElementById('libraries').textContent).echarts).then((module) => {
  global.perf.echarts = global.perf.echarts ?? performance.now();
  return module;
});
const instances = new Map();

export const PALETTE = ['#2563eb', '#d97706', '#059669', '#7c3aed', '#db2777', '#0891b2', '#65a30d', '#9f1239',
  '#475569', '#ca8a04'];

global.charts = {get: (el) => instances.get(el) || null};

const relayouts = new WeakMap(); // element -> redraw for charts laid out in pixels from their width
// Work is moved to the next frame: changing a chart's size inside the observer's callback would notify it again
// in the same frame, which browsers report as an error.
const resizer = new ResizeObserver((entries) => requestAnimationFrame(() => {
  for (const entry of entries) {
    const chart = instances.get(entry.target);
    if (!chart || chart.isDisposed()) continue;
    const widthChanged = Math.abs(chart.getWidth() - entry.target.clientWidth) > 1;
    chart.resize();
    if (widthChanged) relayouts.get(entry.target)?.();
  }
}));

/**
 * Draws `option` in `el` (replacing what was there) and resolves once ECharts has finished rendering it, so a
 * caller can tell when the chart is really on screen. `relayout` redraws a chart whose layout was computed from
 * its width when that width changes; others are just resized.
 */
export async function draw(el, option, {label, onClick, relayout} = {}) {
  requireTextTooltips(option);
  const echarts = await library;
  if (!el.isConnected) return null; // the page was left while the library loaded
  let chart = instances.get(el);
  if (!chart) {
    chart = echarts.init(el, null, {renderer: 'canvas'});
    instances.set(el, chart);
    resizer.observe(el);
  } else {
    // A tooltip on screen while the chart was just resized (a relayout) has a refresh queued that outlives the
    // tooltip replaced below and fails in ECharts 5.5 ("reading 'offsetWidth'"); hiding it first cancels that.
    chart.dispatchAction({type: 'hideTip'});
  }
  if (relayout) relayouts.set(el, relayout);
  if (label) el.setAttribute('aria-label', label);
  el.setAttribute('role', 'img');
  const rendered = new Promise((resolve) => chart.on('finished', function done() {
    chart.off('finished', done);
    resolve(chart);
  }));
  chart.off('click');
  if (onClick) chart.on('click', onClick);
  // A loading veil animates for ever, and 'finished' waits for every animation: lift it before drawing.
  chart.hideLoading();
  chart.setOption({
    animation: false,
    color: PALETTE,
    aria: {enabled: true},
    textStyle: {fontFamily: 'inherit'},
    ...option,
  }, {notMerge: true});
  await rendered;
  el.dataset.rendered = 'true';
  return chart;
}

/** Disposes every chart inside `root` (a page being left). */
export function disposeIn(root) {
  for (const [el, chart] of instances) {
    if (root.contains(el) || !el.isConnected) {
      resizer.unobserve(el);
      chart.dispose();
      instances.delete(el);
    }
  }
}

export const grid = {left: 56, right: 24, top: 40, bottom: 48, containLabel: true};

const textFormatters = new WeakSet();

/**
 * A tooltip formatter for names a study brought with it: `lines(params)` returns the tooltip's lines (a string or
 * an array) as plain text; ECharts shows a formatter's answer as HTML, so each line is escaped here.
 */
export function textTip(lines) {
  const formatter = (params) => [].concat(lines(params) ?? []).map(escapeHtml).join('<br>');
  textFormatters.add(formatter);
  return formatter;
}

// Every tooltip formatter must come from textTip: a hand-built HTML string with a parameter or metric name in it
// would run that name as markup. ECharts' own default tooltip escapes what it shows.
function requireTextTooltips(option) {
  const tooltips = [option.tooltip, ...[].concat(option.series ?? []).map((s) => s?.tooltip)].flat();
  for (const tooltip of tooltips) {
    if (tooltip?.formatter !== undefined && !textFormatters.has(tooltip.formatter)) {
      throw new Error('a chart tooltip formatter must be made with textTip()');
    }
  }
}

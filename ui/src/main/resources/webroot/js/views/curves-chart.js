// Per-task learning curves of one trial, each task in its own small panel (tasks have metrics on different
// scales) beside its single-task baseline's curve, dashed: the reference every Δ is measured against.
import {draw, PALETTE} from '../charts.js';

/**
 * curves: {tasks, metrics?, steps, values: {task: [...]}} from the API; baselines: [{task, metric, curve: {steps,
 * values}}] (may be empty). Returns the draw promise.
 */
export function drawCurves(el, curves, baselines = [], {trialLabel = 'this trial'} = {}) {
  const tasks = curves.tasks || [];
  const width = el.clientWidth || 800;
  const columns = width < 560 ? 1 : width < 900 ? 2 : 3;
  const panelWidth = width / columns;
  const rows = Math.max(1, Math.ceil(tasks.length / columns));
  const panelHeight = 190;
  el.style.height = rows * panelHeight + 40 + 'px';
  const byTask = new Map(baselines.map((b) => [b.task, b]));
  const grids = [];
  const xAxes = [];
  const yAxes = [];
  const titles = [];
  const series = [];
  tasks.forEach((task, i) => {
    const col = i % columns;
    const row = Math.floor(i / columns);
    const left = col * panelWidth;
    const color = PALETTE[i % PALETTE.length];
    // Pixels, not percentages: every panel needs the same room for its axis labels whatever the width.
    grids.push({left: left + 52, width: panelWidth - 72, top: row * panelHeight + 64, height: panelHeight - 84});
    titles.push({text: `${task}${curves.metrics?.[task] ? ' · ' + curves.metrics[task] : ''}`, left: left + 8,
      top: row * panelHeight + 36, textStyle: {fontSize: 13}});
    xAxes.push({gridIndex: i, type: 'value', name: 'epoch', nameGap: 4, minInterval: 1, min: 'dataMin'});
    yAxes.push({gridIndex: i, type: 'value', scale: true});
    const values = curves.values?.[task] || [];
    series.push({name: `${task} (${trialLabel})`, type: 'line', xAxisIndex: i, yAxisIndex: i, color,
      data: (curves.steps || []).map((s, j) => [s, values[j]]), showSymbol: true, symbolSize: 5});
    const b = byTask.get(task);
    if (b && b.curve) {
      series.push({name: `${task} alone (STL)`, type: 'line', xAxisIndex: i, yAxisIndex: i, color,
        lineStyle: {type: 'dashed'}, symbol: 'triangle', symbolSize: 6,
        data: b.curve.steps.map((s, j) => [s, b.curve.values[j]])});
    }
  });
  return draw(el, {
    title: titles,
    legend: {top: 0, type: 'scroll', data: series.map((s) => s.name)},
    tooltip: {trigger: 'axis'},
    grid: grids, xAxis: xAxes, yAxis: yAxes, series,
  }, {label: `Per-task curves of ${trialLabel} for ${tasks.join(', ')}, dashed: each task trained alone`,
    relayout: () => drawCurves(el, curves, baselines, {trialLabel})});
}

/** A plain Optuna trial's scalar intermediate values, for studies without tasks. */
export function drawIntermediate(el, intermediate, {trialLabel = 'this trial'} = {}) {
  el.style.height = '';
  return draw(el, {
    grid: {left: 56, right: 24, top: 40, bottom: 40, containLabel: true},
    legend: {top: 4},
    tooltip: {trigger: 'axis'},
    xAxis: {type: 'value', name: 'step', minInterval: 1},
    yAxis: {type: 'value', scale: true},
    series: [{name: `Intermediate value (${trialLabel})`, type: 'line',
      data: (intermediate.steps || []).map((s, j) => [s, intermediate.values[j]])}],
  }, {label: `Intermediate values of ${trialLabel}`});
}

// Optimization history: every complete trial's objective value and the best-so-far line. Built from the compact
// /history columns into flat typed arrays, which ECharts draws several times faster than arrays of points: a
// 10,000-trial study stays one quick canvas.
import {draw, grid, textTip} from '../charts.js';

/**
 * Complete trials of objective k as flat [number, value, number, value, ...] arrays: the points and the
 * best-so-far step line over them.
 */
export function historySeries(history, k) {
  const minimize = (history.directions[k] || 'MINIMIZE') === 'MINIMIZE';
  const n = history.numbers.length;
  const points = new Float64Array(2 * n);
  const best = new Float64Array(2 * n);
  let count = 0;
  let bestSoFar = null;
  for (let i = 0; i < n; i++) {
    if (history.states[i] !== 'COMPLETE') continue;
    const v = history.values[i]?.[k];
    if (typeof v !== 'number' || !Number.isFinite(v)) continue;
    if (bestSoFar === null || (minimize ? v < bestSoFar : v > bestSoFar)) bestSoFar = v;
    points[2 * count] = best[2 * count] = history.numbers[i];
    points[2 * count + 1] = v;
    best[2 * count + 1] = bestSoFar;
    count++;
  }
  return {points: points.subarray(0, 2 * count), best: best.subarray(0, 2 * count), count, bestSoFar, minimize};
}

export function drawHistory(el, history, {objective = 0, name = 'Objective value', log = false, onPick} = {}) {
  const {points, best, count, bestSoFar, minimize} = historySeries(history, objective);
  const big = count > 2000;
  el.dataset.points = String(count);
  return draw(el, {
    grid: {...grid, top: 60},
    legend: {top: 0, right: 8},
    tooltip: {trigger: 'item', formatter: textTip((p) => [`Trial #${p.value[0]}`,
      `${p.seriesIndex === 0 ? name : p.seriesName}: ${p.value[1]}`])},
    xAxis: {type: 'value', name: 'Trial number', nameLocation: 'middle', nameGap: 28, min: 'dataMin', max: 'dataMax'},
    // The legend and the axis name get a row each, so they never overlap on a narrow screen.
    yAxis: {type: log ? 'log' : 'value', name: `${name} (${minimize ? 'lower' : 'higher'} is better)`,
      nameTextStyle: {align: 'left'}, scale: true},
    dataZoom: big ? [{type: 'inside'}, {type: 'slider', height: 18, bottom: 4}] : [],
    series: [
      {name: 'Trial', type: 'scatter', data: points, dimensions: ['number', 'value'], symbolSize: big ? 3 : 6,
        large: big, largeThreshold: 2000, itemStyle: {opacity: big ? 0.5 : 0.8}},
      {name: 'Best so far', type: 'line', step: 'end', data: best, dimensions: ['number', 'best'], showSymbol: false,
        sampling: big ? 'lttb' : undefined, lineStyle: {width: 2}},
    ],
  }, {label: `Optimization history: ${count} complete trials, best ${bestSoFar ?? 'none'}`,
    onClick: (p) => p.value && onPick?.(p.value[0])});
}

/**
 * The history's axes and legend with no points, with a loading veil: drawn while the history is on its way, so
 * the frame is on screen early and the chart code is warm when thousands of points arrive.
 */
export function drawHistoryFrame(el, {name = 'Objective value'} = {}) {
  return draw(el, {
    grid: {...grid, top: 60},
    legend: {top: 0, right: 8},
    xAxis: {type: 'value', name: 'Trial number', nameLocation: 'middle', nameGap: 28},
    yAxis: {type: 'value', name, nameTextStyle: {align: 'left'}, scale: true},
    series: [
      {name: 'Trial', type: 'scatter', data: new Float64Array(0), dimensions: ['number', 'value'], large: true},
      {name: 'Best so far', type: 'line', step: 'end', data: new Float64Array(0), dimensions: ['number', 'best']},
    ],
  }, {label: 'Optimization history, loading'}).then((chart) => {
    chart?.showLoading({text: 'loading the history…', color: '#1d4ed8', textColor: '#4b5563'});
    return chart;
  });
}

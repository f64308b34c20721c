// Optimization history: every complete trial's objective value and the best-so-far line. Built from the compact
// /history columns and drawn with ECharts' large mode, so 10,000 trials stay one fast canvas.
import {draw, grid} from '../charts.js';

/** Points [[number, value]] of complete trials for objective k, and the best-so-far step line over them. */
export function historySeries(history, k) {
  const minimize = (history.directions[k] || 'MINIMIZE') === 'MINIMIZE';
  const points = [];
  const best = [];
  let bestSoFar = null;
  for (let i = 0; i < history.numbers.length; i++) {
    if (history.states[i] !== 'COMPLETE') continue;
    const v = history.values[i]?.[k];
    if (typeof v !== 'number' || !Number.isFinite(v)) continue;
    points.push([history.numbers[i], v]);
    if (bestSoFar === null || (minimize ? v < bestSoFar : v > bestSoFar)) bestSoFar = v;
    best.push([history.numbers[i], bestSoFar]);
  }
  return {points, best, minimize};
}

export function drawHistory(el, history, {objective = 0, name = 'Objective value', log = false, onPick} = {}) {
  const {points, best, minimize} = historySeries(history, objective);
  const big = points.length > 2000;
  return draw(el, {
    grid,
    legend: {top: 4},
    tooltip: {trigger: 'item', formatter: (p) => `Trial #${p.value[0]}<br>${p.seriesName}: ${p.value[1]}`},
    xAxis: {type: 'value', name: 'Trial number', nameLocation: 'middle', nameGap: 28, min: 'dataMin', max: 'dataMax'},
    yAxis: {type: log ? 'log' : 'value', name: `${name} (${minimize ? 'lower' : 'higher'} is better)`,
      scale: true},
    dataZoom: big ? [{type: 'inside'}, {type: 'slider', height: 18, bottom: 4}] : [],
    series: [
      {name: 'Trial', type: 'scatter', data: points, symbolSize: big ? 3 : 6, large: big, largeThreshold: 2000,
        itemStyle: {opacity: big ? 0.5 : 0.8}},
      {name: 'Best so far', type: 'line', step: 'end', data: best, showSymbol: false, sampling: big ? 'lttb' : undefined,
        lineStyle: {width: 2}},
    ],
  }, {label: `Optimization history: ${points.length} complete trials, best ${best.length ? best[best.length - 1][1] : 'none'}`,
    onClick: (p) => p.value && onPick?.(p.value[0])});
}

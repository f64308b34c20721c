// The Pareto front of a study with two or three objectives: non-dominated complete trials highlighted, the rest
// faint; hovering a point shows the trial and all its values, clicking opens it. With three objectives two are on
// the axes (chosen by the caller) and the front is still computed over all three.
import {draw, textTip} from '../charts.js';

/** Indices (into `points`) of the points no other point dominates; `minimize[k]` per objective. */
export function paretoFront(points, minimize) {
  const better = (a, b, k) => (minimize[k] ? a < b : a > b);
  const dominates = (a, b) => {
    let strictly = false;
    for (let k = 0; k < a.length; k++) {
      if (better(b[k], a[k], k)) return false;
      if (better(a[k], b[k], k)) strictly = true;
    }
    return strictly;
  };
  // Sorted by the first objective, a point can only be dominated by one before it or equal on it; checking
  // against the front found so far is enough, since anything dominated by a dropped point is dominated by the
  // point that dropped it.
  const order = points.map((_, i) => i).sort((i, j) => (minimize[0] ? points[i][0] - points[j][0] : points[j][0] - points[i][0]));
  const front = [];
  for (const i of order) {
    if (front.some((f) => dominates(points[f], points[i]))) continue;
    for (let f = front.length - 1; f >= 0; f--) {
      if (dominates(points[i], points[front[f]])) front.splice(f, 1);
    }
    front.push(i);
  }
  return front.sort((a, b) => a - b);
}

export function drawPareto(el, history, {x = 0, y = 1, names, onPick} = {}) {
  const m = history.directions.length;
  const minimize = history.directions.map((d) => d === 'MINIMIZE');
  const numbers = [];
  const points = [];
  for (let i = 0; i < history.numbers.length; i++) {
    const v = history.values[i];
    if (history.states[i] !== 'COMPLETE' || !v || v.length !== m || !v.every(Number.isFinite)) continue;
    numbers.push(history.numbers[i]);
    points.push(v);
  }
  const front = new Set(paretoFront(points, minimize));
  const label = (k) => (names?.[k] || `objective ${k}`) + (minimize[k] ? ' ↓' : ' ↑');
  const data = (inFront) => points.map((p, i) => [p[x], p[y], numbers[i], ...p]).filter((_, i) => front.has(i) === inFront);
  const frontData = data(true).sort((a, b) => a[0] - b[0]);
  return draw(el, {
    grid: {left: 56, right: 24, top: 40, bottom: 48, containLabel: true},
    legend: {top: 4},
    tooltip: {trigger: 'item', formatter: textTip((p) => [`Trial #${p.value[2]}`,
      ...p.value.slice(3).map((v, k) => `${label(k)}: ${v}`)])},
    xAxis: {type: 'value', name: label(x), nameLocation: 'middle', nameGap: 28, scale: true},
    yAxis: {type: 'value', name: label(y), scale: true},
    series: [
      {name: 'Dominated trials', type: 'scatter', data: data(false), symbolSize: 5, large: points.length > 2000,
        itemStyle: {color: '#94a3b8', opacity: 0.6}},
      {name: 'Pareto front', type: 'scatter', data: frontData, symbol: 'diamond', symbolSize: 11,
        itemStyle: {color: '#dc2626', borderColor: '#111', borderWidth: 1}},
    ],
  }, {label: `Pareto front: ${front.size} of ${points.length} complete trials are not dominated`,
    onClick: (p) => p.value && onPick?.(p.value[2])});
}

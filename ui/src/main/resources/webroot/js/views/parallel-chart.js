// Parallel coordinates of the complete trials: one axis per parameter (categorical ones as categories) and the
// objective last, lines coloured by the objective. Rendered progressively so a 10,000-trial study stays responsive.
import {draw} from '../charts.js';

export function drawParallel(el, history, {objective = 0, name = 'Objective'} = {}) {
  const names = Object.keys(history.params).sort();
  const rows = [];
  for (let i = 0; i < history.numbers.length; i++) {
    const v = history.values[i]?.[objective];
    if (history.states[i] !== 'COMPLETE' || typeof v !== 'number' || !Number.isFinite(v)) continue;
    rows.push(i);
  }
  // Axis names share the width; long ones are cut (the tooltip-free canvas keeps the full name in aria-label).
  const room = Math.max(40, (el.clientWidth || 800) / (names.length + 1) - 8);
  const axes = names.map((p, dim) => {
    const column = history.params[p];
    const categorical = rows.some((i) => column[i] !== null && typeof column[i] !== 'number');
    const axis = {dim, name: p, nameTruncate: {maxWidth: room, ellipsis: '…'}, nameTextStyle: {fontSize: 11}};
    if (categorical) {
      axis.type = 'category';
      axis.data = [...new Set(rows.map((i) => column[i]).filter((x) => x !== null).map(String))].sort();
    }
    return axis;
  });
  axes.push({dim: names.length, name, nameTextStyle: {fontWeight: 'bold'}});
  const data = rows.map((i) => [...names.map((p, d) => {
    const x = history.params[p][i];
    return x === null ? null : axes[d].type === 'category' ? String(x) : x;
  }), history.values[i][objective]]);
  const values = data.map((r) => r[names.length]);
  const minimize = (history.directions[objective] || 'MINIMIZE') === 'MINIMIZE';
  return draw(el, {
    parallelAxis: axes,
    parallel: {left: 40, right: 90, top: 40, bottom: 30},
    visualMap: values.length ? {min: Math.min(...values), max: Math.max(...values), dimension: names.length,
      orient: 'vertical', right: 0, top: 'center', calculable: true, itemHeight: 100,
      inRange: {color: minimize ? ['#1d4ed8', '#a5b4fc', '#fca5a5'] : ['#fca5a5', '#a5b4fc', '#1d4ed8']},
      text: [minimize ? 'worse' : 'better', minimize ? 'better' : 'worse']} : undefined,
    series: [{name: 'Trials', type: 'parallel', data, smooth: false, progressive: 1000,
      lineStyle: {width: 1, opacity: data.length > 1000 ? 0.25 : 0.6}}],
  }, {label: `Parallel coordinates of ${data.length} complete trials over the parameters ${names.join(', ')}`});
}

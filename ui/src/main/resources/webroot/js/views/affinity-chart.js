// The task-affinity matrix (TAG): Z(i→j) = how much a step on task i's gradient alone lowered task j's loss. Shown
// as a heatmap with every value written in its cell, so it reads without colour. Affinities are often of order
// 1e-3: the cells then show the values times a power of ten, stated above the chart, so that they differ visibly
// instead of all reading 0.00; the tooltip gives the exact value.
import {draw, textTip} from '../charts.js';

export function drawAffinity(el, affinity) {
  const tasks = affinity.tasks;
  const data = [];
  let extreme = 1e-9;
  affinity.matrix.forEach((row, i) => row.forEach((z, j) => {
    data.push([j, i, z]);
    if (i !== j && Number.isFinite(z)) extreme = Math.max(extreme, Math.abs(z));
  }));
  // Two significant digits for the largest off-diagonal value: 0.0028 shows as 2.80 with "× 10⁻³".
  const exponent = extreme >= 0.1 ? 0 : Math.ceil(-Math.log10(extreme));
  const factor = 10 ** exponent;
  const fmt = (z) => typeof z === 'number' && Number.isFinite(z) ? (z * factor).toFixed(2) : String(z);
  const exact = (z) => typeof z === 'number' && Number.isFinite(z) ? z.toPrecision(3) : String(z);
  el.dataset.scaleExponent = String(exponent);
  const size = Math.min(1400, Math.max(260, (tasks.length > 20 ? 22 : 48) * tasks.length + 140));
  el.style.height = size + 'px';
  return draw(el, {
    grid: {left: 36, right: 16, top: 24, bottom: 72, containLabel: true},
    title: exponent ? {text: `cell values × 10^${exponent} (Z = cell / ${factor})`, right: 0, top: 0,
      textStyle: {fontSize: 12, fontWeight: 'normal'}} : undefined,
    tooltip: {formatter: textTip((p) => `step on ${tasks[p.value[1]]} → loss of ${tasks[p.value[0]]}: ${exact(p.value[2])}`)},
    xAxis: {type: 'category', data: tasks, name: 'affected task j', nameLocation: 'middle', nameGap: 26,
      splitArea: {show: true}},
    yAxis: {type: 'category', data: tasks, name: 'stepping task i', nameLocation: 'middle', nameGap: 36,
      inverse: true, splitArea: {show: true}},
    visualMap: {min: -extreme, max: extreme, calculable: false, orient: 'horizontal', left: 'center', bottom: 0,
      itemHeight: 120, text: ['helps', 'hurts'], inRange: {color: ['#b91c1c', '#f8fafc', '#1d4ed8']}},
    series: [{name: 'Affinity', type: 'heatmap', data,
      // At many tasks the cells are too small for text: the colour and the tooltip carry the value.
      label: {show: tasks.length <= 20, formatter: (p) => fmt(p.value[2])}}],
  }, {label: `Task affinity of ${tasks.join(', ')}: ` + affinity.matrix.map((row, i) =>
    `${tasks[i]} → ` + row.map((z, j) => `${tasks[j]} ${exact(z)}`).join(', ')).join('; ')});
}

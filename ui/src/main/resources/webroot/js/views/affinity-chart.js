// The task-affinity matrix (TAG): Z(i→j) = how much a step on task i's gradient alone lowered task j's loss. Shown
// as a heatmap with every value written in its cell, so it reads without colour.
import {draw, textTip} from '../charts.js';

export function drawAffinity(el, affinity) {
  const tasks = affinity.tasks;
  const data = [];
  let extreme = 1e-9;
  affinity.matrix.forEach((row, i) => row.forEach((z, j) => {
    data.push([j, i, z]);
    if (i !== j && Number.isFinite(z)) extreme = Math.max(extreme, Math.abs(z));
  }));
  const size = Math.min(560, Math.max(260, 48 * tasks.length + 120));
  el.style.height = size + 'px';
  return draw(el, {
    grid: {left: 36, right: 16, top: 24, bottom: 72, containLabel: true},
    tooltip: {formatter: textTip((p) => `step on ${tasks[p.value[1]]} → loss of ${tasks[p.value[0]]}: ${fmt(p.value[2])}`)},
    xAxis: {type: 'category', data: tasks, name: 'affected task j', nameLocation: 'middle', nameGap: 26,
      splitArea: {show: true}},
    yAxis: {type: 'category', data: tasks, name: 'stepping task i', nameLocation: 'middle', nameGap: 36,
      inverse: true, splitArea: {show: true}},
    visualMap: {min: -extreme, max: extreme, calculable: false, orient: 'horizontal', left: 'center', bottom: 0,
      itemHeight: 120, text: ['helps', 'hurts'], inRange: {color: ['#b91c1c', '#f8fafc', '#1d4ed8']}},
    series: [{name: 'Affinity', type: 'heatmap', data,
      label: {show: true, formatter: (p) => fmt(p.value[2])}}],
  }, {label: `Task affinity of ${tasks.join(', ')}: ` + affinity.matrix.map((row, i) =>
    `${tasks[i]} → ` + row.map((z, j) => `${tasks[j]} ${fmt(z)}`).join(', ')).join('; ')});
}

function fmt(z) {
  return typeof z === 'number' && Number.isFinite(z) ? z.toFixed(2) : String(z);
}

// Parameter importance (PED-ANOVA, computed by the server) as horizontal bars, most important on top.
import {draw, textTip} from '../charts.js';

export function drawImportance(el, reply) {
  const entries = Object.entries(reply.importances || {}).sort((a, b) => a[1] - b[1]);
  el.style.height = Math.max(160, 36 * entries.length + 60) + 'px';
  return draw(el, {
    grid: {left: 16, right: 48, top: 16, bottom: 24, containLabel: true},
    tooltip: {trigger: 'item', formatter: textTip((p) => `${p.name}: ${p.value.toFixed(3)}`)},
    xAxis: {type: 'value', name: 'importance', min: 0},
    yAxis: {type: 'category', data: entries.map((e) => e[0])},
    series: [{name: 'Importance', type: 'bar', data: entries.map((e) => e[1]),
      label: {show: true, position: 'right', formatter: (p) => p.value.toFixed(2)}}],
  }, {label: 'Parameter importance: ' + entries.slice().reverse().map((e) => `${e[0]} ${e[1].toFixed(2)}`).join(', ')});
}

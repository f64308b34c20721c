// Each task's Δ against training it alone, as bars around a zero line. Negative transfer (Δ < 0) is red, striped,
// marked ⚠ and says "negative transfer" in words, so it reads without colour.
import {h} from '../dom.js';
import {delta, num} from '../format.js';

/**
 * rows: [{task, delta_percent, metric?, stl?, value?, negative_transfer?}]
 */
export function deltaBars(rows, {caption} = {}) {
  const finite = rows.filter((r) => Number.isFinite(r.delta_percent));
  const scale = Math.max(1e-9, ...finite.map((r) => Math.abs(r.delta_percent)));
  return h('figure', {class: 'delta-bars'},
    h('figcaption', {}, caption || 'Δ per task against its single-task baseline (positive = better)'),
    h('ul', {class: 'bars', role: 'list'}, rows.map((r) => {
      const d = r.delta_percent;
      const hurt = Number.isFinite(d) && d < 0;
      const share = Number.isFinite(d) ? Math.abs(d) / scale * 50 : 0; // half the track per side
      const detail = r.metric && r.stl !== undefined
        ? `${r.metric} ${num(r.value)} vs. ${num(r.stl)} alone` : '';
      return h('li', {class: 'bar-row' + (hurt ? ' negative' : ''), dataset: {task: r.task, delta: d}},
        h('span', {class: 'task'}, r.task),
        h('span', {class: 'track', 'aria-hidden': 'true'},
          h('span', {class: 'bar ' + (hurt ? 'bar-negative' : 'bar-positive'),
            style: hurt ? {right: '50%', width: share + '%'} : {left: '50%', width: share + '%'}})),
        h('span', {class: 'label'}, hurt ? '⚠ ' : '', delta(d), hurt ? ' negative transfer' : '',
          detail ? h('span', {class: 'detail'}, ' · ' + detail) : null));
    })));
}

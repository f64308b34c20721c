// Each task's Δ against training it alone, as bars around a zero line. Negative transfer is red, striped, marked ⚠
// and says "negative transfer" in words, so it reads without colour. With repeats over seeds a row carries its 95%
// interval, drawn as a whisker over the bar: then only a significant loss (the whole interval below the accepted
// drop) counts as negative transfer, and a negative Δ whose interval reaches 0 reads "within noise".
import {h} from '../dom.js';
import {delta, num} from '../format.js';

/**
 * rows: [{task, delta_percent, metric?, stl?, value?, negative_transfer?, interval?: [low, high], noise_floor?,
 *         significant_loss?}]
 */
export function deltaBars(rows, {caption} = {}) {
  const finite = rows.filter((r) => Number.isFinite(r.delta_percent));
  const reach = (r) => Math.max(Math.abs(r.delta_percent),
    ...(Array.isArray(r.interval) ? r.interval.filter(Number.isFinite).map(Math.abs) : []));
  const scale = Math.max(1e-9, ...finite.map(reach));
  const at = (v) => 50 + Math.max(-50, Math.min(50, v / scale * 50)); // percent of the track, 0 in the middle
  return h('figure', {class: 'delta-bars'},
    h('figcaption', {}, caption || 'Δ per task against its single-task baseline (positive = better)'),
    h('ul', {class: 'bars', role: 'list'}, rows.map((r) => {
      const d = r.delta_percent;
      const repeated = Array.isArray(r.interval) && r.interval.every(Number.isFinite);
      const below = Number.isFinite(d) && d < 0;
      const hurt = repeated ? r.significant_loss === true : below;
      const share = Number.isFinite(d) ? Math.abs(d) / scale * 50 : 0; // half the track per side
      const detail = r.metric && r.stl !== undefined
        ? `${r.metric} ${num(r.value)} vs. ${num(r.stl)} alone` : '';
      const spread = repeated
        ? ` [${delta(r.interval[0])}, ${delta(r.interval[1])}]`
          + (Number.isFinite(r.noise_floor) ? ` · noise ±${num(r.noise_floor)}%` : '') : '';
      return h('li', {class: 'bar-row' + (hurt ? ' negative' : ''), dataset: {task: r.task, delta: d}},
        h('span', {class: 'task'}, r.task),
        h('span', {class: 'track', 'aria-hidden': 'true'},
          h('span', {class: 'bar ' + (!below ? 'bar-positive' : hurt || !repeated ? 'bar-negative' : 'bar-within'),
            style: below ? {right: '50%', width: share + '%'} : {left: '50%', width: share + '%'}}),
          repeated ? h('span', {class: 'whisker', style: {left: at(r.interval[0]) + '%',
            width: Math.max(0.5, at(r.interval[1]) - at(r.interval[0])) + '%'}}) : null),
        h('span', {class: 'label'}, hurt ? '⚠ ' : '', delta(d), spread,
          hurt ? ' negative transfer' : repeated && below ? ' within noise' : '',
          detail ? h('span', {class: 'detail'}, ' · ' + detail) : null));
    })));
}

// What a multi-task search stored on its study: the recommended layout (tree, Δ per task, the references) and the
// task-affinity heatmap with the candidate groupings; and how a running search's progress events read.
import {h, fill} from '../dom.js';
import * as api from '../api.js';
import {num, delta, attrValue} from '../format.js';
import {disposeIn} from '../charts.js';
import {drawAffinity} from './affinity-chart.js';
import {layoutTree, layoutCode, taskOrder, rankIn} from './layout-tree.js';
import {deltaBars} from './delta-bars.js';
import {taskList} from './task-list.js';

const card = (key, title, ...content) => h('section', {class: 'card', id: key, 'aria-labelledby': key + '-title'},
  h('h2', {id: key + '-title'}, title), ...content);

/** Fills `slot`; resolves with the recommendation (null until the search has one) once the heatmap is drawn. */
export async function showSearchResults(slot, study, {onTrial}) {
  const [affinity, rec] = await Promise.all([
    api.getOptional(`/api/studies/${study.id}/affinity`), api.getOptional(`/api/studies/${study.id}/recommendation`)]);
  disposeIn(slot); // shown again on every search event that changes it
  const parts = [rec ? recommendation(rec, study, onTrial)
    : card('recommendation-card', 'Recommended sharing layout',
      h('p', {class: 'muted'}, 'The search recommends a layout when it ends with a complete trial.'))];
  if (!affinity) {
    parts.push(card('affinity-card', 'Task affinity', h('p', {class: 'muted'},
      'Measured in one joint run before the trials when the spec has groupings: auto.')));
    fill(slot, parts);
    return rec;
  }
  const box = h('div', {class: 'chart affinity'});
  parts.push(card('affinity-card', 'Task affinity', box,
    h('p', {class: 'muted'}, 'Z(i→j): relative drop of task j\'s loss after a step on task i alone; positive = i helps j.'),
    (affinity.candidates || []).length ? h('div', {}, h('p', {}, 'Candidate groupings (the search tries these):'),
      h('ul', {class: 'candidates'}, affinity.candidates.map((c) => candidate(c, taskOrder(study))))) : null));
  fill(slot, parts);
  await drawAffinity(box, affinity);
  return rec;
}

function recommendation(rec, study, onTrial) {
  const refs = attrValue(study.system_attrs?.['branchwise:references']);
  const verdict = attrValue(study.system_attrs?.['branchwise:verdict']);
  const repeats = rec.repeats; // the chosen model on fresh seeds, when the search made its verdict on repeats
  const order = taskOrder(study);
  const range = (i) => Array.isArray(i) ? ` [${delta(i[0])}, ${delta(i[1])}]` : '';
  const headline = repeats
    ? [': Δm ', h('strong', {class: 'delta-m'}, delta(repeats.delta_m)), range(repeats.delta_m_interval),
      ` on ${repeats.seeds} seeds (validation; 95% interval)`, Number.isFinite(repeats.test_delta_m)
        ? [', test ', h('strong', {class: 'test-delta-m'}, delta(repeats.test_delta_m)), range(repeats.test_delta_m_interval)]
        : '', '; weighting ']
    : [': Δm ', h('strong', {class: 'delta-m'}, delta(rec.delta_m)), ' (positive = better), weighting '];
  const rows = repeats ? (rec.tasks || []).map((t) => {
    const r = (repeats.tasks || []).find((x) => x.task === t.task);
    return r ? {...t, delta_percent: r.delta, interval: r.interval, noise_floor: r.noise_floor,
      significant_loss: r.significant_loss} : t;
  }) : rec.tasks || [];
  return card('recommendation-card', 'Recommended sharing layout',
    h('p', {}, 'Trial ', h('a', {href: '#', onclick: (e) => {
      e.preventDefault();
      onTrial(rec.trial_number);
    }}, '#' + rec.trial_number), ...headline,
    h('code', {}, typeof rec.weighting === 'string' ? rec.weighting : JSON.stringify(rec.weighting)),
    ', learning rate ', num(rec.learning_rate), '.'),
    rec.within_tolerance ? null : h('p', {class: 'warning'}, '⚠ ', rec.note || 'No trial kept every task within the tolerance.'),
    rec.within_tolerance && rec.note ? h('p', {class: 'muted note'}, rec.note) : null,
    h('div', {class: 'side-by-side'},
      layoutTree(rec.layout, {negative: repeats ? rows.filter((r) => r.significant_loss).map((r) => r.task)
        : rec.negative_transfer || [], order}),
      deltaBars(rows, repeats ? {caption: `Δ per task against its single-task baseline, mean of ${repeats.seeds} seeds`
        + ' with 95% interval (validation; positive = better)'} : {})),
    verdict && typeof verdict === 'object' ? finalists(verdict, order) : null,
    refs && typeof refs === 'object' ? references(refs, order) : null);
}

/** The verdict's finalists: each model's Δm on fresh seeds with its interval, test beside validation. */
function finalists(verdict, order) {
  const range = (v, i) => Number.isFinite(v) ? delta(v) + (Array.isArray(i) ? ` [${delta(i[0])}, ${delta(i[1])}]` : '') : '—';
  return h('div', {class: 'scroll-x'}, h('table', {class: 'data finalists'},
    h('caption', {}, `Verdict on ${verdict.seeds} seeds per model (95% intervals)`),
    h('thead', {}, h('tr', {}, ['Model', 'Layout', 'Δm validation', 'Δm test', 'Significant loss']
      .map((c) => h('th', {scope: 'col'}, c)))),
    h('tbody', {}, (verdict.finalists || []).map((f) => {
      const losses = (f.tasks || []).filter((t) => t.significant_loss).map((t) => t.task);
      return h('tr', {class: f.name === verdict.chosen ? 'chosen' : ''},
        h('th', {scope: 'row'}, f.name === verdict.chosen ? '★ ' : '', f.name),
        h('td', {}, layoutCode(f.layout, order)),
        h('td', {class: 'num'}, range(f.delta_m, f.delta_m_interval)),
        h('td', {class: 'num'}, range(f.test_delta_m, f.test_delta_m_interval)),
        h('td', {}, taskList(losses, {none: 'none'})));
    }))));
}

/** A candidate grouping as stored by the search: {groups, score}, or a bare list of groups. */
function candidate(c, order) {
  const rank = rankIn(order);
  const groups = (Array.isArray(c) ? c : c.groups || []).map((g) => [...g].sort((a, b) => rank(a) - rank(b)))
    .sort((a, b) => rank(a[0]) - rank(b[0]));
  return h('li', {}, h('code', {}, groups.map((g) => '{' + g.join(', ') + '}').join(' | ')),
    Number.isFinite(c.score) ? ` · mean affinity inside groups ${c.score.toFixed(2)}` : '');
}

function references(refs, order) {
  const names = {hard_sharing: 'Hard sharing (one trunk for all)', task_specific: 'Task-specific (nothing shared)'};
  const rows = Object.entries(refs).filter(([, r]) => r && typeof r === 'object');
  if (!rows.length) return null;
  return h('div', {class: 'scroll-x'}, h('table', {class: 'data references'},
    h('caption', {}, 'References trained with the same budget'),
    h('thead', {}, h('tr', {}, ['Reference', 'Layout', 'Δm', 'Negative transfer'].map((c) => h('th', {scope: 'col'}, c)))),
    h('tbody', {}, rows.map(([key, r]) => h('tr', {},
      h('th', {scope: 'row'}, names[key] || key),
      h('td', {}, layoutCode(r.layout, order)),
      h('td', {class: 'num'}, delta(r.delta_m)),
      h('td', {}, taskList(r.negative_transfer, {none: 'none'})))))));
}

/** One line for a search-* event: phase, trials finished of wanted, best Δm, the job that just moved. */
export function progressText(type, data) {
  if (type === 'search-finished') {
    return 'Search finished' + (data.status ? ` (${String(data.status).toLowerCase()})` : '') + '.';
  }
  const p = data.progress;
  const phase = data.phase ? `Phase: ${data.phase}` : 'Search started';
  const counts = p ? ` · ${p.complete + p.pruned + p.failed} of ${p.wanted} trials finished (${p.complete} complete,`
    + ` ${p.pruned} pruned, ${p.failed} failed)` + (Number.isFinite(p.best_delta_m) ? ` · best Δm ${delta(p.best_delta_m)}` : '') : '';
  const job = data.job ? ` · ${data.job.kind} ${data.job.label}: ${String(data.job.status).toLowerCase()}` : '';
  return phase + counts + job;
}

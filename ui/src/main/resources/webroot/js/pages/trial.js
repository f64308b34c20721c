// One trial: its parameters, per-task metrics and curves against the single-task baselines, its layout as a tree,
// attributes, how its state changed, and why the trainer failed when it did. Live while the trial runs.
import {h, fill, throttle} from '../dom.js';
import * as api from '../api.js';
import {subscribe} from '../live.js';
import {num, delta, duration, when, attrText, attrValue} from '../format.js';
import {disposeIn} from '../charts.js';
import {drawCurves, drawIntermediate} from '../views/curves-chart.js';
import {layoutTree} from '../views/layout-tree.js';
import {deltaBars} from '../views/delta-bars.js';

export function mount(main, id) {
  let baselines = null;
  const render = async () => {
    let t;
    try {
      t = await api.get(`/api/trials/${id}`);
    } catch (e) {
      fill(main, h('h1', {}, e.status === 404 ? 'No such trial' : 'Cannot load the trial'), h('p', {}, e.message),
        h('p', {}, h('a', {href: '#/studies'}, 'All studies')));
      return;
    }
    const sys = t.system_attrs || {};
    const isSearch = (t.curves?.tasks || []).length > 0;
    if (isSearch && baselines === null) {
      baselines = (await api.getOptional(`/api/studies/${t.study_id}/baselines`).catch(() => null))?.baselines || [];
    }
    const layout = attrValue(sys['branchwise:layout']);
    const negative = attrValue(sys['branchwise:negative_transfer']) || [];
    const deltas = attrValue(sys['branchwise:delta_per_task']);
    const curvesBox = h('div', {class: 'chart curves'});
    const card = (key, title, ...content) => h('section', {class: 'card', id: key, 'aria-labelledby': key + '-title'},
      h('h2', {id: key + '-title'}, title), ...content);

    disposeIn(main); // a live re-render replaces the chart's element
    fill(main,
      h('p', {class: 'crumbs'}, h('a', {href: `#/studies/${t.study_id}`}, '← Study')),
      h('h1', {}, `Trial #${t.number} `, h('span', {class: 'state state-' + t.state.toLowerCase()}, t.state.toLowerCase())),
      h('dl', {class: 'facts'},
        h('div', {}, h('dt', {}, 'Values'), h('dd', {class: 'values'}, (t.values || []).map((v) => num(v)).join(', ') || '—')),
        isSearch && t.state === 'COMPLETE' && t.values?.length
          ? h('div', {}, h('dt', {}, 'Δm'), h('dd', {}, delta(t.values[0]), ' (positive = better)')) : null,
        h('div', {}, h('dt', {}, 'Duration'), h('dd', {}, duration(t.datetime_start, t.datetime_complete))),
        h('div', {}, h('dt', {}, 'Trial id'), h('dd', {}, t.id))),
      t.fail_reason ? h('section', {class: 'card failure', id: 'failure', role: 'note', 'aria-labelledby': 'failure-title'},
        h('h2', {id: 'failure-title'}, '⚠ Why it failed'), h('pre', {class: 'fail-reason'}, t.fail_reason)) : null,
      sys['branchwise:pruned_because'] ? h('p', {class: 'warning'}, 'Pruned: ', attrText(sys['branchwise:pruned_because'])) : null,
      h('div', {class: 'columns'},
        card('params-card', 'Parameters', paramsTable(t)),
        card('history-card', 'State history', stateHistory(t))),
      isSearch ? card('metrics-card', 'Per-task metrics', metricsTable(t, baselines, deltas, negative),
        deltas && typeof deltas === 'object' ? deltaBars(Object.entries(deltas).map(([task, d]) => ({task, delta_percent: d}))) : null) : null,
      layout ? card('layout-card', 'Sharing layout', layoutTree(layout, {negative})) : null,
      card('curves-card', isSearch ? 'Per-task curves' : 'Intermediate values',
        isSearch ? h('p', {class: 'muted'}, 'Dashed: each task trained alone (STL).') : null, curvesBox),
      card('attrs-card', 'Attributes', attrsTable('User attributes', t.user_attrs), attrsTable('System attributes', sys)));
    if (isSearch) await drawCurves(curvesBox, t.curves, baselines, {trialLabel: `#${t.number}`});
    else await drawIntermediate(curvesBox, t.intermediate_values || {steps: [], values: []}, {trialLabel: `#${t.number}`});
    main.dataset.ready = 'true';
  };
  const refresh = throttle(render, 1500);
  const unsubscribe = subscribe((type, data) => {
    if (type === 'reconnected' || (type.startsWith('trial-') && data.trial_id === id)) refresh();
  });
  render();
  return {unmount: () => {
    unsubscribe();
    refresh.cancel();
  }};
}

function paramsTable(t) {
  const names = Object.keys(t.params || {}).sort();
  if (!names.length) return h('p', {class: 'muted'}, 'No parameters.');
  return h('table', {class: 'data params'},
    h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, 'Parameter'), h('th', {scope: 'col'}, 'Value'),
      h('th', {scope: 'col'}, 'Distribution'))),
    h('tbody', {}, names.map((p) => h('tr', {},
      h('th', {scope: 'row'}, p), h('td', {class: 'num'}, num(t.params[p])),
      h('td', {}, h('code', {}, distribution(t.distributions?.[p])))))));
}

function distribution(d) {
  if (!d || typeof d !== 'object') return '—';
  const a = d.attributes || {};
  switch (d.name) {
    case 'FloatDistribution':
    case 'IntDistribution':
      return `${d.name === 'IntDistribution' ? 'int' : 'float'} [${a.low}, ${a.high}]${a.log ? ' log' : ''}`
        + (a.step !== null && a.step !== undefined && a.step !== 1 ? ` step ${a.step}` : '');
    case 'CategoricalDistribution':
      return 'one of ' + (a.choices || []).map((c) => JSON.stringify(c)).join(', ');
    default:
      return JSON.stringify(d);
  }
}

function stateHistory(t) {
  const items = [];
  if (t.datetime_start) items.push(h('li', {}, h('time', {datetime: t.datetime_start}, when(t.datetime_start)), ' — started (RUNNING)'));
  else items.push(h('li', {}, 'waiting to start (WAITING)'));
  const steps = t.intermediate_values?.steps || [];
  if (steps.length) items.push(h('li', {}, `reported ${steps.length} step${steps.length === 1 ? '' : 's'}`
    + ` (${steps[0]}–${steps[steps.length - 1]})`));
  if (t.datetime_complete) {
    items.push(h('li', {}, h('time', {datetime: t.datetime_complete}, when(t.datetime_complete)), ` — ${t.state}`,
      t.state === 'FAIL' && t.fail_reason ? ': ' + firstLine(t.fail_reason) : ''));
  } else if (t.state === 'RUNNING') {
    items.push(h('li', {}, 'running now'));
  }
  return h('ol', {class: 'timeline'}, items);
}

function firstLine(text) {
  const line = String(text).split('\n')[0];
  return line.length > 160 ? line.slice(0, 157) + '…' : line;
}

function metricsTable(t, baselines, deltas, negative) {
  const sys = t.system_attrs || {};
  const validation = attrValue(sys['branchwise:validation']) || {};
  const test = attrValue(sys['branchwise:test']) || {};
  const stl = new Map((baselines || []).map((b) => [b.task, b]));
  const tasks = t.curves?.tasks || Object.keys(validation);
  const hurt = new Set(negative);
  return h('div', {class: 'scroll-x'}, h('table', {class: 'data metrics'},
    h('thead', {}, h('tr', {}, ['Task', 'Metric'].map((c) => h('th', {scope: 'col'}, c)),
      ['Validation', 'Alone (STL)', 'Test', 'Δ (positive = better)'].map((c) => h('th', {scope: 'col', class: 'num'}, c)))),
    h('tbody', {}, tasks.map((task) => {
      const metric = t.curves?.metrics?.[task] || stl.get(task)?.metric;
      const v = validation[task]?.[metric];
      const d = deltas?.[task];
      return h('tr', {class: hurt.has(task) ? 'negative' : null, dataset: {task}},
        h('th', {scope: 'row'}, task), h('td', {}, metric || '—'), h('td', {class: 'num'}, num(v)),
        h('td', {class: 'num'}, num(stl.get(task)?.validation?.[metric]), stl.get(task)?.still_improving
          ? h('span', {class: 'still-improving muted', title: 'Still improving at its last epoch: training.epochs cut it'
            + ' short, so Δ also measures how fast each model learns'}, ' (still improving)') : null),
        h('td', {class: 'num'}, num(test[task]?.[metric])),
        h('td', {class: 'num'}, hurt.has(task) ? '⚠ ' : '', delta(d), hurt.has(task) ? ' negative transfer' : ''));
    }))));
}

function attrsTable(title, attrs) {
  const keys = Object.keys(attrs || {}).sort();
  return h('details', {open: keys.length > 0 && keys.length <= 24},
    h('summary', {}, `${title} (${keys.length})`),
    keys.length ? h('table', {class: 'data attrs'}, h('tbody', {}, keys.map((k) => h('tr', {},
      h('th', {scope: 'row'}, h('code', {}, k)), h('td', {}, h('pre', {}, attrText(attrs[k]))))))) : h('p', {class: 'muted'}, 'None.'));
}

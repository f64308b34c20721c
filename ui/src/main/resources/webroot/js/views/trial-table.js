// A study's trials, one page at a time from the server (GET /api/studies/{id}/trials with a keyset cursor), so a
// study of any size costs one small request per page. Sort by number or value, filter by state and by one
// parameter's range, jump to a trial number. Rows are focusable: Enter or a click selects a trial (its curves),
// the number links to its page.
import {h, fill, throttle} from '../dom.js';
import * as api from '../api.js';
import {num, delta, duration, STATES} from '../format.js';
import {taskList} from './task-list.js';
import {layoutCode, taskOrder} from './layout-tree.js';

const SIZES = [25, 50, 100];

/**
 * @param study    the study detail (id, directions, kind, tasks)
 * @param onSelect called with a row when a trial is selected
 * @param onPage   called after every page is on screen
 * @param firstPage the reply for the first page (limit 50, by number, no filter) when the caller asked already
 * The table needs nothing but its first page to show up; the parameter names for the range filter arrive later
 * through setParams (from the history), so the table never waits for the charts' data.
 */
export function trialTable({study, onSelect, onPage, firstPage}) {
  const search = study.kind === 'search';
  const state = {sort: 'number', states: new Set(), range: null, limit: 50, cursors: [null], page: 0, selected: null};
  let shownParams = null; // the columns: set from the first page that has trials, then kept
  const body = h('tbody');
  const info = h('p', {class: 'pager-info', role: 'status'});
  const prev = h('button', {type: 'button', onclick: () => go(state.page - 1)}, '‹ Previous');
  const next = h('button', {type: 'button', onclick: () => go(state.page + 1)}, 'Next ›');
  // A per-task search has one value per task and Δm beside them; a Δm search's value is its Δm.
  const perTask = search && study.directions.length > 1;
  const order = taskOrder(study);
  const valueHeader = perTask ? 'Values (per task)' : search ? 'Δm (positive = better)'
    : study.directions.length > 1 ? 'Values' : 'Value';
  const sortButton = (key, label) => h('button', {type: 'button', class: 'sort', dataset: {key},
    onclick: () => setSort(state.sort === key ? '-' + key : state.sort === '-' + key ? key : key)}, label);
  const sortHeaders = {number: h('th', {scope: 'col'}, sortButton('number', '#')),
    value: h('th', {scope: 'col'}, sortButton('value', valueHeader))};
  let lastRows = [];
  let distributions = null;

  let prefetched = firstPage;
  const load = async () => {
    const q = {limit: state.limit, sort: state.sort, after: state.cursors[state.page],
      state: [...state.states].join(','), param: state.range};
    let reply;
    try {
      const ask = prefetched || api.get(`/api/studies/${study.id}/trials${api.query(q)}`);
      prefetched = null;
      reply = await ask;
    } catch (e) {
      info.textContent = 'Cannot load trials: ' + e.message;
      fill(body);
      return;
    }
    lastRows = reply.trials;
    if (shownParams === null && reply.trials.length) {
      shownParams = [...new Set(reply.trials.flatMap((t) => Object.keys(t.params || {})))].sort().slice(0, 6);
      fill(headRow, headers());
    }
    state.cursors[state.page + 1] = reply.next;
    const from = state.page * state.limit;
    fill(body, reply.trials.length ? reply.trials.map(row)
      : h('tr', {}, h('td', {colspan: 5 + (shownParams || []).length + (search ? 2 : 0) + (perTask ? 1 : 0), class: 'empty'},
        state.states.size || state.range ? 'No trial matches these filters.' : 'No trials yet.')));
    info.textContent = reply.total === 0 ? '0 trials'
      : `Trials ${from + 1}–${from + reply.trials.length} of ${reply.total.toLocaleString('en')}`;
    prev.disabled = state.page === 0;
    next.disabled = !reply.next;
    table.dataset.total = reply.total;
    markSort();
    onPage?.(reply);
    if (!distributions && reply.trials.length) loadDistributions(reply.trials[0].id);
  };
  const refresh = throttle(load, 1000);

  const row = (t) => {
    const tr = h('tr', {tabindex: 0, dataset: {trialId: t.id, number: t.number, state: t.state},
      'aria-selected': state.selected === t.id ? 'true' : 'false',
      onclick: (e) => {
        if (!e.target.closest('a')) select(t);
      },
      onkeydown: (e) => keys(e, t)},
    h('td', {class: 'num'}, h('a', {href: `#/trials/${t.id}`, 'aria-label': `Trial ${t.number}, open`}, t.number)),
    h('td', {}, h('span', {class: 'state state-' + t.state.toLowerCase()}, t.state.toLowerCase())),
    h('td', {class: 'num'}, search && !perTask ? delta(t.delta_m) : (t.values || []).map((v) => num(v)).join(', ') || '—'),
    perTask ? h('td', {class: 'num'}, delta(t.delta_m)) : null,
    search ? h('td', {}, layoutCode(t.layout, order)) : null,
    search ? h('td', {}, taskList(t.negative_transfer)) : null,
    (shownParams || []).map((p) => h('td', {class: 'num'}, t.params?.[p] === undefined ? '—' : num(t.params[p]))),
    h('td', {class: 'num'}, duration(t.datetime_start, t.datetime_complete)));
    return tr;
  };

  const keys = (e, t) => {
    const tr = e.currentTarget;
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      select(t);
    } else if (e.key === 'ArrowDown') {
      e.preventDefault();
      tr.nextElementSibling?.focus();
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      tr.previousElementSibling?.focus();
    }
  };

  const select = (t) => {
    state.selected = t.id;
    for (const tr of body.children) tr.setAttribute('aria-selected', String(Number(tr.dataset.trialId) === t.id));
    onSelect?.(t);
  };

  const go = (page) => {
    if (page < 0 || (page > state.page && !state.cursors[page])) return;
    state.page = page;
    load();
  };

  const restart = () => {
    state.cursors = [null];
    state.page = 0;
    load();
  };

  const setSort = (sort) => {
    state.sort = sort;
    restart();
  };

  const markSort = () => {
    for (const [key, th] of Object.entries(sortHeaders)) {
      const s = state.sort === key ? 'ascending' : state.sort === '-' + key ? 'descending' : 'none';
      th.setAttribute('aria-sort', s);
      th.querySelector('button').dataset.dir = s;
    }
  };

  // Filters ------------------------------------------------------------------------------------------------
  const stateBoxes = STATES.map((s) => h('label', {class: 'check'},
    h('input', {type: 'checkbox', name: 'state', value: s, onchange: (e) => {
      if (e.target.checked) state.states.add(s);
      else state.states.delete(s);
      restart();
    }}), s.toLowerCase()));
  const paramSelect = h('select', {id: 'range-param', 'aria-label': 'Parameter'}, h('option', {value: ''}, 'parameter…'));
  const setParams = (names) => {
    const chosen = paramSelect.value;
    fill(paramSelect, h('option', {value: ''}, 'parameter…'),
      names.slice().sort().map((p) => h('option', {value: p, selected: p === chosen}, p)));
  };
  const min = h('input', {id: 'range-min', type: 'number', step: 'any', placeholder: 'min', 'aria-label': 'Minimum'});
  const max = h('input', {id: 'range-max', type: 'number', step: 'any', placeholder: 'max', 'aria-label': 'Maximum'});
  const choice = h('select', {id: 'range-choice', 'aria-label': 'Choice', hidden: true});
  const rangeNote = h('span', {class: 'muted', role: 'status'});
  paramSelect.addEventListener('change', () => {
    const d = distributions?.[paramSelect.value];
    const categorical = d && d.name === 'CategoricalDistribution';
    choice.hidden = !categorical;
    min.hidden = max.hidden = categorical;
    if (categorical) {
      fill(choice, d.attributes.choices.map((c, i) => h('option', {value: i}, String(c))));
    }
  });
  const applyRange = (e) => {
    e.preventDefault();
    const p = paramSelect.value;
    if (!p) {
      state.range = null;
      rangeNote.textContent = '';
    } else if (!choice.hidden) {
      state.range = `${p}:${choice.value}:${choice.value}`; // categorical: the choice's index
      rangeNote.textContent = `${p} = ${choice.selectedOptions[0].textContent}`;
    } else {
      state.range = `${p}:${min.value}:${max.value}`;
      rangeNote.textContent = `${min.value || '−∞'} ≤ ${p} ≤ ${max.value || '∞'}`;
    }
    restart();
  };
  const clearRange = () => {
    paramSelect.value = '';
    min.value = max.value = '';
    state.range = null;
    rangeNote.textContent = '';
    restart();
  };
  const loadDistributions = async (trialId) => {
    try {
      distributions = (await api.get(`/api/trials/${trialId}`)).distributions || {};
    } catch {
      distributions = {};
    }
  };

  const jumpInput = h('input', {id: 'jump-number', type: 'number', min: 0, step: 1, placeholder: 'trial #',
    'aria-label': 'Trial number'});
  const jumpNote = h('span', {class: 'muted', role: 'status'});
  const jump = async (e) => {
    e.preventDefault();
    if (jumpInput.value === '') return;
    try {
      const t = await api.get(`/api/studies/${study.id}/trials/${Number(jumpInput.value)}`);
      location.hash = `#/trials/${t.id}`;
    } catch (err) {
      jumpNote.textContent = err.status === 404 ? `No trial #${jumpInput.value} in this study.` : err.message;
    }
  };

  const headers = () => [sortHeaders.number, h('th', {scope: 'col'}, 'State'), sortHeaders.value,
    perTask ? h('th', {scope: 'col', class: 'num'}, 'Δm (positive = better)') : null,
    search ? h('th', {scope: 'col'}, 'Layout') : null,
    search ? h('th', {scope: 'col'}, 'Negative transfer') : null,
    (shownParams || []).map((p) => h('th', {scope: 'col', title: p}, p)),
    h('th', {scope: 'col'}, 'Duration')];
  const headRow = h('tr', {}, headers());
  const table = h('table', {class: 'data trials'},
    h('caption', {class: 'sr-only'}, 'Trials of this study, one page at a time'),
    h('thead', {}, headRow), body);
  const sizeSelect = h('select', {'aria-label': 'Rows per page', onchange: (e) => {
    state.limit = Number(e.target.value);
    restart();
  }}, SIZES.map((n) => h('option', {value: n, selected: n === state.limit}, `${n} per page`)));

  const element = h('div', {class: 'trial-table'},
    h('div', {class: 'filters'},
      h('fieldset', {}, h('legend', {}, 'State'), stateBoxes),
      h('form', {class: 'range', onsubmit: applyRange}, h('fieldset', {}, h('legend', {}, 'Parameter range'),
        paramSelect, min, max, choice, h('button', {type: 'submit'}, 'Filter'),
        h('button', {type: 'button', onclick: clearRange}, 'Clear'), rangeNote)),
      h('form', {class: 'jump', onsubmit: jump}, h('fieldset', {}, h('legend', {}, 'Jump to trial'),
        jumpInput, h('button', {type: 'submit'}, 'Go'), jumpNote))),
    h('div', {class: 'scroll-x'}, table),
    h('div', {class: 'pager'}, prev, info, next, sizeSelect));
  load();
  return {element, refresh, setParams, rows: () => lastRows, cancel: () => refresh.cancel()};
}



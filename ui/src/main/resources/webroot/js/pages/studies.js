// Every study in the store (searches and studies made by Optuna clients), live, with "new search", stop and delete.
import {h, fill, throttle} from '../dom.js';
import * as api from '../api.js';
import {subscribe} from '../live.js';
import {num, delta, ago} from '../format.js';
import {confirmAction} from '../views/confirm.js';
import {specEditor} from '../views/spec-editor.js';
import {report} from '../problems.js';

const SHOWN_STATES = ['COMPLETE', 'RUNNING', 'PRUNED', 'FAIL', 'WAITING'];

export function mount(main) {
  const body = h('tbody');
  const count = h('p', {class: 'muted', role: 'status'}, 'Loading…');
  const seen = new Set();
  let first = true;

  const load = async () => {
    let reply;
    try {
      reply = await api.get('/api/studies');
    } catch (e) {
      count.textContent = 'Cannot load the studies: ' + e.message;
      return;
    }
    const studies = reply.studies;
    fill(body, studies.length ? studies.map((s) => row(s, !first && !seen.has(s.id)))
      : h('tr', {}, h('td', {colspan: 8, class: 'empty'}, 'No studies yet. Start a search below, run ',
        h('code', {}, 'branchwise run'), ', or point an Optuna client at this server.')));
    studies.forEach((s) => seen.add(s.id));
    count.textContent = `${studies.length} ${studies.length === 1 ? 'study' : 'studies'}`;
    main.dataset.loaded = 'true';
    first = false;
  };

  const row = (s, isNew) => h('tr', {class: isNew ? 'new' : null, dataset: {studyId: s.id, kind: s.kind}},
    h('th', {scope: 'row'}, h('a', {href: `#/studies/${s.id}`}, s.name), ' ',
      h('span', {class: 'badge kind-' + s.kind}, s.kind === 'search' ? 'MTL search' : 'Optuna')),
    h('td', {}, s.directions.map((d) => d.toLowerCase()).join(', ')),
    h('td', {class: 'num'}, num(s.n_trials)),
    h('td', {class: 'states'}, states(s.states)),
    h('td', {class: 'num'}, best(s)),
    h('td', {}, h('time', {datetime: s.last_activity || '', title: s.last_activity || ''}, ago(s.last_activity))),
    h('td', {}, s.search_status ? h('span', {class: 'badge status-' + s.search_status}, s.search_status) : '—'),
    h('td', {class: 'actions'},
      s.search_status === 'running' ? h('button', {type: 'button', onclick: () => stop(s),
        'aria-label': `Stop search ${s.name}`}, 'Stop') : null,
      h('button', {type: 'button', class: 'danger', onclick: () => remove(s),
        'aria-label': `Delete study ${s.name}`}, 'Delete')));

  const stop = async (s) => {
    if (!await confirmAction({title: `Stop ${s.name}?`, message: 'Running trials are interrupted; finished trials'
      + ' are kept and the search can be resumed later.', confirmLabel: 'Stop search'})) return;
    try {
      await api.post(`/api/studies/${s.id}/stop`);
    } catch (e) {
      report(`Cannot stop ${s.name}: ${e.message}`);
    }
    refresh();
  };

  const remove = async (s) => {
    if (!await confirmAction({title: `Delete ${s.name}?`, message: `Study ${s.name} and its ${s.n_trials} trials`
      + ' are removed from the store. This cannot be undone.', confirmLabel: 'Delete study'})) return;
    try {
      await api.del(`/api/studies/${s.id}`);
    } catch (e) {
      report(`Cannot delete ${s.name}: ${e.message}`);
    }
    refresh();
  };

  const refresh = throttle(load, 500);
  const unsubscribe = subscribe(() => refresh());

  fill(main,
    h('h1', {}, 'Studies'),
    count,
    h('div', {class: 'scroll-x'}, h('table', {class: 'data studies'},
      h('caption', {class: 'sr-only'}, 'Studies in this store, newest activity shown per row'),
      h('thead', {}, h('tr', {},
        ['Study', 'Directions', 'Trials', 'States', 'Best', 'Last activity', 'Search', 'Actions']
          .map((c) => h('th', {scope: 'col'}, c)))),
      body)),
    h('section', {class: 'card', 'aria-labelledby': 'new-search-title'},
      h('h2', {id: 'new-search-title'}, 'New search'),
      specEditor({onStarted: () => refresh()})));
  load();
  return {unmount: () => {
    unsubscribe();
    refresh.cancel();
  }};
}

function states(counts) {
  const parts = SHOWN_STATES.filter((s) => counts?.[s]).map((s) =>
    h('span', {class: 'state state-' + s.toLowerCase(), title: s}, `${counts[s]} ${s.toLowerCase()}`));
  return parts.length ? parts : '—';
}

function best(s) {
  if (s.kind === 'search') {
    return s.best_delta_m === null || s.best_delta_m === undefined ? '—'
      : h('span', {title: 'Δm: mean change of every task against training it alone; positive = better'},
        'Δm ', delta(s.best_delta_m));
  }
  return num(s.best_value);
}


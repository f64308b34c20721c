// One study: history, trials, curves, parallel coordinates, importance, Pareto front, and for multi-task searches
// the affinity heatmap, the recommended layout as a tree and each task's Δ against training it alone. The history
// and the first page of trials come first (the page is usable then: window.branchwise.perf.firstMeaningfulPaint);
// the heavier charts follow. Live events refresh what they touch.
import {global} from '../global.js';
import {h, fill, throttle} from '../dom.js';
import * as api from '../api.js';
import {subscribe} from '../live.js';
import {num, delta, ago, attrValue} from '../format.js';
import {report} from '../problems.js';
import {confirmAction} from '../views/confirm.js';
import {drawHistory, drawHistoryFrame} from '../views/history-chart.js';
import {drawCurves, drawIntermediate} from '../views/curves-chart.js';
import {drawParallel} from '../views/parallel-chart.js';
import {drawImportance} from '../views/importance-chart.js';
import {drawPareto} from '../views/pareto-chart.js';
import {trialTable} from '../views/trial-table.js';
import {deltaBars} from '../views/delta-bars.js';
import {showSearchResults, progressText} from '../views/search-results.js';

export function mount(main, id) {
  const perf = global.perf;
  const cleanups = [];
  let study = null;
  let history = null;
  let baselines = [];
  let table = null;
  let selected = null; // {id, number}
  let objective = 0;
  let log = false;
  const ready = {table: false, history: false};

  const card = (key, title, ...content) => h('section', {class: 'card', id: key, 'aria-labelledby': key + '-title'},
    h('h2', {id: key + '-title'}, title), ...content);
  const chartBox = (cls) => h('div', {class: 'chart ' + cls});
  const note = () => h('p', {class: 'muted note', role: 'status'});

  const header = h('div', {class: 'study-header'});
  const progress = h('p', {class: 'progress', role: 'status', 'aria-live': 'polite'});
  const historyBox = chartBox('history');
  const historyNote = note();
  const logToggle = h('input', {type: 'checkbox', id: 'log-scale', onchange: (e) => {
    log = e.target.checked;
    drawHistoryNow();
  }});
  const objectiveSelect = h('select', {id: 'objective', 'aria-label': 'Objective', hidden: true,
    onchange: (e) => {
      objective = Number(e.target.value);
      drawHistoryNow();
      drawParallelNow();
      loadImportance();
    }});
  const tableSlot = h('div', {class: 'table-slot'});
  const curvesBox = chartBox('curves');
  const curvesTitle = h('p', {class: 'muted'});
  const trialDelta = h('div', {class: 'trial-delta'});
  const parallelBox = chartBox('parallel');
  const importanceBox = chartBox('importance');
  const importanceNote = note();
  const paretoBox = chartBox('pareto');
  const paretoAxes = h('div', {class: 'pareto-axes'});
  const mtl = h('div', {class: 'mtl'});

  fill(main,
    h('p', {class: 'crumbs'}, h('a', {href: '#/studies'}, '← Studies')),
    header, progress,
    card('history-card', 'Optimization history',
      h('div', {class: 'chart-controls'}, h('label', {class: 'check'}, logToggle, 'Log scale'), objectiveSelect),
      historyBox, historyNote),
    card('trials-card', 'Trials', tableSlot),
    mtl,
    card('curves-card', 'Curves of the selected trial', curvesTitle, curvesBox, trialDelta),
    card('parallel-card', 'Parallel coordinates', parallelBox),
    card('importance-card', 'Parameter importance', importanceBox, importanceNote),
    h('div', {id: 'pareto-slot'}));

  const markReady = (what) => {
    ready[what] = true;
    perf[what] = perf[what] ?? performance.now();
    if (ready.table && ready.history && perf.firstMeaningfulPaint === undefined) {
      perf.firstMeaningfulPaint = performance.now();
      perf.sinceRoute = perf.firstMeaningfulPaint - perf.start;
      main.dataset.ready = 'true';
      // What is below the fold waits until the first screen is on it.
      requestAnimationFrame(() => setTimeout(later, 0));
    }
  };

  const objectiveName = (k) => {
    // A search optimises Δm, or (objective: per_task) every task's own metric, one objective per task in order.
    if (study.kind === 'search') {
      const task = study.directions.length > 1 ? study.tasks[k] : null;
      return task ? `${task.name} ${task.metric}` : 'Δm %';
    }
    const names = attrValue(study.system_attrs?.['study:metric_names']);
    return Array.isArray(names) && names[k] ? names[k] : study.directions.length > 1 ? `objective ${k}` : 'Objective value';
  };

  const pickNumber = async (number) => {
    try {
      const t = await api.get(`/api/studies/${id}/trials/${number}`);
      location.hash = `#/trials/${t.id}`;
    } catch (e) {
      report(`Cannot open trial #${number}: ${e.message}`);
    }
  };

  const drawHistoryNow = async () => {
    if (!history) return;
    const k = objective;
    const values = history.values.map((v) => v?.[k]).filter((v) => typeof v === 'number');
    const logOk = values.length > 0 && values.every((v) => v > 0);
    logToggle.disabled = !logOk;
    if (!logOk) log = logToggle.checked = false;
    historyNote.textContent = logOk ? '' : values.length ? 'Log scale needs every value above zero.' : '';
    const started = performance.now();
    await drawHistory(historyBox, history, {objective: k, name: objectiveName(k), log, onPick: pickNumber});
    perf.historyDrawMs = perf.historyDrawMs ?? performance.now() - started;
  };

  const drawParallelNow = () => {
    if (history && !history.params) return; // the first screen's history; later() asks for the columns
    if (!history || !history.param_names.length) {
      fill(parallelBox);
      parallelBox.append(h('p', {class: 'muted'}, 'No parameters yet.'));
      return;
    }
    return drawParallel(parallelBox, history, {objective, name: objectiveName(objective)});
  };

  const loadImportance = async () => {
    try {
      const reply = await api.get(`/api/studies/${id}/importance?objective=${objective}`);
      if (!Object.keys(reply.importances || {}).length) {
        importanceNote.textContent = 'Not enough complete trials to rank parameters yet.';
        return;
      }
      importanceNote.textContent = `PED-ANOVA over ${reply.n_trials} complete trials.`;
      await drawImportance(importanceBox, reply);
    } catch (e) {
      importanceNote.textContent = 'Importance unavailable: ' + e.message;
    }
  };

  const drawParetoNow = () => {
    const m = study.directions.length;
    const slot = main.querySelector('#pareto-slot');
    if (m < 2 || !slot) return;
    if (!slot.firstChild) {
      slot.append(card('pareto-card', 'Pareto front', paretoAxes, paretoBox));
      if (m > 2) {
        const axisSelect = (idAttr, value) => h('select', {id: idAttr, 'aria-label': idAttr === 'pareto-x' ? 'X axis' : 'Y axis',
          onchange: drawParetoNow}, study.directions.map((_, k) => h('option', {value: k, selected: k === value}, objectiveName(k))));
        fill(paretoAxes, h('label', {}, 'x ', axisSelect('pareto-x', 0)), h('label', {}, ' y ', axisSelect('pareto-y', 1)));
      }
    }
    const x = Number(main.querySelector('#pareto-x')?.value ?? 0);
    const y = Number(main.querySelector('#pareto-y')?.value ?? 1);
    return drawPareto(paretoBox, history, {x, y, names: study.directions.map((_, k) => objectiveName(k)), onPick: pickNumber});
  };

  const showSelected = async (trialId, label) => {
    try {
      const trial = await api.get(`/api/trials/${trialId}`);
      selected = {id: trial.id, number: trial.number};
      curvesTitle.textContent = `Trial #${trial.number} (${trial.state.toLowerCase()})${label ? ' — ' + label : ''}.`
        + (study.kind === 'search' ? ' Dashed: each task trained alone (STL).' : '');
      curvesBox.dataset.trialId = trial.id;
      if (study.tasks.length && trial.curves?.tasks?.length) {
        await drawCurves(curvesBox, trial.curves, baselines, {trialLabel: `#${trial.number}`});
      } else {
        await drawIntermediate(curvesBox, trial.intermediate_values, {trialLabel: `#${trial.number}`});
      }
      const deltas = attrValue(trial.system_attrs?.['branchwise:delta_per_task']);
      fill(trialDelta, deltas && typeof deltas === 'object'
        ? deltaBars(Object.entries(deltas).map(([task, d]) => ({task, delta_percent: d})),
          {caption: `Trial #${trial.number}: Δ per task against its single-task baseline (positive = better)`})
        : null);
    } catch (e) {
      curvesTitle.textContent = 'Cannot load the trial: ' + e.message;
    }
  };
  const refreshSelected = throttle(() => selected && showSelected(selected.id), 1500);

  // Built once and updated in place: live events re-render it often, and a replaced button would lose focus.
  const facts = {};
  const stopButton = h('button', {type: 'button', class: 'danger', hidden: true, onclick: () => stop()}, 'Stop search');
  const renderHeader = () => {
    const s = study;
    if (!header.firstChild) {
      const fact = (key, label) => h('div', {}, h('dt', {}, label), facts[key] = h('dd', {class: key}));
      const tasks = s.tasks.length ? h('p', {class: 'tasks'}, 'Tasks: ', s.tasks.map((t, i) => [i ? ', ' : '',
        h('span', {class: 'task', title: `${t.type}, ${t.metric} ${t.direction === 'MINIMIZE' ? 'lower' : 'higher'} is better`},
          t.name, ' ', h('small', {}, `${t.metric} ${t.direction === 'MINIMIZE' ? '↓' : '↑'}`))])) : null;
      fill(header,
        h('h1', {}, s.name, ' ', h('span', {class: 'badge kind-' + s.kind}, s.kind === 'search' ? 'MTL search' : 'Optuna')),
        h('dl', {class: 'facts'},
          fact('directions', 'Directions'), fact('n-trials', 'Trials'), fact('complete', 'Complete'),
          fact('best', s.kind === 'search' ? 'Best Δm' : 'Best'), fact('activity', 'Last activity'),
          s.kind === 'search' ? fact('search', 'Search') : null),
        tasks, stopButton);
    }
    facts.directions.textContent = s.directions.map((d) => d.toLowerCase()).join(', ');
    facts['n-trials'].textContent = num(s.n_trials);
    facts.complete.textContent = num(s.states?.COMPLETE ?? 0);
    facts.best.textContent = s.kind === 'search' ? delta(s.best_delta_m) : num(s.best_value);
    facts.activity.textContent = ago(s.last_activity);
    if (facts.search) {
      fill(facts.search, s.search_status ? h('span', {class: 'badge status-' + s.search_status}, s.search_status) : '—');
    }
    stopButton.hidden = s.search_status !== 'running';
  };

  const stop = async () => {
    if (!await confirmAction({title: `Stop ${study.name}?`, message: 'Running trials are interrupted; finished'
      + ' trials are kept and the search can be resumed.', confirmLabel: 'Stop search'})) return;
    try {
      await api.post(`/api/studies/${id}/stop`);
    } catch (e) {
      report(`Cannot stop: ${e.message}`);
    }
  };

  const loadMtl = async () => {
    if (study.kind !== 'search') return null;
    return showSearchResults(mtl, study, {onTrial: pickNumber});
  };

  const defaultSelection = async (rec) => {
    if (selected) return;
    let number = rec ? rec.trial_number : null;
    if (number === null && history) {
      const minimize = study.directions[0] === 'MINIMIZE';
      let best = null;
      history.numbers.forEach((n, i) => {
        const v = history.values[i]?.[0];
        if (history.states[i] === 'COMPLETE' && Number.isFinite(v) && (best === null || (minimize ? v < best.v : v > best.v))) best = {n, v};
      });
      number = best ? best.n : history.numbers.length ? history.numbers[history.numbers.length - 1] : null;
    }
    if (number === null) {
      curvesTitle.textContent = 'No finished trial yet; select one in the table when there is.';
      return;
    }
    try {
      const t = await api.get(`/api/studies/${id}/trials/${number}`);
      if (!selected) await showSelected(t.id, rec && rec.trial_number === number ? 'the recommended trial' : 'the best trial');
    } catch (e) {
      curvesTitle.textContent = 'Cannot load the trial: ' + e.message;
    }
  };

  // After the first screen: everything below the fold. When all of it is on screen (or has said why not) the
  // page is marked settled.
  const later = async () => {
    try {
      await loadHistory(true); // the parameter columns, for the parallel coordinates
    } catch (e) {
      report('Cannot load the parameters: ' + e.message);
    }
    const charts = [drawParallelNow(), loadImportance()];
    if (study.directions.length > 1) charts.push(drawParetoNow());
    if (study.kind === 'search') {
      try {
        baselines = (await api.getOptional(`/api/studies/${id}/baselines`))?.baselines || [];
      } catch {
        baselines = [];
      }
    }
    let rec = null;
    try {
      rec = await loadMtl();
    } catch (e) {
      report('Cannot load the search results: ' + e.message);
    }
    await Promise.allSettled([...charts, defaultSelection(rec)]);
    main.dataset.settled = 'true';
  };


  // The first screen asks without the parameter columns: they are most of a large study's history.
  const loadHistory = async (withParams) => {
    history = await api.get(`/api/studies/${id}/history` + (withParams ? '' : '?params=false'));
  };

  const reloadStudy = async () => {
    try {
      study = await api.get(`/api/studies/${id}`);
      renderHeader();
    } catch (e) {
      if (e.status === 404) fill(header, h('h1', {}, 'Study deleted'), h('p', {}, 'This study is no longer in the store. ',
        h('a', {href: '#/studies'}, 'All studies')));
    }
  };

  const liveHistory = throttle(async () => {
    await loadHistory(perf.firstMeaningfulPaint !== undefined);
    table?.setParams(history.param_names);
    drawHistoryNow();
    if (perf.firstMeaningfulPaint !== undefined) {
      drawParallelNow();
      if (study.directions.length > 1) drawParetoNow();
    }
  }, 2000);
  const liveStudy = throttle(reloadStudy, 1000);
  const liveMtl = throttle(() => loadMtl().then(defaultSelection), 2000);
  const liveImportance = throttle(loadImportance, 5000);

  cleanups.push(subscribe((type, data) => {
    if (type === 'reconnected') {
      liveStudy();
      liveHistory();
      table?.refresh();
      return;
    }
    if (data.study_id !== id) return;
    if (type === 'study-deleted') {
      liveStudy();
    } else if (type.startsWith('trial-')) {
      if (type !== 'trial-reported') {
        liveStudy();
        table?.refresh();
        liveHistory();
        if (type === 'trial-finished') liveImportance();
      }
      if (selected && data.trial_id === selected.id) refreshSelected();
    } else if (type === 'search-progress' || type === 'search-started' || type === 'search-finished') {
      showProgress(type, data);
      if (type === 'search-finished' || data.affinity) liveMtl();
      if (type !== 'search-progress') liveStudy();
    }
  }));
  cleanups.push(() => [liveHistory, liveStudy, liveMtl, liveImportance, refreshSelected].forEach((t) => t.cancel()));

  const showProgress = (type, data) => {
    progress.textContent = progressText(type, data);
  };

  // The study, its first page of trials and the history (without the parameter columns) are asked for at once:
  // the first screen needs all three.
  (async () => {
    const firstPage = api.get(`/api/studies/${id}/trials?limit=50&sort=number`);
    firstPage.catch(() => {}); // the table reports its own failure
    const studyArrives = api.get(`/api/studies/${id}`);
    const historyArrives = loadHistory(false);
    historyArrives.catch(() => {}); // shown below, once the study is known to exist
    try {
      study = await studyArrives;
    } catch (e) {
      fill(main, h('h1', {}, e.status === 404 ? 'No such study' : 'Cannot load the study'), h('p', {}, e.message),
        h('p', {}, h('a', {href: '#/studies'}, 'All studies')));
      return;
    }
    renderHeader();
    if (study.directions.length > 1) {
      objectiveSelect.hidden = false;
      fill(objectiveSelect, study.directions.map((d, k) => h('option', {value: k}, objectiveName(k))));
    }
    table = trialTable({study, firstPage, onSelect: (t) => showSelected(t.id), onPage: () => markReady('table')});
    cleanups.push(table.cancel);
    tableSlot.append(table.element);
    const frame = history ? null : drawHistoryFrame(historyBox, {name: objectiveName(0)});
    try {
      await historyArrives;
      await frame; // the real chart replaces the frame, never the other way round
    } catch (e) {
      historyNote.textContent = 'Cannot load the history: ' + e.message;
      return;
    }
    perf.fetched = performance.now();
    table.setParams(history.param_names);
    await drawHistoryNow();
    markReady('history');
  })();

  return {unmount: () => cleanups.forEach((c) => c())};
}

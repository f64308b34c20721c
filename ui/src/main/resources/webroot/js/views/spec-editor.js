// The "new search" editor: YAML (or JSON) in a plain textarea, checked by the server (POST /api/searches/validate)
// and started with POST /api/searches. The server's problems come back with field paths; each is marked on the
// line of its field in a gutter beside the text and listed under it, and a click on one puts the cursor there.
import {h, fill} from '../dom.js';
import * as api from '../api.js';
import {locate} from './spec-locate.js';

const TEMPLATE = `# A small search on the built-in synthetic benchmark (see examples/ in the repository).
name: tiny
seed: 3
data:
  source: synthetic
  options: {tasks: 3, groups: [2, 1], rows: 2000, validation_rows: 500, test_rows: 500, dimensions: 20}
tasks:
  - {name: t0, type: regression, target: t0}
  - {name: t1, type: regression, target: t1}
  - {name: t2, type: regression, target: t2}
space: {trunk_depth: [0, 1], branch_depth: [1, 1], widths: [16, 32], groupings: auto}
weighting: {methods: [ew, uw]}
training: {epochs: 3, batch_size: 128, learning_rate: 0.003}
search: {trials: 4, sampler: tpe, pruner: none, affinity_every: 5, baseline: {depth: 1, width: 32}}
`;

export function specEditor({onStarted}) {
  const text = h('textarea', {id: 'spec-text', class: 'code', rows: 16, wrap: 'off', spellcheck: 'false',
    'aria-describedby': 'spec-status spec-errors', autocomplete: 'off'});
  text.value = TEMPLATE;
  const gutter = h('div', {class: 'gutter', 'aria-hidden': 'true'});
  const status = h('p', {id: 'spec-status', class: 'status', role: 'status'});
  const errorList = h('ul', {id: 'spec-errors', class: 'field-errors'});
  const validate = h('button', {type: 'button', onclick: () => submit(false)}, 'Validate');
  const start = h('button', {type: 'submit', class: 'primary'}, 'Start search');
  let marks = new Map(); // line -> messages

  const paintGutter = () => {
    const count = text.value.split('\n').length;
    fill(gutter, Array.from({length: count}, (_, i) => h('div', {
      class: marks.has(i) ? 'error' : null, title: marks.has(i) ? marks.get(i).join('\n') : null,
    }, marks.has(i) ? '! ' + (i + 1) : String(i + 1))));
    gutter.scrollTop = text.scrollTop;
  };
  text.addEventListener('input', paintGutter);
  text.addEventListener('scroll', () => {
    gutter.scrollTop = text.scrollTop;
  });

  const goToLine = (line) => {
    const lines = text.value.split('\n');
    const offset = lines.slice(0, line).reduce((n, l) => n + l.length + 1, 0);
    text.focus();
    text.setSelectionRange(offset, offset + lines[line].length);
    const lineHeight = text.scrollHeight / Math.max(lines.length, 1);
    text.scrollTop = Math.max(0, lineHeight * (line - 2));
  };

  const showErrors = (errors, fallback) => {
    marks = new Map();
    const items = (errors.length ? errors : [{path: '', message: fallback}]).map((e) => {
      const line = e.path ? locate(text.value, e.path) : null;
      if (line !== null) marks.set(line, [...(marks.get(line) || []), e.message]);
      return h('li', {dataset: {path: e.path || ''}},
        line === null ? h('span', {class: 'where'}, e.path || 'spec')
          : h('button', {type: 'button', class: 'link where', onclick: () => goToLine(line),
            'aria-label': `line ${line + 1}, ${e.path}: go to field`}, `line ${line + 1} · ${e.path}`),
        ': ', h('span', {class: 'message'}, e.message));
    });
    fill(errorList, items);
    text.setAttribute('aria-invalid', 'true');
    paintGutter();
  };

  const clearErrors = () => {
    marks = new Map();
    fill(errorList);
    text.removeAttribute('aria-invalid');
    paintGutter();
  };

  const submit = async (run) => {
    validate.disabled = start.disabled = true;
    status.textContent = run ? 'Starting…' : 'Checking…';
    try {
      const reply = await api.post(run ? '/api/searches' : '/api/searches/validate', text.value, 'application/yaml');
      clearErrors();
      if (run) {
        fill(status, 'Started ', h('a', {href: `#/studies/${reply.study_id}`}, reply.study_name), '.');
        onStarted?.(reply);
      } else {
        const tasks = (reply.tasks || []).map((t) => t.name).join(', ');
        status.textContent = `The spec is valid${tasks ? ': tasks ' + tasks : ''}.`;
      }
    } catch (e) {
      if (!(e instanceof api.ApiError)) throw e;
      status.textContent = e.errors.length
        ? `The server found ${e.errors.length} problem${e.errors.length === 1 ? '' : 's'} in the spec:`
        : (e.problem.title || 'Refused') + '.';
      showErrors(e.errors, e.message);
    } finally {
      validate.disabled = start.disabled = false;
    }
  };

  paintGutter();
  return h('form', {class: 'spec-editor', onsubmit: (e) => {
    e.preventDefault();
    submit(true);
  }},
  h('label', {for: 'spec-text'}, 'Search spec (YAML or JSON)'),
  h('div', {class: 'editor'}, gutter, text),
  h('div', {class: 'buttons'}, validate, start),
  status, errorList);
}

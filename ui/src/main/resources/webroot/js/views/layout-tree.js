// A sharing layout drawn as a tree: input at the top, blocks of layers below it (trunk, branches), task heads as
// the leaves. Parses the canonical layout string of io.branchwise.space.layout.SharingLayout:
//   node := DEPTH 'x' WIDTH '[' entry (',' entry)* ']'      entry := TASK | node
// e.g. 2x64[1x32[a,b],1x32[c]]; 0x0[...] is the input itself (nothing shared).
import {h} from '../dom.js';

export function parseLayout(text) {
  let i = 0;
  const s = String(text).replace(/\s+/g, '');
  const fail = (what) => {
    throw new Error(`layout "${text}": ${what} at character ${i + 1}`);
  };
  const node = () => {
    const m = s.slice(i).match(/^(\d+)x(\d+)\[/);
    if (!m) fail('expected DEPTHxWIDTH[');
    i += m[0].length;
    const n = {depth: Number(m[1]), width: Number(m[2]), heads: [], children: []};
    for (;;) {
      if (/^\d+x\d+\[/.test(s.slice(i))) {
        n.children.push(node());
      } else {
        const t = s.slice(i).match(/^[A-Za-z_][A-Za-z0-9_.-]*/);
        if (!t) fail('expected a task name or a block');
        n.heads.push(t[0]);
        i += t[0].length;
      }
      if (s[i] === ',') {
        i++;
      } else if (s[i] === ']') {
        i++;
        return n;
      } else {
        fail('expected , or ]');
      }
    }
  };
  const root = node();
  if (i !== s.length) fail('unexpected text');
  return root;
}

const NODE_H = 40;
const LEVEL_GAP = 36;
const LEAF_W = 84;
const GAP = 12;

/** A task's place in `order` (the spec's task order), unknown tasks last. */
export const rankIn = (order) => (t) => (order.indexOf(t) + order.length + 1) % (order.length + 1);

/** Heads and sibling blocks in `order` rather than the canonical string's alphabet. */
function inOrder(n, order) {
  const rank = rankIn(order);
  const first = (c) => Math.min(...c.heads.map(rank), ...c.children.map(first));
  n.children.forEach((c) => inOrder(c, order));
  n.heads.sort((a, b) => rank(a) - rank(b));
  n.children.sort((a, b) => first(a) - first(b));
  return n;
}

/**
 * The layout string with heads and blocks in `order` (the spec's task order), for display: the canonical string the
 * API returns lists them alphabetically (label1, label10, label2, ...). Text that is not a layout is shown as it is.
 */
export function layoutText(text, order = []) {
  if (!text || !order.length) return text;
  let root;
  try {
    root = inOrder(parseLayout(text), order);
  } catch (e) {
    return text;
  }
  const print = (n) => `${n.depth}x${n.width}[${[...n.heads, ...n.children.map(print)].join(',')}]`;
  return print(root);
}

/** The study's task names in the spec's order: how layouts, heads and groupings are shown. */
export const taskOrder = (study) => (study.tasks || []).map((t) => t.name);

/** A layout in a table cell: one line in the spec's task order, cut with an ellipsis by CSS, whole on hover. */
export function layoutCode(text, order = []) {
  if (!text) return '—';
  const shown = layoutText(text, order);
  return h('code', {class: 'layout', title: shown}, shown);
}

/**
 * An SVG figure of the layout. Every element has a class and data attributes (block: depth, width, tasks; head:
 * task), and the figure has a text description, so the tree reads without seeing it. `order` lists the tasks as the
 * spec does, and the heads follow it.
 */
export function layoutTree(text, {negative = [], order = []} = {}) {
  const root = order.length ? inOrder(parseLayout(text), order) : parseLayout(text);
  const hurt = new Set(negative);
  // Each entry is a box; heads are leaves. Lay out leaves left to right, parents centred over their children.
  const boxes = [];
  const edges = [];
  let nextLeaf = 0;
  const place = (n, level, kind) => {
    const box = {kind, level, node: n};
    const kids = [];
    for (const task of n.heads) {
      kids.push({kind: 'head', level: level + 1, task, x: nextLeaf++ * (LEAF_W + GAP)});
    }
    for (const c of n.children) kids.push(place(c, level + 1, 'block'));
    kids.forEach((k) => {
      if (k.kind === 'head') boxes.push(k);
      edges.push([box, k]);
    });
    box.x = (Math.min(...kids.map((k) => k.x)) + Math.max(...kids.map((k) => k.x))) / 2;
    boxes.push(box);
    return box;
  };
  const rootBox = place(root, 0, root.depth === 0 ? 'input' : 'trunk');
  if (rootBox.kind === 'trunk') {
    // The input feeds the trunk: draw it as its own box above.
    for (const b of boxes) b.level += 1;
    const input = {kind: 'input', level: 0, x: rootBox.x, node: null};
    boxes.push(input);
    edges.push([input, rootBox]);
  }
  const levels = Math.max(...boxes.map((b) => b.level)) + 1;
  const width = nextLeaf * (LEAF_W + GAP) - GAP;
  const height = levels * (NODE_H + LEVEL_GAP) - LEVEL_GAP;
  const yOf = (b) => b.level * (NODE_H + LEVEL_GAP);

  const shapes = [];
  for (const [a, b] of edges) {
    shapes.push(h('svg:line', {class: 'edge', x1: a.x + LEAF_W / 2, y1: yOf(a) + NODE_H,
      x2: b.x + LEAF_W / 2, y2: yOf(b)}));
  }
  for (const b of boxes) {
    const y = yOf(b);
    if (b.kind === 'head') {
      const bad = hurt.has(b.task);
      shapes.push(h('svg:g', {class: 'head' + (bad ? ' negative' : ''), 'data-task': b.task},
        h('svg:title', {}, `head of task ${b.task}${bad ? ' (negative transfer)' : ''}`),
        h('svg:rect', {x: b.x, y, width: LEAF_W, height: NODE_H, rx: 18}),
        h('svg:text', {x: b.x + LEAF_W / 2, y: y + NODE_H / 2 + 5}, (bad ? '⚠ ' : '') + b.task)));
    } else if (b.kind === 'input') {
      shapes.push(h('svg:g', {class: 'input'},
        h('svg:rect', {x: b.x, y, width: LEAF_W, height: NODE_H, rx: 4}),
        h('svg:text', {x: b.x + LEAF_W / 2, y: y + NODE_H / 2 + 5}, 'input')));
    } else {
      const n = b.node;
      const tasks = tasksBelow(n);
      const role = b.kind === 'trunk' ? 'trunk' : 'branch';
      shapes.push(h('svg:g', {class: 'block ' + role, 'data-depth': n.depth, 'data-width': n.width,
        'data-tasks': tasks.join(',')},
      h('svg:title', {}, `${role}: ${n.depth} layer${n.depth === 1 ? '' : 's'} of width ${n.width}, shared by `
          + tasks.join(', ')),
      h('svg:rect', {x: b.x - 8, y, width: LEAF_W + 16, height: NODE_H, rx: 4}),
      h('svg:text', {x: b.x + LEAF_W / 2, y: y + 16, class: 'role'}, role),
      h('svg:text', {x: b.x + LEAF_W / 2, y: y + 32}, `${n.depth} × ${n.width}`)));
    }
  }
  return h('figure', {class: 'layout-tree', 'data-layout': text},
    h('div', {class: 'scroll-x'},
      h('svg:svg', {viewBox: `-12 -2 ${width + 24} ${height + 4}`, width: width + 24, height: height + 4,
        role: 'img', 'aria-label': describe(root)}, shapes)),
    h('figcaption', {}, h('code', {}, text)));
}

/** The tree in words, for screen readers and the figure's label. */
export function describe(root) {
  const parts = [];
  const walk = (n, role) => {
    if (n.depth > 0) parts.push(`${role} ${n.depth}×${n.width} shared by ${tasksBelow(n).join(', ')}`);
    n.children.forEach((c) => walk(c, 'branch'));
  };
  walk(root, 'trunk');
  return `Sharing layout: ${parts.join('; ') || 'no shared layers'}. Heads: ${tasksBelow(root).join(', ')}.`;
}

function tasksBelow(n) {
  return [...n.heads, ...n.children.flatMap(tasksBelow)].sort();
}

// Finds the line of a spec field from the server's error path ("tasks[1].type", "search.trials") in the YAML the
// person typed, so an error can be shown at its field. Handles block and flow style ({a: 1}, [x, y]) the way the
// example specs are written; when a field is absent (a missing required key) it answers its parent's line.

export function segments(path) {
  const out = [];
  for (const part of String(path || '').split('.')) {
    const m = part.match(/^([^[\]]*)((?:\[\d+\])*)$/);
    if (!m) {
      out.push(part);
      continue;
    }
    if (m[1]) out.push(m[1]);
    for (const index of m[2].matchAll(/\[(\d+)\]/g)) out.push(Number(index[1]));
  }
  return out;
}

const indentOf = (s) => s.match(/^\s*/)[0].length;
const isBlank = (s) => /^\s*(#.*)?$/.test(s);
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** 0-based line of `path` in `text`, or null when not even its first segment is there. */
export function locate(text, path) {
  const lines = text.split('\n');
  const blockEnd = (line) => {
    const d = indentOf(lines[line]);
    let i = line + 1;
    while (i < lines.length && (isBlank(lines[i]) || indentOf(lines[i]) > d)) i++;
    return i;
  };
  let scope = {line: -1, col: 0};
  let found = null;
  for (const seg of segments(path)) {
    const hit = find(lines, scope, seg, blockEnd);
    if (!hit) break;
    found = hit.line;
    scope = hit;
  }
  return found;
}

function find(lines, scope, seg, blockEnd) {
  // Flow style: the rest of the scope's own line ("search: {trials: 4}", "widths: [8, 16]").
  if (scope.line >= 0) {
    const rest = lines[scope.line].slice(scope.col);
    if (typeof seg === 'string') {
      const m = rest.match(new RegExp('(^|[\\s{,-])(' + escape(seg) + ')\\s*:'));
      if (m) return {line: scope.line, col: scope.col + m.index + m[1].length + seg.length + 1};
    } else if (/^\s*:?\s*\[/.test(rest) || /^\s*:?\s*\{/.test(rest) && rest.includes('[')) {
      return {line: scope.line, col: scope.col + rest.indexOf('[') + 1};
    }
  }
  const first = scope.line + 1;
  const last = scope.line < 0 ? lines.length : blockEnd(scope.line);
  let childIndent = Infinity;
  for (let i = first; i < last; i++) {
    if (!isBlank(lines[i])) childIndent = Math.min(childIndent, indentOf(lines[i]));
  }
  if (childIndent === Infinity) return null;
  let item = 0;
  for (let i = first; i < last; i++) {
    const line = lines[i];
    if (isBlank(line) || indentOf(line) !== childIndent) continue;
    if (typeof seg === 'string') {
      const m = line.match(new RegExp('^\\s*(-\\s+)?(["\']?)' + escape(seg) + '\\2\\s*:'));
      if (m) return {line: i, col: m[0].length};
    } else if (/^\s*-(\s|$)/.test(line)) {
      if (item === seg) return {line: i, col: childIndent + 1};
      item++;
    }
  }
  return null;
}

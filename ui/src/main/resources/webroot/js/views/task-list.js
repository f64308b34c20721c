// A list of task names in a table cell: up to three named, the rest counted, every name in the title, so a row
// stays one line high at 40 tasks.
import {h} from '../dom.js';

export function taskList(list, {className = 'negative-text', prefix = '⚠ ', none = '—'} = {}) {
  if (!Array.isArray(list) || !list.length) return none;
  const shown = list.length <= 3 ? list.join(', ') : `${list.slice(0, 2).join(', ')} +${list.length - 2} more`;
  return h('span', {class: className, title: list.join(', ')}, prefix + shown);
}

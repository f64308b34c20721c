// The banner for problems a page could not show where they belong; tests read window.branchwise.errors.
import {global} from './global.js';
import {h} from './dom.js';

export function report(message) {
  const text = String(message);
  global.errors.push(text);
  const banner = document.getElementById('problems');
  banner.append(h('p', {class: 'problem'}, h('span', {}, text),
    h('button', {type: 'button', class: 'icon', 'aria-label': 'Dismiss this message',
      onclick: (e) => e.currentTarget.parentElement.remove()}, '×')));
}

// A tiny element builder: the pages are small enough that a framework would cost more than it saves. Names and
// values from studies (study, parameter, task and metric names, attributes, failure reasons) are whatever a client
// stored, so they only ever enter the page as text: children become text nodes, attributes are set one by one, and
// the one place that must build markup (a chart tooltip) escapes it with escapeHtml.

/**
 * h('a', {href: '#/x', class: 'btn', onclick: fn, dataset: {id: 3}}, 'text', child, [more])
 * Attributes whose value is null, undefined or false are left out; true sets an empty attribute.
 */
export function h(tag, attrs, ...children) {
  const svg = tag.startsWith('svg:');
  const el = svg ? document.createElementNS('http://www.w3.org/2000/svg', tag.slice(4))
                 : document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (/^on/i.test(key)) {
      // A handler given as text would be inline script: the content security policy blocks it, and with a
      // stored name inside it would be an injection.
      if (typeof value !== 'function') throw new TypeError(`h(): ${key} must be a function`);
      el.addEventListener(key.slice(2), value);
    } else if (URL_ATTRIBUTES.has(key.toLowerCase()) && /^\s*(javascript|vbscript|data):/i.test(String(value))) {
      throw new TypeError(`h(): refused a script URL in ${key}`);
    } else if (key === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (key === 'style' && typeof value === 'object') {
      Object.assign(el.style, value);
    } else if (!svg && (key === 'value' || key === 'checked' || key === 'selected')) {
      el[key] = value;
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'xlink:href']);

/** `text` with the five characters that mean markup in HTML escaped: for strings handed to something that parses
 * HTML (an ECharts tooltip), never needed with h(). */
export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

const ESCAPES = {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'};

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : String(child));
  }
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

/** Replaces el's children. */
export function fill(el, ...children) {
  clear(el);
  append(el, children);
  return el;
}

/** Calls fn at most once per `ms`, always with the latest arguments, and once more after the last call. */
export function throttle(fn, ms) {
  let timer = null;
  let pending = false;
  const run = () => {
    timer = null;
    if (pending) {
      pending = false;
      fn();
      timer = setTimeout(run, ms);
    }
  };
  const call = () => {
    pending = true;
    if (!timer) run();
  };
  call.cancel = () => {
    clearTimeout(timer);
    timer = null;
    pending = false;
  };
  return call;
}

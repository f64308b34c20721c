// The shell: a hash router (#/studies, #/studies/{id}, #/trials/{id}) so the server only serves static files, one
// live event stream, and a banner for problems the pages did not handle themselves.
import {global} from './global.js';
import {h, fill} from './dom.js';
import {connect} from './live.js';
import {disposeIn} from './charts.js';
import {report} from './problems.js';
import * as studies from './pages/studies.js';
import * as study from './pages/study.js';
import * as trial from './pages/trial.js';

const main = document.getElementById('main');

const routes = [
  [/^#\/studies\/?$/, (m) => studies.mount(main)],
  [/^#\/studies\/(\d+)\/?$/, (m) => study.mount(main, Number(m[1]))],
  [/^#\/trials\/(\d+)\/?$/, (m) => trial.mount(main, Number(m[1]))],
];

let current = null;

function route() {
  const hash = location.hash || '#/studies';
  if (!location.hash) history.replaceState(null, '', '#/studies');
  current?.unmount?.();
  current = null;
  disposeIn(main);
  global.perf = {route: hash, start: performance.now()};
  for (const [pattern, mount] of routes) {
    const match = hash.match(pattern);
    if (match) {
      current = mount(match);
      global.prefetch.clear(); // what index.html started early belongs to the first page only
      markNav(hash);
      main.focus({preventScroll: true});
      return;
    }
  }
  fill(main, h('h1', {}, 'Not found'), h('p', {}, 'No page at ', h('code', {}, hash), '. ',
    h('a', {href: '#/studies'}, 'All studies')));
}

function markNav(hash) {
  for (const a of document.querySelectorAll('header nav a')) {
    if (hash.startsWith(a.getAttribute('href'))) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

window.addEventListener('error', (e) => report(e.message));
window.addEventListener('unhandledrejection', (e) => report(e.reason?.message || e.reason));
// Something the content security policy blocked is a part of the dashboard that silently does not work: say so.
document.addEventListener('securitypolicyviolation', (e) =>
  report(`Blocked by the content security policy (${e.effectiveDirective}): ${e.blockedURI || 'inline code'}`));
window.addEventListener('hashchange', route);
connect(document.getElementById('live'));
route();

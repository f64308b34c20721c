// One server-sent-event stream for the whole app; pages subscribe and filter by study. EventSource reconnects by
// itself, and on reconnect pages refetch, since events sent while disconnected are gone.

const TYPES = ['study-created', 'study-deleted', 'trial-created', 'trial-finished', 'trial-reported',
  'search-started', 'search-progress', 'search-finished'];

const listeners = new Set();
let source = null;

export function connect(indicator) {
  if (source) return;
  source = new EventSource('/api/events');
  const show = (state, text) => {
    indicator.dataset.state = state;
    indicator.textContent = text;
  };
  let everOpen = false;
  source.addEventListener('open', () => {
    show('live', 'live');
    if (everOpen) dispatch('reconnected', {});
    everOpen = true;
  });
  source.addEventListener('error', () => show('offline', 'reconnecting…'));
  for (const type of TYPES) {
    source.addEventListener(type, (e) => {
      let data = {};
      try {
        data = JSON.parse(e.data);
      } catch {
        // An event without JSON still says something changed.
      }
      dispatch(type, data);
    });
  }
}

function dispatch(type, data) {
  for (const fn of [...listeners]) fn(type, data);
}

/** fn(type, data) for every event; returns the unsubscribe function. "reconnected" means: refetch everything. */
export function subscribe(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

// A study page's first requests start here, while the modules are still loading; api.js picks them up. The
// history follows once they are answered (study.js): the storage runs one query at a time. A classic script, not a
// module, so that it runs at once, before the deferred modules; a file of its own, since the content security
// policy refuses inline script.
window.branchwise = {errors: [], perf: {}, prefetch: new Map()};
(function () {
  var m = location.hash.match(/^#\/studies\/(\d+)\/?$/);
  if (!m) return;
  ['/trials?limit=50&sort=number', ''].forEach(function (rest) {
    var path = '/api/studies/' + m[1] + rest;
    window.branchwise.prefetch.set(path, fetch(path, {headers: {accept: 'application/json'}}));
  });
})();

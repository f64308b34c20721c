// What the page exposes on window.branchwise: errors it caught (shown in the problems banner), timings (perf), and
// the chart registry. Imported first by every module that touches it.
window.branchwise = window.branchwise || {errors: [], perf: {}, prefetch: new Map()};

export const global = window.branchwise;

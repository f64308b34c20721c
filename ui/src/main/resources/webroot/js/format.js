// How numbers, times and states read on every page, so one study looks the same everywhere.

export function num(v, digits = 4) {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'string') return v; // "NaN", "Infinity" as the API spells non-finite values
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v)) return v.toLocaleString('en');
  const abs = Math.abs(v);
  if (abs !== 0 && (abs < 1e-3 || abs >= 1e6)) return v.toExponential(digits - 1);
  return Number(v.toPrecision(digits)).toString();
}

/** Δ in percent with its sign always shown: positive = better everywhere in Branchwise. */
export function delta(v) {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  const sign = v > 0 ? '+' : v < 0 ? '−' : '±';
  return sign + Math.abs(v).toFixed(2) + '%';
}

/** Python datetime text from the API ("2024-05-01 12:00:00.123456") as a Date, or null. */
export function parseTime(text) {
  if (!text) return null;
  const d = new Date(String(text).replace(' ', 'T').replace(/(\.\d{3})\d+/, '$1'));
  return Number.isNaN(d.getTime()) ? null : d;
}

export function ago(text, now = Date.now()) {
  const d = parseTime(text);
  if (!d) return '—';
  const s = Math.round((now - d.getTime()) / 1000);
  if (s < 5) return 'just now';
  if (s < 60) return s + ' s ago';
  if (s < 3600) return Math.round(s / 60) + ' min ago';
  if (s < 86400) return Math.round(s / 3600) + ' h ago';
  return d.toLocaleDateString('en');
}

export function duration(startText, endText) {
  const a = parseTime(startText);
  const b = parseTime(endText);
  if (!a || !b) return '—';
  const s = (b - a) / 1000;
  return s < 60 ? s.toFixed(1) + ' s' : s < 3600 ? (s / 60).toFixed(1) + ' min' : (s / 3600).toFixed(1) + ' h';
}

export const STATES = ['RUNNING', 'WAITING', 'COMPLETE', 'PRUNED', 'FAIL'];

/** The API's JSON values of attributes are JSON text; show them readably, whatever they hold. */
export function attrText(value) {
  if (typeof value === 'string') {
    try {
      const parsed = JSON.parse(value);
      return typeof parsed === 'string' ? parsed : JSON.stringify(parsed, null, 1);
    } catch {
      return value;
    }
  }
  return JSON.stringify(value, null, 1);
}

/** The attribute's value parsed when it is JSON text, else as given. */
export function attrValue(value) {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** An API datetime (ISO-8601 with offset) as local "YYYY-MM-DD HH:MM:SS". */
export function when(text) {
  const d = parseTime(text);
  if (!d) return '—';
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

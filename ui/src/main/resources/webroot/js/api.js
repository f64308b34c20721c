// The REST API as promises. Failures become ApiError with the server's problem JSON (RFC 9457) attached, so a page
// can put a validation message at the field it belongs to.
import {global} from './global.js';
import {askForToken} from './views/sign-in.js';

export class ApiError extends Error {
  constructor(status, problem, path) {
    super(problem && (problem.detail || problem.title) || `HTTP ${status} for ${path}`);
    this.status = status;
    this.problem = problem || {};
    this.errors = (problem && problem.errors) || [];
  }
}

async function request(method, path, body, contentType) {
  const init = {method, headers: {accept: 'application/json'}};
  if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
  // Typed even without a body: the server refuses state changes in the types a cross-site form could send.
  if (method !== 'GET') init.headers['content-type'] = contentType || 'application/json';
  // A GET that index.html started early is used once; later ones go to the server again.
  const early = method === 'GET' ? global.prefetch.get(path) : undefined;
  global.prefetch.delete(path);
  const response = await (early || fetch(path, init));
  const text = await response.text();
  let json = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = {detail: text};
    }
  }
  if (response.status === 401) askForToken();
  if (!response.ok) throw new ApiError(response.status, json, path);
  return json;
}

export const get = (path) => request('GET', path);
export const post = (path, body, contentType) => request('POST', path, body, contentType);
export const del = (path) => request('DELETE', path);

/** GET that answers null on 404: for things that appear later in a search (affinity, recommendation). */
export async function getOptional(path) {
  try {
    return await get(path);
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return null;
    throw e;
  }
}

export function query(params) {
  const parts = [];
  for (const [key, value] of Object.entries(params)) {
    if (value === null || value === undefined || value === '') continue;
    for (const v of Array.isArray(value) ? value : [value]) {
      parts.push(encodeURIComponent(key) + '=' + encodeURIComponent(v));
    }
  }
  return parts.length ? '?' + parts.join('&') : '';
}

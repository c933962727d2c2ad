// core.mjs: what every page shares: the UI's strings, calls to the API
// (with the session's CSRF token on every POST), a small DOM builder that
// inserts data only as text, and the live stream.
export const LANGS = [
  ['zh-Hans', '简体中文'], ['zh-Hant', '繁體中文'], ['vi', 'Tiếng Việt'], ['en', 'English'],
];

let strings = {};
// The UI looks a string up by its English text; missing means English.
export const t = (s) => strings[s] ?? s;
// t() with {name} placeholders filled in after the lookup.
export const tf = (s, vars) =>
  t(s).replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));

export async function loadStrings(lang) {
  const r = await fetch(`/api/i18n/${encodeURIComponent(lang)}`);
  strings = r.ok ? await r.json() : {};
  document.documentElement.lang = lang;
  for (const el of document.querySelectorAll('[data-t]')) el.textContent = t(el.dataset.t);
}

// The language before sign-in: ?lang=, the browser's last choice, or the
// browser's own language; null when none of them is one of ours.
export function chosenLang() {
  const q = new URLSearchParams(location.search).get('lang');
  if (q && LANGS.some(([l]) => l === q)) return q;
  const kept = localStorage.getItem('plenum.lang');
  if (kept && LANGS.some(([l]) => l === kept)) return kept;
  return null;
}

export function browserLang() {
  for (const l of navigator.languages || [navigator.language || 'en']) {
    const s = l.toLowerCase();
    if (s.startsWith('zh')) {
      return /hant|tw|hk|mo/.test(s) ? 'zh-Hant' : 'zh-Hans';
    }
    if (s.startsWith('vi')) return 'vi';
    if (s.startsWith('en')) return 'en';
  }
  return 'en';
}

// Larger text and high contrast are classes on <html>, kept per browser.
export function applyPrefs() {
  const root = document.documentElement;
  root.classList.toggle('large', localStorage.getItem('plenum.large') === '1');
  root.classList.toggle('contrast', localStorage.getItem('plenum.contrast') === '1');
}

export class ApiError extends Error {
  constructor(status, body, retryAfter) {
    super(body?.error || `HTTP ${status}`);
    this.status = status;
    this.errors = body?.errors || [];
    this.retryAfter = retryAfter;
  }
}

let csrf = '';
export const setCsrf = (token) => { csrf = token || ''; };
// Called on any 401 after sign-in: the session has ended.
let onUnauthorized = () => {};
export const setUnauthorized = (fn) => { onUnauthorized = fn; };

// api('GET', url) or api('POST', url, body): a plain object is sent as
// JSON, anything else (a file's bytes) as it is.  Answers the parsed JSON
// (or the text of a text/plain answer); throws ApiError.
export async function api(method, url, body, opts = {}) {
  const init = { method, cache: 'no-store', credentials: 'same-origin', headers: {} };
  if (method === 'POST') {
    init.headers['X-Plenum-CSRF'] = csrf;
    if (body instanceof ArrayBuffer || body instanceof Blob) {
      init.body = body;
      init.headers['Content-Type'] = opts.type || 'text/csv';
    } else {
      init.body = JSON.stringify(body ?? {});
      init.headers['Content-Type'] = 'application/json';
    }
  }
  const r = await fetch(url, init);
  const type = r.headers.get('content-type') || '';
  const data = type.includes('json') ? await r.json().catch(() => null) : await r.text();
  if (!r.ok) {
    const err = new ApiError(r.status, typeof data === 'object' ? data : { error: data },
      r.headers.get('retry-after'));
    if (r.status === 401 && !opts.quiet401) onUnauthorized(err);
    throw err;
  }
  return data;
}

// The message to show for a failed call, in words the hall understands.
export function errorText(err) {
  if (!(err instanceof ApiError)) return String(err?.message || err);
  switch (err.status) {
  case 401: return t('Please sign in again.');
  case 403: return `${t('Not allowed for your role.')} ${err.message}`;
  case 409: return `${t('Conflict with the record:')} ${err.message}`;
  case 429: return tf('Too many failed attempts. Try again in {s} seconds.',
    { s: err.retryAfter || '?' });
  case 503: return t('The assembly is open read-only.');
  default: return err.message;
  }
}

// h('tag#id.class', {props}, ...children): children that are strings become
// text; props named on* become listeners, 'class' and 'text' are short for
// className and textContent, the rest are attributes or properties.
export function h(spec, props, ...children) {
  // 'tag.class#id': the tag, then .class and #id in any order
  const [tag, ...marks] = spec.split(/(?=[.#])/);
  const el = document.createElement(tag && !/^[.#]/.test(tag) ? tag : 'div');
  for (const m of /^[.#]/.test(tag) ? [tag, ...marks] : marks) {
    if (m[0] === '#') el.id = m.slice(1);
    else el.classList.add(m.slice(1));
  }
  if (props && (typeof props !== 'object' || props instanceof Node || Array.isArray(props))) {
    children.unshift(props);
    props = null;
  }
  for (const [k, v] of Object.entries(props || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className += (el.className ? ' ' : '') + v;
    else if (k === 'text') el.textContent = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k in el && typeof v !== 'string') el[k] = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export const $ = (sel, root = document) => root.querySelector(sel);

// A message line: kind 'ok', 'bad', 'warn' or 'info'.
export function note(el, text, kind = 'info') {
  el.textContent = text;
  el.dataset.kind = kind;
  el.hidden = !text;
}

// Runs an action from a form or button, showing its error in out.
export async function act(out, fn) {
  try {
    const r = await fn();
    return r;
  } catch (err) {
    if (out) note(out, errorText(err), 'bad');
    else console.warn(err);
    return undefined;
  }
}

// A form of labelled fields: fields are [name, label, {type, ...attrs}].
export function form(fields, submitLabel, onsubmit, extra = {}) {
  const out = h('p.msg', { hidden: true, role: 'status' });
  const f = h('form.form', { ...extra, novalidate: true });
  for (const [name, label, attrs = {}] of fields) {
    let input;
    if (attrs.options) {
      const { options, ...rest } = attrs;
      input = h('select', { name, ...rest },
        options.map(([v, l]) => h('option', { value: v, text: l })));
    } else if (attrs.type === 'textarea') {
      const { type, ...rest } = attrs;
      input = h('textarea', { name, ...rest });
    } else {
      input = h('input', { name, type: 'text', ...attrs });
    }
    f.append(h('label', h('span', label), input));
  }
  f.append(h('button', { type: 'submit', text: submitLabel }), out);
  f.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const data = Object.fromEntries(new FormData(f));
    const button = f.querySelector('button[type=submit]');
    button.disabled = true;
    note(out, '');
    try {
      const msg = await onsubmit(data, f);
      if (msg) note(out, msg, 'ok');
    } catch (err) {
      note(out, errorText(err), 'bad');
    } finally {
      button.disabled = false;
    }
  });
  return f;
}

export function table(headers, rows, cls = '') {
  return h(`table${cls ? '.' + cls : ''}`,
    h('thead', h('tr', headers.map((x) => h('th', { scope: 'col', text: x })))),
    h('tbody', rows.map((r) => (r instanceof Node ? r : h('tr', r.map((c) =>
      (c instanceof Node && c.tagName === 'TD' ? c : h('td', c))))))));
}

export function debounce(fn, ms) {
  let timer = 0;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

// Follows /api/live: calls onhead(types) for every growth of the record
// (types null when the message names none).  Answers a close function.
export function live(onhead, onstate = () => {}) {
  const es = new EventSource('/api/live');
  es.addEventListener('head', (ev) => {
    let types = null;
    try { types = JSON.parse(ev.data).types || null; } catch { /* a bare head */ }
    onhead(types);
  });
  es.onopen = () => onstate(true);
  es.onerror = () => onstate(false);
  return () => es.close();
}

// Words of the record shown to people: roles, states, decisions, marks.
export const ROLES = ['chair', 'secretariat', 'checkin', 'teller', 'scrutineer', 'projector', 'delegate'];
const WORDS = {
  chair: 'Chair', secretariat: 'Secretariat', checkin: 'Check-in desk', teller: 'Teller',
  scrutineer: 'Scrutineer', projector: 'Projector', delegate: 'Delegate',
  'chief-scrutineer': 'Chief scrutineer', 'chief-teller': 'Chief teller',
  pending: 'pending', current: 'current', done: 'done', skipped: 'skipped',
  open: 'open', closed: 'closed', counted: 'counted', signed: 'signed', void: 'void', decided: 'decided',
  elected: 'elected', alternate: 'alternate', 'below-threshold': 'below the threshold',
  outranked: 'outranked', tied: 'tied', 'not-counted': 'not counted',
  incomplete: 'incomplete', 'no-quorum': 'no quorum', 'invalid-list': 'invalid list',
  hands: 'show of hands', ballot: 'ballot', electronic: 'electronic vote',
  secret: 'secret', named: 'named', tie: 'tie', shortfall: 'shortfall',
  motion: 'motion', resolution: 'resolution', election: 'election',
};
export const word = (w) => (w in WORDS ? t(WORDS[w]) : String(w ?? ''));

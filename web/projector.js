// projector.js: the hall's projector.  Shows the live quorum, the current
// agenda item, the progress of votes on the phones and the latest counted
// election (the elected in the result's order, and each candidate's votes
// as a bar against the votes needed), in the assembly's language (or
// ?lang=), and refreshes whenever the record grows (Server-Sent Events
// from /api/live).  It needs a session (a projector account): without one
// it sends the browser to the console's sign-in and is sent back.  Data is
// inserted as text, never as HTML.
const params = new URLSearchParams(location.search);
let strings = {};
const t = (s) => strings[s] ?? s;
const $ = (id) => document.getElementById(id);
const el = (tag, cls, text) => {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
};

class Unauthorized extends Error {}

async function json(url) {
  const r = await fetch(url, { cache: 'no-store', credentials: 'same-origin' });
  if (r.status === 401) throw new Unauthorized(url);
  if (!r.ok) throw new Error(`${url}: ${r.status}`);
  return r.json();
}

// To the console's sign-in, which comes back here (with ?lang= kept).
function signIn() {
  location.replace(`/?next=${encodeURIComponent(`projector.html${location.search}`)}`);
}

function setStatus(text, ok) {
  const s = $('status');
  s.textContent = text;
  s.dataset.ok = ok ? 'true' : 'false';
}

function showQuorum(q) {
  $('should').textContent = q.should_attend;
  $('present').textContent = q.present;
  $('required').textContent = q.applies ? q.required : '—';
  $('quorum').dataset.met = String(q.met);
  $('verdict').textContent = q.applies
    ? t(q.met ? 'met' : 'not met')
    : t('no quorum set by the rules');
}

function showAgenda(items) {
  const cur = items.find((i) => i.state === 'current');
  $('current').textContent = cur ? `${cur.n}. ${cur.title}` : '';
}

// Open votes on the phones: voted / eligible, as a bar.
function showPolls(polls) {
  const open = polls.filter((p) => p.state === 'open');
  $('polls').hidden = open.length === 0;
  $('poll-list').replaceChildren(...open.map((p) => {
    const li = el('li');
    li.dataset.poll = String(p.poll);
    const bar = el('span', 'fill');
    bar.style.width = `${p.eligible ? (100 * p.voted) / p.eligible : 0}%`;
    const track = el('span', 'track');
    track.append(bar);
    li.append(el('span', 'title', p.title), track,
      el('span', 'count', `${p.voted} / ${p.eligible}`));
    return li;
  }));
}

// Each candidate's votes for, as a bar on a scale where the votes needed
// sit at a fixed line.
function showBars(r) {
  const th = r.threshold || {};
  const most = Math.max(th.base || 0, ...r.candidates.map((c) => c.yes), 1);
  $('chart').hidden = !r.candidates.length;
  $('needed').textContent = th.votes_needed != null
    ? `${t('Votes needed')} ${th.votes_needed} · ${t('Base')} ${th.base}` : '';
  $('bars').replaceChildren(...r.candidates.map((c) => {
    const li = el('li', c.elected ? 'is-elected' : c.alternate ? 'is-alternate' : '');
    li.dataset.id = c.id;
    const track = el('span', 'track');
    const fill = el('span', 'fill');
    fill.style.width = `${(100 * c.yes) / most}%`;
    track.append(fill);
    if (th.votes_needed != null) {
      const line = el('span', 'needed');
      line.style.left = `${(100 * th.votes_needed) / most}%`;
      track.append(line);
    }
    li.append(el('span', 'name', c.name), track, el('span', 'votes', String(c.yes)));
    return li;
  }));
}

function showElection(elections) {
  const counted = elections.filter((e) => e.result);
  const e = counted[counted.length - 1];
  const list = $('elected');
  list.replaceChildren();
  $('alternates').textContent = '';
  if (!e) {
    $('election-title').textContent = '';
    $('election-state').textContent = t('No result yet');
    $('chart').hidden = true;
    return;
  }
  const r = e.result;
  const byId = new Map(r.candidates.map((c) => [c.id, c]));
  $('election-title').textContent = e.title;
  $('election-state').textContent =
    `${t('Round')} ${e.rounds} · ${t('Elected')} ${r.elected.length}/${e.seats}` +
    (r.pending ? ` · ${t('Pending')} ${r.pending.seats}` : '');
  // The announcement: the elected in the result's (the body's) order.
  for (const id of r.elected) {
    const c = byId.get(id);
    const li = document.createElement('li');
    li.append(el('span', 'name', c.name), el('span', 'votes', `${t('For')} ${c.yes}`));
    list.append(li);
  }
  if (r.alternates.length)
    $('alternates').textContent =
      `${t('Alternates')}: ${r.alternates.map((id) => byId.get(id).name).join(' · ')}`;
  showBars(r);
}

async function refresh() {
  const [q, agenda, elections, polls] = await Promise.all([
    json('/api/quorum'), json('/api/agenda'), json('/api/elections'),
    json('/api/polls').catch((err) => { if (err instanceof Unauthorized) throw err; return []; }),
  ]);
  showQuorum(q);
  showAgenda(agenda);
  showPolls(polls);
  showElection(elections);
  document.body.dataset.head = String(Date.now());
}

// Refreshes at most every 150 ms however fast the record grows.
let timer = 0;
function refreshSoon() {
  clearTimeout(timer);
  timer = setTimeout(() => refresh().catch((err) => {
    if (err instanceof Unauthorized) signIn();
  }), 150);
}

async function start() {
  const a = await json('/api/assembly');
  const lang = params.get('lang') || localStorage.getItem('plenum.lang') || a.locale;
  document.documentElement.lang = lang;
  document.documentElement.classList.toggle('contrast', localStorage.getItem('plenum.contrast') === '1');
  strings = await json(`/api/i18n/${encodeURIComponent(lang)}`);
  for (const e of document.querySelectorAll('[data-t]'))
    e.textContent = t(e.dataset.t);
  $('name').textContent = a.name;
  document.title = `${a.name} · ${t('Projector')}`;
  await refresh();
  const live = new EventSource('/api/live');
  live.addEventListener('head', refreshSoon);
  live.onopen = () => setStatus(t('Live'), true);
  live.onerror = () => setStatus(t('Reconnecting…'), false);
}

start().catch((err) => {
  if (err instanceof Unauthorized) signIn();
  else setStatus(String(err), false);
});

// projector.js: the hall's projector.  Shows the live quorum, the current
// agenda item and the latest counted election, in the assembly's language
// (or ?lang=), and refreshes whenever the record grows (Server-Sent Events
// from /api/live).  Data is inserted as text, never as HTML.
const params = new URLSearchParams(location.search);
let strings = {};
const t = (s) => strings[s] ?? s;
const $ = (id) => document.getElementById(id);

async function json(url) {
  const r = await fetch(url, { cache: 'no-store' });
  if (!r.ok) throw new Error(`${url}: ${r.status}`);
  return r.json();
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

function showElection(elections) {
  const counted = elections.filter((e) => e.result);
  const e = counted[counted.length - 1];
  const list = $('elected');
  list.replaceChildren();
  $('alternates').textContent = '';
  if (!e) {
    $('election-title').textContent = '';
    $('election-state').textContent = t('No result yet');
    return;
  }
  const r = e.result;
  const byId = new Map(r.candidates.map((c) => [c.id, c]));
  $('election-title').textContent = e.title;
  $('election-state').textContent =
    `${t('Round')} ${e.rounds} · ${t('Elected')} ${r.elected.length}/${e.seats}` +
    (r.pending ? ` · ${t('Pending')} ${r.pending.seats}` : '');
  for (const id of r.elected) {
    const c = byId.get(id);
    const li = document.createElement('li');
    const name = document.createElement('span');
    name.className = 'name';
    name.textContent = c.name;
    const votes = document.createElement('span');
    votes.className = 'votes';
    votes.textContent = `${t('For')} ${c.yes}`;
    li.append(name, votes);
    list.append(li);
  }
  if (r.alternates.length)
    $('alternates').textContent =
      `${t('Alternates')}: ${r.alternates.map((id) => byId.get(id).name).join(' · ')}`;
}

async function refresh() {
  const [q, agenda, elections] = await Promise.all([
    json('/api/quorum'), json('/api/agenda'), json('/api/elections'),
  ]);
  showQuorum(q);
  showAgenda(agenda);
  showElection(elections);
  document.body.dataset.head = String(Date.now());
}

async function start() {
  const a = await json('/api/assembly');
  const lang = params.get('lang') || a.locale;
  document.documentElement.lang = lang;
  strings = await json(`/api/i18n/${encodeURIComponent(lang)}`);
  for (const el of document.querySelectorAll('[data-t]'))
    el.textContent = t(el.dataset.t);
  $('name').textContent = a.name;
  document.title = `${a.name} · ${t('Projector')}`;
  await refresh();
  const live = new EventSource('/api/live');
  live.addEventListener('head', () => refresh().catch(() => {}));
  live.onopen = () => setStatus(t('Live'), true);
  live.onerror = () => setStatus(t('Reconnecting…'), false);
}

start().catch((err) => setStatus(String(err), false));

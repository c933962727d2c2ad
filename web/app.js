// app.js: the console.  Signs in (staff by name and password, delegates by
// the one-time code of their card), then shows the screens the signed-in
// role may use, one per hash route (#/checkin), and refreshes the current
// one whenever the record grows.  Every screen is a module of js/.
import {
  t, loadStrings, chosenLang, browserLang, applyPrefs, api, setCsrf, setUnauthorized,
  h, note, errorText, debounce, live, word, LANGS, $,
} from './js/core.mjs';
import { signinScreen } from './js/signin.mjs';
import { setupScreen } from './js/setup.mjs';
import { rollScreen } from './js/roll.mjs';
import { checkinScreen } from './js/checkin.mjs';
import { quorumScreen } from './js/quorum.mjs';
import { agendaScreen } from './js/agenda.mjs';
import { resolutionsScreen } from './js/resolutions.mjs';
import { electionsScreen } from './js/elections.mjs';
import { entryScreen } from './js/entry.mjs';
import { scrutinyScreen } from './js/scrutiny.mjs';
import { scansScreen } from './js/scans.mjs';
import { resultsScreen } from './js/results.mjs';
import { voteScreen } from './js/vote.mjs';

// In the order of the navigation; each names the roles the contract
// (docs/api.md) lets use it, so nobody is shown a screen that answers 403.
const SCREENS = [
  checkinScreen, quorumScreen, agendaScreen, resolutionsScreen, electionsScreen,
  entryScreen, scrutinyScreen, scansScreen, resultsScreen, rollScreen, setupScreen, voteScreen,
];

const ctx = { session: null, assembly: null, lang: 'en' };
let current = null; // the mounted screen: {refresh, unmount}
let closeLive = null;

function setStatus(text, ok) {
  const s = $('#status');
  s.textContent = text;
  s.dataset.ok = ok ? 'true' : 'false';
}

async function setLang(lang) {
  ctx.lang = lang;
  await loadStrings(lang);
  $('#lang').value = lang;
}

function allowed(screen) {
  return ctx.session && screen.roles.includes(ctx.session.role);
}

function showHeader() {
  const s = ctx.session;
  $('#assembly').textContent = ctx.assembly?.name || 'Plenum';
  document.title = ctx.assembly ? `${ctx.assembly.name} · Plenum` : 'Plenum';
  const who = $('#who');
  who.hidden = !s;
  // A delegate's account is "member:ID": the member id says it better.
  if (s) who.textContent = `${s.role === 'delegate' && s.member ? s.member : s.name} · ${word(s.role)}`;
  $('#signout').hidden = !s;
  const nav = $('#nav');
  nav.replaceChildren();
  const screens = SCREENS.filter(allowed);
  nav.hidden = screens.length < 2;
  for (const sc of screens)
    nav.append(h('a', { href: `#/${sc.path}`, text: t(sc.title), dataset: { path: sc.path } }));
  if (s?.role === 'projector' || s?.role === 'chair' || s?.role === 'secretariat')
    nav.append(h('a', { href: 'projector.html', text: t('Projector') }));
}

function route() {
  const parts = location.hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  const screens = SCREENS.filter(allowed);
  let sc = screens.find((x) => x.path === parts[0]);
  if (!sc) {
    sc = screens[0];
    if (sc) { history.replaceState(null, '', `#/${sc.path}`); parts.length = 0; }
  }
  for (const a of document.querySelectorAll('#nav a'))
    a.toggleAttribute('aria-current', a.dataset.path === sc?.path);
  current?.unmount?.();
  current = null;
  const main = $('#main');
  main.replaceChildren();
  if (!sc) {
    main.append(h('p', t('There is nothing here for your role.')));
    return;
  }
  document.body.dataset.screen = sc.path;
  current = sc.mount(main, { ...ctx, params: parts.slice(1) }) || null;
}

// The live stream refreshes the current screen, at most every 150 ms.
const refreshSoon = (() => {
  let pending = new Set();
  let unknown = false;
  const run = debounce(() => {
    const types = unknown ? null : [...pending];
    pending = new Set();
    unknown = false;
    Promise.resolve(current?.refresh?.(types)).catch((err) => console.warn(err));
  }, 150);
  return (types) => {
    if (!types || !types.length) unknown = true;
    else types.forEach((x) => pending.add(x));
    run();
  };
})();

function startLive() {
  closeLive?.();
  closeLive = live(refreshSoon, (ok) => setStatus(ok ? t('Live') : t('Reconnecting…'), ok));
}

async function signedIn(session) {
  ctx.session = session;
  setCsrf(session.csrf);
  try {
    ctx.assembly = await api('GET', '/api/assembly');
  } catch (err) {
    ctx.assembly = null;
    note($('#banner'), errorText(err), 'bad');
  }
  if (!chosenLang() && ctx.assembly?.locale) await setLang(ctx.assembly.locale);
  // Back to the page that sent us here (the projector), if it is ours.
  const next = new URLSearchParams(location.search).get('next');
  if (next && /^[a-z]+\.html(\?[\w=&%.-]*)?$/.test(next)) {
    location.replace(next);
    return;
  }
  if (session.role === 'projector' && !location.hash) {
    location.replace('projector.html');
    return;
  }
  showHeader();
  startLive();
  route();
}

function signedOut(message) {
  ctx.session = null;
  ctx.assembly = null;
  setCsrf('');
  closeLive?.();
  closeLive = null;
  current?.unmount?.();
  current = null;
  showHeader();
  setStatus('', true);
  const main = $('#main');
  main.replaceChildren();
  document.body.dataset.screen = 'signin';
  signinScreen(main, { ...ctx, message, onSignedIn: signedIn });
}

function setupHeader() {
  const sel = $('#lang');
  for (const [code, name] of LANGS) sel.append(h('option', { value: code, text: name }));
  sel.addEventListener('change', async () => {
    localStorage.setItem('plenum.lang', sel.value);
    await setLang(sel.value);
    showHeader();
    if (ctx.session) route();
    else signedOut();
  });
  for (const id of ['large', 'contrast']) {
    const b = $(`#${id}`);
    const key = `plenum.${id}`;
    b.setAttribute('aria-pressed', String(localStorage.getItem(key) === '1'));
    b.addEventListener('click', () => {
      const on = localStorage.getItem(key) !== '1';
      localStorage.setItem(key, on ? '1' : '0');
      b.setAttribute('aria-pressed', String(on));
      applyPrefs();
    });
  }
  $('#signout').addEventListener('click', async () => {
    await api('POST', '/api/logout', {}).catch(() => {});
    signedOut();
  });
  window.addEventListener('hashchange', () => { if (ctx.session) route(); });
  // Several calls may meet the ended session at once: sign out once.
  setUnauthorized(() => { if (ctx.session) signedOut(t('Your session has ended. Please sign in again.')); });
}

async function start() {
  applyPrefs();
  setupHeader();
  await setLang(chosenLang() || browserLang());
  let session = null;
  try {
    session = await api('GET', '/api/session', undefined, { quiet401: true });
  } catch (err) {
    if (err.status !== 401) note($('#banner'), errorText(err), 'bad');
  }
  if (session) await signedIn(session);
  else signedOut();
}

start().catch((err) => note($('#banner'), String(err), 'bad'));

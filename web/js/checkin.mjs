// checkin.mjs: the check-in desk.  One field takes what a USB QR scanner
// types from the card ("PM1:ID" and Enter) or a name fragment; Enter checks
// in when exactly one member matches, else the matches are shown to click.
// Every answer is shown at once and the field is ready again: 2-3 seconds a
// delegate, no page loads.
import { t, tf, h, api, note, errorText, debounce } from './core.mjs';
import { showQuorum } from './quorum.mjs';

export const checkinScreen = {
  path: 'checkin',
  title: 'Check-in',
  roles: ['checkin', 'secretariat'],
  mount(main) {
    const quorum = h('section.quorum.line', { id: 'quorum', 'aria-live': 'polite' });
    const input = h('input#desk-input', {
      type: 'text', autocomplete: 'off', spellcheck: 'false', autofocus: true,
      placeholder: t('Scan the card, or type a name or id, then Enter'),
      'aria-label': t('Card code, name or id'),
    });
    const leaving = h('input', { type: 'checkbox', id: 'desk-leaving' });
    const out = h('p.msg.desk-msg#desk-msg', { role: 'status', 'aria-live': 'assertive', hidden: true });
    const matches = h('ul.matches#desk-matches');
    const recent = h('ol.recent#desk-recent');
    let seq = 0; // answers of older searches are dropped

    async function refreshQuorum() {
      try { showQuorum(quorum, await api('GET', '/api/quorum')); } catch { /* shown elsewhere */ }
    }

    function remember(m, present) {
      const time = new Date().toLocaleTimeString(document.documentElement.lang,
        { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
      const li = h('li', { dataset: { member: m.id, present: String(present) } },
        h('span.time', time), h('span.name', m.name), h('span.id', m.id),
        h('span.state', present ? t('checked in') : t('checked out')));
      if (present)
        li.append(h('button.small', { type: 'button', text: t('Check out'),
          onclick: () => record({ member: m.id }, false, m) }));
      recent.prepend(li);
      while (recent.children.length > 30) recent.lastChild.remove();
    }

    // body is {member} or {card}; known is the member when we know it.
    async function record(body, present, known) {
      try {
        const r = await api('POST', '/api/checkin', { ...body, present });
        const m = r.member || known || { id: body.member || body.card, name: '' };
        const v = { name: m.name, id: m.id };
        note(out, present ? tf('{name} ({id}) checked in.', v) : tf('{name} ({id}) checked out.', v), 'ok');
        remember(m, present);
        if (r.quorum) showQuorum(quorum, r.quorum);
      } catch (err) {
        const who = known ? `${known.name} (${known.id})` : (body.card || body.member);
        if (err.status === 409)
          note(out, `${present ? tf('Already present: {who}.', { who }) : tf('Not present: {who}.', { who })} ` +
            err.message, 'warn');
        else note(out, `${who}: ${errorText(err)}`, 'bad');
      }
      matches.replaceChildren();
      input.value = '';
      input.focus();
    }

    async function find(q) {
      const mine = ++seq;
      const r = await api('GET', `/api/members?limit=20&q=${encodeURIComponent(q)}`);
      return mine === seq ? r : null;
    }

    function showMatches(r, present) {
      matches.replaceChildren(...r.members.map((m) => h('li',
        h('button.match', { type: 'button', dataset: { member: m.id },
          onclick: () => record({ member: m.id }, present, m) },
        h('span.name', m.name), h('span.id', m.id), h('span.unit', m.unit || ''),
        h('span.state', m.present ? t('present') : t('absent')),
        m.exclusion ? h('span.excluded', t('excluded')) : null))));
      if (r.total > r.members.length)
        matches.append(h('li.muted', tf('{n} more: type more of the name.', { n: r.total - r.members.length })));
    }

    async function submit() {
      const v = input.value.trim();
      const present = !leaving.checked;
      if (!v) return;
      if (/^PM1:/i.test(v)) { await record({ card: v.replace(/^pm1:/i, 'PM1:') }, present); return; }
      try {
        const r = await find(v);
        if (!r) return;
        const exact = r.members.filter((m) => m.id === v);
        const one = exact.length === 1 ? exact[0] : r.members.length === 1 && r.total === 1 ? r.members[0] : null;
        if (one) { await record({ member: one.id }, present, one); return; }
        if (!r.members.length) note(out, tf('No member matches "{q}".', { q: v }), 'bad');
        else note(out, tf('{n} members match: choose one.', { n: r.total }), 'info');
        showMatches(r, present);
      } catch (err) { note(out, errorText(err), 'bad'); }
    }

    input.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter') { ev.preventDefault(); submit(); }
      if (ev.key === 'Escape') { input.value = ''; matches.replaceChildren(); }
    });
    // Matches as the name is typed (not for card codes: the scanner is fast).
    input.addEventListener('input', debounce(async () => {
      const v = input.value.trim();
      if (!v || /^PM1:?/i.test(v) || v.length < 1) { matches.replaceChildren(); return; }
      try {
        const r = await find(v);
        if (r && input.value.trim() === v) showMatches(r, !leaving.checked);
      } catch { /* Enter shows the error */ }
    }, 200));

    main.append(
      h('h2', t('Check-in desk')), quorum,
      h('div.desk', input, h('label.check', leaving, h('span', t('Record leaving (check out)')))),
      out, matches,
      h('h3', t('Last check-ins')), recent);
    refreshQuorum();
    input.focus();
    return { refresh: refreshQuorum };
  },
};

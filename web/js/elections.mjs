// elections.mjs: elections.  The secretariat creates an election and
// enters its candidate list in list order and checks it against the
// preset's rules; the chair opens rounds (a further round needs the
// presidium's decision) and may put the open round to the phones.  Each
// round shows ballots issued and returned and how its batches stand.
import { t, tf, h, api, form, table, note, errorText, word } from './core.mjs';
import { openPollForm, pollsPanel } from './polls.mjs';
import { resultView, reportButton } from './results.mjs';

export const openRound = (e) => {
  const r = e.rounds?.[e.rounds.length - 1];
  return r && r.state === 'open' ? r : null;
};

// A batch's status in words: lines per entry and whether they agree.
export function batchesView(round) {
  if (!round.batches?.length) return h('p.muted', t('No batches entered.'));
  return table([t('Batch'), t('Entry 1'), t('Entry 2'), t('Agree')],
    round.batches.map((b) => {
      const e = (n) => b.entries.find((x) => x.entry === n);
      const cell = (x) => (x ? tf('{lines} ballots by {teller}', { lines: x.lines, teller: x.teller }) : '—');
      return h('tr', { dataset: { batch: String(b.batch), agree: String(!!b.agree) } },
        h('td', String(b.batch)), h('td', cell(e(1))), h('td', cell(e(2))),
        h('td', b.agree ? t('yes') : t('no')));
    }), 'batches');
}

function roundsView(e) {
  if (!e.rounds?.length) return h('p.muted', t('No round opened yet.'));
  const names = new Map(e.candidates.map((c) => [c.id, c.name]));
  return h('div', e.rounds.map((r) => h('section.round', { dataset: { round: String(r.round), state: r.state } },
    h('h4', `${t('Round')} ${r.round} · ${word(r.state)}`),
    h('p', `${t('Should attend')} ${r.should_attend ?? '—'} · ${t('Present')} ${r.present ?? '—'} · ` +
      `${t('Ballots issued')} ${r.issued ?? '—'} · ${t('Ballots returned')} ${r.returned ?? '—'}`),
    h('p.muted', `${t('Candidates')}: ${(r.candidates || []).map((id) => names.get(id) ?? id).join(' · ')}`),
    batchesView(r),
    r.result ? resultView(r.result) : null)));
}

// Keeps a part whose content depends on a key: rebuilt only when the key
// changes, so a live refresh never wipes what someone is typing.
function keyed(el) {
  let key;
  return (k, build) => {
    if (k === key) return;
    key = k;
    el.replaceChildren(...[build()].flat().filter(Boolean));
  };
}

function detail(main, ctx, n) {
  const role = ctx.session.role;
  const msg = h('p.msg', { hidden: true, role: 'alert' });
  const head = h('div');
  const cands = h('div');
  const rounds = h('div#rounds');
  const control = h('div#round-control');
  const setControl = keyed(control);
  const polls = pollsPanel('election', ctx, msg, () => refresh());
  const check = h('pre.report#check-report', { hidden: true });
  const report = h('div');
  const setReport = keyed(report);

  const addForm = role === 'secretariat' && form([
    ['name', t('Name'), { required: true, autocomplete: 'off' }],
    ['member', t('Member id (if on the roll)'), { autocomplete: 'off' }],
    ['id', t('Candidate id (optional)'), { autocomplete: 'off' }],
  ], t('Add the candidate'), async (d, f) => {
    const b = { name: d.name.trim() };
    if (d.member.trim()) b.member = d.member.trim();
    if (d.id.trim()) b.id = d.id.trim();
    await api('POST', `/api/elections/${n}/candidates`, b);
    f.reset();
    await refresh();
    f.querySelector('[name=name]')?.focus();
    return tf('{name} added.', { name: b.name });
  }, { id: 'candidate-form' });
  const checkButton = role !== 'teller' && h('button', { type: 'button', id: 'check-list',
    text: t('Check the list'), onclick: async () => {
      try {
        const c = await api('GET', `/api/elections/${n}/check?locale=${encodeURIComponent(ctx.lang)}`);
        check.textContent = `${c.ok ? t('The list meets the rules.') : t('The list breaks a rule.')}\n\n${c.report}`;
        check.dataset.ok = String(!!c.ok);
      } catch (err) { check.textContent = errorText(err); }
      check.hidden = false;
    } });

  async function refresh() {
    let e;
    try { e = await api('GET', `/api/elections/${n}`); } catch (err) { note(msg, errorText(err), 'bad'); return; }
    const allPolls = (await polls.refresh()) || [];
    const open = openRound(e);
    head.replaceChildren(h('h3', `${e.n}. ${e.title}`),
      h('p', tf('{seats} seats', { seats: e.seats }) +
        (e.alternate_seats ? ` · ${tf('{n} alternates', { n: e.alternate_seats })}` : '')));
    cands.replaceChildren(e.candidates.length
      ? table([t('Id'), t('Name'), t('Member id')], e.candidates.map((c) => [c.id, c.name, c.member || '']), 'candidates')
      : h('p.muted', t('No candidates yet.')));
    rounds.replaceChildren(roundsView(e));
    if (role === 'chair') {
      const last = e.rounds?.[e.rounds.length - 1];
      const polling = allPolls.some((p) => p.state === 'open' && p.target === e.n);
      const k = open ? (polling ? 'polling' : `poll-${open.round}`) : last ? `further-${last.round}` : 'first';
      setControl(k, () => {
        if (open) return polling ? null : openPollForm({ election: e.n }, msg, refresh);
        return form(last ? [
          ['decision', t('Decision of the presidium (for a further round)'), { autocomplete: 'off' }],
          ['candidates', t('Who stands (candidate ids, optional)'), { autocomplete: 'off' }],
        ] : [], t('Open the round'), async (d) => {
          const b = {};
          if (d.decision?.trim()) b.decision = d.decision.trim();
          const ids = (d.candidates || '').split(/[\s,]+/).filter(Boolean);
          if (ids.length) b.candidates = ids;
          const r = await api('POST', `/api/elections/${n}/rounds`, b);
          note(msg, tf('Round {n} is open.', { n: r.round }), 'ok');
          await refresh();
          return '';
        }, { id: 'round-form' });
      });
    }
    const counted = e.rounds?.some((r) => r.result);
    setReport(String(counted), () => counted && reportButton(n, ctx.lang));
  }
  main.append(h('p', h('a', { href: '#/elections', text: `← ${t('All elections')}` })), msg, head,
    h('h4', t('Candidates')), cands, ...[addForm, checkButton].filter(Boolean), check,
    h('h4', t('Rounds')), rounds, control,
    h('h4', t('Phone votes')), polls.el, report);
  refresh();
  return { refresh };
}

export const electionsScreen = {
  path: 'elections',
  title: 'Elections',
  roles: ['chair', 'secretariat'],
  mount(main, ctx) {
    if (ctx.params[0]) return detail(main, ctx, +ctx.params[0]);
    const msg = h('p.msg', { hidden: true, role: 'alert' });
    const list = h('ul.elections#elections');
    async function refresh() {
      try {
        const es = await api('GET', '/api/elections');
        list.replaceChildren(...es.map((e) => h('li', { dataset: { n: String(e.n) } },
          h('a', { href: `#/elections/${e.n}`, text: `${e.n}. ${e.title}` }),
          h('span.muted', ` · ${tf('{seats} seats', { seats: e.seats })} · ${t('Round')} ${e.rounds || 0} · ${word(e.state)}`))));
        if (!es.length) list.append(h('li.muted', t('No elections yet.')));
      } catch (err) { note(msg, errorText(err), 'bad'); }
    }
    main.append(h('h2', t('Elections')), msg, list);
    if (ctx.session.role === 'secretariat')
      main.append(h('section.panel', h('h3', t('New election')), form([
        ['title', t('Title'), { required: true, autocomplete: 'off' }],
        ['seats', t('Seats'), { type: 'number', min: 1, required: true, value: '1', inputmode: 'numeric' }],
        ['alternate_seats', t('Alternate seats'), { type: 'number', min: 0, value: '0', inputmode: 'numeric' }],
      ], t('Create the election'), async (d) => {
        const b = { title: d.title.trim(), seats: +d.seats };
        if (+d.alternate_seats) b.alternate_seats = +d.alternate_seats;
        const r = await api('POST', '/api/elections', b);
        location.hash = `#/elections/${r.n}`;
        return '';
      }, { id: 'election-form' })));
    refresh();
    return { refresh };
  },
};

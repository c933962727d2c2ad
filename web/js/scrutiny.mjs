// scrutiny.mjs: the scrutineers' screen.  Record the ballots issued and
// returned (more returned than issued voids the round), follow the
// tellers' reconcile, read the tellers' report against the paper, sign.
import { t, tf, h, api, note, errorText } from './core.mjs';
import { batchesView, openRound } from './elections.mjs';
import { resultView } from './results.mjs';

export const scrutinyScreen = {
  path: 'scrutiny',
  title: 'Scrutineers',
  roles: ['scrutineer'],
  mount(main, ctx) {
    const msg = h('p.msg#scrutiny-msg', { hidden: true, role: 'status' });
    const election = h('select#scrutiny-election', { 'aria-label': t('Election') });
    const info = h('div#scrutiny-round');
    const reconcile = h('div#scrutiny-reconcile');
    const result = h('div#scrutiny-result');
    const report = h('pre.report#scrutiny-report', { hidden: true });
    let current = null;

    const countForm = (what, label) => {
      const input = h('input', { type: 'number', min: 0, name: 'count', inputmode: 'numeric', required: true });
      const f = h('form.form.inline', { id: `${what}-form` },
        h('label', h('span', label), input), h('button', { type: 'submit', text: t('Record') }));
      f.addEventListener('submit', async (ev) => {
        ev.preventDefault();
        if (!current || input.value === '') return;
        try {
          await api('POST', `/api/elections/${current.e.n}/${what}`, { count: +input.value });
          note(msg, tf('{what}: {n} recorded.', { what: label, n: input.value }), 'ok');
          input.value = '';
          await load();
        } catch (err) { note(msg, errorText(err), 'bad'); }
      });
      return f;
    };

    const signButton = h('button#sign-button', { type: 'button', text: t('Sign the report'),
      onclick: async () => {
        if (!current) return;
        try {
          const r = await api('POST', `/api/elections/${current.e.n}/sign`, {});
          note(msg, r.signed ? t('Signed. Every scrutineer has signed.') : t('Signed. Waiting for the other scrutineers.'), 'ok');
          await load();
        } catch (err) { note(msg, errorText(err), 'bad'); }
      } });
    const reportButton = h('button#report-button', { type: 'button', text: t('Show the tellers\' report'),
      onclick: () => showReport() });

    async function showReport() {
      if (!current) return;
      try {
        const q = new URLSearchParams({ locale: ctx.lang });
        if (current.round) q.set('round', current.round.round);
        report.textContent = await api('GET', `/api/elections/${current.e.n}/report?${q}`);
      } catch (err) { report.textContent = errorText(err); }
      report.hidden = false;
    }

    async function load() {
      const n = +election.value;
      if (!n) return;
      try {
        const e = await api('GET', `/api/elections/${n}`);
        const round = openRound(e) || e.rounds?.[e.rounds.length - 1] || null;
        current = { e, round };
        info.replaceChildren(round
          ? h('div', h('p', { id: 'scrutiny-counts' },
            `${t('Round')} ${round.round} · ${t('Should attend')} ${round.should_attend ?? '—'} · ` +
            `${t('Present')} ${round.present ?? '—'} · ${t('Ballots issued')} ${round.issued ?? '—'} · ` +
            `${t('Ballots returned')} ${round.returned ?? '—'}`),
          round.issued != null && round.returned != null && round.returned > round.issued
            ? h('p.msg', { dataset: { kind: 'bad' } }, t('More ballots returned than issued: the round is void and must be held again.'))
            : null,
          batchesView(round))
          : h('p.muted', t('No round opened yet.')));
        if (round) {
          const r = await api('GET', `/api/elections/${n}/reconcile`).catch(() => ({ differences: 0, report: '' }));
          reconcile.replaceChildren(h('p', r.differences ? tf('{n} differences between the entries.', { n: r.differences })
            : t('The entries agree.')), h('pre.report', r.report || ''));
        } else reconcile.replaceChildren();
        result.replaceChildren(round?.result ? resultView(round.result) : h('p.muted', t('Not counted yet.')));
        if (round?.result && !report.hidden) await showReport();
      } catch (err) { note(msg, errorText(err), 'bad'); }
    }

    async function refresh() {
      try {
        const es = await api('GET', '/api/elections');
        const chosen = election.value;
        election.replaceChildren(...es.map((e) => h('option', { value: String(e.n), text: `${e.n}. ${e.title}` })));
        const pick = es.find((e) => String(e.n) === chosen) || es.find((e) => e.state === 'open') || es[es.length - 1];
        if (pick) election.value = String(pick.n);
        await load();
      } catch (err) { note(msg, errorText(err), 'bad'); }
    }
    election.addEventListener('change', load);

    main.append(h('h2', t('Scrutineers')), msg,
      h('label.pick', h('span', t('Election')), election), info,
      h('section.panel', h('h3', t('Ballots')),
        countForm('issued', t('Ballots issued')), countForm('returned', t('Ballots returned'))),
      h('section.panel', h('h3', t('Reconcile')), reconcile),
      h('section.panel', h('h3', t('Result')), result, reportButton, report, signButton));
    refresh();
    return { refresh: (types) => (!types || types.some((x) => x.startsWith('election'))) && load() };
  },
};

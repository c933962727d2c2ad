// results.mjs: results and reports.  Each election's latest counted round
// (the plenum-result/1 object: base, votes needed, each candidate's counts
// and decision, the elected in the body's order, alternates, what is still
// pending and why), the tellers' report in the chosen language, and the
// resolutions' outcomes.
import { t, tf, h, api, table, note, errorText, word } from './core.mjs';
import { resolutionOutcome } from './resolutions.mjs';

const names = (r, ids) => {
  const byId = new Map((r.candidates || []).map((c) => [c.id, c.name]));
  return (ids || []).map((id) => byId.get(id) ?? id);
};

// brief: only the outcome and the counts (the delegate's phone).
export function resultView(r, { brief = false } = {}) {
  if (!r) return h('p.muted', t('No result yet'));
  const th = r.threshold || {};
  const b = r.ballots || {};
  const facts = [
    // "elected" is also how a decided motion's round ends
    [t('Status'), word(r.motion && r.status === 'elected' ? 'decided' : r.status)],
    [t('Ballots issued'), b.issued], [t('Ballots returned'), b.returned],
    [t('Valid'), b.valid], [t('Invalid'), b.invalid],
    [t('Base'), th.base], [t('Votes needed'), th.votes_needed],
  ].filter(([, v]) => v !== undefined && v !== null);
  const out = h('div.result', { dataset: { status: r.status || '' } },
    brief ? null : h('dl.facts', facts.map(([k, v]) => h('div', h('dt', k), h('dd', String(v))))));
  if (r.motion) {
    out.append(h('p.outcome', h('strong', r.motion.adopted ? t('adopted') : t('not adopted')),
      ` · ${t('For')} ${r.motion.yes} · ${t('Oppose')} ${r.motion.no} · ${t('Abstain')} ${r.motion.abstain}`));
  }
  if (r.candidates?.length) {
    out.append(table([t('Candidate'), t('For'), t('Against'), t('Abstain'), t('Decision')],
      r.candidates.map((c) => h('tr', { dataset: { id: c.id, decision: c.decision || '' },
        class: c.elected ? 'is-elected' : c.alternate ? 'is-alternate' : '' },
      h('td', c.name), h('td.num', String(c.yes)), h('td.num', String(c.no)),
      h('td.num', String(c.abstain)), h('td', word(c.decision || (c.elected ? 'elected' : ''))))),
      'result-table'));
  }
  if (r.elected?.length)
    out.append(h('h4', t('Elected')), h('ol.elected-list', names(r, r.elected).map((n) => h('li', n))));
  if (r.alternates?.length)
    out.append(h('h4', t('Alternates')), h('ol.alternates-list', names(r, r.alternates).map((n) => h('li', n))));
  if (r.pending)
    out.append(h('p.pending', h('strong', `${t('Pending')}: `),
      tf('{seats} seats open ({reason}); may stand: {names}', {
        seats: r.pending.seats, reason: word(r.pending.reason),
        names: names(r, r.pending.candidates).join(' · '),
      })));
  if (brief) return out;
  if (r.notes?.length) out.append(h('ul.notes', r.notes.map((n) => h('li', n))));
  if (r.next) out.append(h('p.next', r.next));
  return out;
}

// A button that shows the tellers' report of election n in lang.
export function reportButton(n, lang, round) {
  const pre = h('pre.report', { hidden: true });
  const b = h('button', { type: 'button', text: t('Show the tellers\' report'), onclick: async () => {
    try {
      const q = new URLSearchParams({ locale: lang });
      if (round) q.set('round', round);
      pre.textContent = await api('GET', `/api/elections/${n}/report?${q}`);
    } catch (err) { pre.textContent = errorText(err); }
    pre.hidden = false;
  } });
  return h('div.report-box', b, pre);
}

export const resultsScreen = {
  path: 'results',
  title: 'Results',
  roles: ['chair', 'secretariat', 'checkin', 'teller', 'scrutineer', 'projector'],
  mount(main, ctx) {
    const msg = h('p.msg', { hidden: true, role: 'alert' });
    const els = h('div#results-elections');
    const res = h('ol.resolutions#results-resolutions');
    async function refresh() {
      try {
        const [es, rs] = await Promise.all([api('GET', '/api/elections'), api('GET', '/api/resolutions')]);
        els.replaceChildren(...es.map((e) => h('section.panel.election-result', { dataset: { n: String(e.n) } },
          h('h3', `${e.n}. ${e.title}`),
          h('p.muted', `${tf('{seats} seats', { seats: e.seats })}` +
            (e.alternate_seats ? ` · ${tf('{n} alternates', { n: e.alternate_seats })}` : '') +
            ` · ${t('Round')} ${e.rounds || 0} · ${word(e.state)}`),
          resultView(e.result), e.result ? reportButton(e.n, ctx.lang) : null)));
        if (!es.length) els.append(h('p.muted', t('No elections yet.')));
        res.replaceChildren(...rs.map((r) => h('li', { dataset: { n: String(r.n) } },
          h('span.question', `${r.n}. ${r.question}`), ' ', resolutionOutcome(r))));
        if (!rs.length) res.append(h('li.muted', t('No resolutions yet.')));
      } catch (err) { note(msg, errorText(err), 'bad'); }
    }
    main.append(h('h2', t('Results')), msg, h('h3', t('Elections')), els, h('h3', t('Resolutions')), res);
    refresh();
    return { refresh };
  },
};

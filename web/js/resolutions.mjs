// resolutions.mjs: resolutions.  The chair or the secretariat puts a
// question, then records how the hall decided it (hands or paper ballot)
// or opens a vote on the delegates' phones and closes it.
import { t, h, api, form, note, errorText, word } from './core.mjs';
import { openPollForm, pollsPanel } from './polls.mjs';

// The outcome line of a decided resolution.
export function resolutionOutcome(r) {
  if (!r.decided) return h('span.badge', t('not decided'));
  const res = typeof r.result === 'string' ? r.result : '';
  return h('span.outcome', { dataset: { adopted: String(!!r.adopted) } },
    h('strong', r.adopted ? t('adopted') : t('not adopted')), ' · ',
    `${t('For')} ${r.yes} · ${t('Oppose')} ${r.no} · ${t('Abstain')} ${r.abstain}`,
    r.method ? ` · ${word(r.method)}` : '', res && res !== 'adopted' && res !== 'rejected' ? ` · ${res}` : '');
}

function decideForm(r, after) {
  const f = form([
    ['method', t('Method'), { options: [['hands', t('show of hands')], ['ballot', t('ballot')]] }],
    ['yes', t('For'), { type: 'number', min: 0, required: true, inputmode: 'numeric' }],
    ['no', t('Oppose'), { type: 'number', min: 0, required: true, inputmode: 'numeric' }],
    ['abstain', t('Abstain'), { type: 'number', min: 0, required: true, inputmode: 'numeric' }],
    ['invalid', t('Invalid ballots'), { type: 'number', min: 0, inputmode: 'numeric' }],
    ['issued', t('Ballots issued'), { type: 'number', min: 0, inputmode: 'numeric' }],
  ], t('Record the decision'), async (d) => {
    const body = { method: d.method, yes: +d.yes || 0, no: +d.no || 0, abstain: +d.abstain || 0 };
    if (d.method === 'ballot') {
      if (d.invalid !== '') body.invalid = +d.invalid;
      if (d.issued !== '') body.issued = +d.issued;
    }
    const res = await api('POST', `/api/resolutions/${r.n}/decide`, body);
    await after();
    return res.adopted ? t('adopted') : t('not adopted');
  }, { class: 'decide', dataset: { n: String(r.n) } });
  // The ballot-only fields are shown only for a ballot.
  const method = f.querySelector('[name=method]');
  const ballotOnly = ['invalid', 'issued'].map((n) => f.querySelector(`[name=${n}]`).parentElement);
  const sync = () => ballotOnly.forEach((l) => { l.hidden = method.value !== 'ballot'; });
  method.addEventListener('change', sync);
  sync();
  return f;
}

export const resolutionsScreen = {
  path: 'resolutions',
  title: 'Resolutions',
  roles: ['chair', 'secretariat'],
  mount(main, ctx) {
    const msg = h('p.msg', { hidden: true, role: 'alert' });
    const list = h('ol.resolutions#resolutions');
    const polls = pollsPanel('resolution', ctx, msg, () => refresh());
    const chair = ctx.session.role === 'chair';
    const items = h('select', { name: 'item' });

    // One entry per resolution, kept across refreshes: its controls are
    // rebuilt only when its state changes, never under someone typing.
    const entries = new Map();
    async function refresh() {
      try {
        const [rs, agenda] = await Promise.all([api('GET', '/api/resolutions'), api('GET', '/api/agenda')]);
        const open = await polls.refresh() || [];
        const chosen = items.value;
        items.replaceChildren(h('option', { value: '', text: t('(none)') }),
          ...agenda.map((i) => h('option', { value: String(i.n), text: `${i.n}. ${i.title}` })));
        items.value = chosen;
        const lis = rs.map((r) => {
          let e = entries.get(r.n);
          if (!e) {
            e = { outcome: h('div'), controls: h('div'), key: null };
            e.li = h('li.resolution', { dataset: { n: String(r.n) } },
              h('div.head', h('strong', `${r.n}. `), h('span.question', r.question),
                r.item ? h('span.muted', ` · ${t('Agenda item')} ${r.item}`) : null),
              e.outcome, e.controls);
            entries.set(r.n, e);
          }
          e.li.dataset.decided = String(!!r.decided);
          e.outcome.replaceChildren(resolutionOutcome(r));
          const polling = open.some((p) => p.target === r.n && p.state === 'open');
          const key = r.decided ? 'decided' : polling ? 'polling' : 'open';
          if (key !== e.key) {
            e.key = key;
            e.controls.replaceChildren();
            if (key === 'open') {
              e.controls.append(h('details.decide-box', h('summary', t('Record a decision')), decideForm(r, refresh)));
              if (chair) e.controls.append(openPollForm({ resolution: r.n }, msg, refresh));
            }
          }
          return e.li;
        });
        list.replaceChildren(...lis);
        if (!rs.length) list.append(h('li.muted', t('No resolutions yet.')));
      } catch (err) { note(msg, errorText(err), 'bad'); }
    }

    const addForm = form([
      ['question', t('Question'), { required: true, autocomplete: 'off' }],
    ], t('Add the resolution'), async (d, f) => {
      const body = { question: d.question.trim() };
      if (items.value) body.item = +items.value;
      const r = await api('POST', '/api/resolutions', body);
      f.reset();
      await refresh();
      return `${t('Added as resolution')} ${r.n}.`;
    }, { id: 'resolution-form' });
    addForm.insertBefore(h('label', h('span', t('Agenda item')), items), addForm.querySelector('button'));

    main.append(h('h2', t('Resolutions')), msg, list,
      h('section.panel', h('h3', t('Phone votes')), polls.el),
      h('section.panel', h('h3', t('Put a resolution')), addForm));
    refresh();
    return { refresh };
  },
};

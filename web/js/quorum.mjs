// quorum.mjs: the live quorum, as a line (the check-in desk keeps it in
// sight) and as the large dashboard.
import { t, h, api, note } from './core.mjs';

// Fills el with should attend / present / required / met.
export function showQuorum(el, q) {
  el.dataset.met = String(!!q.met);
  el.dataset.applies = String(!!q.applies);
  const cell = (label, value, cls) => h(`div.${cls}`, h('dt', label), h('dd', String(value)));
  el.replaceChildren(
    h('dl',
      cell(t('Should attend'), q.should_attend, 'should'),
      cell(t('Present'), q.present, 'present'),
      cell(t('Needed for a quorum'), q.applies ? q.required : '—', 'required')),
    h('p.verdict', q.applies ? t(q.met ? 'met' : 'not met') : t('no quorum set by the rules')));
}

export const quorumScreen = {
  path: 'quorum',
  title: 'Quorum',
  roles: ['chair', 'secretariat', 'checkin', 'teller', 'scrutineer', 'projector'],
  mount(main) {
    const box = h('section.quorum.big', { id: 'quorum', 'aria-live': 'polite' });
    const more = h('p.muted');
    const msg = h('p.msg', { hidden: true });
    const refresh = async () => {
      try {
        const q = await api('GET', '/api/quorum');
        showQuorum(box, q);
        more.textContent = `${t('Members')} ${q.members} · ${t('Voting members')} ${q.voting} · ` +
          `${t('Excluded')} ${q.excluded}`;
      } catch (err) { note(msg, err.message, 'bad'); }
    };
    main.append(h('h2', t('Quorum')), msg, box, more);
    refresh();
    return { refresh };
  },
};

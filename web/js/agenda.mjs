// agenda.mjs: the agenda.  The secretariat adds items; the chair (and the
// secretariat) moves through them: the current one is on the projector.
import { t, h, api, form, note, errorText, word } from './core.mjs';

const STATES = ['pending', 'current', 'done', 'skipped'];
const ACTIONS = { current: 'Make current', done: 'Mark done', skipped: 'Skip', pending: 'Back to pending' };

export const agendaScreen = {
  path: 'agenda',
  title: 'Agenda',
  roles: ['chair', 'secretariat', 'checkin', 'teller', 'scrutineer', 'projector'],
  mount(main, ctx) {
    const role = ctx.session.role;
    const canState = role === 'chair' || role === 'secretariat';
    const list = h('ol.agenda-list#agenda-list');
    const msg = h('p.msg', { hidden: true, role: 'alert' });

    async function refresh() {
      try {
        const items = await api('GET', '/api/agenda');
        list.replaceChildren(...items.map((i) => h('li', { dataset: { state: i.state, n: String(i.n) } },
          h('span.n', `${i.n}.`), h('span.title', i.title), h('span.badge', word(i.state)),
          canState ? h('span.actions', STATES.filter((s) => s !== i.state).map((s) =>
            h('button.small', { type: 'button', text: t(ACTIONS[s]), dataset: { state: s },
              onclick: async () => {
                try { await api('POST', `/api/agenda/${i.n}/state`, { state: s }); note(msg, ''); await refresh(); }
                catch (err) { note(msg, errorText(err), 'bad'); }
              } }))) : null)));
        if (!items.length) list.append(h('li.muted', t('The agenda is empty.')));
      } catch (err) { note(msg, errorText(err), 'bad'); }
    }

    main.append(h('h2', t('Agenda')), msg, list);
    if (role === 'secretariat')
      main.append(h('section.panel', h('h3', t('Add an item')),
        form([['title', t('Title'), { required: true, autocomplete: 'off' }]], t('Add'),
          async (d, f) => {
            const r = await api('POST', '/api/agenda', { title: d.title.trim() });
            f.reset();
            await refresh();
            return `${t('Added as item')} ${r.n}.`;
          }, { id: 'agenda-form' })));
    refresh();
    return { refresh };
  },
};

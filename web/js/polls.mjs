// polls.mjs: votes on the delegates' phones, as the chair runs them:
// open a poll (secret or named) on a resolution or an election's open
// round, watch voted / eligible (and, named, who has not voted), close.
import { t, tf, h, api, note, errorText, word } from './core.mjs';

// The form that opens a poll on {resolution: n} or {election: n}.
export function openPollForm(target, msg, after) {
  const mode = h('select', { name: 'mode', 'aria-label': t('Mode') },
    h('option', { value: 'secret', text: t('secret') }), h('option', { value: 'named', text: t('named') }));
  const f = h('form.form.inline.open-poll', {},
    h('label', h('span', t('Phone vote')), mode),
    h('button', { type: 'submit', text: t('Open phone vote') }));
  f.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      const r = await api('POST', '/api/polls', { ...target, mode: mode.value });
      note(msg, tf('Poll {n} is open.', { n: r.poll }), 'ok');
      await after?.();
    } catch (err) { note(msg, errorText(err), 'bad'); }
  });
  return f;
}

export function progress(p) {
  return h('div.progress',
    h('progress', { max: Math.max(p.eligible, 1), value: p.voted }),
    h('span.count', tf('{voted} of {eligible} have voted', { voted: p.voted, eligible: p.eligible })));
}

// A list of the polls of kind ('resolution' or 'election').
export function pollsPanel(kind, ctx, msg, after) {
  const el = h('div.polls', { dataset: { kind } });
  const chair = ctx.session.role === 'chair';
  const mayDetail = chair || ctx.session.role === 'secretariat';
  const unfolded = new Set(); // the lists of who has not voted left open
  async function refresh() {
    let polls;
    try { polls = (await api('GET', '/api/polls')).filter((p) => p.kind === kind); }
    catch (err) { note(msg, errorText(err), 'bad'); return; }
    const rows = [];
    for (const p of polls) {
      const li = h('li.poll', { dataset: { poll: String(p.poll), state: p.state } },
        h('div.head', h('strong', `${t('Poll')} ${p.poll}`), ' ', h('span', p.title || ''),
          ' ', h('span.badge', word(p.state)), ' ', h('span.badge', word(p.mode))),
        progress(p));
      if (p.state === 'open' && mayDetail && p.mode === 'named') {
        try {
          const d = await api('GET', `/api/polls/${p.poll}`);
          if (d.not_voted?.length) {
            const det = h('details.not-voted', { open: unfolded.has(p.poll) },
              h('summary', tf('{n} have not voted', { n: d.not_voted.length })),
              h('ul', d.not_voted.map((m) => h('li', `${m.name} (${m.id})`))));
            det.addEventListener('toggle', () => (det.open ? unfolded.add(p.poll) : unfolded.delete(p.poll)));
            li.append(det);
          }
        } catch { /* progress is enough */ }
      }
      if (p.state === 'open' && chair)
        li.append(h('button.close-poll', { type: 'button', text: t('Close the poll'), onclick: async (ev) => {
          ev.target.disabled = true;
          try {
            const r = await api('POST', `/api/polls/${p.poll}/close`, {});
            note(msg, tf('Poll {n} closed: {voted} votes.', { n: r.poll, voted: r.voted }), 'ok');
            await after?.();
          } catch (err) { note(msg, errorText(err), 'bad'); ev.target.disabled = false; }
        } }));
      rows.push(li);
    }
    el.replaceChildren(rows.length ? h('ul.poll-list', rows) : h('p.muted', t('No phone votes yet.')));
    return polls;
  }
  return { el, refresh };
}

// entry.mjs: tellers' ballot entry.  One ballot per line, one mark per
// candidate in list order (Y for, N against, A abstain, - no mark; on a
// strike-out ballot Y kept, N struck), under the candidates' names as
// column heads, checked as it is typed.  Each batch is typed twice, by two
// tellers; the reconcile report names the ballots where the entries
// differ, to re-read on paper before the count.
import { t, tf, h, api, note, errorText } from './core.mjs';
import { batchesView, openRound } from './elections.mjs';
import { resultView } from './results.mjs';

const MARKS = /^[YNAB?-]*$/;

// Checks the lines against n marks each; answers {ballots, errors}.
export function checkLines(text, n) {
  const lines = text.split('\n');
  while (lines.length && lines[lines.length - 1].trim() === '') lines.pop();
  const errors = [];
  lines.forEach((line, i) => {
    const marks = [...line.split('\t')[0].replace(/\r$/, '')];
    if (!marks.length) errors.push(tf('Line {line}: empty; every ballot has marks.', { line: i + 1 }));
    else if (!MARKS.test(marks.join('')))
      errors.push(tf('Line {line}: "{mark}" is not a mark (Y N A - B ?).',
        { line: i + 1, mark: marks.find((c) => !/[YNAB?-]/.test(c)) }));
    else if (marks.length !== n)
      errors.push(tf('Line {line}: {got} marks, {n} expected.', { line: i + 1, got: marks.length, n }));
  });
  return { lines, errors };
}

export const entryScreen = {
  path: 'entry',
  title: 'Ballot entry',
  roles: ['teller'],
  mount(main, ctx) {
    const msg = h('p.msg#entry-msg', { hidden: true, role: 'status' });
    const election = h('select#entry-election', { 'aria-label': t('Election') });
    const batch = h('input#entry-batch', { type: 'number', min: 1, value: '1', inputmode: 'numeric' });
    const entry = h('select#entry-entry', {},
      h('option', { value: '1', text: t('Entry 1') }), h('option', { value: '2', text: t('Entry 2') }));
    const roundInfo = h('p.muted#entry-round');
    const cols = h('div.ballot-cols#ballot-cols', { 'aria-hidden': 'true' });
    const legend = h('ol.legend#ballot-legend');
    const area = h('textarea.ballot-lines#ballot-lines', {
      rows: 12, spellcheck: 'false', autocomplete: 'off', autocapitalize: 'characters',
      'aria-label': t('Ballot lines, one per ballot'),
    });
    const status = h('p.line-status#line-status', { 'aria-live': 'polite' });
    const errs = h('ul.line-errors#line-errors');
    const submit = h('button#entry-submit', { type: 'button', text: t('Submit the batch') });
    const batches = h('div#entry-batches');
    const reconcile = h('div#reconcile');
    const countOut = h('div#count-result');
    let current = null; // {e, round}

    function validate() {
      const n = current?.round?.candidates?.length || 0;
      const { lines, errors } = checkLines(area.value, n);
      // Where the cursor is: which ballot, and how many marks so far.
      const before = area.value.slice(0, area.selectionStart).split('\n');
      const caretLine = before.length;
      const typed = [...(before[before.length - 1] || '').split('\t')[0]].length;
      const mark = Math.min(typed + 1, n);
      // The column under the cursor is lit, its name said.
      [...cols.children].forEach((c, i) => c.toggleAttribute('data-current', i === mark - 1));
      const name = cols.children[mark - 1]?.title;
      status.textContent = tf('{ballots} ballots · {errors} errors · line {line}: mark {mark} of {n}',
        { ballots: lines.length, errors: errors.length, line: caretLine, mark, n }) + (name ? ` · ${name}` : '');
      status.dataset.kind = errors.length ? 'bad' : 'ok';
      errs.replaceChildren(...errors.slice(0, 20).map((x) => h('li', x)));
      submit.disabled = !current?.round || !lines.length || errors.length > 0;
      return { lines, errors };
    }

    // Lowercase marks become capitals as they are typed; the caret stays.
    area.addEventListener('input', () => {
      const up = area.value.replace(/[yna]/g, (c) => c.toUpperCase());
      if (up !== area.value) {
        const [s, e] = [area.selectionStart, area.selectionEnd];
        area.value = up;
        area.setSelectionRange(s, e);
      }
      validate();
    });
    area.addEventListener('keyup', validate);
    area.addEventListener('focus', validate);
    area.addEventListener('click', validate);

    submit.addEventListener('click', async () => {
      const { lines, errors } = validate();
      if (errors.length || !current) return;
      submit.disabled = true;
      reconcile.replaceChildren(); // the old report no longer holds
      try {
        const r = await api('POST', `/api/elections/${current.e.n}/batches/${+batch.value}/${entry.value}`,
          { lines: lines.join('\n') });
        note(msg, tf('Batch {batch}, entry {entry}: {lines} ballots recorded.',
          { batch: batch.value, entry: entry.value, lines: r.lines ?? lines.length }), 'ok');
        area.value = '';
        await load();
      } catch (err) {
        note(msg, errorText(err), 'bad');
      }
      validate();
    });

    const reconcileButton = h('button#reconcile-button', { type: 'button', text: t('Reconcile the entries'),
      onclick: () => showReconcile() });
    const countButton = h('button#count-button', { type: 'button', text: t('Count the round'),
      onclick: async () => {
        if (!current) return;
        countButton.disabled = true;
        try {
          const r = await api('POST', `/api/elections/${current.e.n}/count`, {});
          note(msg, t('The round is counted.'), 'ok');
          countOut.replaceChildren(resultView(r.result));
          await load();
        } catch (err) { note(msg, errorText(err), 'bad'); }
        countButton.disabled = false;
      } });

    async function showReconcile() {
      if (!current) return;
      try {
        const r = await api('GET', `/api/elections/${current.e.n}/reconcile`);
        const d = typeof r.differences === 'number' ? r.differences : (r.differences?.length || 0);
        // Nothing entered yet: nothing to say.
        if (!d && !r.report && !current.round?.batches?.length) { reconcile.replaceChildren(); return; }
        reconcile.replaceChildren(
          h('p.msg', { dataset: { kind: d ? 'warn' : 'ok' }, id: 'reconcile-verdict' },
            d ? tf('{n} differences or missing entries: re-read the ballots listed below on paper, and correct the entry that is wrong.', { n: d })
              : t('The entries agree.')),
          h('pre.report#reconcile-report', r.report || ''));
      } catch (err) {
        // A round with nothing entered may have nothing to reconcile.
        reconcile.replaceChildren(err.status === 409 ? '' : h('p.msg', { dataset: { kind: 'bad' } }, errorText(err)));
      }
    }

    function showColumns() {
      const r = current?.round;
      const byId = new Map((current?.e.candidates || []).map((c) => [c.id, c.name]));
      const ids = r?.candidates || [];
      cols.replaceChildren(...ids.map((id, i) => h('span.col', { title: byId.get(id) ?? id },
        h('span.cname', byId.get(id) ?? id), h('span.num', String((i + 1) % 10)))));
      legend.replaceChildren(...ids.map((id) => h('li', byId.get(id) ?? id)));
      roundInfo.textContent = r
        ? `${t('Round')} ${r.round} · ${tf('{n} candidates: {n} marks per ballot', { n: ids.length })} · ` +
          `${t('Ballots issued')} ${r.issued ?? '—'} · ${t('Ballots returned')} ${r.returned ?? '—'}`
        : t('No round is open for entry.');
      batches.replaceChildren(r ? batchesView(r) : '');
    }

    async function load() {
      const n = +election.value;
      if (!n) return;
      try {
        const e = await api('GET', `/api/elections/${n}`);
        const round = openRound(e) || e.rounds?.[e.rounds.length - 1] || null;
        current = { e, round };
        showColumns();
        validate();
        if (round) await showReconcile();
        else reconcile.replaceChildren();
      } catch (err) { note(msg, errorText(err), 'bad'); }
    }

    async function refresh() {
      try {
        const es = await api('GET', '/api/elections');
        const chosen = election.value;
        election.replaceChildren(...es.map((e) => h('option', { value: String(e.n), text: `${e.n}. ${e.title}` })));
        // Keep the teller's choice; else the first election still open.
        const pick = es.find((e) => String(e.n) === chosen) || es.find((e) => e.state === 'open') || es[es.length - 1];
        if (pick) election.value = String(pick.n);
        await load();
      } catch (err) { note(msg, errorText(err), 'bad'); }
    }
    election.addEventListener('change', load);

    main.append(h('h2', t('Ballot entry')), msg,
      h('div.entry-choice',
        h('label', h('span', t('Election')), election),
        h('label', h('span', t('Batch')), batch),
        h('label', h('span', t('Entry')), entry)),
      roundInfo,
      h('p.muted.hint', t('One ballot per line: Y for, N against, A abstain, - no mark (strike-out ballots: Y kept, N struck). Enter ends the ballot.')),
      h('div.ballot-grid', cols, area), status, errs, submit,
      h('details.legend-box', h('summary', t('Candidates in column order')), legend),
      h('h3', t('Batches')), batches,
      h('h3', t('Reconcile')), reconcileButton, reconcile,
      h('h3', t('Count')), countButton, countOut);
    refresh();
    return {
      // Entries by the other teller change the reconcile report.
      refresh: (types) => (!types || types.some((x) => x.startsWith('election'))) && load(),
    };
  },
};

// scans.mjs: scanned paper ballots and their adjudication queue.  Ballots
// are read at the scanner station (plenum scan read); those read with
// confidence are accepted, the others wait here.  For each waiting ballot
// the page images (click to zoom), why the scanner stopped, and a row per
// candidate with the mark it read, the unclear ones lit.  A teller decides
// (a mark per candidate, the names written in) or says the sheet is not a
// ballot; a scrutineer who is not that teller confirms; a teller enters
// the accepted ballots into the round as a batch.  Below, every ballot
// scanned, with its state, line and source, to look at.
import { t, tf, h, api, note, errorText, word } from './core.mjs';

// The marks a ballot line allows, by the ballot's form (lib/count.c).
const ALPHABETS = { per_candidate: 'YNA-B?', strike_out: 'YN?', approval: 'Y-B?' };
const MARK_WORDS = { Y: 'For', N: 'Against', A: 'Abstain', '-': 'No mark', B: 'Two marks', '?': 'Unclear' };
const STRIKE_WORDS = { Y: 'Keep', N: 'Strike out', '?': 'Unclear' };
const markWord = (form, m) => t((form === 'strike_out' ? STRIKE_WORDS : MARK_WORDS)[m] ?? m);

const STATE_WORDS = {
  accepted: 'accepted', waiting: 'waiting for a teller', decided: 'waiting for a scrutineer',
  confirmed: 'confirmed', rejected: 'not a ballot', entered: 'entered',
};
const stateWord = (s) => t(STATE_WORDS[s] ?? s);
// The counts of GET /scans, in the order a teller reads them.
const COUNTS = [
  ['scanned', 'Scanned'], ['accepted', 'Accepted'], ['waiting', 'Waiting for a teller'],
  ['decided', 'Waiting for a scrutineer'], ['confirmed', 'Confirmed'], ['rejected', 'Not ballots'],
  ['entered', 'Entered'],
];

// A ballot line split: its marks, its names written in, its other fields.
export function parseLine(line) {
  const [marks = '', ...fields] = String(line ?? '').split('\t');
  const writeins = [];
  const extras = [];
  for (const f of fields) {
    const m = /^w:([Y-]):(.*)$/.exec(f);
    if (m) writeins.push({ mark: m[1], name: m[2] === '?' ? '' : m[2] });
    else if (f !== '') extras.push(f);
  }
  return { marks: [...marks], writeins, extras };
}

const shownLine = (line) => String(line ?? '').split('\t').join(' · ');

// What the scanner read of each layout row of the ballot: row → {char,
// review, confidence}.  Rows are the list's candidates, then the lines for
// names written in; a reading's marks name their rows.
function readRows(b) {
  const rows = new Map();
  let offset = 0;
  for (const p of b.pages || []) {
    const r = p.reading;
    if (!r || typeof r.line !== 'string') continue;
    const marks = r.marks || [];
    const first = marks.length ? Math.min(...marks.map((m) => m.row)) : offset;
    [...r.line].forEach((c, i) => rows.set(first + i, { char: c, review: false, confidence: 1, boxes: 0 }));
    for (const m of marks) {
      const x = rows.get(m.row);
      if (!x) continue;
      x.boxes++;
      x.review ||= !!m.review;
      x.confidence = Math.min(x.confidence, m.confidence ?? 1);
    }
    offset = first + r.line.length;
  }
  return rows;
}

// The ballot's form from what the scanner saw: boxes for and against
// mean a mark per candidate; one box a row is a strike-out list (Y kept,
// N struck) or one to tick (Y, -).  undefined when the reading does not
// tell.
function formFromReading(b, n) {
  const rows = readRows(b);
  const cand = [...rows].filter(([row]) => row < n).map(([, x]) => x);
  if (!cand.length) return undefined;
  if (cand.some((x) => x.boxes > 1)) return 'per_candidate';
  if (cand.some((x) => x.char === 'N')) return 'strike_out';
  if (cand.some((x) => x.char === '-' || x.char === 'B')) return 'approval';
  return undefined;
}

// The form from the rules, when no reading tells it.
function formFromRules(ctx, e, n) {
  const rules = ctx.assembly?.rules || '';
  if (rules === 'ronr') return 'approval';
  if (rules === 'vn' && n > (e?.seats ?? 0) + (e?.alternate_seats ?? 0)) return 'strike_out';
  return 'per_candidate';
}

export const scansScreen = {
  path: 'scans',
  title: 'Scanned ballots',
  roles: ['chair', 'secretariat', 'teller', 'scrutineer'],
  mount(main, ctx) {
    const role = ctx.session.role;
    const me = ctx.session.member || '';
    const msg = h('p.msg#scans-msg', { hidden: true, role: 'status' });
    const election = h('select#scans-election', { 'aria-label': t('Election') });
    const roundInfo = h('p.muted#scans-round');
    const counts = h('dl.facts.scan-counts#scan-counts');
    const queueHead = h('h3#scan-queue-head', tf('Waiting for adjudication: {n}', { n: '…' }));
    const queue = h('div.scan-queue#scan-queue');
    const enterOut = h('p.msg#scan-enter-msg', { hidden: true, role: 'status' });
    const enterButton = h('button#scan-enter', { type: 'button', text: t('Enter accepted ballots into the round') });
    const allSummary = h('summary', tf('All scanned ballots: {n}', { n: '…' }));
    const allList = h('div#scan-list');
    const viewer = h('section.scan-viewer#scan-viewer', { hidden: true });
    const cards = new Map(); // ballot n → {el, key}
    let data = null; // {e, scans, queue, officials}
    let seq = 0;
    let listKey = '';

    const names = (b) => {
      const e = data?.e;
      const r = e?.rounds?.find((x) => x.round === b.round) || e?.rounds?.[e.rounds.length - 1];
      const byId = new Map((e?.candidates || []).map((c) => [c.id, c.name]));
      const ids = r?.candidates || [];
      if (ids.length) return ids.map((id) => byId.get(id) ?? id);
      // no list known: the line's own length
      return parseLine(b.decision || b.line).marks.map((_, i) => `${t('Candidate')} ${i + 1}`);
    };
    const official = (id) => {
      const o = data?.officials?.find((x) => x.member === id);
      return o ? `${o.name} (${id})` : id;
    };
    let queueForm; // the form any reading in the queue tells
    const formOf = (b, n) => data?.scans?.form || formFromReading(b, n) || queueForm ||
      formFromRules(ctx, data?.e, n);

    // One page image, as large as the column; a click zooms it.  A TIFF
    // is shown by its PNG preview; the original is a link.
    function pageFigure(b, p, i) {
      const shown = p.preview || p.sha256;
      const img = h('img.scan-image', {
        src: `/api/scans/${encodeURIComponent(shown)}`,
        alt: tf('Ballot {n}, page {page}', { n: b.n, page: i + 1 }),
        dataset: { sha256: p.sha256, preview: p.preview || '' },
      });
      const zoom = h('button.scan-zoom', { type: 'button', 'aria-pressed': 'false', title: t('Click to zoom') }, img);
      const fig = h('figure.scan-page', { dataset: { page: String(i + 1) } }, zoom);
      zoom.addEventListener('click', () => {
        const on = zoom.getAttribute('aria-pressed') !== 'true';
        zoom.setAttribute('aria-pressed', String(on));
        fig.classList.toggle('zoomed', on);
      });
      img.addEventListener('error', () => {
        fig.dataset.broken = 'true';
        zoom.hidden = true;
        fig.prepend(h('p.msg', { dataset: { kind: 'warn' } }, t('This image cannot be shown in the browser.')));
      });
      const type = (p.media_type || '').replace(/^image\//, '').toUpperCase();
      fig.append(h('figcaption',
        tf('Page {page} of {pages}', { page: i + 1, pages: b.pages.length }),
        p.source ? h('span.source', ` · ${p.source}`) : null,
        p.preview ? h('span', ` · ${t('shown as a PNG preview')}`) : null, ' · ',
        h('a.scan-original', { href: `/api/scans/${encodeURIComponent(p.sha256)}`, download: '' },
          tf('Original image ({type})', { type }))));
      return fig;
    }

    // Rows for the lines for names written in that the scanner saw marked.
    function writeinLines(rows, n, form) {
      return [...rows].filter(([row, x]) => row >= n && x.char !== '-').map(([row, x]) =>
        h('div.scan-row.writein-row', { dataset: { flag: 'true' } },
          h('span.cname', tf('Line {k} for a name written in', { k: row - n + 1 })),
          h('span.read', h('span.label', `${t('Scanner')}: `),
            x.char === 'Y' ? t('marked: read the name on the image') : markWord(form, x.char))));
    }

    // The scanner's reading and, once decided, the teller's: a row per
    // candidate, unclear ones lit.
    function marksView(b, cands, form, rows) {
      const read = parseLine(b.line);
      const decided = b.decision ? parseLine(b.decision) : null;
      const list = h('div.scan-rows');
      cands.forEach((name, i) => {
        const c = read.marks[i];
        const flag = b.status === 'unreadable' || c === undefined || c === '?' || !!rows.get(i)?.review;
        const row = h('div.scan-row', { dataset: { i: String(i), flag: String(flag), read: c ?? '' } },
          h('span.cname', name),
          h('span.read', h('span.label', `${t('Scanner')}: `), c !== undefined ? markWord(form, c) : '—',
            flag ? h('span.badge.flag', t('check')) : null));
        if (decided) {
          const d = decided.marks[i];
          row.dataset.decided = d ?? '';
          row.append(h('span.decided', { dataset: { changed: String(d !== c) } },
            h('span.label', `${t('Decided')}: `), d !== undefined ? markWord(form, d) : '—'));
        }
        list.append(row);
      });
      list.append(...writeinLines(rows, cands.length, form));
      if (decided?.writeins.length) {
        list.append(h('div.scan-row.writein-row',
          h('span.cname', t('Names written in')),
          h('span.decided', h('span.label', `${t('Decided')}: `),
            decided.writeins.map((w) => `${w.name} (${markWord(form, w.mark)})`).join(' · '))));
      }
      return list;
    }

    // The teller's decision: a mark per candidate (buttons), the names
    // written in, or the line typed; and a note.
    function editor(b, cands, form, rows, out) {
      const alphabet = [...(ALPHABETS[form] || ALPHABETS.per_candidate)];
      const n = cands.length;
      // a decision to change starts from itself; a reading from what was
      // read, its unclear marks left for the teller to choose
      const start = b.decision ? parseLine(b.decision) : parseLine(b.line);
      const st = {
        marks: cands.map((_, i) => {
          const c = start.marks[i];
          return c !== undefined && alphabet.includes(c) && (b.decision || c !== '?') ? c : null;
        }),
        writeins: start.writeins.map((w) => ({ ...w })),
        extras: start.extras,
      };
      const el = h('div.scan-editor');
      const rowsEl = h('div.scan-rows');
      const wList = h('ul.writeins');
      const text = h('textarea.scan-line', {
        rows: 3, spellcheck: 'false', autocomplete: 'off', autocapitalize: 'characters',
        'aria-label': t('Ballot line'),
      });
      const noteIn = h('input.scan-note', { type: 'text', name: 'note', value: b.decision != null ? b.note || '' : '' });

      const compose = () => [st.marks.map((m) => m ?? '?').join(''),
        ...st.writeins.map((w) => `w:${w.mark}:${w.name.trim() || '?'}`), ...st.extras].join('\n');

      function drawRows() {
        rowsEl.replaceChildren(...cands.map((name, i) => {
          const c = parseLine(b.line).marks[i];
          const flag = b.status === 'unreadable' || c === undefined || c === '?' || !!rows.get(i)?.review;
          return h('div.scan-row.edit', { dataset: { i: String(i), flag: String(flag), mark: st.marks[i] ?? '' } },
            h('span.cname', name),
            h('span.read', h('span.label', `${t('Scanner')}: `), c !== undefined ? markWord(form, c) : '—',
              flag ? h('span.badge.flag', t('check')) : null),
            h('div.marks', { role: 'group', 'aria-label': name }, alphabet.map((m) => h('button.mark', {
              type: 'button', text: markWord(form, m), dataset: { mark: m },
              'aria-pressed': String(st.marks[i] === m),
              onclick: () => { st.marks[i] = m; st.typed = undefined; drawRows(); text.value = compose(); },
            }))));
        }));
      }

      function drawWriteins() {
        wList.replaceChildren(...st.writeins.map((w, k) => {
          const name = h('input.writein-name', {
            type: 'text', value: w.name, 'aria-label': tf('Name written in, line {k}', { k: k + 1 }),
            placeholder: t('The name as written'),
          });
          name.addEventListener('input', () => { w.name = name.value; text.value = compose(); });
          const mark = h('select.writein-mark', { 'aria-label': t('Mark') },
            ['Y', '-'].map((m) => h('option', { value: m, text: markWord('per_candidate', m), selected: w.mark === m })));
          mark.addEventListener('change', () => { w.mark = mark.value; text.value = compose(); });
          return h('li.writein', { dataset: { k: String(k) } }, name, mark,
            h('button.small.writein-remove', { type: 'button', text: t('Remove'),
              onclick: () => { st.writeins.splice(k, 1); drawWriteins(); text.value = compose(); } }));
        }));
      }

      // the line typed: marks first, then a line per other field
      text.addEventListener('input', () => {
        // marks typed in lowercase become capitals; the caret stays
        const nl = text.value.indexOf('\n');
        const head = nl < 0 ? text.value : text.value.slice(0, nl);
        if (/[a-z]/.test(head)) {
          const [s, e] = [text.selectionStart, text.selectionEnd];
          text.value = head.toUpperCase() + (nl < 0 ? '' : text.value.slice(nl));
          text.setSelectionRange(s, e);
        }
        const lines = text.value.replace(/\r/g, '').split('\n');
        const p = parseLine([lines[0].trim().toUpperCase(), ...lines.slice(1).map((x) => x.trim())].join('\t'));
        st.marks = cands.map((_, i) => (alphabet.includes(p.marks[i]) ? p.marks[i] : null));
        st.typed = p.marks.length;
        st.writeins = p.writeins;
        st.extras = p.extras;
        drawRows();
        drawWriteins();
      });

      const problems = () => {
        if (st.typed !== undefined && st.typed !== n)
          return tf('{got} marks, {n} expected.', { got: st.typed, n });
        if (st.marks.some((m) => m === null)) return t('Choose a mark for every candidate.');
        if (st.writeins.some((w) => !w.name.trim() || w.name.trim() === '?'))
          return t('Type each name written in, or remove its line.');
        return '';
      };

      const send = async (body, done) => {
        note(out, '');
        for (const bt of el.querySelectorAll('.actions button')) bt.disabled = true;
        try {
          await api('POST', `/api/elections/${data.e.n}/scans/${b.n}/decide`, body);
          note(msg, done, 'ok');
          await load();
        } catch (err) {
          note(out, errorText(err), 'bad');
        } finally {
          for (const bt of el.querySelectorAll('.actions button')) bt.disabled = false;
        }
      };
      const decide = h('button.scan-decide', { type: 'button', text: t('Record my decision'),
        onclick: () => {
          const why = problems();
          if (why) { note(out, why, 'bad'); return; }
          const line = [st.marks.join(''), ...st.writeins.map((w) => `w:${w.mark}:${w.name.trim()}`),
            ...st.extras].join('\t');
          send({ line, note: noteIn.value.trim() }, tf('Ballot {n}: decision recorded.', { n: b.n }));
        } });
      const reject = h('button.scan-reject', { type: 'button', text: t('Not a ballot'),
        onclick: () => send({ not_a_ballot: true, note: noteIn.value.trim() },
          tf('Ballot {n}: recorded as not a ballot.', { n: b.n })) });

      drawRows();
      drawWriteins();
      text.value = compose();
      el.append(rowsEl,
        h('h4', t('Names written in')), h('div.scan-rows', writeinLines(rows, n, form)), wList,
        h('button.small.writein-add', { type: 'button', text: t('Add a name written in'),
          onclick: () => { st.writeins.push({ mark: 'Y', name: '' }); drawWriteins(); text.value = compose(); } }),
        h('details.line-box', h('summary', t('Or type the ballot line')),
          h('p.muted.hint', t('First line: one mark per candidate (Y N A - B ?); then one line per name written in: w:Y:NAME.')),
          text),
        h('label.scan-note-label', h('span', t('Note (for the record)')), noteIn),
        h('div.actions', decide, reject));
      return el;
    }

    // One ballot of the queue.
    function card(b) {
      const cands = names(b);
      const form = formOf(b, cands.length);
      const rows = readRows(b);
      const out = h('p.msg.scan-msg', { hidden: true, role: 'alert' });
      const side = h('div.scan-side',
        h('p.scan-reason', h('strong', `${t('Why it waits')}: `), b.reason || '—'));
      if (b.state === 'waiting') {
        if (role === 'teller') side.append(editor(b, cands, form, rows, out));
        else side.append(marksView(b, cands, form, rows), h('p.muted', t('Waiting for a teller to decide.')));
      } else {
        side.append(h('p.scan-decision', { dataset: { rejected: String(b.decision === '') } },
          b.decision === '' ? tf('Decided by {teller}: not a ballot.', { teller: official(b.teller) })
            : tf('Decided by {teller}:', { teller: official(b.teller) }),
          ' ', b.decision ? h('code.line', shownLine(b.decision)) : null));
        if (b.decision !== '') side.append(marksView(b, cands, form, rows));
        if (b.note) side.append(h('p.scan-note', `${t('Note')}: `, b.note));
        if (role === 'scrutineer') {
          if (me && me === b.teller) {
            side.append(h('p.msg.own', { dataset: { kind: 'info' } },
              t('You decided this ballot as a teller: another scrutineer confirms it.')));
          } else {
            const confirm = h('button.scan-confirm', { type: 'button', text: t('Confirm the decision') });
            confirm.addEventListener('click', async () => {
              confirm.disabled = true;
              note(out, '');
              try {
                await api('POST', `/api/elections/${data.e.n}/scans/${b.n}/confirm`, {});
                note(msg, tf('Ballot {n}: decision confirmed.', { n: b.n }), 'ok');
                await load();
              } catch (err) { note(out, errorText(err), 'bad'); }
              confirm.disabled = false;
            });
            side.append(h('div.actions', confirm));
          }
        } else if (role === 'teller') {
          side.append(h('p.muted', t('Waiting for a scrutineer to confirm.')),
            h('details.change', h('summary', t('Change the decision')), editor(b, cands, form, rows, out)));
        } else side.append(h('p.muted', t('Waiting for a scrutineer to confirm.')));
      }
      side.append(out);
      return h('article.scan-ballot', { id: `scan-ballot-${b.n}`, dataset: { n: String(b.n), state: b.state } },
        h('div.scan-head', h('h4', tf('Ballot {n}', { n: b.n })),
          h('span.badge.state', stateWord(b.state))),
        h('div.scan-body', h('div.scan-pages', (b.pages || []).map((p, i) => pageFigure(b, p, i))), side));
    }

    function showQueue() {
      const ballots = data.queue.ballots || [];
      queueForm = undefined;
      for (const b of ballots) {
        queueForm = formFromReading(b, names(b).length);
        if (queueForm) break;
      }
      queueHead.textContent = tf('Waiting for adjudication: {n}', { n: ballots.length });
      const seen = new Set();
      const els = ballots.map((b) => {
        seen.add(b.n);
        // rebuilt only when the ballot changes, so a live refresh never
        // wipes a decision being made
        const key = JSON.stringify([b.state, b.line, b.decision, b.teller, b.note, b.scrutineer, b.reason]);
        const old = cards.get(b.n);
        if (old && old.key === key) return old.el;
        const el = card(b);
        cards.set(b.n, { el, key });
        return el;
      });
      for (const n of [...cards.keys()]) if (!seen.has(n)) cards.delete(n);
      if (!els.length) {
        queue.replaceChildren(h('p.muted.empty', t('No scanned ballot waits.')));
        return;
      }
      // keep the cards in place: only what changed moves
      const now = [...queue.children];
      if (now.length !== els.length || now.some((x, i) => x !== els[i])) queue.replaceChildren(...els);
    }

    const viewerKey = (b) => JSON.stringify([b.n, b.state, b.line, b.decision]);
    function showViewer(b, scroll = true) {
      viewer.hidden = false;
      viewer.dataset.n = String(b.n);
      viewer.dataset.key = viewerKey(b);
      viewer.replaceChildren(
        h('div.scan-head', h('h4', tf('Ballot {n}', { n: b.n })), h('span.badge.state', stateWord(b.state)),
          h('button.small.viewer-close', { type: 'button', text: t('Close'),
            onclick: () => { viewer.hidden = true; viewer.replaceChildren(); } })),
        b.line || b.decision ? h('p', h('code.line', shownLine(b.decision ?? b.line))) : null,
        h('div.scan-pages', (b.pages || []).map((p, i) => pageFigure(b, p, i))));
      if (scroll) viewer.scrollIntoView({ block: 'nearest' });
    }

    function showList() {
      const ballots = data.scans.ballots || [];
      allSummary.textContent = tf('All scanned ballots: {n}', { n: ballots.length });
      const key = JSON.stringify(ballots.map((b) => [b.n, b.state, b.line, b.decision, b.batch]));
      if (key === listKey) return;
      // the ballot on show follows the record
      const open = !viewer.hidden && ballots.find((b) => String(b.n) === viewer.dataset.n);
      if (open && viewerKey(open) !== viewer.dataset.key) showViewer(open, false);
      listKey = key;
      if (!ballots.length) {
        allList.replaceChildren(h('p.muted', t('No ballots scanned yet.')));
        return;
      }
      allList.replaceChildren(h('div', h('table.scans',
        h('thead', h('tr', [t('Ballot'), t('State'), t('Marks'), t('Source'), t('Batch'), ''].map((x) =>
          h('th', { scope: 'col', text: x })))),
        h('tbody', ballots.map((b) => h('tr', { dataset: { n: String(b.n), state: b.state } },
          h('td.num', String(b.n)), h('td', stateWord(b.state)),
          h('td', h('code.line', b.decision === '' ? '' : shownLine(b.decision ?? b.line))),
          h('td.source', (b.pages || []).map((p) => p.source).join(', ')),
          h('td.num', b.batch != null ? String(b.batch) : '—'),
          h('td', h('button.small.scan-show', { type: 'button', text: t('Show'), dataset: { n: String(b.n) },
            onclick: () => showViewer(b) }))))))));
    }

    function showCounts() {
      const c = data.scans.counts || {};
      counts.replaceChildren(...COUNTS.map(([k, label]) =>
        h('div', { dataset: { count: k } }, h('dt', t(label)), h('dd', String(c[k] ?? 0)))));
      const r = data.e?.rounds?.find((x) => x.round === data.scans.round);
      roundInfo.textContent = data.scans.round
        ? `${t('Round')} ${data.scans.round}${r ? ` · ${word(r.state)}` : ''}`
        : t('No round opened yet.');
      enterButton.disabled = !(c.accepted || c.confirmed);
    }

    async function load() {
      const n = +election.value;
      if (!n) return;
      const mine = ++seq;
      try {
        const [e, scans, q, officials] = await Promise.all([
          api('GET', `/api/elections/${n}`),
          api('GET', `/api/elections/${n}/scans`),
          api('GET', `/api/elections/${n}/scans?queue=1`),
          api('GET', '/api/officials').catch(() => []),
        ]);
        if (mine !== seq) return; // a later load is under way
        if (data?.e?.n !== n) { cards.clear(); listKey = ''; viewer.hidden = true; }
        data = { e, scans, queue: q, officials };
        showCounts();
        showQueue();
        showList();
      } catch (err) { if (mine === seq) note(msg, errorText(err), 'bad'); }
    }

    async function refresh() {
      try {
        const es = await api('GET', '/api/elections');
        const chosen = election.value;
        election.replaceChildren(...es.map((e) => h('option', { value: String(e.n), text: `${e.n}. ${e.title}` })));
        if (!es.length) {
          queue.replaceChildren(h('p.muted', t('No elections yet.')));
          return;
        }
        const pick = es.find((e) => String(e.n) === chosen) || es.find((e) => e.state === 'open') || es[es.length - 1];
        if (pick) election.value = String(pick.n);
        await load();
      } catch (err) { note(msg, errorText(err), 'bad'); }
    }
    election.addEventListener('change', () => { note(msg, ''); load(); });

    enterButton.addEventListener('click', async () => {
      if (!data) return;
      enterButton.disabled = true;
      note(enterOut, '');
      try {
        const r = await api('POST', `/api/elections/${data.e.n}/scans/enter`, {});
        note(enterOut, r.entered
          ? tf('{entered} ballots entered into the round as batch {batch}.', { entered: r.entered, batch: r.batch })
          : t('No accepted ballots to enter.'), r.entered ? 'ok' : 'info');
        enterOut.dataset.entered = String(r.entered ?? 0);
        enterOut.dataset.batch = String(r.batch ?? 0);
      } catch (err) { note(enterOut, errorText(err), 'bad'); }
      await load();
    });

    main.append(...[h('h2', t('Scanned ballots')), msg,
      h('label.pick', h('span', t('Election')), election), roundInfo, counts,
      h('p.muted.hint', t('Ballots are read at the scanner station (plenum scan read). Those read with confidence are accepted; the others wait here: a teller decides, then a scrutineer who is not that teller confirms.')),
      h('section.panel#scan-queue-panel', queueHead, queue),
      role === 'teller'
        ? h('section.panel#scan-enter-panel', h('h3', t('Into the round')),
          h('p.muted', t('Accepted and confirmed ballots enter the round as one batch; ballots still waiting stay here.')),
          enterButton, enterOut)
        : null,
      viewer,
      h('details.scan-all', allSummary, allList)].filter(Boolean));
    refresh();
    return {
      refresh: (types) => (!types || types.some((x) => x.startsWith('paper.') || x.startsWith('election')))
        && load(),
    };
  },
};

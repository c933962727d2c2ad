// vote.mjs: the delegate's phone.  The open polls, one card each: for a
// motion three big buttons (for, against, abstain); for an election one row
// per candidate with the marks the ballot allows.  A review step comes
// before the vote is sent; the answer's receipt is shown; a second vote is
// refused by the server and the card says the delegate has voted.
import { t, tf, h, api, errorText } from './core.mjs';
import { progress } from './polls.mjs';
import { resultView } from './results.mjs';

const MOTION = [['yes', 'For'], ['no', 'Oppose'], ['abstain', 'Abstain']];
const MARK_WORDS = {
  per_candidate: { Y: 'For', N: 'Against', A: 'Abstain', '-': 'No mark' },
  strike_out: { Y: 'Keep', N: 'Strike out', '-': 'No mark' },
};
const markWord = (form, m) => t(MARK_WORDS[form]?.[m] ?? m);

export const voteScreen = {
  path: 'vote',
  title: 'Vote',
  roles: ['delegate'],
  mount(main, ctx) {
    const list = h('div.vote-list#polls');
    const empty = h('p.muted.empty', { hidden: true }, t('There is no vote open now. This page updates by itself.'));
    const cards = new Map(); // poll → {el, key, state}

    function receiptKey(p) { return `plenum.receipt.${ctx.assembly?.id || ''}.${p}`; }

    function card(p, st) {
      const el = h('section.vote-card', { dataset: { poll: String(p.poll), you: p.you || '', state: p.state } },
        h('h3', p.title || ''),
        h('p.muted', `${p.mode === 'secret' ? t('Secret vote') : t('Named vote: your vote is recorded with your name')}`));
      const receipt = st.receipt || sessionStorage.getItem(receiptKey(p.poll));
      if (p.state !== 'open') {
        el.append(h('p.msg', { dataset: { kind: 'info' } }, t('Voting has closed.')));
        if (p.result && typeof p.result === 'object') el.append(resultView(p.result, { brief: true }));
        if (receipt) el.append(h('p.receipt', `${t('Your receipt')}: `, h('code', receipt)));
        return el;
      }
      if (p.you === 'voted' || st.receipt) {
        el.append(h('div.confirm', { role: 'status' },
          h('p.big-ok', t('You have voted.')),
          receipt ? h('p.receipt', `${t('Your receipt')}: `, h('code.receipt-code', receipt)) : null,
          receipt ? h('p.muted', t('Keep the receipt: it shows your ballot was received, not how you voted.')) : null));
        return el;
      }
      if (p.you === 'not-eligible') {
        el.append(h('p.msg', { dataset: { kind: 'warn' } },
          t('You may not vote in this poll (only the members present when it opened may).')));
        return el;
      }
      el.append(progress(p));
      const msg = h('p.msg', { role: 'alert', hidden: !st.error, dataset: { kind: 'bad' } }, st.error || '');
      const redraw = () => { const n = card(p, st); el.replaceWith(n); cards.get(p.poll).el = n; };

      if (st.step === 'review') {
        const rows = p.form === 'motion'
          ? [h('p.review-choice', h('strong', t(MOTION.find(([c]) => c === st.choice)[1])))]
          : [h('ol.review-marks', p.candidates.map((c, i) =>
            h('li', { dataset: { mark: st.marks[i] } }, h('span.name', c.name), h('span.mark', markWord(p.form, st.marks[i])))))];
        const send = h('button.primary.big#vote-send', { type: 'button', text: t('Submit my vote'), onclick: async () => {
          send.disabled = true;
          try {
            const body = p.form === 'motion' ? { choice: st.choice } : { marks: st.marks.join('') };
            const r = await api('POST', `/api/polls/${p.poll}/vote`, body);
            st.receipt = r.receipt || '—';
            sessionStorage.setItem(receiptKey(p.poll), st.receipt);
            p.you = 'voted';
          } catch (err) {
            st.error = errorText(err);
            if (err.status === 409) { st.step = 'choose'; }
          }
          redraw();
        } });
        el.append(h('h4', t('Check your vote')), ...rows, overWarning(p, st), msg,
          h('div.actions', send, h('button.big', { type: 'button', text: t('Change'), onclick: () => {
            st.step = 'choose'; st.error = ''; redraw();
          } })));
        return el;
      }

      if (p.form === 'motion') {
        el.append(h('div.motion-buttons', MOTION.map(([c, label]) => h(`button.big.choice.${c}`, {
          type: 'button', dataset: { choice: c }, 'aria-pressed': String(st.choice === c), text: t(label),
          onclick: () => { st.choice = c; st.step = 'review'; st.error = ''; redraw(); },
        }))), msg);
        return el;
      }
      // An election: one row per candidate, one button per allowed mark.
      const choices = [...(Array.isArray(p.choices) ? p.choices.join('') : p.choices || 'YNA-')];
      if (!st.marks) st.marks = p.candidates.map(() => (choices.includes('-') ? '-' : p.form === 'strike_out' ? 'Y' : ''));
      const max = p.max_votes;
      el.append(h('p.muted', p.form === 'strike_out'
        ? tf('Keep at most {n} names; strike out the others.', { n: max })
        : tf('Vote for at most {n}.', { n: max })));
      const warn = h('div');
      const rows = p.candidates.map((c, i) => h('div.cand-row', { dataset: { id: c.id } },
        h('span.name', c.name),
        h('span.marks', choices.map((m) => h('button.mark', {
          type: 'button', dataset: { mark: m }, 'aria-pressed': String(st.marks[i] === m),
          text: markWord(p.form, m),
          onclick: (ev) => {
            st.marks[i] = m;
            for (const b of ev.target.parentElement.children) b.setAttribute('aria-pressed', String(b.dataset.mark === m));
            warn.replaceChildren(overWarning(p, st));
            next.disabled = st.marks.some((x) => !x);
            unmarkedHint.hidden = !next.disabled;
          },
        })))));
      warn.append(overWarning(p, st));
      const next = h('button.primary.big#vote-review', { type: 'button', text: t('Review my vote'),
        disabled: st.marks.some((x) => !x),
        onclick: () => { st.step = 'review'; st.error = ''; redraw(); } });
      // The ballot has no empty mark: every name needs one.
      const unmarkedHint = h('p.muted.unmarked-hint', { hidden: !next.disabled }, t('Mark every candidate.'));
      el.append(h('div.cand-rows', rows), warn, msg, unmarkedHint, next);
      return el;
    }

    // More "for" (or kept) than allowed makes the ballot invalid: say so.
    function overWarning(p, st) {
      if (p.form === 'motion' || !st.marks || !p.max_votes) return '';
      const n = st.marks.filter((m) => m === 'Y').length;
      if (n <= p.max_votes) return '';
      return h('p.msg.over', { dataset: { kind: 'warn' } }, p.form === 'strike_out'
        ? tf('You kept {n} names but at most {max} may be kept: this ballot would be invalid.', { n, max: p.max_votes })
        : tf('You voted for {n} but at most {max} may be elected: this ballot would be invalid.', { n, max: p.max_votes }));
    }

    async function refresh() {
      let polls;
      try { polls = await api('GET', '/api/polls'); } catch (err) {
        empty.hidden = false;
        empty.textContent = errorText(err);
        return;
      }
      // Open polls first; closed ones stay while this page is open.
      polls.sort((a, b) => (a.state === 'open') === (b.state === 'open') ? b.poll - a.poll : a.state === 'open' ? -1 : 1);
      const shown = polls.filter((p) => p.state === 'open' || cards.has(p.poll));
      const els = shown.map((p) => {
        let c = cards.get(p.poll);
        const key = `${p.state}/${p.you}`;
        if (!c) { c = { st: { step: 'choose' } }; cards.set(p.poll, c); }
        if (c.key !== key || !c.el) {
          c.key = key;
          c.el = card(p, c.st);
        } else {
          // Only the counts moved: keep what the delegate has chosen.
          c.el.querySelector('.progress')?.replaceWith(progress(p));
        }
        return c.el;
      });
      list.replaceChildren(...els);
      empty.hidden = shown.length > 0;
      empty.textContent = t('There is no vote open now. This page updates by itself.');
    }

    main.append(h('h2', t('Vote')), empty, list);
    refresh();
    return {
      refresh: (types) => (!types || types.some((x) => x === 'poll.opened' || x === 'poll.closed')) && refresh(),
    };
  },
};

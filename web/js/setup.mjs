// setup.mjs: the secretariat's setup: the assembly as recorded, the staff
// accounts, the officials of the count, and delegates' one-time codes
// (shown once, to print on the credential cards).
import { t, tf, h, api, form, table, word, note, act, ROLES } from './core.mjs';

const STAFF_ROLES = ROLES.filter((r) => r !== 'delegate');
const OFFICES = ['chief-scrutineer', 'scrutineer', 'chief-teller', 'teller'];

export const setupScreen = {
  path: 'setup',
  title: 'Setup',
  roles: ['secretariat'],
  mount(main, ctx) {
    const info = h('dl.facts');
    const accounts = h('div');
    const officials = h('div');
    const codesOut = h('div.codes');
    const msg = h('p.msg', { hidden: true, role: 'alert' });

    const accountForm = form([
      ['name', t('Name'), { required: true, autocomplete: 'off' }],
      ['role', t('Role'), { options: STAFF_ROLES.map((r) => [r, word(r)]) }],
      ['password', t('Password (at least 8 characters)'), { type: 'password', autocomplete: 'new-password' }],
      ['member', t('Member id (tellers and scrutineers)'), { autocomplete: 'off' }],
    ], t('Create account'), async (d, f) => {
      const body = { name: d.name.trim(), role: d.role, password: d.password };
      if (d.member.trim()) body.member = d.member.trim();
      const a = await api('POST', '/api/accounts', body);
      f.reset();
      await refresh();
      return tf('Account {name} created.', { name: a.name });
    }, { id: 'account-form' });

    const passwordForm = form([
      ['name', t('Account'), { required: true, autocomplete: 'off', list: 'account-names' }],
      ['password', t('New password'), { type: 'password', autocomplete: 'new-password' }],
    ], t('Reset password'), async (d, f) => {
      await api('POST', `/api/accounts/${encodeURIComponent(d.name.trim())}/password`,
        { password: d.password });
      f.reset();
      return tf('Password of {name} reset; its sessions have ended.', { name: d.name.trim() });
    }, { id: 'password-form' });
    const names = h('datalist', { id: 'account-names' });

    const officialForm = form([
      ['role', t('Office'), { options: OFFICES.map((r) => [r, word(r)]) }],
      ['member', t('Member id'), { required: true, autocomplete: 'off' }],
    ], t('Appoint'), async (d, f) => {
      await api('POST', '/api/officials', { role: d.role, member: d.member.trim() });
      f.querySelector('[name=member]').value = '';
      await refresh();
      return t('Appointed.');
    }, { id: 'official-form' });

    const codesForm = form([
      ['members', t('Member ids, separated by spaces (empty: everyone without a code)'),
        { autocomplete: 'off' }],
    ], t('Issue codes'), async (d) => {
      const ids = d.members.split(/[\s,]+/).filter(Boolean);
      const r = await api('POST', '/api/codes', ids.length ? { members: ids } : {});
      showCodes(r.codes || []);
      return tf('{n} codes issued. They are shown only now: print them.', { n: (r.codes || []).length });
    }, { id: 'codes-form' });

    function showCodes(codes) {
      codesOut.replaceChildren(
        h('div.print-area',
          h('h3', `${ctx.assembly?.name || ''} · ${t('Sign-in codes')}`),
          table([t('Member id'), t('Name'), t('Code')],
            codes.map((c) => [c.member, c.name, h('td.code', c.code)]), 'codes-table')),
        h('button', { type: 'button', text: t('Print'), onclick: () => window.print() }));
    }

    async function refresh() {
      await act(msg, async () => {
        const a = await api('GET', '/api/assembly');
        info.replaceChildren(
          ...[[t('Name'), a.name], [t('Language'), a.locale], [t('Rule preset'), a.rules],
            [t('Assembly id'), a.id], [t('Public key'), a.public_key], [t('Events'), a.head]]
            .map(([k, v]) => h('div', h('dt', k), h('dd', String(v ?? '')))));
        const list = await api('GET', '/api/accounts');
        accounts.replaceChildren(table([t('Name'), t('Role'), t('Member id')],
          list.map((x) => [x.name, word(x.role), x.member || '']), 'accounts'));
        names.replaceChildren(...list.map((x) => h('option', { value: x.name })));
        const offs = await api('GET', '/api/officials');
        officials.replaceChildren(offs.length
          ? table([t('Office'), t('Member id'), t('Name')],
            offs.map((o) => [word(o.role), o.member, o.name]), 'officials')
          : h('p.muted', t('No officials appointed yet.')));
      });
    }

    main.append(
      h('h2', t('Setup')), msg,
      h('section.panel', h('h3', t('Assembly')), info),
      h('section.panel', h('h3', t('Accounts')), accounts, accountForm, names, passwordForm),
      h('section.panel', h('h3', t('Officials of the count')),
        h('p.muted', t('Scrutineers and tellers may not stand as candidates.')),
        officials, officialForm),
      h('section.panel.print-section', h('h3', t('Delegates\' sign-in codes')),
        h('p.muted', t('A new code replaces the member\'s earlier one. Codes are shown only once.')),
        codesForm, codesOut));
    note(msg, '');
    refresh();
    return { refresh: (types) => (!types || types.some((x) => /^(account|election\.official|assembly)/.test(x))) && refresh() };
  },
};

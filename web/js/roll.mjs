// roll.mjs: the roll.  The secretariat picks the delegates' CSV file and
// sends it as it is (UTF-8 or GB18030: the server reads both); a bad file
// is refused whole, with one row of the table per bad row, to fix in the
// spreadsheet.  Below, the roll with a search.
import { t, tf, h, api, table, note, errorText, debounce } from './core.mjs';

export function memberRow(m) {
  return [m.id, m.name, m.unit || '', m.delegation || '', m.status || '',
    m.present ? t('present') : t('absent'), m.exclusion || ''];
}
export const memberHeaders = () => [t('Id'), t('Name'), t('Unit'), t('Delegation'),
  t('Status'), t('Present'), t('Excluded')];

export const rollScreen = {
  path: 'roll',
  title: 'Roll',
  roles: ['secretariat'],
  mount(main) {
    const file = h('input', { type: 'file', name: 'file', accept: '.csv,text/csv,text/plain', id: 'roll-file' });
    const out = h('p.msg', { role: 'status', hidden: true, id: 'roll-result' });
    const errors = h('div#roll-errors');
    const button = h('button', { type: 'submit', text: t('Import the roll') });
    const importForm = h('form.form', { id: 'roll-form' },
      h('label', h('span', t('Roll file (CSV: id, name, unit, delegation, status)')), file), button, out, errors);
    importForm.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      errors.replaceChildren();
      const f = file.files[0];
      if (!f) { note(out, t('Choose a file first.'), 'warn'); return; }
      button.disabled = true;
      try {
        const r = await api('POST', '/api/roll', await f.arrayBuffer());
        note(out, tf('{n} members imported ({encoding}).', { n: r.imported, encoding: r.encoding || '' }), 'ok');
        file.value = '';
        search();
      } catch (err) {
        note(out, errorText(err), 'bad');
        if (err.errors?.length) {
          errors.append(h('p', tf('{n} rows to fix; nothing was imported.', { n: err.errors.length })),
            table([t('Line'), t('Column'), t('Field'), t('Problem')],
              err.errors.map((e) => [String(e.line ?? ''), String(e.column ?? ''), e.field || '', e.message || '']),
              'errors'));
        }
      } finally {
        button.disabled = false;
      }
    });

    const q = h('input', { type: 'search', placeholder: t('Search by id or name'), id: 'roll-q', autocomplete: 'off' });
    const count = h('p.muted', { id: 'roll-count' });
    const list = h('div');
    const search = async () => {
      try {
        const r = await api('GET', `/api/members?limit=500&q=${encodeURIComponent(q.value.trim())}`);
        count.textContent = tf('{shown} of {total} members', { shown: r.members.length, total: r.total });
        list.replaceChildren(table(memberHeaders(), r.members.map(memberRow), 'members'));
      } catch (err) {
        count.textContent = errorText(err);
      }
    };
    q.addEventListener('input', debounce(search, 150));

    const excludeForm = h('form.form.inline', { id: 'exclude-form' },
      h('label', h('span', t('Member id')), h('input', { name: 'member', required: true, autocomplete: 'off' })),
      h('label', h('span', t('Reason (empty takes the exclusion back)')), h('input', { name: 'reason', autocomplete: 'off' })),
      h('button', { type: 'submit', text: t('Exclude from voting') }));
    const exOut = h('p.msg', { hidden: true });
    excludeForm.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const d = Object.fromEntries(new FormData(excludeForm));
      try {
        await api('POST', `/api/members/${encodeURIComponent(d.member.trim())}/exclude`, { reason: d.reason.trim() });
        note(exOut, t('Recorded.'), 'ok');
        excludeForm.reset();
        search();
      } catch (err) { note(exOut, errorText(err), 'bad'); }
    });

    main.append(h('h2', t('Roll')),
      h('section.panel', h('h3', t('Import')), importForm),
      h('section.panel', h('h3', t('Members')), q, count, list),
      h('section.panel', h('h3', t('Exclusion')), excludeForm, exOut));
    search();
    return { refresh: (types) => (!types || types.some((x) => x.startsWith('member'))) && search() };
  },
};

// signin.mjs: staff sign in by name and password; a delegate types the
// one-time code of the credential card (spent by signing in).
import { t, h, api, note, errorText } from './core.mjs';

export function signinScreen(main, ctx) {
  const out = h('p.msg', { role: 'alert', hidden: true });
  if (ctx.message) note(out, ctx.message, 'warn');
  const login = async (body, button) => {
    button.disabled = true;
    note(out, '');
    try {
      const s = await api('POST', '/api/login', body, { quiet401: true });
      await ctx.onSignedIn(s);
    } catch (err) {
      note(out, err.status === 401 ? t('Wrong name, password or code.') : errorText(err), 'bad');
    } finally {
      button.disabled = false;
    }
  };

  const staff = h('form.form.signin', { id: 'staff', novalidate: true },
    h('h2', t('Staff sign-in')),
    h('label', h('span', t('Name')),
      h('input', { name: 'name', autocomplete: 'username', required: true })),
    h('label', h('span', t('Password')),
      h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true })),
    h('button', { type: 'submit', text: t('Sign in') }));
  staff.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const d = Object.fromEntries(new FormData(staff));
    login({ name: d.name.trim(), password: d.password }, staff.querySelector('button'));
  });

  const delegate = h('form.form.signin', { id: 'delegate', novalidate: true },
    h('h2', t('Delegate sign-in')),
    h('label', h('span', t('Code from your credential card')),
      h('input', { name: 'code', autocomplete: 'one-time-code', autocapitalize: 'characters',
        spellcheck: 'false', inputmode: 'text', placeholder: 'XXXXX-XXXXX', required: true })),
    h('button', { type: 'submit', text: t('Sign in with code') }));
  delegate.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const code = new FormData(delegate).get('code').trim().toUpperCase();
    login({ code }, delegate.querySelector('button'));
  });

  main.append(h('section.signin-screen', out, h('div.cards', delegate, staff)));
}

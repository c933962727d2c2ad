// lib.mjs: what the browser tests share: an assembly made with the plenum
// command (SQLite in a temporary folder, or a schema of its own in the
// PostgreSQL database of PGURL), plenum serve over it, Debian's Chromium,
// and signing in through the page as a person of each role would.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const outdir = process.env.OUTDIR || tmpdir();

// A new assembly; pg: put it in PostgreSQL when PGURL is set.
export function assembly({ pg = false } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'plenum-e2e-'));
  let db = join(dir, 'c.db');
  const pgurl = pg ? process.env.PGURL : '';
  if (pgurl) {
    const schema = `e2e_${process.pid}_${Math.floor(Math.random() * 1e6)}`;
    execFileSync('psql', ['-q', pgurl, '-c', `CREATE SCHEMA ${schema}`]);
    db = `${pgurl}${pgurl.includes('?') ? '&' : '?'}options=-csearch_path%3D${schema}`;
  }
  const env = { ...process.env, PLENUM_DB: db, PLENUM_KEY: join(dir, 'c.key'), PLENUM_ACTOR: 'e2e' };
  const run = (...args) => execFileSync(process.env.PLENUM, args, { env, encoding: 'utf8' });
  // A staff account, its password given as plenum account add reads it.
  const account = (name, role, password, member) => execFileSync(process.env.PLENUM,
    ['account', 'add', name, '--role', role, ...(member ? ['--member', member] : [])],
    { env: { ...env, PLENUM_PASSWORD: password }, encoding: 'utf8' });
  const servers = [];
  // plenum serve on a free port; resolves to its address.
  const serve = () => new Promise((resolve, reject) => {
    const child = spawn(process.env.PLENUM, ['serve', '--listen', '127.0.0.1:0'], { env });
    servers.push(child);
    child.stdout.on('data', (d) => {
      const m = String(d).match(/http:\/\/[0-9.]+:[0-9]+\//);
      if (m) resolve(m[0]);
    });
    child.stderr.on('data', (d) => process.stderr.write(`# serve: ${d}`));
    child.on('exit', (code) => reject(new Error(`serve exited ${code}`)));
  });
  const close = () => {
    for (const s of servers) s.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  };
  return { dir, db, env, run, account, serve, close };
}

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
      '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

// A page in a context of its own (its own cookies: one person), that
// records failed requests and script errors in page.failures.
export async function newPage(browser, options = {}) {
  const context = await browser.newContext({ locale: 'en-US', ...options });
  const page = await context.newPage();
  page.setDefaultTimeout(10000);
  page.failures = [];
  page.on('pageerror', (e) => page.failures.push(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => {
    // An EventSource or a fetch cut short by leaving the page is no fault.
    if (!/api\/live|ERR_ABORTED/.test(`${r.url()} ${r.failure()?.errorText}`))
      page.failures.push(`requestfailed: ${r.url()} ${r.failure()?.errorText}`);
  });
  return page;
}

// Signs in on the console as staff; resolves when the navigation shows.
export async function signIn(page, url, name, password, hash = '') {
  await page.goto(`${url}${hash ? `#/${hash}` : ''}`);
  await page.fill('#staff [name=name]', name);
  await page.fill('#staff [name=password]', password);
  await page.click('#staff button[type=submit]');
  await page.waitForSelector('#who:not([hidden])');
}

export async function signOut(page) {
  await page.click('#signout');
  await page.waitForSelector('#staff');
}

export async function shot(page, name) {
  await page.screenshot({ path: join(outdir, `${name}.png`), fullPage: true });
}

// The API from the test itself, as one signed-in account: for setting up
// what the test is not about.
export async function client(url, body) {
  const r = await fetch(`${url}api/login`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  });
  if (!r.ok) throw new Error(`login ${r.status} ${await r.text()}`);
  const session = await r.json();
  const cookie = r.headers.get('set-cookie').split(';')[0];
  const call = async (method, path, payload) => {
    const res = await fetch(`${url}${path.replace(/^\//, '')}`, {
      method,
      headers: { Cookie: cookie, 'X-Plenum-CSRF': session.csrf, 'Content-Type': 'application/json' },
      body: method === 'POST' ? JSON.stringify(payload ?? {}) : undefined,
    });
    const type = res.headers.get('content-type') || '';
    const data = type.includes('json') ? await res.json() : await res.text();
    if (!res.ok) {
      const err = new Error(`${method} ${path}: ${res.status} ${JSON.stringify(data)}`);
      err.status = res.status;
      throw err;
    }
    return data;
  };
  return { session, get: (p) => call('GET', p), post: (p, b) => call('POST', p, b) };
}

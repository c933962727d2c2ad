// projector.test.mjs: the projector in a real browser (Debian's Chromium,
// driven by playwright-core).  An assembly is made with the plenum command,
// plenum serve runs over it, and the test watches the page follow the
// record live: check-ins move the quorum, a count shows the elected.  The
// page needs a session: it sends the browser to sign in as the projector
// account, and back.
// Usage: node --test projector.test.mjs  (PLENUM, SRCDIR, OUTDIR in env)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const plenum = process.env.PLENUM;
const outdir = process.env.OUTDIR || tmpdir();
const pgurl = process.env.PGURL; // set: the assembly lives in PostgreSQL
const dir = mkdtempSync(join(tmpdir(), 'plenum-e2e-'));
let db = join(dir, 'c.db');
if (pgurl) {
  const schema = `e2e_${process.pid}`;
  execFileSync('psql', ['-q', pgurl, '-c', `CREATE SCHEMA ${schema}`]);
  db = `${pgurl}${pgurl.includes('?') ? '&' : '?'}options=-csearch_path%3D${schema}`;
}
const env = { ...process.env, PLENUM_DB: db, PLENUM_KEY: join(dir, 'c.key'),
  PLENUM_ACTOR: 'e2e' };
const run = (...args) => execFileSync(plenum, args, { env, encoding: 'utf8' });
const PW = 'projector-pass-1';
let server, server2, url, url2, browser;

function serve() {
  const child = spawn(plenum, ['serve', '--listen', '127.0.0.1:0'], { env });
  const address = new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => {
      const m = String(d).match(/http:\/\/[0-9.]+:[0-9]+\//);
      if (m) resolve(m[0]);
    });
    child.on('exit', (code) => reject(new Error(`serve exited ${code}`)));
  });
  return [child, address];
}

before(async () => {
  run('init', '--name', '教育系统代表大会', '--rules', 'cn-basic');
  const rows = ['id,name,unit,status'];
  for (let i = 1; i <= 10; i++) rows.push(`M${i},代表${i},一中,正式`);
  writeFileSync(join(dir, 'roll.csv'), rows.join('\n') + '\n');
  run('roll', 'import', join(dir, 'roll.csv'));
  run('checkin', 'M1', 'M2', 'M3', 'M4', 'M5', 'M6', 'M7', 'M8');
  execFileSync(plenum, ['account', 'add', 'hall', '--role', 'projector'],
    { env: { ...env, PLENUM_PASSWORD: PW }, encoding: 'utf8' });
  let address;
  [server, address] = serve();
  url = await address;
  // a second instance over the same database: on PostgreSQL this is how
  // a large congress scales out, and every instance must follow the record
  [server2, address] = serve();
  url2 = await address;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
      '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
  server?.kill('SIGTERM');
  server2?.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

// A new browser context at base + path: signed in on the way, as the
// hall's projector account.
async function projector(base, path) {
  const page = await browser.newPage();
  await page.goto(base + path);
  await page.waitForSelector('#staff');
  await page.fill('#staff [name=name]', 'hall');
  await page.fill('#staff [name=password]', PW);
  await page.click('#staff button[type=submit]');
  await page.waitForURL((u) => u.pathname.endsWith('/projector.html'));
  return page;
}

test('the projector shows the quorum in Chinese and follows check-ins live', async () => {
  const page = await projector(url, 'projector.html');
  const failed = [];
  page.on('requestfailed', (r) => failed.push(r.url()));
  page.on('console', (m) => { if (m.type() === 'error') failed.push(m.text()); });
  await page.waitForFunction(() => document.getElementById('present').textContent === '8');
  assert.equal(await page.textContent('#name'), '教育系统代表大会');
  assert.equal(await page.textContent('#should'), '10');
  assert.equal(await page.textContent('#required'), '9'); // more than 4/5 of 10
  assert.equal(await page.getAttribute('#quorum', 'data-met'), 'false');
  assert.equal(await page.textContent('#verdict'), '未达到');

  run('checkin', 'M9'); // no reload: the live stream brings it
  await page.waitForFunction(() => document.getElementById('present').textContent === '9',
    null, { timeout: 5000 });
  assert.equal(await page.getAttribute('#quorum', 'data-met'), 'true');
  assert.equal(await page.textContent('#verdict'), '已达到');
  await page.screenshot({ path: join(outdir, 'projector-zh.png'), fullPage: true });
  assert.deepEqual(failed, [], 'no request failed and no script error');
});

test('a count appears with the elected, and the page speaks Vietnamese', async () => {
  run('election', 'add', '委员', '--seats', '1');
  run('election', 'candidate', '1', '代表1', '--member', 'M1');
  run('election', 'candidate', '1', '代表2', '--member', 'M2');
  run('official', 'teller', 'M9', 'M10');
  run('round', 'open', '1');
  run('round', 'issued', '1', '9');
  run('round', 'returned', '1', '9');
  const box = join(dir, 'box.txt');
  writeFileSync(box, 'YN\n'.repeat(6) + 'NY\n'.repeat(3));
  run('round', 'enter', '1', '1', box, '--teller', 'M9', '--entry', '1');
  run('round', 'enter', '1', '1', box, '--teller', 'M10', '--entry', '2');
  run('round', 'count', '1');

  const page = await projector(url, 'projector.html?lang=vi');
  await page.waitForFunction(() => document.querySelectorAll('#elected li').length === 1);
  assert.equal(await page.textContent('#elected li .name'), '代表1');
  assert.match(await page.textContent('#elected li .votes'), /6/);
  assert.equal(await page.textContent('#quorum h2'), 'Túc số');
  assert.equal(await page.getAttribute('html', 'lang'), 'vi');
  await page.screenshot({ path: join(outdir, 'projector-vi.png'), fullPage: true });
});

test('a second server instance follows the same record live', async () => {
  const page = await projector(url2, 'projector.html');
  await page.waitForFunction(() => document.getElementById('present').textContent !== '–');
  const before = Number(await page.textContent('#present'));
  run('checkout', 'M3'); // written by the command, seen by instance 2
  await page.waitForFunction((n) => document.getElementById('present').textContent === String(n),
    before - 1, { timeout: 5000 });
});

test('the API refuses what does not exist, and sends its security headers', async () => {
  const r = await fetch(url + 'api/nothing');
  assert.equal(r.status, 404);
  const a = await fetch(url + 'api/assembly'); // no session
  assert.equal(a.status, 401);
  assert.match(a.headers.get('content-security-policy'), /default-src 'self'/);
  assert.equal(a.headers.get('x-content-type-options'), 'nosniff');
  const t = await fetch(url + '../../etc/passwd');
  assert.equal(t.status, 404);
});

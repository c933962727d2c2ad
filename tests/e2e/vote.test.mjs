// vote.test.mjs: delegates vote on their phones.  The chair opens a secret
// poll on a resolution; a delegate signs in with the one-time code of the
// credential card on a phone-sized screen, votes for, reviews, submits and
// sees the receipt; a second vote is refused; a second delegate votes
// against; the chair sees 2 of N and closes the poll; the resolution shows
// its result.  Then an election's open round goes to the phones, named.
// Usage: node --test vote.test.mjs (PLENUM, SRCDIR, OUTDIR in the environment).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assembly, launch, newPage, signIn, shot, client } from './lib.mjs';

const PW = 'correct-horse-1';
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
let a, url, browser, sec, codes;

before(async () => {
  a = assembly();
  a.run('init', '--name', 'Đại hội đại biểu', '--rules', 'cn-basic');
  const rows = ['id,name,unit,status'];
  for (let i = 1; i <= 10; i++) rows.push(`M${i},代表${i},一中,正式`);
  writeFileSync(join(a.dir, 'roll.csv'), rows.join('\n') + '\n');
  a.run('roll', 'import', join(a.dir, 'roll.csv'));
  a.run('checkin', 'M1', 'M2', 'M3', 'M4', 'M5', 'M6', 'M7', 'M8', 'M9');
  a.account('sec', 'secretariat', PW);
  a.account('chair', 'chair', PW);
  url = await a.serve();
  sec = await client(url, { name: 'sec', password: PW });
  codes = new Map((await sec.post('/api/codes', {})).codes.map((c) => [c.member, c.code]));
  await sec.post('/api/resolutions', { question: '关于工作报告的决议' });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  a?.close();
});

// A delegate's phone, signed in with the card's code.
async function phone(member) {
  const page = await newPage(browser, { ...PHONE, locale: 'zh-CN' });
  await page.goto(url);
  await page.fill('#delegate [name=code]', codes.get(member).toLowerCase());
  await page.click('#delegate button[type=submit]');
  await page.waitForSelector('#polls');
  return page;
}

test('a secret phone vote on a resolution', async () => {
  assert.equal(codes.size, 10, 'a code for every member');
  const chair = await newPage(browser, { viewport: { width: 1280, height: 900 } });
  await signIn(chair, url, 'chair', PW, 'resolutions');
  await chair.waitForSelector('li.resolution[data-n="1"] .open-poll');
  await chair.selectOption('li.resolution[data-n="1"] .open-poll select', 'secret');
  await chair.click('li.resolution[data-n="1"] .open-poll button');
  await chair.waitForSelector('.poll[data-state="open"]');
  assert.equal(await chair.textContent('.poll .count'), '已投0人，共9人');

  // delegate 1: for, reviewed, sent, a receipt
  const d1 = await phone('M1');
  assert.equal(await d1.getAttribute('html', 'lang'), 'zh-Hans'); // the assembly's (cn-basic)
  await d1.waitForSelector('.vote-card[data-you="eligible"] button.choice.yes');
  assert.equal(await d1.textContent('button.choice.yes'), '赞成');
  assert.equal(await d1.textContent('button.choice.no'), '反对');
  assert.equal(await d1.textContent('button.choice.abstain'), '弃权');
  await shot(d1, 'vote-01-phone-choices');
  await d1.tap('button.choice.yes');
  await d1.waitForSelector('#vote-send');
  assert.equal(await d1.textContent('.review-choice'), '赞成');
  await shot(d1, 'vote-02-phone-review');
  await d1.tap('#vote-send');
  await d1.waitForSelector('.confirm .receipt-code');
  const receipt = await d1.textContent('.confirm .receipt-code');
  assert.match(receipt, /^\S+$/, 'a receipt');
  assert.equal(await d1.textContent('.confirm .big-ok'), '您已投票。');
  await shot(d1, 'vote-03-phone-voted');

  // a second vote from the same delegate is refused by the server
  const again = await d1.evaluate(async () => {
    const s = await (await fetch('/api/session')).json();
    const r = await fetch('/api/polls/1/vote', { method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Plenum-CSRF': s.csrf },
      body: JSON.stringify({ choice: 'no' }) });
    return r.status;
  });
  assert.equal(again, 409);
  await d1.reload();
  await d1.waitForSelector('.vote-card[data-you="voted"] .big-ok');

  // delegate 2: against
  const d2 = await phone('M2');
  await d2.tap('button.choice.no');
  await d2.tap('#vote-send');
  await d2.waitForSelector('.confirm .receipt-code');

  // the chair sees 2 of 9, live, and closes
  await chair.waitForFunction(() => document.querySelector('.poll .count')?.textContent === '已投2人，共9人',
    null, { timeout: 5000 });
  await shot(chair, 'vote-04-chair-progress');
  // the hall's projector shows the progress too
  const hall = await chair.context().newPage();
  await hall.goto(`${url}projector.html`);
  await hall.waitForSelector('#polls:not([hidden]) #poll-list li[data-poll="1"]');
  assert.equal(await hall.textContent('#poll-list li .count'), '2 / 9');
  await shot(hall, 'vote-04-projector-progress');
  await hall.close();
  await chair.click('.poll button.close-poll');
  await chair.waitForSelector('li.resolution[data-n="1"][data-decided="true"]');
  const outcome = await chair.textContent('li.resolution[data-n="1"] .outcome');
  assert.match(outcome, /赞成 1 · 反对 1 · 弃权 0/);
  assert.match(outcome, /^未通过/); // 1 for of 9 present is not more than half
  await shot(chair, 'vote-05-chair-closed');

  // the phone says the vote has closed
  await d1.waitForSelector('.vote-card[data-state="closed"]', { timeout: 5000 });
  await shot(d1, 'vote-05-phone-closed');
  assert.deepEqual([...chair.failures, ...d1.failures, ...d2.failures], []);
  // a spent code does not sign in twice
  const r = await fetch(`${url}api/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ code: codes.get('M1') }) });
  assert.equal(r.status, 401);
});

test('an election round on the phones', async () => {
  await sec.post('/api/elections', { title: '书记', seats: 1 });
  await sec.post('/api/elections/1/candidates', { name: '代表9', member: 'M9' });
  await sec.post('/api/elections/1/candidates', { name: '代表10', member: 'M10' });
  const chair = await newPage(browser, { viewport: { width: 1280, height: 900 } });
  await signIn(chair, url, 'chair', PW, 'elections/1');
  await chair.click('#round-form button[type=submit]');
  await chair.waitForSelector('.open-poll');
  await chair.selectOption('.open-poll select', 'named');
  await chair.click('.open-poll button');
  await chair.waitForSelector('.poll[data-state="open"]');

  const d3 = await phone('M3');
  await d3.waitForSelector('.cand-row[data-id]');
  assert.equal(await d3.$$eval('.cand-row', (r) => r.length), 2);
  const rows = await d3.$$('.cand-row');
  // for both: more than the one seat, so the phone warns
  await (await rows[0].$('button.mark[data-mark="Y"]')).tap();
  await (await rows[1].$('button.mark[data-mark="Y"]')).tap();
  await d3.waitForSelector('.msg.over');
  await shot(d3, 'vote-06-phone-election-warning');
  await (await rows[1].$('button.mark[data-mark="N"]')).tap();
  assert.equal(await d3.$('.msg.over'), null);
  await d3.tap('#vote-review');
  await d3.waitForSelector('.review-marks');
  await d3.tap('#vote-send');
  await d3.waitForSelector('.confirm .receipt-code');
  await shot(d3, 'vote-07-phone-election-voted');

  const d4 = await phone('M4');
  await d4.waitForSelector('.cand-row[data-id]');
  const r4 = await d4.$$('.cand-row');
  await (await r4[0].$('button.mark[data-mark="Y"]')).tap();
  assert.equal(await d4.isDisabled('#vote-review'), true, 'every name needs a mark');
  await (await r4[1].$('button.mark[data-mark="A"]')).tap();
  await d4.tap('#vote-review');
  await d4.tap('#vote-send');
  await d4.waitForSelector('.confirm .receipt-code');

  await chair.waitForFunction(() => document.querySelector('.poll .count')?.textContent === '已投2人，共9人',
    null, { timeout: 5000 });
  // named: the chair sees who has not voted yet
  await chair.waitForFunction(() => document.querySelectorAll('.poll .not-voted li').length === 7);
  assert.equal(await chair.textContent('.poll .not-voted summary'), '7人尚未投票');
  await chair.click('.poll .not-voted summary');
  await shot(chair, 'vote-08-chair-named-progress');
  await chair.click('.poll button.close-poll');
  await chair.waitForSelector('#rounds .result table.result-table');
  const yes = await chair.$$eval('#rounds .result table.result-table tbody tr',
    (trs) => trs.map((tr) => [tr.children[0].textContent, tr.children[1].textContent]));
  assert.deepEqual(yes, [['代表9', '2'], ['代表10', '0']]);
  await shot(chair, 'vote-09-chair-election-closed');
});

test('wrong codes: refused, then held off with the time to wait', async () => {
  // Last in this file: the hold-off is per client address, for 5 minutes.
  const page = await newPage(browser, PHONE);
  await page.goto(`${url}?lang=vi`);
  assert.equal(await page.textContent('#delegate h2'), 'Đại biểu đăng nhập');
  const attempt = async () => {
    await page.fill('#delegate [name=code]', 'AAAAA-AAAAA');
    await page.click('#delegate button[type=submit]');
    await page.waitForFunction(() => !document.querySelector('#delegate button').disabled &&
      document.querySelector('.signin-screen .msg')?.dataset.kind === 'bad');
    return page.textContent('.signin-screen .msg');
  };
  assert.equal(await attempt(), 'Sai tên, mật khẩu hoặc mã.');
  // 5 failures from this address in 5 minutes (the spent code above was
  // one): then 429, and the page says how long to wait
  let said = '';
  for (let i = 0; i < 5 && !/Thử lại/.test(said); i++) said = await attempt();
  assert.match(said, /^Sai quá nhiều lần\. Thử lại sau \d+ giây\.$/);
  await shot(page, 'vote-10-phone-held-off');
});

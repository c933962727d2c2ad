// congress.test.mjs: a whole congress through the browser, as the people
// in the hall do it.  The secretariat imports the roll (a bad file first:
// the rows to fix are listed), creates the staff accounts, appoints the
// officials and enters an election of 5 candidates for 3 seats (cn-basic);
// the desk checks delegates in by card code and by name until the quorum
// is met; the chair opens the round; the scrutineer records the ballots;
// two tellers enter the batch (the second mistypes one ballot, sees the
// difference, corrects it); the count elects 3; the scrutineer signs; the
// projector shows the elected.  Usage: node --test congress.test.mjs
// (PLENUM, SRCDIR, OUTDIR in the environment).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assembly, launch, newPage, signIn, signOut, shot } from './lib.mjs';

const NAMES = ['王立新', '孙建国', '张文涛', '陈春兰', '李晓梅', '吴海燕', '周志远', '赵一鸣',
  '钱雨桐', '刘德明', '杨丽', '黄志强', '何静', '郭军', '马小红', '罗斌', '梁海', '宋佳',
  '郑伟', '谢芳', '韩冰', '唐亮', '冯雪', '于洋', '董明', '萧红', '程刚', '曹颖', '袁波', '邓琳'];
const ID = (i) => `D${String(i + 1).padStart(2, '0')}`; // D01 … D30
const PW = 'correct-horse-1';
const ELECTION = '县教育工会委员会委员';

// The ballots of the box: 26 returned, 3 marks "for" each.  C1 23 for,
// C2 21, C3 18 (elected: 14 needed of 26 present), C4 13, C5 3.
const BOX = [...Array(10).fill('YYYNN'), ...Array(8).fill('YYNYN'),
  ...Array(5).fill('YNYYN'), ...Array(3).fill('NYYNY')];

let a, url, browser;

before(async () => {
  a = assembly();
  a.run('init', '--name', '县教育系统代表大会', '--rules', 'cn-basic');
  a.account('sec', 'secretariat', PW);
  url = await a.serve();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  a?.close();
});

test('a congress from the roll to the announcement', async () => {
  const page = await newPage(browser, { viewport: { width: 1280, height: 900 } });
  try {
    await congress(page);
  } catch (err) {
    await shot(page, 'congress-failure').catch(() => {});
    throw err;
  }
});

async function congress(page) {

  // --- the roll: a bad file is refused whole, with its rows to fix ---
  await signIn(page, url, 'sec', PW, 'roll');
  // the assembly's language (cn-basic: Simplified Chinese) once signed in
  assert.equal(await page.textContent('#who'), 'sec · 秘书处');
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-Hans');
  const bad = join(a.dir, 'bad.csv');
  writeFileSync(bad, 'id,name,unit,status\nD01,王立新,一中,正式\nD01,孙建国,二中,正式\nD03,张文涛,三中,特邀代表\n');
  await page.setInputFiles('#roll-file', bad);
  await page.click('#roll-form button[type=submit]');
  await page.waitForSelector('#roll-errors table.errors tbody tr');
  const errorRows = await page.$$eval('#roll-errors tbody tr', (trs) => trs.map((tr) => tr.textContent));
  assert.equal(errorRows.length, 2, `one row per bad row: ${errorRows}`);
  assert.match(errorRows[0], /^3/, 'the duplicate id is on line 3');
  assert.match(errorRows[1], /^4/, 'the unknown status is on line 4');
  assert.equal(await page.getAttribute('#roll-result', 'data-kind'), 'bad');
  await shot(page, 'congress-01-roll-errors');

  const good = join(a.dir, 'roll.csv');
  writeFileSync(good, ['id,name,unit,status', ...NAMES.map((n, i) => `${ID(i)},${n},第${(i % 5) + 1}中学,正式`)]
    .join('\n') + '\n');
  await page.setInputFiles('#roll-file', good);
  await page.click('#roll-form button[type=submit]');
  await page.waitForFunction(() => document.querySelector('#roll-result')?.dataset.kind === 'ok');
  assert.match(await page.textContent('#roll-result'), /30/);
  await page.waitForFunction(() => document.querySelectorAll('table.members tbody tr').length === 30);
  await page.fill('#roll-q', '海');
  await page.waitForFunction(() => document.querySelectorAll('table.members tbody tr').length === 2);
  await shot(page, 'congress-02-roll');

  // --- accounts and officials ---
  await page.goto(`${url}#/setup`);
  await page.waitForSelector('#account-form');
  const accounts = [['desk', 'checkin', ''], ['chair', 'chair', ''], ['t1', 'teller', 'D29'],
    ['t2', 'teller', 'D30'], ['s1', 'scrutineer', 'D28'], ['proj', 'projector', '']];
  for (const [name, role, member] of accounts) {
    await page.fill('#account-form [name=name]', name);
    await page.selectOption('#account-form [name=role]', role);
    await page.fill('#account-form [name=password]', PW);
    await page.fill('#account-form [name=member]', member);
    await page.click('#account-form button[type=submit]');
    await page.waitForFunction((n) => [...document.querySelectorAll('table.accounts td:first-child')]
      .some((td) => td.textContent === n), name);
  }
  assert.equal(await page.$$eval('table.accounts tbody tr', (r) => r.length), 7);
  for (const [role, member] of [['teller', 'D29'], ['teller', 'D30'], ['scrutineer', 'D28']]) {
    await page.selectOption('#official-form [name=role]', role);
    await page.fill('#official-form [name=member]', member);
    await page.click('#official-form button[type=submit]');
    await page.waitForFunction((m) => [...document.querySelectorAll('table.officials td')]
      .some((td) => td.textContent === m), member);
  }
  assert.equal(await page.$$eval('table.officials tbody tr', (r) => r.length), 3);
  // codes for two lost cards: shown once, to print
  await page.fill('#codes-form [name=members]', 'D01 D02');
  await page.click('#codes-form button[type=submit]');
  await page.waitForSelector('table.codes-table tbody tr');
  const issued = await page.$$eval('table.codes-table tbody tr', (trs) => trs.map((tr) => tr.children[0].textContent));
  assert.deepEqual(issued, ['D01', 'D02']);
  assert.match(await page.textContent('table.codes-table tbody tr td.code'), /^[A-Z2-9]{5}-[A-Z2-9]{5}$/);
  await shot(page, 'congress-03-setup');

  // --- the election: 5 candidates for 3 seats, checked against cn-basic ---
  await page.goto(`${url}#/elections`);
  await page.fill('#election-form [name=title]', ELECTION);
  await page.fill('#election-form [name=seats]', '3');
  await page.click('#election-form button[type=submit]');
  await page.waitForSelector('#candidate-form');
  assert.match(page.url(), /#\/elections\/1$/);
  for (let i = 0; i < 5; i++) {
    await page.fill('#candidate-form [name=name]', NAMES[i]);
    await page.fill('#candidate-form [name=member]', ID(i));
    await page.click('#candidate-form button[type=submit]');
    await page.waitForFunction((n) => document.querySelectorAll('table.candidates tbody tr').length === n, i + 1);
  }
  // an official may not stand
  await page.fill('#candidate-form [name=name]', NAMES[28]);
  await page.fill('#candidate-form [name=member]', 'D29');
  await page.click('#candidate-form button[type=submit]');
  await page.waitForFunction(() => document.querySelector('#candidate-form .msg')?.dataset.kind === 'bad');
  assert.equal(await page.$$eval('table.candidates tbody tr', (r) => r.length), 5);
  await page.fill('#candidate-form [name=name]', '');
  await page.fill('#candidate-form [name=member]', '');
  await page.click('#check-list');
  await page.waitForSelector('#check-report:not([hidden])');
  assert.equal(await page.getAttribute('#check-report', 'data-ok'), 'true');
  await shot(page, 'congress-04-election');

  // --- the agenda ---
  await page.goto(`${url}#/agenda`);
  for (const [i, title] of ['开幕', '听取和审议工作报告', '选举'].entries()) {
    await page.fill('#agenda-form [name=title]', title);
    await page.click('#agenda-form button[type=submit]');
    await page.waitForFunction((n) => document.querySelectorAll('#agenda-list li[data-n]').length === n, i + 1);
  }
  await signOut(page);

  // --- check-in at the desk: card codes and names, until the quorum ---
  await signIn(page, url, 'desk', PW);
  await page.waitForSelector('#desk-input');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'desk-input');
  assert.equal(await page.textContent('#quorum .should dd'), '30');
  assert.equal(await page.textContent('#quorum .present dd'), '0');
  assert.equal(await page.textContent('#quorum .required dd'), '25'); // more than 4/5 of 30
  const checkIn = async (text, expect) => {
    await page.fill('#desk-input', text);
    await page.press('#desk-input', 'Enter');
    await page.waitForFunction(([e]) => document.querySelector('#desk-msg')?.textContent.includes(e), [expect]);
  };
  // the scanner types the card's text and Enter; D17 comes later
  for (let i = 0; i < 20; i++) if (i !== 16) await checkIn(`PM1:${ID(i)}`, ID(i));
  assert.equal(await page.textContent('#quorum .present dd'), '19');
  assert.equal(await page.getAttribute('#quorum', 'data-met'), 'false');
  // by name: a unique fragment checks in at once
  for (let i = 20; i < 26; i++) await checkIn(NAMES[i], NAMES[i]);
  assert.equal(await page.getAttribute('#desk-msg', 'data-kind'), 'ok');
  assert.equal(await page.textContent('#quorum .present dd'), '25');
  assert.equal(await page.getAttribute('#quorum', 'data-met'), 'true');
  // the same card twice: already present, said clearly
  await checkIn('PM1:D01', 'D01');
  assert.equal(await page.getAttribute('#desk-msg', 'data-kind'), 'warn');
  assert.match(await page.textContent('#desk-msg'), /^已到场/);
  // a fragment two names share: the matches are offered, one click
  await page.fill('#desk-input', '海');
  await page.press('#desk-input', 'Enter');
  await page.waitForFunction(() => document.querySelectorAll('#desk-matches button.match').length === 2);
  await shot(page, 'congress-05-desk-matches');
  await page.click('#desk-matches button[data-member="D17"]'); // 梁海
  await page.waitForFunction(() => document.querySelector('#quorum .present dd').textContent === '26');
  assert.equal(await page.textContent('#desk-msg'), '梁海（D17）已报到。');
  // one leaves (the button on the list), and comes back (typing the id)
  await page.click('#desk-recent li[data-member="D26"] button');
  await page.waitForFunction(() => document.querySelector('#quorum .present dd').textContent === '25');
  assert.equal(await page.getAttribute('#desk-recent li:first-child', 'data-present'), 'false');
  await page.fill('#desk-input', 'D26');
  await page.press('#desk-input', 'Enter');
  await page.waitForFunction(() => document.querySelector('#quorum .present dd').textContent === '26');
  assert.equal(await page.textContent('#desk-msg'), '萧红（D26）已报到。');
  assert.equal(await page.getAttribute('#quorum', 'data-met'), 'true');
  await shot(page, 'congress-06-desk');
  await signOut(page);

  // --- the chair: the agenda, a resolution by show of hands, the round ---
  await signIn(page, url, 'chair', PW, 'agenda');
  await page.click('#agenda-list li[data-n="2"] button[data-state="current"]');
  await page.waitForSelector('#agenda-list li[data-n="2"][data-state="current"]');
  await page.goto(`${url}#/resolutions`);
  await page.fill('#resolution-form [name=question]', '关于工作报告的决议');
  await page.selectOption('#resolution-form [name=item]', '2');
  await page.click('#resolution-form button[type=submit]');
  await page.click('li.resolution[data-n="1"] .decide-box summary');
  for (const [k, v] of [['yes', '24'], ['no', '1'], ['abstain', '1']])
    await page.fill(`li.resolution[data-n="1"] form.decide [name=${k}]`, v);
  await page.click('li.resolution[data-n="1"] form.decide button[type=submit]');
  await page.waitForSelector('li.resolution[data-n="1"][data-decided="true"]');
  assert.match(await page.textContent('li.resolution[data-n="1"] .outcome'), /^通过 · 赞成 24 · 反对 1 · 弃权 1/);
  await shot(page, 'congress-07-resolutions');
  await page.goto(`${url}#/agenda`);
  await page.click('#agenda-list li[data-n="3"] button[data-state="current"]');
  await page.waitForSelector('#agenda-list li[data-n="3"][data-state="current"]');
  assert.equal(await page.getAttribute('#agenda-list li[data-n="2"]', 'data-state'), 'done'); // the server moves on
  await page.goto(`${url}#/quorum`);
  await page.waitForSelector('#quorum[data-met="true"]');
  await shot(page, 'congress-07-quorum');
  await page.goto(`${url}#/elections/1`);
  await page.waitForSelector('#round-form');
  await page.click('#round-form button[type=submit]');
  await page.waitForSelector('#rounds section.round[data-round="1"]');
  assert.match(await page.textContent('#rounds'), /26/); // present, frozen at the opening
  await shot(page, 'congress-07-round-open');
  await signOut(page);

  // --- the scrutineer: 26 ballots issued, 26 returned ---
  await signIn(page, url, 's1', PW, 'scrutiny');
  await page.waitForSelector('#scrutiny-counts');
  for (const [what, label] of [['issued', '发出选票'], ['returned', '收回选票']]) {
    await page.fill(`#${what}-form [name=count]`, '26');
    await page.click(`#${what}-form button[type=submit]`);
    await page.waitForFunction((l) => document.querySelector('#scrutiny-counts').textContent.includes(`${l} 26`), label);
  }
  await shot(page, 'congress-08-scrutineer-ballots');
  await signOut(page);

  // --- teller 1 types the box, in lowercase as fingers do ---
  await signIn(page, url, 't1', PW, 'entry');
  await page.waitForFunction(() => document.querySelectorAll('#ballot-cols .col').length === 5);
  assert.deepEqual(await page.$$eval('#ballot-cols .cname', (c) => c.map((x) => x.textContent)), NAMES.slice(0, 5));
  await page.click('#ballot-lines');
  await page.keyboard.type('yyy');
  assert.equal(await page.textContent('#line-status'), '1张选票 · 1处错误 · 第1行：第4个标记，共5个 · 陈春兰');
  assert.equal(await page.textContent('#line-errors li'), '第1行：有3个标记，应为5个。');
  assert.equal(await page.isDisabled('#entry-submit'), true, 'a short line blocks the submit');
  await page.fill('#ballot-lines', '');
  await page.keyboard.type(BOX.join('\n').toLowerCase());
  await page.waitForFunction(() => document.querySelector('#line-status').dataset.kind === 'ok');
  assert.equal(await page.inputValue('#ballot-lines'), BOX.join('\n'));
  await shot(page, 'congress-09-entry-1');
  await page.click('#entry-submit');
  await page.waitForFunction(() => /26/.test(document.querySelector('#entry-msg')?.textContent || ''));
  await signOut(page);

  // --- teller 2: one ballot read wrong, seen in the reconcile, corrected ---
  await signIn(page, url, 't2', PW, 'entry');
  await page.waitForFunction(() => document.querySelectorAll('#ballot-cols .col').length === 5);
  await page.selectOption('#entry-entry', '2');
  const typo = [...BOX];
  typo[6] = 'YYNYN'; // ballot 7 is YYYNN on paper
  await page.fill('#ballot-lines', typo.join('\n'));
  await page.click('#entry-submit');
  await page.waitForFunction(() => /YYYNN/.test(document.querySelector('#reconcile-report')?.textContent));
  assert.equal(await page.getAttribute('#reconcile-verdict', 'data-kind'), 'warn');
  assert.match(await page.textContent('#reconcile-verdict'), /^有1处不一致或缺少录入/);
  assert.match(await page.textContent('#reconcile-report'), /YYYNN/);
  assert.equal(await page.getAttribute('#entry-batches tr[data-batch="1"]', 'data-agree'), 'false');
  await shot(page, 'congress-10-reconcile-differs');
  await page.fill('#ballot-lines', BOX.join('\n'));
  await page.click('#entry-submit');
  await page.waitForFunction(() => document.querySelector('#reconcile-verdict')?.dataset.kind === 'ok');
  assert.equal(await page.getAttribute('#entry-batches tr[data-batch="1"]', 'data-agree'), 'true');

  // --- the count ---
  await page.click('#count-button');
  await page.waitForSelector('#count-result table.result-table');
  const rows = await page.$$eval('#count-result table.result-table tbody tr',
    (trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent)));
  assert.deepEqual(rows.map((r) => [r[0], r[1], r[2]]), [
    [NAMES[0], '23', '3'], [NAMES[1], '21', '5'], [NAMES[2], '18', '8'],
    [NAMES[3], '13', '13'], [NAMES[4], '3', '23']]);
  const elected = await page.$$eval('#count-result .elected-list li', (l) => l.map((x) => x.textContent));
  assert.deepEqual([...elected].sort(), NAMES.slice(0, 3).sort());
  assert.match(await page.textContent('#count-result .facts'), /14/); // votes needed of 26
  await shot(page, 'congress-11-count');
  await signOut(page);

  // --- the scrutineer reads the report and signs ---
  await signIn(page, url, 's1', PW, 'scrutiny');
  await page.waitForSelector('#scrutiny-result table.result-table');
  await page.click('#report-button');
  await page.waitForFunction(() => document.querySelector('#scrutiny-report').textContent.length > 100);
  assert.match(await page.textContent('#scrutiny-report'), new RegExp(NAMES[0]));
  await page.click('#sign-button');
  await page.waitForFunction(() => document.querySelector('#scrutiny-msg').dataset.kind === 'ok');
  assert.equal(await page.textContent('#scrutiny-msg'), '已签字。全体监票人均已签字。');
  await shot(page, 'congress-12-signed');

  // --- results, in Traditional Chinese ---
  await signOut(page);
  await signIn(page, url, 'chair', PW, 'results');
  await page.selectOption('#lang', 'zh-Hant');
  await page.waitForSelector('.election-result table.result-table');
  assert.equal(await page.textContent('.election-result table.result-table th:nth-child(2)'), '贊成');
  await page.click('.election-result .report-box button');
  await page.waitForFunction(() => document.querySelector('.election-result pre.report')?.textContent.includes('當選'));
  await shot(page, 'congress-13-results-zh-Hant');

  // --- the projector, another browser: the elected in the result's order ---
  const proj = await newPage(browser, { viewport: { width: 1920, height: 1080 } });
  await proj.goto(`${url}projector.html`);
  await proj.waitForSelector('#staff'); // sent to sign in first
  await proj.fill('#staff [name=name]', 'proj');
  await proj.fill('#staff [name=password]', PW);
  await proj.click('#staff button[type=submit]');
  await proj.waitForURL((u) => u.pathname.endsWith('/projector.html'));
  await proj.waitForFunction(() => document.querySelectorAll('#elected li').length === 3);
  const shown = await proj.$$eval('#elected li .name', (l) => l.map((x) => x.textContent));
  assert.deepEqual([...shown].sort(), NAMES.slice(0, 3).sort());
  assert.equal(await proj.textContent('#present'), '26');
  assert.equal(await proj.textContent('#current'), '3. 选举');
  assert.equal(await proj.getAttribute('#quorum', 'data-met'), 'true');
  assert.equal(await proj.$$eval('#bars li', (l) => l.length), 5);
  assert.equal(await proj.textContent('#bars li:first-child .votes'), '23');
  await shot(proj, 'congress-14-projector');

  // live: a check-in at the desk moves the projector without a reload
  await signOut(page);
  await signIn(page, url, 'desk', PW);
  await page.fill('#desk-input', 'PM1:D27');
  await page.press('#desk-input', 'Enter');
  await proj.waitForFunction(() => document.getElementById('present').textContent === '27', null, { timeout: 5000 });

  assert.deepEqual(page.failures, [], 'no script error on the console');
  assert.deepEqual(proj.failures, [], 'no script error on the projector');
}

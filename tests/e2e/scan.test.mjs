// scan.test.mjs: scanned paper ballots through the browser.  Ballots are
// printed for the open round (which records the layout the scanner reads
// against); marked scans of them come from the test tool scanfix (clean
// PNGs, degraded ones, a multi-page TIFF) with the truth of each, plus a
// broken file that waits as unreadable; plenum scan read reads them all.
// In the browser a teller sees the queue the command lists, decides each
// waiting ballot from the truth (a name written in is typed; one ballot as
// a typed line) and the broken one as not a ballot; a scrutineer linked to
// the deciding teller's member is not offered to confirm, the server's
// refusal of an account that is no scrutineer is shown; the scrutineer
// confirms every decision while the teller's screen follows live; the
// teller enters the ballots.  The record (plenum scan list) then holds
// every ballot entered with the truth's line, or rejected.
// Usage: node --test scan.test.mjs (PLENUM, SRCDIR, OUTDIR in the
// environment; SCANFIX names paper/plenum-scanfix, else OUTDIR holds it).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { assembly, launch, newPage, signIn, shot, outdir } from './lib.mjs';

const PW = 'correct-horse-1';
const CANDIDATES = ['王立新', '孙建国', '张文涛'];
// names a teller reads off the lines for names written in, in line order
const WRITTEN = ['刘德明', '陈春兰', '赵一鸣'];
const scanfix = process.env.SCANFIX || join(outdir, 'scanfix');

let a, url, browser;
let truth = []; // ballot n - 1 → its true line; null: not a ballot
let tiffBallot = 0;

// scanfix LAYOUTS DIR COUNT SEED [flags]: the files it wrote, in order,
// and the truth of each ballot.
function scans(dir, count, seed, ...flags) {
  mkdirSync(dir, { recursive: true });
  execFileSync(scanfix, [join(a.dir, 'layouts.json'), dir, String(count), String(seed), ...flags]);
  const files = readdirSync(dir).filter((f) => /^b\d+(-p\d+)?\.(png|jpg|tif)$/.test(f)).sort().map((f) => join(dir, f));
  const lines = readFileSync(join(dir, 'truth.txt'), 'utf8').split('\n').slice(0, -1);
  assert.equal(lines.length, count, `scanfix wrote the truth of ${count} ballots`);
  return { files, lines };
}

// The line a teller decides from the truth: the names written in read.
const decided = (line) => {
  let k = 0;
  return line.replace(/w:Y:\?/g, () => `w:Y:${WRITTEN[k++]}`);
};

const cli = (...args) => JSON.parse(a.run('scan', 'list', '1', ...args, '--json'));

before(async () => {
  assert.ok(existsSync(scanfix), `scanfix is built at ${scanfix}`);
  a = assembly();
  a.run('init', '--name', '第九次代表大会', '--rules', 'cn-basic');
  const rows = ['id,name,unit,status'];
  for (let i = 1; i <= 12; i++) rows.push(`M${String(i).padStart(2, '0')},代表${i},一中,正式`);
  writeFileSync(join(a.dir, 'roll.csv'), rows.join('\n') + '\n');
  a.run('roll', 'import', join(a.dir, 'roll.csv'));
  a.run('election', 'add', '选举委员', '--seats', '2');
  a.run('election', 'candidate', '1', ...CANDIDATES);
  a.run('official', 'teller', 'M11', 'M12');
  a.run('official', 'scrutineer', 'M09', 'M10');
  a.run('checkin', 'M01', 'M02', 'M03', 'M04', 'M05', 'M06', 'M07', 'M08', 'M09', 'M10', 'M11', 'M12');
  a.run('round', 'open', '1');
  a.run('print', 'ballots', '1', '--copies', '5', '--out', join(a.dir, 'ballots.pdf'));
  writeFileSync(join(a.dir, 'layouts.json'), a.run('scan', 'layouts', '1'));

  // 8 clean ballots, 6 degraded (rotated, blurred, JPEG), a broken PNG
  const clean = scans(join(a.dir, 'box1'), 8, 7);
  const degraded = scans(join(a.dir, 'box2'), 6, 8, '--degrade');
  const junk = join(a.dir, 'junk.png');
  writeFileSync(junk, Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), randomBytes(3000)]));
  a.run('scan', 'read', '1', ...clean.files, ...degraded.files, junk);
  truth = [...clean.lines, ...degraded.lines, null];
  // and one ballot scanned as TIFF, which a browser cannot show
  const tiff = scans(join(a.dir, 'tiff'), 1, 11, '--tiff');
  a.run('scan', 'read', '1', ...tiff.files);
  truth.push(...tiff.lines);
  tiffBallot = truth.length;

  a.account('t1', 'teller', PW, 'M11');
  a.account('s1', 'scrutineer', PW, 'M09');
  // a scrutineer's account that acts for the deciding teller's member
  a.account('s-own', 'scrutineer', PW, 'M11');
  // and one acting for a member who is no appointed scrutineer
  a.account('s-bad', 'scrutineer', PW, 'M12');
  url = await a.serve();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  a?.close();
});

test('scanned ballots: the queue decided, confirmed and entered', async () => {
  const teller = await newPage(browser, { viewport: { width: 1280, height: 900 } });
  const pages = [teller];
  try {
    await scanned(teller, pages);
  } catch (err) {
    for (const [i, p] of pages.entries()) await shot(p, `scan-failure-${i}`).catch(() => {});
    throw err;
  }
});

async function scanned(teller, pages) {
  const all = cli();
  assert.equal(all.ballots.length, truth.length, 'every ballot read is in the record');
  const queue = cli('--queue').ballots.map((b) => b.n);
  const junkN = truth.indexOf(null) + 1;
  assert.ok(queue.includes(junkN), 'the broken file waits');
  assert.ok(queue.some((n) => truth[n - 1]?.includes('\tw:Y:')), 'a ballot with a name written in waits');

  // --- the teller sees the queue the command lists ---
  await signIn(teller, url, 't1', PW, 'scans');
  await teller.waitForFunction((n) => document.querySelectorAll('#scan-queue article.scan-ballot').length === n,
    queue.length);
  const shown = await teller.$$eval('#scan-queue article.scan-ballot', (els) => els.map((e) => +e.dataset.n));
  assert.deepEqual(shown, queue, 'the queue the command lists, in order');
  assert.equal(await teller.textContent('#scan-counts [data-count="waiting"] dd'), String(queue.length));
  assert.equal(await teller.textContent('#scan-counts [data-count="scanned"] dd'), String(truth.length));
  assert.equal(await teller.textContent('h2'), '扫描选票', 'in the assembly\'s language');
  assert.doesNotMatch(await teller.textContent('#main'), /\bnull\b|\bundefined\b/, 'no missing value shown');
  // a page image loads, large enough to read; a click zooms it
  const first = queue.find((n) => n !== junkN);
  const img = `#scan-ballot-${first} img.scan-image`;
  await teller.waitForFunction((s) => {
    const i = document.querySelector(s);
    return i && i.complete && i.naturalWidth > 0;
  }, img);
  assert.ok((await teller.$eval(img, (i) => i.getBoundingClientRect().width)) >= 400, 'the image is shown large');
  await teller.click(`#scan-ballot-${first} button.scan-zoom`);
  assert.equal(await teller.getAttribute(`#scan-ballot-${first} button.scan-zoom`, 'aria-pressed'), 'true');
  assert.ok((await teller.$eval(img, (i) => i.getBoundingClientRect().width)) >= 1000, 'zoomed');
  await teller.click(`#scan-ballot-${first} button.scan-zoom`);
  // the candidates' names label the marks; the scanner's reading is shown
  const names = await teller.$$eval(`#scan-ballot-${first} .scan-row.edit .cname`, (e) => e.map((x) => x.textContent));
  assert.deepEqual(names, CANDIDATES);
  await shot(teller, 'scan-01-queue');

  // --- the broken file: no marks chosen is refused here, then not a ballot ---
  const junk = `#scan-ballot-${junkN}`;
  assert.equal(await teller.getAttribute(`${junk} .scan-row.edit[data-i="0"]`, 'data-flag'), 'true');
  await teller.click(`${junk} button.scan-decide`);
  await teller.waitForSelector(`${junk} .scan-msg[data-kind="bad"]`);
  assert.equal(await teller.textContent(`${junk} .scan-msg`), '请为每位候选人选择标记。');
  await teller.fill(`${junk} input.scan-note`, '撕破的纸，不是选票');
  await teller.click(`${junk} button.scan-reject`);
  await teller.waitForSelector(`${junk}[data-state="decided"]`);
  assert.match(await teller.textContent(`${junk} .scan-decision`), /不是选票/);

  // --- every other ballot decided from the truth ---
  let typed = false;
  for (const n of queue) {
    if (n === junkN) continue;
    const card = `#scan-ballot-${n}`;
    const want = decided(truth[n - 1]);
    const [marks, ...writeins] = want.split('\t');
    if (!typed && writeins.length) {
      // one as a typed line: marks, then a line per name written in
      typed = true;
      await teller.click(`${card} details.line-box summary`);
      await teller.fill(`${card} textarea.scan-line`, [marks.toLowerCase(), ...writeins].join('\n'));
      for (const [i, c] of [...marks].entries())
        assert.equal(await teller.getAttribute(`${card} .scan-row.edit[data-i="${i}"]`, 'data-mark'), c,
          'the buttons follow the typed line');
    } else {
      for (const [i, c] of [...marks].entries())
        await teller.click(`${card} .scan-row.edit[data-i="${i}"] button[data-mark="${c}"]`);
      let have = await teller.$$eval(`${card} li.writein`, (l) => l.length);
      for (; have < writeins.length; have++) await teller.click(`${card} button.writein-add`);
      for (; have > writeins.length; have--) await teller.click(`${card} li.writein:last-child button.writein-remove`);
      for (const [k, w] of writeins.entries()) {
        const [, mark, name] = w.split(':');
        await teller.fill(`${card} li.writein[data-k="${k}"] input.writein-name`, name);
        await teller.selectOption(`${card} li.writein[data-k="${k}"] select.writein-mark`, mark);
      }
    }
    assert.equal(await teller.inputValue(`${card} textarea.scan-line`), [marks, ...writeins].join('\n'));
    await teller.click(`${card} button.scan-decide`);
    await teller.waitForSelector(`${card}[data-state="decided"]`);
    if (writeins.length)
      assert.match(await teller.textContent(`${card} .scan-decision`), new RegExp(WRITTEN[0]));
  }
  assert.ok(typed, 'one ballot was decided as a typed line');
  await teller.waitForFunction((n) =>
    document.querySelector('#scan-counts [data-count="decided"] dd')?.textContent === String(n), queue.length);
  assert.equal(await teller.textContent('#scan-counts [data-count="waiting"] dd'), '0');
  assert.equal(await teller.$$eval('button.scan-confirm', (b) => b.length), 0, 'a teller confirms nothing');
  await shot(teller, 'scan-02-decided');

  // --- the deciding teller's own member is not offered to confirm ---
  const own = await newPage(browser, { viewport: { width: 1280, height: 900 } });
  pages.push(own);
  await signIn(own, url, 's-own', PW, 'scans');
  await own.waitForFunction((n) => document.querySelectorAll('#scan-queue article.scan-ballot').length === n,
    queue.length);
  assert.equal(await own.$$eval('button.scan-confirm', (b) => b.length), 0);
  assert.equal(await own.$$eval('#scan-queue .msg.own', (b) => b.length), queue.length);
  await own.close();

  // --- the server's refusal is shown on the ballot ---
  const bad = await newPage(browser, { viewport: { width: 1280, height: 900 } });
  pages.push(bad);
  await signIn(bad, url, 's-bad', PW, 'scans');
  await bad.waitForSelector(`#scan-ballot-${first} button.scan-confirm`);
  await bad.click(`#scan-ballot-${first} button.scan-confirm`);
  await bad.waitForSelector(`#scan-ballot-${first} .scan-msg[data-kind="bad"]`);
  const refusal = await bad.textContent(`#scan-ballot-${first} .scan-msg`);
  assert.match(refusal, /scrutineer|M12/, `the server's words: ${refusal}`);
  assert.equal(await bad.getAttribute(`#scan-ballot-${first}`, 'data-state'), 'decided');
  await shot(bad, 'scan-03-refused');
  await bad.close();

  // --- the scrutineer confirms each decision, beside the image ---
  const scr = await newPage(browser, { viewport: { width: 1280, height: 900 } });
  pages.push(scr);
  await signIn(scr, url, 's1', PW, 'scans');
  await scr.waitForFunction((n) => document.querySelectorAll('#scan-queue button.scan-confirm').length === n,
    queue.length);
  await shot(scr, 'scan-04-scrutineer');
  for (const n of queue) {
    const card = `#scan-ballot-${n}`;
    if (n !== junkN) {
      const line = decided(truth[n - 1]).split('\t')[0];
      const rows = await scr.$$eval(`${card} .scan-row[data-i]`, (r) => r.map((x) => x.dataset.decided).join(''));
      assert.equal(rows, line, `ballot ${n}: the teller's marks are shown`);
    }
    await scr.click(`${card} button.scan-confirm`);
    await scr.waitForSelector(card, { state: 'detached' });
  }
  await scr.waitForSelector('#scan-queue .empty');
  // the teller's screen follows without a reload
  await teller.waitForFunction((n) =>
    document.querySelector('#scan-counts [data-count="confirmed"] dd')?.textContent === String(n), queue.length - 1);
  assert.equal(await teller.textContent('#scan-counts [data-count="rejected"] dd'), '1');
  await teller.waitForSelector('#scan-queue .empty');

  // --- the TIFF ballot is shown by its PNG preview ---
  await teller.click('details.scan-all summary');
  await teller.click(`button.scan-show[data-n="${tiffBallot}"]`);
  const tiffImg = '#scan-viewer img.scan-image';
  await teller.waitForFunction((s) => {
    const i = document.querySelector(s);
    return i && i.complete && i.naturalWidth > 0;
  }, tiffImg);
  const preview = await teller.getAttribute(tiffImg, 'data-preview');
  assert.match(preview, /^[0-9a-f]{64}$/, 'the TIFF page has a preview');
  assert.ok((await teller.getAttribute(tiffImg, 'src')).endsWith(preview), 'and the preview is what is shown');
  assert.equal((await teller.$$eval('#scan-viewer img.scan-image', (l) => l.length)),
    all.ballots[tiffBallot - 1].pages.length, 'every page of it');

  // --- the teller enters the ballots ---
  const counts0 = cli().counts;
  await teller.click('#scan-enter');
  await teller.waitForSelector('#scan-enter-msg[data-kind="ok"]');
  const entered = +(await teller.getAttribute('#scan-enter-msg', 'data-entered'));
  assert.equal(entered, counts0.accepted + counts0.confirmed);
  assert.equal(entered, truth.length - 1, 'all but the broken file');
  assert.match(await teller.textContent('#scan-enter-msg'), new RegExp(`${entered}`));
  await teller.waitForFunction((n) =>
    document.querySelector('#scan-counts [data-count="entered"] dd')?.textContent === String(n), entered);
  await shot(teller, 'scan-05-entered');

  // --- the record: entered as the truth says, the broken file rejected ---
  const after = cli();
  for (const b of after.ballots) {
    if (truth[b.n - 1] === null) {
      assert.equal(b.state, 'rejected', `ballot ${b.n} is not a ballot`);
      continue;
    }
    assert.equal(b.state, 'entered', `ballot ${b.n} is entered`);
    assert.equal(b.decision ?? b.line, decided(truth[b.n - 1]), `ballot ${b.n} has the truth's line`);
  }
  assert.deepEqual(teller.failures, [], 'no script error on the teller\'s screen');
  assert.deepEqual(scr.failures, [], 'no script error on the scrutineer\'s screen');
}

// The intake flow in real Chromium: a finder registers and submits a report
// with a file; an intake analyst acknowledges and accepts it; the finder
// sees both messages. Screenshots go to tests/browser/screenshots/.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';

import { chromium } from 'playwright-core';

import { addUser, startServer } from '../lib/server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const shots = path.join(here, 'screenshots');
const TIMEOUT = 60_000;

const finder = { name: 'Browser Finder', email: `browser-finder-${Date.now()}@example.test`, password: 'browser finder pw' };
const analyst = { name: 'Browser Analyst', email: `browser-analyst-${Date.now()}@example.test`, password: 'browser analyst pw' };
const poc = Buffer.from('GET /search?q=%3Cscript%3Ealert(document.domain)%3C%2Fscript%3E HTTP/1.1\nHost: cms.example\n');
const pocSha256 = createHash('sha256').update(poc).digest('hex');

let server;
let browser;
let finderContext;
let finderPage;
let analystContext;
const state = {};       // what one step hands to the next
const problems = [];    // console errors and CSP violations seen on any page

async function newContext(options = {}) {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 }, ...options });
  context.setDefaultTimeout(15_000);
  context.on('page', watch);
  return context;
}

function watch(page) {
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`${page.url()}: ${msg.text()} [${msg.location().url}]`);
  });
  page.on('pageerror', (err) => problems.push(`${page.url()}: ${err.message}`));
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`${res.url()}: HTTP ${res.status()}`);
  });
}

async function shot(page, name) {
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
}

/** The stylesheet is loaded and applied under the CSP. */
async function assertStyled(page) {
  const bg = await page.locator('header.top').evaluate((el) => getComputedStyle(el).backgroundColor);
  assert.equal(bg, 'rgb(16, 36, 63)', 'app.css applies to the header');
}

before(async () => {
  await mkdir(shots, { recursive: true });
  server = await startServer();
  await addUser(server.dataDir, { email: analyst.email, name: analyst.name, role: 'intake_analyst',
    password: analyst.password, lang: 'en' });
  // launch() gives the browser a fresh temporary profile of its own and removes it on close.
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_BIN || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  finderContext = await newContext();
  finderPage = await finderContext.newPage();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

describe('intake in the browser', () => {
  test('a finder registers, submits a software report with a file and sees its intake number and SHA-256',
    { timeout: TIMEOUT }, async () => {
      const page = finderPage;
      await page.goto(`${server.baseUrl}/register`);
      await assertStyled(page);
      assert.equal(await page.locator('h1').textContent(), 'Register as a finder');
      await shot(page, 'register');
      await page.fill('#display_name', finder.name);
      await page.fill('#email', finder.email);
      await page.fill('#password', finder.password);
      await page.selectOption('#language', 'en');
      await Promise.all([page.waitForURL(/\/reports\/new$/), page.click('button[type=submit]:has-text("Create account")')]);

      assert.equal(await page.locator('h1').textContent(), 'Report a vulnerability');
      assert.equal(await page.inputValue('#finder_name'), finder.name, 'the name is filled in');
      await page.check('input[name=kind][value=software]');
      await page.fill('#title', 'Reflected XSS in the ExampleCMS search page');
      await page.fill('#product_name', 'ExampleCMS');
      await page.fill('#product_version', '4.2.1');
      await page.fill('#product_url', 'https://cms.example/');
      await page.fill('#discovery_method', 'Manual testing of the search parameter with a proxy.');
      await page.fill('#tools_used', 'Burp Suite Community');
      await page.fill('#reproduction', '1. Open the URL in poc.txt.\n2. The script runs.');
      await page.fill('#impact', 'Script runs in the victim\'s session; session theft is possible.');
      await page.fill('#time_constraints', 'None');
      await page.fill('#finder_contact', '+81-3-0000-0000');
      await page.check('input[name=wants_credit]');
      await page.fill('#credit_name', 'B. Finder');
      await page.selectOption('#language', 'en');
      await page.setInputFiles('#attachments', { name: 'poc.txt', mimeType: 'text/plain', buffer: poc });
      await shot(page, 'report-form');

      await Promise.all([page.waitForURL(/\/reports\/\d+\?notice=submitted$/),
        page.click('button[type=submit]:has-text("Submit report")')]);
      await assertStyled(page);
      assert.match(await page.locator('.notice').textContent(), /Your report was received/);
      const crumbs = await page.locator('.crumbs').textContent();
      const intake = crumbs.match(/IN-\d{4}-\d{5}/)?.[0];
      assert.ok(intake, `intake number shown: ${crumbs}`);
      assert.equal(await page.locator('h1').textContent(), 'Reflected XSS in the ExampleCMS search page');
      assert.equal(await page.locator('#report-status').textContent(), 'Received');
      const files = await page.locator('#attachments ul.files').textContent();
      assert.ok(files.includes('poc.txt'), files);
      assert.ok(files.includes(`SHA-256 ${pocSha256}`), files);
      assert.ok(files.includes(`${poc.length} bytes`), files);
      assert.equal(await page.locator('#triage').count(), 0, 'no triage controls for a finder');
      state.intake = intake;
      state.reportUrl = page.url().replace(/\?.*$/, '');
      await shot(page, 'report');
    });

  test('the finder sees the report in "My reports"; the form works on a phone', { timeout: TIMEOUT }, async () => {
    assert.ok(state.intake, 'needs the submitted report');
    const page = finderPage;
    await page.click('header nav a:has-text("My reports")');
    await page.waitForURL(/\/reports$/);
    const link = page.locator('table.list a', { hasText: state.intake });
    assert.equal(await link.count(), 1);
    const row = page.locator('table.list tbody tr', { has: page.locator('a', { hasText: state.intake }) });
    assert.match(await row.textContent(), /Reflected XSS in the ExampleCMS search page/);
    assert.match(await row.textContent(), /Received/);
    await shot(page, 'my-reports');

    const phone = await newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true,
      deviceScaleFactor: 2, storageState: await finderContext.storageState() });
    try {
      const p = await phone.newPage();
      await p.goto(`${server.baseUrl}/reports/new`);
      await assertStyled(p);
      assert.equal(await p.locator('h1').textContent(), 'Report a vulnerability');
      // Nothing is wider than the screen: no horizontal scrolling on a phone.
      const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `page overflows horizontally by ${overflow}px`);
      await shot(p, 'report-form-phone');
    } finally {
      await phone.close();
    }
  });

  test('an analyst logs in, finds the report in the queue, acknowledges and accepts it', { timeout: TIMEOUT }, async () => {
    assert.ok(state.intake, 'needs the submitted report');
    analystContext = await newContext();
    const page = await analystContext.newPage();
    await page.goto(`${server.baseUrl}/login`);
    await assertStyled(page);
    await shot(page, 'login');
    await page.fill('#email', analyst.email);
    await page.fill('#password', analyst.password);
    await Promise.all([page.waitForURL(`${server.baseUrl}/`), page.click('button[type=submit]:has-text("Log in")')]);
    assert.match(await page.locator('header .who').textContent(), /Browser Analyst \(Intake analyst\)/);

    await page.click('header nav a:has-text("Intake queue")');
    await page.waitForURL(/\/queue$/);
    assert.equal(await page.locator('h1').textContent(), 'Intake queue');
    const link = page.locator('table.list a', { hasText: state.intake });
    assert.equal(await link.count(), 1, 'the report is in the queue');
    const row = page.locator('table.list tbody tr', { has: page.locator('a', { hasText: state.intake }) });
    assert.match(await row.textContent(), /Software product/);
    assert.match(await row.textContent(), /business days left/);
    await shot(page, 'queue');

    await Promise.all([page.waitForURL(/\/reports\/\d+$/), link.click()]);
    assert.equal(page.url(), state.reportUrl);
    assert.equal(await page.locator('#triage').count(), 1);
    await page.fill('#ack-note', 'We are reproducing the issue.');
    await Promise.all([page.waitForURL(/\?notice=acknowledged$/), page.click('#acknowledge')]);
    assert.equal(await page.locator('#report-status').textContent(), 'Acknowledged');
    assert.equal(await page.locator('#acknowledge').count(), 0, 'cannot acknowledge twice');

    await page.selectOption('#source', 'partnership');
    await page.fill('#accept-note', 'Coordination with the developer starts today.');
    const history = await page.locator('#history').textContent();
    assert.match(history, /received\s*→\s*acknowledged/);
    await Promise.all([page.waitForURL(/\/queue\?notice=accepted$/), page.click('#accept')]);
    // Accepted, the report is handed to coordination and leaves intake (PROCESS §1).
    assert.match(await page.locator('.notice').textContent(), /Accepted/);
    assert.equal(await page.getByText(state.intake).count(), 0, 'the accepted report left the queue');
    await shot(page, 'queue-after-acceptance');
  });

  test('the finder sees the acknowledgement and acceptance in the thread', { timeout: TIMEOUT }, async () => {
    const page = finderPage;
    await page.goto(state.reportUrl);
    assert.equal(await page.locator('#report-status').textContent(), 'Accepted');
    state.identifier = await page.locator('#case-identifier').textContent();
    assert.match(state.identifier, /^JVN#\d{8}$/);
    const history = await page.locator('#history').textContent();
    assert.match(history, /acknowledged\s*→\s*accepted/);
    const messages = page.locator('#thread ol.thread li.staff');
    assert.equal(await messages.count(), 2);
    const ack = await messages.nth(0).textContent();
    assert.ok(ack.includes(`Thank you for your report ${state.intake}`), ack);
    assert.ok(ack.includes('We are reproducing the issue.'), ack);
    assert.ok(ack.includes('Intake analyst'), ack);
    const acc = await messages.nth(1).textContent();
    assert.ok(acc.includes(`Your report ${state.intake} has been accepted`), acc);
    assert.ok(acc.includes(state.identifier), acc);
    assert.ok(acc.includes('Coordination with the developer starts today.'), acc);
    await shot(page, 'report-finder-accepted');

    // The finder answers in the thread.
    await page.fill('#message-body', 'Thank you. I will keep it confidential.');
    await Promise.all([page.waitForURL(/notice=message_posted/), page.click('#thread button[type=submit]')]);
    assert.equal(await page.locator('#thread ol.thread li').count(), 3);
  });

  test('the language link switches the page between English and Japanese', { timeout: TIMEOUT }, async () => {
    assert.ok(state.reportUrl, 'needs the report');
    const page = finderPage;
    await page.goto(state.reportUrl);
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.equal(await page.locator('header nav a.lang').textContent(), '日本語');
    // The link goes to /lang and back to the same URL: wait for the new document.
    await page.click('header nav a.lang');
    await page.waitForSelector('html[lang=ja]');
    assert.equal(page.url(), state.reportUrl);
    assert.equal(await page.locator('#report-status').textContent(), '受理');
    assert.match(await page.locator('header nav').textContent(), /私の届出/);
    assert.equal(await page.locator('header nav a.lang').textContent(), 'English');
    await assertStyled(page);
    await shot(page, 'report-finder-ja');

    // The choice sticks across pages, and can be switched back.
    await page.goto(`${server.baseUrl}/reports`);
    assert.equal(await page.locator('h1').textContent(), '私の届出');
    await page.click('header nav a.lang');
    await page.waitForSelector('html[lang=en]');
    assert.equal(await page.locator('h1').textContent(), 'My reports');
    assert.ok(page.url().endsWith('/reports'));
  });

  test('no page logged a console error or CSP violation', { timeout: TIMEOUT }, () => {
    assert.deepEqual(problems, [], problems.join('\n'));
  });
});

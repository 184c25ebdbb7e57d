// The public portal in real Chromium, on a phone-sized screen with JavaScript
// off: the list of published advisories (demo data), an advisory with its
// vendor table and CVSS, a vendor's status page, the language switch — with no
// horizontal scrolling of the page itself and no console error or failed load.
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';

import { chromium } from 'playwright-core';

import { startServer } from '../lib/server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const shots = path.join(here, 'screenshots');

let server;
let browser;
let context;
let page;
const problems = [];

describe('the public portal on a phone, without JavaScript', { timeout: 60_000 }, () => {
  before(async () => {
    await mkdir(shots, { recursive: true });
    server = await startServer({ demo: true });
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
    context = await browser.newContext({ locale: 'ja-JP', viewport: { width: 375, height: 740 }, javaScriptEnabled: false,
      isMobile: true, deviceScaleFactor: 2 });
    context.setDefaultTimeout(15_000);
    page = await context.newPage();
    page.on('console', (msg) => { if (msg.type() === 'error') problems.push(`${page.url()}: ${msg.text()}`); });
    page.on('response', (res) => { if (res.status() >= 400) problems.push(`${res.url()}: HTTP ${res.status()}`); });
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function noHorizontalScroll() {
    const { scroll, client, wide } = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
      // Wide tables scroll inside their own box (.scroll); nothing else may be wider than the screen.
      wide: [...document.querySelectorAll('body *')]
        .filter((e) => !e.closest('.scroll') && e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
        .slice(0, 3).map((e) => `${e.tagName}.${e.className}: ${e.textContent.slice(0, 30)}`),
    }));
    assert.ok(scroll <= client + 1, `${page.url()} scrolls sideways: ${scroll} > ${client} (${wide.join('; ')})`);
  }

  test('the list shows the published advisories, newest first, in Japanese', async () => {
    await page.goto(`${server.baseUrl}/advisories/`);
    const items = page.locator('ol.advisories > li');
    assert.equal(await items.count(), 2);
    assert.match(await items.nth(0).innerText(), /JVNVU#\d{8}/);
    assert.match(await items.nth(1).innerText(), /JVN#\d{8}/);
    assert.match(await page.locator('h1').innerText(), /脆弱性レポート/);
    await noHorizontalScroll();
    await page.screenshot({ path: path.join(shots, 'portal-list-phone.png'), fullPage: true });
  });

  test('an advisory: vendor table with every status, CVSS, CVE, each status linked to the vendor page', async () => {
    await page.locator('ol.advisories > li').nth(0).locator('a').click();
    await page.waitForURL(/\/advisories\/JVNVU%23\d{8}$/);
    const rows = page.locator('#vendor-table tbody tr');
    assert.equal(await rows.count(), 6);
    const statuses = await page.locator('#vendor-table tbody tr td:nth-child(2) a').allInnerTexts();
    for (const wording of ['該当製品あり', '該当製品あり：調査中', '該当製品なし', '該当製品なし：調査中', '脆弱性情報提供済み']) {
      assert.ok(statuses.includes(wording), `${wording} in ${statuses}`);
    }
    assert.match(await page.locator('#vulnerabilities').innerText(), /CVE-\d{4}-5\d{4}[\s\S]*CVSS v3\.1: 8\.8 HIGH/);
    assert.match(await page.locator('#history').innerText(), /北ネットワークス株式会社/);
    await noHorizontalScroll();
    await page.screenshot({ path: path.join(shots, 'portal-advisory-phone.png'), fullPage: true });

    await page.locator('#vendor-table a', { hasText: '脆弱性情報提供済み' }).click();
    await page.waitForURL(/\/vendors\/\d+$/);
    assert.match(await page.locator('h1').innerText(), /Orbit Printers/);
    assert.match(await page.locator('dl').innerText(), /脆弱性情報提供済み/);
    await noHorizontalScroll();
  });

  test('the language switch shows the English advisory, untranslated sections marked', async () => {
    await page.goBack();
    await Promise.all([page.waitForNavigation(), page.locator('a.lang').click()]);
    assert.match(page.url(), /\/advisories\/JVNVU%23\d{8}$/);
    assert.match(await page.locator('h1').innerText(), /libtinyupnp vulnerable to stack-based buffer overflow/);
    assert.match(await page.locator('.notice').innerText(), /translation/);
    assert.match(await page.locator('#vendor-table').innerText(), /Information provided/);
    await noHorizontalScroll();
    assert.deepEqual(problems, []);
  });
});

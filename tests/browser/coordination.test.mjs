// Coordination of a two-vendor case in real Chromium (PROCESS.md §4): the
// coordinator sends the overview to two vendors that are not obvious; vendor A
// asks for the details and files "affected", vendor B answers "not affected";
// a publication date is proposed, A asks for a revision, the new date is
// agreed. Each party has its own browser context, and every document each one
// received is kept: at the end, each party has seen exactly its part.
// Set-up (accounts, registry, the report accepted into a case) goes through
// the CLI and the API. Screenshots go to tests/browser/screenshots/.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';

import { chromium } from 'playwright-core';

import { addUser, client, registerFinder, request, softwareReport, startServer } from '../lib/server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const shots = path.join(here, 'screenshots');
const TIMEOUT = 60_000;
const NOT_FOUND = 'This page does not exist, or you may not see it.';

const tag = randomBytes(4).toString('hex');
const PASSWORD = 'coordination browser pw';
const lead = { name: 'Lena Lead', email: `lead-${tag}@coord.example`, role: 'lead_coordinator' };
const intake = { name: 'Ivo Intake', email: `intake-${tag}@coord.example`, role: 'intake_analyst' };
const vendorA = { key: 'A', name: `Acme Widgets ${tag}`, psirt: `psirt-${tag}@acme.example`,
  user: { name: 'Alice PSIRT', email: `alice-${tag}@acme.example`, role: 'vendor' } };
const vendorB = { key: 'B', name: `Borealis Devices ${tag}`, psirt: `psirt-${tag}@borealis.example`,
  user: { name: 'Bob PSIRT', email: `bob-${tag}@borealis.example`, role: 'vendor' } };

// Text each party writes, unique to this run, so a leak is unmistakable.
const text = {
  title: `Command injection in the widget renderer ${tag}`,
  overview: `Do you ship products that embed the open-source widget renderer 2.x (overview ${tag})?`,
  details: `The theme parameter of /render reaches a shell unquoted; PoC: theme=$(id) (details ${tag}).`,
  fixPlan: `Quote the argument in renderer 2.3.1 (A fix plan ${tag}).`,
  workaround: `Disable the /render endpoint (A workaround ${tag}).`,
  schedule: `Fix within four weeks (A schedule ${tag}).`,
  statement: `Fixed in Acme Widget Suite 5.1.2 (A statement ${tag}).`,
  advisory: `https://acme.example/security/advisory-${tag}`,
  revision: `We need one more week for the appliance firmware (A revision ${tag}).`,
  accept: `Fine for us (A accepts ${tag}).`,
  threadB: `We do not embed the renderer anywhere (B thread ${tag}).`,
  proposeNote: `Please check the date with your release plan (note ${tag}).`,
};

/** A moment `days` from now at hh:mm Japan time: the datetime-local value, and how pages show it. */
function jstMoment(days, hh, mm) {
  const ymd = new Date(Date.now() + 9 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);
  const local = `${ymd}T${hh}:${mm}`;
  const utc = new Date(`${local}:00+09:00`).toISOString().replace('.000Z', 'Z');
  return { local, jst: `${ymd} ${hh}:${mm} JST`, utc };
}
const firstDate = jstMoment(30, '10', '00');
const secondDate = jstMoment(37, '14', '30');

let server;
let browser;
const pages = {};        // party → its one tab
const state = {};        // what one step hands to the next
const problems = [];     // console errors, CSP violations, unexpected HTTP errors
const expected404 = new Set();  // URLs that must answer "not found"
const seen = { coordinator: [], vendorA: [], vendorB: [], finder: [] };  // every document each party received

async function newParty(party) {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !expected404.has(page.url())) {
      problems.push(`${party} ${page.url()}: ${msg.text()} [${msg.location().url}]`);
    }
  });
  page.on('pageerror', (err) => problems.push(`${party} ${page.url()}: ${err.message}`));
  page.on('response', (res) => {
    if (res.status() >= 400 && !expected404.has(res.url())) problems.push(`${party} ${res.url()}: HTTP ${res.status()}`);
  });
  // Every HTML document this party is sent is kept (entities decoded) before the browser gets it: paused at
  // the response stage (redirect targets too), read, let through. A body read later from a response event
  // can be gone when the page navigates on at once.
  const cdp = await context.newCDPSession(page);
  cdp.on('Fetch.requestPaused', async (e) => {
    try {
      const status = e.responseStatusCode ?? 0;
      if (status < 300 || status >= 400) {
        const { body, base64Encoded } = await cdp.send('Fetch.getResponseBody', { requestId: e.requestId });
        const html = base64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body;
        seen[party].push({ url: e.request.url, status, html: decodeEntities(html) });
      }
    } catch (err) {
      seen[party].push({ url: e.request.url, html: '', err: String(err) });
    } finally {
      await cdp.send('Fetch.continueRequest', { requestId: e.requestId }).catch(() => {});
    }
  });
  await cdp.send('Fetch.enable', { patterns: [{ urlPattern: '*', resourceType: 'Document', requestStage: 'Response' }] });
  pages[party] = page;
  return page;
}

/** HTML with its character references decoded (templates escape '/' and quotes), so text compares as written. */
function decodeEntities(html) {
  const named = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };
  return html.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ref) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return String.fromCodePoint(code);
    }
    return named[ref.toLowerCase()] ?? whole;
  });
}

async function shot(page, name) {
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
}

async function logIn(page, email) {
  await page.goto(`${server.baseUrl}/login`);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await Promise.all([page.waitForURL(`${server.baseUrl}/`), page.getByRole('button', { name: 'Log in' }).click()]);
}

/** Clicks `locator` (a submit button) and waits for the redirect that carries `notice`. */
async function submit(page, locator, notice) {
  await Promise.all([page.waitForURL(new RegExp(`[?&]notice=${notice}\\b`)), locator.click()]);
}

const caseUrl = () => `${server.baseUrl}/cases/${state.caseId}`;
const vendorRow = (page, vendor) => page.locator('#vendor-table tbody tr', { hasText: vendor.name });
// The actions on one vendor are on its page within the case, linked from its row in the vendor table.
const vendorActions = (page) => page.locator('#vendor-actions');
async function openVendor(page, vendor) {
  await Promise.all([page.waitForURL(`${caseUrl()}/vendors/${vendor.id}`),
    vendorRow(page, vendor).getByRole('link', { name: vendor.name, exact: true }).click()]);
}
const formWithHeading = (page, heading) => page.locator('form', { has: page.getByRole('heading', { name: heading, exact: true }) });
const squash = (s) => s.replace(/\s+/g, ' ').trim();

/** A row of the case list says nothing about the publication date (not even its state). */
async function assertNoDateIn(row) {
  const cell = row.locator('td').last();
  assert.equal(await cell.locator('time').count(), 0, 'no date');
  assert.doesNotMatch(await cell.innerText(), /proposed|agreed/);
}

/** The text of the page's <main>, whitespace collapsed. */
async function mainText(page) {
  return squash(await page.locator('main').innerText());
}

before(async () => {
  await mkdir(shots, { recursive: true });
  server = await startServer();
  const { baseUrl, dataDir } = server;
  // Staff and PSIRT accounts with the CLI, as they are made in production.
  await Promise.all([lead, intake, vendorA.user, vendorB.user].map((u) =>
    addUser(dataDir, { email: u.email, name: u.name, role: u.role, password: PASSWORD, lang: 'en' })));
  await Promise.all([lead, intake, vendorA.user, vendorB.user].map(async (u) => {
    const r = await request(baseUrl, 'POST', '/api/v1/tokens', { json: { email: u.email, password: PASSWORD } });
    assert.equal(r.status, 201, `token for ${u.email}: ${r.text}`);
    u.id = r.json.user_id;
    u.api = client(baseUrl, r.json.token);
  }));

  // The registry: two vendors, each with its PSIRT account as member.
  for (const v of [vendorA, vendorB]) {
    const r = await lead.api.post('/api/v1/vendors', { json: { name: v.name, name_en: v.name, registration: 'individual',
      contact_email: v.psirt, phone: '', reporting_contact: '', public_listing: false, accepts_direct_reports: false } });
    assert.equal(r.status, 201, r.text);
    v.id = r.json.id;
    const m = await lead.api.post(`/api/v1/vendors/${v.id}/members`, { json: { user_id: v.user.id } });
    assert.ok([200, 201].includes(m.status), m.text);
  }

  // A finder's report, accepted by intake into a case.
  state.finder = await registerFinder(baseUrl, { password: PASSWORD, displayName: 'Fumi Finder', language: 'en' });
  const rep = await state.finder.api.post('/api/v1/reports', { json: softwareReport({ title: text.title,
    product_name: 'Widget renderer', product_version: '2.3.0' }) });
  assert.equal(rep.status, 201, rep.text);
  state.reportId = rep.json.id;
  const acc = await intake.api.post(`/api/v1/reports/${state.reportId}/accept`, { json: { note: '' } });
  assert.equal(acc.status, 200, acc.text);
  state.caseId = acc.json.case.id;
  state.identifier = acc.json.case.identifier;

  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_BIN || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  for (const party of Object.keys(seen)) await newParty(party);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

describe('coordination of a two-vendor case in the browser', () => {
  test('the coordinator opens the case, writes overview and details, adds two vendors and sends both the overview',
    { timeout: TIMEOUT }, async () => {
      const page = pages.coordinator;
      await logIn(page, lead.email);
      await page.getByRole('navigation').getByRole('link', { name: 'Cases', exact: true }).click();
      await page.waitForURL(/\/cases$/);
      const row = page.locator('#case-list tbody tr', { hasText: state.identifier });
      assert.match(squash(await row.innerText()), new RegExp(text.title));
      await Promise.all([page.waitForURL(caseUrl()), row.getByRole('link', { name: state.identifier }).click()]);
      assert.equal(await page.locator('h1').innerText(), text.title);
      assert.equal(await page.locator('#case-identifier').innerText(), state.identifier);

      await page.getByLabel('Overview notice', { exact: true }).fill(text.overview);
      await page.getByLabel('Vulnerability details', { exact: true }).fill(text.details);
      await submit(page, page.locator('#info').getByRole('button', { name: 'Save' }), 'case_info_saved');
      assert.equal(await page.getByLabel('Overview notice', { exact: true }).inputValue(), text.overview);
      assert.equal(await page.getByLabel('Vulnerability details', { exact: true }).inputValue(), text.details);

      // Neither developer is obvious: both get the overview first (G2-1).
      for (const v of [vendorA, vendorB]) {
        const form = formWithHeading(page, 'Add a registered vendor');
        await form.getByLabel('Vendor', { exact: true }).selectOption({ label: v.name });
        const obvious = form.getByRole('checkbox', { name: /obvious/ });
        assert.equal(await obvious.isChecked(), false, 'not obvious by default');
        await submit(page, form.getByRole('button', { name: 'Add', exact: true }), 'vendor_added');
        const r = vendorRow(page, v);
        assert.equal(await r.count(), 1, `${v.name} is in the vendor table`);
        assert.equal(await r.locator('.eng').innerText(), 'not notified');
        await openVendor(page, v);
        assert.equal(await vendorActions(page).getByRole('button', { name: 'Release details' }).count(), 0,
          'no details before the overview');
        await page.goto(caseUrl());
      }
      for (const v of [vendorA, vendorB]) {
        await openVendor(page, v);
        await submit(page, vendorActions(page).getByRole('button', { name: 'Send overview' }), 'overview_sent');
        assert.equal(await page.locator('#vendor-engagement').innerText(), 'notified, no answer yet');
        await page.goto(caseUrl());
        assert.equal(await vendorRow(page, v).locator('.eng').innerText(), 'notified, no answer yet');
      }
      // Nothing is left to send: no row asks for the overview any more.
      assert.equal(await page.locator('#vendor-table').getByRole('link', { name: 'send the overview' }).count(), 0);
      assert.match(await page.locator('#timeline').innerText(), /Initial contact/);
    });

  test('vendor A sees the case by identifier only, reads the overview without details, asks for the details',
    { timeout: TIMEOUT }, async () => {
      const page = pages.vendorA;
      await logIn(page, vendorA.user.email);
      await page.getByRole('navigation').getByRole('link', { name: 'Cases', exact: true }).click();
      await page.waitForURL(/\/cases$/);
      const row = page.locator('#case-list tbody tr', { hasText: state.identifier });
      assert.equal(await row.count(), 1, 'the case is listed');
      const rowText = squash(await row.innerText());
      assert.match(rowText, /overview only/);
      assert.ok(!rowText.includes(text.title), `no title before the details: ${rowText}`);
      await assertNoDateIn(row);

      await Promise.all([page.waitForURL(caseUrl()), row.getByRole('link', { name: state.identifier }).click()]);
      assert.equal(squash(await page.locator('h1').innerText()), `${state.identifier} · overview only`);
      assert.equal(squash(await page.locator('#overview .pre').innerText()), text.overview);
      assert.equal(await page.locator('#case-details').count(), 0);
      assert.match(await page.locator('#details-pending').innerText(), /not been released/);
      assert.equal(await page.locator('#my-engagement').innerText(), 'notified, no answer yet');
      assert.ok(!(await page.content()).includes(text.details), 'no details in the page');
      assert.equal(await page.locator('section#date').count(), 0, 'no date section before the details');

      await submit(page, page.getByRole('button', { name: 'May be affected — send the details' }), 'overview_answered');
      assert.match(squash(await page.locator('#overview').innerText()), /Your answer: May be affected — send the details/);
      assert.match(await page.locator('#details-pending').innerText(), /You asked for them/);
      assert.equal(await page.locator('#my-engagement').innerText(), 'details requested');
      assert.equal(await page.getByRole('button', { name: 'Not affected' }).count(), 0, 'answered once');
    });

  test('vendor B answers "not affected" and writes to the coordinator in its own thread', { timeout: TIMEOUT }, async () => {
    const page = pages.vendorB;
    await logIn(page, vendorB.user.email);
    await page.goto(`${server.baseUrl}/cases`);
    const row = page.locator('#case-list tbody tr', { hasText: state.identifier });
    assert.match(squash(await row.innerText()), /overview only/);
    await Promise.all([page.waitForURL(caseUrl()), row.getByRole('link', { name: state.identifier }).click()]);
    assert.equal(squash(await page.locator('#overview .pre').innerText()), text.overview);
    await submit(page, page.getByRole('button', { name: 'Not affected', exact: true }), 'overview_answered');
    assert.match(squash(await page.locator('#overview').innerText()), /Your answer: Not affected/);
    assert.equal(await page.locator('#my-engagement').innerText(), 'answered: not affected');

    await Promise.all([page.waitForURL(/\/threads\/vendor\/\d+$/),
      page.locator('#threads').getByRole('link', { name: 'Messages with the coordinator' }).click()]);
    assert.equal(page.url(), `${caseUrl()}/threads/vendor/${vendorB.id}`);
    assert.equal(await page.locator('h1').innerText(), `Messages with ${vendorB.name}`);
    await page.getByLabel('New message').fill(text.threadB);
    await submit(page, page.getByRole('button', { name: 'Send' }), 'message_posted');
    assert.match(await page.locator('#messages').innerText(), new RegExp(text.threadB.replace(/[()]/g, '\\$&')));
  });

  test('the coordinator sees A as "details requested", B as "not affected", nobody silent, and releases details to A',
    { timeout: TIMEOUT }, async () => {
      const page = pages.coordinator;
      await page.goto(caseUrl());
      const a = vendorRow(page, vendorA);
      const b = vendorRow(page, vendorB);
      assert.equal(await a.locator('.eng').innerText(), 'details requested');
      assert.equal(await b.locator('.eng').innerText(), 'answered: not affected');
      assert.equal(await page.locator('#silent-alert').count(), 0, 'no silence alert');
      assert.equal(await page.locator('#vendor-table .row-silent').count(), 0);
      assert.ok(!(await page.locator('#vendors').innerText()).includes('UNRESPONSIVE'));
      // B's thread holds the overview notice and B's message; nothing is offered to B any more.
      assert.equal(await b.getByRole('link', { name: `Messages: ${vendorB.name}` }).innerText(), '2');
      await openVendor(page, vendorB);
      assert.equal(await vendorActions(page).getByRole('button').count(), 0, 'nothing to send to B');
      await page.goto(caseUrl());
      await openVendor(page, vendorA);
      assert.equal(await vendorActions(page).getByRole('button', { name: 'Send overview' }).count(), 0);

      await submit(page, vendorActions(page).getByRole('button', { name: 'Release details' }), 'details_released');
      assert.equal(await page.locator('#vendor-engagement').innerText(), 'details released');
      await shot(page, 'coordination-coordinator-vendor-a');
      await page.goto(caseUrl());
      assert.equal(await vendorRow(page, vendorA).locator('.eng').innerText(), 'details released');
      assert.equal(await vendorRow(page, vendorA).locator('.vstatus').innerText(), 'Information provided');
      assert.equal(await vendorRow(page, vendorB).locator('.vstatus').count(), 0, 'B is not in the vendor table');
    });

  test('vendor A reads the details, files its investigation report and the statement "affected"',
    { timeout: TIMEOUT }, async () => {
      const page = pages.vendorA;
      await page.goto(caseUrl());
      assert.equal(await page.locator('h1').innerText(), text.title);
      assert.equal(squash(await page.locator('#case-details').innerText()), squash(text.details));
      assert.equal(await page.locator('#my-status').innerText(), 'Information provided');
      assert.match(squash(await page.locator('dl.facts').innerText()), /Publication date No publication date has been proposed yet/);

      const inv = page.locator('#investigation');
      await inv.getByRole('radio', { name: 'affected', exact: true }).check();
      await inv.getByLabel('Workaround plan').fill(text.workaround);
      await inv.getByLabel('Fix plan').fill(text.fixPlan);
      await inv.getByLabel('Schedule').fill(text.schedule);
      await inv.getByLabel('Publication plan').fill('Advisory on our site on the agreed date.');
      await submit(page, inv.getByRole('button', { name: 'Send the report' }), 'investigation_filed');
      const filed = squash(await page.locator('#investigation article').innerText());
      assert.match(filed, /^affected/);
      assert.ok(filed.includes(text.fixPlan), filed);

      const st = page.locator('#statement');
      const vulnerable = st.getByRole('radio', { name: '該当製品あり / Vulnerable', exact: true });
      assert.ok(await vulnerable.isVisible(), 'the Japanese and English wording of "affected" is shown');
      await vulnerable.check();
      await st.getByLabel('Statement for the advisory').fill(text.statement);
      await st.getByLabel('Your advisory URL').fill(text.advisory);
      await st.getByLabel('A fix is ready').check();
      await submit(page, st.getByRole('button', { name: 'File the statement' }), 'statement_filed');
      assert.equal(await page.locator('#my-status').innerText(), 'Vulnerable');
      assert.equal(await page.locator('#my-engagement').innerText(), 'statement filed');
      assert.ok(await page.locator('#statement input[value=affected]').isChecked());
      assert.match(squash(await page.locator('#statement').innerText()), /該当製品あり \/ Vulnerable/);
      const history = squash(await page.locator('#my-history').innerText());
      assert.ok(history.includes(`Vulnerable — ${text.statement}`), history);
      assert.ok(history.includes(text.advisory), history);
    });

  test('the coordinator sees the statement and proposes a publication date in JST; it is shown in JST and UTC',
    { timeout: TIMEOUT }, async () => {
      const page = pages.coordinator;
      await page.goto(caseUrl());
      const a = vendorRow(page, vendorA);
      assert.equal(await a.locator('.vstatus').innerText(), 'Vulnerable');
      assert.match(squash(await page.locator('#reports').innerText()), new RegExp(`${vendorA.name} affected`));
      assert.match(squash(await page.locator('#status-history').innerText()), new RegExp(`${vendorA.name} Vulnerable`));

      const form = formWithHeading(page, 'Propose a date');
      await form.getByLabel('Date and time (JST, Japan time)').fill(firstDate.local);
      await form.getByLabel('Note to the vendors (optional)').fill(text.proposeNote);
      await submit(page, form.getByRole('button', { name: 'Propose a date' }), 'date_proposed');
      assert.equal(await page.locator('#publication-state').innerText(), 'proposed');
      assert.equal(await page.locator('#publication-at').innerText(), firstDate.jst);
      assert.equal(await page.locator('#publication-at').getAttribute('datetime'), firstDate.utc);
      const facts = squash(await page.locator('dl.facts').first().innerText());
      assert.ok(facts.includes(`proposed ${firstDate.jst} (${firstDate.utc})`), facts);
      assert.equal(await formWithHeading(page, 'Propose a date').getByLabel('Date and time (JST, Japan time)').inputValue(),
        firstDate.local, 'the form is pre-filled with the same JST time');
      assert.match(squash(await page.locator('#date').innerText()), /0 of 1 vendors in the vendor table accepted the date/);
    });

  test('vendor A sees the proposed date in JST and UTC and asks for a revision', { timeout: TIMEOUT }, async () => {
    const page = pages.vendorA;
    await page.goto(caseUrl());
    const big = squash(await page.locator('#date .big-date').innerText());
    assert.equal(big, `proposed ${firstDate.jst} (${firstDate.utc})`);
    assert.equal(await page.locator('#publication-at').innerText(), firstDate.jst);

    const form = formWithHeading(page, 'Ask for a revision');
    await form.getByLabel('Which date do you need, and why? (required)').fill(text.revision);
    await submit(page, form.getByRole('button', { name: 'Ask for a revision' }), 'date_responded');
    assert.ok(squash(await page.locator('#date').innerText()).includes(`Your answer: revision requested — ${text.revision}`));
  });

  test('the coordinator sees the revision request, proposes a new date; vendor A accepts and the date is agreed',
    { timeout: TIMEOUT }, async () => {
      const page = pages.coordinator;
      await page.goto(caseUrl());
      const a = vendorRow(page, vendorA);
      const answer = squash(await a.locator('td').nth(6).innerText());
      assert.ok(answer.startsWith('revision requested'), answer);
      assert.ok(answer.includes(text.revision), answer);
      assert.equal(await page.locator('#publication-state').innerText(), 'proposed');

      // The request is also in the thread with A.
      await Promise.all([page.waitForURL(`${caseUrl()}/threads/vendor/${vendorA.id}`),
        a.getByRole('link', { name: `Messages: ${vendorA.name}` }).click()]);
      assert.equal(await page.locator('h1').innerText(), `Messages with ${vendorA.name}`);
      assert.ok((await page.locator('#messages').innerText()).includes(text.revision));
      await page.goto(caseUrl());

      const form = formWithHeading(page, 'Propose a date');
      await form.getByLabel('Date and time (JST, Japan time)').fill(secondDate.local);
      await submit(page, form.getByRole('button', { name: 'Propose a date' }), 'date_proposed');
      assert.equal(await page.locator('#publication-at').innerText(), secondDate.jst);
      assert.equal(squash(await vendorRow(page, vendorA).locator('td').nth(6).innerText()), '',
        'a new proposal clears the earlier answers');

      const v = pages.vendorA;
      await v.goto(caseUrl());
      assert.equal(squash(await v.locator('#date .big-date').innerText()), `proposed ${secondDate.jst} (${secondDate.utc})`);
      const accept = formWithHeading(v, 'Accept this date');
      await accept.getByLabel('Comment (optional)').fill(text.accept);
      await submit(v, accept.getByRole('button', { name: 'Accept this date' }), 'date_responded');
      // A is the only vendor in the vendor table (B never got details): its acceptance agrees the date.
      assert.equal(squash(await v.locator('#date .big-date').innerText()), `agreed ${secondDate.jst} (${secondDate.utc})`);
      assert.ok(squash(await v.locator('#date').innerText()).includes(`Your answer: accepted — ${text.accept}`));

      await page.goto(caseUrl());
      assert.equal(await page.locator('#publication-state').innerText(), 'agreed');
      assert.equal(await page.locator('#publication-at').innerText(), secondDate.jst);
      assert.match(squash(await page.locator('#date').innerText()), /1 of 1 vendors in the vendor table accepted the date/);
      assert.match(squash(await page.locator('#timeline').innerText()), new RegExp(`${secondDate.jst} \\(${secondDate.utc}\\) Publication date \\(agreed\\)`));
      assert.ok(squash(await vendorRow(page, vendorA).locator('td').nth(6).innerText()).startsWith('accepted'));
      const listRow = squash(await (async () => {
        await page.goto(`${server.baseUrl}/cases`);
        return page.locator('#case-list tbody tr', { hasText: state.identifier }).innerText();
      })());
      assert.ok(listRow.includes(`agreed ${secondDate.jst}`), listRow);
      await page.goto(caseUrl());
      await shot(page, 'coordination-coordinator-case');
      await page.goto(`${caseUrl()}/threads/vendor/${vendorA.id}`);
      await shot(page, 'coordination-coordinator-thread-vendor-a');
    });

  test('vendor A\'s view: its own part only; the other vendor\'s thread is not found', { timeout: TIMEOUT }, async () => {
    const page = pages.vendorA;
    await page.goto(caseUrl());
    await shot(page, 'coordination-vendor-a');
    await page.goto(`${caseUrl()}/threads/vendor/${vendorA.id}`);
    assert.ok((await page.locator('#messages').innerText()).includes(text.revision));
    await page.goto(`${caseUrl()}/threads/case`);
    assert.equal(await page.locator('h1').innerText(), 'Case-wide thread');
    await page.goto(`${server.baseUrl}/cases`);
    const row = squash(await page.locator('#case-list tbody tr', { hasText: state.identifier }).innerText());
    assert.ok(row.includes(text.title) && row.includes(`agreed ${secondDate.jst}`), row);
    // "My vendor" lists A's own registration only.
    await page.getByRole('navigation').getByRole('link', { name: 'My vendor' }).click();
    await page.waitForURL(/\/vendors$/);
    assert.ok((await mainText(page)).includes(vendorA.name));

    const other = `${caseUrl()}/threads/vendor/${vendorB.id}`;
    expected404.add(other);
    const res = await page.goto(other);
    assert.equal(res.status(), 404);
    assert.ok((await mainText(page)).includes(NOT_FOUND));
  });

  test('vendor B\'s view: the overview and its answer only; no details, no date, no other vendor',
    { timeout: TIMEOUT }, async () => {
      const page = pages.vendorB;
      await page.goto(`${server.baseUrl}/cases`);
      const listRow = page.locator('#case-list tbody tr', { hasText: state.identifier });
      assert.match(squash(await listRow.innerText()), /overview only/);
      await assertNoDateIn(listRow);
      await page.goto(caseUrl());
      assert.equal(squash(await page.locator('h1').innerText()), `${state.identifier} · overview only`);
      assert.equal(await page.locator('#case-details').count(), 0);
      assert.equal(await page.locator('section#date').count(), 0);
      assert.equal(await page.locator('#publication-at').count(), 0);
      assert.equal(await page.locator('#my-engagement').innerText(), 'answered: not affected');
      await shot(page, 'coordination-vendor-b');

      for (const url of [`${caseUrl()}/threads/vendor/${vendorA.id}`, `${caseUrl()}/threads/case`]) {
        expected404.add(url);
        const res = await page.goto(url);
        assert.equal(res.status(), 404, url);
        assert.ok((await mainText(page)).includes(NOT_FOUND), url);
      }
    });

  test('the finder sees the case identifier on "My reports" but nothing about the vendors', { timeout: TIMEOUT }, async () => {
    const page = pages.finder;
    await logIn(page, state.finder.email);
    await page.getByRole('navigation').getByRole('link', { name: 'My reports' }).click();
    await page.waitForURL(/\/reports$/);
    const row = squash(await page.locator('table.list tbody tr', { hasText: text.title }).innerText());
    assert.ok(row.includes(state.identifier), row);
    await page.goto(`${server.baseUrl}/reports/${state.reportId}`);
    assert.equal(await page.locator('#case-identifier').innerText(), state.identifier);
  });

  test('each party saw exactly its part', { timeout: TIMEOUT }, async () => {
    const docs = {};
    for (const [party, list] of Object.entries(seen)) docs[party] = list;
    const leaks = [];
    const mustNotSee = (party, items) => {
      assert.ok(docs[party].length > 0, `${party} saw pages`);
      for (const { url, html, err } of docs[party]) {
        assert.ok(html.includes('</html>'), `${party}: the whole document of ${url} was kept (${err ?? 'truncated'})`);
        for (const [what, needle] of items) {
          if (html.includes(needle)) leaks.push(`${party} saw ${what} at ${url}`);
        }
      }
    };
    const dates = [firstDate, secondDate].flatMap((d) => [[`a date (${d.jst})`, d.jst], [`a date (${d.utc})`, d.utc]]);
    mustNotSee('vendorA', [
      ['vendor B\'s name', vendorB.name], ['vendor B\'s address', 'borealis.example'],
      ['vendor B\'s thread', text.threadB], ['a link to B\'s thread', `/threads/vendor/${vendorB.id}"`],
      ['B\'s answer', 'answered: not affected'],
    ]);
    mustNotSee('vendorB', [
      ['the details', text.details], ['the title', text.title], ['vendor A\'s name', vendorA.name],
      ['vendor A\'s address', 'acme.example'], ['A\'s statement', text.statement], ['A\'s fix plan', text.fixPlan],
      ['A\'s revision request', text.revision], ['the note on the date', text.proposeNote], ['"Vulnerable"', 'Vulnerable'],
      ...dates,
    ]);
    mustNotSee('finder', [
      ['vendor A\'s name', vendorA.name], ['vendor B\'s name', vendorB.name], ['a vendor address', 'acme.example'],
      ['a vendor address', 'borealis.example'], ['A\'s statement', text.statement], ['B\'s thread', text.threadB],
      ['the overview', text.overview], ['"Vulnerable"', 'Vulnerable'], ...dates,
    ]);
    // The parties did see their own part (the check above is not vacuous).
    const all = (party) => docs[party].map((d) => d.html).join('\n');
    assert.ok(all('vendorA').includes(text.details) && all('vendorA').includes(secondDate.utc));
    assert.ok(all('vendorB').includes(text.overview) && all('vendorB').includes(text.threadB));
    assert.ok(all('finder').includes(state.identifier));
    assert.ok(all('coordinator').includes(vendorA.name) && all('coordinator').includes(vendorB.name));
    assert.deepEqual(leaks, [], leaks.join('\n'));
    assert.deepEqual(problems, [], problems.join('\n'));
  });
});

// The website track end to end (PROCESS.md §6), against the real binary: the
// analyst records the operator's contact and where it came from, notifies the
// operator (the ~3-month clock starts), invites the operator's account; the
// operator verifies, fixes and chooses about publication through its own
// account; the finder is told after the fix and its non-disclosure is shown
// as running until then; nothing is public unless the operator chose so.
// Also: the analyst recording answers on the operator's behalf, the clock's
// escalation, and the low-impact close of a product case (G8-4).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { addStaff, addUser, client, hiddenCsrf, login, registerFinder, request, softwareReport, startServer,
  uniqueEmail, webLogin, websiteReport } from '../lib/server.mjs';

const PASSWORD = 'operator-password-1';

/** The JST calendar date of an ISO instant (or now), YYYY-MM-DD. */
const jstDate = (iso) => new Date((iso ? Date.parse(iso) : Date.now()) + 9 * 3600e3).toISOString().slice(0, 10);

/** YYYY-MM-DD plus `months` calendar months, the day clamped to the month's end. */
function addMonths(date, months) {
  const [y, m, d] = date.split('-').map(Number);
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, last));
  return target.toISOString().slice(0, 10);
}

/** Posts an HTML form with the session's CSRF token; returns the response (redirects not followed). */
function postForm(baseUrl, session, path, fields) {
  return request(baseUrl, 'POST', path, {
    cookie: session.cookie,
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'en' },
    body: new URLSearchParams({ ...fields, csrf: session.csrfToken }).toString(),
  });
}

const page = (baseUrl, session, path) =>
  request(baseUrl, 'GET', path, { cookie: session.cookie, headers: { 'accept-language': 'en' } });

let server;
let analyst;
let coordinator;
let finder;
before(async () => {
  server = await startServer();
  analyst = await addStaff(server, { role: 'intake_analyst', name: 'Web Analyst' });
  coordinator = await addStaff(server, { role: 'coordinator', name: 'Some Coordinator' });
  finder = await registerFinder(server.baseUrl, { displayName: 'Web Finder', language: 'en' });
});
after(async () => { await server?.stop(); });

async function newWebsiteCase(title = 'SQL injection in the shop search') {
  const r = await finder.api.post('/api/v1/reports', { json: websiteReport({ title, language: 'en',
    finder_name: 'Hidden Finder Name', finder_contact: 'hidden-finder@example.org' }) });
  assert.equal(r.status, 201, r.text);
  const a = await analyst.api.post(`/api/v1/reports/${r.json.id}/accept`, { json: { note: '' } });
  assert.equal(a.status, 200, a.text);
  assert.equal(a.json.case.track, 'website');
  return { reportId: r.json.id, id: a.json.case.id, identifier: a.json.case.identifier };
}

describe('website track', () => {
  test('from the contact to the fix: operator account, clock, finder told, nothing published by default',
    async () => {
      const c = await newWebsiteCase();
      const base = `/api/v1/website/cases/${c.id}`;

      // The receiving organisation keeps the case; coordinators have no part in it.
      const list = await analyst.api.get('/api/v1/website/cases');
      assert.equal(list.status, 200, list.text);
      const row = list.json.cases.find((x) => x.id === c.id);
      assert.equal(row.stage, 'contact_pending');
      assert.equal(row.site_url, 'https://shop.example.jp/');
      assert.equal((await coordinator.api.get('/api/v1/website/cases')).status, 403);
      assert.equal((await coordinator.api.get(base)).status, 404);
      assert.equal((await analyst.api.get(`/api/v1/reports/${c.reportId}`)).status, 200,
        'the analyst keeps the website report');

      // 1. The contact: garbage is refused by name, and where it came from is required.
      let r = await analyst.api.put(`${base}/contact`, { json: { name: 'Shop', email: 'x@shop.example.jp',
        source: 'published', source_note: 'https://shop.example.jp/contact', colour: 'blue' } });
      assert.equal(r.status, 400);
      assert.equal(r.json.error.field, 'colour');
      r = await analyst.api.put(`${base}/contact`, { json: { name: 'Shop', email: 'x@shop.example.jp',
        source: 'published' } });
      assert.equal(r.status, 400);
      assert.equal(r.json.error.field, 'source_note');
      r = await analyst.api.put(`${base}/contact`, { json: { name: 'Shop', email: 'x@shop.example.jp',
        source: 'rumour', source_note: 'x' } });
      assert.equal(r.status, 400);
      assert.equal(r.json.error.field, 'source');
      const operatorEmail = uniqueEmail('webmaster');
      r = await analyst.api.put(`${base}/contact`, { json: { name: 'Example Shop K.K.', email: operatorEmail,
        phone: '+81-3-0000-0000', source: 'published', source_note: 'https://shop.example.jp/company/contact',
        site_name: 'Example Shop' } });
      assert.equal(r.status, 200, r.text);

      // 2. Notification by mail: the clock starts, due three months after the JST date.
      r = await analyst.api.post(`${base}/notify`, { json: { channel: 'mail', details: '' } });
      assert.equal(r.status, 200, r.text);
      assert.equal((await analyst.api.post(`${base}/notify`, { json: { channel: 'mail' } })).status, 409);
      let v = (await analyst.api.get(base)).json;
      assert.equal(v.stage, 'notified');
      assert.equal(v.contact.source, 'published');
      assert.equal(v.contact.source_note, 'https://shop.example.jp/company/contact');
      assert.equal(v.clock.state, 'running');
      assert.equal(v.clock.due, addMonths(jstDate(v.notified_at), 3));
      assert.ok(v.clock.days_left >= 89 && v.clock.days_left <= 92, String(v.clock.days_left));
      assert.ok(!v.details.includes('Hidden Finder Name') && !v.details.includes('hidden-finder@'),
        'the operator is never told who found it');
      const outbox = (await analyst.api.get(`/api/v1/mail/outbox?reference=case:${c.id}:operator`)).json.messages;
      assert.equal(outbox.length, 1);
      assert.equal(outbox[0].kind, 'website.notification');
      assert.equal(outbox[0].to_email ?? outbox[0].to, operatorEmail);
      assert.ok(outbox[0].subject.includes(c.identifier), outbox[0].subject);

      // The finder's report page shows the non-disclosure running until the fix.
      const finderWeb = await webLogin(server.baseUrl, finder.email, finder.password);
      let reportPage = await page(server.baseUrl, finderWeb, `/reports/${c.reportId}`);
      assert.equal(reportPage.status, 200);
      assert.match(reportPage.text, /id="nondisclosure-running"/);
      assert.match(reportPage.text, /until the operator fixes it/);

      // 3. The operator's account: an invitation to the contact's address, used once.
      r = await analyst.api.post(`${base}/operator`, { json: {} });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.admitted, false);
      const token = r.json.invitation_token;
      assert.ok(token && r.json.link.endsWith(`/website/invite/${token}`));
      const invited = (await analyst.api.get(`/api/v1/mail/outbox?reference=case:${c.id}:operator`)).json.messages;
      assert.equal(invited[0].kind, 'website.operator_invited');
      const formPage = await request(server.baseUrl, 'GET', `/website/invite/${token}`);
      assert.equal(formPage.status, 200);
      assert.match(formPage.text, /shop\.example\.jp/);
      r = await request(server.baseUrl, 'POST', `/api/v1/website/invite/${token}`,
        { json: { display_name: 'Webmaster', password: 'short' } });
      assert.equal(r.status, 400);
      r = await request(server.baseUrl, 'POST', `/api/v1/website/invite/${token}`,
        { json: { display_name: 'Webmaster', password: PASSWORD, language: 'en' } });
      assert.equal(r.status, 201, r.text);
      assert.equal(r.json.email, operatorEmail);
      assert.equal(r.json.role, 'website_operator');
      r = await request(server.baseUrl, 'POST', `/api/v1/website/invite/${token}`,
        { json: { display_name: 'Again', password: PASSWORD } });
      assert.equal(r.status, 404, 'an invitation is used once');
      const operator = client(server.baseUrl, await login(server.baseUrl, operatorEmail, PASSWORD));
      const mine = await operator.get('/api/v1/website/cases');
      assert.deepEqual(mine.json.cases.map((x) => x.id), [c.id]);
      const opView = await operator.get(base);
      assert.equal(opView.status, 200, opView.text);
      assert.equal(opView.json.history, undefined, 'the operator gets no internal history');
      assert.equal(opView.json.intake_number, undefined);
      assert.equal((await operator.get(`/api/v1/reports/${c.reportId}`)).status, 404, 'never the finder\'s report');
      assert.equal((await operator.post(`${base}/reminder`, { json: {} })).status, 404, 'managing is not its part');
      const stranger = await addStaff(server, { role: 'website_operator', name: 'Other Operator' });
      assert.equal((await stranger.api.get(base)).status, 404);
      assert.deepEqual((await stranger.api.get('/api/v1/website/cases')).json.cases, []);

      // 4. The operator answers: verification, then the fix.
      r = await operator.post(`${base}/verification`, { json: { result: 'maybe' } });
      assert.equal(r.status, 400);
      r = await operator.post(`${base}/verification`, { json: { result: 'confirmed', note: 'Reproduced it.' } });
      assert.equal(r.status, 200, r.text);
      r = await operator.post(`${base}/fix`, { json: { note: 'Prepared statements everywhere.' } });
      assert.equal(r.status, 200, r.text);
      assert.equal((await operator.post(`${base}/fix`, { json: {} })).status, 409);
      v = (await analyst.api.get(base)).json;
      assert.equal(v.stage, 'fixed');
      assert.equal(v.clock.state, 'stopped');
      assert.ok(v.finder_told_at);

      // The finder is told after the fix, in English, in its thread and by mail; its non-disclosure ends.
      const report = (await finder.api.get(`/api/v1/reports/${c.reportId}`)).json;
      const told = report.messages.at(-1).body;
      assert.match(told, new RegExp(`was fixed on ${jstDate()}`));
      assert.doesNotMatch(told, /[\u3040-\u30ff]/, 'no Japanese in the English finder\'s message');
      const finderMail = (await analyst.api.get(`/api/v1/mail/outbox?reference=report:${c.reportId}`)).json.messages;
      assert.equal(finderMail[0].kind, 'website.finder');
      reportPage = await page(server.baseUrl, finderWeb, `/reports/${c.reportId}`);
      assert.match(reportPage.text, new RegExp(`id="nondisclosure-ended">Ended with the fix reported on ${jstDate()}`));

      // 5. Nothing public by default; the operator's choice to publish shows its announcement only.
      assert.equal((await request(server.baseUrl, 'GET', '/api/v1/website/notices')).json.notices
        .filter((n) => n.site_url === 'https://shop.example.jp/').length, 0);
      r = await operator.put(`${base}/publication`, { json: { choice: 'publish', url: 'javascript:alert(1)' } });
      assert.equal(r.status, 400);
      assert.equal(r.json.error.field, 'url');
      r = await operator.put(`${base}/publication`, { json: { choice: 'publish',
        url: 'https://shop.example.jp/news/2026-security', summary: 'We fixed a flaw in the product search.' } });
      assert.equal(r.status, 200, r.text);
      const notices = (await request(server.baseUrl, 'GET', '/api/v1/website/notices')).json.notices;
      const mineNotice = notices.find((n) => n.announcement_url === 'https://shop.example.jp/news/2026-security');
      assert.ok(mineNotice);
      assert.deepEqual(Object.keys(mineNotice).sort(), ['announcement_url', 'fixed_on', 'site_name', 'site_url',
        'summary']);
      const noticesPage = await request(server.baseUrl, 'GET', '/website/notices');
      assert.match(noticesPage.text, /news&#x2F;2026-security/);
      assert.doesNotMatch(noticesPage.text, /Hidden Finder Name|SQL injection in the shop search/);

      // 6. Closing; the history says who did what.
      r = await analyst.api.post(`${base}/close`, { json: { reason: 'Fixed and announced.' } });
      assert.equal(r.status, 200, r.text);
      v = (await analyst.api.get(base)).json;
      assert.equal(v.stage, 'closed');
      const actions = v.history.map((e) => e.action);
      for (const a of ['website.contact', 'website.notified', 'website.operator_invited', 'website.operator_joined',
        'website.verification', 'website.fixed', 'website.publication', 'website.closed']) {
        assert.ok(actions.includes(a), `${a} in ${actions}`);
      }
    });

  test('the analyst records answers by phone on the operator\'s behalf; the clock escalates near the due date',
    async () => {
      const c = await newWebsiteCase('XSS with session theft on the members page');
      const s = await webLogin(server.baseUrl, analyst.email, analyst.password);
      const path = `/website/cases/${c.id}`;
      let r = await postForm(server.baseUrl, s, `${path}/contact`, { name: 'Members Site', email: '',
        phone: '+81-3-1111-2222', source: 'found', source_note: 'The company registry lists this number.' });
      assert.equal(r.status, 303, r.text);
      assert.equal(r.headers.get('location'), `${path}?notice=website_contact_saved#contact`);
      r = await postForm(server.baseUrl, s, `${path}/notify`, { channel: 'mail', details: '' });
      assert.equal(r.status, 409, 'no address to mail: the page says so');
      assert.match(r.text, /no e-mail address/);
      r = await postForm(server.baseUrl, s, `${path}/notify`, { channel: 'phone',
        details: 'Explained the members page issue by phone.' });
      assert.equal(r.status, 303, r.text);
      assert.equal((await analyst.api.get(`/api/v1/mail/outbox?reference=case:${c.id}:operator`)).json.messages.length,
        0, 'a phone call sends no mail');
      r = await postForm(server.baseUrl, s, `${path}/verification`, { result: 'confirmed',
        note: 'The operator called back: confirmed.' });
      assert.equal(r.status, 303, r.text);
      r = await postForm(server.baseUrl, s, `${path}/messages`, { body: 'They will deploy next week.', on_behalf: '1' });
      assert.equal(r.status, 303, r.text);

      // Due soon: the due date moved to five days from now puts the case among the urgent ones.
      const soon = new Date(Date.now() + 9 * 3600e3 + 5 * 86400e3).toISOString().slice(0, 10);
      r = await postForm(server.baseUrl, s, `${path}/due`, { due: soon, reason: 'Agreed by phone.' });
      assert.equal(r.status, 303, r.text);
      r = await postForm(server.baseUrl, s, `${path}/due`, { due: 'soon', reason: 'x' });
      assert.equal(r.status, 400);
      assert.match(r.text, /due/);
      const v = (await analyst.api.get(`/api/v1/website/cases/${c.id}`)).json;
      assert.equal(v.clock.state, 'due_soon');
      assert.equal(v.clock.due, soon);
      assert.equal(v.clock.days_left, 5);
      assert.equal(v.verification, 'confirmed');
      assert.ok(v.messages.some((m) => m.on_behalf && m.body === 'They will deploy next week.'));
      assert.ok(v.history.some((e) => e.action === 'website.verification_recorded'));
      const listPage = await page(server.baseUrl, s, '/website/cases');
      assert.equal(listPage.status, 200);
      assert.match(listPage.text, /id="due-soon-count">Due soon: \d+/);
      const casePage = await page(server.baseUrl, s, path);
      assert.match(casePage.text, /id="clock-due-soon"/);
      assert.match(casePage.text, /5 days left/);
      assert.match(casePage.text, /found by the analyst/);
      assert.match(casePage.text, /The company registry lists this number\./);
      // Staff close without a fix: the finder is told why.
      r = await postForm(server.baseUrl, s, `${path}/close`, { reason: 'The operator stopped answering.' });
      assert.equal(r.status, 303, r.text);
      const report = (await finder.api.get(`/api/v1/reports/${c.reportId}`)).json;
      assert.match(report.messages.at(-1).body, /ended without a fix being reported/);
    });

  test('an operator account that exists is admitted at once; Japanese pages', async () => {
    const c = await newWebsiteCase('Open redirect on the login page');
    const email = uniqueEmail('existing-operator');
    await addUser(server.dataDir, { email, name: 'Existing Operator', role: 'website_operator', password: PASSWORD });
    const r0 = await analyst.api.put(`/api/v1/website/cases/${c.id}/contact`, { json: { name: 'Shop', email,
      source: 'found', source_note: 'WHOIS' } });
    assert.equal(r0.status, 200, r0.text);
    const r = await analyst.api.post(`/api/v1/website/cases/${c.id}/operator`, { json: {} });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.admitted, true);
    assert.equal(r.json.invitation_token, undefined);
    assert.equal((await analyst.api.post(`/api/v1/website/cases/${c.id}/operator`, { json: {} })).status, 409);
    const s = await webLogin(server.baseUrl, email, PASSWORD);
    const ja = await request(server.baseUrl, 'GET', `/website/cases/${c.id}`,
      { cookie: s.cookie, headers: { 'accept-language': 'ja' } });
    assert.equal(ja.status, 200);
    assert.match(ja.text, /修正期間（約3か月）/);
    assert.match(ja.text, /運営者への通知で開始します。/);
    assert.doesNotMatch(ja.text, /id="contact"/, 'the contact record is the receiving organisation\'s');
  });
});

describe('low-impact close (G8-4)', () => {
  test('a coordinator notifies the developer and closes; the finder is told the reason', async () => {
    const lead = await addStaff(server, { role: 'lead_coordinator', name: 'Lead' });
    const rep = await finder.api.post('/api/v1/reports', { json: softwareReport({ title: 'Version disclosure' }) });
    const acc = await analyst.api.post(`/api/v1/reports/${rep.json.id}/accept`, { json: {} });
    const caseId = acc.json.case.id;
    const vendor = await lead.api.post('/api/v1/vendors', { json: { name: `Low Impact Maker ${Date.now()}`,
      contact_email: 'psirt@low-impact.example' } });
    assert.equal(vendor.status, 201, vendor.text);
    const s = await webLogin(server.baseUrl, lead.email, lead.password);

    // The case page links to the confirmation page, which says what will happen.
    const casePage = await page(server.baseUrl, s, `/cases/${caseId}`);
    assert.match(casePage.text, new RegExp(`href="/cases/${caseId}/low-impact"`));
    let form = await page(server.baseUrl, s, `/cases/${caseId}/low-impact`);
    assert.equal(form.status, 200);
    assert.match(form.text, /id="no-vendors"/);
    assert.match(form.text, /id="no-details"/);
    let r = await lead.api.post(`/api/v1/cases/${caseId}/low-impact`, { json: { reason: 'Only the version leaks.' } });
    assert.equal(r.status, 409, 'nothing to send yet');
    await lead.api.put(`/api/v1/cases/${caseId}/info`, { json: { overview: 'A version leak.',
      details: 'GET /version returns the exact build.', product_ids: '', keywords: '' } });
    await lead.api.post(`/api/v1/cases/${caseId}/vendors`, { json: { vendor_id: vendor.json.id, obvious: true } });
    form = await page(server.baseUrl, s, `/cases/${caseId}/low-impact`);
    assert.match(form.text, /id="lowimpact-vendors">Low Impact Maker/);
    assert.equal((await coordinator.api.post(`/api/v1/cases/${caseId}/low-impact`, { json: { reason: 'x' } })).status,
      404, 'only the case\'s coordinators');
    r = await lead.api.post(`/api/v1/cases/${caseId}/low-impact`, { json: { reason: '' } });
    assert.equal(r.status, 400);
    assert.equal(r.json.error.field, 'reason');

    r = await postForm(server.baseUrl, s, `/cases/${caseId}/low-impact`, { reason: 'Only the version leaks.' });
    assert.equal(r.status, 303, r.text);
    assert.equal(r.headers.get('location'), `/cases/${caseId}?notice=lowimpact_closed`);
    const view = (await lead.api.get(`/api/v1/cases/${caseId}`)).json;
    assert.equal(view.status ?? view.case?.status, 'closed_low_impact');
    const mail = (await lead.api.get(`/api/v1/mail/outbox?reference=case:${caseId}:vendor:${vendor.json.id}`)).json;
    assert.deepEqual(mail.messages.map((m) => m.kind), ['case.low_impact']);
    const report = (await finder.api.get(`/api/v1/reports/${rep.json.id}`)).json;
    assert.match(report.messages.at(-1).body, /handled as a case of low impact/);
    assert.match(report.messages.at(-1).body, /Only the version leaks\./);
    r = await lead.api.post(`/api/v1/cases/${caseId}/low-impact`, { json: { reason: 'again' } });
    assert.equal(r.status, 409);
    form = await page(server.baseUrl, s, `/cases/${caseId}/low-impact`);
    assert.match(form.text, /id="already-closed"/);
  });
});

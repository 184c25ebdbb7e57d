// The overview notice to many vendors at once (Coordination at scale: cases
// of up to 150 vendors): POST /api/v1/cases/:id/overview and the vendor
// table's form on the coordinator's case page. One transaction per request:
// every vendor is notified, or none is. Also the date and investigation forms
// of the case pages: hidden once the embargo has ended, the investigation form
// pre-filled with the vendor's last report, no "accept" once the date is agreed.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { addStaff, addUser, client, hiddenCsrf, login, registerFinder, request, softwareReport, startServer,
  uniqueEmail, webLogin } from '../lib/server.mjs';

let server;
let lead;           // lead coordinator: every case
let intake;
let finder;
let leadWeb;        // the lead's browser session
let counter = 0;

/** Character references decoded (mstch escapes '/' in attributes), so that markup compares as written. */
const decode = (html) => html.replace(/&#x2F;/g, '/').replace(/&quot;/g, '"').replace(/&#39;/g, "'")
  .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** A page as a browser session gets it, in `lang`: {status, headers, html (decoded)}. */
async function page(session, path, lang = 'en') {
  const r = await request(server.baseUrl, 'GET', path, { cookie: session.cookie, headers: { 'accept-language': lang } });
  return { ...r, html: decode(r.text) };
}

/** POSTs a page form (url-encoded, the session's CSRF token added); `fields` is a list of [name, value]. */
function postForm(session, path, fields, lang = 'en') {
  const body = new URLSearchParams([['csrf', session.csrfToken], ...fields]).toString();
  return request(server.baseUrl, 'POST', path, { cookie: session.cookie, body,
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': lang } });
}

/** A section of a page: from the element with id `id` to the end of its <section> (or `end`). */
function section(html, id, end = '</section>') {
  const at = html.indexOf(`id="${id}"`);
  assert.ok(at >= 0, `no #${id} in the page`);
  return html.slice(at, html.indexOf(end, at));
}

/**
 * A fresh case with an overview and details, and `n` registered vendors (not
 * obvious, not notified). `extra` adds {obvious: n} obvious vendors and
 * {unregistered: n} developers invited to register. Resolves {id, identifier, vendors, obvious, unregistered}.
 */
async function makeCase(n, { obvious = 0, unregistered = 0, overview = 'Do you ship the Foo parser?' } = {}) {
  counter += 1;
  const rep = await finder.api.post('/api/v1/reports', { json: softwareReport({ title: `Bulk case ${counter}` }) });
  assert.equal(rep.status, 201, rep.text);
  const acc = await intake.api.post(`/api/v1/reports/${rep.json.id}/accept`, { json: { note: '' } });
  assert.equal(acc.status, 200, acc.text);
  const id = acc.json.case.id;
  const info = await lead.api.put(`/api/v1/cases/${id}/info`, { json: {
    overview, details: 'The length field of the Foo header is trusted.', keywords: 'foo',
  } });
  assert.equal(info.status, 200, info.text);
  const addVendor = async (name, isObvious) => {
    const v = await lead.api.post('/api/v1/vendors', { json: { name, contact_email: uniqueEmail('psirt'),
      registration: 'individual' } });
    assert.equal(v.status, 201, v.text);
    const add = await lead.api.post(`/api/v1/cases/${id}/vendors`, { json: { vendor_id: v.json.id, obvious: isObvious } });
    assert.equal(add.status, 200, add.text);
    return { id: v.json.id, name };
  };
  const vendors = [];
  for (let i = 0; i < n; i++) vendors.push(await addVendor(`Bulk ${counter} Vendor ${String(i).padStart(3, '0')}`, false));
  const obv = [];
  for (let i = 0; i < obvious; i++) obv.push(await addVendor(`Bulk ${counter} Obvious ${i}`, true));
  const unreg = [];
  for (let i = 0; i < unregistered; i++) {
    const name = `Bulk ${counter} Unregistered ${i}`;
    const r = await lead.api.post(`/api/v1/cases/${id}/vendors`, { json: { name, email: uniqueEmail('unreg') } });
    assert.equal(r.status, 201, r.text);
    unreg.push({ name });
  }
  const view = await caseJson(id);
  for (const u of unreg) u.id = view.vendors.find((v) => v.name === u.name).vendor_id;
  return { id, identifier: acc.json.case.identifier, vendors, obvious: obv, unregistered: unreg };
}

async function caseJson(id) {
  const r = await lead.api.get(`/api/v1/cases/${id}?per_page=200`);
  assert.equal(r.status, 200, r.text);
  return r.json;
}
const engagementOf = async (id) => Object.fromEntries((await caseJson(id)).vendors.map((v) => [v.vendor_id, v.engagement]));
/** The case's queued mail (every vendor notice has reference case:ID:vendor:VID). */
async function outbox(caseId) {
  const r = await lead.api.get(`/api/v1/mail/outbox?reference=case:${caseId}`);
  assert.equal(r.status, 200, r.text);
  return r.json.messages;
}
const bulk = (caseId, json, api = lead.api) => api.post(`/api/v1/cases/${caseId}/overview`, { json });
const ids = (list) => list.map((v) => v.vendor_id).sort((a, b) => a - b);
const sorted = (list) => [...list].sort((a, b) => a - b);

before(async () => {
  server = await startServer();
  const password = 'bulk overview lead password';
  lead = await addStaff(server, { role: 'lead_coordinator', name: 'Lena Lead', password });
  intake = await addStaff(server, { role: 'intake_analyst', name: 'Ivo Intake' });
  finder = await registerFinder(server.baseUrl, { displayName: 'Bulk Finder' });
  leadWeb = { ...(await webLogin(server.baseUrl, lead.email, password)) };
});
after(async () => { await server?.stop(); });

describe('POST /api/v1/cases/:id/overview', () => {
  test('sends to the selected vendors only, exactly as one by one would', async () => {
    const c = await makeCase(5);
    const [v0, v1, v2] = c.vendors;
    const r = await bulk(c.id, { vendor_ids: [v2.id, v0.id] });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.status, 'sent');
    assert.deepEqual(ids(r.json.notified), sorted([v0.id, v2.id]));
    assert.deepEqual(r.json.skipped, []);
    assert.deepEqual(r.json.notified.map((v) => v.name).sort(), [v0.name, v2.name]);

    const eng = await engagementOf(c.id);
    assert.equal(eng[v0.id], 'notified');
    assert.equal(eng[v2.id], 'notified');
    assert.equal(eng[v1.id], 'not_notified');
    const view = await caseJson(c.id);
    const row = view.vendors.find((v) => v.vendor_id === v0.id);
    assert.ok(row.initial_contact_at, 'the initial contact date (G4-1) is set');
    assert.ok(row.answer_due, 'an answer is due');
    assert.ok(view.clocks.initial_contact, 'the case clocks start');
    // Vultron RM: the report was received by the vendor, as with the single-vendor route.
    const vultron = await lead.api.get(`/api/v1/cases/${c.id}/vultron`);
    assert.equal(vultron.status, 200, vultron.text);
    const rm = Object.fromEntries(JSON.parse(vultron.text).caseParticipants
      .map((x) => [Number(x.id.match(/vendor-(\d+)$/)[1]), x.participantStatus[0].rmState]));
    assert.equal(rm[v0.id], 'REPORT_MANAGEMENT_RECEIVED');
    assert.equal(rm[v2.id], 'REPORT_MANAGEMENT_RECEIVED');
    assert.equal(rm[v1.id], 'REPORT_MANAGEMENT_START');

    // One overview notice per vendor in the outbox, and the bilingual request in each vendor's thread.
    const mail = await outbox(c.id);
    assert.deepEqual(mail.map((m) => m.reference).sort(), [`case:${c.id}:vendor:${v0.id}`, `case:${c.id}:vendor:${v2.id}`].sort());
    assert.ok(mail.every((m) => m.kind === 'case.overview_notice' && m.status === 'queued'));
    const thread = await lead.api.get(`/api/v1/cases/${c.id}/threads/vendor/${v2.id}`);
    assert.equal(thread.status, 200, thread.text);
    assert.match(JSON.stringify(thread.json), /Do you ship the Foo parser\?/);

    // The same vendor again, one at a time, is refused exactly as before.
    const again = await lead.api.post(`/api/v1/cases/${c.id}/vendors/${v0.id}/overview`, { json: {} });
    assert.equal(again.status, 409, again.text);
  });

  test('vendors already notified are skipped, not an error; the rest are notified', async () => {
    const c = await makeCase(3);
    const [v0, v1, v2] = c.vendors;
    const single = await lead.api.post(`/api/v1/cases/${c.id}/vendors/${v0.id}/overview`, { json: {} });
    assert.equal(single.status, 200, single.text);
    const r = await bulk(c.id, { vendor_ids: [v0.id, v1.id, v1.id] });   // a repeated id counts once
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(ids(r.json.notified), [v1.id]);
    assert.deepEqual(r.json.skipped, [{ vendor_id: v0.id, name: v0.name, reason: 'already_notified' }]);
    assert.equal((await outbox(c.id)).length, 2, 'one notice each for v0 (single) and v1 (bulk)');
    // Nothing left to send among these: 200, nobody notified, nothing queued.
    const none = await bulk(c.id, { vendor_ids: [v0.id, v1.id] });
    assert.equal(none.status, 200, none.text);
    assert.deepEqual(none.json.notified, []);
    assert.equal(none.json.skipped.length, 2);
    assert.equal((await outbox(c.id)).length, 2);
    assert.equal((await engagementOf(c.id))[v2.id], 'not_notified');
  });

  test('all_not_notified: every registered, non-obvious vendor not yet notified; the others are skipped with why',
    async () => {
      const c = await makeCase(4, { obvious: 1, unregistered: 1 });
      const [v0, ...rest] = c.vendors;
      assert.equal((await lead.api.post(`/api/v1/cases/${c.id}/vendors/${v0.id}/overview`, { json: {} })).status, 200);
      const r = await bulk(c.id, { all_not_notified: true });
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(ids(r.json.notified), sorted(rest.map((v) => v.id)));
      const why = Object.fromEntries(r.json.skipped.map((s) => [s.vendor_id, s.reason]));
      assert.deepEqual(why, {
        [v0.id]: 'already_notified',
        [c.obvious[0].id]: 'obvious',
        [c.unregistered[0].id]: 'must_register',
      });
      const eng = await engagementOf(c.id);
      for (const v of c.vendors) assert.equal(eng[v.id], 'notified', v.name);
      assert.equal(eng[c.obvious[0].id], 'not_notified', 'an obvious developer gets the details, not the overview');
      assert.equal(eng[c.unregistered[0].id], 'not_notified');
      assert.equal((await outbox(c.id)).length, 4);
      // Again: nothing is left.
      const again = await bulk(c.id, { all_not_notified: true });
      assert.equal(again.status, 200, again.text);
      assert.deepEqual(again.json.notified, []);
      assert.equal((await outbox(c.id)).length, 4);
    });

  test('one vendor that cannot be notified stops the whole batch: nothing sent, nothing queued, state unchanged',
    async () => {
      const c = await makeCase(3, { unregistered: 1 });
      const [v0, v1, v2] = c.vendors;
      const u = c.unregistered[0];
      const before = await caseJson(c.id);

      // An unregistered developer must register first (G2-3): 409 naming it.
      const r = await bulk(c.id, { vendor_ids: [v0.id, u.id, v1.id] });
      assert.equal(r.status, 409, r.text);
      assert.equal(r.json.error.code, 'conflict');
      assert.equal(r.json.error.field, 'vendor_ids');
      assert.ok(r.json.error.message.includes(u.name), r.json.error.message);
      assert.match(r.json.error.message, /must register/);

      // A vendor id that is not in the case: 400 naming it.
      const unknown = await bulk(c.id, { vendor_ids: [v0.id, 999999, v2.id] });
      assert.equal(unknown.status, 400, unknown.text);
      assert.match(unknown.json.error.message, /vendor 999999 is not in this case/);

      assert.deepEqual(await outbox(c.id), [], 'no notice was queued');
      const after = await caseJson(c.id);
      assert.deepEqual(after.vendors, before.vendors, 'no vendor record changed');
      assert.deepEqual(after.clocks, before.clocks, 'no clock started');
      assert.equal(after.case_thread_messages, before.case_thread_messages);
      for (const v of c.vendors) {
        const thread = await lead.api.get(`/api/v1/cases/${c.id}/threads/vendor/${v.id}`);
        assert.equal(thread.status, 200, thread.text);
        assert.doesNotMatch(JSON.stringify(thread.json), /Foo parser/, `no notice in ${v.name}'s thread`);
      }
      // Without the offending vendor the same batch goes through.
      const ok = await bulk(c.id, { vendor_ids: [v0.id, v1.id] });
      assert.equal(ok.status, 200, ok.text);
      assert.deepEqual(ids(ok.json.notified), sorted([v0.id, v1.id]));
    });

  test('150 vendors: one request, one transaction', async (t) => {
    const c = await makeCase(150);
    const started = performance.now();
    const r = await bulk(c.id, { all_not_notified: true });
    const ms = performance.now() - started;
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.notified.length, 150);
    t.diagnostic(`150 overview notices in one request: ${ms.toFixed(0)} ms`);
    assert.equal((await outbox(c.id)).length, 150);
    const view = await caseJson(c.id);
    assert.deepEqual(view.vendor_summary.by_state, { notified: 150 });
    const p = await page(leadWeb, `/cases/${c.id}`);
    assert.ok(!p.html.includes('id="bulk-overview"'), 'every vendor notified: no form left');
  });

  test('no overview written yet: 409 and nothing sent', async () => {
    const c = await makeCase(2, { overview: '' });
    const r = await bulk(c.id, { all_not_notified: true });
    assert.equal(r.status, 409, r.text);
    assert.match(r.json.error.message, /write the overview/);
    assert.deepEqual(await outbox(c.id), []);
  });

  test('malformed requests are refused with a message naming the problem', async () => {
    const c = await makeCase(1);
    const cases = [
      [{}, /choose at least one vendor/],
      [{ vendor_ids: [] }, /choose at least one vendor/],
      [{ vendor_ids: [c.vendors[0].id], all_not_notified: true }, /not both/],
      [{ vendor_ids: 'all' }, /vendor_ids must be an array/],
      [{ vendor_ids: [1.5] }, /positive integers/],
      [{ vendor_ids: [0] }, /positive integers/],
      [{ vendor_ids: ['3'] }, /positive integers/],
      [{ all_not_notified: 'yes' }, /all_not_notified/],
      [{ vendor_ids: Array.from({ length: 1001 }, (_, i) => i + 1) }, /at most 1000/],
    ];
    for (const [body, message] of cases) {
      const r = await bulk(c.id, body);
      assert.equal(r.status, 400, `${JSON.stringify(body).slice(0, 80)}: ${r.text}`);
      assert.match(r.json.error.message, message, JSON.stringify(body).slice(0, 80));
    }
    const garbage = await request(server.baseUrl, 'POST', `/api/v1/cases/${c.id}/overview`,
      { token: lead.token, body: '{"vendor_ids": [', headers: { 'content-type': 'application/json' } });
    assert.equal(garbage.status, 400, garbage.text);
    assert.deepEqual(await outbox(c.id), []);
  });

  test('only the case\'s coordinators: a vendor, another coordinator and strangers get 404, anonymous 401', async () => {
    const c = await makeCase(2);
    const [v0, v1] = c.vendors;
    // Vendor v0's PSIRT account, notified in this case (it sees the case) - still not its to send.
    const email = uniqueEmail('psirt-user');
    await addUser(server.dataDir, { email, name: 'Vendor Person', role: 'vendor', password: 'vendor password 1' });
    const login = await request(server.baseUrl, 'POST', '/api/v1/tokens', { json: { email, password: 'vendor password 1' } });
    assert.equal(login.status, 201, login.text);
    const vendorApi = client(server.baseUrl, login.json.token);
    assert.equal((await lead.api.post(`/api/v1/vendors/${v0.id}/members`, { json: { user_id: login.json.user_id } })).status,
      200);
    assert.equal((await bulk(c.id, { vendor_ids: [v0.id] })).status, 200);
    assert.equal((await vendorApi.get(`/api/v1/cases/${c.id}`)).status, 200, 'the vendor sees the case');

    const other = await addStaff(server, { role: 'coordinator', name: 'Otto Other' });
    for (const [who, api] of [['vendor', vendorApi], ['unassigned coordinator', other.api], ['finder', finder.api],
      ['intake', intake.api]]) {
      for (const body of [{ vendor_ids: [v1.id] }, { all_not_notified: true }]) {
        const r = await bulk(c.id, body, api);
        assert.equal(r.status, 404, `${who}: ${r.text}`);
        assert.equal(r.json.error.message, 'case not found', who);
      }
    }
    const anon = await request(server.baseUrl, 'POST', `/api/v1/cases/${c.id}/overview`, { json: { all_not_notified: true } });
    assert.equal(anon.status, 401);
    assert.equal((await engagementOf(c.id))[v1.id], 'not_notified');
    assert.equal((await outbox(c.id)).length, 1);
  });
});

describe('the vendor table\'s form on the coordinator\'s case page', () => {
  test('a checkbox per vendor the overview is due to, and a button for all of them', async () => {
    const c = await makeCase(3, { obvious: 1, unregistered: 1 });
    assert.equal((await lead.api.post(`/api/v1/cases/${c.id}/vendors/${c.vendors[0].id}/overview`, { json: {} })).status, 200);
    const p = await page(leadWeb, `/cases/${c.id}`);
    assert.equal(p.status, 200, p.text);
    const boxes = [...p.html.matchAll(/<input type="checkbox" name="vendor_id" value="(\d+)" form="bulk-overview"/g)]
      .map((m) => Number(m[1]));
    assert.deepEqual(sorted(boxes), sorted([c.vendors[1].id, c.vendors[2].id]),
      'not for the notified, the obvious or the unregistered one');
    assert.match(p.html, new RegExp(`<form method="post" action="/cases/${c.id}/overview" class="inline-form" id="bulk-overview">`));
    const form = section(p.html, 'bulk-overview', '</form>');
    assert.match(form, /<input type="hidden" name="csrf" value="[^"]+">/);
    assert.match(form, /Send the overview to the selected vendors/);
    assert.match(form, /Send the overview to all 2 vendors not yet notified/);
    assert.doesNotMatch(p.html, /<script/i, 'no JavaScript');
    const ja = await page(leadWeb, `/cases/${c.id}`, 'ja');
    assert.match(section(ja.html, 'bulk-overview', '</form>'), /未連絡の製品開発者 2 社すべてに概要情報を送る/);
    assert.match(ja.html, /選択した製品開発者に概要情報を送る/);
  });

  test('sending to the ticked vendors, then to all: POST with the CSRF token, redirect, rows now notified', async () => {
    const c = await makeCase(4);
    const [v0, v1, v2, v3] = c.vendors;
    const sent = await postForm(leadWeb, `/cases/${c.id}/overview`,
      [['vendor_id', String(v0.id)], ['vendor_id', String(v2.id)], ['scope', 'selected']]);
    assert.equal(sent.status, 303, sent.text.slice(0, 300));
    const location = sent.headers.get('location');
    assert.equal(location, `/cases/${c.id}?notice=overviews_sent#vendors`);
    let p = await page(leadWeb, location.replace(/#.*$/, ''));
    assert.equal(p.status, 200);
    assert.match(p.html, /Overview notices sent to the vendors\./);
    const engagementCell = (html, vid) => {
      const row = html.slice(html.indexOf(`<tr id="v${vid}"`), html.indexOf('</tr>', html.indexOf(`<tr id="v${vid}"`)));
      return row.match(/class="badge eng eng-([a-z_]+)"/)[1];
    };
    assert.equal(engagementCell(p.html, v0.id), 'notified');
    assert.equal(engagementCell(p.html, v2.id), 'notified');
    assert.equal(engagementCell(p.html, v1.id), 'not_notified');
    assert.match(section(p.html, 'bulk-overview', '</form>'), /all 2 vendors not yet notified/);
    assert.equal((await outbox(c.id)).length, 2);

    const all = await postForm(leadWeb, `/cases/${c.id}/overview`, [['scope', 'all']]);
    assert.equal(all.status, 303, all.text.slice(0, 300));
    p = await page(leadWeb, `/cases/${c.id}`);
    for (const v of [v0, v1, v2, v3]) assert.equal(engagementCell(p.html, v.id), 'notified', v.name);
    assert.ok(!p.html.includes('id="bulk-overview"'), 'nothing left to send: no form');
    assert.equal((await outbox(c.id)).length, 4);

    // Ticked again from a stale page: nothing sent, and the notice says so.
    const stale = await postForm(leadWeb, `/cases/${c.id}/overview`, [['vendor_id', String(v1.id)], ['scope', 'selected']]);
    assert.equal(stale.headers.get('location'), `/cases/${c.id}?notice=overviews_none#vendors`);
    assert.equal((await outbox(c.id)).length, 4);
  });

  test('a refused batch shows why and sends nothing; no CSRF token, no change', async () => {
    const c = await makeCase(2, { unregistered: 1 });
    const refused = await postForm(leadWeb, `/cases/${c.id}/overview`,
      [['vendor_id', String(c.vendors[0].id)], ['vendor_id', String(c.unregistered[0].id)], ['scope', 'selected']]);
    assert.equal(refused.status, 409, refused.text.slice(0, 300));
    assert.ok(decode(refused.text).includes(c.unregistered[0].name), 'the error names the vendor');
    // In Japanese: the vendor named in the Japanese frame, the reason in Japanese too.
    const refusedJa = await postForm(leadWeb, `/cases/${c.id}/overview`,
      [['vendor_id', String(c.unregistered[0].id)], ['scope', 'selected']], 'ja');
    assert.equal(refusedJa.status, 409);
    assert.ok(decode(refusedJa.text).includes(
      `${c.unregistered[0].name}（ベンダー ${c.unregistered[0].id}）: 情報を開示する前に、製品開発者の登録が必要です。`),
    decode(refusedJa.text).match(/<[^>]*role="alert"[^>]*>[\s\S]{0,300}/)?.[0]);
    const nothing = await postForm(leadWeb, `/cases/${c.id}/overview`, [['scope', 'selected']]);
    assert.equal(nothing.status, 400, 'nothing ticked');
    const noCsrf = await request(server.baseUrl, 'POST', `/cases/${c.id}/overview`, { cookie: leadWeb.cookie,
      body: new URLSearchParams({ scope: 'all' }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(noCsrf.status, 403, noCsrf.text.slice(0, 300));
    assert.deepEqual(await outbox(c.id), []);
    const eng = await engagementOf(c.id);
    assert.ok(Object.values(eng).every((e) => e === 'not_notified'), JSON.stringify(eng));
  });
});

describe('the date and investigation forms of the case pages', () => {
  let c;
  let vendor;          // {api, web} of the PSIRT account of c.vendors[0]
  const agreedAt = new Date(Date.now() + 60 * 86400_000);
  agreedAt.setUTCSeconds(0, 0);
  const earlyAt = new Date(Date.now() + 10 * 86400_000);
  earlyAt.setUTCSeconds(0, 0);
  const iso = (d) => d.toISOString().replace(/\.000Z$/, 'Z');
  const jst = (d) => {
    const t = new Date(d.getTime() + 9 * 3600_000).toISOString();
    return `${t.slice(0, 10)} ${t.slice(11, 16)} JST`;
  };

  before(async () => {
    c = await makeCase(1, { obvious: 1 });
    const v = c.obvious[0];
    const email = uniqueEmail('psirt-dates');
    const password = 'vendor dates password';
    await addUser(server.dataDir, { email, name: 'Dana Dates', role: 'vendor', password, lang: 'en' });
    const r = await request(server.baseUrl, 'POST', '/api/v1/tokens', { json: { email, password } });
    assert.equal(r.status, 201, r.text);
    assert.equal((await lead.api.post(`/api/v1/vendors/${v.id}/members`, { json: { user_id: r.json.user_id } })).status, 200);
    assert.equal((await lead.api.post(`/api/v1/cases/${c.id}/vendors/${v.id}/details`, { json: {} })).status, 200);
    vendor = { api: client(server.baseUrl, r.json.token), web: await webLogin(server.baseUrl, email, password) };
  });

  test('the investigation form starts from the vendor\'s last report', async () => {
    let p = await page(vendor.web, `/cases/${c.id}`);
    assert.equal(p.status, 200, p.text.slice(0, 300));
    let form = section(p.html, 'investigation', '</form>');
    assert.match(form, /value="unknown" checked/, 'nothing filed yet: "unknown"');
    assert.match(form, /<textarea id="inv-fix" name="fix_plan" rows="2"><\/textarea>/);

    const first = await postForm(vendor.web, `/cases/${c.id}/investigation`, [['affected', 'no'],
      ['fix_plan', 'First plan'], ['schedule', 'Q3']]);
    assert.equal(first.status, 303, first.text.slice(0, 300));
    const filed = { affected: 'yes', workaround_plan: 'Disable the Foo header.', fix_plan: 'Release 2.4.1 <with> "fix"',
      schedule: 'June', publication_plan: 'Our advisory the same day.', other_developers: 'Bar Systems (embeds Foo)' };
    const second = await postForm(vendor.web, `/cases/${c.id}/investigation`, Object.entries(filed));
    assert.equal(second.status, 303, second.text.slice(0, 300));

    p = await page(vendor.web, `/cases/${c.id}`);
    form = section(p.html, 'investigation', '</form>');
    assert.match(form, /value="yes" checked/);
    assert.doesNotMatch(form, /value="(no|unknown)" checked/);
    for (const [field, value] of Object.entries(filed).filter(([k]) => k !== 'affected')) {
      const m = form.match(new RegExp(`name="${field}" rows="2">([^<]*(?:<with>[^<]*)?)</textarea>`));
      assert.ok(m, `${field} textarea`);
      assert.equal(m[1], value, field);
    }
    // Sent again unchanged: the same other developers are not proposed a second time.
    const proposalsBefore = (await caseJson(c.id)).proposals.length;
    const again = await postForm(vendor.web, `/cases/${c.id}/investigation`, Object.entries(filed));
    assert.equal(again.status, 303);
    const view = await caseJson(c.id);
    assert.equal(view.proposals.length, proposalsBefore);
    assert.equal(view.proposals.filter((x) => x.vendor_name === filed.other_developers).length, 1);
  });

  test('after agreement: the agreed moment in JST and UTC, no "accept", a revision request as the secondary action',
    async () => {
      const proposed = await lead.api.post(`/api/v1/cases/${c.id}/date`, { json: { publication_at: iso(agreedAt), note: '' } });
      assert.equal(proposed.status, 200, proposed.text);
      let p = await page(vendor.web, `/cases/${c.id}`);
      let date = section(p.html, 'date');
      assert.match(date, /name="response" value="accept"/, 'proposed: the vendor may accept');
      assert.match(date, /Accept this date/);

      const accepted = await postForm(vendor.web, `/cases/${c.id}/date/respond`, [['response', 'accept'], ['comment', '']]);
      assert.equal(accepted.status, 303, accepted.text.slice(0, 300));
      p = await page(vendor.web, `/cases/${c.id}`);
      date = section(p.html, 'date');
      const big = date.match(/<p class="big-date" id="my-date">([\s\S]*?)<\/p>/)[1];
      assert.match(big, />agreed</);
      assert.ok(big.includes(`<time datetime="${iso(agreedAt)}">${jst(agreedAt)}</time>`), big);
      assert.ok(big.includes(`(${iso(agreedAt)})`), big);
      assert.match(date, /id="date-agreed"/);
      assert.doesNotMatch(date, /value="accept"/);
      assert.doesNotMatch(date, /Accept this date/);
      assert.match(date, /name="response" value="revise"/);
      assert.match(date, /Ask for a revision/);
      assert.equal((await lead.api.get(`/api/v1/cases/${c.id}`)).json.publication.state, 'agreed');
      const mine = (await vendor.api.get(`/api/v1/cases/${c.id}`)).json;
      assert.equal(mine.publication.state, 'agreed');
      assert.equal(mine.embargo_ended, false, 'the vendor JSON says the date is still open');

      // The coordinator still has the date forms while the embargo is active.
      const coord = section((await page(leadWeb, `/cases/${c.id}`)).html, 'date');
      assert.match(coord, /action="\/cases\/\d+\/date\/propose"/);
      assert.doesNotMatch(coord, /id="date-closed"/);
    });

  test('once the embargo has ended (early publication, attacks observed): the state instead of the date forms',
    async () => {
      const early = await lead.api.post(`/api/v1/cases/${c.id}/date/early`, { json: {
        publication_at: iso(earlyAt), reason: 'Attacks seen in the wild.', exploited: true } });
      assert.equal(early.status, 200, early.text);
      const vultron = (await lead.api.get(`/api/v1/cases/${c.id}`)).json.vultron;
      assert.equal(vultron.em, 'EXITED');

      // The forms hidden are the ones the Vultron rules now refuse.
      const refusedPropose = await lead.api.post(`/api/v1/cases/${c.id}/date`,
        { json: { publication_at: iso(agreedAt), note: '' } });
      assert.equal(refusedPropose.status, 409, refusedPropose.text);
      const refusedForeign = await lead.api.post(`/api/v1/cases/${c.id}/date/foreign`,
        { json: { publication_at: iso(agreedAt), coordinator: 'CERT/CC' } });
      assert.equal(refusedForeign.status, 409, refusedForeign.text);
      const refusedRevision = await vendor.api.post(`/api/v1/cases/${c.id}/date-response`,
        { json: { accept: false, comment: 'Later, please.' } });
      assert.equal(refusedRevision.status, 409, refusedRevision.text);

      const coord = await page(leadWeb, `/cases/${c.id}`);
      const date = section(coord.html, 'date');
      assert.match(date, /id="date-closed"/);
      assert.match(date, /Embargo ended/);
      for (const action of ['propose', 'agree', 'foreign']) {
        assert.doesNotMatch(date, new RegExp(`action="/cases/\\d+/date/${action}"`), action);
      }
      assert.match(date, /action="\/cases\/\d+\/date\/early"/, 'moving the date earlier stays possible before publication');
      assert.ok(date.includes(`${jst(earlyAt)}</time> <span class="utc">(${iso(earlyAt)})`), 'the date in JST and UTC');
      const ja = section((await page(leadWeb, `/cases/${c.id}`, 'ja')).html, 'date');
      assert.match(ja, /非公開期間は終了しました/);

      const v = await page(vendor.web, `/cases/${c.id}`);
      const vdate = section(v.html, 'date');
      assert.match(vdate, /id="date-closed"/);
      assert.match(vdate, /The embargo has ended/);
      assert.doesNotMatch(vdate, /<form/, 'no date form for the vendor');
      assert.doesNotMatch(vdate, /id="date-agreed"/);
      assert.ok(vdate.includes(`<time datetime="${iso(earlyAt)}">${jst(earlyAt)}</time>`), 'the (early) date in JST');
      const mine = (await vendor.api.get(`/api/v1/cases/${c.id}`)).json;
      assert.equal(mine.embargo_ended, true, 'the vendor JSON says so too');
      assert.equal(mine.publication.at.utc, iso(earlyAt));
    });
});

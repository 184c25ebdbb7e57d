// The coordinator's view of a large case (the "Coordination" issue's
// performance target): a summary by engagement and status, one page of 50
// vendors filtered on the server (?state, ?status, ?q, ?page), per-vendor
// actions on the vendor's own page in the case, unset JSON fields left out,
// and a gzip body, compressed once per cached rendering, for clients that
// accept it. 60 vendors: every third obvious with the details released, every
// third sent the overview, the rest not notified yet.
import assert from 'node:assert/strict';
import http from 'node:http';
import { gunzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';

import { addStaff, hiddenCsrf, registerFinder, request, softwareReport, startServer, webLogin }
  from '../lib/server.mjs';

const VENDORS = 60;
let server;
let lead;
let web;          // the lead's browser session
let caseId;
const vendorIds = [];

/** A GET whose body is returned as sent (fetch would inflate gzip on its own). */
function rawGet(path, headers) {
  return new Promise((resolve, reject) => {
    http.get(server.baseUrl + path, { headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

const api = (path) => lead.api.get(path);
/** Character references decoded (mstch escapes '/' in attributes), so that markup compares as written. */
const decode = (html) => html.replace(/&#x2F;/g, '/').replace(/&quot;/g, '"').replace(/&#39;/g, "'")
  .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
/** A page as the lead's browser gets it: {status, headers, text (as sent), html (decoded)}. */
async function page(path) {
  const r = await request(server.baseUrl, 'GET', path, { cookie: web.cookie, headers: { 'accept-language': 'en' } });
  return { ...r, html: decode(r.text) };
}
const rowsOf = (html) => (html.match(/<tr id="v\d+"/g) || []).length;
const tableOf = (html) => html.slice(html.indexOf('id="vendor-table"'), html.indexOf('</table>', html.indexOf('id="vendor-table"')));

before(async () => {
  server = await startServer();
  const password = 'case page lead password';
  lead = await addStaff(server, { role: 'lead_coordinator', name: 'Lena Lead', password });
  const intake = await addStaff(server, { role: 'intake_analyst', name: 'Ivo Intake' });
  const finder = await registerFinder(server.baseUrl, { displayName: 'Paging Finder' });
  const rep = await finder.api.post('/api/v1/reports', { json: softwareReport({ title: 'Overflow in a library with 60 users' }) });
  assert.equal(rep.status, 201, rep.text);
  const acc = await intake.api.post(`/api/v1/reports/${rep.json.id}/accept`, { json: { note: '' } });
  assert.equal(acc.status, 200, acc.text);
  caseId = acc.json.case.id;
  const info = await lead.api.put(`/api/v1/cases/${caseId}/info`, { json: {
    overview: 'A parser flaw in a widely embedded library.', details: 'The length field is trusted.', keywords: 'parser',
  } });
  assert.equal(info.status, 200, info.text);
  for (let i = 0; i < VENDORS; i++) {
    const name = i === 7 ? 'ACME Special Devices' : `Paging Vendor ${String(i).padStart(3, '0')}`;
    const v = await lead.api.post('/api/v1/vendors', { json: { name, contact_email: `psirt${i}@paging${i}.example`,
      registration: 'individual' } });
    assert.equal(v.status, 201, v.text);
    vendorIds.push(v.json.id);
    const obvious = i % 3 === 0;
    const add = await lead.api.post(`/api/v1/cases/${caseId}/vendors`, { json: { vendor_id: v.json.id, obvious, tier: i % 2 } });
    assert.equal(add.status, 200, add.text);
    if (obvious) {
      const d = await lead.api.post(`/api/v1/cases/${caseId}/vendors/${v.json.id}/details`, { json: {} });
      assert.equal(d.status, 200, d.text);
    } else if (i % 3 === 1) {
      const o = await lead.api.post(`/api/v1/cases/${caseId}/vendors/${v.json.id}/overview`, { json: {} });
      assert.equal(o.status, 200, o.text);
    }
  }
  web = await webLogin(server.baseUrl, lead.email, password);
});
after(async () => { await server?.stop(); });

/** Every path in `value` whose value is null or an empty string. */
function emptyFields(value, at = '$') {
  if (value === null || value === '') return [at];
  if (Array.isArray(value)) return value.flatMap((v, i) => emptyFields(v, `${at}[${i}]`));
  if (typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => emptyFields(v, `${at}.${k}`));
  return [];
}

describe('the coordinator\'s JSON view of a large case', () => {
  test('one page of 50 vendors, a summary of all, and no null or empty vendor fields', async () => {
    const r = await api(`/api/v1/cases/${caseId}`);
    assert.equal(r.status, 200, r.text);
    const c = r.json;
    assert.deepEqual(c.vendor_page, { page: 1, per_page: 50, pages: 2, matching: VENDORS });
    assert.equal(c.vendors.length, 50);
    assert.equal(c.vendor_summary.total, VENDORS);
    assert.deepEqual(c.vendor_summary.by_state, { not_notified: 20, notified: 20, details_released: 20 });
    assert.deepEqual(c.vendor_summary.by_status, { information_provided: 20, none: 40 });
    assert.equal(c.vendor_summary.in_vendor_table, 20);
    // The fields existing clients read are still there.
    for (const key of ['id', 'identifier', 'title', 'status', 'overview', 'details', 'publication', 'clocks', 'vultron',
      'vendors', 'case_thread_messages', 'proposals', 'prereleases', 'partners', 'investigations', 'status_history']) {
      assert.ok(key in c, key);
    }
    for (const v of c.vendors) {
      for (const key of ['vendor_id', 'name', 'registered', 'obvious', 'tier', 'engagement', 'thread_messages']) {
        assert.ok(key in v, `${key} in ${JSON.stringify(v)}`);
      }
    }
    assert.deepEqual(emptyFields(c.vendors), [], 'unset vendor fields are left out');
    assert.deepEqual(emptyFields(c).filter((p) => !/^\$\.(overview|details|product_ids|keywords|title)$/.test(p)), []);
    // Per-vendor lists follow the page.
    const onPage = new Set(c.vendors.map((v) => v.vendor_id));
    assert.ok(c.status_history.length > 0);
    assert.ok(c.status_history.every((h) => onPage.has(h.vendor_id)));

    const second = (await api(`/api/v1/cases/${caseId}?page=2`)).json;
    assert.equal(second.vendors.length, VENDORS - 50);
    assert.equal(second.vendor_page.page, 2);
    const all = new Set([...onPage, ...second.vendors.map((v) => v.vendor_id)]);
    assert.deepEqual([...all].sort((a, b) => a - b), [...vendorIds].sort((a, b) => a - b));
    const histories = c.status_history.length + second.status_history.length;
    assert.equal(histories, 20, 'paging through the vendors pages through their history once');
  });

  test('?state, ?status, ?q and ?per_page filter on the server', async () => {
    const notified = (await api(`/api/v1/cases/${caseId}?state=notified`)).json;
    assert.equal(notified.vendors.length, 20);
    assert.ok(notified.vendors.every((v) => v.engagement === 'notified'));
    assert.equal(notified.vendor_page.matching, 20);
    assert.equal(notified.vendor_page.state, 'notified');
    assert.equal(notified.vendor_summary.total, VENDORS, 'the summary counts every vendor');

    const waiting = (await api(`/api/v1/cases/${caseId}?state=not_notified&status=none`)).json;
    assert.equal(waiting.vendors.length, 20);
    assert.ok(waiting.vendors.every((v) => v.engagement === 'not_notified' && !('status' in v)));
    const released = (await api(`/api/v1/cases/${caseId}?status=information_provided`)).json;
    assert.equal(released.vendors.length, 20);
    assert.ok(released.vendors.every((v) => v.status.name === 'information_provided'));

    const acme = (await api(`/api/v1/cases/${caseId}?q=${encodeURIComponent(' acme special ')}`)).json;
    assert.deepEqual(acme.vendors.map((v) => v.name), ['ACME Special Devices']);
    assert.equal(acme.vendor_page.q, 'acme special');

    const slice = (await api(`/api/v1/cases/${caseId}?q=paging&per_page=7&page=3`)).json;
    assert.equal(slice.vendors.length, 7);
    assert.deepEqual(slice.vendor_page, { page: 3, per_page: 7, pages: 9, matching: VENDORS - 1, q: 'paging' });
    const none = (await api(`/api/v1/cases/${caseId}?state=unresponsive`)).json;
    assert.equal(none.vendors.length, 0);
    assert.equal(none.vendor_page.pages, 1);
  });

  test('garbage parameters are refused with the parameter named', async () => {
    for (const [query, field] of [['state=silent', 'state'], ['status=vulnerable', 'status'], ['page=0', 'page'],
      ['page=two', 'page'], ['per_page=1000', 'per_page'], [`q=${'x'.repeat(201)}`, 'q'], ['q=a%0Ab', 'q']]) {
      const r = await api(`/api/v1/cases/${caseId}?${query}`);
      assert.equal(r.status, 400, `${query}: ${r.text}`);
      assert.equal(r.json.error.field, field, query);
      assert.match(r.json.error.message, new RegExp(field), query);
    }
  });
});

describe('gzip', () => {
  test('the JSON view: a request that accepts gzip gets the plain body gzip-compressed', async () => {
    const auth = { authorization: `Bearer ${lead.token}` };
    const plain = await rawGet(`/api/v1/cases/${caseId}`, auth);
    assert.equal(plain.status, 200);
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.match(plain.headers.vary, /Accept-Encoding/);
    const gz = await rawGet(`/api/v1/cases/${caseId}`, { ...auth, 'accept-encoding': 'gzip, deflate, br' });
    assert.equal(gz.status, 200);
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.match(gz.headers.vary, /Accept-Encoding/);
    assert.equal(gz.headers['content-type'], 'application/json; charset=utf-8');
    assert.deepEqual(gz.body.subarray(0, 2), Buffer.from([0x1f, 0x8b]));
    assert.ok(gz.body.length < plain.body.length / 4, `${gz.body.length} of ${plain.body.length} bytes`);
    assert.ok(gunzipSync(gz.body).equals(plain.body), 'the gzip body inflates to the plain body');
    const refused = await rawGet(`/api/v1/cases/${caseId}`, { ...auth, 'accept-encoding': 'gzip;q=0, br' });
    assert.equal(refused.headers['content-encoding'], undefined);
    assert.ok(refused.body.equals(plain.body));
  });

  test('the HTML page: the same page compressed, with this viewer\'s layout and CSRF token', async () => {
    const h = { cookie: web.cookie, 'accept-language': 'en' };
    for (const path of [`/cases/${caseId}`, `/cases/${caseId}?state=notified&page=1`, `/cases/${caseId}/vendors/${vendorIds[2]}`]) {
      const plain = await rawGet(path, h);
      assert.equal(plain.status, 200, path);
      assert.equal(plain.headers['content-encoding'], undefined);
      assert.match(plain.headers.vary, /Accept-Language.*Accept-Encoding/);
      const gz = await rawGet(path, { ...h, 'accept-encoding': 'gzip' });
      assert.equal(gz.status, 200, path);
      assert.equal(gz.headers['content-encoding'], 'gzip', path);
      assert.match(gz.headers.vary, /Accept-Encoding/);
      const html = gunzipSync(gz.body).toString('utf8');
      assert.equal(html, plain.body.toString('utf8'), `${path}: the gzip body inflates to the plain body`);
      const tokens = [...html.matchAll(/name="csrf" value="([^"]*)"/g)].map((m) => m[1]);
      assert.ok(tokens.length >= 2, `${path}: forms with a token`);
      assert.deepEqual([...new Set(tokens)], [web.csrfToken], 'every form carries the viewer\'s own token');
      assert.ok(!html.includes('\u0002'), 'no placeholder is left');
      // The layout goes uncompressed: a small page shrinks less than the large case page.
      const ratio = path === `/cases/${caseId}` ? 0.25 : 0.9;
      assert.ok(gz.body.length < plain.body.length * ratio, `${path}: ${gz.body.length} of ${plain.body.length} bytes`);
    }
  });
});

describe('the coordinator\'s case page', () => {
  test('a summary by engagement and status, 50 rows a page, no forms in the table', async () => {
    const r = await page(`/cases/${caseId}`);
    assert.equal(r.status, 200);
    assert.equal(rowsOf(r.text), 50);
    assert.ok(!tableOf(r.text).includes('<form'), 'per-vendor actions are on the vendor\'s page');
    const summary = r.text.slice(r.text.indexOf('id="vendor-summary"'), r.text.indexOf('id="vendor-search"'));
    assert.match(summary, /not notified <b>20<\/b>/);
    assert.match(summary, /notified, no answer yet <b>20<\/b>/);
    assert.match(summary, /details released <b>20<\/b>/);
    assert.match(summary, /Information provided <b>20<\/b>/);
    assert.match(summary, /none yet \(details not released\) <b>40<\/b>/);
    assert.match(r.text, /Vendors 1–50 of 60/);
    assert.match(r.html, new RegExp(`href="/cases/${caseId}\\?page=2#vendors" rel="next"`));

    const second = await page(`/cases/${caseId}?page=2`);
    assert.equal(rowsOf(second.text), 10);
    assert.match(second.text, /Vendors 51–60 of 60/);

    const filtered = await page(`/cases/${caseId}?state=not_notified&q=PAGING`);
    assert.equal(rowsOf(filtered.text), 20);
    assert.match(filtered.text, /Vendors 1–20 of 20 matching \(60 in all\)/);
    assert.match(filtered.text, /<input id="vendor-q" name="q" type="search" value="PAGING"/);
    assert.match(filtered.text, /<input type="hidden" name="state" value="not_notified">/);
    // Every row waiting for the overview says so, and links to where it is sent.
    assert.equal((tableOf(filtered.text).match(/#actions">send the overview</g) || []).length, 20);

    const nobody = await page(`/cases/${caseId}?q=${encodeURIComponent('<no such vendor>')}`);
    assert.equal(rowsOf(nobody.text), 0);
    assert.match(nobody.text, /No vendor matches these filters/);
    assert.ok(nobody.text.includes('value="&lt;no such vendor&gt;"'), 'the search is shown escaped');

    const bad = await page(`/cases/${caseId}?state=silent`);
    assert.equal(bad.status, 400);
    assert.match(bad.text, /state must be one of/);
  });

  test('a vendor\'s page in the case carries its actions; they lead back to it', async () => {
    const vid = vendorIds[2];  // not obvious, not notified
    const before = await page(`/cases/${caseId}/vendors/${vid}`);
    assert.equal(before.status, 200);
    assert.match(before.text, /id="vendor-engagement">not notified</);
    assert.ok(before.text.includes(`action="/cases/${caseId}/vendors/${vid}/overview"`));
    assert.ok(!before.text.includes(`action="/cases/${caseId}/vendors/${vid}/details"`), 'no details before the overview');
    const sent = await request(server.baseUrl, 'POST', `/cases/${caseId}/vendors/${vid}/overview`, {
      cookie: web.cookie,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf: hiddenCsrf(before.text) }).toString(),
    });
    assert.equal(sent.status, 303, sent.text.slice(0, 300));
    assert.equal(sent.headers.get('location'), `/cases/${caseId}/vendors/${vid}?notice=overview_sent`);
    const after = await page(sent.headers.get('location'));
    assert.match(after.text, /id="vendor-engagement">notified, no answer yet</);
    assert.match(after.text, /Overview notice sent/);
    assert.ok(!after.text.includes(`/vendors/${vid}/overview"`), 'sent once');
    const v = (await api(`/api/v1/cases/${caseId}?q=${encodeURIComponent('Paging Vendor 002')}`)).json.vendors[0];
    assert.equal(v.engagement, 'notified');

    const missing = await page(`/cases/${caseId}/vendors/999999`);
    assert.equal(missing.status, 404);
  });
});

// Statistics against a data set whose figures are known: a fresh server, a
// few reports made through the API and decided, one case closed without
// publication and one closed as low-impact; then the staff page, its CSV,
// the calendar-quarter switch and the public summary (completed quarters
// only, no total row) — and who may see which.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { addStaff, registerFinder, request, softwareReport, startServer, webLogin, websiteReport }
  from '../lib/server.mjs';

/** Today's quarter in Japan: {fiscal: "FY2026 Q3", calendar: "2026 Q4"}. */
function currentQuarters() {
  const jst = new Date(Date.now() + 9 * 3600e3);
  const y = jst.getUTCFullYear();
  const m = jst.getUTCMonth() + 1;
  const fiscal = m >= 4 ? `FY${y} Q${Math.floor((m - 4) / 3) + 1}` : `FY${y - 1} Q4`;
  return { fiscal, calendar: `${y} Q${Math.floor((m - 1) / 3) + 1}` };
}

/** Parses our CSV (RFC 4180, CRLF, no embedded line breaks in these files) into objects by header. */
function parseCsv(text) {
  assert.ok(text.endsWith('\r\n'), 'CRLF line ends');
  const lines = text.trimEnd().split('\r\n');
  const header = lines[0].split(',');
  return lines.slice(1).map((line) => {
    const cells = line.split(',');
    assert.equal(cells.length, header.length, line);
    return Object.fromEntries(header.map((h, i) => [h, cells[i]]));
  });
}

let server;
let analyst;
let lead;
let finder;
before(async () => {
  server = await startServer();
  analyst = await addStaff(server, { role: 'intake_analyst', name: 'Stats Analyst' });
  lead = await addStaff(server, { role: 'lead_coordinator', name: 'Stats Lead' });
  finder = await registerFinder(server.baseUrl, { displayName: 'Stats Finder', language: 'en' });

  // The known data set: 4 software and 2 website reports received today.
  const submit = async (body) => {
    const r = await finder.api.post('/api/v1/reports', { json: body });
    assert.equal(r.status, 201, r.text);
    return r.json.id;
  };
  const sw = [];
  for (const title of ['s1', 's2', 's3', 's4']) sw.push(await submit(softwareReport({ title })));
  const web = [await submit(websiteReport({ title: 'w1' })), await submit(websiteReport({ title: 'w2' }))];
  const accept = async (id) => {
    const r = await analyst.api.post(`/api/v1/reports/${id}/accept`, { json: {} });
    assert.equal(r.status, 200, r.text);
    return r.json.case.id;
  };
  const decline = async (id, reason) => {
    const r = await analyst.api.post(`/api/v1/reports/${id}/decline`, { json: { reason } });
    assert.equal(r.status, 200, r.text);
  };
  // Accepted: 2 software, 1 website. Declined: 1 already public, 1 out of scope. One software report stays open.
  const caseA = await accept(sw[0]);
  const caseB = await accept(sw[1]);
  await accept(web[0]);
  await decline(sw[2], 'already_public');
  await decline(web[1], 'out_of_scope');
  // Case A closed without publication; case B closed as low-impact.
  let r = await lead.api.post(`/api/v1/cases/${caseA}/close`, { json: { reason: 'The developer never answered.' } });
  assert.equal(r.status, 200, r.text);
  const vendor = await lead.api.post('/api/v1/vendors', { json: { name: 'Stats Maker',
    contact_email: 'psirt@stats-maker.example' } });
  assert.equal(vendor.status, 201, vendor.text);
  await lead.api.put(`/api/v1/cases/${caseB}/info`, { json: { overview: 'o', details: 'The details.',
    product_ids: '', keywords: '' } });
  await lead.api.post(`/api/v1/cases/${caseB}/vendors`, { json: { vendor_id: vendor.json.id, obvious: true } });
  r = await lead.api.post(`/api/v1/cases/${caseB}/low-impact`, { json: { reason: 'Low impact.' } });
  assert.equal(r.status, 200, r.text);
});
after(async () => { await server?.stop(); });

describe('statistics', () => {
  test('the staff CSV has the known figures in today\'s fiscal quarter and in the total', async () => {
    const q = currentQuarters();
    const s = await webLogin(server.baseUrl, analyst.email, analyst.password);
    const res = await request(server.baseUrl, 'GET', '/stats/quarters.csv', { cookie: s.cookie });
    assert.equal(res.status, 200, res.text);
    assert.match(res.headers.get('content-type'), /^text\/csv; charset=utf-8/);
    assert.match(res.headers.get('content-disposition'), /attachment; filename="cvdhub-quarters-fiscal\.csv"/);
    const rows = parseCsv(res.text);
    const now = rows.find((row) => row.quarter === q.fiscal);
    assert.ok(now, `no row for ${q.fiscal}: ${res.text}`);
    const want = {
      received_software: '4', received_website: '2', accepted: '3', declined_total: '2',
      declined_already_public: '1', declined_out_of_scope: '1', declined_not_a_vulnerability: '0',
      advisories_published: '0', closed_unresolved: '1', closed_low_impact: '1', website_fixed: '0',
      unreachable_listed: '0', report_to_publication_count: '0', report_to_publication_median_days: '',
    };
    for (const [k, v] of Object.entries(want)) assert.equal(now[k], v, k);
    const total = rows.at(-1);
    assert.equal(total.quarter, 'total');
    assert.equal(total.received_software, '4');
    assert.equal(total.closed_unresolved, '1');
    // The API by bearer token gives the same file.
    const byToken = await request(server.baseUrl, 'GET', '/stats/quarters.csv', { token: analyst.token });
    assert.equal(byToken.status, 200);
    assert.equal(byToken.text, res.text);
  });

  test('the page: tables, inline SVG charts, the calendar switch; garbage refused by name', async () => {
    const q = currentQuarters();
    const s = await webLogin(server.baseUrl, lead.email, lead.password);
    const get = (path) => request(server.baseUrl, 'GET', path, { cookie: s.cookie, headers: { 'accept-language': 'en' } });
    const html = await get('/stats/');
    assert.equal(html.status, 200, html.text.slice(0, 300));
    assert.match(html.text, /<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" class="chart" id="chart-received"/);
    assert.match(html.text, new RegExp(`<title>${q.fiscal} Received: software: 4</title>`));
    assert.match(html.text, new RegExp(`<title>${q.fiscal} Received: websites: 2</title>`));
    assert.match(html.text, /id="chart-timing"/);
    assert.doesNotMatch(html.text, /<script|style="/, 'no script, no inline style (CSP)');
    assert.match(html.text, /id="table-outcomes"/);
    assert.match(html.text, /id="table-declines"/);
    assert.match(html.text, /id="table-timing"/);
    assert.match(html.text, /nearest rank/);
    const calendar = await get('/stats/?quarters=calendar');
    assert.equal(calendar.status, 200);
    assert.match(calendar.text, new RegExp(`<th scope="row">${q.calendar}<`));
    assert.doesNotMatch(calendar.text, /<th scope="row">FY/);
    const csv = await request(server.baseUrl, 'GET', '/stats/quarters.csv?quarters=calendar', { cookie: s.cookie });
    assert.ok(parseCsv(csv.text).some((row) => row.quarter === q.calendar && row.received_website === '2'));
    const bad = await get('/stats/?quarters=weekly');
    assert.equal(bad.status, 400);
    assert.match(bad.text, /quarters must be fiscal or calendar/);
    const redirect = await get('/stats?quarters=calendar');
    assert.equal(redirect.status, 303);
    assert.equal(redirect.headers.get('location'), '/stats/?quarters=calendar');
  });

  test('the public summary: completed quarters only, no total row, open to everyone', async () => {
    const q = currentQuarters();
    const page = await request(server.baseUrl, 'GET', '/stats/public', { headers: { 'accept-language': 'en' } });
    assert.equal(page.status, 200);
    assert.match(page.text, /id="suppression-note"/);
    assert.doesNotMatch(page.text, new RegExp(q.fiscal), 'the running quarter is not shown');
    assert.doesNotMatch(page.text, /class="total"/);
    const csv = await request(server.baseUrl, 'GET', '/stats/public/quarters.csv');
    assert.equal(csv.status, 200);
    const rows = parseCsv(csv.text);
    assert.ok(rows.length >= 1);
    assert.ok(rows.every((row) => row.quarter !== 'total' && row.quarter !== q.fiscal));
    assert.ok(rows.every((row) => row.received_software === '0'), 'nothing was received before this quarter');
  });

  test('who may see what: staff the staff statistics, everyone the public summary', async () => {
    const finderWeb = await webLogin(server.baseUrl, finder.email, finder.password);
    for (const path of ['/stats/', '/stats/quarters.csv']) {
      const anon = await request(server.baseUrl, 'GET', path);
      assert.equal(anon.status, 303, path);
      assert.match(anon.headers.get('location'), /^\/login\?next=/);
      const f = await request(server.baseUrl, 'GET', path, { cookie: finderWeb.cookie });
      assert.equal(f.status, 403, path);
      assert.doesNotMatch(f.text, /received_software|Received: software/);
    }
    const operator = await addStaff(server, { role: 'website_operator', name: 'Op' });
    assert.equal((await request(server.baseUrl, 'GET', '/stats/quarters.csv', { token: operator.token })).status, 403);
    const coordinator = await addStaff(server, { role: 'coordinator', name: 'C' });
    assert.equal((await request(server.baseUrl, 'GET', '/stats/quarters.csv', { token: coordinator.token })).status,
      200);
  });
});

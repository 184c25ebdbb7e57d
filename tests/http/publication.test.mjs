// Publication end to end against the real binary (PROCESS.md §4.10–4.11): the
// coordinator drafts the advisory, shares it with the vendor, schedules it;
// the server's publisher makes it public at the agreed moment — not a second
// earlier, exactly once, also across a restart — with a CVE ID from the CNA
// block; the finder is told; a later status change is dated history.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { addStaff, client, login, registerFinder, runCli, softwareReport, startServer, addUser, uniqueEmail }
  from '../lib/server.mjs';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

describe('publishing an advisory', () => {
  let server;
  let lead;
  let finder;
  let vendor;
  let caseId;
  let identifier;
  let agreedAt;
  const enc = () => encodeURIComponent(identifier);

  let dataDir;
  before(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'cvdhub-publication-'));
    server = await startServer({ dataDir });
    lead = await addStaff(server, { role: 'lead_coordinator', name: 'Lead' });
    const analyst = await addStaff(server, { role: 'intake_analyst', name: 'Analyst' });
    finder = await registerFinder(server.baseUrl, { language: 'en' });
    const blk = await runCli(['cve', 'add-block', '2026', '40000-40004', '--data', server.dataDir]);
    assert.equal(blk.code, 0, blk.stderr);
    assert.match(blk.stdout, /added 5 IDs; 5 free/);

    const vendorEmail = uniqueEmail('psirt');
    await addUser(server.dataDir, { email: vendorEmail, name: 'PSIRT', role: 'vendor', password: 'vendor-password-1' });
    const vendorApi = client(server.baseUrl, await login(server.baseUrl, vendorEmail, 'vendor-password-1'));
    const v = await lead.api.post('/api/v1/vendors', { json: { name: 'Widget Works', name_en: 'Widget Works',
      registration: 'individual', contact_email: vendorEmail } });
    assert.equal(v.status, 201, v.text);
    const me = await vendorApi.get('/api/v1/me');
    assert.equal((await lead.api.post(`/api/v1/vendors/${v.json.id}/members`, { json: { user_id: me.json.id } })).status,
      200);
    vendor = { id: v.json.id, api: vendorApi, email: vendorEmail };

    const r = await finder.api.post('/api/v1/reports', { json: softwareReport({ language: 'en' }) });
    assert.equal(r.status, 201, r.text);
    const accepted = await analyst.api.post(`/api/v1/reports/${r.json.id}/accept`, { json: { note: '' } });
    assert.equal(accepted.status, 200, accepted.text);
    caseId = accepted.json.case.id;
    identifier = accepted.json.case.identifier;
    assert.equal((await lead.api.put(`/api/v1/cases/${caseId}/info`,
      { json: { overview: 'An XSS in a widget.', details: 'Details.', product_ids: '', keywords: '' } })).status, 200);
    assert.equal((await lead.api.post(`/api/v1/cases/${caseId}/vendors`,
      { json: { vendor_id: vendor.id, obvious: true } })).status, 200);
    const details = await lead.api.post(`/api/v1/cases/${caseId}/vendors/${vendor.id}/details`, { json: {} });
    assert.equal(details.status, 200, details.text);
  });
  after(async () => {
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  test('the coordinator drafts; bad input is refused with the field named and loses nothing', async () => {
    const draft = await lead.api.get(`/api/v1/cases/${caseId}/advisory`);
    assert.equal(draft.status, 200, draft.text);
    assert.equal(draft.json.state, 'draft');
    assert.equal(draft.json.identifier, identifier);
    const body = {
      title: { ja: 'ウィジェットにおけるクロスサイトスクリプティング', en: 'XSS in Widget', translation: 'done' },
      overview: { ja: '概要です。', en: 'Overview.', translation: 'done' },
      solution: { ja: '更新してください。', en: '' },
      vulnerabilities: [{ cwe: 'CWE-79', cvss31: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N',
        title: { ja: 'XSS', en: 'XSS' } }],
      products: [{ vendor_id: vendor.id, vendor_name: 'Widget Works', product: 'Widget', versions: '< 2.0',
        fixed_in: '2.0', purl: 'pkg:npm/widget' }],
      references: [{ title: 'Vendor note', url: 'https://widget.example/sec', kind: 'vendor' }],
    };
    const saved = await lead.api.put(`/api/v1/cases/${caseId}/advisory`, { json: body });
    assert.equal(saved.status, 200, saved.text);
    assert.equal(saved.json.solution.translation, 'missing');
    assert.equal(saved.json.vulnerabilities[0].cvss31_score.base_score, 6.1);

    const bad = await lead.api.put(`/api/v1/cases/${caseId}/advisory`,
      { json: { ...body, vulnerabilities: [{ cwe: 'CWE-79', cvss31: 'CVSS:3.1/AV:X/AC:L' }] } });
    assert.equal(bad.status, 400);
    assert.equal(bad.json.error.field, 'vulnerabilities[0].cvss31');
    const wrongType = await lead.api.put(`/api/v1/cases/${caseId}/advisory`, { json: { ...body, title: 42 } });
    assert.equal(wrongType.status, 400);
    assert.equal(wrongType.json.error.field, 'title');
    const kept = await lead.api.get(`/api/v1/cases/${caseId}/advisory`);
    assert.equal(kept.json.vulnerabilities[0].cvss31, body.vulnerabilities[0].cvss31);
    assert.equal(kept.json.title.en, 'XSS in Widget');
  });

  test('the vendor reviews the shared draft and comments on it', async () => {
    const early = await vendor.api.get(`/api/v1/cases/${caseId}/advisory/shared`);
    assert.equal(early.status, 409, 'not shared yet');
    assert.equal((await lead.api.post(`/api/v1/cases/${caseId}/advisory/review`, { json: {} })).status, 200);
    const shared = await vendor.api.get(`/api/v1/cases/${caseId}/advisory/shared`);
    assert.equal(shared.status, 200, shared.text);
    assert.equal(shared.json.title.en, 'XSS in Widget');
    const c = await vendor.api.post(`/api/v1/cases/${caseId}/advisory/comments`,
      { json: { body: 'Please mention version 1.9.9 too.' } });
    assert.equal(c.status, 200, c.text);
    const draft = await lead.api.get(`/api/v1/cases/${caseId}/advisory`);
    assert.deepEqual(draft.json.comments.map((x) => x.body), ['Please mention version 1.9.9 too.']);
    // The draft is no one else's business.
    assert.equal((await finder.api.get(`/api/v1/cases/${caseId}/advisory/shared`)).status, 404);
    assert.equal((await client(server.baseUrl).get(`/api/v1/advisories/${enc()}`)).status, 404);
  });

  test('published at the agreed moment, not a second earlier, with a CVE ID from the block', async () => {
    // The agreed moment: a few whole seconds from now.
    agreedAt = new Date(Math.ceil(Date.now() / 1000) * 1000 + 4000);
    const iso = agreedAt.toISOString().replace(/\.\d{3}Z$/, 'Z');
    assert.equal((await lead.api.post(`/api/v1/cases/${caseId}/date`,
      { json: { publication_at: iso, note: '' } })).status, 200);
    assert.equal((await lead.api.post(`/api/v1/cases/${caseId}/date/agree`, { json: {} })).status, 200);
    const sched = await lead.api.post(`/api/v1/cases/${caseId}/advisory/schedule`, { json: {} });
    assert.equal(sched.status, 200, sched.text);

    const anon = client(server.baseUrl);
    let published;
    for (;;) {
      const r = await anon.get(`/api/v1/advisories/${enc()}`);
      if (r.status === 200) { published = r.json; break; }
      assert.equal(r.status, 404);
      assert.ok(Date.now() < agreedAt.getTime() + 5000, 'published within 5 s of the moment');
      // Checked while still embargoed: not in the list, the page is the same 404 as for anything unknown.
      // (The publisher may act between the two requests; then the list may show it, but only from the moment on.)
      const list = await anon.get('/api/v1/advisories');
      if (list.json.advisories.some((a) => a.identifier === identifier)) {
        assert.ok(Date.now() >= agreedAt.getTime(), 'listed before the agreed moment');
      }
      await sleep(100);
    }
    const seenAt = Date.now();
    assert.ok(seenAt >= agreedAt.getTime(), `public at ${new Date(seenAt).toISOString()}, agreed ${iso}`);
    assert.ok(new Date(published.published).getTime() >= agreedAt.getTime());
    assert.equal(published.vulnerabilities[0].cve_id, 'CVE-2026-40000');
    assert.equal(published.vendors.length, 1);
    assert.equal(published.vendors[0].status, 'information_provided');
    const left = await runCli(['cve', 'left', '--data', server.dataDir]);
    assert.equal(left.stdout.trim(), '4');

    const page = await anon.get(`/advisories/${enc()}`);
    assert.equal(page.status, 200);
    assert.match(page.text, /CVE-2026-40000/);
    assert.match(page.text, /id="vendor-table"/);
    const listPage = await anon.get('/advisories/');
    assert.ok(listPage.text.includes(identifier));
  });

  test('exactly once, across a restart; the finder is told once', async () => {
    assert.equal((await server.stop()).code, 0);
    server = await startServer({ dataDir });
    await sleep(1200);  // several publisher rounds
    const due = await runCli(['advisory', 'publish-due', '--data', dataDir]);
    assert.equal(due.stdout.trim(), 'published 0');
    const finderApi = client(server.baseUrl, await login(server.baseUrl, finder.email, finder.password));
    const reports = (await finderApi.get('/api/v1/reports')).json.reports;
    const report = (await finderApi.get(`/api/v1/reports/${reports[0].id}`)).json;
    const told = report.messages.filter((m) => m.body.includes(identifier) && /published/i.test(m.body));
    assert.equal(told.length, 1, JSON.stringify(report.messages.map((m) => m.body)));
    const p = (await client(server.baseUrl).get(`/api/v1/advisories/${enc()}`)).json;
    assert.equal(p.vulnerabilities[0].cve_id, 'CVE-2026-40000');
  });

  test('a later status change is a dated entry of the history and moves `modified`', async () => {
    // The server was restarted (another port): log in again.
    const vendorApi = client(server.baseUrl, await login(server.baseUrl, vendor.email, 'vendor-password-1'));
    const before = (await client(server.baseUrl).get(`/api/v1/advisories/${enc()}`)).json;
    await sleep(1100);
    const st = await vendorApi.put(`/api/v1/cases/${caseId}/statement`,
      { json: { status: 'affected', statement: 'Fixed in 2.0.', advisory_url: 'https://widget.example/sec' } });
    assert.equal(st.status, 200, st.text);
    const p = (await client(server.baseUrl).get(`/api/v1/advisories/${enc()}`)).json;
    assert.equal(p.vendors[0].status, 'affected');
    assert.equal(p.updates.length, 1);
    assert.match(p.updates[0].en, /Widget Works/);
    assert.ok(new Date(p.modified) > new Date(before.modified));
    assert.equal(p.published, before.published);
    const since = await client(server.baseUrl).get(`/api/v1/advisories?since=${encodeURIComponent(p.modified)}`);
    assert.deepEqual(since.json.advisories.map((a) => a.identifier), [identifier]);
    const bad = await client(server.baseUrl).get('/api/v1/advisories?since=yesterday');
    assert.equal(bad.status, 400);
    assert.equal(bad.json.error.field, 'since');
    const vendorPage = await client(server.baseUrl).get(`/advisories/${enc()}/vendors/${vendor.id}`);
    assert.equal(vendorPage.status, 200);
    assert.match(vendorPage.text, /Fixed in 2\.0\./);
  });
});

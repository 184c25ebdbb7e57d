// Report intake through the JSON API: validation (and that a rejected
// request writes nothing), attachments inside the JSON and raw uploads.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';

import { registerFinder, request, runCli, softwareReport, startServer, websiteReport } from '../lib/server.mjs';

const INTAKE = /^IN-\d{4}-\d{5}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const MiB = 1024 * 1024;
const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');

let server;
let finder;
before(async () => {
  server = await startServer();
  finder = await registerFinder(server.baseUrl, { displayName: 'Intake Finder' });
});
after(async () => { await server?.stop(); });

const submit = (json, api = finder.api) => api.post('/api/v1/reports', { json });
const submitRaw = (body, contentType = 'application/json') =>
  finder.api.post('/api/v1/reports', { body, headers: { 'content-type': contentType } });

async function myReportIds() {
  const r = await finder.api.get('/api/v1/reports');
  assert.equal(r.status, 200);
  return r.json.reports.map((x) => x.id);
}

async function attachmentsOf(id) {
  const r = await finder.api.get(`/api/v1/reports/${id}`);
  assert.equal(r.status, 200);
  return r.json.attachments;
}

/** Asserts the response is a 400 naming `field`, and that the finder's report list did not change. */
async function assertRejected(r, status, field, idsBefore) {
  assert.equal(r.status, status, r.text.slice(0, 300));
  assert.match(r.headers.get('content-type'), /^application\/json/);
  if (field !== undefined) assert.equal(r.json.error.field, field, r.text.slice(0, 300));
  assert.equal(typeof r.json.error.message, 'string');
  assert.deepEqual(await myReportIds(), idsBefore, 'a rejected request wrote nothing');
}

function jstDate(isoUtc) {
  return new Date(Date.parse(isoUtc) + 9 * 3600 * 1000).toISOString().slice(0, 10);
}

describe('submitting a report', () => {
  test('a complete software report is 201 "received" with an intake number and ack deadline', async () => {
    const body = softwareReport();
    const r = await submit(body);
    assert.equal(r.status, 201, r.text);
    const rep = r.json;
    assert.match(rep.intake_number, INTAKE);
    assert.equal(rep.intake_number.slice(3, 7), String(new Date(Date.parse(rep.received_at) + 9 * 3600e3)
      .getUTCFullYear()), 'the intake number carries the JST year');
    assert.equal(rep.status, 'received');
    assert.match(rep.ack_deadline, DATE);
    assert.match(rep.received_at, ISO_UTC);
    assert.equal(r.headers.get('location'), `/api/v1/reports/${rep.id}`);
    // Every submitted field comes back as sent.
    for (const [k, v] of Object.entries(body)) assert.deepEqual(rep[k], v, `field ${k}`);
    assert.deepEqual(rep.priority, { wide_effect_japan: false, critical_infrastructure: false, large_user_base: false });
    assert.equal(rep.acknowledged_at, null);
    assert.equal(rep.decided_at, null);
    assert.equal(rep.decline_reason, null);
    assert.equal(rep.case_identifier, null);

    // The deadline is 5 business days after the JST day of receipt (P-A).
    const cli = await runCli(['calendar', 'add-business-days', jstDate(rep.received_at), '5']);
    assert.equal(cli.code, 0);
    assert.equal(rep.ack_deadline, cli.stdout.trim());
    assert.ok(rep.ack_deadline > jstDate(rep.received_at));

    const view = await finder.api.get(`/api/v1/reports/${rep.id}`);
    assert.equal(view.status, 200);
    for (const [k, v] of Object.entries(body)) assert.deepEqual(view.json[k], v, `stored field ${k}`);
    assert.equal(view.json.ack_overdue, false);
    assert.deepEqual(view.json.attachments, []);
    assert.deepEqual(view.json.messages, []);
    assert.equal(view.json.history.length, 1);
    assert.deepEqual(
      { action: view.json.history[0].action, field: view.json.history[0].field, from: view.json.history[0].from,
        to: view.json.history[0].to, actor: view.json.history[0].actor },
      { action: 'report.submitted', field: 'status', from: '', to: 'received', actor: 'Intake Finder' });

    assert.ok((await myReportIds()).includes(rep.id));
  });

  test('intake numbers are consecutive', async () => {
    const a = await submit(softwareReport({ title: 'first of two' }));
    const b = await submit(softwareReport({ title: 'second of two' }));
    assert.equal(a.status, 201);
    assert.equal(b.status, 201);
    const n = (x) => Number(x.json.intake_number.slice(-5));
    assert.equal(n(b), n(a) + 1);
    assert.equal(b.json.intake_number.slice(0, 8), a.json.intake_number.slice(0, 8));
  });

  test('the finder lists own reports, newest first', async () => {
    const ids = await myReportIds();
    assert.ok(ids.length >= 3);
    assert.deepEqual(ids, [...ids].sort((x, y) => y - x));
  });

  test('a website report without product_version is accepted', async () => {
    const body = websiteReport();
    assert.ok(!('product_version' in body));
    const r = await submit(body);
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.kind, 'website');
    assert.equal(r.json.product_version, '');
    assert.match(r.json.intake_number, INTAKE);
  });

  test('optional fields may be left out (defaults: software, Japanese, partnership)', async () => {
    const r = await submit({ title: 'minimal', product_name: 'P', product_version: '1', discovery_method: 'd',
      reproduction: 'r', impact: 'i', finder_name: 'f' });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.kind, 'software');
    assert.equal(r.json.language, 'ja');
    assert.equal(r.json.source, 'partnership');
    assert.equal(r.json.wants_credit, false);
  });
});

describe('rejected submissions name the problem and write nothing', () => {
  test('a software report without product_version is 400 naming product_version', async () => {
    const before = await myReportIds();
    const body = softwareReport();
    delete body.product_version;
    await assertRejected(await submit(body), 400, 'product_version', before);
    await assertRejected(await submit(softwareReport({ product_version: '  \t ' })), 400, 'product_version', before);
  });

  test('each required field is named when missing', async () => {
    const before = await myReportIds();
    for (const field of ['title', 'product_name', 'discovery_method', 'reproduction', 'impact', 'finder_name']) {
      await assertRejected(await submit(softwareReport({ [field]: '' })), 400, field, before);
    }
    await assertRejected(await submit(websiteReport({ product_url: '' })), 400, 'product_url', before);
  });

  test('malformed JSON is 400', async () => {
    const before = await myReportIds();
    const r = await submitRaw('{"kind": "software", "title": ');
    await assertRejected(r, 400, 'body', before);
    assert.match(r.json.error.message, /malformed JSON/);
    await assertRejected(await submitRaw(''), 400, 'body', before);
    await assertRejected(await submitRaw('[1, 2]'), 400, 'body', before);
    // A number beyond a double is malformed input too, not a server error.
    await assertRejected(await submitRaw('{"title": 1E400}'), 400, 'body', before);
  });

  test('a wrong content type is 415', async () => {
    const before = await myReportIds();
    const json = JSON.stringify(softwareReport());
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      await assertRejected(await submitRaw(json, type), 415, 'content-type', before);
    }
    const none = await request(server.baseUrl, 'POST', '/api/v1/reports', { token: finder.token, body: json });
    assert.equal(none.status, 415, 'no content type at all');
    // Parameters on the right media type are fine.
    const charset = await submitRaw(json, 'application/json; charset=utf-8');
    assert.equal(charset.status, 201, charset.text);
  });

  test('an unknown field is 400 naming it', async () => {
    const before = await myReportIds();
    const r = await submit(softwareReport({ severity: 'critical' }));
    await assertRejected(r, 400, 'severity', before);
    assert.match(r.json.error.message, /unknown field 'severity'/);
  });

  test('wrong types and values are 400 naming the field', async () => {
    const before = await myReportIds();
    const cases = [
      [{ title: 42 }, 'title'],
      [{ publicly_known: 'yes' }, 'publicly_known'],
      [{ wants_credit: 1 }, 'wants_credit'],
      [{ kind: 'hardware' }, 'kind'],
      [{ language: 'fr' }, 'language'],
      [{ source: 'twitter' }, 'source'],
      [{ product_url: 'javascript:alert(1)' }, 'product_url'],
      [{ product_url: 'https://exa mple.com/' }, 'product_url'],
      [{ wants_credit: true, credit_name: '' }, 'credit_name'],
      [{ title: 't'.repeat(301) }, 'title'],
      [{ attachments: {} }, 'attachments'],
      [{ attachments: ['poc.txt'] }, 'attachments[0]'],
    ];
    for (const [override, field] of cases) {
      await assertRejected(await submit(softwareReport(override)), 400, field, before);
    }
  });

  test('invalid UTF-8 inside a string is 400', async () => {
    const before = await myReportIds();
    const good = Buffer.from(JSON.stringify(softwareReport({ title: 'TITLE_HERE' })));
    const at = good.indexOf('TITLE_HERE');
    const bad = Buffer.concat([good.subarray(0, at), Buffer.from([0x41, 0xff, 0xfe, 0x42]), good.subarray(at + 10)]);
    await assertRejected(await submitRaw(bad), 400, undefined, before);
    // An overlong encoding of '/' and a lone surrogate half (CESU) are rejected too.
    const overlong = Buffer.concat([good.subarray(0, at), Buffer.from([0xc0, 0xaf]), good.subarray(at + 10)]);
    await assertRejected(await submitRaw(overlong), 400, undefined, before);
    const surrogate = Buffer.concat([good.subarray(0, at), Buffer.from([0xed, 0xa0, 0x80]), good.subarray(at + 10)]);
    await assertRejected(await submitRaw(surrogate), 400, undefined, before);
  });

  test('text fields are limited in bytes: impact over 100000 bytes is 400 naming impact', async () => {
    const before = await myReportIds();
    // A 2 MiB impact: over the 1 MiB of plain JSON, but the route allows room
    // for base64 attachments, so the field limit is what rejects it.
    const huge = await submit(softwareReport({ impact: 'x'.repeat(2 * MiB) }));
    await assertRejected(huge, 400, 'impact', before);
    assert.match(huge.json.error.message, /impact is longer than 100000 bytes/);

    // 33334 × 'あ' is 100002 bytes though only 33334 characters.
    await assertRejected(await submit(softwareReport({ impact: 'あ'.repeat(33334) })), 400, 'impact', before);
    await assertRejected(await submit(softwareReport({ impact: 'x'.repeat(100_001) })), 400, 'impact', before);

    const exact = await submit(softwareReport({ impact: 'x'.repeat(100_000) }));
    assert.equal(exact.status, 201, 'exactly 100000 bytes is allowed');
    assert.equal(exact.json.impact.length, 100_000);
  });

  test('a NUL character in a field is rejected', async () => {
    const before = await myReportIds();
    await assertRejected(await submit(softwareReport({ title: 'a\u0000b' })), 400, 'title', before);
  });
});

describe('attachments inside the JSON (base64)', () => {
  test('get a SHA-256 that matches, and download byte for byte', async () => {
    const text = Buffer.from('GET /admin?x=<script>alert(1)</script>\n');
    const binary = randomBytes(64 * 1024);
    const r = await submit(softwareReport({
      attachments: [
        { filename: 'poc.txt', content_type: 'text/plain', content_base64: text.toString('base64') },
        { filename: '画面 キャプチャ.bin', content_base64: binary.toString('base64') },
      ],
    }));
    assert.equal(r.status, 201, r.text);
    const atts = await attachmentsOf(r.json.id);
    assert.equal(atts.length, 2);
    const [a, b] = atts;
    assert.deepEqual({ filename: a.filename, content_type: a.content_type, size: a.size, sha256: a.sha256 },
      { filename: 'poc.txt', content_type: 'text/plain', size: text.length, sha256: sha256(text) });
    assert.deepEqual({ filename: b.filename, content_type: b.content_type, size: b.size, sha256: b.sha256 },
      { filename: '画面 キャプチャ.bin', content_type: 'application/octet-stream', size: binary.length,
        sha256: sha256(binary) });
    assert.match(a.created_at, ISO_UTC);

    for (const [att, bytes] of [[a, text], [b, binary]]) {
      const d = await finder.api.get(`/api/v1/reports/${r.json.id}/attachments/${att.id}`);
      assert.equal(d.status, 200);
      assert.ok(d.buffer.equals(bytes), `${att.filename} downloads identical bytes`);
      assert.equal(d.headers.get('content-type'), 'application/octet-stream', 'never rendered inline');
      assert.equal(d.headers.get('x-content-sha256'), sha256(bytes));
      const cd = d.headers.get('content-disposition');
      assert.match(cd, /^attachment; filename\*=UTF-8''/);
      assert.equal(decodeURIComponent(cd.slice("attachment; filename*=UTF-8''".length)), att.filename);
    }

    // The history records each attachment with its hash.
    const view = await finder.api.get(`/api/v1/reports/${r.json.id}`);
    const events = view.json.history.filter((e) => e.action === 'report.attachment');
    assert.deepEqual(events.map((e) => e.to).sort(), [`sha256:${sha256(text)}`, `sha256:${sha256(binary)}`].sort());
  });

  test('a large attachment (8 MiB) inside the JSON is accepted', async () => {
    const big = randomBytes(8 * MiB);
    const r = await submit(softwareReport({ attachments: [{ filename: 'capture.pcap',
      content_base64: big.toString('base64') }] }));
    assert.equal(r.status, 201, r.text.slice(0, 300));
    const [att] = await attachmentsOf(r.json.id);
    assert.equal(att.size, big.length);
    assert.equal(att.sha256, sha256(big));
  });

  test('a 9.5 MiB attachment inside the JSON (under the 10 MiB limit) is accepted', async () => {
      const big = Buffer.alloc(9.5 * MiB, 0x41);
      const r = await submit(softwareReport({ attachments: [{ filename: 'big.bin',
        content_base64: big.toString('base64') }] }));
      assert.equal(r.status, 201);
    });

  test('bad attachments are 400 naming the attachment field, and nothing is written', async () => {
    const before = await myReportIds();
    const cases = [
      [[{ filename: 'a.txt', content_base64: 'not base64!!' }], 'attachments[0].content_base64'],
      [[{ content_base64: 'QUJD' }], 'attachments[0].filename'],
      [[{ filename: '../../etc/passwd', content_base64: 'QUJD' }], 'filename'],
      [[{ filename: 'a\\b.txt', content_base64: 'QUJD' }], 'filename'],
      [[{ filename: 'ok.txt', content_base64: 'QUJD' }, { filename: 'x', checksum: 'y' }], 'attachments[1].checksum'],
      [[{ filename: 'ok.txt', content_base64: 42 }], 'attachments[0].content_base64'],
    ];
    for (const [attachments, field] of cases) {
      await assertRejected(await submit(softwareReport({ attachments })), 400, field, before);
    }
  });
});

describe('raw attachment upload (POST /api/v1/reports/:id/attachments)', () => {
  let reportId;
  before(async () => {
    const r = await submit(softwareReport({ title: 'report for raw uploads' }));
    assert.equal(r.status, 201);
    reportId = r.json.id;
  });

  const upload = (id, filename, body, contentType = 'application/octet-stream') =>
    finder.api.post(`/api/v1/reports/${id}/attachments${filename === null ? '' : `?filename=${encodeURIComponent(filename)}`}`,
      { body, headers: { 'content-type': contentType } });

  test('uploads poc.txt and downloads identical bytes', async () => {
    const bytes = Buffer.from('curl -X POST https://cms.example/admin --data "x=1"\n');
    const r = await upload(reportId, 'poc.txt', bytes, 'text/plain; charset=utf-8');
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.filename, 'poc.txt');
    assert.equal(r.json.content_type, 'text/plain');
    assert.equal(r.json.size, bytes.length);
    assert.equal(r.json.sha256, sha256(bytes));
    const d = await finder.api.get(`/api/v1/reports/${reportId}/attachments/${r.json.id}`);
    assert.equal(d.status, 200);
    assert.ok(d.buffer.equals(bytes));
    assert.ok((await attachmentsOf(reportId)).some((a) => a.id === r.json.id && a.sha256 === sha256(bytes)));
  });

  test('binary content and a non-ASCII file name survive the round trip', async () => {
    const bytes = randomBytes(300 * 1024);
    const name = '再現手順 (v2).bin';
    const r = await upload(reportId, name, bytes);
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.filename, name);
    const d = await finder.api.get(`/api/v1/reports/${reportId}/attachments/${r.json.id}`);
    assert.ok(d.buffer.equals(bytes));
    assert.equal(decodeURIComponent(d.headers.get('content-disposition').split("''")[1]), name);
  });

  test('exactly 10 MiB is accepted; one byte more is 413 and nothing is stored', async () => {
    const limit = 10 * MiB;
    const ok = await upload(reportId, 'limit.bin', Buffer.alloc(limit, 1));
    assert.equal(ok.status, 201, ok.text);
    assert.equal(ok.json.size, limit);

    const before = await attachmentsOf(reportId);
    const r = await upload(reportId, 'too-big.bin', Buffer.alloc(limit + 1, 2));
    assert.equal(r.status, 413, r.text);
    assert.equal(r.json.error.code, 'too_large');
    assert.equal(r.json.error.field, 'attachment');
    assert.match(r.json.error.message, /10485760 bytes/);
    assert.deepEqual(await attachmentsOf(reportId), before);
  });

  test('a missing or unsafe file name is 400 naming filename', async () => {
    const before = await attachmentsOf(reportId);
    for (const name of [null, '', '..', 'dir/evil.sh', 'a\\b', 'x'.repeat(256), 'tab\there']) {
      const r = await upload(reportId, name, Buffer.from('x'));
      assert.equal(r.status, 400, `filename ${JSON.stringify(name)}: ${r.text}`);
      assert.equal(r.json.error.field, 'filename');
    }
    assert.deepEqual(await attachmentsOf(reportId), before);
  });

  test('unknown reports and attachments are 404', async () => {
    assert.equal((await upload(999999, 'a.txt', Buffer.from('x'))).status, 404);
    assert.equal((await finder.api.get(`/api/v1/reports/${reportId}/attachments/999999`)).status, 404);
    // An attachment id that exists, asked for under another report.
    const other = await submit(softwareReport({ title: 'other', attachments: [{ filename: 'o.txt',
      content_base64: Buffer.from('other').toString('base64') }] }));
    const [att] = await attachmentsOf(other.json.id);
    assert.equal((await finder.api.get(`/api/v1/reports/${reportId}/attachments/${att.id}`)).status, 404);
    assert.equal((await finder.api.get(`/api/v1/reports/${other.json.id}/attachments/${att.id}`)).status, 200);
  });
});

describe('report ids and messages', () => {
  test('malformed and unknown report ids are 404', async () => {
    for (const id of ['abc', '0', '-1', '1.5', '99999999', '1e3', '%20']) {
      const r = await finder.api.get(`/api/v1/reports/${id}`);
      assert.equal(r.status, 404, `id ${id}`);
      assert.equal(r.json.error.code, 'not_found');
    }
  });

  test('the finder can add information to the thread', async () => {
    const rep = await submit(softwareReport({ title: 'thread test' }));
    const m = await finder.api.post(`/api/v1/reports/${rep.json.id}/messages`,
      { json: { body: 'I will present this at a conference.' } });
    assert.equal(m.status, 201, m.text);
    assert.equal(m.json.author_role, 'finder');
    assert.equal(m.json.author, 'Intake Finder');
    const view = await finder.api.get(`/api/v1/reports/${rep.json.id}`);
    assert.deepEqual(view.json.messages.map((x) => x.body), ['I will present this at a conference.']);
    assert.ok(view.json.history.some((e) => e.action === 'report.message'));
  });

  test('bad messages are rejected and not stored', async () => {
    const rep = await submit(softwareReport({ title: 'bad message test' }));
    const path = `/api/v1/reports/${rep.json.id}/messages`;
    const empty = await finder.api.post(path, { json: { body: '   ' } });
    assert.equal(empty.status, 400);
    assert.equal(empty.json.error.field, 'body');
    const big = await finder.api.post(path, { json: { body: 'x'.repeat(2 * MiB) } });
    assert.equal(big.status, 413, 'the plain JSON body limit is 1 MiB');
    assert.equal(big.json.error.field, 'body');
    const long = await finder.api.post(path, { json: { body: 'x'.repeat(100_001) } });
    assert.equal(long.status, 400);
    assert.equal(long.json.error.field, 'body');
    const wrongType = await finder.api.post(path, { json: { body: ['x'] } });
    assert.equal(wrongType.status, 400);
    const view = await finder.api.get(`/api/v1/reports/${rep.json.id}`);
    assert.deepEqual(view.json.messages, []);
  });
});

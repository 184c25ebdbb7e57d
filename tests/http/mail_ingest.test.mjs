// Incoming mail through `cvdhub mail ingest` (an MTA pipe) and `mail fetch`
// (a Maildir): a corpus of real-world-shaped messages (tests/data/mail:
// Japanese charsets, multipart, PGP/MIME, inline PGP, broken MIME, bounces)
// each lands where it should, and the quarantine queue shows the rest.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { addStaff, registerFinder, repoRoot, runCli, softwareReport, startServer, webLogin, request }
  from '../lib/server.mjs';
import { notify } from '../lib/smtp.mjs';

const corpusDir = path.join(repoRoot, 'tests', 'data', 'mail');
const corpus = JSON.parse(await readFile(path.join(corpusDir, 'corpus.json'), 'utf8'));

const mailArgs = ['--intake-address', 'vuln@ipa.example', '--mail-from', 'cvd@coordinator.example'];

/** Pipes `raw` into `cvdhub mail ingest`; returns {id, disposition, reference, detail, code, stderr}. */
async function ingest(dataDir, raw) {
  const r = await runCli(['mail', 'ingest', '--data', dataDir, ...mailArgs], { input: raw });
  const [id, disposition, reference = '', detail = ''] = r.stdout.trim().split('\t');
  return { id: Number(id), disposition, reference, detail, code: r.code, stderr: r.stderr };
}

describe('the ingest corpus', () => {
  let server;
  let analyst;
  let finder;
  let report;
  let vars;
  before(async () => {
    server = await startServer({ env: { CVDHUB_MAIL_FROM: 'cvd@coordinator.example' } });
    analyst = await addStaff(server, { role: 'lead_coordinator', name: 'Lead' });
    // The coordinator's key the corpus was encrypted to, and the finder's key it was signed with.
    for (const args of [['mail', 'key', 'import-secret', path.join(corpusDir, 'keys', 'coordinator-secret.asc')],
      ['mail', 'key', 'set', '--email', 'finder@example.jp', path.join(corpusDir, 'keys', 'finder-public.asc')]]) {
      const r = await runCli([...args, '--data', server.dataDir]);
      assert.equal(r.code, 0, r.stderr);
    }
    finder = await registerFinder(server.baseUrl, { email: 'finder@example.jp', language: 'ja' });
    report = (await finder.api.post('/api/v1/reports', { json: softwareReport({ language: 'ja' }) })).json;
    assert.equal((await analyst.api.post(`/api/v1/reports/${report.id}/acknowledge`, { json: {} })).status, 200);
    const accepted = await analyst.api.post(`/api/v1/reports/${report.id}/accept`, { json: {} });
    assert.equal(accepted.status, 200, accepted.text);
    const caseRef = `case:${accepted.json.case.id}:vendor:1`;
    await notify(server.dataDir, { to: 'psirt@vendor.example', reference: caseRef,
      identifier: accepted.json.case.identifier });
    const out = (ref) => analyst.api.get(`/api/v1/mail/outbox?reference=${ref}`);
    const acks = (await out(`report:${report.id}`)).json.messages;
    vars = {
      '{{INTAKE}}': report.intake_number,
      '{{ACK_ID}}': acks.find((m) => m.kind === 'report.acknowledged').message_id,
      '{{CASE}}': accepted.json.case.identifier,
      '{{VENDOR_MSG_ID}}': (await out(caseRef)).json.messages[0].message_id,
    };
    vars.caseRef = caseRef;
  });
  after(async () => { await server?.stop(); });

  const fill = (buf) => {
    let text = buf.toString('latin1');
    for (const [k, v] of Object.entries(vars)) if (k.startsWith('{{')) text = text.split(k).join(v);
    return Buffer.from(text, 'latin1');
  };

  for (const { file, expect } of corpus.messages) {
    test(`${file} → ${expect.disposition}${expect.reason ? ` (${expect.reason})` : ''}`, async () => {
      const raw = fill(await readFile(path.join(corpusDir, file)));
      const r = await ingest(server.dataDir, raw);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.disposition, expect.disposition, `${file}: ${r.detail} ${r.stderr}`);
      if (expect.reason) assert.equal(r.detail, expect.reason);
      if (expect.disposition === 'report_reply') assert.equal(r.reference, `report:${report.id}`);
      if (expect.disposition === 'case_reply') assert.equal(r.reference, vars.caseRef);

      const view = await analyst.api.get(`/api/v1/mail/inbound/${r.id}`);
      assert.equal(view.status, 200, view.text);
      const m = view.json;
      if (expect.subject) assert.equal(m.subject, expect.subject);
      if (expect.from_name) assert.equal(m.from_name, expect.from_name);
      for (const s of expect.body_includes || []) assert.ok(m.body.includes(s), `${file}: body lacks ${s}: ${m.body}`);
      for (const s of expect.body_excludes || []) assert.ok(!m.body.includes(s), `${file}: body has ${s}`);
      if (expect.encrypted !== undefined) assert.equal(m.encrypted, expect.encrypted);
      if (expect.signature) assert.equal(m.signature.state, expect.signature, m.signature.detail);
      for (const a of expect.inbound_attachments || []) {
        assert.ok(m.attachments.some((x) => x.filename === a.filename && x.sha256 === a.sha256),
          JSON.stringify(m.attachments));
      }

      if (expect.disposition === 'report') {
        const rid = Number(r.reference.split(':')[1]);
        const rep = await analyst.api.get(`/api/v1/reports/${rid}`);
        assert.equal(rep.status, 200, rep.text);
        assert.equal(rep.json.intake_number, r.detail);
        for (const [k, v] of Object.entries(expect.report || {})) assert.equal(rep.json[k], v, k);
        for (const a of expect.report_attachments || []) {
          assert.ok(rep.json.attachments.some((x) => x.filename === a.filename && x.sha256 === a.sha256),
            JSON.stringify(rep.json.attachments));
        }
        assert.ok(m.needs_review.includes('kind'), 'fields it cannot fill are marked for the analyst');
      }
      if (expect.disposition === 'report_reply') {
        // The finder sees the reply in the report's thread, attachments with hashes.
        const mine = await finder.api.get(`/api/v1/reports/${report.id}`);
        const bodies = mine.json.messages.map((x) => x.body);
        for (const s of expect.body_includes || []) assert.ok(bodies.some((b) => b.includes(s)), s);
        for (const a of expect.report_attachments || []) {
          assert.ok(mine.json.attachments.some((x) => x.filename === a.filename && x.sha256 === a.sha256));
        }
      }
      if (expect.outbox_status) {
        const rec = (await analyst.api.get(`/api/v1/mail/outbox?reference=${vars.caseRef}`)).json.messages[0];
        assert.equal(rec.status, expect.outbox_status);
        assert.match(rec.last_error, /5\.1\.1/);
      }

      // Delivered twice (an MTA retry): stored once, nothing happens again.
      const again = await ingest(server.dataDir, raw);
      assert.equal(again.id, r.id);
    });
  }

  test('the quarantine queue lists what could not be routed, and an analyst can act on it', async () => {
    const q = await analyst.api.get('/api/v1/mail/quarantine');
    assert.equal(q.status, 200);
    const reasons = q.json.messages.map((m) => m.reason).sort();
    const expected = corpus.messages.filter((m) => m.expect.disposition === 'quarantined')
      .map((m) => m.expect.reason).sort();
    assert.deepEqual(reasons, expected);
    assert.equal((await finder.api.get('/api/v1/mail/quarantine')).status, 403, 'staff only');

    const spam = q.json.messages.find((m) => m.reason === 'unmatched');
    const raw = await analyst.api.get(`/api/v1/mail/inbound/${spam.id}/raw`);
    assert.equal(raw.status, 200);
    assert.match(raw.text, /Buy now/);
    assert.equal(raw.headers.get('content-type'), 'application/octet-stream');
    assert.equal((await analyst.api.post(`/api/v1/mail/inbound/${spam.id}/dismiss`, { json: {} })).status, 200);
    assert.equal((await analyst.api.post(`/api/v1/mail/inbound/${spam.id}/dismiss`, { json: {} })).status, 409);

    const auto = q.json.messages.find((m) => m.reason === 'auto_reply');
    const released = await analyst.api.post(`/api/v1/mail/inbound/${auto.id}/report`, { json: {} });
    assert.equal(released.status, 200, released.text);
    assert.equal(released.json.disposition, 'report');
    assert.match(released.json.detail, /^IN-\d{4}-\d{5}$/);
    const after = await analyst.api.get('/api/v1/mail/quarantine');
    assert.equal(after.json.messages.length, q.json.messages.length - 2);
  });

  test('the quarantine page shows the queue to intake staff in their language', async () => {
    const { cookie } = await webLogin(server.baseUrl, analyst.email, analyst.password);
    const page = await request(server.baseUrl, 'GET', '/mail/quarantine', { cookie, headers: { 'accept-language': 'en' } });
    assert.equal(page.status, 200);
    assert.match(page.text, /Mail quarantine/);
    assert.match(page.text, /Cannot be decrypted/);
    const id = (await analyst.api.get('/api/v1/mail/quarantine')).json.messages[0].id;
    const one = await request(server.baseUrl, 'GET', `/mail/inbound/${id}`, { cookie });
    assert.equal(one.status, 200);
    assert.match(one.text, /id="release"/);
    const reportPage = await request(server.baseUrl, 'GET', `/reports/${report.id}`, { cookie });
    assert.match(reportPage.text, /id="deliveries"/);
    assert.match(reportPage.text, /finder@example\.jp/);
  });
});

describe('mail fetch', () => {
  let server;
  let maildir;
  before(async () => {
    server = await startServer();
    maildir = await mkdtemp(path.join(os.tmpdir(), 'cvdhub-maildir-'));
    for (const d of ['new', 'cur', 'tmp']) await mkdir(path.join(maildir, d));
  });
  after(async () => {
    await server?.stop();
    await rm(maildir, { recursive: true, force: true });
  });

  test('ingests every new message of a Maildir once and moves it to cur/', async () => {
    for (const f of ['01-intake-iso2022jp.eml', '03-intake-html-only.eml', '14-garbage.eml']) {
      await writeFile(path.join(maildir, 'new', `1700000000.${f}`), await readFile(path.join(corpusDir, f)));
    }
    const r = await runCli(['mail', 'fetch', '--maildir', maildir, '--data', server.dataDir, ...mailArgs]);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n').map((l) => l.split('\t')[1]);
    assert.deepEqual(lines, ['report', 'report', 'quarantined']);
    assert.deepEqual(await readdir(path.join(maildir, 'new')), []);
    assert.equal((await readdir(path.join(maildir, 'cur'))).length, 3);
    const again = await runCli(['mail', 'fetch', '--maildir', maildir, '--data', server.dataDir, ...mailArgs]);
    assert.equal(again.stdout.trim(), '');
  });

  test('refuses a directory that is not a Maildir', async () => {
    const r = await runCli(['mail', 'fetch', '--maildir', os.tmpdir() + '/no-such-maildir', '--data', server.dataDir]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /not a Maildir/);
  });
});

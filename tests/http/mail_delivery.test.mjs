// Outgoing mail against a real SMTP server on 127.0.0.1: encrypted to the
// vendor's and the finder's keys (GnuPG decrypts it and checks our
// signature), delivery status per recipient, and exactly-once delivery when
// the SMTP server or cvdhub itself stops mid-delivery.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { addStaff, registerFinder, request, softwareReport, startServer } from '../lib/server.mjs';
import { armoredMessage, gpgIdentity, mailEnv, notify, serveOn, startSmtpSink, waitUntil } from '../lib/smtp.mjs';

const countBy = (items) => items.reduce((m, x) => m.set(x, (m.get(x) || 0) + 1), new Map());

describe('encrypted notifications', () => {
  let sink;
  let server;
  let analyst;
  let vendor;
  before(async () => {
    sink = await startSmtpSink({ reject: ['gone@vendor.example'] });
    server = await startServer({ env: mailEnv(sink) });
    analyst = await addStaff(server, { role: 'intake_analyst', name: 'Ana Analyst' });
    vendor = await gpgIdentity('Vendor PSIRT <psirt@vendor.example>');
  });
  after(async () => {
    await server?.stop();
    await sink?.stop();
    await vendor?.cleanup();
  });

  test('the coordinator key is published and a vendor key can be registered', async () => {
    const key = await request(server.baseUrl, 'GET', '/pgp-key.asc');
    assert.equal(key.status, 200);
    assert.match(key.text, /^-----BEGIN PGP PUBLIC KEY BLOCK-----/);
    assert.equal(key.headers.get('content-type'), 'application/pgp-keys');
    assert.equal((await request(server.baseUrl, 'GET', '/pgp-key.asc')).text, key.text, 'a stable key');

    const bad = await analyst.api.put('/api/v1/mail/keys', { json: { email: 'psirt@vendor.example', key: 'nope' } });
    assert.equal(bad.status, 400);
    assert.equal(bad.json.error.field, 'key');
    const secret = vendor.gpg(['--armor', '--export-secret-keys', vendor.fingerprint]).stdout.toString();
    const leak = await analyst.api.put('/api/v1/mail/keys', { json: { email: 'psirt@vendor.example', key: secret } });
    assert.equal(leak.status, 400, 'a secret key is refused');
    const ok = await analyst.api.put('/api/v1/mail/keys',
      { json: { email: 'psirt@vendor.example', key: vendor.publicKey } });
    assert.equal(ok.status, 200, ok.text);
    const keys = await analyst.api.get('/api/v1/mail/keys');
    assert.equal(keys.json.keys[0].fingerprint, vendor.fingerprint);
  });

  test('case details go out encrypted; the vendor decrypts them and sees our signature', async () => {
    const body = '脆弱性の詳細情報をお送りします。\nPoC: curl -d "<script>" https://device.example/';
    await notify(server.dataDir, { to: 'psirt@vendor.example', name: 'Vendor PSIRT', lang: 'ja',
      subject: '脆弱性詳細情報', body, confidential: true, reference: 'case:1:vendor:1' });
    const [msg] = await waitUntil(async () => {
      const all = await sink.messages();
      return all.length ? all : null;
    }, { what: 'the notice to arrive' });
    assert.equal(msg.deliveredTo, 'psirt@vendor.example');
    assert.match(msg.text, /^Content-Type: multipart\/encrypted; protocol="application\/pgp-encrypted"/m);
    assert.match(msg.text, /^Subject: =\?UTF-8\?B\?W0pWTiMxMjM0NTY3OF0g/m, 'the identifier is in the subject');
    assert.ok(!msg.text.includes('curl'), 'no plaintext on the wire');

    const coordinatorKey = (await request(server.baseUrl, 'GET', '/pgp-key.asc')).text;
    vendor.importKey(coordinatorKey);
    const d = vendor.decrypt(armoredMessage(msg.text));
    assert.equal(d.code, 0, d.status);
    assert.match(d.status, /Good signature from "cvdhub <cvd@coordinator\.example>"/);
    assert.match(d.plaintext, /protected-headers="v1"/);
    const b64 = d.plaintext.split('\r\n\r\n')[2].split('\r\n--')[0];
    assert.ok(Buffer.from(b64, 'base64').toString('utf8').startsWith(body.replace(/\n/g, '\r\n')));

    const status = await analyst.api.get('/api/v1/mail/outbox?reference=case:1');
    assert.equal(status.status, 200);
    const record = status.json.messages.find((m) => m.to === 'psirt@vendor.example');
    assert.equal(record.status, 'sent');
    assert.equal(record.encrypted, true);
    assert.equal(record.confidential, true);
  });

  test("the finder's acknowledgement goes to their address, encrypted to their own key", async () => {
    const finderKey = await gpgIdentity('Finder <finder-mail@example.jp>');
    try {
      const finder = await registerFinder(server.baseUrl, { email: 'finder-mail@example.jp', language: 'en' });
      const own = await finder.api.put('/api/v1/mail/keys',
        { json: { email: 'finder-mail@example.jp', key: finderKey.publicKey } });
      assert.equal(own.status, 200, own.text);
      const other = await finder.api.put('/api/v1/mail/keys',
        { json: { email: 'someone-else@example.jp', key: finderKey.publicKey } });
      assert.equal(other.status, 403, "a finder may only register their own address's key");

      const report = (await finder.api.post('/api/v1/reports', { json: softwareReport({ language: 'en' }) })).json;
      const ack = await analyst.api.post(`/api/v1/reports/${report.id}/acknowledge`, { json: { note: '' } });
      assert.equal(ack.status, 200, ack.text);
      const msg = await waitUntil(async () => (await sink.messages())
        .find((m) => m.deliveredTo === 'finder-mail@example.jp'), { what: 'the acknowledgement' });
      assert.match(msg.text, /^Subject: \[IN-\d{4}-\d{5}\] Your report has been acknowledged/m);
      finderKey.importKey((await request(server.baseUrl, 'GET', '/pgp-key.asc')).text);
      const d = finderKey.decrypt(armoredMessage(msg.text));
      assert.equal(d.code, 0, d.status);
      assert.match(d.status, /Good signature/);
      const b64 = d.plaintext.split('\r\n\r\n')[2].split('\r\n--')[0];
      assert.match(Buffer.from(b64, 'base64').toString('utf8'), new RegExp(`Thank you for your report ${report.intake_number}`));

      // The report page shows the delivery per recipient (staff only).
      const deliveries = await analyst.api.get(`/api/v1/mail/outbox?reference=report:${report.id}`);
      assert.deepEqual(deliveries.json.messages.map((m) => [m.kind, m.to, m.status, m.encrypted]),
        [['report.acknowledged', 'finder-mail@example.jp', 'sent', true]]);
      const denied = await finder.api.get(`/api/v1/mail/outbox?reference=report:${report.id}`);
      assert.equal(denied.status, 403);
    } finally {
      await finderKey.cleanup();
    }
  });

  test('a rejected recipient is visible as failed and flagged on the report history', async () => {
    await notify(server.dataDir, { to: 'gone@vendor.example', reference: 'case:1:vendor:2' });
    const record = await waitUntil(async () => {
      const r = await analyst.api.get('/api/v1/mail/outbox?reference=case:1:vendor:2');
      const m = r.json.messages[0];
      return m && m.status !== 'queued' ? m : null;
    }, { what: 'the rejection' });
    assert.equal(record.status, 'failed');
    assert.match(record.last_error, /^550/);
    assert.equal(record.attempts, 1, 'a permanent failure is not retried');
  });
});

describe('exactly once, across restarts', () => {
  test('the SMTP server dies mid-delivery and comes back: every message arrives exactly once', async () => {
    const port = await (await import('../lib/server.mjs')).freePort();
    let sink = await startSmtpSink({ port, crashAtData: 4 });
    const maildir = sink.maildir;
    const server = await startServer({ env: mailEnv(sink) });
    try {
      const n = 12;
      for (let i = 0; i < n; i++) {
        await notify(server.dataDir, { to: `psirt${i}@vendor${i}.example`, reference: `case:2:vendor:${i}`,
          subject: `Notice ${i}` });
      }
      await sink.exited;  // it died on the 4th message's data, before answering
      assert.ok(sink.lines.includes('CRASH 4'));
      const before = (await sink.messages()).length;
      assert.equal(before, 3);
      await new Promise((r) => setTimeout(r, 1500));  // cvdhub retries meanwhile and finds nobody there
      sink = await startSmtpSink({ port, maildir });
      const all = await waitUntil(async () => {
        const m = await sink.messages();
        return m.length >= n ? m : null;
      }, { timeoutMs: 30_000, what: 'all messages after the restart' });
      await new Promise((r) => setTimeout(r, 1000));  // and nothing more comes
      const ids = (await sink.messages()).map((m) => m.messageId);
      assert.equal(ids.length, n, 'no duplicates');
      assert.deepEqual([...countBy(ids).values()], Array(n).fill(1));
      assert.equal(new Set(all.map((m) => m.deliveredTo)).size, n);
      const out = await (await import('../lib/server.mjs')).runCli(['mail', 'status', '--data', server.dataDir]);
      const rows = out.stdout.trim().split('\n').map((l) => l.split('\t'));
      assert.equal(rows.length, n);
      assert.ok(rows.every((r) => r[1] === 'sent'), out.stdout);
      assert.ok(rows.some((r) => Number(r[2]) > 1), 'the interrupted message was retried');
    } finally {
      await server.stop();
      await sink.stop();
    }
  });

  test('cvdhub is killed mid-delivery and restarted: every message arrives exactly once', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'cvdhub-test-'));
    const sink = await startSmtpSink({ stallRcptAt: 3, stallSeconds: 4 });
    const env = { ...mailEnv(sink), CVDHUB_SMTP_TIMEOUT: '2' };  // a lease of 2·2+5 = 9 s
    let server = await serveOn(dataDir, [], env);
    try {
      const n = 6;
      for (let i = 0; i < n; i++) {
        await notify(dataDir, { to: `contact${i}@vendor.example`, reference: `case:3:vendor:${i}` });
      }
      await sink.waitForLine(/^STALL 3$/);  // the third transaction is under way …
      await server.kill('SIGKILL');          // … when cvdhub dies
      server = await serveOn(dataDir, [], env);
      const all = await waitUntil(async () => {
        const m = await sink.messages();
        return m.length >= n ? m : null;
      }, { timeoutMs: 40_000, what: 'all messages after the restart' });
      await new Promise((r) => setTimeout(r, 1000));
      const ids = (await sink.messages()).map((m) => m.messageId);
      assert.equal(ids.length, n, `no duplicates: ${ids.join(' ')}`);
      assert.deepEqual([...countBy(all.map((m) => m.deliveredTo)).values()], Array(n).fill(1));
    } finally {
      await server.stop();
      await sink.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

// Who may see what, and the intake analyst's work: acknowledge, priority,
// accept (case identifiers), decline (with the reason in the finder's language).
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';

import { addStaff, registerFinder, request, runCli, softwareReport, startServer, websiteReport }
  from '../lib/server.mjs';

let server;
let alice;    // a finder
let bob;      // another finder
let analyst;  // an intake analyst, made with the CLI
before(async () => {
  server = await startServer();
  alice = await registerFinder(server.baseUrl, { displayName: 'Alice Finder' });
  bob = await registerFinder(server.baseUrl, { displayName: 'Bob Finder' });
  analyst = await addStaff(server, { role: 'intake_analyst', name: 'Ana Analyst' });
});
after(async () => { await server?.stop(); });

async function submitAs(who, body) {
  const r = await who.api.post('/api/v1/reports', { json: body });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

async function view(who, id) {
  const r = await who.api.get(`/api/v1/reports/${id}`);
  assert.equal(r.status, 200, r.text);
  return r.json;
}

const statusEvents = (rep) => rep.history.filter((e) => e.action === 'report.status')
  .map((e) => ({ field: e.field, from: e.from, to: e.to, actor: e.actor }));

describe('authorisation', () => {
  let report;
  let attachmentId;
  before(async () => {
    report = await submitAs(alice, softwareReport({ title: "Alice's private report", attachments: [
      { filename: 'poc.txt', content_base64: Buffer.from('secret proof').toString('base64') }] }));
    const v = await view(alice, report.id);
    attachmentId = v.attachments[0].id;
    const m = await alice.api.post(`/api/v1/reports/${report.id}/messages`, { json: { body: 'hello' } });
    assert.equal(m.status, 201);
  });

  test("another finder gets 404 for the report, its messages and its attachments", async () => {
    const id = report.id;
    const attempts = [
      await bob.api.get(`/api/v1/reports/${id}`),
      await bob.api.post(`/api/v1/reports/${id}/messages`, { json: { body: 'let me in' } }),
      await bob.api.get(`/api/v1/reports/${id}/attachments/${attachmentId}`),
      await bob.api.post(`/api/v1/reports/${id}/attachments?filename=x.txt`,
        { body: Buffer.from('x'), headers: { 'content-type': 'text/plain' } }),
    ];
    for (const r of attempts) {
      assert.equal(r.status, 404, r.text);
      assert.equal(r.json.error.code, 'not_found');
      assert.ok(!r.text.includes('secret proof') && !r.text.includes('Alice'), 'nothing leaks');
    }
    // Identical to a report that does not exist: existence does not leak.
    const missing = await bob.api.get('/api/v1/reports/99999');
    assert.deepEqual(attempts[0].json, missing.json);
    // Bob's list does not contain it; Alice's thread and files are untouched.
    const list = await bob.api.get('/api/v1/reports');
    assert.ok(!list.json.reports.some((r) => r.id === id));
    const v = await view(alice, id);
    assert.deepEqual(v.messages.map((m) => m.body), ['hello']);
    assert.equal(v.attachments.length, 1);
  });

  test('anonymous callers get 401 for the report, messages and attachments', async () => {
    for (const [method, path] of [['GET', `/api/v1/reports/${report.id}`],
      ['GET', `/api/v1/reports/${report.id}/attachments/${attachmentId}`],
      ['POST', `/api/v1/reports/${report.id}/messages`], ['POST', `/api/v1/reports/${report.id}/accept`]]) {
      const r = await request(server.baseUrl, method, path, method === 'POST' ? { json: { body: 'x' } } : {});
      assert.equal(r.status, 401, `${method} ${path}`);
    }
  });

  test('triage actions are POST-only: GET is 405', async () => {
    for (const action of ['acknowledge', 'accept', 'decline']) {
      const r = await alice.api.get(`/api/v1/reports/${report.id}/${action}`);
      assert.equal(r.status, 405, action);
      assert.equal(r.headers.get('allow'), 'POST');
    }
    const prio = await alice.api.get(`/api/v1/reports/${report.id}/priority`);
    assert.equal(prio.status, 405);
    assert.equal(prio.headers.get('allow'), 'PUT');
  });

  const triageCalls = (api, id) => [
    ['acknowledge', () => api.post(`/api/v1/reports/${id}/acknowledge`, { json: {} })],
    ['accept', () => api.post(`/api/v1/reports/${id}/accept`, { json: {} })],
    ['decline', () => api.post(`/api/v1/reports/${id}/decline`, { json: { reason: 'already_public' } })],
    ['priority', () => api.put(`/api/v1/reports/${id}/priority`, { json: { wide_effect_japan: true } })],
  ];

  test("a finder's triage attempt on a report the finder cannot see is 404", async () => {
    for (const [name, call] of triageCalls(bob.api, report.id)) {
      const r = await call();
      assert.equal(r.status, 404, `${name}: ${r.text}`);
    }
    assert.equal((await view(alice, report.id)).status, 'received');
  });

  test("a finder's triage attempt on the finder's own report is 403", async () => {
    for (const [name, call] of triageCalls(alice.api, report.id)) {
      const r = await call();
      assert.equal(r.status, 403, `${name}: ${r.text}`);
    }
  });

  test("a finder's triage attempt on the own report changes nothing", async () => {
    for (const [name, call] of triageCalls(alice.api, report.id)) {
      const r = await call();
      assert.ok(r.status === 403 || r.status === 404, `${name}: ${r.status}`);
    }
    const v = await view(alice, report.id);
    assert.equal(v.status, 'received');
    assert.equal(v.priority.wide_effect_japan, false);
    assert.equal(statusEvents(v).length, 0);
  });

  test('a finder lists only own reports; the analyst sees the whole open queue', async () => {
    const bobs = await submitAs(bob, softwareReport({ title: "Bob's report" }));
    const aliceList = (await alice.api.get('/api/v1/reports')).json.reports.map((r) => r.id);
    const bobList = (await bob.api.get('/api/v1/reports')).json.reports.map((r) => r.id);
    assert.ok(aliceList.includes(report.id) && !aliceList.includes(bobs.id));
    assert.ok(bobList.includes(bobs.id) && !bobList.includes(report.id));

    const queue = await analyst.api.get('/api/v1/reports');
    assert.equal(queue.status, 200);
    const ids = queue.json.reports.map((r) => r.id);
    assert.ok(ids.includes(report.id) && ids.includes(bobs.id));
    const item = queue.json.reports.find((r) => r.id === report.id);
    assert.equal(item.ack_overdue, false);
    assert.ok(Number.isInteger(item.business_days_left) && item.business_days_left >= 4
      && item.business_days_left <= 5, `business_days_left ${item.business_days_left}`);
  });

  test('the analyst can see every report with its attachments and thread', async () => {
    const v = await view(analyst, report.id);
    assert.equal(v.title, "Alice's private report");
    assert.equal(v.attachments.length, 1);
    const d = await analyst.api.get(`/api/v1/reports/${report.id}/attachments/${attachmentId}`);
    assert.equal(d.status, 200);
    assert.equal(d.buffer.toString(), 'secret proof');
  });
});

describe('triage by an intake analyst', () => {
  test('acknowledge: status acknowledged, history from/to, and the finder gets a staff message', async () => {
    const rep = await submitAs(alice, softwareReport({ title: 'to acknowledge', language: 'en' }));
    const r = await analyst.api.post(`/api/v1/reports/${rep.id}/acknowledge`,
      { json: { note: 'We are reproducing it.' } });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json, { status: 'acknowledged' });

    const v = await view(alice, rep.id);
    assert.equal(v.status, 'acknowledged');
    assert.match(v.acknowledged_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    assert.deepEqual(statusEvents(v), [{ field: 'status', from: 'received', to: 'acknowledged', actor: 'Ana Analyst' }]);
    assert.equal(v.messages.length, 1);
    const [msg] = v.messages;
    assert.equal(msg.author_role, 'intake_analyst');
    assert.equal(msg.author, 'Ana Analyst');
    assert.ok(msg.body.includes(`Thank you for your report ${rep.intake_number}`), msg.body);
    assert.ok(msg.body.endsWith('\n\nWe are reproducing it.'), msg.body);

    const again = await analyst.api.post(`/api/v1/reports/${rep.id}/acknowledge`, { json: {} });
    assert.equal(again.status, 409);
    assert.equal(again.json.error.code, 'conflict');
    assert.equal((await view(alice, rep.id)).messages.length, 1, 'no second message');

    // Still in the queue (open), now marked acknowledged.
    const queue = (await analyst.api.get('/api/v1/reports')).json.reports;
    assert.equal(queue.find((x) => x.id === rep.id).status, 'acknowledged');
  });

  test('set priority: flags stored, one history entry per change, unknown flags rejected', async () => {
    const rep = await submitAs(alice, softwareReport({ title: 'priority' }));
    const path = `/api/v1/reports/${rep.id}/priority`;
    const r = await analyst.api.put(path, { json: { wide_effect_japan: true, large_user_base: true } });
    assert.equal(r.status, 200, r.text);
    let v = await view(analyst, rep.id);
    assert.deepEqual(v.priority, { wide_effect_japan: true, critical_infrastructure: false, large_user_base: true });
    const prio = v.history.filter((e) => e.action === 'report.priority').map((e) => [e.field, e.from, e.to]);
    assert.deepEqual(prio.sort(), [['priority.large_user_base', 'false', 'true'],
      ['priority.wide_effect_japan', 'false', 'true']]);

    const bad = await analyst.api.put(path, { json: { urgent: true } });
    assert.equal(bad.status, 400);
    assert.equal(bad.json.error.field, 'urgent');
    const notBool = await analyst.api.put(path, { json: { critical_infrastructure: 'yes' } });
    assert.equal(notBool.status, 400);
    assert.equal(notBool.json.error.field, 'critical_infrastructure');
    v = await view(analyst, rep.id);
    assert.deepEqual(v.priority, { wide_effect_japan: true, critical_infrastructure: false, large_user_base: true });
    // Priority is not a status change: the report stays received.
    assert.equal(v.status, 'received');
  });

  test('accept a software report: JVN# identifier, finder told, the report leaves intake', async () => {
    const rep = await submitAs(alice, softwareReport({ title: 'to accept', language: 'en' }));
    await analyst.api.post(`/api/v1/reports/${rep.id}/acknowledge`, { json: {} });
    const r = await analyst.api.post(`/api/v1/reports/${rep.id}/accept`, { json: { note: 'Coordinating now.' } });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.status, 'accepted');
    assert.match(r.json.case.identifier, /^JVN#\d{8}$/);
    assert.equal(r.json.case.track, 'product');

    const v = await view(alice, rep.id);
    assert.equal(v.status, 'accepted');
    assert.equal(v.case_identifier, r.json.case.identifier);
    assert.match(v.decided_at, /Z$/);
    assert.equal(v.decision_note, 'Coordinating now.');
    assert.deepEqual(statusEvents(v).map((e) => [e.from, e.to]), [['received', 'acknowledged'], ['acknowledged', 'accepted']]);
    const last = v.messages.at(-1);
    assert.equal(last.author_role, 'intake_analyst');
    assert.ok(last.body.includes(`Your report ${rep.intake_number} has been accepted`), last.body);
    assert.ok(last.body.includes(r.json.case.identifier), last.body);

    // Handed to coordination, the report is no longer intake's to see (PROCESS §1):
    // further triage by the analyst meets a report that does not exist for them.
    const twice = await analyst.api.post(`/api/v1/reports/${rep.id}/accept`, { json: {} });
    assert.equal(twice.status, 404);
    const decline = await analyst.api.post(`/api/v1/reports/${rep.id}/decline`, { json: { reason: 'already_public' } });
    assert.equal(decline.status, 404);
    const ack = await analyst.api.post(`/api/v1/reports/${rep.id}/acknowledge`, { json: {} });
    assert.equal(ack.status, 404);
    assert.equal((await analyst.api.get(`/api/v1/reports/${rep.id}`)).status, 404);
    const after2 = await view(alice, rep.id);
    assert.equal(after2.status, 'accepted');
    assert.equal(after2.case_identifier, r.json.case.identifier);
    assert.equal(after2.messages.length, v.messages.length);

    // Decided reports leave the open queue.
    const queue = (await analyst.api.get('/api/v1/reports')).json.reports;
    assert.ok(!queue.some((x) => x.id === rep.id));
  });

  test('accept without acknowledging first: the decision acknowledges too', async () => {
    const rep = await submitAs(alice, softwareReport({ title: 'accept straight away' }));
    const r = await analyst.api.post(`/api/v1/reports/${rep.id}/accept`, { json: {} });
    assert.equal(r.status, 200, r.text);
    const v = await view(alice, rep.id);
    assert.equal(v.status, 'accepted');
    assert.ok(v.acknowledged_at, 'acknowledged_at is set by the decision');
    assert.deepEqual(statusEvents(v).map((e) => [e.from, e.to]), [['received', 'accepted']]);
  });

  test('accept with source "direct" gives a JVNVU# identifier', async () => {
    const rep = await submitAs(alice, softwareReport({ title: 'direct report' }));
    const r = await analyst.api.post(`/api/v1/reports/${rep.id}/accept`, { json: { source: 'direct' } });
    assert.equal(r.status, 200, r.text);
    assert.match(r.json.case.identifier, /^JVNVU#\d{8}$/);
    const v = await view(alice, rep.id);
    assert.equal(v.source, 'direct');
    assert.equal(v.case_identifier, r.json.case.identifier);
  });

  test('a report submitted with source overseas_coordinator is accepted as JVNVU#', async () => {
    const rep = await submitAs(alice, softwareReport({ title: 'overseas', source: 'overseas_coordinator' }));
    const r = await analyst.api.post(`/api/v1/reports/${rep.id}/accept`, { json: {} });
    assert.match(r.json.case.identifier, /^JVNVU#\d{8}$/);
  });

  test('an invalid source is 400 and leaves the report open', async () => {
    const rep = await submitAs(alice, softwareReport({ title: 'bad source' }));
    const r = await analyst.api.post(`/api/v1/reports/${rep.id}/accept`, { json: { source: 'email' } });
    assert.equal(r.status, 400);
    assert.equal(r.json.error.field, 'source');
    assert.equal((await view(alice, rep.id)).status, 'received');
  });

  test('accept a website report: WEB-YYYY-NNNN identifier, consecutive', async () => {
    const a = await submitAs(alice, websiteReport({ title: 'website one', language: 'en' }));
    const b = await submitAs(alice, websiteReport({ title: 'website two' }));
    const ra = await analyst.api.post(`/api/v1/reports/${a.id}/accept`, { json: {} });
    const rb = await analyst.api.post(`/api/v1/reports/${b.id}/accept`, { json: {} });
    assert.equal(ra.status, 200, ra.text);
    assert.match(ra.json.case.identifier, /^WEB-\d{4}-\d{4}$/);
    assert.equal(ra.json.case.track, 'website');
    assert.match(rb.json.case.identifier, /^WEB-\d{4}-\d{4}$/);
    assert.equal(Number(rb.json.case.identifier.slice(-4)), Number(ra.json.case.identifier.slice(-4)) + 1);
    const v = await view(alice, a.id);
    assert.equal(v.case_identifier, ra.json.case.identifier);
    assert.ok(v.messages.at(-1).body.includes("We will contact the website's operator"), v.messages.at(-1).body);
  });

  test('decline with reason already_public: English finder gets the English reason', async () => {
    const rep = await submitAs(alice, softwareReport({ title: 'already public', language: 'en' }));
    const r = await analyst.api.post(`/api/v1/reports/${rep.id}/decline`,
      { json: { reason: 'already_public', note: 'See the vendor advisory of 2025-12-01.' } });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json, { status: 'declined' });
    const v = await view(alice, rep.id);
    assert.equal(v.status, 'declined');
    assert.equal(v.decline_reason, 'already_public');
    assert.equal(v.case_identifier, null);
    assert.equal(v.decision_note, 'See the vendor advisory of 2025-12-01.');
    assert.deepEqual(statusEvents(v).map((e) => [e.from, e.to]), [['received', 'declined']]);
    const msg = v.messages.at(-1);
    assert.equal(msg.author_role, 'intake_analyst');
    assert.ok(msg.body.includes(`Your report ${rep.intake_number} was not accepted`), msg.body);
    assert.ok(msg.body.includes('Already publicly known (handling ends)'), msg.body);
    assert.ok(msg.body.includes('See the vendor advisory of 2025-12-01.'), msg.body);
    assert.ok(!/[\u3040-\u30ff]/.test(msg.body), 'no Japanese in an English message');

    const again = await analyst.api.post(`/api/v1/reports/${rep.id}/decline`, { json: { reason: 'out_of_scope' } });
    assert.equal(again.status, 409);
    const accept = await analyst.api.post(`/api/v1/reports/${rep.id}/accept`, { json: {} });
    assert.equal(accept.status, 409);
    assert.equal((await view(alice, rep.id)).decline_reason, 'already_public');
  });

  test('decline a report written in Japanese: the finder is told in Japanese', async () => {
    const rep = await submitAs(bob, softwareReport({ title: '公知の脆弱性', language: 'ja' }));
    const r = await analyst.api.post(`/api/v1/reports/${rep.id}/decline`, { json: { reason: 'already_public' } });
    assert.equal(r.status, 200, r.text);
    const v = await view(bob, rep.id);
    assert.equal(v.status, 'declined');
    assert.equal(v.decline_reason, 'already_public');
    const msg = v.messages.at(-1);
    assert.ok(msg.body.includes(`届出 ${rep.intake_number} は受理されませんでした`), msg.body);
    assert.ok(msg.body.includes('既に公知である（取扱いを終了します）'), msg.body);
  });

  test('acknowledging a Japanese report sends the Japanese text', async () => {
    const rep = await submitAs(bob, softwareReport({ title: '受領確認', language: 'ja' }));
    await analyst.api.post(`/api/v1/reports/${rep.id}/acknowledge`, { json: {} });
    const msg = (await view(bob, rep.id)).messages.at(-1);
    assert.equal(msg.body, `届出 ${rep.intake_number} を受領しました。現在内容を確認しています。受理の可否は改めてお知らせします。`);
  });

  test('an unknown or missing decline reason is 400 naming reason', async () => {
    const rep = await submitAs(alice, softwareReport({ title: 'no reason' }));
    for (const json of [{ reason: 'because' }, {}, { reason: '' }]) {
      const r = await analyst.api.post(`/api/v1/reports/${rep.id}/decline`, { json });
      assert.equal(r.status, 400, JSON.stringify(json));
      assert.equal(r.json.error.field, 'reason');
    }
    const v = await view(alice, rep.id);
    assert.equal(v.status, 'received');
    assert.deepEqual(v.messages, []);
  });

  test('triage of an unknown report is 404; a bad note is 400', async () => {
    assert.equal((await analyst.api.post('/api/v1/reports/99999/acknowledge', { json: {} })).status, 404);
    assert.equal((await analyst.api.post('/api/v1/reports/99999/accept', { json: {} })).status, 404);
    const rep = await submitAs(alice, softwareReport({ title: 'bad note' }));
    const r = await analyst.api.post(`/api/v1/reports/${rep.id}/acknowledge`, { json: { note: 'x'.repeat(100_001) } });
    assert.equal(r.status, 400);
    assert.equal(r.json.error.field, 'note');
    assert.equal((await view(alice, rep.id)).status, 'received');
  });

  test('the analyst may enter a report; a report from the CLI appears in the queue', async () => {
    const own = await analyst.api.post('/api/v1/reports', { json: softwareReport({ title: 'entered by staff' }) });
    assert.equal(own.status, 201, own.text);

    const file = `${server.dataDir}/cli-report.json`;
    await writeFile(file, JSON.stringify(softwareReport({ title: 'arrived by e-mail' })));
    const cli = await runCli(['report', 'submit', file, '--data', server.dataDir]);
    assert.equal(cli.code, 0, cli.stderr);
    const intake = cli.stdout.split('\t')[0];
    assert.match(intake, /^IN-\d{4}-\d{5}$/);
    const queue = (await analyst.api.get('/api/v1/reports')).json.reports;
    const found = queue.find((r) => r.intake_number === intake);
    assert.ok(found, 'the CLI report is in the queue');
    assert.equal(found.title, 'arrived by e-mail');
    // Nobody's own report: no finder sees it.
    assert.ok(!(await alice.api.get('/api/v1/reports')).json.reports.some((r) => r.intake_number === intake));
  });
});

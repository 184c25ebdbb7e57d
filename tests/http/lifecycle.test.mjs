// The server process: demo data, restarts on the same store, clean shutdown.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { client, login, registerFinder, runCli, softwareReport, startServer } from '../lib/server.mjs';

describe('demo data (serve --demo)', () => {
  let dataDir;
  let server;
  before(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'cvdhub-demo-'));
    server = await startServer({ demo: true, dataDir });
  });
  after(async () => {
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  test('prints the demo logins, and they work', async () => {
    assert.match(server.output(), /analyst@demo\.cvdhub\.test \/ demo-analyst-pw/);
    for (const [email, password, role] of [['coordinator@demo.cvdhub.test', 'demo-coordinator', 'lead_coordinator'],
      ['analyst@demo.cvdhub.test', 'demo-analyst-pw', 'intake_analyst'],
      ['finder@demo.cvdhub.test', 'demo-finder-pw', 'finder']]) {
      const me = await client(server.baseUrl, await login(server.baseUrl, email, password)).get('/api/v1/me');
      assert.equal(me.json.role, role);
    }
  });

  test('the demo finder has reports in every state; the queue flags the overdue one', async () => {
    const finder = client(server.baseUrl, await login(server.baseUrl, 'finder@demo.cvdhub.test', 'demo-finder-pw'));
    const reports = (await finder.get('/api/v1/reports')).json.reports;
    // In intake and coordination, behind the published advisories, and the unreachable-developer case.
    assert.ok(reports.length >= 8, `${reports.length} reports`);
    const statuses = new Set(reports.map((r) => r.status));
    assert.deepEqual([...statuses].sort(), ['accepted', 'acknowledged', 'declined', 'received']);
    const accepted = reports.filter((r) => r.status === 'accepted').map((r) => r.case_identifier);
    assert.ok(accepted.some((id) => /^JVN#\d{8}$/.test(id)));
    assert.ok(accepted.some((id) => /^JVNVU#\d{8}$/.test(id)));
    assert.ok(accepted.some((id) => /^WEB-\d{4}-\d{4}$/.test(id)));
    assert.equal(reports.find((r) => r.status === 'declined').decline_reason, 'stale_18_months');

    const analyst = client(server.baseUrl, await login(server.baseUrl, 'analyst@demo.cvdhub.test', 'demo-analyst-pw'));
    const queue = (await analyst.get('/api/v1/reports')).json.reports;
    assert.equal(queue.length, 3, 'received, acknowledged, received');
    const overdue = queue.filter((r) => r.ack_overdue);
    assert.equal(overdue.length, 1);
    assert.equal(overdue[0].status, 'received');
    assert.ok(overdue[0].business_days_left < 0);
  });

  test('the portal shows two published advisories; the multi-vendor one has every vendor status', async () => {
    const anon = client(server.baseUrl);
    const list = (await anon.get('/api/v1/advisories')).json;
    assert.equal(list.total, 2);
    const multi = list.advisories.find((a) => a.identifier.startsWith('JVNVU#'));
    assert.ok(multi, 'a JVNVU# advisory');
    assert.deepEqual([...new Set(multi.vendors.map((v) => v.status))].sort(),
      ['affected', 'affected_investigating', 'information_provided', 'not_affected', 'not_affected_investigating']);
    assert.ok(multi.updates.length >= 1, 'a later status change in the update history');
    for (const a of list.advisories) {
      for (const v of a.vulnerabilities) assert.match(v.cve_id, /^CVE-\d{4}-5\d{4}$/);
    }
    // The case still in coordination is nowhere public.
    const finder = client(server.baseUrl, await login(server.baseUrl, 'finder@demo.cvdhub.test', 'demo-finder-pw'));
    const inCoordination = (await finder.get('/api/v1/reports')).json.reports
      .filter((r) => r.status === 'accepted' && r.case_identifier.startsWith('JVN'))
      .map((r) => r.case_identifier)
      .filter((id) => !list.advisories.some((a) => a.identifier === id));
    assert.ok(inCoordination.length >= 1);
    for (const id of inCoordination) {
      assert.equal((await anon.get(`/api/v1/advisories/${encodeURIComponent(id)}`)).status, 404);
    }
    const page = await anon.get('/advisories/');
    assert.equal(page.status, 200);
    assert.ok(list.advisories.every((a) => page.text.includes(a.identifier)));
    assert.ok(inCoordination.every((id) => !page.text.includes(id)));
  });

  test('restarting with --demo on the same store adds nothing twice', async () => {
    const before = (await client(server.baseUrl,
      await login(server.baseUrl, 'finder@demo.cvdhub.test', 'demo-finder-pw')).get('/api/v1/reports')).json.reports;
    const end = await server.stop();
    assert.equal(end.code, 0);
    server = await startServer({ demo: true, dataDir });
    const token = await login(server.baseUrl, 'finder@demo.cvdhub.test', 'demo-finder-pw');
    const afterRestart = (await client(server.baseUrl, token).get('/api/v1/reports')).json.reports;
    assert.deepEqual(afterRestart.map((r) => r.intake_number), before.map((r) => r.intake_number));
  });
});

describe('process lifecycle', () => {
  test('data survives a restart; SIGTERM stops the server cleanly', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'cvdhub-restart-'));
    try {
      let server = await startServer({ dataDir });
      const finder = await registerFinder(server.baseUrl);
      const rep = (await finder.api.post('/api/v1/reports', { json: softwareReport() })).json;
      const end = await server.stop();
      assert.deepEqual(end, { code: 0, signal: null, killed: false }, 'exits 0 on SIGTERM, without SIGKILL');

      server = await startServer({ dataDir });
      try {
        // The API token, the account and the report all outlive the process.
        const again = client(server.baseUrl, finder.token);
        const v = await again.get(`/api/v1/reports/${rep.id}`);
        assert.equal(v.status, 200);
        assert.equal(v.json.intake_number, rep.intake_number);
        assert.ok(await login(server.baseUrl, finder.email, finder.password));
        const next = (await again.post('/api/v1/reports', { json: softwareReport() })).json;
        assert.equal(Number(next.intake_number.slice(-5)), Number(rep.intake_number.slice(-5)) + 1);
      } finally {
        await server.stop();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  test('a port that is taken makes serve fail with a message', async () => {
    const server = await startServer();
    try {
      const r = await runCli(['serve', '--listen', `127.0.0.1:${server.port}`, '--data', server.dataDir],
        { timeoutMs: 10_000 });
      assert.notEqual(r.code, 0);
      assert.match(r.stderr, /cannot serve/);
    } finally {
      await server.stop();
    }
  });
});

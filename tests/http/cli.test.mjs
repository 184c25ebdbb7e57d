// The command line: report submission into a store, the business calendar.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { runCli, softwareReport } from '../lib/server.mjs';

let dir;
before(async () => { dir = await mkdtemp(path.join(os.tmpdir(), 'cvdhub-cli-')); });
after(async () => { await rm(dir, { recursive: true, force: true }); });

const dataDir = () => path.join(dir, 'data');

async function reportFile(name, content) {
  const file = path.join(dir, name);
  await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

describe('cvdhub report submit', () => {
  test('prints the intake number and the acknowledgement deadline', async () => {
    const file = await reportFile('ok.json', softwareReport());
    const r = await runCli(['report', 'submit', file, '--data', dataDir()]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^IN-\d{4}-\d{5}\tack by \d{4}-\d{2}-\d{2}\n$/);

    const again = await runCli(['report', 'submit', file, '--data', dataDir()]);
    assert.equal(again.code, 0, again.stderr);
    const n = (out) => Number(out.split('\t')[0].slice(-5));
    assert.equal(n(again.stdout), n(r.stdout) + 1, 'consecutive intake numbers in the same store');
  });

  test('attachments in the file are accepted', async () => {
    const file = await reportFile('att.json', softwareReport({ attachments: [
      { filename: 'poc.txt', content_base64: Buffer.from('hello').toString('base64') }] }));
    const r = await runCli(['report', 'submit', file, '--data', dataDir()]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^IN-\d{4}-\d{5}\t/);
  });

  test('a malformed file exits non-zero naming the problem', async () => {
    const file = await reportFile('bad.json', '{"kind": "software", "title": ');
    const r = await runCli(['report', 'submit', file, '--data', dataDir()]);
    assert.notEqual(r.code, 0);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^error: body: malformed JSON/);
  });

  test('an invalid report exits non-zero naming the field', async () => {
    const cases = [
      [softwareReport({ product_version: '' }), /product_version is required/],
      [softwareReport({ colour: 'red' }), /colour: unknown field 'colour'/],
      [softwareReport({ kind: 'firmware' }), /kind/],
      [[softwareReport()], /must be a JSON object/],
    ];
    for (const [content, message] of cases) {
      const r = await runCli(['report', 'submit', await reportFile('invalid.json', content), '--data', dataDir()]);
      assert.notEqual(r.code, 0);
      assert.match(r.stderr, message);
      assert.equal(r.stdout, '');
    }
  });

  test('a missing file exits non-zero naming the file', async () => {
    const missing = path.join(dir, 'missing.json');
    const r = await runCli(['report', 'submit', missing, '--data', dataDir()]);
    assert.notEqual(r.code, 0);
    assert.ok(r.stderr.includes(`cannot read ${missing}`), r.stderr);
  });
});

describe('cvdhub calendar', () => {
  test('holidays 2026: the first line is New Year\'s Day in Japanese', async () => {
    const r = await runCli(['calendar', 'holidays', '2026']);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines[0], '2026-01-01\t元日');
    assert.ok(lines.length >= 16, `${lines.length} holidays`);
    for (const line of lines) assert.match(line, /^2026-\d{2}-\d{2}\t\S/);
    const dates = lines.map((l) => l.split('\t')[0]);
    assert.deepEqual(dates, [...dates].sort(), 'in date order');
    assert.ok(lines.includes('2026-05-06\t休日'), 'the substitute holiday of 2026 (Constitution Day falls on Sunday)');
  });

  test('holidays --en gives English names', async () => {
    const r = await runCli(['calendar', 'holidays', '2026', '--en']);
    assert.equal(r.code, 0);
    assert.equal(r.stdout.split('\n')[0], "2026-01-01\tNew Year's Day");
  });

  test('add-business-days skips Golden Week: 2026-04-28 + 5 = 2026-05-11', async () => {
    const r = await runCli(['calendar', 'add-business-days', '2026-04-28', '5']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '2026-05-11\n');
  });

  test('add-business-days skips the year-end closure', async () => {
    const r = await runCli(['calendar', 'add-business-days', '2026-12-28', '1']);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, '2027-01-04\n');
  });

  test('a bad date or year exits non-zero', async () => {
    const bad = await runCli(['calendar', 'add-business-days', '2026-02-30', '5']);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /date/);
    const year = await runCli(['calendar', 'holidays', '1800']);
    assert.notEqual(year.code, 0);
  });
});

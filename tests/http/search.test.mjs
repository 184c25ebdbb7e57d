// Importing reference records with the CLI (`cvdhub import cve|osv`, plain and
// zstd) into a running server's store, then the public search (/search,
// /api/v1/search) in English and Japanese and the record pages
// (/records/{id}, /api/v1/records/{id}). The fixture is a slice of the shared
// real data (../shared beside the repository) plus generated lines with
// Japanese text, a rejected record, a record with markup in its title and a
// bad line.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import Ajv from 'ajv';
import addFormats from 'ajv-formats';

import { repoRoot, request, runCli, startServer } from '../lib/server.mjs';

const shared = path.resolve(repoRoot, '..', 'shared');
const cveData = path.join(shared, 'data', 'cve5-vulnrichment-2024.jsonl.zst');
const REAL_LINES = 40;

const ORG = 'f8d7a3c2-1b4e-4c6f-9a0d-2e5b7c8d9f01';
const cveLine = ({ id, title, en, ja, updated = '2099-02-01T00:00:00.000Z', published = '2099-01-15T00:00:00' }) => {
  const descriptions = [{ lang: 'en', value: en }];
  if (ja) descriptions.push({ lang: 'ja', value: ja });
  return JSON.stringify({
    dataType: 'CVE_RECORD',
    dataVersion: '5.1',
    cveMetadata: { cveId: id, assignerOrgId: ORG, assignerShortName: 'sample', state: 'PUBLISHED',
      dateReserved: '2099-01-01T00:00:00.000Z', datePublished: published, dateUpdated: updated },
    containers: {
      cna: {
        providerMetadata: { orgId: ORG, shortName: 'sample' },
        title,
        descriptions,
        affected: [{ vendor: 'Sample Networks', product: 'Sample Router', defaultStatus: 'unaffected',
          versions: [{ version: '1.0', lessThan: '1.5', status: 'affected', versionType: 'semver' }] }],
        problemTypes: [{ descriptions: [{ lang: 'en', type: 'CWE', cweId: 'CWE-287', description: 'CWE-287 Improper Authentication' }] }],
        metrics: [{ cvssV3_1: { version: '3.1', vectorString: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', baseScore: 9.8, baseSeverity: 'CRITICAL' } }],
        references: [{ url: `https://sample.example/advisories/${id}`, tags: ['vendor-advisory'] }],
      },
    },
  });
};

const generated = [
  cveLine({ id: 'CVE-2099-0001', title: 'Authentication bypass in Sample Router',
    en: 'Sample Router before 1.5 allows remote attackers to bypass authentication.',
    ja: 'Sample Router 1.5 より前のバージョンには、認証回避の脆弱性が存在します。' }),
  cveLine({ id: 'CVE-2099-0002', title: 'SQL injection in Sample Portal', updated: '2099-03-01T00:00:00.000Z',
    published: '2099-02-20T00:00:00.000Z',
    en: 'An SQL injection vulnerability in the search form of Sample Portal.',
    ja: 'Sample Portal の検索フォームに SQL インジェクションの脆弱性があります。' }),
  cveLine({ id: 'CVE-2099-0003', title: '<script>alert(1)</script> in Sample Wiki',
    en: 'Cross-site scripting: <img src=x onerror=alert(1)> is stored and shown.' }),
  JSON.stringify({ dataType: 'CVE_RECORD', dataVersion: '5.1',
    cveMetadata: { cveId: 'CVE-2099-0004', assignerOrgId: ORG, state: 'REJECTED', dateRejected: '2099-02-01T00:00:00',
      dateUpdated: '2099-02-01T00:00:00' },
    containers: { cna: { providerMetadata: { orgId: ORG }, rejectedReasons: [{ lang: 'en', value: 'Duplicate of CVE-2099-0001.' }] } } }),
  '{"cveMetadata": {"cveId": "CVE-2099-0005", "state": "PUBLISHED"}, "containers": {"cna": {"affected": "all"}}}',
];
const BAD_LINE = REAL_LINES + generated.length;  // the last line

const osvLine = JSON.stringify({
  schema_version: '1.3.1', id: 'GO-2099-0001', modified: '2099-02-02T00:00:00Z', published: '2099-02-02T00:00:00Z',
  aliases: ['CVE-2099-0001'], summary: '脆弱なパスワード検証', details: 'パスワードの検証が不十分なため、認証を回避される可能性があります。',
  affected: [{ package: { ecosystem: 'Go', name: 'sample.example/router' },
    ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.5.0' }] }] }],
  references: [{ type: 'FIX', url: 'https://sample.example/fix' }],
});

let server;
let work;
const api = (p, opts) => request(server.baseUrl, 'GET', p, opts);
const page = (p, lang = 'ja') => request(server.baseUrl, 'GET', p, { headers: { 'accept-language': lang } });
const search = (q, extra = '') => api(`/api/v1/search?q=${encodeURIComponent(q)}${extra}`);
const ids = (r) => r.json.results.map((x) => x.id);

async function importFile(kind, file) {
  return runCli(['import', kind, file, '--data', server.dataDir]);
}

before(async () => {
  assert.ok(existsSync(cveData), `shared data missing: ${cveData} (CI has ../shared beside the checkout)`);
  server = await startServer();
  work = await mkdtemp(path.join(os.tmpdir(), 'cvdhub-search-'));
  // A slice of real records, then the generated ones, compressed with zstd.
  const real = execFileSync('sh', ['-c', `zstd -dc "${cveData}" | head -n ${REAL_LINES}`], { maxBuffer: 64 << 20 })
    .toString().trimEnd().split('\n');
  assert.equal(real.length, REAL_LINES);
  await writeFile(path.join(work, 'cve.jsonl'), `${[...real, ...generated].join('\n')}\n`);
  execFileSync('zstd', ['-q', '-f', path.join(work, 'cve.jsonl'), '-o', path.join(work, 'cve.jsonl.zst')]);
  await writeFile(path.join(work, 'osv.jsonl'), `${osvLine}\n`);
});
after(async () => {
  await server?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('cvdhub import', () => {
  test('imports zstd CVE lines, reports the bad line by number and skips it (exit 2)', async () => {
    const r = await importFile('cve', path.join(work, 'cve.jsonl.zst'));
    assert.equal(r.code, 2, r.stderr + r.stdout);
    assert.match(r.stderr, new RegExp(`^line ${BAD_LINE}: containers\\.cna\\.affected must be an array`, 'm'));
    assert.match(r.stdout, /\(zstd\)/);
    assert.match(r.stdout, new RegExp(`${BAD_LINE} lines, ${BAD_LINE - 1} new, 0 updated, 0 unchanged`));
    assert.match(r.stdout, /1 bad/);
    assert.doesNotMatch(r.stderr, /\r|\x1b\[/, 'no progress bar when stderr is not a terminal');
  });

  test('imports a plain OSV file (exit 0)', async () => {
    const r = await importFile('osv', path.join(work, 'osv.jsonl'));
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /1 lines, 1 new/);
  });

  test('re-importing updates, never duplicates', async () => {
    const again = await importFile('cve', path.join(work, 'cve.jsonl.zst'));
    assert.match(again.stdout, new RegExp(`0 new, 0 updated, ${BAD_LINE - 1} unchanged`));
    // A newer version of one record replaces it.
    const newer = cveLine({ id: 'CVE-2099-0002', title: 'SQL injection in Sample Portal (updated)',
      updated: '2099-04-01T00:00:00.000Z', published: '2099-02-20T00:00:00.000Z', en: 'An SQL injection vulnerability in the search form of Sample Portal.',
      ja: 'Sample Portal の検索フォームに SQL インジェクションの脆弱性があります。' });
    await writeFile(path.join(work, 'newer.jsonl'), `${newer}\n`);
    const r = await importFile('cve', path.join(work, 'newer.jsonl'));
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /0 new, 1 updated/);
    const found = await search('"sample portal"');
    assert.deepEqual(ids(found), ['CVE-2099-0002']);
    assert.equal(found.json.results[0].title, 'SQL injection in Sample Portal (updated)');
  });

  test('the wrong kind of file is refused line by line, with the reason', async () => {
    const r = await importFile('cve', path.join(work, 'osv.jsonl'));
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^line 1: cveMetadata missing: this looks like an OSV entry \(use `cvdhub import osv`\)/m);
    const missing = await importFile('cve', path.join(work, 'nope.jsonl'));
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /cannot open .*nope\.jsonl/);
  });
});

describe('search API', () => {
  test('English words find imported records, with highlighted snippets', async () => {
    const r = await search('overflow');
    assert.equal(r.status, 200);
    assert.ok(r.json.total >= 1, JSON.stringify(r.json));
    for (const hit of r.json.results) {
      const marked = hit.highlights.map(([b, e]) => Buffer.from(hit.snippet).subarray(b, e).toString());
      assert.ok(marked.some((m) => /overflow/i.test(m)) || /overflow/i.test(hit.title), JSON.stringify(hit));
      assert.match(hit.url, /^\/records\/CVE-/);
    }
    // The title weighs most: the generated record leads the real ones about SQL injection.
    const sql = ids(await search('sql injection'));
    assert.equal(sql[0], 'CVE-2099-0002', sql.join());
    assert.deepEqual(ids(await search('ＳＱＬ　ｉｎｊｅｃｔｉｏｎ')), sql, 'full-width forms fold');
    assert.deepEqual(ids(await search('CVE-2099-0003')), ['CVE-2099-0003']);
  });

  test('Japanese two- and three-character terms', async () => {
    const two = ids(await search('認証'));
    assert.ok(two.includes('CVE-2099-0001') && two.includes('GO-2099-0001'), two.join());
    assert.deepEqual(ids(await search('脆弱')).sort(), ['CVE-2099-0001', 'CVE-2099-0002', 'GO-2099-0001']);
    assert.deepEqual(ids(await search('脆弱性')).sort(), ['CVE-2099-0001', 'CVE-2099-0002']);
    assert.deepEqual(ids(await search('インジェクション')), ['CVE-2099-0002']);
    assert.deepEqual(ids(await search('認証回避')), ['CVE-2099-0001']);
    assert.deepEqual(ids(await search('回避 router')).sort(), ['CVE-2099-0001', 'GO-2099-0001'], 'scripts mix');
    assert.deepEqual(ids(await search('認証回避 router')), ['CVE-2099-0001']);
    assert.equal((await search('脆弱化')).json.total, 0);
    const hit = (await search('認証回避')).json.results[0];
    const [b, e] = hit.highlights[0];
    assert.equal(Buffer.from(hit.snippet).subarray(b, e).toString(), '認証回避');
  });

  test('newest first, and pages', async () => {
    const newest = await search('sample', '&sort=newest');
    assert.equal(newest.json.sort, 'newest');
    assert.equal(newest.json.results[0].id, 'CVE-2099-0002');
    const all = await search('cve');  // every CVE record has its ID in its title
    assert.ok(all.json.total > 20, `${all.json.total}`);
    assert.equal(all.json.results.length, 20);
    const second = await search('cve', '&page=2');
    assert.equal(second.json.page, 2);
    assert.equal(new Set([...ids(all), ...ids(second)]).size, all.json.results.length + second.json.results.length);
  });

  test('bad queries get a clear 400, never a 500', async () => {
    const cases = [['', 'empty'], ['   ', 'empty'], ['!!! ???', 'no_words'], ['x'.repeat(201), 'too_long'],
      ['a b c d e f g h i j k l m', 'too_many_terms'], ['"', 'no_words'], ['NEAR( OR AND * ^', 'no_words']];
    for (const [q, reason] of cases) {
      const r = await search(q);
      if (reason === 'no_words' && r.status === 200) continue;  // operators are plain words; fine either way
      assert.equal(r.status, 400, `${JSON.stringify(q)} → ${r.status} ${r.text}`);
      assert.equal(r.json.error.field, 'q');
      assert.equal(r.json.error.reason, reason, q);
      assert.ok(r.json.error.message.length > 10);
    }
    const noQ = await api('/api/v1/search');
    assert.equal(noQ.status, 400);
    assert.equal(noQ.json.error.reason, 'empty');
    assert.equal((await api('/api/v1/search?q=%FF%FE')).json.error.reason, 'bad_encoding');
    assert.equal((await search('x', '&sort=random')).json.error.field, 'sort');
    assert.equal((await search('x', '&page=abc')).json.error.field, 'page');
    assert.equal((await search('x', '&page=51')).json.error.field, 'page');
  });
});

describe('search and record pages', () => {
  test('the search form works without a query, in both languages', async () => {
    const ja = await page('/search');
    assert.equal(ja.status, 200);
    assert.match(ja.text, /<form method="get" action="\/search"/);
    assert.match(ja.text, /name="viewport"/);
    assert.doesNotMatch(ja.text, /<script/i);
    assert.match((await page('/search', 'en')).text, /Most relevant first/);
  });

  test('results link to records and mark the matched words; markup in records is escaped', async () => {
    const r = await page(`/search?q=${encodeURIComponent('認証回避')}`);
    assert.equal(r.status, 200);
    assert.match(r.text, /href="\/records\/CVE-2099-0001"/);
    assert.match(r.text, /<mark>認証回避<\/mark>/);
    assert.match(r.text, /検索結果: 1 件/);
    const xss = await page('/search?q=wiki', 'en');
    assert.match(xss.text, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.doesNotMatch(xss.text, /<script>alert|<img src=x/);
  });

  test('a bad query is explained on the page in the reader\'s language', async () => {
    const ja = await page('/search?q=');
    assert.equal(ja.status, 400);
    assert.match(ja.text, /検索する語を入力してください/);
    const en = await page('/search?q=%21%21%21', 'en');
    assert.equal(en.status, 400);
    assert.match(en.text, /nothing to look for/);
  });

  test('pages of results link to each other', async () => {
    const r = await page('/search?q=cve&sort=newest', 'en');
    assert.match(r.text, /rel="next" href="\/search\?q=cve&amp;sort=newest&amp;page=2"/);
  });

  test('a record page shows what was imported', async () => {
    const r = await page('/records/CVE-2099-0001');
    assert.equal(r.status, 200);
    r.text = r.text.replaceAll('&#x2F;', '/');  // Mustache escapes slashes
    for (const want of ['Authentication bypass in Sample Router', '認証回避の脆弱性', 'Sample Networks', '1.0 ≤ v &lt; 1.5: affected',
      'CWE-287', '9.8', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'https://sample.example/advisories/CVE-2099-0001',
      'href="/records/GO-2099-0001"']) {
      assert.ok(r.text.includes(want), `missing ${want}`);
    }
    assert.match(r.text, /lang="ja"/);
    const osv = await page('/records/GO-2099-0001');
    assert.equal(osv.status, 200);
    assert.ok(osv.text.includes('SEMVER: introduced 0 fixed 1.5.0'));
    assert.ok(osv.text.includes('href="/records/CVE-2099-0001"'));
    const rejected = await page('/records/CVE-2099-0004', 'en');
    assert.equal(rejected.status, 200);
    assert.match(rejected.text, /REJECTED/);
    assert.match(rejected.text, /Duplicate of CVE-2099-0001/);
    assert.equal((await page('/records/CVE-2099-9999')).status, 404);
    assert.equal((await page('/records/CVE-2099-0005')).status, 404, 'the bad line was not stored');
  });
});

describe('record API', () => {
  test('JSON of a record, and its re-export validates against the CVE JSON 5 / OSV schemas', async () => {
    const r = await api('/api/v1/records/CVE-2099-0001');
    assert.equal(r.status, 200);
    assert.equal(r.json.kind, 'cve');
    assert.equal(r.json.published, '2099-01-15T00:00:00Z', 'a zoneless time is UTC');
    assert.deepEqual(r.json.named_by, [{ id: 'GO-2099-0001', kind: 'osv', relation: 'alias' }]);
    assert.equal(r.json.texts.find((t) => t.lang === 'ja').value,
      'Sample Router 1.5 より前のバージョンには、認証回避の脆弱性が存在します。');

    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    const cveSchema = JSON.parse(await readFile(path.join(shared, 'reference/cve/CVE_JSON_bundled_5.1.1.json'), 'utf8'));
    const validateCve = ajv.compile(cveSchema);
    // The real slice and the generated records, re-exported.
    const real = (await readFile(path.join(work, 'cve.jsonl'), 'utf8')).trim().split('\n').slice(0, REAL_LINES)
      .map((l) => JSON.parse(l).cveMetadata.cveId);
    for (const id of [...real, 'CVE-2099-0001', 'CVE-2099-0004']) {
      const native = await api(`/api/v1/records/${id}?format=native`);
      assert.equal(native.status, 200, id);
      assert.equal(native.json.cveMetadata.cveId, id);
      assert.ok(validateCve(native.json), `${id}: ${JSON.stringify(validateCve.errors?.slice(0, 3))}`);
    }

    const { default: Ajv2020 } = await import('ajv/dist/2020.js');
    const ajv2020 = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv2020);
    const validateOsv = ajv2020.compile(JSON.parse(await readFile(path.join(shared, 'reference/osv/schema.json'), 'utf8')));
    const osv = await api('/api/v1/records/GO-2099-0001?format=native');
    assert.ok(validateOsv(osv.json), JSON.stringify(validateOsv.errors));
    assert.deepEqual(osv.json.affected[0].ranges[0].events, [{ introduced: '0' }, { fixed: '1.5.0' }]);

    assert.equal((await api('/api/v1/records/CVE-2099-9999')).status, 404);
    assert.equal((await api('/api/v1/records/CVE-2099-0001?format=xml')).status, 400);
  });
});

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

import { addStaff, addUser, client, login, parseSetCookies, registerFinder, repoRoot, request, runCli, softwareReport,
  startServer, uniqueEmail, webLogin } from '../lib/server.mjs';

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

describe('kinds, the anonymous page cache and unpublished drafts', () => {
  // One word the tokenizer keeps whole, in every confidential field of a case whose advisory is still a draft.
  const MARK = `draftmark${Date.now().toString(36)}`;
  let lead;
  let vendor;
  let caseId;
  let identifier;
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const unslash = (html) => html.replaceAll('&#x2F;', '/');
  const results = (html) => (html.match(/<li class="result">/g) || []).length;

  before(async () => {
    lead = await addStaff(server, { role: 'lead_coordinator', name: 'Lead' });
    const analyst = await addStaff(server, { role: 'intake_analyst', name: 'Analyst' });
    const finder = await registerFinder(server.baseUrl, { language: 'en' });
    const block = await runCli(['cve', 'add-block', '2026', '41000-41004', '--data', server.dataDir]);
    assert.equal(block.code, 0, block.stderr);
    const vendorEmail = uniqueEmail('psirt');
    await addUser(server.dataDir, { email: vendorEmail, name: 'Marker PSIRT', role: 'vendor',
      password: 'vendor-password-1' });
    const api = client(server.baseUrl, await login(server.baseUrl, vendorEmail, 'vendor-password-1'));
    const v = await lead.api.post('/api/v1/vendors', { json: { name: 'Marker Works', name_en: 'Marker Works',
      registration: 'individual', contact_email: vendorEmail } });
    assert.equal(v.status, 201, v.text);
    const me = await api.get('/api/v1/me');
    assert.equal((await lead.api.post(`/api/v1/vendors/${v.json.id}/members`,
      { json: { user_id: me.json.id } })).status, 200);
    const r = await finder.api.post('/api/v1/reports',
      { json: softwareReport({ language: 'en', title: `Stored XSS ${MARK} in Marker Widget` }) });
    assert.equal(r.status, 201, r.text);
    const accepted = await analyst.api.post(`/api/v1/reports/${r.json.id}/accept`, { json: { note: '' } });
    assert.equal(accepted.status, 200, accepted.text);
    caseId = accepted.json.case.id;
    identifier = accepted.json.case.identifier;
    assert.equal((await lead.api.put(`/api/v1/cases/${caseId}/info`, { json: { overview: `Overview ${MARK}.`,
      details: `Details ${MARK}.`, product_ids: '', keywords: '' } })).status, 200);
    assert.equal((await lead.api.post(`/api/v1/cases/${caseId}/vendors`,
      { json: { vendor_id: v.json.id, obvious: true } })).status, 200);
    assert.equal((await lead.api.post(`/api/v1/cases/${caseId}/vendors/${v.json.id}/details`, { json: {} })).status,
      200);
    // The advisory draft carries the marker in its title and overview; it is shared with the vendor.
    assert.equal((await lead.api.get(`/api/v1/cases/${caseId}/advisory`)).status, 200);
    const draft = await lead.api.put(`/api/v1/cases/${caseId}/advisory`, { json: {
      title: { ja: `マーカーウィジェットにおける XSS ${MARK}`, en: `XSS in Marker Widget ${MARK}`, translation: 'done' },
      overview: { ja: `概要 ${MARK}`, en: `Overview ${MARK}`, translation: 'done' },
      vulnerabilities: [{ cwe: 'CWE-79', title: { ja: 'XSS', en: 'XSS' } }],
      products: [{ vendor_id: v.json.id, vendor_name: 'Marker Works', product: 'Marker Widget', versions: '< 2.0',
        fixed_in: '2.0' }],
    } });
    assert.equal(draft.status, 200, draft.text);
    assert.equal((await lead.api.post(`/api/v1/cases/${caseId}/advisory/review`, { json: {} })).status, 200);
    const session = await webLogin(server.baseUrl, vendorEmail, 'vendor-password-1');
    vendor = { api, session, email: vendorEmail };
  });

  test('a kind filter returns only that kind, on the API and on the page; a bad kind is a 400 naming it', async () => {
    const all = ids(await search('認証'));
    assert.ok(all.includes('CVE-2099-0001') && all.includes('GO-2099-0001'), all.join());
    const cve = await search('認証', '&kind=cve');
    assert.equal(cve.status, 200, cve.text);
    assert.equal(cve.json.kind, 'cve');
    assert.ok(cve.json.results.length >= 1);
    assert.ok(cve.json.results.every((x) => x.kind === 'cve'), JSON.stringify(cve.json.results));
    assert.ok(!ids(cve).includes('GO-2099-0001'));
    assert.equal(cve.json.total, cve.json.results.length);
    const osv = await search('認証', '&kind=osv');
    assert.deepEqual(ids(osv), ['GO-2099-0001']);
    assert.equal(osv.json.total, 1);
    // Newest first filters by kind as well.
    assert.deepEqual(ids(await search('認証', '&kind=osv&sort=newest')), ['GO-2099-0001']);
    assert.deepEqual(new Set(ids(await search('認証', '&kind=cve&sort=newest'))), new Set(ids(cve)));
    assert.equal((await search('認証', '&kind=advisory')).json.total, 0);
    assert.equal((await search('認証', '&kind=')).json.kind, null, 'an empty kind is every kind');
    assert.deepEqual(ids(await search('認証', '&kind=')), all);

    for (const bad of ['blog', 'CVE', 'advisory,cve', '%FF']) {
      const r = await search('認証', `&kind=${bad}`);
      assert.equal(r.status, 400, `${bad}: ${r.text}`);
      assert.equal(r.json.error.field, 'kind');
      assert.match(r.json.error.message, /kind must be advisory, cve or osv/);
    }

    // The page: a select in the form and plain links, no script.
    const p = await page(`/search?q=${encodeURIComponent('認証')}&kind=osv`, 'en');
    assert.equal(p.status, 200);
    assert.doesNotMatch(p.text, /<script/i);
    assert.equal(results(p.text), 1);
    assert.match(p.text, /href="\/records\/GO-2099-0001"/);
    assert.doesNotMatch(p.text, /href="\/records\/CVE-/);
    assert.match(p.text, /<select name="kind"[^>]*>[\s\S]*<option value="osv" selected>OSV entries<\/option>/);
    const nav = unslash(p.text.match(/<nav class="kind-filter"[\s\S]*?<\/nav>/)[0]);
    assert.match(nav, /<strong aria-current="page">OSV entries<\/strong>/);
    assert.match(nav, /<a href="\/search\?q=%E8%AA%8D%E8%A8%BC&amp;sort=relevance&amp;kind=cve">CVE records<\/a>/);
    assert.match(nav, /<a href="\/search\?q=%E8%AA%8D%E8%A8%BC&amp;sort=relevance">All<\/a>/);
    const following = await page(unslash(nav).match(/href="([^"]*kind=cve)"/)[1].replaceAll('&amp;', '&'), 'en');
    assert.equal(following.status, 200);
    assert.ok(results(following.text) >= 1);
    assert.doesNotMatch(following.text, /href="\/records\/GO-/);
    // Pages of one kind link to each other with the kind kept.
    const paged = await page('/search?q=cve&sort=newest&kind=cve', 'en');
    assert.match(paged.text, /rel="next" href="\/search\?q=cve&amp;sort=newest&amp;kind=cve&amp;page=2"/);

    const badEn = await page('/search?q=x&kind=blog', 'en');
    assert.equal(badEn.status, 400);
    assert.match(badEn.text, /The parameter kind must be advisory, cve or osv/);
    const badJa = await page('/search?q=x&kind=blog', 'ja');
    assert.equal(badJa.status, 400);
    assert.match(badJa.text, /パラメータ kind には advisory、cve、osv/);
  });

  test('an unpublished draft is never found, by anyone', async () => {
    for (const who of [client(server.baseUrl), vendor.api, lead.api]) {
      for (const extra of ['', '&kind=advisory']) {
        const r = await who.get(`/api/v1/search?q=${MARK}${extra}`);
        assert.equal(r.status, 200, r.text);
        assert.equal(r.json.total, 0, JSON.stringify(r.json));
        assert.ok(!r.text.includes(identifier));
      }
    }
    for (const cookie of [undefined, vendor.session.cookie]) {
      const r = await request(server.baseUrl, 'GET', `/search?q=${MARK}`, { cookie,
        headers: { 'accept-language': 'en' } });
      assert.equal(r.status, 200);
      assert.equal(results(r.text), 0);
      assert.match(r.text, /0 results for/);
      assert.ok(!r.text.includes(identifier), 'the case identifier is embargoed');
    }
  });

  test('anonymous pages are served from the cache until the store changes; a publication shows up', async () => {
    // (Newest first: a page no earlier test has asked for.)
    const anon = (q) => request(server.baseUrl, 'GET', `/search?sort=newest&q=${q}`,
      { headers: { 'accept-language': 'en' } });
    const setsCookie = (r) => Boolean(parseSetCookies(r.headers).cvdhub_csrf);
    const first = await anon(MARK);
    assert.equal(first.status, 200);
    assert.ok(setsCookie(first), 'rendered for this reader');
    // The same query spelled differently: the same normalised key, served whole from the cache.
    const again = await anon(`%20${MARK}%20%20`);
    assert.equal(again.status, 200);
    assert.ok(!setsCookie(again), 'a cached page carries no cookie');
    assert.equal(again.text, first.text);
    // Another language, kind or page is another page.
    const ja = await request(server.baseUrl, 'GET', `/search?sort=newest&q=${MARK}`,
      { headers: { 'accept-language': 'ja' } });
    assert.ok(setsCookie(ja));
    assert.notEqual(ja.text, first.text);
    assert.ok(setsCookie(await anon(`${MARK}&kind=advisory`)));
    // A logged-in reader is never served the anonymous page: theirs names them.
    const mine = await request(server.baseUrl, 'GET', `/search?sort=newest&q=${MARK}`, { cookie: vendor.session.cookie,
      headers: { 'accept-language': 'en' } });
    assert.equal(mine.status, 200);
    assert.ok(mine.text.includes('Marker PSIRT'), 'the layout names the reader');
    assert.ok(!first.text.includes('Marker PSIRT'));
    // Unknown parameters (e.g. a notice) are rendered, not cached.
    const notice = await anon(`${MARK}&notice=x`);
    assert.ok(setsCookie(notice));
    assert.ok(setsCookie(await anon(`${MARK}&notice=x`)));

    // Publish the advisory a few seconds from now.
    const at = new Date(Math.ceil(Date.now() / 1000) * 1000 + 3000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    assert.equal((await lead.api.post(`/api/v1/cases/${caseId}/date`, { json: { publication_at: at, note: '' } }))
      .status, 200);
    assert.equal((await lead.api.post(`/api/v1/cases/${caseId}/date/agree`, { json: {} })).status, 200);
    const sched = await lead.api.post(`/api/v1/cases/${caseId}/advisory/schedule`, { json: {} });
    assert.equal(sched.status, 200, sched.text);
    // Scheduled is still unpublished: not found.
    assert.equal((await search(MARK)).json.total, 0);
    const cached = await anon(MARK);
    assert.equal(results(cached.text), 0);
    for (;;) {
      const r = await client(server.baseUrl).get(`/api/v1/advisories/${encodeURIComponent(identifier)}`);
      if (r.status === 200) break;
      assert.ok(Date.now() < Date.parse(at) + 8000, 'published within 8 s of the moment');
      await sleep(200);
    }

    const found = await search(MARK);
    assert.deepEqual(ids(found), [identifier]);
    assert.equal(found.json.results[0].kind, 'advisory');
    assert.deepEqual(ids(await search(MARK, '&kind=advisory')), [identifier]);
    assert.equal((await search(MARK, '&kind=cve')).json.total, 0);
    const after = await anon(MARK);
    assert.equal(after.status, 200);
    assert.ok(setsCookie(after), 'the generation moved: rendered anew');
    assert.equal(results(after.text), 1);
    assert.ok(after.text.includes(identifier));
    assert.notEqual(after.text, first.text);
    const afterAgain = await anon(MARK);
    assert.ok(!setsCookie(afterAgain));
    assert.equal(afterAgain.text, after.text);
    const vendorView = await request(server.baseUrl, 'GET', `/search?q=${MARK}&kind=advisory`,
      { cookie: vendor.session.cookie, headers: { 'accept-language': 'en' } });
    assert.equal(results(vendorView.text), 1);
  });
});

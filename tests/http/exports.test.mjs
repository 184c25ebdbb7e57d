// The machine-readable exports of published advisories (PROCESS.md §8),
// against the real binary with its demo data, each checked with the
// standard's own validator: the CSAF provider (provider metadata against its
// schema; every document through @secvisogram/csaf-validator-lib, schema and
// mandatory tests; .sha256/.sha512 recomputed; the .asc signature verified
// with RNP's command line against the published key), CVE JSON 5.1 records
// and OSV against their JSON schemas, and the RSS 1.0 / Atom feeds parsed.
// Also: the documents the unit tests build from hand-made advisories (every
// vendor status, XML-hostile text) through the same validators, and nothing
// of an unpublished case in any export.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';

import { binary, login, startServer } from '../lib/server.mjs';
import { parseXml, validateCsaf, validateCveRecord, validateOsv, validateProviderMetadata } from '../lib/validators.mjs';

const run = promisify(execFile);

const CNA = { orgId: '8254265b-2729-46b6-b9e3-3dfca2d5bfca', shortName: 'democna' };

async function get(baseUrl, urlPath, headers = {}) {
  const res = await fetch(baseUrl + urlPath, { headers, redirect: 'manual' });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) };
}

async function assertCsafValid(doc, where) {
  const result = await validateCsaf(doc);
  assert.deepEqual(result.errors, [], `${where}: the CSAF validator found errors`);
  return result;
}

describe('exports of the demo advisories', () => {
  let server;
  let base;
  let advisories;
  let work;
  before(async () => {
    server = await startServer({ demo: true, args: ['--cna-org-id', CNA.orgId, '--cna-short-name', CNA.shortName] });
    base = server.baseUrl;
    work = await mkdtemp(path.join(os.tmpdir(), 'cvdhub-exports-'));
    const list = await get(base, '/api/v1/advisories');
    assert.equal(list.status, 200, list.text);
    advisories = list.json().advisories;
    assert.ok(advisories.length >= 2, `the demo has ${advisories.length} published advisories, expected at least 2`);
  });
  after(async () => {
    await server?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  test('provider-metadata.json is valid and names what is served', async () => {
    const res = await get(base, '/.well-known/csaf/provider-metadata.json');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /^application\/json/);
    const meta = res.json();
    assert.equal(validateProviderMetadata(meta), '', 'provider metadata against its schema');
    assert.equal(meta.role, 'csaf_trusted_provider');
    assert.equal(meta.canonical_url, `${base}/.well-known/csaf/provider-metadata.json`);
    assert.equal(meta.publisher.category, 'coordinator');
    const dir = meta.distributions.find((d) => d.directory_url).directory_url;
    assert.equal(dir, `${base}/.well-known/csaf/white/`);
    const feedUrl = meta.distributions.find((d) => d.rolie).rolie.feeds[0].url;
    assert.equal((await get(base, new URL(feedUrl).pathname)).status, 200, 'the ROLIE feed it names');
    const [key] = meta.public_openpgp_keys;
    assert.match(key.fingerprint, /^[0-9A-F]{40}$/);
    const keyRes = await get(base, new URL(key.url).pathname);
    assert.equal(keyRes.status, 200);
    assert.equal(keyRes.headers.get('content-type'), 'application/pgp-keys');
    assert.match(keyRes.text, /^-----BEGIN PGP PUBLIC KEY BLOCK-----/);
    assert.equal((await get(base, '/.well-known/csaf/openpgp/0000000000000000000000000000000000000000.asc')).status, 404);
  });

  test('the directory: index.txt, changes.csv, every document valid, hashed and signed', async () => {
    const index = await get(base, '/.well-known/csaf/white/index.txt');
    assert.equal(index.status, 200);
    assert.match(index.headers.get('content-type'), /^text\/plain/);
    const paths = index.text.trim().split('\n');
    assert.equal(paths.length, advisories.length, index.text);
    for (const p of paths) assert.match(p, /^\d{4}\/[+\-a-z0-9_]+\.json$/, 'CSAF file name rules (§5.1)');
    const changes = await get(base, '/.well-known/csaf/white/changes.csv');
    assert.equal(changes.status, 200);
    const rows = changes.text.trim().split('\n').map((line) => {
      const m = line.match(/^"([^"]+)","(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)"$/);
      assert.ok(m, `changes.csv line ${line}`);
      return { path: m[1], at: m[2] };
    });
    assert.deepEqual(rows.map((r) => r.path).sort(), [...paths].sort());
    const times = rows.map((r) => r.at);
    assert.deepEqual(times, [...times].sort().reverse(), 'changes.csv is newest first');

    // The public key into a throwaway RNP keyring, for the signatures.
    const meta = (await get(base, '/.well-known/csaf/provider-metadata.json')).json();
    const keyText = (await get(base, new URL(meta.public_openpgp_keys[0].url).pathname)).text;
    const home = path.join(work, 'rnp');
    await mkdir(home, { mode: 0o700 });
    await writeFile(path.join(work, 'provider.asc'), keyText);
    await run('rnpkeys', ['--homedir', home, '--import', path.join(work, 'provider.asc')]);

    const ids = new Set();
    for (const p of paths) {
      const docRes = await get(base, `/.well-known/csaf/white/${p}`);
      assert.equal(docRes.status, 200, p);
      assert.match(docRes.headers.get('content-type'), /^application\/json/);
      const doc = docRes.json();
      await assertCsafValid(doc, p);
      assert.equal(doc.document.category, 'csaf_security_advisory');
      assert.equal(doc.document.lang, 'en');
      const self = doc.document.references.find((r) => r.category === 'self');
      assert.equal(self.url, `${base}/.well-known/csaf/white/${p}`, 'the canonical URL is where it is served');
      assert.equal(p.slice(0, 4), doc.document.tracking.initial_release_date.slice(0, 4), 'folder of its year');
      ids.add(doc.document.tracking.id);

      const name = p.split('/')[1];
      for (const algo of ['sha256', 'sha512']) {
        const h = await get(base, `/.well-known/csaf/white/${p}.${algo}`);
        assert.equal(h.status, 200);
        assert.match(h.headers.get('content-type'), /^text\/plain/);
        const digest = createHash(algo).update(docRes.text).digest('hex');
        assert.equal(h.text, `${digest}  ${name}\n`, `${p}.${algo}`);
      }
      const sig = await get(base, `/.well-known/csaf/white/${p}.asc`);
      assert.equal(sig.status, 200);
      assert.equal(sig.headers.get('content-type'), 'application/pgp-signature');
      // Signed once per document version: the same signature again.
      assert.equal((await get(base, `/.well-known/csaf/white/${p}.asc`)).text, sig.text);
      const file = path.join(work, name);
      await writeFile(file, docRes.text);
      await writeFile(`${file}.asc`, sig.text);
      const ok = await run('rnp', ['--homedir', home, '--verify', `${file}.asc`, '--source', file]);
      assert.match(ok.stderr + ok.stdout, /Good signature/i, `${p}.asc verifies`);
      // A changed document does not verify.
      await writeFile(file, docRes.text.replace('"final"', '"draft"'));
      await assert.rejects(run('rnp', ['--homedir', home, '--verify', `${file}.asc`, '--source', file]),
        `${p}.asc must not verify a changed document`);
    }
    assert.deepEqual([...ids].sort(), advisories.map((a) => a.identifier).sort());

    // The ROLIE feed lists the same documents with their hash and signature links.
    const feed = (await get(base, '/.well-known/csaf/feed-tlp-white.json')).json().feed;
    assert.deepEqual(feed.entry.map((e) => e.content.src).sort(), paths.map((p) => `${base}/.well-known/csaf/white/${p}`).sort());
    for (const e of feed.entry) {
      assert.deepEqual(e.link.map((l) => l.rel), ['self', 'hash', 'hash', 'signature']);
      assert.equal(e.format.version, '2.0');
    }
    // Directory listings (CSAF requirement 14).
    const top = await get(base, '/.well-known/csaf/white/');
    assert.equal(top.status, 200);
    assert.match(top.headers.get('content-type'), /^text\/html/);
    assert.ok(top.text.includes(`href="${paths[0].slice(0, 5)}"`), top.text);
    const year = await get(base, `/.well-known/csaf/white/${paths[0].slice(0, 5)}`);
    assert.equal(year.status, 200);
    assert.ok(year.text.includes(`${paths[0].split('/')[1]}.asc`), year.text);
    assert.equal((await get(base, '/.well-known/csaf/white/1999/')).status, 404);
    assert.equal((await get(base, '/.well-known/csaf/white/2026/no_such_advisory.json')).status, 404);
    assert.equal((await get(base, '/.well-known/csaf/white/2026/../index.txt.json')).status, 404);
  });

  test('per advisory: CSAF in English and Japanese, VEX, CVE records and OSV', async () => {
    let osvCount = 0;
    for (const a of advisories) {
      const id = encodeURIComponent(a.identifier);
      for (const [query, lang] of [['', 'en'], ['?lang=ja', 'ja'], ['?lang=en', 'en']]) {
        const res = await get(base, `/api/v1/advisories/${id}/csaf.json${query}`);
        assert.equal(res.status, 200, res.text);
        const doc = res.json();
        assert.equal(doc.document.lang, lang);
        await assertCsafValid(doc, `${a.identifier} csaf ${lang}`);
      }
      const vex = await get(base, `/api/v1/advisories/${id}/vex.json`);
      assert.equal(vex.status, 200);
      assert.equal(vex.json().document.category, 'csaf_vex');
      await assertCsafValid(vex.json(), `${a.identifier} vex`);
      assert.equal((await get(base, `/api/v1/advisories/${id}/csaf.json?lang=fr`)).status, 400);

      const cves = a.vulnerabilities.map((v) => v.cve_id).filter(Boolean);
      assert.ok(cves.length > 0, `${a.identifier} has CVE IDs`);
      for (const cve of cves) {
        const res = await get(base, `/api/v1/advisories/${id}/cve/${cve}.json`);
        assert.equal(res.status, 200, res.text);
        const record = res.json();
        assert.equal(validateCveRecord(record), '', `${cve} against the CVE JSON 5.1.1 schemas`);
        assert.equal(record.cveMetadata.cveId, cve);
        assert.equal(record.containers.cna.providerMetadata.orgId, CNA.orgId);
        assert.equal(record.containers.cna.providerMetadata.shortName, CNA.shortName);
        assert.equal(record.containers.cna.datePublic, a.published);
      }
      assert.equal((await get(base, `/api/v1/advisories/${id}/cve/CVE-1999-0001.json`)).status, 404);
      assert.equal((await get(base, `/api/v1/advisories/${id}/cve/not-a-cve`)).status, 404);

      const osv = await get(base, `/api/v1/advisories/${id}/osv.json`);
      const ecosystemPurl = a.products.some((p) => /^pkg:(npm|pypi|maven|gem|cargo|golang|nuget|composer)\//.test(p.purl));
      if (ecosystemPurl) {
        assert.equal(osv.status, 200, osv.text);
        assert.equal(validateOsv(osv.json()), '', `${a.identifier} OSV against the OSV schema`);
        assert.deepEqual(osv.json().aliases, [...cves].sort());
        osvCount += 1;
      } else {
        assert.equal(osv.status, 404);
        assert.match(osv.json().error.message, /package URL/);
      }
    }
    assert.ok(osvCount >= 1, 'at least one demo advisory is about an open-source package');
  });

  test('feeds: RSS 1.0 with the JVN sec: module and Atom, newest first', async () => {
    const rss = await get(base, '/feeds/advisories.rdf');
    assert.equal(rss.status, 200);
    assert.match(rss.headers.get('content-type'), /^application\/rss\+xml/);
    const rdf = parseXml(rss.text)['rdf:RDF'];
    assert.equal(rdf['@xmlns:sec'], 'http://jvn.jp/rss/mod_sec/3.0/');
    assert.equal(rdf['@xml:lang'], 'ja');
    assert.equal(rdf.item.length, advisories.length);
    assert.deepEqual(rdf.item.map((i) => i['sec:identifier']).sort(), advisories.map((a) => a.identifier).sort());
    const modified = rdf.item.map((i) => i['dcterms:modified']);
    assert.deepEqual(modified, [...modified].sort().reverse(), 'newest first');
    for (const item of rdf.item) {
      assert.match(item['dc:date'], /^\d{4}-\d\d-\d\dT\d\d:\d\d\+09:00$/);
      assert.match(item['dcterms:issued'], /^\d{4}-\d\d-\d\dT\d\d:\d\d\+09:00$/);
      assert.ok(item['sec:references'].some((r) => r['@source'] === 'CVE'), 'CVE references');
      for (const c of item['sec:cvss'] ?? []) {
        assert.match(c['@version'], /^(3\.[01]|4\.0)$/);
        assert.match(c['@score'], /^\d+\.\d$/);
        assert.match(c['@severity'], /^(None|Low|Medium|High|Critical)$/);
        assert.match(c['@vector'], /^CVSS:/);
      }
    }
    const en = parseXml((await get(base, '/feeds/advisories.rdf?lang=en')).text)['rdf:RDF'];
    assert.equal(en['@xml:lang'], 'en');
    const atomRes = await get(base, '/feeds/advisories.atom?lang=en');
    assert.equal(atomRes.status, 200);
    assert.match(atomRes.headers.get('content-type'), /^application\/atom\+xml/);
    const feed = parseXml(atomRes.text).feed;
    assert.equal(feed['@xmlns'], 'http://www.w3.org/2005/Atom');
    assert.equal(feed.entry.length, advisories.length);
    const newest = advisories.map((a) => a.modified).sort().reverse()[0];
    assert.equal(feed.updated, newest);
    for (const e of feed.entry) {
      const a = advisories.find((x) => x.id === e.id || `${base}/advisories/${encodeURIComponent(x.identifier)}` === e.id);
      assert.ok(a, `entry ${e.id} is a published advisory`);
      assert.equal(e.updated, a.modified);
      assert.equal(e.published, a.published);
    }
    assert.equal((await get(base, '/feeds/advisories.atom?lang=de')).status, 400);
  });

  test('conditional requests: ETag and Last-Modified', async () => {
    for (const p of ['/feeds/advisories.rdf', '/.well-known/csaf/provider-metadata.json',
      `/api/v1/advisories/${encodeURIComponent(advisories[0].identifier)}/csaf.json`]) {
      const first = await get(base, p);
      const etag = first.headers.get('etag');
      assert.match(etag, /^"[0-9a-f]{32}"$/, p);
      assert.ok(first.headers.get('last-modified'), p);
      assert.match(first.headers.get('cache-control'), /public/);
      const again = await get(base, p, { 'if-none-match': etag });
      assert.equal(again.status, 304, p);
      assert.equal(again.text, '');
    }
  });

  test('nothing of an unpublished case appears in any export', async () => {
    const token = await login(base, 'coordinator@demo.cvdhub.test', 'demo-coordinator');
    const res = await fetch(`${base}/api/v1/cases`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(res.status, 200);
    const body = await res.json();
    const published = new Set(advisories.map((a) => a.identifier));
    const hidden = (body.cases ?? body).map((c) => c.identifier).filter((i) => i && !published.has(i));
    assert.ok(hidden.length > 0, 'the demo has a case still in coordination');
    const bodies = [];
    for (const p of ['/feeds/advisories.rdf', '/feeds/advisories.atom?lang=en', '/.well-known/csaf/white/index.txt',
      '/.well-known/csaf/white/changes.csv', '/.well-known/csaf/feed-tlp-white.json',
      '/.well-known/csaf/provider-metadata.json', '/.well-known/csaf/white/']) {
      bodies.push((await get(base, p)).text);
    }
    for (const id of hidden) {
      const enc = encodeURIComponent(id);
      for (const b of bodies) {
        assert.ok(!b.includes(id) && !b.includes(enc), `${id} appears in an export`);
      }
      for (const p of [`/api/v1/advisories/${enc}/csaf.json`, `/api/v1/advisories/${enc}/vex.json`,
        `/api/v1/advisories/${enc}/osv.json`, `/api/v1/advisories/${enc}/cve/CVE-2026-50099.json`]) {
        const r = await get(base, p);
        assert.equal(r.status, 404, `${p}: ${r.text}`);
      }
    }
  });
});

describe('documents of the hand-built advisories (unit-test fixtures)', () => {
  let dir;
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'cvdhub-export-samples-'));
    const unit = path.join(path.dirname(binary), 'cvdhub_unit_tests');
    assert.ok(existsSync(unit), `the unit-test binary beside ${binary}`);
    await run(unit, ['--gtest_filter=ExportSamples.*'], { env: { ...process.env, CVDHUB_EXPORT_SAMPLES: dir } });
  });
  after(async () => { if (dir) await rm(dir, { recursive: true, force: true }); });

  const readJson = async (...p) => JSON.parse(await readFile(path.join(dir, ...p), 'utf8'));

  test('every CSAF document (security advisory, VEX; en, ja) passes the CSAF validator', async () => {
    const files = await readdir(path.join(dir, 'csaf'));
    assert.equal(files.length, 6, files.join(', '));
    for (const f of files) await assertCsafValid(await readJson('csaf', f), f);
  });

  test('CVE records and OSV against their schemas, provider metadata, feeds parse', async () => {
    const cves = await readdir(path.join(dir, 'cve'));
    assert.ok(cves.length >= 3, cves.join(', '));
    for (const f of cves) assert.equal(validateCveRecord(await readJson('cve', f)), '', f);
    for (const f of await readdir(path.join(dir, 'osv'))) assert.equal(validateOsv(await readJson('osv', f)), '', f);
    assert.equal(validateProviderMetadata(await readJson('provider-metadata.json')), '');
    const rdf = parseXml(await readFile(path.join(dir, 'advisories.rdf'), 'utf8'))['rdf:RDF'];
    assert.equal(rdf.item.length, 2);
    // The title with <script> & "quotes" comes back as written.
    assert.ok(rdf.item.some((i) => i.title === 'OpenWidget における <script> & "引用" の \'エスケープ\' 不備'),
      JSON.stringify(rdf.item.map((i) => i.title)));
    const atom = parseXml(await readFile(path.join(dir, 'advisories.atom'), 'utf8')).feed;
    assert.ok(atom.entry.some((e) => e.title === 'OpenWidget <script> & "quote" \'escaping\' flaws'));
  });

  test('the validators reject broken documents', async () => {
    const doc = await readJson('csaf', 'jvnvu-98765432.en.json');
    doc.vulnerabilities[0].cwe.name = 'Not the name of CWE-79';
    doc.document.tracking.version = '7';
    const result = await validateCsaf(doc);
    assert.ok(result.errors.some((e) => e.startsWith('mandatoryTest_6_1_11')), result.errors.join('\n'));
    assert.ok(result.errors.some((e) => e.startsWith('mandatoryTest_6_1_16')), result.errors.join('\n'));
    const record = await readJson('cve', 'CVE-2026-40001.json');
    delete record.containers.cna.affected;
    assert.notEqual(validateCveRecord(record), '');
    const osv = await readJson('osv', 'jvnvu-98765432.json');
    osv.affected[0].package.ecosystem = 'NoSuchEcosystem';
    assert.notEqual(validateOsv(osv), '');
    assert.throws(() => parseXml('<a><b></a>'), /not well-formed/);
  });
});

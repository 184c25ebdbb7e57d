// Embargoed data never reaches a party that may not see it: every confidential
// field of the world (tests/lib/world.mjs) carries a unique marker
// (MARK-<field>-<run>), then every GET route of `cvdhub routes` is fetched by
// every party — with the world's ids, with ids that do not exist or are not
// ids, and with methods the route does not have — and every state-changing
// route is sent its sample body and a malformed one. No answer (body or
// headers, errors included) may carry a marker the party is not entitled to
// (PROCESS.md §1); nor may the server's log carry any marker at all.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { request, startServer } from '../lib/server.mjs';
import { BODIES, QUERIES, ROLES, buildWorld, call, fill, isApi, listRoutes, pool, resolvePath, tag }
  from '../lib/world.mjs';

const run = tag();
const markers = new Map();   // field key → marker text
const text = (key) => {
  const m = `MARK-${key.replace(/[^A-Za-z0-9]/g, '')}-${run}`;
  markers.set(key, m);
  return m;
};
// The publication date of case Y: a distinctive minute (07:13 JST = 22:13 UTC the day before).
const PUBLICATION_AT = '2029-11-17T07:13:00+09:00';
const PUBLICATION_PATTERNS = [/2029[-/年.]?11[-/月.]?1[67]/, new RegExp(String(Date.parse(PUBLICATION_AT) / 1000))];

// --- Who may see what (PROCESS.md §1) ----------------------------------------------------

const COORDINATORS = { X: ['coordAssigned', 'lead'], Y: ['coordAssigned', 'lead'], Z: ['coordOther', 'lead'],
  open: ['intake', 'lead'] };           // the open report is still intake's
const OWNER = { X: 'finder', Y: 'finder', Z: 'otherFinder', open: 'finder' };
const REPORT_FIELDS = ['title', 'product', 'version', 'reproduction', 'impact', 'findername', 'findercontact',
  'attname', 'attbytes', 'findermsg'];
// Per case: vendors notified (overview or details), vendors with the details, admitted partners.
const PARTIES = {
  X: { notified: ['vendorB'], details: [], partners: [] },                     // vendor A not yet notified
  Y: { notified: ['vendorA', 'vendorB'], details: ['vendorA'], partners: ['partnerHere'] },
  Z: { notified: [], details: [], partners: ['partnerOther'] },                // (vendor D is no party here)
};

const ENTITLED = {};
for (const k of ['X', 'Y', 'Z', 'open']) {
  // The report: its finder and the coordinators of its case (the lead sees everything).
  for (const f of REPORT_FIELDS) ENTITLED[`${k}.${f}`] = [OWNER[k], ...COORDINATORS[k]];
}
for (const k of ['X', 'Y', 'Z']) {
  const { notified, details, partners } = PARTIES[k];
  const c = COORDINATORS[k];
  // The case title is the report's: shown with the details (a vendor with the overview only gets none).
  ENTITLED[`${k}.title`].push(...details, ...partners);
  ENTITLED[`${k}.overview`] = [...c, ...notified, ...partners];
  ENTITLED[`${k}.details`] = [...c, ...details, ...partners];
  ENTITLED[`${k}.threadCase`] = [...c, ...details, ...partners];
  for (const f of ['productids', 'keywords', 'cinote']) ENTITLED[`${k}.${f}`] = c;
  ENTITLED[`${k}.identifier`] = [OWNER[k], 'intake', ...c, ...notified, ...partners];
}
for (const k of ['X', 'Y']) {
  ENTITLED[`${k}.threadB`] = [...COORDINATORS[k], 'vendorB'];
  ENTITLED[`${k}.threadB2`] = [...COORDINATORS[k], 'vendorB'];
  ENTITLED[`${k}.threadA`] = [...COORDINATORS[k], ...PARTIES[k].details];   // written before A was notified
}
// Vendor A's own filings in case Y: the coordinators and vendor A, nobody else before publication.
for (const f of ['workaround', 'fixplan', 'schedule', 'pubplan', 'statement', 'advisoryurl', 'proposalname',
  'proposalreason', 'prenote', 'threadA2', 'datecomment']) {
  ENTITLED[`Y.${f}`] = [...COORDINATORS.Y, 'vendorA'];
}
ENTITLED['Y.partnerorg'] = [...COORDINATORS.Y, 'vendorA', 'partnerHere'];
ENTITLED['Y.threadCase2'] = [...COORDINATORS.Y, 'vendorA', 'partnerHere'];
ENTITLED['Y.threadPartner'] = [...COORDINATORS.Y, 'partnerHere'];
ENTITLED['Y.publication'] = [...COORDINATORS.Y, 'vendorA', 'partnerHere'];   // in the case-wide thread too
// Vendor A's mail reply about case Y: its own words (they land in its thread), the case's coordinators.
for (const f of ['mailreply', 'mailattname', 'mailattbytes']) ENTITLED[`Y.${f}`] = [...COORDINATORS.Y, 'vendorA'];
ENTITLED['Z.partnerorg'] = [...COORDINATORS.Z, 'partnerOther'];
// The website report W (PROCESS §6): the finder, and intake (which keeps website
// cases) with the lead; the admitted operator is told the title, the site and
// how to reproduce — never who found it, the finder's thread or its files.
for (const f of ['title', 'product', 'reproduction', 'impact']) {
  ENTITLED[`W.${f}`] = ['finder', 'intake', 'lead', 'websiteOperator'];
}
for (const f of ['findername', 'findercontact', 'findermsg', 'attname', 'attbytes']) {
  ENTITLED[`W.${f}`] = ['finder', 'intake', 'lead'];
}
ENTITLED['W.identifier'] = ['finder', 'intake', 'lead', 'websiteOperator'];
// Case U (unreachable developers, tests/lib/world.mjs): its coordinators, and the committee from the
// dossier of vendor E on (sent to it); vendor F's dossier was never sent. Nothing of it is public.
ENTITLED['U.overview'] = ['coordAssigned', 'lead', 'committee'];
ENTITLED['U.details'] = ['coordAssigned', 'lead', 'committee'];
ENTITLED['U.attemptE'] = ['coordAssigned', 'lead', 'committee'];
ENTITLED['U.attemptF'] = ['coordAssigned', 'lead'];
ENTITLED['U.identifier'] = ['finder', 'intake', 'coordAssigned', 'lead', 'committee'];
// A quarantined mail for nobody in particular: the intake mailbox.
for (const f of ['subject', 'body', 'attachment']) ENTITLED[`mail.${f}`] = ['intake', 'lead'];

// Leaks the server has today, each reported as a bug; their checks run as `todo`.
// Key: "<role> <marker key>".
// Fixed: vendor-list-leaks-publication-date (ListCases gives the date only to
// vendors in the vendor table) and intake-reads-case-mail (MailService
// authorises each inbound message by what it is about).
const KNOWN_LEAKS = {};

// --- Probing ---------------------------------------------------------------------------

/** Which markers `res` carries (body and headers, case-insensitive): [key]. */
function markersIn(res) {
  const hay = `${[...res.headers].map(([k, v]) => `${k}: ${v}`).join('\n')}\n${res.text}`.toLowerCase();
  const found = [];
  for (const [key, m] of markers) if (hay.includes(m.toLowerCase())) found.push(key);
  if (PUBLICATION_PATTERNS.some((re) => re.test(hay))) found.push('Y.publication');
  return found;
}

/**
 * The paths to GET for `route`: with every id of the world that fits, with ids
 * that do not exist and with things that are not ids.
 */
function probePaths(route, w) {
  const p = route.pattern;
  const { X, Y, Z } = w.cases;
  const { A, B, C, D } = w.vendors;
  const caseIds = [X.id, Y.id, Z.id, 999999, 'x'];
  const sub = (params) => p.replace(/:(\w+)/g, (_, name) => {
    if (!(name in params)) throw new Error(`${route.key}: no probe value for :${name}`);
    return encodeURIComponent(String(params[name]));
  });
  if (/^\/(api\/v1\/)?reports\/:id/.test(p)) {
    const reports = [X.report, Y.report, Z.report, w.openReport, w.website.report];
    if (!p.includes(':aid')) return [...reports.map((r) => r.id), 999999, 'x', 0].map((id) => sub({ id }));
    return [...reports.map((r) => sub({ id: r.id, aid: r.attachmentId })),
      sub({ id: Y.report.id, aid: Z.report.attachmentId }),    // another report's attachment
      sub({ id: 999999, aid: 999999 }), sub({ id: 'x', aid: 'x' })];
  }
  const threads = [['case', 0], ['vendor', A.id], ['vendor', B.id], ['vendor', C.id], ['vendor', D.id],
    ['partner', Y.partnerId], ['partner', Z.partnerId], ['vendor', 999999], ['bogus', 1]];
  if (p === '/api/v1/cases/:id/threads/:thread/:party') {
    return caseIds.flatMap((id) => threads.map(([thread, party]) => sub({ id, thread, party })));
  }
  if (p === '/cases/:id/threads/case') return caseIds.map((id) => sub({ id }));
  if (p === '/cases/:id/threads/vendor/:pid') {
    return caseIds.flatMap((id) => [A.id, B.id, C.id, D.id, 999999, 'x'].map((pid) => sub({ id, pid })));
  }
  if (p === '/cases/:id/threads/partner/:pid') {
    return caseIds.flatMap((id) => [Y.partnerId, Z.partnerId, 999999].map((pid) => sub({ id, pid })));
  }
  // Case U's developers' contact records: only its coordinators (and the X/Y/Z ids below).
  if (w.unreachable && /^\/(api\/v1\/)?cases\/:id\/vendors\/:vid\/contacts$/.test(p)) {
    const { caseId, submitted, listed } = w.unreachable;
    return [[caseId, submitted.vendorId], [caseId, listed.vendorId], [X.id, B.id], [Y.id, A.id], [999999, 1]]
      .map(([id, vid]) => sub({ id, vid }));
  }
  if (/^\/(api\/v1\/)?cases\/:id/.test(p)) {
    return caseIds.flatMap((id) => (p.includes(':vid') ? [A.id, B.id, 999999] : [0]).map((vid) => sub({ id, vid })));
  }
  // Advisories: every case's identifier (none is published in this world), unknown ones and garbage.
  if (/^\/(api\/v1\/)?advisories\/:id/.test(p)) {
    return [X.identifier, Y.identifier, Z.identifier, 'JVN#00000000', 'x']
      .flatMap((id) => [A.id, 999999].map((vid) => sub({ id, vid, cve: 'CVE-2026-0001.json' })));
  }
  // The CSAF directory: where each case's document, hashes and signature would be (CSAF file names).
  if (p.startsWith('/.well-known/csaf/white/:year')) {
    const files = [X, Y, Z].map((c) => `${c.identifier.toLowerCase().replace(/[^+\-a-z0-9]+/g, '_')}.json`);
    return files.flatMap((f) => [f, `${f}.asc`, `${f}.sha256`, `${f}.sha512`].map((file) => sub({ year: 2026, file })));
  }
  if (/^\/(api\/v1\/)?vendors\/invite\/:token$/.test(p)) return [sub({ token: 'no-such-invitation' })];
  if (/^\/(api\/v1\/)?website\/invite\/:token$/.test(p)) return [sub({ token: 'no-such-invitation' })];
  if (/^\/(api\/v1\/)?website\/cases\/:id/.test(p)) {
    return [w.website.id, X.id, 999999, 'x'].map((id) => sub({ id }));
  }
  if (/^\/(api\/v1\/)?vendors\/:(vid|id)$/.test(p)) {
    return [A.id, B.id, C.id, D.id, 999999, 'x'].map((id) => sub({ id, vid: id }));
  }
  if (/^\/(api\/v1\/)?mail\/inbound\/:id/.test(p)) {
    return [w.inbound.id, w.inbound.caseReplyId, 999999, 'x'].map((id) => sub({ id }));
  }
  if (/^\/(api\/v1\/)?mail\/attachments\/:id$/.test(p)) return [w.inbound.attachmentId, 999999, 'x'].map((id) => sub({ id }));
  if (p === '/api/v1/calendar/holidays/:year') return [sub({ year: 2026 }), sub({ year: 'x' })];
  if (p === '/api/v1/mail/inbound' || p === '/api/v1/mail/outbox') {
    return [p, `${p}?reference=case:${Y.id}`, `${p}?reference=case:${Y.id}:vendor:${A.id}`,
      `${p}?reference=report:${Y.report.id}`];
  }
  if (p === '/cases/:id') return caseIds.map((id) => sub({ id }));
  // The committee's dossiers of case U, and ids that name nothing.
  if (/^\/(api\/v1\/)?committee\/:eid/.test(p)) {
    const ids = w.unreachable ? [w.unreachable.submitted.entryId, w.unreachable.listed.entryId] : [];
    return [...ids, 999999, 'x'].map((eid) => sub({ eid }));
  }
  // Public documents named by year or file (the CSAF directory, records): values that name nothing.
  return [sub({ year: 2026, file: 'x.json', slug: 'x', id: 'x', cve: 'CVE-2026-0001' }) + (QUERIES[route.key] ?? '')];
}

/** A path for `route` with every parameter naming nothing that exists. */
function nowherePath(route) {
  return route.pattern.replace(/:(\w+)/g, (_, name) => (name === 'thread' ? 'vendor' : name === 'token'
    ? 'no-such-invitation' : '999999'));
}

// Public routes that change state: probed with malformed bodies only (their
// answers concern the caller alone, and a real log-in costs a password hash).
const PUBLIC_WRITES = new Set(['POST /api/v1/users', 'POST /api/v1/tokens', 'POST /api/v1/partners/join',
  'POST /api/v1/vendors/invite/:token', 'POST /login', 'POST /logout', 'POST /register', 'POST /partners/join',
  'POST /vendors/invite/:token']);
// API routes that act without reading a body: a malformed one would not stop them.
const BODYLESS = new Set(['POST /api/v1/mail/inbound/:id/dismiss', 'POST /api/v1/mail/inbound/:id/report',
  'DELETE /api/v1/vendors/:vid/contacts/:cid', 'DELETE /api/v1/vendors/:vid/products/:pid',
  'POST /api/v1/reports/:id/attachments']);
// Who sends state changes: everyone but the parties entitled to all of case Y
// (their sample requests would change what this test looks for).
const WRITERS = ROLES.filter((r) => !['vendorA', 'coordAssigned', 'lead'].includes(r));

const routes = await listRoutes();

describe('no embargoed data reaches a party that may not see it', () => {
  let server;
  let w;
  const leaks = new Map();    // "role key" → first evidence
  const seen = new Map();     // marker key → how many answers to entitled parties carried it
  let probes = 0;

  function record(role, what, res) {
    probes += 1;
    for (const key of markersIn(res)) {
      const entitled = ENTITLED[key] ?? [];
      if (entitled.includes(role)) {
        seen.set(key, (seen.get(key) ?? 0) + 1);
      } else if (!leaks.has(`${role} ${key}`)) {
        leaks.set(`${role} ${key}`, `${what} → ${res.status}`);
      }
    }
  }

  before(async () => {
    server = await startServer({ clock: Date.now() });   // a test clock: case U goes through months
    w = await buildWorld(server, { text, publicationAt: PUBLICATION_AT });
    for (const k of ['X', 'Y', 'Z']) markers.set(`${k}.identifier`, w.cases[k].identifier);
    markers.set('W.identifier', w.website.identifier);
    markers.set('U.identifier', w.unreachable.identifier);
    // Each party's session CSRF token is its own (pages are cached per audience, with the token filled in per viewer).
    for (const role of ROLES) {
      markers.set(`csrf.${role}`, w.users[role].web.csrfToken);
      ENTITLED[`csrf.${role}`] = [role];
    }
  });
  after(async () => {
    await server?.stop();
  });

  test('every marker has an entitlement', () => {
    assert.deepEqual([...markers.keys()].filter((k) => !ENTITLED[k]), [],
      'fields of the world without an entry in ENTITLED');
  });

  test('entitled parties do see their data (the markers are where they should be)', async () => {
    const { X, Y } = w.cases;
    const u = w.users;
    const has = async (user, path, keys, opts = {}) => {
      const res = opts.web
        ? await request(w.baseUrl, 'GET', path, { cookie: user.web.cookie })
        : await request(w.baseUrl, 'GET', path, { token: user.token });
      assert.equal(res.status, 200, `${user.role} GET ${path}: ${res.text.slice(0, 200)}`);
      const found = markersIn(res);
      for (const k of keys) assert.ok(found.includes(k), `${user.role} GET ${path} lacks ${k}`);
    };
    await has(u.lead, `/cases/${Y.id}`, ['Y.overview', 'Y.details', 'Y.productids', 'Y.keywords', 'Y.statement',
      'Y.partnerorg', 'Y.fixplan', 'Y.cinote', 'Y.prenote', 'Y.publication', 'Y.threadCase'], { web: true });
    await has(u.coordAssigned, `/api/v1/cases/${Y.id}`, ['Y.details', 'Y.advisoryurl', 'Y.datecomment']);
    await has(u.vendorA, `/api/v1/cases/${Y.id}`, ['Y.overview', 'Y.details', 'Y.title', 'Y.statement',
      'Y.workaround', 'Y.partnerorg', 'Y.publication']);
    await has(u.vendorA, `/cases/${Y.id}`, ['Y.details', 'Y.statement'], { web: true });
    // Vendor B got the overview only: it sees the overview, and (checked below) never the details.
    await has(u.vendorB, `/api/v1/cases/${Y.id}`, ['Y.overview']);
    await has(u.vendorB, `/cases/${X.id}`, ['X.overview'], { web: true });
    await has(u.vendorB, `/api/v1/cases/${Y.id}/threads/vendor/${w.vendors.B.id}`, ['Y.threadB', 'Y.threadB2']);
    await has(u.partnerHere, `/api/v1/cases/${Y.id}`, ['Y.details', 'Y.partnerorg']);
    await has(u.partnerHere, `/api/v1/cases/${Y.id}/threads/partner/${Y.partnerId}`, ['Y.threadPartner']);
    await has(u.finder, `/api/v1/reports/${Y.report.id}`, ['Y.reproduction', 'Y.findercontact', 'Y.findermsg',
      'Y.attname']);
    await has(u.finder, `/api/v1/reports/${Y.report.id}/attachments/${Y.report.attachmentId}`, ['Y.attbytes']);
    await has(u.intake, `/api/v1/reports/${w.openReport.id}`, ['open.title', 'open.impact']);
    await has(u.websiteOperator, `/api/v1/website/cases/${w.website.id}`, ['W.title', 'W.reproduction',
      'W.impact', 'W.identifier']);
    await has(u.intake, `/website/cases/${w.website.id}`, ['W.title', 'W.reproduction'], { web: true });
    await has(u.finder, `/reports/${w.website.report.id}`, ['W.findername', 'W.identifier'], { web: true });
    await has(u.lead, `/api/v1/mail/inbound/${w.inbound.caseReplyId}`, ['Y.mailreply', 'Y.mailattname']);
  });

  test('GET: every route × party × id (the world\'s, nonexistent, malformed) and wrong methods', async () => {
    const keys = new Set(routes.map((r) => r.key));
    const jobs = [];
    for (const route of routes.filter((r) => r.method === 'GET')) {
      const paths = probePaths(route, w);
      for (const path of paths) jobs.push({ method: 'GET', path, route });
      // Methods the route does not have (405/404 answers must not carry data either).
      for (const m of ['PATCH', 'DELETE']) {
        if (!keys.has(`${m} ${route.pattern}`)) jobs.push({ method: m, path: paths[0], route });
      }
    }
    await pool(jobs, 8, async ({ method, path, route }) => {
      await Promise.all(ROLES.map(async (role) => {
        const user = w.users[role];
        const res = isApi(route)
          ? await request(w.baseUrl, method, path, { token: user.token })
          : await request(w.baseUrl, method, path, { cookie: user.web.cookie });
        record(role, `${method} ${path}`, res);
      }));
    });
    assert.ok(probes > 3000, `only ${probes} probes`);
  });

  test('state changes: sample and malformed bodies, the world\'s ids and nonexistent ones', async () => {
    for (const route of routes.filter((r) => r.method !== 'GET')) {
      const variants = fill(route, 'after', w).filter((v) => !v.skip);
      const sends = [];
      for (const { params } of variants) {
        if (!PUBLIC_WRITES.has(route.key)) sends.push({ params, body: undefined });   // the sample body
        if (!BODYLESS.has(route.key)) sends.push({ params, body: 'malformed' });
      }
      if (!PUBLIC_WRITES.has(route.key)) sends.push({ nowhere: true, body: undefined });
      for (const role of WRITERS) {
        const user = w.users[role];
        for (const s of sends) {
          const path = s.nowhere ? nowherePath(route) : await resolvePath(route, s.params, user);
          let res;
          if (s.body === 'malformed') {
            res = isApi(route)
              ? await request(w.baseUrl, route.method, path, { token: user.token, body: '{"incomplete',
                headers: { 'content-type': 'application/json' } })
              : await request(w.baseUrl, route.method, path, { cookie: user.web.cookie, body: '\u0000 not a form',
                headers: { 'content-type': 'text/plain' } });
          } else if (route.key === 'POST /logout') {
            continue;   // would end the session the other probes use
          } else {
            res = await call(w, route, 'after', path, user, user.web);
          }
          record(role, `${route.method} ${path}${s.body === 'malformed' ? ' (malformed body)' : ''}`, res);
        }
      }
    }
  });

  for (const role of ROLES) {
    test(`${role}: no marker it is not entitled to`, async (t) => {
      const mine = [...leaks].filter(([k]) => k.startsWith(`${role} `));
      const unexpected = [];
      for (const [k, evidence] of mine) {
        const line = `${k.slice(role.length + 1)} (${markers.get(k.slice(role.length + 1)) ?? 'publication date'}) `
          + `reached ${role}: ${evidence}`;
        if (KNOWN_LEAKS[k]) {
          await t.test(k, { todo: KNOWN_LEAKS[k] }, () => assert.fail(line));
        } else {
          unexpected.push(line);
        }
      }
      for (const k of Object.keys(KNOWN_LEAKS).filter((x) => x.startsWith(`${role} `) && !leaks.has(x))) {
        await t.test(k, { todo: KNOWN_LEAKS[k] }, () => {});   // fixed: the leak no longer shows
      }
      assert.deepEqual(unexpected, [], `${unexpected.length} leak(s):\n${unexpected.join('\n')}`);
    });
  }

  test('every marker reached some entitled party (so its absence elsewhere means something)', (t) => {
    const never = [...markers.keys(), 'Y.publication'].filter((k) => !seen.get(k));
    t.diagnostic(`${probes} answers checked for ${markers.size + 1} markers`);
    assert.deepEqual(never, [], 'markers no entitled party ever saw');
  });

  // Case identifiers are left out: naming a case in an operator's log is not disclosing it.
  test('the server log carries no marker', (t) => {
    const log = server.output().toLowerCase();
    t.diagnostic(`the server wrote ${server.output().split('\n').length - 1} log lines`);
    const found = [...markers].filter(([k, m]) => !k.endsWith('.identifier') && !k.startsWith('csrf.')
      && log.includes(m.toLowerCase()))
      .map(([k]) => k);
    if (PUBLICATION_PATTERNS.some((re) => re.test(log))) found.push('Y.publication');
    assert.deepEqual(found, [], `log lines carry embargoed data:\n${server.output().slice(-3000)}`);
  });
});

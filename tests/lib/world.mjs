// A populated cvdhub for the confidentiality tests: one account per party of
// PROCESS.md §1, four registered vendors, three coordination cases and an open
// report, all built through the real API (accounts with `cvdhub user add`, as
// staff accounts are made). Text fields can carry unique markers, so a test can
// tell exactly which party's data reached a response.
//
//   case X  ("before"): details released to no one. Vendor A is in the case
//                       (obvious developer) but not yet notified; vendor B got
//                       the overview only.
//   case Y  ("after"):  the same set-up, then details released to vendor A, which
//                       filed its investigation, statement, a vendor proposal, a
//                       customer pre-notification and a partner; the partner
//                       joined (partnerHere). Vendor B still has the overview only.
//   case Z  (another case): vendor D (a helper, in no other case) has the details
//                       and admitted its own partner (partnerOther); coordOther is
//                       assigned to it; its report is otherFinder's.
//   open report: the finder's, still in intake (never handed to coordination).
//   website case W: the finder's website report, kept by intake in the website
//                       track (PROCESS §6); the operator was notified and the
//                       websiteOperator account is admitted to it.
//   case U  (unreachable developers; only on a server started with a test clock,
//                       startServer({clock})): built months back in time by
//                       coordAssigned. Vendor E (no account) was listed, its
//                       product published, a deadline added, and its dossier sent
//                       to the committee; vendor F (no account) is only listed.
//   mail:    a quarantined message, and vendor A's mail reply about case Y (with
//            an attachment) — it lands in vendor A's thread.
//
// The second half of this file says how to address every route of the router
// in this world: a sample request body per route pattern (BODIES) and the ids
// that fill its path parameters (fill).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';

import { addUser, client, hiddenCsrf, login, parseSetCookies, request, runCli, softwareReport, uniqueEmail, webLogin,
  websiteReport }
  from './server.mjs';

/** The parties of the matrix, in the order the tests report them. */
export const ROLES = [
  'anonymous', 'finder', 'otherFinder', 'intake', 'coordAssigned', 'coordOther', 'lead',
  'vendorA', 'vendorB', 'vendorC', 'partnerHere', 'partnerOther',
  'admin', 'committee', 'criticalInfra', 'websiteOperator',
];

// Accounts made with the CLI, and their role names there.
const CLI_ROLES = {
  intake: 'intake_analyst',
  coordAssigned: 'coordinator',
  coordOther: 'coordinator',
  lead: 'lead_coordinator',
  vendorA: 'vendor',
  vendorB: 'vendor',
  vendorC: 'vendor',
  vendorD: 'vendor',
  admin: 'admin',
  committee: 'committee',
  criticalInfra: 'critical_infra',
  websiteOperator: 'website_operator',
};

const PASSWORD = 'confidential-test-pw-1';

/** A random tag: what makes one run's markers unique. */
export const tag = () => randomBytes(5).toString('hex');

/**
 * The web session of an anonymous browser: the pre-session CSRF cookie and the
 * hidden field that goes with it (GET /login hands out both).
 */
export async function anonymousBrowser(baseUrl) {
  const form = await request(baseUrl, 'GET', '/login');
  const pre = parseSetCookies(form.headers).cvdhub_csrf;
  if (!pre) throw new Error('GET /login set no cvdhub_csrf cookie');
  return { cookie: `cvdhub_csrf=${pre.value}`, csrfToken: hiddenCsrf(form.text) };
}

/** Checks an API answer; returns its JSON. */
async function ok(promise, what, statuses = [200, 201]) {
  const r = await promise;
  if (!statuses.includes(r.status)) throw new Error(`world: ${what} failed: ${r.status} ${r.text.slice(0, 400)}`);
  return r.json;
}

/** Runs `fn` over `items`, at most `n` at a time (CPU-bound password hashing on a shared machine). */
export async function pool(items, n, fn) {
  const out = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  }));
  return out;
}

/** Pipes an RFC 5322 message into `cvdhub mail ingest`; returns {id, disposition, reference, detail}. */
export async function ingestMail(dataDir, raw) {
  const r = await runCli(['mail', 'ingest', '--data', dataDir, '--intake-address', 'vuln@ipa.example'],
    { input: raw });
  if (r.code !== 0) throw new Error(`mail ingest failed (${r.code}): ${r.stderr}`);
  const [id, disposition, reference = '', detail = ''] = r.stdout.trim().split('\t');
  return { id: Number(id), disposition, reference, detail };
}

/**
 * Builds the world on a running server (see the top of this file).
 * `text(key, plain)` gives each confidential field its content: by default the
 * plain text; the markers test passes a function returning unique markers.
 * `publicationAt` is the date proposed for case Y (ISO 8601 with zone).
 * Resolves {server, users, vendors, cases: {X, Y, Z}, openReport, inbound}.
 */
export async function buildWorld(server, { text = (_key, plain) => plain,
  publicationAt = '2029-11-17T07:13:00+09:00' } = {}) {
  const { baseUrl, dataDir } = server;
  const id = tag();
  // On a test clock, the world starts 200 days ago so that case U can go
  // through the unreachable-developer stages; the rest happens in the present.
  const present = Date.now();
  if (server.setClock) await server.setClock(present - 200 * DAY);
  const emailOf = (role) => `${role.toLowerCase()}-${id}@world.example`;
  const users = {};

  // 1. Accounts: finders register themselves; staff, vendors and the other
  //    parties are made with the CLI.
  for (const role of ['finder', 'otherFinder']) {
    const email = emailOf(role);
    const r = await ok(request(baseUrl, 'POST', '/api/v1/users',
      { json: { email, password: PASSWORD, display_name: `Test ${role}`, language: 'en' } }), `register ${role}`);
    users[role] = { role, email, password: PASSWORD, id: r.id };
  }
  await pool(Object.entries(CLI_ROLES), 3, async ([role, cliRole]) => {
    const email = emailOf(role);
    await addUser(dataDir, { email, name: `Test ${role}`, role: cliRole, password: PASSWORD, lang: 'en' });
    users[role] = { role, email, password: PASSWORD };
  });
  await pool(Object.values(users), 3, async (u) => {
    const r = await ok(request(baseUrl, 'POST', '/api/v1/tokens', { json: { email: u.email, password: u.password } }),
      `token for ${u.role}`);
    u.token = r.token;
    u.id = r.user_id;
    u.api = client(baseUrl, u.token);
  });
  const { finder, otherFinder, intake, coordAssigned, coordOther, lead, vendorA, vendorB, vendorD } = users;

  // 2. The registry: four vendors, created by a coordinator; their PSIRT accounts are members.
  const vendors = {};
  for (const [key, user] of [['A', vendorA], ['B', vendorB], ['C', users.vendorC], ['D', vendorD]]) {
    const profile = {
      name: `Vendor ${key} ${id}`, name_en: `Vendor ${key} ${id}`, registration: 'individual',
      contact_email: `psirt-${key.toLowerCase()}-${id}@vendor.example`, phone: '', reporting_contact: '',
      public_listing: false, accepts_direct_reports: false,
    };
    const r = await ok(coordAssigned.api.post('/api/v1/vendors', { json: profile }), `create vendor ${key}`);
    await ok(coordAssigned.api.post(`/api/v1/vendors/${r.id}/members`, { json: { user_id: user.id } }),
      `vendor ${key} member`);
    vendors[key] = { key, id: r.id, profile, user };
  }
  await ok(coordAssigned.api.put(`/api/v1/vendors/${vendors.A.id}/keywords`,
    { json: { keywords: ['widget', 'embedded'] } }), 'vendor A keywords');

  // 3. Reports, each with an attachment; the case reports are accepted by intake.
  async function report(owner, key) {
    const body = softwareReport({
      title: text(`${key}.title`, `Report ${key}: command injection in a widget`),
      product_name: text(`${key}.product`, `Widget ${key}`),
      product_version: text(`${key}.version`, '2.3.0'),
      reproduction: text(`${key}.reproduction`, '1. Send the crafted request.\n2. Observe the shell.'),
      impact: text(`${key}.impact`, 'Remote code execution.'),
      finder_name: text(`${key}.findername`, 'Test Finder'),
      finder_contact: text(`${key}.findercontact`, '+81-3-0000-0000'),
      language: 'en',
    });
    const r = await ok(owner.api.post('/api/v1/reports', { json: body }), `report ${key}`);
    const filename = text(`${key}.attname`, `poc-${key}.txt`) + '.txt';
    const bytes = text(`${key}.attbytes`, `proof of concept ${key}`);
    const att = await ok(owner.api.post(`/api/v1/reports/${r.id}/attachments?filename=${encodeURIComponent(filename)}`,
      { body: bytes, headers: { 'content-type': 'text/plain' } }), `attachment of ${key}`);
    await ok(owner.api.post(`/api/v1/reports/${r.id}/messages`,
      { json: { body: text(`${key}.findermsg`, `A note from the finder about ${key}.`) } }), `message on ${key}`);
    return { id: r.id, intakeNumber: r.intake_number, attachmentId: att.id, owner: owner.role };
  }
  const unreachable = server.setClock
    ? await buildUnreachable(server, { coordAssigned, intake, lead, finder, text, id, present })
    : null;
  const reports = {
    X: await report(finder, 'X'),
    Y: await report(finder, 'Y'),
    Z: await report(otherFinder, 'Z'),
    open: await report(finder, 'open'),
  };
  const cases = {};
  for (const key of ['X', 'Y', 'Z']) {
    const r = await ok(intake.api.post(`/api/v1/reports/${reports[key].id}/accept`, { json: { note: '' } }),
      `accept report ${key}`);
    cases[key] = { key, id: r.case.id, identifier: r.case.identifier, report: reports[key] };
  }

  // 3b. A website report W in the website track (PROCESS §6), kept by intake:
  //     the analyst records the operator's published contact (the
  //     websiteOperator account's address), notifies the operator by mail and
  //     admits that account to the case.
  let website;
  {
    const body = websiteReport({
      title: text('W.title', 'Report W: SQL injection in a shop search'),
      product_name: text('W.product', 'Shop W'),
      reproduction: text('W.reproduction', "1. Search for ' OR 1=1 --"),
      impact: text('W.impact', 'Customer data can be read.'),
      finder_name: text('W.findername', 'Test Finder'),
      finder_contact: text('W.findercontact', '+81-3-0000-0000'),
      language: 'en',
    });
    const r = await ok(finder.api.post('/api/v1/reports', { json: body }), 'website report W');
    const filename = text('W.attname', 'poc-W') + '.txt';
    const att = await ok(finder.api.post(`/api/v1/reports/${r.id}/attachments?filename=${encodeURIComponent(filename)}`,
      { body: text('W.attbytes', 'proof of concept W'), headers: { 'content-type': 'text/plain' } }), 'attachment of W');
    await ok(finder.api.post(`/api/v1/reports/${r.id}/messages`,
      { json: { body: text('W.findermsg', 'A note from the finder about W.') } }), 'message on W');
    const accepted = await ok(intake.api.post(`/api/v1/reports/${r.id}/accept`, { json: { note: '' } }), 'accept W');
    website = { id: accepted.case.id, identifier: accepted.case.identifier,
      report: { id: r.id, intakeNumber: r.intake_number, attachmentId: att.id, owner: 'finder' },
      contact: { name: 'Shop W Operator', email: users.websiteOperator.email, phone: '', source: 'published',
        source_note: 'https://shop-w.example.jp/contact', site_name: '' } };
    const wbase = `/api/v1/website/cases/${website.id}`;
    await ok(intake.api.put(`${wbase}/contact`, { json: website.contact }), 'contact of W');
    await ok(intake.api.post(`${wbase}/notify`, { json: { channel: 'mail', details: '' } }), 'notify W');
    const admitted = await ok(intake.api.post(`${wbase}/operator`, { json: {} }), 'admit the operator of W');
    if (!admitted.admitted) throw new Error('world: the operator account of W was not admitted');
  }

  // 4. Coordinators: the lead assigns coordAssigned to X and Y, coordOther to Z.
  for (const [key, user] of [['X', coordAssigned], ['Y', coordAssigned], ['Z', coordOther]]) {
    await ok(lead.api.post(`/api/v1/cases/${cases[key].id}/coordinators`, { json: { user_id: user.id } }),
      `assign ${user.role} to ${key}`);
  }

  // 5. Coordination of X and Y (identical up to the release of details).
  for (const key of ['X', 'Y']) {
    const c = cases[key];
    const api = coordAssigned.api;
    const base = `/api/v1/cases/${c.id}`;
    c.info = {
      overview: text(`${key}.overview`, `Do you ship products using the widget library (case ${key})?`),
      details: text(`${key}.details`, `The render endpoint passes the theme parameter to a shell (case ${key}).`),
      product_ids: `pkg:generic/${text(`${key}.productids`, `widget-${key.toLowerCase()}`).toLowerCase()}@2.3.0`,
      keywords: text(`${key}.keywords`, 'widget, embedded'),
    };
    await ok(api.put(`${base}/info`, { json: c.info }), `info of ${key}`);
    await ok(api.post(`${base}/vendors`, { json: { vendor_id: vendors.A.id, obvious: true, tier: 0 } }),
      `add vendor A to ${key}`);
    await ok(api.post(`${base}/vendors`, { json: { vendor_id: vendors.B.id, obvious: false, tier: 1 } }),
      `add vendor B to ${key}`);
    await ok(api.post(`${base}/vendors/${vendors.B.id}/overview`, { json: {} }), `overview to B in ${key}`);
    await ok(api.post(`${base}/prereleases`,
      { json: { sector: 'electricity', note: text(`${key}.cinote`, 'Pre-release to the grid operators.') } }),
    `critical-infrastructure pre-release of ${key}`);
    await ok(api.post(`${base}/threads/vendor/${vendors.B.id}`,
      { json: { body: text(`${key}.threadB`, `Coordinator to vendor B about ${key}.`) } }), `vendor B thread of ${key}`);
    await ok(vendorB.api.post(`${base}/threads/vendor/${vendors.B.id}`,
      { json: { body: text(`${key}.threadB2`, `Vendor B answers about ${key}.`) } }), `vendor B posts in ${key}`);
    await ok(api.post(`${base}/threads/case/0`,
      { json: { body: text(`${key}.threadCase`, `Coordinator to everyone in ${key}.`) } }), `case thread of ${key}`);
    // A's thread holds a message before it was notified (it must not see it until then).
    await ok(api.post(`${base}/threads/vendor/${vendors.A.id}`,
      { json: { body: text(`${key}.threadA`, `Coordinator to vendor A about ${key}.`) } }), `vendor A thread of ${key}`);
    const view = await ok(api.get(base), `view ${key}`);
    c.prereleaseId = view.prereleases.find((p) => p.kind === 'critical_infra').id;
  }

  // Case Y: details to A, and everything A files.
  {
    const c = cases.Y;
    const base = `/api/v1/cases/${c.id}`;
    await ok(coordAssigned.api.post(`${base}/vendors/${vendors.A.id}/details`, { json: {} }), 'details to A in Y');
    const a = vendorA.api;
    await ok(a.post(`${base}/investigation`, { json: {
      affected: 'yes',
      workaround_plan: text('Y.workaround', 'Disable the render endpoint.'),
      fix_plan: text('Y.fixplan', 'Quote the argument.'),
      schedule: text('Y.schedule', 'Fix within four weeks.'),
      publication_plan: text('Y.pubplan', 'Advisory on our site on the agreed date.'),
      other_developers: '',
    } }), 'investigation of A');
    await ok(a.put(`${base}/statement`, { json: {
      status: 'affected',
      statement: text('Y.statement', 'Fixed in 2.3.1.'),
      advisory_url: `https://vendor-a.example/${text('Y.advisoryurl', 'advisory-2026-01')}`,
      fix_ready: true,
    } }), 'statement of A');
    await ok(a.post(`${base}/proposals`, { json: {
      vendor_name: text('Y.proposalname', 'Downstream Appliance Maker'), relation: 'downstream',
      reason: text('Y.proposalreason', 'They embed our widget.'),
    } }), 'proposal of A');
    await ok(a.post(`${base}/prenotifications`, { json: { note: text('Y.prenote', 'Our three largest customers.') } }),
      'pre-notification request of A');
    users.partnerHere = { role: 'partnerHere', email: emailOf('partnerHere'), password: PASSWORD };
    await ok(a.post(`${base}/partners`, { json: {
      organisation: text('Y.partnerorg', 'Subcontractor Ltd.'), person: 'P. Partner', email: users.partnerHere.email,
    } }), 'partner of A');
    await ok(a.post(`${base}/threads/vendor/${vendors.A.id}`,
      { json: { body: text('Y.threadA2', 'Vendor A answers about Y.') } }), 'vendor A posts in Y');
    await ok(a.post(`${base}/threads/case/0`,
      { json: { body: text('Y.threadCase2', 'Vendor A to everyone in Y.') } }), 'vendor A in the case thread');
    await ok(coordAssigned.api.post(`${base}/date`, { json: { publication_at: publicationAt, note: '' } }),
      'publication date of Y');
    await ok(a.post(`${base}/date-response`, { json: { accept: true, comment: text('Y.datecomment', 'Fine for us.') } }),
      'date response of A');
    const joined = await ok(request(baseUrl, 'POST', '/api/v1/partners/join', { json: {
      case_identifier: c.identifier, email: users.partnerHere.email, display_name: 'Partner Here',
      password: PASSWORD,
    } }), 'partner joins Y');
    users.partnerHere.id = joined.id;
    const view = await ok(coordAssigned.api.get(base), 'view Y');
    c.proposalId = view.proposals[0].id;
    c.partnerId = view.partners.find((p) => p.email === users.partnerHere.email).id;
    await ok(coordAssigned.api.post(`${base}/threads/partner/${c.partnerId}`,
      { json: { body: text('Y.threadPartner', 'Coordinator to the partner of Y.') } }), 'partner thread of Y');
  }

  // Case Z: vendor D and its partner (the "other case").
  {
    const c = cases.Z;
    const base = `/api/v1/cases/${c.id}`;
    c.info = {
      overview: text('Z.overview', 'An overview of case Z.'),
      details: text('Z.details', 'The details of case Z.'),
      product_ids: '', keywords: '',
    };
    await ok(coordOther.api.put(`${base}/info`, { json: c.info }), 'info of Z');
    await ok(coordOther.api.post(`${base}/vendors`, { json: { vendor_id: vendors.D.id, obvious: true, tier: 0 } }),
      'add vendor D to Z');
    await ok(coordOther.api.post(`${base}/vendors/${vendors.D.id}/details`, { json: {} }), 'details to D in Z');
    users.partnerOther = { role: 'partnerOther', email: emailOf('partnerOther'), password: PASSWORD };
    await ok(vendorD.api.post(`${base}/partners`, { json: {
      organisation: text('Z.partnerorg', 'Other Subcontractor Ltd.'), person: 'O. Partner',
      email: users.partnerOther.email,
    } }), 'partner of D');
    await ok(vendorD.api.post(`${base}/threads/case/0`,
      { json: { body: text('Z.threadCase', 'Vendor D to everyone in Z.') } }), 'case thread of Z');
    const joined = await ok(request(baseUrl, 'POST', '/api/v1/partners/join', { json: {
      case_identifier: c.identifier, email: users.partnerOther.email, display_name: 'Partner Other',
      password: PASSWORD,
    } }), 'partner joins Z');
    users.partnerOther.id = joined.id;
    const view = await ok(coordOther.api.get(base), 'view Z');
    c.partnerId = view.partners[0].id;
  }
  for (const role of ['partnerHere', 'partnerOther']) {
    const u = users[role];
    u.token = await login(baseUrl, u.email, u.password);
    u.api = client(baseUrl, u.token);
  }

  // 6. Mail: a quarantined message (mail for nobody in particular)…
  const raw = [
    'From: Someone <someone@elsewhere.example>',
    'To: someone-else@ipa.example',
    `Subject: ${text('mail.subject', 'A question')}`,
    `Message-ID: <${id}@elsewhere.example>`,
    'Date: Mon, 01 Jun 2026 10:00:00 +0900',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b-world"',
    '',
    '--b-world',
    'Content-Type: text/plain; charset=utf-8',
    '',
    text('mail.body', 'Please find the file attached.'),
    '--b-world',
    'Content-Type: text/plain',
    'Content-Disposition: attachment; filename="note.txt"',
    '',
    text('mail.attachment', 'attached note'),
    '--b-world--',
    '',
  ].join('\r\n');
  const quarantined = await ingestMail(dataDir, raw);
  if (quarantined.disposition !== 'quarantined') {
    throw new Error(`world: mail not quarantined: ${JSON.stringify(quarantined)}`);
  }
  //    Vendor A's mail reply to a notice about case Y, with an attachment: a
  //    case reply (the notice is queued with `cvdhub mail notify`, as the process does).
  const caseRef = `case:${cases.Y.id}:vendor:${vendors.A.id}`;
  const notice = await runCli(['mail', 'notify', '--data', dataDir, '--to', vendors.A.profile.contact_email,
    '--kind', 'case.details_released', '--subject', 'Details', '--body-file', '-', '--reference', caseRef,
    '--identifier', cases.Y.identifier, '--lang', 'en'], { input: 'The details are in the portal.' });
  if (notice.code !== 0) throw new Error(`world: mail notify failed: ${notice.stderr}`);
  const outbox = await ok(lead.api.get(`/api/v1/mail/outbox?reference=${caseRef}`), 'outbox of case Y');
  const reply = await ingestMail(dataDir, [
    `From: Vendor A PSIRT <${vendors.A.profile.contact_email}>`,
    'To: cvd@cvdhub.invalid',
    `Subject: RE: [${cases.Y.identifier}] Details`,
    `Message-ID: <reply-${id}@vendor.example>`,
    `In-Reply-To: ${outbox.messages[0].message_id}`,
    'Date: Mon, 01 Jun 2026 10:00:00 +0900',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b-reply"',
    '',
    '--b-reply',
    'Content-Type: text/plain; charset=utf-8',
    '',
    text('Y.mailreply', 'We confirm the issue and plan a fix.'),
    '--b-reply',
    'Content-Type: text/plain',
    `Content-Disposition: attachment; filename="${text('Y.mailattname', 'investigation')}.txt"`,
    '',
    text('Y.mailattbytes', 'our investigation notes'),
    '--b-reply--',
    '',
  ].join('\r\n'));
  if (reply.disposition !== 'case_reply') throw new Error(`world: the reply is no case reply: ${JSON.stringify(reply)}`);
  const replyView = await ok(lead.api.get(`/api/v1/mail/inbound/${reply.id}`), 'case reply view');
  const inbound = { id: quarantined.id, caseReplyId: reply.id, attachmentId: replyView.attachments[0]?.id };
  if (!inbound.attachmentId) throw new Error('world: the case reply kept no attachment');

  // 7. Browser sessions (the HTML pages): every party logs in through the form.
  await pool(Object.values(users), 3, async (u) => {
    u.web = await webLogin(baseUrl, u.email, u.password);
  });
  users.anonymous = { role: 'anonymous', web: await anonymousBrowser(baseUrl) };

  return { server, baseUrl, users, vendors, cases, openReport: reports.open, website, inbound, password: PASSWORD,
    id, unreachable };
}

const DAY = 24 * 3600 * 1000;

/**
 * Case U (see the top of this file): from `present` - 200 days, three
 * unanswered attempts to each of vendors E and F over 31 days, both confirmed
 * unreachable; E then goes through the product publication, the contact
 * deadline and to the committee. Leaves the clock at `present`.
 * Resolves {caseId, identifier, submitted: {entryId, vendorId, did, slug}, listed: {…}}.
 */
async function buildUnreachable(server, { coordAssigned, intake, lead, finder, text, id, present }) {
  const start = present - 200 * DAY;
  const at = (days) => server.setClock(start + days * DAY);
  const api = coordAssigned.api;
  // The report itself carries no markers (its fields are the X/Y reports' business); the case's do.
  const r = await ok(finder.api.post('/api/v1/reports', { json: softwareReport({ title: 'Report U: widget overflow',
    product_name: 'Widget U', product_version: '1.0', language: 'en' }) }), 'report U');
  const accepted = await ok(intake.api.post(`/api/v1/reports/${r.id}/accept`, { json: { note: '' } }), 'accept U');
  const c = { caseId: accepted.case.id, identifier: accepted.case.identifier };
  await ok(lead.api.post(`/api/v1/cases/${c.caseId}/coordinators`, { json: { user_id: coordAssigned.id } }),
    'assign coordAssigned to U');
  await ok(api.put(`/api/v1/cases/${c.caseId}/info`, { json: {
    overview: text('U.overview', 'An overview of case U.'), details: text('U.details', 'The details of case U.'),
    product_ids: '', keywords: '' } }), 'info of U');
  for (const key of ['E', 'F']) {
    const v = await ok(api.post('/api/v1/vendors', { json: { name: `Vendor ${key} ${id}`, name_en: `Vendor ${key} ${id}`,
      registration: 'individual', contact_email: `psirt-${key.toLowerCase()}-${id}@vendor.example` } }),
    `create vendor ${key}`);
    c[key] = { vendorId: v.id, base: `/api/v1/cases/${c.caseId}/vendors/${v.id}` };
    await ok(api.post(`/api/v1/cases/${c.caseId}/vendors`, { json: { vendor_id: v.id, obvious: false, tier: 0 } }),
      `add vendor ${key} to U`);
  }
  for (const [day, channel] of [[0, 'mail'], [10, 'phone'], [31, 'mail']]) {
    await at(day);
    for (const key of ['E', 'F']) {
      await ok(api.post(`${c[key].base}/contacts`, { json: { channel, recipient: `contact-${key}@vendor.example`,
        outcome: 'no_answer', note: text(`U.attempt${key}`, `No answer from ${key}.`) } }), `attempt to ${key}`);
    }
  }
  for (const key of ['E', 'F']) {
    const e = await ok(api.post(`${c[key].base}/unreachable`, { json: { public_name: `Vendor ${key} ${id}` } }),
      `list vendor ${key}`);
    c[key] = { ...c[key], entryId: e.id, did: e.did, slug: e.did.replace('#', '-').toLowerCase() };
  }
  await at(31 + 92);
  await ok(api.post(`${c.E.base}/unreachable/product`, { json: { developer_kind: 'company',
    product_name: 'Widget U', product_version: '1.0' } }), 'product of E');
  await at(31 + 92 + 31);
  const deadline = new Date(start + (31 + 92 + 31 + 30) * DAY + 9 * 3600 * 1000).toISOString().slice(0, 10);
  await ok(api.post(`${c.E.base}/unreachable/deadline`, { json: { contact_deadline: deadline } }), 'deadline of E');
  await at(31 + 92 + 31 + 32);
  await ok(api.post(`${c.E.base}/unreachable/committee`, { json: {} }), 'dossier of E to the committee');
  await server.setClock(present);
  return { caseId: c.caseId, identifier: c.identifier, submitted: c.E, listed: c.F };
}

/** A fresh browser session of `user` (for requests that end it, such as POST /logout). */
export async function freshSession(baseUrl, user) {
  if (user.role === 'anonymous') return anonymousBrowser(baseUrl);
  return webLogin(baseUrl, user.email, user.password);
}

/** `cvdhub routes`: every route of the router as {method, pattern, key}. */
export async function listRoutes() {
  const r = await runCli(['routes']);
  if (r.code !== 0) throw new Error(`cvdhub routes failed (${r.code}): ${r.stderr}`);
  return r.stdout.split('\n').map((l) => l.trim()).filter(Boolean).map((line) => {
    const [method, pattern] = line.split(/\s+/);
    return { method, pattern, key: `${method} ${pattern}` };
  });
}

// --- Addressing every route of this world ----------------------------------------------
// A sample request per route pattern, and the world's ids for its path
// parameters: what the confidentiality tests send to each route.

// Signing up, joining as a partner and accepting an invitation hash a password
// (and the latter two do so before looking anything up, so that timing tells
// nothing): probing them 32 times each would take most of the run, so their
// probes use a password the policy refuses at once — the same answer for
// everyone shows the route is not gated by who asks. (Sign-up itself is covered
// by accounts.test.mjs; log-in and tokens are probed for real here.)
const SHORT_PW = 'short';
let counter = 0;
const n = () => ++counter;
const probeReport = () => softwareReport({ title: 'Matrix probe report' });
const asForm = (obj) => Object.fromEntries(Object.entries(obj)
  .filter(([, v]) => v !== false && v !== undefined && v !== null)
  .map(([k, v]) => [k, v === true ? 'on' : String(v)]));

// A syntactically valid request body per route pattern that changes state.
// JSON for the API, form fields for the pages (the CSRF token is added).
// x = {w: world, c: the case under test, user: the caller}.
export const BODIES = {
  'POST /api/v1/users': () => ({ email: uniqueEmail('matrix'), password: SHORT_PW, display_name: 'Matrix' }),
  'POST /api/v1/tokens': (x) => ({ email: x.w.users.finder.email, password: x.w.password }),
  'POST /api/v1/reports': probeReport,
  'POST /api/v1/reports/:id/messages': () => ({ body: 'Matrix probe message.' }),
  'POST /api/v1/reports/:id/attachments': () => ({ raw: 'probe bytes', query: '?filename=probe.txt' }),
  'POST /api/v1/reports/:id/acknowledge': () => ({ note: '' }),
  'POST /api/v1/reports/:id/accept': () => ({ note: '' }),
  'POST /api/v1/reports/:id/decline': () => ({ reason: 'not_a_vulnerability', note: '' }),
  'PUT /api/v1/reports/:id/priority': () => ({ large_user_base: true }),
  'POST /api/v1/ssvc/coordinator-triage': () => ({}),
  'PUT /api/v1/cases/:id/info': (x) => x.c.info,                  // unchanged
  'POST /api/v1/cases/:id/coordinators': (x) => ({ user_id: x.w.users.coordAssigned.id }),   // already assigned
  'POST /api/v1/cases/:id/vendors': (x) => ({ vendor_id: x.w.vendors.A.id, obvious: true }), // already in the case
  'POST /api/v1/cases/:id/vendors/:vid/overview': () => ({}),
  // Vendor B already has the overview in both states: skipped, nothing sent.
  'POST /api/v1/cases/:id/overview': (x) => ({ vendor_ids: [x.w.vendors.B.id] }),
  'POST /api/v1/cases/:id/vendors/:vid/details': () => ({}),
  'PUT /api/v1/cases/:id/vendors/:vid/statement': () => ({ status: 'affected', statement: 'Filed for the vendor.' }),
  'POST /api/v1/cases/:id/overview-answer': () => ({ answer: 'not_affected' }),   // never asks for details
  'POST /api/v1/cases/:id/investigation': () => ({ affected: 'yes', fix_plan: 'Matrix probe.' }),
  'PUT /api/v1/cases/:id/statement': () => ({ status: 'affected', statement: 'Matrix probe.' }),
  'POST /api/v1/cases/:id/date-response': () => ({ accept: true, comment: '' }),
  'POST /api/v1/cases/:id/date': () => ({ publication_at: '2030-01-15T10:00:00+09:00', note: '' }),
  'POST /api/v1/cases/:id/date/agree': () => ({}),
  'POST /api/v1/cases/:id/date/foreign': () => ({ publication_at: '2030-01-15T10:00:00+09:00', coordinator: 'CERT/CC' }),
  'POST /api/v1/cases/:id/date/early': () => ({ publication_at: '2028-06-01T10:00:00+09:00', reason: 'Probe.',
    exploited: false }),
  'POST /api/v1/cases/:id/proposals': () => ({ vendor_name: 'Probe Maker', relation: 'other', reason: 'Probe.' }),
  'POST /api/v1/cases/:id/proposals/:pid/decision': () => ({ approve: false }),
  'POST /api/v1/cases/:id/prereleases': () => ({ sector: 'finance', note: '' }),
  'POST /api/v1/cases/:id/prenotifications': () => ({ note: 'Matrix probe.' }),
  'POST /api/v1/cases/:id/prereleases/:pid/decision': () => ({ approve: false, note: '' }),
  'POST /api/v1/cases/:id/partners': () => ({ organisation: 'Probe Org', person: 'Probe Person',
    email: uniqueEmail('probe-partner') }),
  'POST /api/v1/partners/join': () => ({ case_identifier: 'JVN#00000000', email: 'nobody@partner.example',
    display_name: 'Nobody', password: SHORT_PW }),
  'POST /api/v1/cases/:id/threads/:thread/:party': () => ({ body: 'Matrix probe message.' }),
  'POST /api/v1/cases/:id/flags': () => ({ flag: 'P' }),
  'POST /api/v1/cases/:id/close': () => ({ reason: 'Matrix probe.' }),
  'POST /api/v1/vendors': () => ({ name: `Probe Maker ${n()}`, contact_email: 'psirt@probe.example' }),
  'PUT /api/v1/vendors/:vid': (x) => x.w.vendors.A.profile,        // unchanged
  'POST /api/v1/vendors/:vid/contacts': () => ({ name: 'Probe Contact', email: 'probe@vendor-a.example' }),
  'DELETE /api/v1/vendors/:vid/contacts/:cid': () => null,
  'POST /api/v1/vendors/:vid/products': () => ({ name: 'Probe Product' }),
  'DELETE /api/v1/vendors/:vid/products/:pid': () => null,
  'PUT /api/v1/vendors/:vid/keywords': () => ({ keywords: ['widget', 'embedded'] }),
  'POST /api/v1/vendors/:vid/members': (x) => ({ user_id: x.w.users.vendorA.id }),   // already a member
  'POST /api/v1/vendors/invite/:token': () => ({ name: 'Nobody', email: 'nobody@vendor.example',
    password: SHORT_PW }),
  'POST /api/v1/mail/inbound/:id/dismiss': () => ({}),
  'POST /api/v1/mail/inbound/:id/report': () => ({}),
  'PUT /api/v1/mail/keys': (x) => ({ email: x.user.email ?? 'nobody@example.test', key: 'not an OpenPGP key' }),
  'PUT /api/v1/website/cases/:id/contact': (x) => x.w.website.contact,       // unchanged
  'POST /api/v1/website/cases/:id/notify': () => ({ channel: 'mail' }),     // already notified
  'POST /api/v1/website/cases/:id/operator': () => ({}),                    // already admitted
  'POST /api/v1/website/cases/:id/verification': () => ({ result: 'confirmed', note: 'Matrix probe.' }),
  'POST /api/v1/website/cases/:id/fix': () => ({ note: 'Matrix probe.' }),
  'PUT /api/v1/website/cases/:id/publication': () => ({ choice: 'not_publish' }),
  'POST /api/v1/website/cases/:id/reminder': () => ({}),
  'PUT /api/v1/website/cases/:id/due': () => ({ due: '2031-01-31', reason: 'Matrix probe.' }),
  'POST /api/v1/website/cases/:id/close': () => ({ reason: 'Matrix probe.' }),
  'POST /api/v1/website/cases/:id/messages': () => ({ body: 'Matrix probe message.' }),
  'POST /api/v1/website/invite/:token': () => ({ display_name: 'Nobody', password: SHORT_PW }),
  'POST /api/v1/cases/:id/low-impact': () => ({ reason: 'Matrix probe.' }),

  'POST /login': (x) => ({ email: x.w.users.finder.email, password: x.w.password, next: '' }),
  'POST /logout': () => ({}),
  'POST /register': () => ({ email: uniqueEmail('matrix'), display_name: 'Matrix', password: SHORT_PW,
    language: 'en' }),
  'POST /reports': () => asForm(probeReport()),
  'POST /reports/:id/messages': () => ({ body: 'Matrix probe message.' }),
  'POST /reports/:id/attachments': () => ({ file: { name: 'probe.txt', bytes: 'probe bytes' } }),
  'POST /reports/:id/acknowledge': () => ({ note: '' }),
  'POST /reports/:id/accept': () => ({ note: '', source: '' }),
  'POST /reports/:id/decline': () => ({ reason: 'not_a_vulnerability', note: '' }),
  'POST /reports/:id/priority': () => ({ large_user_base: 'on' }),
  'POST /cases/:id/info': (x) => x.c.info,
  // The advisory draft: a title only (never complete, so scheduling is refused with 400/409, never published).
  'PUT /api/v1/cases/:id/advisory': () => ({ title: { ja: 'マトリクス', en: 'Matrix probe' } }),
  'POST /api/v1/cases/:id/advisory/review': () => ({}),
  'POST /api/v1/cases/:id/advisory/schedule': () => ({}),
  'POST /api/v1/cases/:id/advisory/unschedule': () => ({}),
  'POST /api/v1/cases/:id/advisory/updates': () => ({ ja: 'プローブ', en: 'Probe' }),
  'POST /api/v1/cases/:id/advisory/comments': () => ({ body: 'Matrix probe comment.' }),
  'POST /cases/:id/advisory': () => ({ title_ja: 'マトリクス', title_en: 'Matrix probe', title_tr: 'draft' }),
  'POST /cases/:id/advisory/review': () => ({}),
  'POST /cases/:id/advisory/schedule': () => ({}),
  'POST /cases/:id/advisory/unschedule': () => ({}),
  'POST /cases/:id/advisory/updates': () => ({ ja: 'プローブ', en: 'Probe' }),
  'POST /cases/:id/advisory/comments': () => ({ body: 'Matrix probe comment.' }),
  // Unreachable developers: vendor B of case X/Y is never listed (the rules are not met), so every
  // stage change is a 409 for those allowed; the committee's routes work on case U's dossiers.
  'POST /api/v1/cases/:id/vendors/:vid/contacts': () => ({ channel: 'mail', recipient: 'probe@vendor.example',
    outcome: 'no_answer', note: 'Matrix probe.' }),
  'POST /api/v1/cases/:id/vendors/:vid/unreachable': () => ({ public_name: 'Probe Developer' }),
  'PUT /api/v1/cases/:id/vendors/:vid/unreachable': () => ({ public_name: 'Probe Developer' }),
  'POST /api/v1/cases/:id/vendors/:vid/unreachable/product': () => ({ developer_kind: 'company',
    product_name: 'Probe', product_version: '1.0' }),
  'POST /api/v1/cases/:id/vendors/:vid/unreachable/deadline': () => ({ contact_deadline: '2030-01-31' }),
  'POST /api/v1/cases/:id/vendors/:vid/unreachable/committee': () => ({}),
  'POST /api/v1/cases/:id/vendors/:vid/unreachable/answered': () => ({ channel: 'mail', note: 'Matrix probe.' }),
  'POST /api/v1/committee/:eid/votes': () => ({ vote: 'abstain', comment: 'Matrix probe.' }),
  'POST /api/v1/committee/:eid/view': () => ({ developer_view: 'Matrix probe.' }),
  'POST /api/v1/committee/:eid/decision': () => ({ decision: 'do_not_publish', note: 'Matrix probe.' }),
  'POST /api/v1/committee/:eid/publish': () => ({}),
  'POST /cases/:id/vendors/:vid/contacts': () => ({ channel: 'mail', at: '', recipient: 'probe@vendor.example',
    outcome: 'no_answer', note: 'Matrix probe.' }),
  'POST /cases/:id/vendors/:vid/unreachable': () => ({ basis: 'no_answer', public_name: 'Probe Developer' }),
  'POST /cases/:id/vendors/:vid/unreachable/public': () => ({ public_name: 'Probe Developer' }),
  'POST /cases/:id/vendors/:vid/unreachable/product': () => ({ developer_kind: 'company', product_name: 'Probe',
    product_version: '1.0' }),
  'POST /cases/:id/vendors/:vid/unreachable/deadline': () => ({ contact_deadline: '2030-01-31' }),
  'POST /cases/:id/vendors/:vid/unreachable/committee': () => ({}),
  'POST /cases/:id/vendors/:vid/unreachable/answered': () => ({ channel: 'mail', note: 'Matrix probe.' }),
  'POST /committee/:eid/votes': () => ({ vote: 'abstain', comment: 'Matrix probe.' }),
  'POST /committee/:eid/view': () => ({ developer_view: 'Matrix probe.' }),
  'POST /committee/:eid/decision': () => ({ decision: 'do_not_publish', note: 'Matrix probe.' }),
  'POST /committee/:eid/publish': () => ({}),
  'POST /cases/:id/assign': (x) => ({ user_id: String(x.w.users.coordAssigned.id) }),
  'POST /cases/:id/vendors': (x) => ({ vendor_id: String(x.w.vendors.A.id), tier: '0', obvious: 'on' }),
  'POST /cases/:id/vendors/unregistered': () => ({ name: `Unregistered Maker ${n()}`,
    email: uniqueEmail('unregistered') }),
  'POST /cases/:id/vendors/:vid/overview': () => ({}),
  'POST /cases/:id/overview': (x) => ({ vendor_id: String(x.w.vendors.B.id), scope: 'selected' }),
  'POST /cases/:id/vendors/:vid/details': () => ({}),
  'POST /cases/:id/date/propose': () => ({ publication_at: '2030-01-15T10:00', note: '' }),
  'POST /cases/:id/date/agree': () => ({}),
  'POST /cases/:id/date/foreign': () => ({ publication_at: '2030-01-15T10:00', foreign_coordinator: 'CERT/CC' }),
  'POST /cases/:id/date/early': () => ({ publication_at: '2028-06-01T10:00', reason: 'Probe.' }),
  'POST /cases/:id/prereleases': () => ({ sector: 'finance', note: '' }),
  'POST /cases/:id/prereleases/:pid/decide': () => ({ decision: 'refuse', note: '' }),
  'POST /cases/:id/proposals/:pid/decide': () => ({ decision: 'reject' }),
  'POST /cases/:id/flags': () => ({ flag: 'P' }),
  'POST /cases/:id/close': () => ({ reason: 'Matrix probe.' }),
  'POST /cases/:id/answer': () => ({ answer: 'not_affected' }),
  'POST /cases/:id/statement': () => ({ status: 'affected', statement: 'Matrix probe.' }),
  'POST /cases/:id/investigation': () => ({ affected: 'yes', fix_plan: 'Matrix probe.' }),
  'POST /cases/:id/date/respond': () => ({ response: 'accept', comment: '' }),
  'POST /cases/:id/proposals': () => ({ vendor_name: 'Probe Maker', relation: 'other', reason: 'Probe.' }),
  'POST /cases/:id/partners': () => ({ organisation: 'Probe Org', person: 'Probe Person',
    email: uniqueEmail('probe-partner') }),
  'POST /cases/:id/prenotification': () => ({ note: 'Matrix probe.' }),
  'POST /cases/:id/threads/case': () => ({ body: 'Matrix probe message.' }),
  'POST /cases/:id/threads/vendor/:pid': () => ({ body: 'Matrix probe message.' }),
  'POST /cases/:id/threads/partner/:pid': () => ({ body: 'Matrix probe message.' }),
  'POST /vendors/invite/:token': () => ({ contact_name: 'Nobody', email: 'nobody@vendor.example',
    password: SHORT_PW }),
  'POST /vendors': () => ({ name: `Probe Maker ${n()}`, contact_email: 'psirt@probe.example',
    registration: 'individual' }),
  'POST /vendors/:id': (x) => asForm(x.w.vendors.A.profile),      // unchanged
  'POST /vendors/:id/contacts': () => ({ name: 'Probe Contact', email: 'probe@vendor-a.example' }),
  'POST /vendors/:id/contacts/:cid/delete': () => ({}),
  'POST /vendors/:id/products': () => ({ name: 'Probe Product' }),
  'POST /vendors/:id/products/:pid/delete': () => ({}),
  'POST /vendors/:id/keywords': () => ({ keywords: 'widget, embedded' }),
  'POST /vendors/:id/members': (x) => ({ user_id: String(x.w.users.vendorA.id) }),
  'POST /partners/join': () => ({ identifier: 'JVN#00000000', email: 'nobody@partner.example',
    display_name: 'Nobody', password: SHORT_PW }),
  'POST /mail/inbound/:id/report': () => ({}),
  'POST /mail/inbound/:id/dismiss': () => ({}),
  'POST /website/cases/:id/contact': (x) => asForm(x.w.website.contact),
  'POST /website/cases/:id/notify': () => ({ channel: 'mail', details: '' }),
  'POST /website/cases/:id/operator': () => ({}),
  'POST /website/cases/:id/reminder': () => ({}),
  'POST /website/cases/:id/due': () => ({ due: '2031-01-31', reason: 'Matrix probe.' }),
  'POST /website/cases/:id/verification': () => ({ result: 'confirmed', note: 'Matrix probe.' }),
  'POST /website/cases/:id/fix': () => ({ note: 'Matrix probe.' }),
  'POST /website/cases/:id/publication': () => ({ choice: 'not_publish' }),
  'POST /website/cases/:id/messages': () => ({ body: 'Matrix probe message.' }),
  'POST /website/cases/:id/close': () => ({ reason: 'Matrix probe.' }),
  'POST /website/invite/:token': () => ({ display_name: 'Nobody', password: SHORT_PW, language: 'en' }),
  'POST /cases/:id/low-impact': () => ({ reason: 'Matrix probe.' }),
};

// Query strings some GET routes need to do anything.
export const QUERIES = {
  'GET /api/v1/cvss': '?vector=CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
  'GET /lang': '?to=en&back=/',
  'GET /search': '?q=overflow',
  'GET /api/v1/search': '?q=overflow',
};

// --- Filling path parameters with this world's ids --------------------------------------

/**
 * The variants of one route in one state: [{variant, params, fresh}], where a
 * value may be an async function of the caller (a throwaway object made for
 * each request, so one party's successful change cannot spoil the next check).
 */
export function fill(route, state, w) {
  const c = state === 'before' ? w.cases.X : w.cases.Y;
  const { A, B } = w.vendors;
  const p = route.pattern;
  const coord = w.users.coordAssigned.api;
  const one = (params) => [{ variant: '', params }];

  // Reports: the case's report and an open one; accepting or declining one spoils it, so those get a fresh one.
  if (/^\/(api\/v1\/)?reports\/:id/.test(p)) {
    const spoils = /\/(accept|decline)$/.test(p);
    const freshOpen = async () => {
      const r = await w.users.finder.api.post('/api/v1/reports', { json: probeReport() });
      assert.equal(r.status, 201, r.text);
      return r.json.id;
    };
    return [
      { variant: 'case report', params: { id: c.report.id, aid: c.report.attachmentId } },
      { variant: 'open report', params: { id: spoils ? freshOpen : w.openReport.id, aid: w.openReport.attachmentId } },
    ];
  }
  if (p.startsWith('/api/v1/cases/:id/threads/') || p.startsWith('/cases/:id/threads/')) {
    const all = [
      { variant: 'case', params: { id: c.id, thread: 'case', party: 0 } },
      { variant: 'vendor A', params: { id: c.id, thread: 'vendor', party: A.id, pid: A.id } },
      { variant: 'vendor B', params: { id: c.id, thread: 'vendor', party: B.id, pid: B.id } },
      // In case X no partner was admitted: Y's partner id, which X does not know.
      { variant: 'partner', params: { id: c.id, thread: 'partner', party: w.cases.Y.partnerId,
        pid: w.cases.Y.partnerId } },
    ];
    if (p.includes(':thread')) return all;
    if (p.endsWith('/threads/case')) return one(all[0].params);
    if (p.endsWith('/threads/vendor/:pid')) return all.slice(1, 3);
    return one(all[3].params);
  }
  // Advisories: the case's identifier; nothing of the world is published, so every party gets 404.
  if (/^\/(api\/v1\/)?advisories\/:id/.test(p)) return one({ id: c.identifier, vid: A.id, cve: 'CVE-2026-0001.json' });
  // The CSAF directory: where the case's document would be (CSAF file name rules), and an unknown key.
  if (p.startsWith('/.well-known/csaf/white/:year')) {
    return one({ year: 2026, file: `${c.identifier.toLowerCase().replace(/[^+\-a-z0-9]+/g, '_')}.json` });
  }
  if (p === '/.well-known/csaf/openpgp/:file') return one({ file: 'NO-SUCH-KEY.asc' });
  // Committee dossiers of case U: one sent to the committee, one only listed (same in both states).
  if (/^\/(api\/v1\/)?committee\/:eid/.test(p)) {
    if (!w.unreachable) return [{ variant: '', skip: 'no test clock: case U was not built' }];
    return [
      { variant: 'submitted', params: { eid: w.unreachable.submitted.entryId } },
      { variant: 'listed', params: { eid: w.unreachable.listed.entryId } },
    ];
  }
  // A public unreachable-developer entry (an unknown number without case U).
  if (/^\/(api\/v1\/)?unreachable\/:slug$/.test(p)) {
    return one({ slug: w.unreachable ? w.unreachable.submitted.slug : 'did-00000000' });
  }
  if (/^\/(api\/v1\/)?cases\/:id/.test(p)) {
    const params = { id: c.id };
    // Overview and details go to vendor B (both already done, or not asked for: a 409,
    // never a change of who knows what); the coordinator files statements for vendor A.
    if (p.includes('/vendors/:vid')) params.vid = p.endsWith('/statement') ? A.id : B.id;
    if (p.includes('/proposals/:pid')) {
      // Vendor A proposed a vendor in case Y; nobody could propose in case X (no details yet).
      if (!c.proposalId) return [{ variant: '', skip: 'no vendor could propose anything before the details' }];
      params.pid = c.proposalId;
    }
    if (p.includes('/prereleases/:pid')) params.pid = c.prereleaseId;
    return one(params);
  }
  if (/^\/(api\/v1\/)?vendors\/invite\/:token$/.test(p)) return one({ token: 'no-such-invitation' });
  if (/^\/(api\/v1\/)?website\/cases\/:id/.test(p)) return one({ id: w.website.id });
  if (/^\/(api\/v1\/)?website\/invite\/:token$/.test(p)) return one({ token: 'no-such-invitation' });
  if (/^\/(api\/v1\/)?vendors\/:(vid|id)/.test(p)) {
    const params = { vid: A.id, id: A.id };
    if (p.includes(':cid')) {
      params.cid = async () => (await coord.post(`/api/v1/vendors/${A.id}/contacts`,
        { json: { name: 'Throwaway', email: 'throwaway@vendor-a.example' } })).json.id;
    }
    if (p.includes('/products/:pid')) {
      params.pid = async () => (await coord.post(`/api/v1/vendors/${A.id}/products`,
        { json: { name: 'Throwaway product' } })).json.id;
    }
    return one(params);
  }
  if (/^\/(api\/v1\/)?mail\/inbound\/:id/.test(p)) {
    if (route.method !== 'GET') return one({ id: w.inbound.id });
    return [
      { variant: 'quarantined', params: { id: w.inbound.id } },
      { variant: 'case reply', params: { id: w.inbound.caseReplyId } },
    ];
  }
  if (/^\/(api\/v1\/)?mail\/attachments\/:id$/.test(p)) return one({ id: w.inbound.attachmentId });
  if (/^\/(api\/v1\/)?records\/:id$/.test(p)) return one({ id: 'CVE-2026-0001' });
  if (p === '/api/v1/calendar/holidays/:year') return one({ year: 2026 });
  return one({});
}

export async function resolvePath(route, params, user) {
  let path = route.pattern;
  for (const name of [...path.matchAll(/:(\w+)/g)].map((m) => m[1])) {
    let value = params[name];
    if (typeof value === 'function') value = await value(user);
    if (value === undefined) throw new Error(`${route.key}: no value for :${name}`);
    path = path.replace(`:${name}`, encodeURIComponent(String(value)));
  }
  return path + (QUERIES[route.key] ?? '');
}

/** Routes of the JSON API (bearer tokens); the rest are pages (session cookies, CSRF field). */
export const isApi = (route) => route.pattern.startsWith('/api/');

/**
 * Sends `route`'s sample request to `path` as `user` (bearer token for the API,
 * `session` — {cookie, csrfToken} — for pages). `body` replaces the sample body.
 */
export async function call(w, route, state, path, user, session, { body } = {}) {
  const c = state === 'before' ? w.cases.X : w.cases.Y;
  const made = body !== undefined ? body : route.method === 'GET' ? undefined : BODIES[route.key]({ w, c, user });
  if (isApi(route)) {
    const opts = { token: user.token };
    if (made && made.raw !== undefined) {
      return request(w.baseUrl, route.method, path + made.query, { ...opts, body: made.raw,
        headers: { 'content-type': 'text/plain' } });
    }
    if (made) opts.json = made;
    return request(w.baseUrl, route.method, path, opts);
  }
  const opts = { cookie: session.cookie };
  if (route.method === 'GET') return request(w.baseUrl, 'GET', path, opts);
  if (made && made.file) {
    const form = new FormData();
    form.set('csrf', session.csrfToken);
    form.set('attachment', new Blob([made.file.bytes], { type: 'text/plain' }), made.file.name);
    return request(w.baseUrl, route.method, path, { ...opts, body: form });
  }
  return request(w.baseUrl, route.method, path, { ...opts,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...made, csrf: session.csrfToken }).toString() });
}

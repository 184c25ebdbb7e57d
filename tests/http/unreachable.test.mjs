// Unreachable developers and the release-decision committee (PROCESS.md §5,
// G2-3, G7) against the real binary on a test clock (`serve --test-clock-file`):
// the whole path from the first contact attempt to the committee's decision
// and the publication of the advisory with "vendor's view: none"; and a
// developer answering at the product-publication stage, which takes the case
// back to normal coordination and removes the public entry.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { addStaff, addUser, client, login, registerFinder, request, runCli, softwareReport, startServer,
  uniqueEmail, webLogin, hiddenCsrf } from '../lib/server.mjs';
import { armoredMessage, gpgIdentity, mailEnv, startSmtpSink, waitUntil } from '../lib/smtp.mjs';

const DAY = 24 * 3600 * 1000;
const T0 = Date.parse('2026-01-05T01:00:00Z');  // 10:00 JST

/** A running server on the test clock (with `env`), with the parties of the path. */
async function setUp({ env = {} } = {}) {
  const server = await startServer({ clock: T0, env });
  let now = T0;
  const at = async (ms) => { now = ms; await server.setClock(ms); };
  const lead = await addStaff(server, { role: 'lead_coordinator', name: 'Lead Coordinator' });
  const analyst = await addStaff(server, { role: 'intake_analyst' });
  const otherCoordinator = await addStaff(server, { role: 'coordinator', name: 'Other Coordinator' });
  const members = [await addStaff(server, { role: 'committee', name: 'Member One' }),
    await addStaff(server, { role: 'committee', name: 'Member Two' })];
  const finder = await registerFinder(server.baseUrl);
  // The developer is in the registry (its PSIRT account must see nothing of this).
  const vendorEmail = uniqueEmail('psirt');
  await addStaff(server, { role: 'vendor', email: vendorEmail, password: 'vendor-password-1', name: 'PSIRT' });
  const vendorApi = client(server.baseUrl, await login(server.baseUrl, vendorEmail, 'vendor-password-1'));
  const v = await lead.api.post('/api/v1/vendors', { json: { name: 'Foo Soft', name_en: 'Foo Soft',
    registration: 'individual', contact_email: 'info@foo-soft.example' } });
  assert.equal(v.status, 201, v.text);
  const me = await vendorApi.get('/api/v1/me');
  assert.equal((await lead.api.post(`/api/v1/vendors/${v.json.id}/members`, { json: { user_id: me.json.id } })).status,
    200);
  const r = await finder.api.post('/api/v1/reports', { json: softwareReport({
    title: 'Heap overflow in FooViewer TIFF decoder', product_name: 'FooViewer', product_version: '2.1' }) });
  assert.equal(r.status, 201, r.text);
  const accepted = await analyst.api.post(`/api/v1/reports/${r.json.id}/accept`, { json: { note: '' } });
  assert.equal(accepted.status, 200, accepted.text);
  const caseId = accepted.json.case.id;
  const identifier = accepted.json.case.identifier;
  assert.equal((await lead.api.put(`/api/v1/cases/${caseId}/info`, { json: {
    overview: 'A memory corruption in an image viewer.',
    details: 'SECRET-DETAIL: a 70000-byte strip offset overflows the decoder buffer.',
    product_ids: '', keywords: '' } })).status, 200);
  assert.equal((await lead.api.post(`/api/v1/cases/${caseId}/vendors`,
    { json: { vendor_id: v.json.id, obvious: false, tier: 0 } })).status, 200);
  const base = `/api/v1/cases/${caseId}/vendors/${v.json.id}`;
  const attempt = (body) => lead.api.post(`${base}/contacts`, { json: body });
  return { server, at, now: () => now, lead, analyst, otherCoordinator, members, finder, vendorApi,
    vendorId: v.json.id, caseId, identifier, base, attempt, web: `/cases/${caseId}/vendors/${v.json.id}/contacts` };
}

/** Three unanswered attempts over 31 days by mail and phone; then confirmed and listed. */
async function listDeveloper(w) {
  assert.equal((await w.attempt({ channel: 'mail', recipient: 'info@foo-soft.example', outcome: 'no_answer',
    note: 'Asked for a security contact.' })).status, 201);
  await w.at(T0 + 10 * DAY);
  assert.equal((await w.attempt({ channel: 'phone', recipient: '+81-3-0000-1111', outcome: 'bounced',
    note: 'Number not in service.' })).status, 201);
  await w.at(T0 + 31 * DAY);
  assert.equal((await w.attempt({ channel: 'mail', recipient: 'support@foo-soft.example', outcome: 'no_answer' }))
    .status, 201);
  const listed = await w.lead.api.post(`${w.base}/unreachable`, { json: {
    public_name: 'Foo Soft', related_url: 'https://foo-soft.example/', remarks_ja: 'FooViewer の開発者',
    remarks_en: 'The developer of FooViewer' } });
  assert.equal(listed.status, 201, listed.text);
  return listed.json;
}

const stripTags = (html) => html.replace(/<[^>]+>/g, '').replace(/&quot;/g, '"').replace(/&#39;/g, "'")
  .replace(/&amp;/g, '&');

describe('unreachable developer: from the first attempt to the committee and publication', () => {
  let w;
  before(async () => { w = await setUp(); });
  after(async () => { await w?.server.stop(); });

  test('the whole path', async () => {
    const { lead, members, base, baseUrl = w.server.baseUrl } = w;

    // 1. The first attempt: the rules are not met, nothing can be confirmed.
    assert.equal((await w.attempt({ channel: 'mail', recipient: 'info@foo-soft.example', outcome: 'no_answer' }))
      .status, 201);
    let view = await lead.api.get(`${base}/contacts`);
    assert.equal(view.status, 200, view.text);
    assert.equal(view.json.evaluation.meets_rules, false);
    assert.equal(view.json.evaluation.attempts.counted, 1);
    const early = await lead.api.post(`${base}/unreachable`, { json: { public_name: 'Foo Soft' } });
    assert.equal(early.status, 409, early.text);
    // Garbage is refused with the field named.
    const bad = await w.attempt({ channel: 'pigeon', recipient: 'x' });
    assert.equal(bad.status, 400);
    assert.equal(bad.json.error.field, 'channel');
    const future = await w.attempt({ channel: 'mail', recipient: 'x', at: '2027-01-01T00:00:00Z' });
    assert.equal(future.status, 400);
    assert.equal(future.json.error.field, 'at');

    // 2. More attempts over a month: the system proposes "unreachable" with its reasons.
    await w.at(T0 + 10 * DAY);
    assert.equal((await w.attempt({ channel: 'phone', recipient: '+81-3-0000-1111', outcome: 'bounced' })).status, 201);
    await w.at(T0 + 31 * DAY);
    assert.equal((await w.attempt({ channel: 'mail', recipient: 'support@foo-soft.example' })).status, 201);
    view = await lead.api.get(`${base}/contacts`);
    assert.equal(view.json.evaluation.meets_rules, true);
    assert.equal(view.json.evaluation.proposal, 'unreachable');
    assert.deepEqual(view.json.evaluation.channels.tried, ['mail', 'phone']);
    const session = await webLogin(baseUrl, lead.email, lead.password);
    const page = await request(baseUrl, 'GET', w.web, { cookie: `${session.cookie}; cvdhub_lang=en` });
    assert.equal(page.status, 200);
    assert.match(page.text, /Meets the rules: propose unreachable/);
    assert.match(page.text, /data-rule="period"/);
    assert.match(page.text, /31 days since the initial contact date/);

    // 3. The coordinator confirms (through the form): stage 1, listed with a DID#.
    const confirmed = await request(baseUrl, 'POST', `/cases/${w.caseId}/vendors/${w.vendorId}/unreachable`, {
      cookie: session.cookie, headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf: session.csrfToken, basis: 'no_answer', public_name: 'Foo Soft',
        related_url: 'https://foo-soft.example/', remarks_ja: 'FooViewer の開発者',
        remarks_en: 'The developer of FooViewer' }).toString() });
    assert.equal(confirmed.status, 303, confirmed.text);
    view = await lead.api.get(`${base}/contacts`);
    const entry = view.json.entry;
    assert.match(entry.did, /^DID#\d{8}$/);
    assert.equal(entry.stage, 'listed');
    const slug = entry.did.replace('DID#', 'did-');

    // The public list: fig. 3's columns, nothing confidential, no account needed, no script.
    const list = await request(baseUrl, 'GET', '/unreachable/', { headers: { 'accept-language': 'ja' } });
    assert.equal(list.status, 200);
    assert.ok(list.text.includes(entry.did));
    for (const col of ['問合せ番号', '開発者名', '関連情報', '一覧追加日', '製品情報', '備考']) assert.ok(list.text.includes(col), col);
    assert.ok(list.text.includes('Foo Soft'));
    assert.ok(list.text.includes('2026-02-05'), 'the date added (JST)');
    assert.doesNotMatch(list.text, /<script/i);
    for (const secret of [w.identifier, 'SECRET-DETAIL', 'FooViewer 2.1', 'Heap overflow', 'info@foo-soft.example']) {
      assert.ok(!list.text.includes(secret), `the public list leaks ${secret}`);
    }
    const json = await request(baseUrl, 'GET', '/api/v1/unreachable');
    assert.equal(json.status, 200);
    const row = json.json.entries.find((e) => e.did === entry.did);
    assert.deepEqual(Object.keys(row).sort(), ['advisory', 'advisory_published', 'contact_deadline', 'date_added',
      'deadline_added', 'developer', 'did', 'notice_en', 'notice_ja', 'product_information_date', 'related_url',
      'remarks_en', 'remarks_ja', 'resolved', 'slug', 'stage']);
    assert.equal(row.product_information_date, null);
    assert.ok(!JSON.stringify(json.json).includes(w.identifier));

    // 4. The committee knows nothing before the dossier is sent.
    for (const m of members) {
      assert.equal((await m.api.get(`/api/v1/committee/${entry.id}`)).status, 404);
      assert.deepEqual((await m.api.get('/api/v1/committee')).json.dossiers, []);
    }

    // 5. Stage 2 only after the grace period (3 months), in the guideline's wording.
    const tooEarly = await lead.api.post(`${base}/unreachable/product`, { json: {
      developer_kind: 'company', product_name: 'FooViewer', product_version: '2.1' } });
    assert.equal(tooEarly.status, 409);
    assert.match(tooEarly.json.error.message, /2026-05-05/);
    await w.at(T0 + 120 * DAY);  // 2026-05-05
    const product = await lead.api.post(`${base}/unreachable/product`, { json: {
      developer_kind: 'company', product_name: 'FooViewer', product_version: '2.1' } });
    assert.equal(product.status, 200, product.text);
    const ja = await request(baseUrl, 'GET', `/unreachable/${slug}`, { headers: { 'accept-language': 'ja' } });
    assert.equal(ja.status, 200);
    const jaText = stripTags(ja.text);
    assert.ok(jaText.includes('FooViewer の製品開発者に関する情報'));
    assert.ok(jaText.includes('製品名 FooViewer、バージョン 2.1 の作者、または著作権を有している製品開発者の方、'
      + 'または販売代理店等、本製品に関係する方は下記の宛先までご連絡をお願いします。'), jaText);
    assert.ok(jaText.includes('公開日：2026年05月05日'));
    const en = await request(baseUrl, 'GET', `/unreachable/${slug}`, { headers: { 'accept-language': 'en' } });
    assert.ok(stripTags(en.text).includes('If you are the author of FooViewer version 2.1, the product developer'
      + ' holding its copyright, or a distributor or anyone else related to this product'));
    const listed2 = await request(baseUrl, 'GET', '/unreachable/', { headers: { 'accept-language': 'ja' } });
    assert.ok(listed2.text.includes('2026-05-05</time>(開示)'), 'the product-information date in the list');

    // 6. Stage 3: the contact deadline; stage 4 only once it has passed.
    await w.at(T0 + 151 * DAY);  // 2026-06-05
    const deadline = await lead.api.post(`${base}/unreachable/deadline`, { json: { contact_deadline: '2026-07-06' } });
    assert.equal(deadline.status, 200, deadline.text);
    const withDeadline = stripTags((await request(baseUrl, 'GET', `/unreachable/${slug}`,
      { headers: { 'accept-language': 'ja' } })).text);
    assert.ok(withDeadline.includes('本件に関するご連絡は、2026年07月06日まで受け付けます。'));
    assert.ok(withDeadline.includes('更新日：2026年06月05日（連絡期限追記）'));
    assert.ok(withDeadline.includes('なお、2026年07月06日までにご連絡をいただけなかった場合は'));
    await w.at(Date.parse('2026-07-06T14:00:00Z'));  // 23:00 JST on the deadline day
    assert.equal((await lead.api.post(`${base}/unreachable/committee`, { json: {} })).status, 409);
    await w.at(Date.parse('2026-07-06T15:00:00Z'));  // 00:00 JST the day after
    const submitted = await lead.api.post(`${base}/unreachable/committee`, { json: {} });
    assert.equal(submitted.status, 200, submitted.text);

    // 7. The committee: the dossier (attempts, history), printable; each member votes.
    const dossier = await members[0].api.get(`/api/v1/committee/${entry.id}`);
    assert.equal(dossier.status, 200, dossier.text);
    assert.equal(dossier.json.attempts.length, 3);
    assert.ok(dossier.json.history.some((h) => h.action === 'unreachable.listed'));
    assert.ok(dossier.json.history.some((h) => h.action === 'unreachable.submitted'));
    assert.equal(dossier.json.case.product_name, 'FooViewer');
    assert.ok(!JSON.stringify(dossier.json).includes(softwareReport().finder_contact), 'never the finder');
    const memberSession = await webLogin(baseUrl, members[0].email, members[0].password);
    const printable = await request(baseUrl, 'GET', `/committee/${entry.id}`, { cookie: memberSession.cookie });
    assert.equal(printable.status, 200);
    assert.match(printable.text, /id="vote-form"/);
    assert.match(printable.text, /class="decide no-print"/);
    const css = await request(baseUrl, 'GET', '/static/app.css');
    assert.match(css.text, /@media print \{[^}]*form[^}]*display:none/);
    // Only members vote, only the case's coordinators decide; other parties see nothing.
    assert.equal((await lead.api.post(`/api/v1/committee/${entry.id}/votes`, { json: { vote: 'publish' } })).status, 404);
    assert.equal((await w.otherCoordinator.api.get(`/api/v1/committee/${entry.id}`)).status, 404);
    assert.equal((await w.vendorApi.get(`/api/v1/committee/${entry.id}`)).status, 404);
    assert.equal((await w.finder.api.get(`/api/v1/committee/${entry.id}`)).status, 404);
    assert.equal((await w.vendorApi.get(`${base}/contacts`)).status, 404);
    assert.equal((await members[0].api.post(`/api/v1/committee/${entry.id}/decision`,
      { json: { decision: 'publish', verification_ja: 'x' } })).status, 404);
    const vote = await request(baseUrl, 'POST', `/committee/${entry.id}/votes`, {
      cookie: memberSession.cookie, headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf: hiddenCsrf(printable.text), vote: 'publish',
        comment: 'Users need to manage the risk.' }).toString() });
    assert.equal(vote.status, 303, vote.text);
    assert.equal((await members[1].api.post(`/api/v1/committee/${entry.id}/votes`,
      { json: { vote: 'abstain', comment: 'No view.' } })).status, 200);
    assert.equal((await lead.api.post(`/api/v1/committee/${entry.id}/view`,
      { json: { developer_view: '' } })).status, 400);

    // 8. The decision, recorded by the coordinator from the votes.
    const decided = await lead.api.post(`/api/v1/committee/${entry.id}/decision`, { json: {
      decision: 'publish', note: 'One vote to publish, one abstention.',
      verification_ja: 'IPA および JPCERT/CC にて再現を確認しました。', verification_en: 'Reproduced.' } });
    assert.equal(decided.status, 200, decided.text);
    const afterDecision = await members[1].api.get(`/api/v1/committee/${entry.id}`);
    assert.equal(afterDecision.json.entry.stage, 'decided');
    assert.deepEqual(afterDecision.json.votes.map((v) => v.vote).sort(), ['abstain', 'publish']);
    assert.equal((await members[1].api.post(`/api/v1/committee/${entry.id}/votes`,
      { json: { vote: 'do_not_publish' } })).status, 409, 'no vote after the decision');

    // 9. Publication with "vendor's view: none", the history and the verification notes.
    const cli = await runCli(['cve', 'add-block', '2026', '40000-40009', '--data', w.server.dataDir]);
    assert.equal(cli.code, 0, cli.stderr);
    const incomplete = await lead.api.post(`/api/v1/committee/${entry.id}/publish`, { json: {} });
    assert.ok([400, 409].includes(incomplete.status), `an incomplete draft is not published: ${incomplete.text}`);
    const draft = await lead.api.put(`/api/v1/cases/${w.caseId}/advisory`, { json: {
      title: { ja: 'FooViewer におけるヒープバッファオーバーフローの脆弱性', en: 'FooViewer heap buffer overflow',
        translation: 'done' },
      overview: { ja: 'FooViewer にはヒープバッファオーバーフローの脆弱性が存在します。',
        en: 'FooViewer contains a heap buffer overflow.', translation: 'done' },
      vulnerabilities: [{ cwe: 'CWE-122', title: { ja: 'ヒープバッファオーバーフロー', en: 'Heap overflow' } }],
    } });
    assert.equal(draft.status, 200, draft.text);
    const published = await lead.api.post(`/api/v1/committee/${entry.id}/publish`, { json: {} });
    assert.equal(published.status, 200, published.text);
    const advisory = await request(baseUrl, 'GET', `/api/v1/advisories/${encodeURIComponent(w.identifier)}`);
    assert.equal(advisory.status, 200, advisory.text);
    const notes = advisory.json.coordinator_notes ?? advisory.json.sections?.coordinator_notes;
    const all = JSON.stringify(advisory.json);
    assert.ok(all.includes('ベンダの見解：なし'), 'vendor\'s view: none');
    assert.ok(all.includes('公表に至る経緯は以下のとおりです。'));
    assert.ok(all.includes('2026/07/07: 本情報を「JVN」にて公表'));
    assert.ok(all.includes('2026/07/06: 「連絡不能開発者一覧」に「補足情報」を掲載後、期限内に製品開発者から応答なし'));
    assert.ok(all.includes('IPA および JPCERT/CC にて再現を確認しました。'));
    assert.ok(all.includes("Vendor's view: None"));
    assert.ok(notes, 'the notes are a section of the advisory');
    // The public entry now shows the advisory; the contact page records it.
    const pub = await request(baseUrl, 'GET', `/api/v1/unreachable/${slug}`);
    assert.equal(pub.json.stage, 'published');
    assert.equal(pub.json.advisory, w.identifier);
    view = await lead.api.get(`${base}/contacts`);
    assert.equal(view.json.entry.stage, 'published');
    assert.equal(view.json.entry.advisory, w.identifier);
    assert.equal(view.json.entry.published_at, '2026-07-06T15:00:00Z');
  });
});

describe('unreachable developer: an answer at the product stage', () => {
  let w;
  before(async () => { w = await setUp(); });
  after(async () => { await w?.server.stop(); });

  test('the developer answers after the product was published: back to normal coordination, entry removed', async () => {
    const { lead, base, members } = w;
    const baseUrl = w.server.baseUrl;
    const entry = await listDeveloper(w);
    const slug = entry.did.replace('DID#', 'did-');
    await w.at(T0 + 125 * DAY);
    assert.equal((await lead.api.post(`${base}/unreachable/product`, { json: {
      developer_kind: 'non_company', product_name: 'FooViewer', product_version: '2.1' } })).status, 200);
    const notice = stripTags((await request(baseUrl, 'GET', `/unreachable/${slug}`,
      { headers: { 'accept-language': 'ja' } })).text);
    assert.ok(notice.includes('また、同製品の派生・関連製品のコミュニティに所属する製品開発者の方で、修正版の提供が可能な方からのご連絡もお待ちしています。'),
      'the non-company wording');

    // The developer writes in; the coordinator records it.
    await w.at(T0 + 130 * DAY);
    const answered = await lead.api.post(`${base}/unreachable/answered`, { json: { channel: 'mail',
      note: 'The author wrote to the contact address after seeing the notice.' } });
    assert.equal(answered.status, 200, answered.text);
    const view = await lead.api.get(`${base}/contacts`);
    assert.equal(view.json.entry, null, 'no open entry: normal coordination');
    assert.equal(view.json.resolved.length, 1);
    assert.equal(view.json.resolved[0].stage, 'resolved');
    assert.equal(view.json.resolved[0].resolved_from, 'product_published');
    assert.equal(view.json.evaluation.meets_rules, false, 'the answer resets the count');
    assert.ok(view.json.attempts.some((a) => a.outcome === 'answered'));
    // The case sees the answer: the developer is no longer silent.
    const c = await lead.api.get(`/api/v1/cases/${w.caseId}`);
    const row = c.json.vendors.find((v) => v.vendor_id === w.vendorId || v.id === w.vendorId);
    assert.ok(row, JSON.stringify(c.json.vendors));
    assert.equal(row.last_answer_at.utc ?? row.last_answer_at, '2026-05-15T01:00:00Z');

    // The public entry: off the list, shown as resolved, product notice withdrawn.
    const list = await request(baseUrl, 'GET', '/api/v1/unreachable');
    assert.equal(list.json.entries.length, 0);
    assert.equal(list.json.resolved.length, 1);
    assert.equal(list.json.resolved[0].did, entry.did);
    assert.equal(list.json.resolved[0].resolved, '2026-05-15');
    assert.equal(list.json.resolved[0].notice_ja, null);
    const page = await request(baseUrl, 'GET', `/unreachable/${slug}`, { headers: { 'accept-language': 'en' } });
    assert.equal(page.status, 200);
    assert.match(page.text, /id="entry-resolved"/);
    assert.ok(!page.text.includes('If you are the author of FooViewer'));
    const html = await request(baseUrl, 'GET', '/unreachable/', { headers: { 'accept-language': 'en' } });
    assert.match(html.text, /id="unreachable-resolved-list"/);
    assert.doesNotMatch(html.text, /id="unreachable-list"/);

    // Nothing further is possible on that entry; the committee never saw it.
    assert.equal((await lead.api.post(`${base}/unreachable/deadline`, { json: { contact_deadline: '2026-08-01' } }))
      .status, 409);
    assert.equal((await members[0].api.get(`/api/v1/committee/${entry.id}`)).status, 404);
  });
});

// --- Mail to the committee and to the case's coordinators (G7-2) -------------------------

/** The subject (encoded words decoded) and every base64 text part of a raw message, decoded. */
function readMail(raw) {
  const unfolded = raw.replace(/\r?\n[ \t]+/g, ' ');
  const subjectLine = (unfolded.match(/^Subject: (.*)$/m) || [])[1] || '';
  const subject = subjectLine.replace(/=\?UTF-8\?B\?([^?]*)\?=\s*/gi, (_, b) => Buffer.from(b, 'base64').toString('utf8'))
    .replace(/=\?UTF-8\?Q\?([^?]*)\?=\s*/gi, (_, q) => Buffer.from(q.replace(/_/g, ' ')
      .replace(/=([0-9A-F]{2})/gi, (__, h) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'));
  const parts = [];
  const re = /Content-Transfer-Encoding: base64\r?\n(?:[^\r\n]+\r?\n)*\r?\n([A-Za-z0-9+/=\r\n]+)/gi;
  for (let m = re.exec(raw); m; m = re.exec(raw)) parts.push(Buffer.from(m[1].replace(/\s/g, ''), 'base64').toString('utf8'));
  return { subject, body: parts.join('\n') };
}

describe('unreachable developer: the committee is mailed the dossier, the coordinators the decision', () => {
  let w;
  let sink;
  let keyed;
  before(async () => {
    sink = await startSmtpSink();
    w = await setUp({ env: mailEnv(sink, { CVDHUB_PUBLIC_URL: 'https://cvd.example.org' }) });
    keyed = await gpgIdentity('Member Keyed <member-keyed@committee.example>');
  });
  after(async () => {
    await w?.server.stop();
    await sink?.stop();
    await keyed?.cleanup();
  });

  test('each member gets a mail in their language naming the DID# and linking the dossier, nothing technical',
    async () => {
      const { lead, base } = w;
      const { baseUrl, dataDir } = w.server;
      // A member who reads English, and one with a registered OpenPGP key.
      const english = { email: uniqueEmail('member-en'), name: 'Member English' };
      await addUser(dataDir, { ...english, role: 'committee', password: 'member-password-1', lang: 'en' });
      await addUser(dataDir, { email: 'member-keyed@committee.example', name: 'Member Keyed', role: 'committee',
        password: 'member-password-1' });
      const keyOk = await w.analyst.api.put('/api/v1/mail/keys',
        { json: { email: 'member-keyed@committee.example', key: keyed.publicKey } });
      assert.equal(keyOk.status, 200, keyOk.text);
      // The lead is made a coordinator of the case: the decision goes to the case's coordinators.
      const me = await lead.api.get('/api/v1/me');
      assert.equal((await lead.api.post(`/api/v1/cases/${w.caseId}/coordinators`,
        { json: { user_id: me.json.id } })).status, 200);

      const entry = await listDeveloper(w);
      await w.at(T0 + 120 * DAY);
      assert.equal((await lead.api.post(`${base}/unreachable/product`, { json: {
        developer_kind: 'company', product_name: 'FooViewer', product_version: '2.1' } })).status, 200);
      await w.at(T0 + 151 * DAY);
      assert.equal((await lead.api.post(`${base}/unreachable/deadline`,
        { json: { contact_deadline: '2026-07-06' } })).status, 200);
      await w.at(Date.parse('2026-07-06T15:00:00Z'));
      const before = (await sink.messages()).length;
      const submitted = await lead.api.post(`${base}/unreachable/committee`, { json: {} });
      assert.equal(submitted.status, 200, submitted.text);

      const aboutDid = (list) => list.filter((m) => readMail(m.text).subject.includes(entry.did));
      const members = [w.members[0].email, w.members[1].email, english.email, 'member-keyed@committee.example'];
      const mails = await waitUntil(async () => {
        const all = aboutDid((await sink.messages()).slice(before));
        return members.every((m) => all.some((x) => x.deliveredTo === m)) ? all : null;
      }, { what: 'the committee mail' });
      await new Promise((r) => setTimeout(r, 500));  // and nobody else is mailed
      assert.deepEqual(aboutDid((await sink.messages()).slice(before)).map((m) => m.deliveredTo).sort(),
        [...members].sort(), 'every committee member once, no one else');
      const link = `https://cvd.example.org/committee/${entry.id}`;
      const secrets = ['SECRET-DETAIL', '70000-byte', 'Heap overflow', 'TIFF', 'A memory corruption', w.identifier,
        softwareReport().reproduction.slice(0, 20)];
      for (const msg of mails) {
        if (msg.deliveredTo === 'member-keyed@committee.example') continue;
        const { subject, body } = readMail(msg.text);
        assert.ok(subject.includes(`[${entry.did}]`), subject);
        assert.ok(body.includes(entry.did), body);
        assert.ok(body.includes(link), body);
        if (msg.deliveredTo === english.email) {
          assert.match(subject, /a dossier awaits your vote/);
          assert.match(body, /awaits your vote/);
        } else {
          assert.match(subject, /公表判定委員会/);
          assert.match(body, /投票をお願いします/);
        }
        for (const secret of secrets) {
          assert.ok(!msg.text.includes(secret) && !body.includes(secret) && !subject.includes(secret),
            `the mail to ${msg.deliveredTo} carries ${secret}`);
        }
      }
      // The member with a key gets it encrypted; decrypted, it is the same notice.
      const enc = mails.find((m) => m.deliveredTo === 'member-keyed@committee.example');
      assert.match(enc.text, /^Content-Type: multipart\/encrypted; protocol="application\/pgp-encrypted"/m);
      keyed.importKey((await request(baseUrl, 'GET', '/pgp-key.asc')).text);
      const d = keyed.decrypt(armoredMessage(enc.text));
      assert.equal(d.code, 0, d.status);
      const inner = readMail(d.plaintext);
      assert.ok(inner.body.includes(entry.did) && inner.body.includes(link), inner.body);
      for (const secret of secrets) assert.ok(!d.plaintext.includes(secret), secret);

      // The decision: the case's coordinators are told, nobody else.
      assert.equal((await w.members[0].api.post(`/api/v1/committee/${entry.id}/votes`,
        { json: { vote: 'do_not_publish', comment: 'Not yet.' } })).status, 200);
      const mark = (await sink.messages()).length;
      const decided = await lead.api.post(`/api/v1/committee/${entry.id}/decision`, { json: {
        decision: 'do_not_publish', note: 'One vote against publishing.' } });
      assert.equal(decided.status, 200, decided.text);
      const told = await waitUntil(async () => (await sink.messages()).slice(mark)
        .find((m) => m.deliveredTo === lead.email), { what: 'the decision mail' });
      await new Promise((r) => setTimeout(r, 500));
      assert.deepEqual(aboutDid((await sink.messages()).slice(mark)).map((m) => m.deliveredTo), [lead.email],
        'the case\'s coordinator only');
      const { subject, body } = readMail(told.text);
      assert.ok(subject.includes(`[${entry.did}]`), subject);
      assert.ok(body.includes(entry.did) && body.includes(link), body);
      assert.match(body, /公表しない|Do not publish/);
      for (const secret of secrets) assert.ok(!told.text.includes(secret) && !body.includes(secret), secret);
    });
});

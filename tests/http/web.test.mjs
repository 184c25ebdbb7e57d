// Browser-facing behaviour over plain HTTP: the log-in form, session cookies,
// CSRF protection of cookie-authenticated requests, and the HTML forms.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';

import { addStaff, hiddenCsrf, parseSetCookies, registerFinder, request, softwareReport, startServer, webLogin }
  from '../lib/server.mjs';

let server;
let finder;
before(async () => {
  server = await startServer();
  finder = await registerFinder(server.baseUrl, { displayName: 'Web Finder', password: 'web finder password' });
});
after(async () => { await server?.stop(); });

const req = (method, path, opts) => request(server.baseUrl, method, path, opts);
const formBody = (fields) => ({
  headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'en' },
  body: new URLSearchParams(fields).toString(),
});

async function myReportCount() {
  return (await finder.api.get('/api/v1/reports')).json.reports.length;
}

/** GET /login: the pre-session cookie header value and the form's token. */
async function loginForm(path = '/login') {
  const r = await req('GET', path, { headers: { 'accept-language': 'en' } });
  assert.equal(r.status, 200);
  return { cookie: `cvdhub_csrf=${parseSetCookies(r.headers).cvdhub_csrf.value}`, csrf: hiddenCsrf(r.text), page: r };
}

describe('log-in form and session cookie', () => {
  test('a successful log-in sets an HttpOnly, SameSite=Strict session cookie and redirects', async () => {
    const { cookie, csrf } = await loginForm();
    const r = await req('POST', '/login', { cookie, ...formBody({ email: finder.email, password: finder.password, csrf }) });
    assert.equal(r.status, 303, r.text.slice(0, 300));
    assert.equal(r.headers.get('location'), '/');
    const s = parseSetCookies(r.headers).cvdhub_session;
    assert.ok(s, 'session cookie set');
    assert.ok(s.value.length >= 32);
    assert.ok(s.attrs.includes('httponly'), s.raw);
    assert.ok(s.attrs.includes('samesite=strict'), s.raw);
    assert.ok(s.attrs.includes('path=/'), s.raw);
    assert.ok(s.attrs.some((a) => /^max-age=\d+$/.test(a)), s.raw);
    assert.ok(r.headers.get('content-security-policy').includes("default-src 'none'"));

    const me = await req('GET', '/api/v1/me', { cookie: `cvdhub_session=${s.value}` });
    assert.equal(me.status, 200);
    assert.equal(me.json.email, finder.email);
  });

  test('next= is followed for local paths only', async () => {
    const cases = [['/reports', '/reports'], ['//evil.example/x', '/'], ['https://evil.example/', '/'],
      ['/\\evil.example', '/'], ['', '/']];
    for (const [next, expected] of cases) {
      const { cookie, csrf } = await loginForm();
      const r = await req('POST', '/login',
        { cookie, ...formBody({ email: finder.email, password: finder.password, csrf, next }) });
      assert.equal(r.status, 303);
      assert.equal(r.headers.get('location'), expected, `next=${next}`);
    }
  });

  test('a wrong password re-shows the form with an error and sets no session', async () => {
    const { cookie, csrf } = await loginForm();
    const r = await req('POST', '/login', { cookie, ...formBody({ email: finder.email, password: 'nope nope nope', csrf }) });
    assert.equal(r.status, 401);
    assert.match(r.headers.get('content-type'), /^text\/html/);
    assert.ok(r.text.includes('Wrong e-mail address or password.'));
    assert.ok(r.text.includes(`value="${finder.email}"`), 'the e-mail address is kept');
    assert.ok(!r.text.includes('nope nope nope'), 'the password is never echoed');
    assert.equal(parseSetCookies(r.headers).cvdhub_session, undefined);
  });

  test('the log-in form needs the pre-session CSRF cookie and matching field', async () => {
    const { cookie, csrf } = await loginForm();
    const noCookie = await req('POST', '/login', formBody({ email: finder.email, password: finder.password, csrf }));
    assert.equal(noCookie.status, 403);
    assert.equal(parseSetCookies(noCookie.headers).cvdhub_session, undefined);
    const wrongField = await req('POST', '/login',
      { cookie, ...formBody({ email: finder.email, password: finder.password, csrf: `${csrf}x` }) });
    assert.equal(wrongField.status, 403);
    const noField = await req('POST', '/login', { cookie, ...formBody({ email: finder.email, password: finder.password }) });
    assert.equal(noField.status, 403);
    assert.equal(parseSetCookies(noField.headers).cvdhub_session, undefined);
  });

  test('log-out ends the session', async () => {
    const s = await webLogin(server.baseUrl, finder.email, finder.password);
    assert.equal((await req('GET', '/api/v1/me', { cookie: s.cookie })).status, 200);
    const noCsrf = await req('POST', '/logout', { cookie: s.cookie, ...formBody({}) });
    assert.equal(noCsrf.status, 403, 'log-out needs the CSRF token too');
    assert.equal((await req('GET', '/api/v1/me', { cookie: s.cookie })).status, 200);

    const out = await req('POST', '/logout', { cookie: s.cookie, ...formBody({ csrf: s.csrfToken }) });
    assert.equal(out.status, 303);
    assert.equal(out.headers.get('location'), '/');
    const cleared = parseSetCookies(out.headers).cvdhub_session;
    assert.equal(cleared.value, '');
    assert.ok(cleared.attrs.includes('max-age=0'));
    assert.equal((await req('GET', '/api/v1/me', { cookie: s.cookie })).status, 401);
    const page = await req('GET', '/reports', { cookie: s.cookie });
    assert.equal(page.status, 303);
    assert.equal(page.headers.get('location'), '/login?next=%2Freports');
  });
});

describe('CSRF on cookie-authenticated requests', () => {
  let session;
  before(async () => { session = await webLogin(server.baseUrl, finder.email, finder.password); });

  test('POST /api/v1/reports with the session cookie but no X-CSRF-Token is 403 and writes nothing', async () => {
    const before = await myReportCount();
    const r = await req('POST', '/api/v1/reports', { cookie: session.cookie, json: softwareReport() });
    assert.equal(r.status, 403, r.text);
    assert.equal(r.json.error.code, 'forbidden');
    assert.equal(await myReportCount(), before);
  });

  test('a wrong token, or the pre-session token, is 403 too', async () => {
    const before = await myReportCount();
    const { cookie: pre } = await loginForm();
    const preToken = pre.split('=')[1];
    for (const token of [`${session.csrfToken}x`, preToken, ' ']) {
      const r = await req('POST', '/api/v1/reports', { cookie: `${session.cookie}; ${pre}`, json: softwareReport(),
        headers: { 'x-csrf-token': token } });
      assert.equal(r.status, 403, `token ${token}`);
    }
    assert.equal(await myReportCount(), before);
  });

  test("the session's token in X-CSRF-Token is accepted", async () => {
    const before = await myReportCount();
    const r = await req('POST', '/api/v1/reports', { cookie: session.cookie, json: softwareReport(),
      headers: { 'x-csrf-token': session.csrfToken } });
    assert.equal(r.status, 201, r.text);
    assert.equal(await myReportCount(), before + 1);
  });

  test('other cookie-authenticated state changes need it as well', async () => {
    const rep = (await finder.api.post('/api/v1/reports', { json: softwareReport() })).json;
    const msg = await req('POST', `/api/v1/reports/${rep.id}/messages`,
      { cookie: session.cookie, json: { body: 'forged' } });
    assert.equal(msg.status, 403);
    const upload = await req('POST', `/api/v1/reports/${rep.id}/attachments?filename=a.txt`,
      { cookie: session.cookie, body: 'x', headers: { 'content-type': 'text/plain' } });
    assert.equal(upload.status, 403);
    const form = await req('POST', `/reports/${rep.id}/messages`,
      { cookie: session.cookie, ...formBody({ body: 'forged via form' }) });
    assert.equal(form.status, 403);
    assert.match(form.headers.get('content-type'), /^text\/html/);
    const v = await finder.api.get(`/api/v1/reports/${rep.id}`);
    assert.deepEqual(v.json.messages, []);
    assert.deepEqual(v.json.attachments, []);

    const ok = await req('POST', `/reports/${rep.id}/messages`,
      { cookie: session.cookie, ...formBody({ body: 'real message', csrf: session.csrfToken }) });
    assert.equal(ok.status, 303);
    assert.equal(ok.headers.get('location'), `/reports/${rep.id}?notice=message_posted#thread`);
    assert.deepEqual((await finder.api.get(`/api/v1/reports/${rep.id}`)).json.messages.map((m) => m.body),
      ['real message']);
  });

  test('a bearer token needs no CSRF token', async () => {
    const r = await finder.api.post('/api/v1/reports', { json: softwareReport() });
    assert.equal(r.status, 201);
  });
});

describe('HTML pages and forms', () => {
  let session;
  before(async () => { session = await webLogin(server.baseUrl, finder.email, finder.password); });

  test('pages that need a log-in redirect to /login with next=', async () => {
    for (const [path, next] of [['/reports/new', '%2Freports%2Fnew'], ['/reports', '%2Freports'],
      ['/queue', '%2Fqueue'], ['/reports/1', '%2Freports%2F1']]) {
      const r = await req('GET', path);
      assert.equal(r.status, 303, path);
      assert.equal(r.headers.get('location'), `/login?next=${next}`);
    }
  });

  test('registration through the form logs the finder in and goes to the report form', async () => {
    const form = await req('GET', '/register', { headers: { 'accept-language': 'en' } });
    const cookie = `cvdhub_csrf=${parseSetCookies(form.headers).cvdhub_csrf.value}`;
    const email = `form-${Date.now()}@example.test`;
    const r = await req('POST', '/register', { cookie, ...formBody({ csrf: hiddenCsrf(form.text), email,
      display_name: 'Form Finder', password: 'form finder pw', language: 'en' }) });
    assert.equal(r.status, 303, r.text.slice(0, 300));
    assert.equal(r.headers.get('location'), '/reports/new');
    const s = parseSetCookies(r.headers).cvdhub_session;
    assert.ok(s && s.attrs.includes('httponly') && s.attrs.includes('samesite=strict'));
    const me = await req('GET', '/api/v1/me', { cookie: `cvdhub_session=${s.value}` });
    assert.deepEqual([me.json.email, me.json.role, me.json.language], [email, 'finder', 'en']);

    const weak = await req('POST', '/register', { cookie, ...formBody({ csrf: hiddenCsrf(form.text),
      email: `weak-${email}`, display_name: 'Weak <b>Name</b>', password: 'short' }) });
    assert.equal(weak.status, 400);
    assert.ok(weak.text.includes('password must be at least 10 characters'));
    assert.ok(weak.text.includes('value="Weak &lt;b&gt;Name&lt;&#x2F;b&gt;"') || weak.text.includes('value="Weak &lt;b&gt;Name&lt;/b&gt;"'),
      'the typed name is kept, escaped');
  });

  test('submitting the report form (multipart, with a file) shows the report with its SHA-256', async () => {
    const before = await myReportCount();
    const poc = Buffer.from('<html><body onload="alert(1)">PoC</body></html>\n');
    const fd = new FormData();
    const fields = { csrf: session.csrfToken, kind: 'software', title: 'Form <script>alert(1)</script> report',
      product_name: 'FormCMS', product_version: '1.0', product_url: 'https://formcms.example/',
      discovery_method: 'Fuzzing', reproduction: 'Open poc.html', impact: 'Script runs', finder_name: 'Web Finder',
      language: 'en' };
    for (const [k, v] of Object.entries(fields)) fd.append(k, v);
    fd.append('attachments', new Blob([poc], { type: 'text/html' }), 'poc.html');
    const r = await req('POST', '/reports', { cookie: session.cookie, body: fd });
    assert.equal(r.status, 303, r.text.slice(0, 500));
    const location = r.headers.get('location');
    assert.match(location, /^\/reports\/\d+\?notice=submitted$/);
    assert.equal(await myReportCount(), before + 1);

    const page = await req('GET', location, { cookie: session.cookie, headers: { 'accept-language': 'en' } });
    assert.equal(page.status, 200);
    const list = (await finder.api.get('/api/v1/reports')).json.reports;
    const rep = list[0];
    assert.ok(page.text.includes(rep.intake_number));
    assert.ok(page.text.includes('Your report was received.'));
    assert.ok(page.text.includes(createHash('sha256').update(poc).digest('hex')));
    assert.ok(!page.text.includes('<script>alert(1)</script>'), 'the title is escaped');
    assert.ok(page.text.includes('Form &lt;script&gt;alert(1)&lt;&#x2F;script&gt; report')
      || page.text.includes('Form &lt;script&gt;alert(1)&lt;/script&gt; report'));
    assert.ok(!page.text.includes('id="triage"'), 'a finder sees no triage controls');
  });

  test('an invalid report form is shown again with the error and everything typed', async () => {
    const before = await myReportCount();
    const r = await req('POST', '/reports', { cookie: session.cookie, ...formBody({ csrf: session.csrfToken,
      kind: 'software', title: 'Kept title', product_name: 'Kept product', product_version: '',
      discovery_method: 'Kept method', reproduction: 'Kept steps', impact: 'Kept impact', finder_name: 'Kept name' }) });
    assert.equal(r.status, 400);
    assert.ok(r.text.includes('id="form-error"'));
    assert.ok(r.text.includes('product_version is required'));
    for (const kept of ['value="Kept title"', 'value="Kept product"', '>Kept method</textarea>', '>Kept steps</textarea>',
      '>Kept impact</textarea>', 'value="Kept name"']) {
      assert.ok(r.text.includes(kept), `form keeps ${kept}`);
    }
    assert.equal(await myReportCount(), before);
  });

  test('a finder gets 404 for the queue actions and other finders\' pages', async () => {
    const other = await registerFinder(server.baseUrl);
    const rep = (await other.api.post('/api/v1/reports', { json: softwareReport() })).json;
    const page = await req('GET', `/reports/${rep.id}`, { cookie: session.cookie, headers: { 'accept-language': 'en' } });
    assert.equal(page.status, 404);
    assert.ok(!page.text.includes(rep.intake_number));
    const queue = await req('GET', '/queue', { cookie: session.cookie });
    assert.equal(queue.status, 403);
    const ack = await req('POST', `/reports/${rep.id}/acknowledge`, { cookie: session.cookie,
      ...formBody({ csrf: session.csrfToken }) });
    assert.equal(ack.status, 404);
    assert.equal((await other.api.get(`/api/v1/reports/${rep.id}`)).json.status, 'received');
  });

  test('the analyst triages through the forms', async () => {
    const analyst = await addStaff(server, { name: 'Form Analyst' });
    const s = await webLogin(server.baseUrl, analyst.email, analyst.password);
    const rep = (await finder.api.post('/api/v1/reports', { json: softwareReport({ title: 'triage by form' }) })).json;

    const queue = await req('GET', '/queue', { cookie: s.cookie, headers: { 'accept-language': 'en' } });
    assert.equal(queue.status, 200);
    assert.ok(queue.text.includes(`<a href="/reports/${rep.id}">${rep.intake_number}</a>`));

    const ack = await req('POST', `/reports/${rep.id}/acknowledge`, { cookie: s.cookie,
      ...formBody({ csrf: s.csrfToken, note: '' }) });
    assert.equal(ack.status, 303);
    assert.equal(ack.headers.get('location'), `/reports/${rep.id}?notice=acknowledged`);
    const prio = await req('POST', `/reports/${rep.id}/priority`, { cookie: s.cookie,
      ...formBody({ csrf: s.csrfToken, critical_infrastructure: '1' }) });
    assert.equal(prio.status, 303);
    const noReason = await req('POST', `/reports/${rep.id}/decline`, { cookie: s.cookie,
      ...formBody({ csrf: s.csrfToken, reason: '' }) });
    assert.equal(noReason.status, 400);
    const accept = await req('POST', `/reports/${rep.id}/accept`, { cookie: s.cookie,
      ...formBody({ csrf: s.csrfToken, source: 'partnership', note: 'ok' }) });
    assert.equal(accept.status, 303);
    // Accepted, the report is the coordinators' (PROCESS §1): the analyst goes back to the queue.
    assert.equal(accept.headers.get('location'), '/queue?notice=accepted');

    const v = (await finder.api.get(`/api/v1/reports/${rep.id}`)).json;
    assert.equal(v.status, 'accepted');
    assert.match(v.case_identifier, /^JVN#\d{8}$/);
    assert.equal(v.priority.critical_infrastructure, true);
    const page = await req('GET', `/reports/${rep.id}`, { cookie: s.cookie, headers: { 'accept-language': 'en' } });
    assert.equal(page.status, 404, 'the analyst no longer sees a report handed to coordination');
  });
});

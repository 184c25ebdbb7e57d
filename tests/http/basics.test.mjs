// The HTTP edge: health, API discovery, routing errors, security headers,
// the stylesheet and language negotiation.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { parseSetCookies, request, runCli, startServer } from '../lib/server.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

const get = (path, opts) => request(server.baseUrl, 'GET', path, opts);

describe('health and API discovery', () => {
  test('GET /healthz answers 200 {"status":"ok"}', async () => {
    const r = await get('/healthz');
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /^application\/json/);
    assert.deepEqual(r.json, { status: 'ok' });
  });

  test('HEAD /healthz answers 200 without a body', async () => {
    const r = await request(server.baseUrl, 'HEAD', '/healthz');
    assert.equal(r.status, 200);
    assert.equal(r.buffer.length, 0);
  });

  test('GET /api/v1/openapi.json is a JSON object', async () => {
    const r = await get('/api/v1/openapi.json');
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /^application\/json/);
    assert.equal(typeof r.json, 'object');
    assert.ok(r.json !== null && !Array.isArray(r.json));
  });

  // The intake API this suite covers; every one must be served and documented.
  const intakeRoutes = [
    'GET /healthz', 'GET /api/v1/openapi.json', 'POST /api/v1/users', 'POST /api/v1/tokens', 'GET /api/v1/me',
    'POST /api/v1/reports', 'GET /api/v1/reports', 'GET /api/v1/reports/:id', 'POST /api/v1/reports/:id/messages',
    'POST /api/v1/reports/:id/attachments', 'GET /api/v1/reports/:id/attachments/:aid',
    'POST /api/v1/reports/:id/acknowledge', 'POST /api/v1/reports/:id/accept', 'POST /api/v1/reports/:id/decline',
    'PUT /api/v1/reports/:id/priority', 'GET /api/v1/calendar/holidays/:year',
  ];

  test('`cvdhub routes` lists every intake API route', async () => {
    const routes = await runCli(['routes']);
    assert.equal(routes.code, 0, routes.stderr);
    const listed = new Set(routes.stdout.trim().split('\n'));
    assert.deepEqual(intakeRoutes.filter((r) => !listed.has(r)), []);
  });

  test('the OpenAPI document describes the intake API', async (t) => {
    const doc = (await get('/api/v1/openapi.json')).json;
    if (!doc.paths) {
      t.skip('the OpenAPI document is still minimal');
      return;
    }
    assert.match(doc.openapi, /^3\./);
    const missing = intakeRoutes.filter((r) => {
      const [method, pattern] = r.split(' ');
      return !doc.paths[pattern.replace(/:([a-z_]+)/g, '{$1}')]?.[method.toLowerCase()];
    });
    assert.deepEqual(missing, [], `undocumented: ${missing.join(', ')}`);
  });

  test('the OpenAPI document describes every /api/v1 route of the router', async () => {
    const doc = (await get('/api/v1/openapi.json')).json;
    const routes = (await runCli(['routes'])).stdout.trim().split('\n').filter((r) => r.includes(' /api/v1/'));
    const missing = routes.filter((r) => {
      const [method, pattern] = r.split(' ');
      return !doc.paths[pattern.replace(/:([a-z_]+)/g, '{$1}')]?.[method.toLowerCase()];
    });
    assert.deepEqual(missing, [], `undocumented: ${missing.join(', ')}`);
  });

  test('the holiday calendar over HTTP matches the CLI', async () => {
    const r = await get('/api/v1/calendar/holidays/2026');
    assert.equal(r.status, 200);
    const cli = await runCli(['calendar', 'holidays', '2026']);
    const lines = r.json.holidays.map((h) => `${h.date}\t${h.name_ja}`);
    assert.deepEqual(lines, cli.stdout.trimEnd().split('\n'));
    assert.equal(r.json.holidays[0].name_en, "New Year's Day");
  });
});

describe('routing errors', () => {
  test('an unknown /api path is a 404 JSON error', async () => {
    const r = await get('/api/v1/no-such-thing');
    assert.equal(r.status, 404);
    assert.match(r.headers.get('content-type'), /^application\/json/);
    assert.equal(r.json.error.code, 'not_found');
    assert.equal(typeof r.json.error.message, 'string');
  });

  test('an unknown page is a 404 HTML page, not JSON', async () => {
    const r = await get('/no/such/page', { headers: { 'accept-language': 'en' } });
    assert.equal(r.status, 404);
    assert.match(r.headers.get('content-type'), /^text\/html/);
    assert.match(r.text, /This page does not exist/);
  });

  test('a wrong method is 405 with an Allow header', async () => {
    const del = await request(server.baseUrl, 'DELETE', '/healthz');
    assert.equal(del.status, 405);
    assert.equal(del.json.error.code, 'method_not_allowed');
    assert.equal(del.headers.get('allow'), 'GET');

    const getTokens = await get('/api/v1/tokens');
    assert.equal(getTokens.status, 405);
    assert.equal(getTokens.headers.get('allow'), 'POST');
  });

  test('a path with a bad percent-escape is 400', async () => {
    const r = await get('/reports/%zz');
    assert.equal(r.status, 400);
  });
});

describe('security headers', () => {
  for (const path of ['/', '/login', '/healthz', '/api/v1/nothing', '/static/app.css']) {
    test(`${path} carries CSP, nosniff and frame denial`, async () => {
      const r = await get(path);
      const csp = r.headers.get('content-security-policy');
      assert.ok(csp, 'Content-Security-Policy present');
      assert.ok(csp.includes("default-src 'none'"), csp);
      assert.ok(csp.includes("style-src 'self'"), csp);
      assert.ok(csp.includes("frame-ancestors 'none'"), csp);
      assert.ok(!/script-src/.test(csp), 'no script sources are allowed at all');
      assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(r.headers.get('x-frame-options'), 'DENY');
      assert.equal(r.headers.get('referrer-policy'), 'same-origin');
    });
  }

  test('pages are not cached; the stylesheet is', async () => {
    assert.equal((await get('/')).headers.get('cache-control'), 'no-store');
    const css = await get('/static/app.css');
    assert.equal(css.status, 200);
    assert.match(css.headers.get('content-type'), /^text\/css/);
    assert.match(css.headers.get('cache-control'), /max-age=\d+/);
    assert.ok(css.text.length > 500, 'stylesheet has content');
  });

  test('the pre-session CSRF cookie is HttpOnly and SameSite=Strict', async () => {
    const r = await get('/login');
    const c = parseSetCookies(r.headers).cvdhub_csrf;
    assert.ok(c, 'cvdhub_csrf set');
    assert.ok(c.value.length >= 20, 'token is long enough');
    assert.ok(c.attrs.includes('httponly'));
    assert.ok(c.attrs.includes('samesite=strict'));
    assert.ok(c.attrs.includes('path=/'));
  });
});

describe('language', () => {
  test('Accept-Language: en gives the English home page', async () => {
    const r = await get('/', { headers: { 'accept-language': 'en' } });
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /^text\/html; charset=utf-8/);
    assert.equal(r.headers.get('content-language'), 'en');
    assert.match(r.text, /<html lang="en">/);
    assert.ok(r.text.includes('Report a vulnerability'));
    assert.ok(!r.text.includes('脆弱性を届け出る'));
    assert.match(r.text, /<link rel="stylesheet" href="\/static\/app.css">/);
  });

  test('Accept-Language: ja gives the Japanese home page', async () => {
    const r = await get('/', { headers: { 'accept-language': 'ja' } });
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-language'), 'ja');
    assert.match(r.text, /<html lang="ja">/);
    assert.ok(r.text.includes('脆弱性を届け出る'));
    assert.ok(!r.text.includes('Report a vulnerability'));
  });

  test('weights are honoured and Japanese is the default', async () => {
    const enFirst = await get('/', { headers: { 'accept-language': 'fr;q=1, en-US;q=0.8, ja;q=0.5' } });
    assert.equal(enFirst.headers.get('content-language'), 'en');
    const none = await get('/');
    assert.equal(none.headers.get('content-language'), 'ja');
  });

  test('the language cookie overrides Accept-Language', async () => {
    const r = await get('/', { headers: { 'accept-language': 'en' }, cookie: 'cvdhub_lang=ja' });
    assert.equal(r.headers.get('content-language'), 'ja');
    assert.ok(r.text.includes('脆弱性を届け出る'));
  });

  test('GET /lang sets the cookie and goes back to a local path only', async () => {
    const r = await get('/lang?to=en&back=/reports/new');
    assert.equal(r.status, 303);
    assert.equal(r.headers.get('location'), '/reports/new');
    const c = parseSetCookies(r.headers).cvdhub_lang;
    assert.equal(c.value, 'en');
    assert.ok(c.attrs.includes('samesite=strict'));

    for (const back of ['//evil.example/', 'https://evil.example/', '/\\evil.example']) {
      const off = await get(`/lang?to=ja&back=${encodeURIComponent(back)}`);
      assert.equal(off.status, 303);
      assert.equal(off.headers.get('location'), '/', `back=${back} must not redirect off-site`);
    }
  });

  test('the page links to the other language', async () => {
    const langHref = (html) => {
      const m = html.match(/<a class="lang" href="([^"]*)"/);
      assert.ok(m, 'language link present');
      return m[1].replaceAll('&amp;', '&').replaceAll('&#x2F;', '/');
    };
    const en = await get('/login', { headers: { 'accept-language': 'en' } });
    assert.equal(langHref(en.text), '/lang?to=ja&back=%2Flogin');
    assert.match(en.text, /<a class="lang"[^>]*>日本語<\/a>/);
    const ja = await get('/login', { headers: { 'accept-language': 'ja' } });
    assert.equal(langHref(ja.text), '/lang?to=en&back=%2Flogin');
    assert.match(ja.text, /<a class="lang"[^>]*>English<\/a>/);
  });
});

// Log-in rate limiting: 10 failures per e-mail address (and per client
// address) within 15 minutes block further attempts with 429. This file has a
// server of its own because the client address (127.0.0.1) is blocked too.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { client, hiddenCsrf, parseSetCookies, registerFinder, request, startServer } from '../lib/server.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

test('after 10 failed log-ins for one address, the 11th attempt is 429 even with the right password', async () => {
  const victim = await registerFinder(server.baseUrl, { password: 'the right password' });
  const other = await registerFinder(server.baseUrl, { password: 'other right password' });

  for (let i = 1; i <= 10; i++) {
    const r = await request(server.baseUrl, 'POST', '/api/v1/tokens',
      { json: { email: victim.email, password: `wrong guess ${i}` } });
    assert.equal(r.status, 401, `attempt ${i} is an ordinary failure`);
  }

  const blocked = await request(server.baseUrl, 'POST', '/api/v1/tokens',
    { json: { email: victim.email, password: 'the right password' } });
  assert.equal(blocked.status, 429, blocked.text);
  assert.equal(blocked.json.error.code, 'rate_limited');
  assert.ok(!('token' in blocked.json));

  // The same client address is limited as well (per-client window).
  const fromSameClient = await request(server.baseUrl, 'POST', '/api/v1/tokens',
    { json: { email: other.email, password: 'other right password' } });
  assert.equal(fromSameClient.status, 429);

  // The web log-in form is limited by the same counters and says so.
  const form = await request(server.baseUrl, 'GET', '/login', { headers: { 'accept-language': 'en' } });
  const pre = parseSetCookies(form.headers).cvdhub_csrf.value;
  const web = await request(server.baseUrl, 'POST', '/login', {
    cookie: `cvdhub_csrf=${pre}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'en' },
    body: new URLSearchParams({ email: victim.email, password: 'the right password', csrf: hiddenCsrf(form.text) })
      .toString(),
  });
  assert.equal(web.status, 429);
  assert.match(web.text, /Too many failed attempts/);
  assert.equal(web.headers.getSetCookie().filter((c) => c.startsWith('cvdhub_session=')).length, 0);

  // Tokens issued before keep working: the limit is on log-in only.
  const me = await client(server.baseUrl, victim.token).get('/api/v1/me');
  assert.equal(me.status, 200);
});

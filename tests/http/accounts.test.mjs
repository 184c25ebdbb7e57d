// Finder registration, API tokens and authentication.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { addUser, client, login, request, runCli, startServer, uniqueEmail } from '../lib/server.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

const post = (path, json, opts = {}) => request(server.baseUrl, 'POST', path, { json, ...opts });

describe('finder registration (POST /api/v1/users)', () => {
  test('creates a finder: 201 with id, email and role', async () => {
    const email = uniqueEmail('reg');
    const r = await post('/api/v1/users', { email, password: 'a long passphrase', display_name: 'Reg Finder',
      language: 'en' });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.email, email);
    assert.equal(r.json.role, 'finder');
    assert.ok(Number.isInteger(r.json.id) && r.json.id > 0);
    assert.ok(!('password' in r.json) && !('password_hash' in r.json), 'no password material echoed');

    const token = await login(server.baseUrl, email, 'a long passphrase');
    const me = await client(server.baseUrl, token).get('/api/v1/me');
    assert.equal(me.status, 200);
    assert.deepEqual(me.json, { id: r.json.id, email, display_name: 'Reg Finder', role: 'finder', language: 'en' });
  });

  test('language defaults to Japanese', async () => {
    const email = uniqueEmail('reg-ja');
    const r = await post('/api/v1/users', { email, password: 'a long passphrase', display_name: '発見 花子' });
    assert.equal(r.status, 201);
    const token = await login(server.baseUrl, email, 'a long passphrase');
    const me = await client(server.baseUrl, token).get('/api/v1/me');
    assert.equal(me.json.language, 'ja');
    assert.equal(me.json.display_name, '発見 花子');
  });

  test('a duplicate e-mail address is 409 naming email, and the first account still works', async () => {
    const email = uniqueEmail('dup');
    assert.equal((await post('/api/v1/users', { email, password: 'first password!', display_name: 'One' })).status, 201);
    const again = await post('/api/v1/users', { email, password: 'second password', display_name: 'Two' });
    assert.equal(again.status, 409, again.text);
    assert.equal(again.json.error.code, 'conflict');
    assert.equal(again.json.error.field, 'email');
    // The second attempt changed nothing: the first password still logs in, the second does not.
    const token = await login(server.baseUrl, email, 'first password!');
    const me = await client(server.baseUrl, token).get('/api/v1/me');
    assert.equal(me.json.display_name, 'One');
    const wrong = await post('/api/v1/tokens', { email, password: 'second password' });
    assert.equal(wrong.status, 401);
  });

  test('a weak password is 400 naming "password", and no account is made', async () => {
    const email = uniqueEmail('weak');
    const r = await post('/api/v1/users', { email, password: 'short', display_name: 'Weak' });
    assert.equal(r.status, 400, r.text);
    assert.equal(r.json.error.code, 'invalid_input');
    assert.equal(r.json.error.field, 'password');
    assert.match(r.json.error.message, /10 characters/);
    // Nothing was written: the address is still free.
    const retry = await post('/api/v1/users', { email, password: 'long enough now', display_name: 'Weak' });
    assert.equal(retry.status, 201, retry.text);
  });

  test('other invalid input names the field', async () => {
    const cases = [
      [{ email: 'not-an-address', password: 'long enough pw', display_name: 'X' }, 'email'],
      [{ email: uniqueEmail('noname'), password: 'long enough pw', display_name: '' }, 'display_name'],
      [{ email: uniqueEmail('longname'), password: 'long enough pw', display_name: 'x'.repeat(301) }, 'display_name'],
      [{ email: 123, password: 'long enough pw', display_name: 'X' }, 'email'],
      [{ email: uniqueEmail('longpw'), password: 'p'.repeat(1025), display_name: 'X' }, 'password'],
    ];
    for (const [body, field] of cases) {
      const r = await post('/api/v1/users', body);
      assert.equal(r.status, 400, `${JSON.stringify(body).slice(0, 80)} → ${r.text}`);
      assert.equal(r.json.error.field, field);
    }
  });

  test('malformed JSON and wrong content type are rejected', async () => {
    const bad = await request(server.baseUrl, 'POST', '/api/v1/users', {
      body: '{"email": ', headers: { 'content-type': 'application/json' } });
    assert.equal(bad.status, 400);
    assert.equal(bad.json.error.field, 'body');
    const form = await request(server.baseUrl, 'POST', '/api/v1/users', {
      body: 'email=a%40b.c', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(form.status, 415);
    assert.equal(form.json.error.field, 'content-type');
    const notObject = await post('/api/v1/users', ['email']);
    assert.equal(notObject.status, 400);
  });

  test('self-registration always makes a finder, whatever the body says', async () => {
    const email = uniqueEmail('sneaky');
    const r = await post('/api/v1/users', { email, password: 'long enough pw', display_name: 'X',
      role: 'admin' });
    // This endpoint ignores members it does not know (unlike report submission);
    // what matters is that the role never comes from the body.
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.role, 'finder');
    const token = await login(server.baseUrl, email, 'long enough pw');
    assert.equal((await client(server.baseUrl, token).get('/api/v1/me')).json.role, 'finder');
  });
});

describe('tokens (POST /api/v1/tokens)', () => {
  let email;
  const password = 'token test password';
  before(async () => {
    email = uniqueEmail('tok');
    const r = await post('/api/v1/users', { email, password, display_name: 'Token User' });
    assert.equal(r.status, 201);
  });

  test('the right password gives a bearer token that authenticates', async () => {
    const r = await post('/api/v1/tokens', { email, password, name: 'laptop' });
    assert.equal(r.status, 201, r.text);
    assert.match(r.json.token, /^cvd_[A-Za-z0-9_-]{20,}$/);
    assert.ok(Number.isInteger(r.json.user_id));
    const me = await client(server.baseUrl, r.json.token).get('/api/v1/me');
    assert.equal(me.status, 200);
    assert.equal(me.json.email, email);
    // The token exchange does not leave a browser session behind.
    assert.equal(r.headers.getSetCookie().length, 0);
  });

  test('each exchange issues a different token', async () => {
    const a = await login(server.baseUrl, email, password);
    const b = await login(server.baseUrl, email, password);
    assert.notEqual(a, b);
  });

  test('a wrong password is 401 with WWW-Authenticate and no token', async () => {
    const r = await post('/api/v1/tokens', { email, password: 'not the password' });
    assert.equal(r.status, 401);
    assert.equal(r.json.error.code, 'unauthenticated');
    assert.equal(r.headers.get('www-authenticate'), 'Bearer');
    assert.ok(!('token' in r.json));
  });

  test('an unknown address fails the same way as a wrong password', async () => {
    const unknown = await post('/api/v1/tokens', { email: uniqueEmail('nobody'), password });
    const wrong = await post('/api/v1/tokens', { email, password: 'not the password' });
    assert.equal(unknown.status, 401);
    assert.deepEqual(unknown.json, wrong.json);
  });

  test('a token name longer than 100 bytes is 400 naming name', async () => {
    const r = await post('/api/v1/tokens', { email, password, name: 'n'.repeat(101) });
    assert.equal(r.status, 400);
    assert.equal(r.json.error.field, 'name');
  });
});

describe('authentication', () => {
  test('anonymous calls to the API are 401', async () => {
    for (const [method, path] of [['GET', '/api/v1/me'], ['GET', '/api/v1/reports'], ['GET', '/api/v1/reports/1'],
      ['POST', '/api/v1/reports'], ['POST', '/api/v1/reports/1/messages'], ['POST', '/api/v1/reports/1/acknowledge']]) {
      const r = await request(server.baseUrl, method, path, method === 'POST' ? { json: {} } : {});
      assert.equal(r.status, 401, `${method} ${path}`);
      assert.equal(r.json.error.code, 'unauthenticated');
    }
  });

  test('a bad or malformed bearer token is 401', async () => {
    for (const authorization of ['Bearer cvd_nope', 'Bearer ', 'Basic Zm9vOmJhcg==']) {
      const r = await request(server.baseUrl, 'GET', '/api/v1/me', { headers: { authorization } });
      assert.equal(r.status, 401, authorization);
    }
  });

  test('an unknown session cookie is treated as anonymous', async () => {
    const r = await request(server.baseUrl, 'GET', '/api/v1/me', { cookie: 'cvdhub_session=forged' });
    assert.equal(r.status, 401);
  });

  test('staff accounts made with the CLI can log in; the CLI rejects bad input', async () => {
    const email = uniqueEmail('staff');
    await addUser(server.dataDir, { email, name: 'Staff Person', role: 'intake_analyst', password: 'staff password 1' });
    const token = await login(server.baseUrl, email, 'staff password 1');
    const me = await client(server.baseUrl, token).get('/api/v1/me');
    assert.equal(me.json.role, 'intake_analyst');

    const dup = await runCli(['user', 'add', '--data', server.dataDir, '--email', email, '--name', 'Again',
      '--password-stdin'], { input: 'another password\n' });
    assert.notEqual(dup.code, 0);
    assert.match(dup.stderr, /already exists/);

    const weak = await runCli(['user', 'add', '--data', server.dataDir, '--email', uniqueEmail('w'), '--name', 'W',
      '--password-stdin'], { input: 'short\n' });
    assert.notEqual(weak.code, 0);
    assert.match(weak.stderr, /password/);

    const role = await runCli(['user', 'add', '--data', server.dataDir, '--email', uniqueEmail('r'), '--name', 'R',
      '--role', 'overlord', '--password-stdin'], { input: 'long enough password\n' });
    assert.notEqual(role.code, 0);
    assert.match(role.stderr, /role/);
  });
});

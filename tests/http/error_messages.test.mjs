// App errors in the reader's language: every static English error message of
// src/app and src/domain has its Japanese in i18n/errors.ja.json, pages show
// it to Japanese readers, and the JSON API keeps the English.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { hiddenCsrf, parseSetCookies, registerFinder, repoRoot, request, startServer, uniqueEmail, webLogin }
  from '../lib/server.mjs';

const catalogue = JSON.parse(fs.readFileSync(path.join(repoRoot, 'i18n', 'errors.ja.json'), 'utf8'));

function* sources(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* sources(p);
    else if (/\.(cpp|hpp)$/.test(e.name) && !/_test\.cpp$/.test(e.name)) yield p;
  }
}

// Error::Invalid("field", "message"), Error::Conflict("message"), …: the
// message may run over lines and be several adjacent literals.
const errorCall = /Error::(?:Invalid|Conflict|Forbidden|NotFound|Unauthenticated)\(\s*(?:"(?:[^"\\]|\\.)*"\s*,\s*)?((?:"(?:[^"\\]|\\.)*"\s*)+)\)/g;

/** Every static error message literal of src/app and src/domain, with where it is. */
function staticMessages() {
  const found = new Map();
  for (const dir of ['src/app', 'src/domain']) {
    for (const file of sources(path.join(repoRoot, dir))) {
      // Whole-line comments describe errors without raising them.
      const code = fs.readFileSync(file, 'utf8').split('\n').map((l) => (/^\s*\/\//.test(l) ? '' : l)).join('\n');
      for (const m of code.matchAll(errorCall)) {
        const text = [...m[1].matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((x) => JSON.parse(`"${x[1]}"`)).join('');
        if (!found.has(text)) found.set(text, path.relative(repoRoot, file));
      }
    }
  }
  return found;
}

describe('the Japanese error catalogue', () => {
  test('every static error message in src/app and src/domain has a Japanese translation', () => {
    const messages = staticMessages();
    assert.ok(messages.size > 150, `only ${messages.size} messages found: is the scan broken?`);
    const missing = [...messages].filter(([text]) => !(text in catalogue)).map(([text, file]) => `${file}: ${text}`);
    assert.deepEqual(missing, [], 'add these to i18n/errors.ja.json');
  });

  test('every entry is a non-empty Japanese text keeping the placeholders of its English', () => {
    for (const [en, ja] of Object.entries(catalogue)) {
      assert.equal(typeof ja, 'string', en);
      assert.match(ja, /[\u3040-\u30ff\u4e00-\u9fff]/, `not Japanese: ${en}`);
      const names = (s) => [...s.matchAll(/\{([a-z0-9_]+)\}/g)].map((m) => m[1]).sort();
      assert.deepEqual(names(ja), names(en), `placeholders of ${en}`);
    }
  });
});

describe('form errors in the reader\'s language', () => {
  let server;
  before(async () => { server = await startServer(); });
  after(async () => { await server?.stop(); });
  const req = (method, p, opts) => request(server.baseUrl, method, p, opts);

  async function registerWithShortPassword(lang) {
    const form = await req('GET', '/register', { headers: { 'accept-language': lang } });
    const cookie = `cvdhub_csrf=${parseSetCookies(form.headers).cvdhub_csrf.value}`;
    return req('POST', '/register', {
      cookie,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': lang },
      body: new URLSearchParams({ csrf: hiddenCsrf(form.text), email: uniqueEmail('short'), display_name: 'Short',
        password: 'short' }).toString(),
    });
  }

  test('the registration form shows a static message in Japanese to a Japanese reader, in English to an English one',
    async () => {
      const ja = await registerWithShortPassword('ja');
      assert.equal(ja.status, 400);
      assert.equal(ja.headers.get('content-language'), 'ja');
      assert.ok(ja.text.includes('パスワードは 10 文字以上で入力してください。'), ja.text.slice(0, 2000));
      assert.ok(!ja.text.includes('password must be at least 10 characters'));

      const en = await registerWithShortPassword('en');
      assert.equal(en.status, 400);
      assert.equal(en.headers.get('content-language'), 'en');
      assert.ok(en.text.includes('password must be at least 10 characters'), en.text.slice(0, 2000));
      assert.ok(!en.text.includes('パスワードは 10 文字以上'));
    });

  test('a message built at run time is translated by its pattern, in the language of the finder\'s account',
    async () => {
      for (const [lang, expected] of [['ja', 'title を入力してください。'], ['en', 'title is required']]) {
        const finder = await registerFinder(server.baseUrl, { language: lang });
        const s = await webLogin(server.baseUrl, finder.email, finder.password);
        const r = await req('POST', '/reports', {
          cookie: s.cookie,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ csrf: s.csrfToken, kind: 'software', title: '' }).toString(),
        });
        assert.equal(r.status, 400, r.text.slice(0, 500));
        assert.equal(r.headers.get('content-language'), lang);
        const shown = r.text.match(/<p class="error" role="alert" id="form-error">([^<]*)<\/p>/);
        assert.ok(shown, r.text.slice(0, 2000));
        assert.equal(shown[1], expected);
      }
    });

  test('a form that fails before its page is set up (expired form) is answered in the reader\'s language',
    async () => {
      for (const [lang, expected] of [['ja', 'ja'], ['en', 'en']]) {
        // No pre-session cookie: the form has expired.
        const r = await req('POST', '/register', {
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': lang },
          body: new URLSearchParams({ csrf: 'x', email: uniqueEmail('late') }).toString(),
        });
        assert.equal(r.status, 403, r.text.slice(0, 500));
        assert.equal(r.headers.get('content-language'), expected);
        const english = r.text.includes('the form has expired');
        assert.equal(english, lang === 'en', r.text.slice(0, 2000));
      }
    });

  test('the JSON API keeps the English message for a Japanese client', async () => {
    const r = await req('POST', '/api/v1/users', {
      headers: { 'accept-language': 'ja' },
      json: { email: uniqueEmail('api'), password: 'short', display_name: 'API' },
    });
    assert.equal(r.status, 400);
    assert.equal(r.json.error.message, 'password must be at least 10 characters');
  });
});

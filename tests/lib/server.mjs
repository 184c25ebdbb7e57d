// Helpers for the black-box tests: start the real cvdhub binary on a free
// port with a temporary store, run its CLI, and talk to it over HTTP.
import { spawn } from 'node:child_process';
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '..', '..');
export const binary = process.env.CVDHUB_BIN || path.join(repoRoot, 'build', 'cvdhub');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Servers still running when the test process exits (a test crashed before
// its stop()) are killed, so no orphan keeps a port or a temp dir busy.
const running = new Set();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** A TCP port that was free a moment ago (listen on port 0, then close). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts `cvdhub serve` on a free port with a fresh temporary data directory
 * (or `dataDir`, which is then left in place) and waits until GET /healthz
 * answers 200 (15 s at most, polled every 50 ms).
 * `clock` (a Date or ISO string) starts the server on a test clock
 * (`serve --test-clock-file`): the time stands still until `setClock()` moves it.
 * `args` are further `serve` options.
 * Returns {baseUrl, dataDir, port, output(), exited(), stop(), setClock(when) (with `clock` only)}.
 */
export async function startServer({ demo = false, env = {}, dataDir: givenDir, clock, args = [] } = {}) {
  // A given data directory is the caller's: it is kept on stop().
  const dataDir = givenDir ?? await mkdtemp(path.join(os.tmpdir(), 'cvdhub-test-'));
  const ownsDir = !givenDir;
  let setClock;
  const extra = [...args];
  if (clock !== undefined) {
    const file = path.join(dataDir, 'test-clock');
    // Written whole and renamed, so the server never reads half a time.
    setClock = async (when) => {
      const iso = new Date(when).toISOString().replace(/\.\d{3}Z$/, 'Z');
      await writeFile(`${file}.tmp`, `${iso}\n`);
      await rename(`${file}.tmp`, file);
      return iso;
    };
    await setClock(clock);
    extra.push('--test-clock-file', file);
  }
  // A port can be taken between freePort() and the bind: retry a few times.
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    try {
      const server = await launch(port, dataDir, ownsDir, demo, env, extra);
      return setClock ? { ...server, setClock } : server;
    } catch (err) {
      if (attempt >= 2 || !err.retryable) {
        if (ownsDir) await rm(dataDir, { recursive: true, force: true });
        throw err;
      }
    }
  }
}

async function launch(port, dataDir, ownsDir, demo, env, extra = []) {
  const args = ['serve', '--listen', `127.0.0.1:${port}`, '--data', dataDir, ...extra];
  if (demo) args.push('--demo');
  const child = spawn(binary, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  running.add(child);
  let output = '';
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  let exited = null;
  const exitPromise = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      running.delete(child);
      exited = { code, signal };
      resolve(exited);
    });
    child.on('error', (err) => {
      exited = { code: null, signal: null, error: err };
      resolve(exited);
    });
  });

  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 15_000;
  let healthy = false;
  while (Date.now() < deadline) {
    if (exited) break;
    try {
      const res = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.status === 200) {
        healthy = true;
        break;
      }
    } catch {
      // not listening yet
    }
    await sleep(50);
  }
  if (!healthy) {
    if (!exited) {
      child.kill('SIGKILL');
      await exitPromise;
    }
    const err = new Error(
      `cvdhub did not become healthy on ${baseUrl} (exit ${JSON.stringify(exited)}):\n${output}`);
    err.retryable = /address already in use|cannot serve/i.test(output);
    throw err;
  }

  let stopped = false;
  let killed = false;
  // SIGTERM, then SIGKILL after 5 s; removes the data directory if it made it.
  // Resolves {code, signal, killed}: how the server ended.
  async function stop() {
    if (!stopped) {
      stopped = true;
      if (!exited) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => {
          if (!exited) {
            killed = true;
            child.kill('SIGKILL');
          }
        }, 5000);
        await exitPromise;
        clearTimeout(timer);
      }
      if (ownsDir) await rm(dataDir, { recursive: true, force: true });
      // Under the sanitizer build, a report that did not crash the server
      // (UBSan, LeakSanitizer at exit) still fails the test that stops it.
      const report = output.match(/^.*(?:runtime error:|ERROR: \w+Sanitizer).*$/m);
      if (report) throw new Error(`cvdhub reported a sanitizer error: ${report[0]}\n${output.slice(-4000)}`);
    }
    return { ...exited, killed };
  }
  return { baseUrl, dataDir, port, stop, output: () => output, exited: () => exited };
}

/**
 * Runs the cvdhub CLI. Resolves {code, stdout, stderr}; never rejects for a
 * non-zero exit. `input` (string or Buffer) is written to standard input.
 */
export function runCli(args, { input, timeoutMs = 30_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (err) => { clearTimeout(timer); reject(err); });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    child.stdin.on('error', () => {});  // the CLI may exit before reading
    child.stdin.end(input ?? '');
  });
}

/**
 * Adds an account with `cvdhub user add … --password-stdin` (the way staff
 * accounts are made). Safe while a server runs on the same data dir (WAL).
 */
export async function addUser(dataDir, { email, name, role = 'intake_analyst', password, lang }) {
  const args = ['user', 'add', '--data', dataDir, '--email', email, '--name', name, '--role', role,
    '--password-stdin'];
  if (lang) args.push('--lang', lang);
  const r = await runCli(args, { input: `${password}\n` });
  if (r.code !== 0) {
    throw new Error(`cvdhub user add failed (${r.code}): ${r.stderr}${r.stdout}`);
  }
  return r;
}

/**
 * One HTTP request. `json` is sent as application/json; `body` as is.
 * Resolves {status, headers, text, json, buffer}. Redirects are not followed.
 */
export async function request(baseUrl, method, urlPath, { token, json, body, headers = {}, cookie } = {}) {
  const h = { ...headers };
  if (token) h.authorization = `Bearer ${token}`;
  if (cookie) h.cookie = cookie;
  let payload = body;
  if (json !== undefined) {
    payload = JSON.stringify(json);
    if (!Object.keys(h).some((k) => k.toLowerCase() === 'content-type')) h['content-type'] = 'application/json';
  }
  const res = await fetch(baseUrl + urlPath, { method, headers: h, body: payload, redirect: 'manual' });
  const buffer = Buffer.from(await res.arrayBuffer());
  const text = buffer.toString('utf8');
  let parsed;
  if ((res.headers.get('content-type') || '').startsWith('application/json')) {
    try { parsed = JSON.parse(text); } catch { parsed = undefined; }
  }
  return { status: res.status, headers: res.headers, text, json: parsed, buffer };
}

/** A client bound to one server and (optionally) one bearer token. */
export function client(baseUrl, token) {
  const call = (method) => (urlPath, opts = {}) => request(baseUrl, method, urlPath, { token, ...opts });
  return { token, get: call('GET'), post: call('POST'), put: call('PUT'), delete: call('DELETE') };
}

/** POST /api/v1/tokens; returns the bearer token (throws unless 201). */
export async function login(baseUrl, email, password) {
  const r = await request(baseUrl, 'POST', '/api/v1/tokens', { json: { email, password } });
  if (r.status !== 201) throw new Error(`login of ${email} failed: ${r.status} ${r.text}`);
  return r.json.token;
}

let counter = 0;
/** A unique e-mail address for this process. */
export function uniqueEmail(prefix = 'user') {
  counter += 1;
  return `${prefix}-${process.pid}-${counter}-${Date.now().toString(36)}@example.test`;
}

/** Registers a finder through the API and logs in; returns {email, password, token, id, api}. */
export async function registerFinder(baseUrl, { email = uniqueEmail('finder'), password = 'correct horse battery',
  displayName = 'Test Finder', language } = {}) {
  const body = { email, password, display_name: displayName };
  if (language) body.language = language;
  const r = await request(baseUrl, 'POST', '/api/v1/users', { json: body });
  if (r.status !== 201) throw new Error(`registration failed: ${r.status} ${r.text}`);
  const token = await login(baseUrl, email, password);
  return { email, password, token, id: r.json.id, api: client(baseUrl, token) };
}

/** Creates a staff account with the CLI and logs in; returns {email, password, token, api}. */
export async function addStaff(server, { role = 'intake_analyst', name = 'Test Analyst',
  email = uniqueEmail(role), password = 'analyst-password-1' } = {}) {
  await addUser(server.dataDir, { email, name, role, password });
  const token = await login(server.baseUrl, email, password);
  return { email, password, token, api: client(server.baseUrl, token) };
}

/** A complete software report in the API's JSON format (every field). */
export function softwareReport(overrides = {}) {
  return {
    kind: 'software',
    title: 'Stored XSS in ExampleCMS comment form',
    product_name: 'ExampleCMS',
    product_version: '4.2.1',
    product_url: 'https://cms.example/',
    discovery_method: 'Manual review of the comment rendering with an intercepting proxy.',
    tools_used: 'Burp Suite Community, curl',
    reproduction: '1. Post a comment containing <script>alert(1)</script>.\n2. Open the article.',
    impact: 'Any visitor runs attacker-controlled script in the site origin.',
    publicly_known: false,
    public_reference: '',
    time_constraints: 'Conference talk on 2026-09-01',
    vendor_contacted: true,
    vendor_contact_details: 'Wrote to security@cms.example on 2026-01-10, no answer.',
    finder_name: 'Test Finder',
    finder_contact: '+81-3-0000-0000',
    wants_credit: true,
    credit_name: 'T. Finder',
    language: 'en',
    source: 'partnership',
    ...overrides,
  };
}

/** A complete website report (no product version). */
export function websiteReport(overrides = {}) {
  const r = softwareReport({
    kind: 'website',
    title: 'SQL injection in the search of shop.example.jp',
    product_name: 'Example Shop',
    product_url: 'https://shop.example.jp/',
    ...overrides,
  });
  delete r.product_version;
  if (overrides.product_version !== undefined) r.product_version = overrides.product_version;
  return r;
}

/** Parses Set-Cookie headers into {name: {value, attrs: [lower-cased attribute strings]}}. */
export function parseSetCookies(headers) {
  const out = {};
  for (const line of headers.getSetCookie()) {
    const [pair, ...attrs] = line.split(';').map((s) => s.trim());
    const eq = pair.indexOf('=');
    out[pair.slice(0, eq)] = { value: pair.slice(eq + 1), attrs: attrs.map((a) => a.toLowerCase()), raw: line };
  }
  return out;
}

/**
 * Logs in through the HTML form as a browser would: GET /login for the
 * pre-session CSRF cookie and hidden field, then POST the form with it.
 * Returns {cookie (header value), sessionCookie, csrfToken (the session's, read from a page), response}.
 */
export async function webLogin(baseUrl, email, password) {
  const form = await request(baseUrl, 'GET', '/login');
  const pre = parseSetCookies(form.headers).cvdhub_csrf;
  if (!pre) throw new Error('GET /login set no cvdhub_csrf cookie');
  const csrf = hiddenCsrf(form.text);
  const res = await request(baseUrl, 'POST', '/login', {
    cookie: `cvdhub_csrf=${pre.value}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password, csrf, next: '' }).toString(),
  });
  const session = parseSetCookies(res.headers).cvdhub_session;
  if (res.status !== 303 || !session) throw new Error(`web login failed: ${res.status} ${res.text.slice(0, 300)}`);
  const cookie = `cvdhub_session=${session.value}`;
  // The session's CSRF token is in every page's forms (e.g. the log-out form).
  const page = await request(baseUrl, 'GET', '/', { cookie });
  return { cookie, sessionCookie: session, csrfToken: hiddenCsrf(page.text), response: res };
}

/** The value of the first hidden input named csrf in an HTML page. */
export function hiddenCsrf(html) {
  const m = html.match(/<input type="hidden" name="csrf" value="([^"]*)">/);
  if (!m) throw new Error('no csrf field in page');
  return m[1];
}

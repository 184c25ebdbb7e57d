// Helpers for the mail tests: a real SMTP server on 127.0.0.1 (aiosmtpd,
// tests/lib/smtp_sink.py) writing what it accepts into a Maildir, `cvdhub
// serve` on an existing data directory (to restart it), GnuPG as the
// vendor's and finder's OpenPGP client, and polling.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { binary, freePort, repoRoot, runCli } from './server.mjs';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Debian's python3 has python3-aiosmtpd; a python3 earlier in PATH may not.
export const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

/** Polls `fn` (async, truthy = done) every `interval` ms until `timeoutMs`; returns its value or throws. */
export async function waitUntil(fn, { timeoutMs = 20_000, interval = 100, what = 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(interval);
  }
}

/**
 * Starts the SMTP sink. Options: port (default free), maildir (default a new
 * temporary one), reject (addresses answered 550), stallRcptAt/stallSeconds,
 * crashAtData (the sink dies on that message's data, before storing it).
 * Returns {port, url, maildir, lines, waitForLine(re), messages(), stop(), exited}.
 */
// The environment that points `cvdhub serve` at `sink`, with fast retries for
// tests (1 s, then at most 2 s); `extra` adds or overrides variables.
export const mailEnv = (sink, extra = {}) => ({
  CVDHUB_SMTP: sink.url,
  CVDHUB_SMTP_TLS: 'none',
  CVDHUB_SMTP_TIMEOUT: '5',
  CVDHUB_MAIL_FROM: 'cvd@coordinator.example',
  CVDHUB_MAIL_POLL_MS: '100',
  CVDHUB_MAIL_RETRY_BASE: '1',
  CVDHUB_MAIL_RETRY_MAX: '2',
  ...extra,
});

export async function startSmtpSink({ port, maildir, reject = [], stallRcptAt = 0, stallSeconds = 30,
  crashAtData = 0 } = {}) {
  port = port ?? await freePort();
  maildir = maildir ?? await mkdtemp(path.join(os.tmpdir(), 'cvdhub-sink-'));
  const args = [path.join(repoRoot, 'tests', 'lib', 'smtp_sink.py'), '--port', String(port), '--maildir', maildir];
  for (const r of reject) args.push('--reject', r);
  if (stallRcptAt) args.push('--stall-rcpt-at', String(stallRcptAt), '--stall-seconds', String(stallSeconds));
  if (crashAtData) args.push('--crash-at-data', String(crashAtData));
  const child = spawn(python, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = [];
  let stderr = '';
  let buffered = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (d) => {
    buffered += d;
    let nl;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      lines.push(buffered.slice(0, nl));
      buffered = buffered.slice(nl + 1);
    }
  });
  child.stderr.on('data', (d) => { stderr += d; });
  let exitInfo = null;
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => {
    exitInfo = { code, signal };
    resolve(exitInfo);
  }));
  const waitForLine = (re, opts = {}) => waitUntil(() => {
    if (exitInfo && !lines.some((l) => re.test(l))) throw new Error(`sink exited: ${stderr}`);
    return lines.find((l) => re.test(l));
  }, { what: `sink line ${re}`, ...opts });
  await waitForLine(/^READY /, { timeoutMs: 15_000 });

  /** The stored messages: [{file, raw (Buffer), text, messageId, deliveredTo}]. */
  async function messages() {
    const dir = path.join(maildir, 'new');
    const names = existsSync(dir) ? (await readdir(dir)).sort() : [];
    const out = [];
    for (const name of names) {
      const raw = await readFile(path.join(dir, name));
      const text = raw.toString('latin1');
      out.push({
        file: path.join(dir, name),
        raw,
        text,
        messageId: (text.match(/^Message-ID:\s*(<[^>\r\n]+>)/im) || [])[1],
        deliveredTo: (text.match(/^Delivered-To:\s*(\S+)/im) || [])[1],
      });
    }
    return out;
  }

  async function stop({ keepMaildir = false } = {}) {
    if (!exitInfo) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    }
    if (!keepMaildir) await rm(maildir, { recursive: true, force: true });
  }
  return { port, url: `smtp://127.0.0.1:${port}`, maildir, lines, waitForLine, messages, stop, exited,
    stderr: () => stderr };
}

/**
 * Starts `cvdhub serve` on an existing data directory (a restart keeps the
 * store), with extra arguments; waits for /healthz. Returns {baseUrl, kill(signal), stop(), output()}.
 */
export async function serveOn(dataDir, extraArgs = [], env = {}) {
  const port = await freePort();
  const child = spawn(binary, ['serve', '--listen', `127.0.0.1:${port}`, '--data', dataDir, ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env },
  });
  let output = '';
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  let exitInfo = null;
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => {
    exitInfo = { code, signal };
    resolve(exitInfo);
  }));
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitUntil(async () => {
    if (exitInfo) throw new Error(`cvdhub exited ${JSON.stringify(exitInfo)}: ${output}`);
    try {
      const r = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(1000) });
      await r.arrayBuffer();
      return r.status === 200;
    } catch {
      return false;
    }
  }, { timeoutMs: 15_000, interval: 50, what: 'cvdhub to listen' });
  return {
    baseUrl,
    output: () => output,
    async kill(signal = 'SIGKILL') {
      if (!exitInfo) child.kill(signal);
      await exited;
    },
    async stop() {
      if (!exitInfo) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 8000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}

/** Queues a notification with `cvdhub mail notify` (the way the process queues them). */
export async function notify(dataDir, { to, kind = 'case.details_released', subject = 'Details', body = 'Body',
  reference = 'case:1:vendor:1', identifier = 'JVN#12345678', lang = 'en', confidential = false, name } = {}) {
  const args = ['mail', 'notify', '--data', dataDir, '--to', to, '--kind', kind, '--subject', subject,
    '--body-file', '-', '--reference', reference, '--identifier', identifier, '--lang', lang];
  if (name) args.push('--name', name);
  if (confidential) args.push('--confidential');
  const r = await runCli(args, { input: body });
  if (r.code !== 0) throw new Error(`mail notify failed (${r.code}): ${r.stderr}`);
}

/** A GnuPG home with one fresh key (Ed25519 + Cv25519, no passphrase) for `userId`. */
export async function gpgIdentity(userId) {
  const home = await mkdtemp(path.join(os.tmpdir(), 'cvdhub-gpg-'));
  const gpg = (args, input) => {
    const r = spawnSync('gpg', ['--homedir', home, '--batch', '--pinentry-mode', 'loopback', '--passphrase', '',
      ...args], { input, maxBuffer: 64 << 20 });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr.toString('utf8') };
  };
  let r = gpg(['--quick-gen-key', userId, 'ed25519', 'sign', 'never']);
  if (r.code !== 0) throw new Error(`gpg key generation failed: ${r.stderr}`);
  const fpr = gpg(['--with-colons', '--list-keys', userId]).stdout.toString().match(/^fpr:+([0-9A-F]+):/m)[1];
  r = gpg(['--quick-add-key', fpr, 'cv25519', 'encr', 'never']);
  if (r.code !== 0) throw new Error(`gpg subkey failed: ${r.stderr}`);
  return {
    home,
    fingerprint: fpr,
    publicKey: gpg(['--armor', '--export', fpr]).stdout.toString(),
    gpg,
    /** Decrypts (and verifies) an armored message: {code, plaintext, status (stderr)}. */
    decrypt(armored) {
      const d = gpg(['--decrypt'], armored);
      return { code: d.code, plaintext: d.stdout.toString('utf8'), status: d.stderr };
    },
    importKey(armored) { return gpg(['--import'], armored); },
    /** Encrypts `text` to `recipientKey` (armored), signed by this identity. */
    encryptTo(recipientKey, text, { sign = true } = {}) {
      gpg(['--import'], recipientKey);
      const rfpr = gpg(['--with-colons', '--import-options', 'show-only', '--import'], recipientKey)
        .stdout.toString().match(/^fpr:+([0-9A-F]+):/m)[1];
      const args = ['--armor', '--trust-model', 'always', '--recipient', rfpr, '--encrypt'];
      if (sign) args.splice(0, 0, '--local-user', fpr, '--sign');
      const e = gpg(args, text);
      if (e.code !== 0) throw new Error(`gpg encrypt failed: ${e.stderr}`);
      return e.stdout.toString();
    },
    async cleanup() { await rm(home, { recursive: true, force: true }); },
  };
}

/** The armored OpenPGP message inside a raw mail, or null. */
export function armoredMessage(text) {
  const m = text.match(/-----BEGIN PGP MESSAGE-----[\s\S]*?-----END PGP MESSAGE-----/);
  return m ? m[0].replace(/\r\n/g, '\n') : null;
}

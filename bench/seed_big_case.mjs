// Seeds a running cvdhub (started with --demo) with one large case: 150
// vendors, details released to all, 2,000 messages across the vendor threads
// and the case thread. Prints shell assignments for bench/run_case.sh:
//   CASE=<id> COORD_TOKEN=<token> VENDOR_TOKEN=<token> COORD_COOKIE=<cookie>
// Usage: node bench/seed_big_case.mjs http://127.0.0.1:PORT DATA_DIR CVDHUB_BIN
import { execFileSync } from 'node:child_process';

const [base, dataDir, bin] = process.argv.slice(2);
const VENDORS = Number(process.env.VENDORS ?? 150);
const MESSAGES = Number(process.env.MESSAGES ?? 2000);

async function api(method, path, token, body) {
  const res = await fetch(base + path, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : {};
}

async function token(email, password) {
  const res = await fetch(base + '/api/v1/tokens', {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password, name: 'bench' }),
  });
  return (await res.json()).token;
}

const coord = await token('coordinator@demo.cvdhub.test', 'demo-coordinator');
const finder = await token('finder@demo.cvdhub.test', 'demo-finder-pw');
const analyst = await token('analyst@demo.cvdhub.test', 'demo-analyst-pw');
const report = await api('POST', '/api/v1/reports', finder, {
  kind: 'software', title: 'Heap overflow in a TLS library used by 150 products', product_name: 'BenchTLS',
  product_version: '1.2.3', discovery_method: 'fuzzing', reproduction: 'run the PoC', impact: 'RCE',
  finder_name: 'Bench Finder', language: 'en',
});
const accepted = await api('POST', `/api/v1/reports/${report.id}/accept`, analyst, { source: 'direct' });
const caseId = accepted.case.id;
await api('PUT', `/api/v1/cases/${caseId}/info`, coord, {
  overview: 'A memory-safety flaw in a widely embedded TLS library.',
  details: 'The record parser trusts the length field; PoC attached to the report.',
  keywords: 'TLS, embedded',
});
const vendorIds = [];
for (let i = 0; i < VENDORS; i++) {
  const v = await api('POST', '/api/v1/vendors', coord, {
    name: `Bench Vendor ${String(i).padStart(3, '0')}`, contact_email: `psirt${i}@vendor${i}.example`,
    registration: i % 3 === 0 ? 'general' : 'individual',
  });
  vendorIds.push(v.id);
  await api('POST', `/api/v1/cases/${caseId}/vendors`, coord, { vendor_id: v.id, obvious: true, tier: i % 3 });
  await api('POST', `/api/v1/cases/${caseId}/vendors/${v.id}/details`, coord);
}
// One PSIRT account for vendor 0, to measure a vendor's view of its own case.
execFileSync(bin, ['user', 'add', '--data', dataDir, '--email', 'psirt0@vendor0.example', '--name', 'PSIRT 0',
  '--role', 'vendor', '--password-stdin'], { input: 'bench-vendor-password\n' });
const vendorToken = await token('psirt0@vendor0.example', 'bench-vendor-password');
const me = await api('GET', '/api/v1/me', vendorToken);
await api('POST', `/api/v1/vendors/${vendorIds[0]}/members`, coord, { user_id: me.id });
for (let i = 0; i < MESSAGES; i++) {
  if (i % 4 === 0) {
    await api('POST', `/api/v1/cases/${caseId}/threads/case/0`, coord, { body: `Case-wide update ${i}` });
  } else {
    const vid = vendorIds[i % vendorIds.length];
    await api('POST', `/api/v1/cases/${caseId}/threads/vendor/${vid}`, coord, { body: `Message ${i} to vendor ${vid}` });
  }
}
await api('POST', `/api/v1/cases/${caseId}/date`, coord, {
  publication_at: new Date(Date.now() + 30 * 86400e3).toISOString().replace(/\.\d+Z$/, 'Z'), note: 'bench',
});
// A browser session for the HTML page.
const loginPage = await fetch(base + '/login');
const pre = loginPage.headers.get('set-cookie').split(';')[0];
const csrf = (await loginPage.text()).match(/name="csrf" value="([^"]+)"/)[1];
const login = await fetch(base + '/login', {
  method: 'POST', redirect: 'manual',
  headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: pre },
  body: new URLSearchParams({ csrf, email: 'coordinator@demo.cvdhub.test', password: 'demo-coordinator' }),
});
const session = login.headers.get('set-cookie').split(';')[0];
console.log(`CASE=${caseId} COORD_TOKEN=${coord} VENDOR_TOKEN=${vendorToken} COORD_COOKIE='${session}'`);

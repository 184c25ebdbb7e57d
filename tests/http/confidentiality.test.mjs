// The confidentiality matrix: every route of the router (`cvdhub routes`, so a
// new route cannot slip past) × every party of PROCESS.md §1 × the state of the
// case (before details were released to anyone / after they were released to
// vendor A), each request answered "allowed" or "denied" as the expectation
// table below says. The world is built through the real API (tests/lib/world.mjs).
//
//   allowed: a status below 400 (but not a redirect to the log-in page), or a
//            validation answer (400, 409, 422): the request got past authorisation.
//   denied:  anonymous callers get 401 from the API and a 303 to /login from a
//            page; signed-in callers get 403 or 404.
//   public:  every party, signed in or not, gets the same treatment (below 400,
//            or — for routes given deliberately unmatched input, such as a
//            partner join with an unknown case — the same refusal for everyone).
//
// Reads run first; then state changes (on throwaway objects where a change
// would spoil later checks); closing a case and setting its public flags last.
// "before" uses case X, "after" case Y of the same world. The sample request of
// each route and the ids its path parameters get are in tests/lib/world.mjs
// (BODIES, fill); this file holds who may do what (EXPECT) and the known bugs.
// CVDHUB_MATRIX_LOG=<file> writes every check and the answer it got to <file>.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';

import { startServer } from '../lib/server.mjs';
import { BODIES, ROLES, buildWorld, call, fill, freshSession, isApi, listRoutes, resolvePath } from '../lib/world.mjs';

// --- Who may do what (PROCESS.md §1 and src/app/policy.cpp) -------------------

const PUBLIC = { public: true };
/** Public, but the sample input is deliberately unmatched: every party gets this same refusal. */
const sameRefusalForAll = (status) => ({ public: true, status });

const SIGNED_IN = ROLES.filter((r) => r !== 'anonymous');
const FINDERS = ['finder', 'otherFinder'];
const TRIAGE = ['intake', 'lead'];                             // the intake queue: intake analysts and the lead
const COORDINATORS = ['coordAssigned', 'lead'];                // of this case: assigned to it, or the lead
const ANY_COORDINATOR = ['coordAssigned', 'coordOther', 'lead'];
const VENDORS = ['vendorA', 'vendorB', 'vendorC'];
const PARTNERS = ['partnerHere', 'partnerOther'];
const byState = (before, after) => ({ before, after });
// Vendor A is the obvious developer: no overview, so it is notified only by the details (after).
const NOTIFIED_VENDORS = byState(['vendorB'], ['vendorA', 'vendorB']);
const VENDORS_WITH_DETAILS = byState([], ['vendorA']);
const ADMITTED_PARTNER = byState([], ['partnerHere']);
const VENDOR_A_RECORD = [...ANY_COORDINATOR, 'vendorA'];   // the registry entry of vendor A (AuthorizeVendorEdit)
const variants = (v) => ({ variants: v });
// Case U's dossiers (tests/lib/world.mjs): one sent to the committee, one only listed.
const DOSSIER_READERS = variants({ submitted: [...COORDINATORS, 'committee'], listed: COORDINATORS });
const DOSSIER_VOTERS = variants({ submitted: ['committee'], listed: [] });
const DOSSIER_COORDINATORS = variants({ submitted: COORDINATORS, listed: COORDINATORS });
// The website track (PROCESS §6) stays with the receiving organisation: intake
// (and the lead) own every website case; the admitted operator sees and answers its own.
const WEBSITE_STAFF = TRIAGE;
const WEBSITE_CASE = [...TRIAGE, 'websiteOperator'];
// The staff statistics: every staff role (the public summary is public).
const STAFF = ['intake', 'coordAssigned', 'coordOther', 'lead'];

// Report routes are checked on the case's report (handed to coordination) and
// on an open report of the same finder (still in intake).
const REPORT_READERS = variants({
  'case report': ['finder', ...COORDINATORS],
  'open report': ['finder', ...TRIAGE],
});
const REPORT_TRIAGE = variants({ 'case report': ['lead'], 'open report': TRIAGE });
// Inbound mail: the quarantine is the intake mailbox; a vendor's reply about a
// case belongs to the case (§1: intake sees reports only until they are handed
// over; coordinators see everything in their cases).
const INBOUND = variants({ quarantined: TRIAGE, 'case reply': COORDINATORS });

const CASE_VIEW = [COORDINATORS, NOTIFIED_VENDORS, ADMITTED_PARTNER];        // a union of specs
const CASE_THREAD = [COORDINATORS, VENDORS_WITH_DETAILS, ADMITTED_PARTNER];
const READ_THREADS = variants({
  case: CASE_THREAD,
  'vendor A': [COORDINATORS, byState([], ['vendorA'])],
  'vendor B': [COORDINATORS, ['vendorB']],
  partner: [COORDINATORS, ADMITTED_PARTNER],
});
// A vendor's message is always filed in its own thread, whatever the path says
// (coordination.cpp, Post): so any notified vendor may post "to" either vendor thread.
const POST_THREADS = variants({
  case: CASE_THREAD,
  'vendor A': [COORDINATORS, NOTIFIED_VENDORS],
  'vendor B': [COORDINATORS, NOTIFIED_VENDORS],
  partner: [COORDINATORS, ADMITTED_PARTNER],
});

const EXPECT = {
  // Public: health, documents, calendar, CVSS, the public developer list, sign-up and log-in.
  'GET /healthz': PUBLIC,
  'GET /api/v1/openapi.json': PUBLIC,
  'POST /api/v1/users': sameRefusalForAll(400),
  'POST /api/v1/tokens': PUBLIC,
  'GET /api/v1/calendar/holidays/:year': PUBLIC,
  'GET /api/v1/cvss': PUBLIC,
  'GET /api/v1/developers': PUBLIC,
  'POST /api/v1/partners/join': sameRefusalForAll(400),
  'POST /api/v1/vendors/invite/:token': sameRefusalForAll(400),
  'GET /pgp-key.asc': PUBLIC,
  'GET /': PUBLIC,
  'GET /login': PUBLIC,
  'POST /login': PUBLIC,
  'POST /logout': PUBLIC,
  'GET /register': PUBLIC,
  'POST /register': sameRefusalForAll(400),
  'GET /lang': PUBLIC,
  'GET /static/app.css': PUBLIC,
  'GET /developers': PUBLIC,
  // The unreachable-developer list and its entries (PROCESS §5) are public by design.
  'GET /unreachable': PUBLIC,
  'GET /unreachable/': PUBLIC,
  'GET /unreachable/:slug': PUBLIC,
  'GET /api/v1/unreachable': PUBLIC,
  'GET /api/v1/unreachable/:slug': PUBLIC,
  // Search and imported reference records: public material only (nothing of a case is ever indexed);
  // the world imports no records, so a record is unknown to everyone alike.
  'GET /search': PUBLIC,
  'GET /api/v1/search': PUBLIC,
  'GET /records/:id': sameRefusalForAll(404),
  'GET /api/v1/records/:id': sameRefusalForAll(404),
  'GET /partners/join': PUBLIC,
  'POST /partners/join': sameRefusalForAll(400),
  'GET /vendors/invite/:token': PUBLIC,
  'POST /vendors/invite/:token': sameRefusalForAll(400),

  // The public portal: lists for everyone; an unpublished case's advisory does not exist for anyone.
  'GET /advisories': PUBLIC,
  'GET /advisories/': PUBLIC,
  'GET /advisories/:id': sameRefusalForAll(404),
  'GET /advisories/:id/vendors/:vid': sameRefusalForAll(404),
  'GET /api/v1/advisories': PUBLIC,
  'GET /api/v1/advisories/:id': sameRefusalForAll(404),
  // Exports (PROCESS §8): the CSAF provider, the feeds and each advisory's CSAF, VEX, CVE and OSV
  // documents are public, and are built only from published advisories: this world has none, so
  // a document of one of its cases does not exist for anyone.
  'GET /.well-known/csaf/provider-metadata.json': PUBLIC,
  'GET /.well-known/csaf/feed-tlp-white.json': PUBLIC,
  'GET /.well-known/csaf/white/': PUBLIC,
  'GET /.well-known/csaf/white/index.txt': PUBLIC,
  'GET /.well-known/csaf/white/changes.csv': PUBLIC,
  'GET /.well-known/csaf/white/:year/': sameRefusalForAll(404),
  'GET /.well-known/csaf/white/:year/:file': sameRefusalForAll(404),
  'GET /.well-known/csaf/openpgp/:file': sameRefusalForAll(404),
  'GET /api/v1/advisories/:id/csaf.json': sameRefusalForAll(404),
  'GET /api/v1/advisories/:id/vex.json': sameRefusalForAll(404),
  'GET /api/v1/advisories/:id/cve/:cve': sameRefusalForAll(404),
  'GET /api/v1/advisories/:id/osv.json': sameRefusalForAll(404),
  'GET /feeds/advisories.rdf': PUBLIC,
  'GET /feeds/advisories.atom': PUBLIC,

  // Any signed-in party.
  'GET /api/v1/me': SIGNED_IN,
  'GET /reports/new': SIGNED_IN,                                // the empty form; submitting is checked below

  // Reports (Authorize: kSubmitReport, kListOwnReports, kViewReport, kTriageReport, kViewQueue).
  'POST /api/v1/reports': [...FINDERS, ...TRIAGE],
  'GET /api/v1/reports': [...FINDERS, ...TRIAGE],               // own reports, or the intake queue
  'GET /api/v1/reports/:id': REPORT_READERS,
  'POST /api/v1/reports/:id/messages': REPORT_READERS,
  'POST /api/v1/reports/:id/attachments': REPORT_READERS,
  'GET /api/v1/reports/:id/attachments/:aid': REPORT_READERS,
  'POST /api/v1/reports/:id/acknowledge': REPORT_TRIAGE,
  'POST /api/v1/reports/:id/accept': REPORT_TRIAGE,
  'POST /api/v1/reports/:id/decline': REPORT_TRIAGE,
  'PUT /api/v1/reports/:id/priority': REPORT_TRIAGE,
  'GET /api/v1/ssvc/coordinator-triage': TRIAGE,
  'POST /api/v1/ssvc/coordinator-triage': TRIAGE,
  'POST /reports': [...FINDERS, ...TRIAGE],
  'GET /reports': FINDERS,                                      // "my reports" (intake uses /queue)
  'GET /reports/:id': REPORT_READERS,
  'POST /reports/:id/messages': REPORT_READERS,
  'POST /reports/:id/attachments': REPORT_READERS,
  'GET /reports/:id/attachments/:aid': REPORT_READERS,
  'POST /reports/:id/acknowledge': REPORT_TRIAGE,
  'POST /reports/:id/accept': REPORT_TRIAGE,
  'POST /reports/:id/decline': REPORT_TRIAGE,
  'POST /reports/:id/priority': REPORT_TRIAGE,
  'GET /queue': TRIAGE,
  'GET /triage/ssvc': TRIAGE,

  // Cases: lists (each sees only its own), one case, the coordinator's actions (AuthorizeCase kCoordinate).
  'GET /api/v1/cases': [...ANY_COORDINATOR, ...VENDORS, ...PARTNERS],
  'GET /cases': [...ANY_COORDINATOR, ...VENDORS, ...PARTNERS],
  'GET /api/v1/cases/:id': CASE_VIEW,
  'GET /cases/:id': CASE_VIEW,
  'GET /cases/:id/vendors/:vid': COORDINATORS,                 // one vendor within the case, with its actions
  'PUT /api/v1/cases/:id/info': COORDINATORS,
  'POST /api/v1/cases/:id/coordinators': COORDINATORS,
  'GET /api/v1/cases/:id/candidates': COORDINATORS,
  'POST /api/v1/cases/:id/vendors': COORDINATORS,
  'POST /api/v1/cases/:id/vendors/:vid/overview': COORDINATORS,
  'POST /api/v1/cases/:id/overview': COORDINATORS,
  'POST /api/v1/cases/:id/vendors/:vid/details': COORDINATORS,
  'PUT /api/v1/cases/:id/vendors/:vid/statement': COORDINATORS,
  'POST /api/v1/cases/:id/date': COORDINATORS,
  'POST /api/v1/cases/:id/date/agree': COORDINATORS,
  'POST /api/v1/cases/:id/date/foreign': COORDINATORS,
  'POST /api/v1/cases/:id/date/early': COORDINATORS,
  'POST /api/v1/cases/:id/proposals/:pid/decision': COORDINATORS,
  'POST /api/v1/cases/:id/prereleases': COORDINATORS,
  'POST /api/v1/cases/:id/prereleases/:pid/decision': COORDINATORS,
  'POST /api/v1/cases/:id/flags': COORDINATORS,
  'POST /api/v1/cases/:id/close': COORDINATORS,
  'GET /api/v1/cases/:id/vultron': COORDINATORS,
  'POST /cases/:id/info': COORDINATORS,
  'POST /cases/:id/assign': COORDINATORS,
  'POST /cases/:id/vendors': COORDINATORS,
  'POST /cases/:id/vendors/unregistered': COORDINATORS,
  'POST /cases/:id/vendors/:vid/overview': COORDINATORS,
  'POST /cases/:id/overview': COORDINATORS,
  'POST /cases/:id/vendors/:vid/details': COORDINATORS,
  'POST /cases/:id/date/propose': COORDINATORS,
  'POST /cases/:id/date/agree': COORDINATORS,
  'POST /cases/:id/date/foreign': COORDINATORS,
  'POST /cases/:id/date/early': COORDINATORS,
  'POST /cases/:id/prereleases': COORDINATORS,
  'POST /cases/:id/prereleases/:pid/decide': COORDINATORS,
  'POST /cases/:id/proposals/:pid/decide': COORDINATORS,
  'POST /cases/:id/flags': COORDINATORS,
  'POST /cases/:id/close': COORDINATORS,

  // Unreachable developers (PROCESS §5): a developer's contact record and stages are the case's
  // coordinators' alone; never the developer's account, nor the committee's.
  'GET /api/v1/cases/:id/vendors/:vid/contacts': COORDINATORS,
  'POST /api/v1/cases/:id/vendors/:vid/contacts': COORDINATORS,
  'POST /api/v1/cases/:id/vendors/:vid/unreachable': COORDINATORS,
  'PUT /api/v1/cases/:id/vendors/:vid/unreachable': COORDINATORS,
  'POST /api/v1/cases/:id/vendors/:vid/unreachable/product': COORDINATORS,
  'POST /api/v1/cases/:id/vendors/:vid/unreachable/deadline': COORDINATORS,
  'POST /api/v1/cases/:id/vendors/:vid/unreachable/committee': COORDINATORS,
  'POST /api/v1/cases/:id/vendors/:vid/unreachable/answered': COORDINATORS,
  'GET /cases/:id/vendors/:vid/contacts': COORDINATORS,
  'POST /cases/:id/vendors/:vid/contacts': COORDINATORS,
  'POST /cases/:id/vendors/:vid/unreachable': COORDINATORS,
  'POST /cases/:id/vendors/:vid/unreachable/public': COORDINATORS,
  'POST /cases/:id/vendors/:vid/unreachable/product': COORDINATORS,
  'POST /cases/:id/vendors/:vid/unreachable/deadline': COORDINATORS,
  'POST /cases/:id/vendors/:vid/unreachable/committee': COORDINATORS,
  'POST /cases/:id/vendors/:vid/unreachable/answered': COORDINATORS,
  // The release-decision committee (AuthorizeCommittee): members see a dossier only once it was
  // sent to them and only vote; the case's coordinators (case U is coordAssigned's) see it from
  // the start, record the developer's view and the decision, and publish.
  'GET /api/v1/committee': [...ANY_COORDINATOR, 'committee'],
  'GET /committee': [...ANY_COORDINATOR, 'committee'],
  'GET /api/v1/committee/:eid': DOSSIER_READERS,
  'GET /committee/:eid': DOSSIER_READERS,
  'POST /api/v1/committee/:eid/votes': DOSSIER_VOTERS,
  'POST /committee/:eid/votes': DOSSIER_VOTERS,
  'POST /api/v1/committee/:eid/view': DOSSIER_COORDINATORS,
  'POST /committee/:eid/view': DOSSIER_COORDINATORS,
  'POST /api/v1/committee/:eid/decision': DOSSIER_COORDINATORS,
  'POST /committee/:eid/decision': DOSSIER_COORDINATORS,
  'POST /api/v1/committee/:eid/publish': DOSSIER_COORDINATORS,
  'POST /committee/:eid/publish': DOSSIER_COORDINATORS,

  // The advisory draft (publication): the case's coordinators write it; vendors with the
  // details review it once shared (409 before) and see only their own comments.
  'GET /api/v1/cases/:id/advisory': COORDINATORS,
  'PUT /api/v1/cases/:id/advisory': COORDINATORS,
  'POST /api/v1/cases/:id/advisory/review': COORDINATORS,
  'POST /api/v1/cases/:id/advisory/schedule': COORDINATORS,
  'POST /api/v1/cases/:id/advisory/unschedule': COORDINATORS,
  'POST /api/v1/cases/:id/advisory/updates': COORDINATORS,
  'GET /api/v1/cases/:id/advisory/shared': VENDORS_WITH_DETAILS,
  'POST /api/v1/cases/:id/advisory/comments': VENDORS_WITH_DETAILS,
  'GET /cases/:id/advisory': COORDINATORS,
  'POST /cases/:id/advisory': COORDINATORS,
  'POST /cases/:id/advisory/review': COORDINATORS,
  'POST /cases/:id/advisory/schedule': COORDINATORS,
  'POST /cases/:id/advisory/unschedule': COORDINATORS,
  'POST /cases/:id/advisory/updates': COORDINATORS,
  'GET /cases/:id/advisory/shared': VENDORS_WITH_DETAILS,
  'POST /cases/:id/advisory/comments': VENDORS_WITH_DETAILS,

  // The vendor's side: answer the overview once notified (kVendorAnswer); the
  // rest only with the details (kVendorDetails).
  'POST /api/v1/cases/:id/overview-answer': NOTIFIED_VENDORS,
  'POST /api/v1/cases/:id/investigation': VENDORS_WITH_DETAILS,
  'PUT /api/v1/cases/:id/statement': VENDORS_WITH_DETAILS,
  'POST /api/v1/cases/:id/date-response': VENDORS_WITH_DETAILS,
  'POST /api/v1/cases/:id/proposals': VENDORS_WITH_DETAILS,
  'POST /api/v1/cases/:id/prenotifications': VENDORS_WITH_DETAILS,
  'POST /api/v1/cases/:id/partners': VENDORS_WITH_DETAILS,
  'POST /cases/:id/answer': NOTIFIED_VENDORS,
  'POST /cases/:id/statement': VENDORS_WITH_DETAILS,
  'POST /cases/:id/investigation': VENDORS_WITH_DETAILS,
  'POST /cases/:id/date/respond': VENDORS_WITH_DETAILS,
  'POST /cases/:id/proposals': VENDORS_WITH_DETAILS,
  'POST /cases/:id/partners': VENDORS_WITH_DETAILS,
  'POST /cases/:id/prenotification': VENDORS_WITH_DETAILS,

  // Threads (G8-3): the case-wide one for all admitted participants; a vendor
  // reads only its own; a partner only its own.
  'GET /api/v1/cases/:id/threads/:thread/:party': READ_THREADS,
  'POST /api/v1/cases/:id/threads/:thread/:party': POST_THREADS,
  'GET /cases/:id/threads/case': CASE_THREAD,
  'POST /cases/:id/threads/case': CASE_THREAD,
  'GET /cases/:id/threads/vendor/:pid': variants({ 'vendor A': READ_THREADS.variants['vendor A'],
    'vendor B': READ_THREADS.variants['vendor B'] }),
  'POST /cases/:id/threads/vendor/:pid': variants({ 'vendor A': POST_THREADS.variants['vendor A'],
    'vendor B': POST_THREADS.variants['vendor B'] }),
  'GET /cases/:id/threads/partner/:pid': READ_THREADS.variants.partner,
  'POST /cases/:id/threads/partner/:pid': POST_THREADS.variants.partner,

  // The registry (§3): coordinators, and each vendor for its own entry.
  'GET /api/v1/vendors': [...ANY_COORDINATOR, ...VENDORS],       // a vendor gets only its own entries
  'POST /api/v1/vendors': [...ANY_COORDINATOR, 'intake'],        // Registry::Create
  'GET /api/v1/vendors/:vid': VENDOR_A_RECORD,
  'PUT /api/v1/vendors/:vid': VENDOR_A_RECORD,
  'POST /api/v1/vendors/:vid/contacts': VENDOR_A_RECORD,
  'DELETE /api/v1/vendors/:vid/contacts/:cid': VENDOR_A_RECORD,
  'POST /api/v1/vendors/:vid/products': VENDOR_A_RECORD,
  'DELETE /api/v1/vendors/:vid/products/:pid': VENDOR_A_RECORD,
  'PUT /api/v1/vendors/:vid/keywords': VENDOR_A_RECORD,
  'POST /api/v1/vendors/:vid/members': VENDOR_A_RECORD,
  'GET /vendors': [...ANY_COORDINATOR, ...VENDORS],
  'POST /vendors': [...ANY_COORDINATOR, 'intake'],
  'GET /vendors/:id': VENDOR_A_RECORD,
  'POST /vendors/:id': VENDOR_A_RECORD,
  'POST /vendors/:id/contacts': VENDOR_A_RECORD,
  'POST /vendors/:id/contacts/:cid/delete': VENDOR_A_RECORD,
  'POST /vendors/:id/products': VENDOR_A_RECORD,
  'POST /vendors/:id/products/:pid/delete': VENDOR_A_RECORD,
  'POST /vendors/:id/keywords': VENDOR_A_RECORD,
  'POST /vendors/:id/members': VENDOR_A_RECORD,

  // Mail: the intake mailbox (staff = Authorize kViewQueue / kTriageReport).
  'GET /api/v1/mail/quarantine': TRIAGE,
  // The list is open to staff, filtered to the messages each may read (the markers test checks the content).
  'GET /api/v1/mail/inbound': [...TRIAGE, 'coordAssigned', 'coordOther'],
  'GET /api/v1/mail/inbound/:id': INBOUND,
  'GET /api/v1/mail/inbound/:id/raw': INBOUND,
  'GET /api/v1/mail/attachments/:id': INBOUND.variants['case reply'],
  'POST /api/v1/mail/inbound/:id/dismiss': TRIAGE,
  'POST /api/v1/mail/inbound/:id/report': TRIAGE,
  'GET /api/v1/mail/outbox': TRIAGE,
  'GET /api/v1/mail/keys': TRIAGE,
  'PUT /api/v1/mail/keys': [...FINDERS, ...TRIAGE],              // a finder only its own address
  'GET /mail/quarantine': TRIAGE,
  'GET /mail/inbound/:id': INBOUND,
  'GET /mail/inbound/:id/raw': INBOUND,
  'GET /mail/attachments/:id': INBOUND.variants['case reply'],
  'POST /mail/inbound/:id/report': TRIAGE,
  'POST /mail/inbound/:id/dismiss': TRIAGE,

  // The website track (AuthorizeWebsite): staff manage, the admitted operator answers.
  'GET /api/v1/website/cases': WEBSITE_CASE,                   // staff all, the operator its own
  'GET /api/v1/website/cases/:id': WEBSITE_CASE,
  'PUT /api/v1/website/cases/:id/contact': WEBSITE_STAFF,
  'POST /api/v1/website/cases/:id/notify': WEBSITE_STAFF,
  'POST /api/v1/website/cases/:id/operator': WEBSITE_STAFF,
  'POST /api/v1/website/cases/:id/reminder': WEBSITE_STAFF,
  'PUT /api/v1/website/cases/:id/due': WEBSITE_STAFF,
  'POST /api/v1/website/cases/:id/close': WEBSITE_STAFF,
  'POST /api/v1/website/cases/:id/verification': WEBSITE_CASE,
  'POST /api/v1/website/cases/:id/fix': WEBSITE_CASE,
  'PUT /api/v1/website/cases/:id/publication': WEBSITE_CASE,
  'POST /api/v1/website/cases/:id/messages': WEBSITE_CASE,
  'POST /api/v1/website/invite/:token': sameRefusalForAll(400),
  'GET /api/v1/website/notices': PUBLIC,                        // only what operators chose to announce
  'GET /website/cases': WEBSITE_CASE,
  'GET /website/cases/:id': WEBSITE_CASE,
  'POST /website/cases/:id/contact': WEBSITE_STAFF,
  'POST /website/cases/:id/notify': WEBSITE_STAFF,
  'POST /website/cases/:id/operator': WEBSITE_STAFF,
  'POST /website/cases/:id/reminder': WEBSITE_STAFF,
  'POST /website/cases/:id/due': WEBSITE_STAFF,
  'POST /website/cases/:id/close': WEBSITE_STAFF,
  'POST /website/cases/:id/verification': WEBSITE_CASE,
  'POST /website/cases/:id/fix': WEBSITE_CASE,
  'POST /website/cases/:id/publication': WEBSITE_CASE,
  'POST /website/cases/:id/messages': WEBSITE_CASE,
  'GET /website/invite/:token': sameRefusalForAll(404),
  'POST /website/invite/:token': sameRefusalForAll(400),
  'GET /website/notices': PUBLIC,

  // The low-impact close of a product case (G8-4): its coordinators.
  'POST /api/v1/cases/:id/low-impact': COORDINATORS,
  'GET /cases/:id/low-impact': COORDINATORS,
  'POST /cases/:id/low-impact': COORDINATORS,

  // Statistics: staff; the public summary (completed quarters, counts only) for everyone.
  'GET /stats': PUBLIC,                                         // a redirect to /stats/
  'GET /stats/': STAFF,
  'GET /stats/quarters.csv': STAFF,
  'GET /stats/public': PUBLIC,
  'GET /stats/public/quarters.csv': PUBLIC,
};

// Checks the server gets wrong today, each a reported bug: they run as `todo`
// so the suite stays green until the server is fixed.
// Key: "<state> <METHOD PATTERN> [<variant>] <role>" (variant only where there are several).
// Fixed so far: intake-reads-case-mail and coordinator-cannot-read-case-mail
// (MailService now authorises each inbound message by what it is about).
const KNOWN_BUGS = {};

// --- Order -------------------------------------------------------------------------------

// Routes whose success would spoil later checks, or that end the state under test: run last.
const LOGOUT = 'POST /logout';
const LAST = new Set(['POST /api/v1/cases/:id/flags', 'POST /cases/:id/flags',
  'POST /api/v1/cases/:id/close', 'POST /cases/:id/close',
  'POST /api/v1/cases/:id/low-impact', 'POST /cases/:id/low-impact',
  'POST /api/v1/website/cases/:id/close', 'POST /website/cases/:id/close',
  // The committee's decision ends the voting: after the votes.
  'POST /api/v1/committee/:eid/decision', 'POST /committee/:eid/decision',
  'POST /api/v1/committee/:eid/publish', 'POST /committee/:eid/publish']);

/** The roles a spec allows in `state` (a spec is an array of roles, a byState, or an array of specs). */
function allowedRoles(spec, state) {
  if (Array.isArray(spec)) {
    if (spec.every((s) => typeof s === 'string')) return new Set(spec);
    return new Set(spec.flatMap((s) => [...allowedRoles(s, state)]));
  }
  if (spec.before !== undefined) return new Set(spec[state]);
  throw new Error(`bad spec ${JSON.stringify(spec)}`);
}

const loginRedirect = (res) => res.status === 303 && (res.headers.get('location') || '').startsWith('/login');

/** Why `res` is not what `expected` ('allowed' | 'denied' | {public, status}) calls for; '' when it is. */
function judge(route, role, expected, res) {
  const s = res.status;
  if (s >= 500) return `server error ${s}`;
  if (expected.public) {
    if (expected.status !== undefined) return s === expected.status ? '' : `expected the same ${expected.status} as everyone`;
    return s < 400 && !loginRedirect(res) ? '' : 'expected open to everyone';
  }
  const passed = (s < 400 && !loginRedirect(res)) || [400, 409, 422].includes(s);
  if (expected === 'allowed') return passed ? '' : 'expected allowed';
  if (role === 'anonymous') {
    if (isApi(route)) return s === 401 ? '' : 'expected denied (401)';
    return loginRedirect(res) ? '' : 'expected denied (303 to /login)';
  }
  return s === 403 || s === 404 ? '' : 'expected denied (403/404)';
}

function describeAnswer(res) {
  const loc = res.headers.get('location');
  let snippet = res.text.replace(/\s+/g, ' ').slice(0, 160);
  if (res.json?.error) snippet = JSON.stringify(res.json.error);
  return `${res.status}${loc ? ` → ${loc}` : ''} ${snippet}`;
}

// --- The tests ----------------------------------------------------------------------------

const routes = await listRoutes();
// CVDHUB_MATRIX_LOG=file writes every check (expectation, answer) there, for review.
const checkLog = process.env.CVDHUB_MATRIX_LOG ? [] : null;
const stats = { checks: 0, skipped: 0, todo: 0 };

describe('confidentiality matrix: route × party × case state', () => {
  let server;
  let w;
  before(async () => {
    // A test clock (standing at the present once the world is built) lets case U go through months.
    server = await startServer({ clock: Date.now() });
    w = await buildWorld(server);
  });
  after(async () => {
    await server?.stop();
    if (checkLog) await writeFile(process.env.CVDHUB_MATRIX_LOG, `${checkLog.join('\n')}\n`);
  });

  test('every route of `cvdhub routes` has an expectation and sample input, and nothing stale is listed', () => {
    const keys = new Set(routes.map((r) => r.key));
    assert.ok(routes.length > 100, `only ${routes.length} routes listed`);
    assert.deepEqual(routes.filter((r) => !(r.key in EXPECT)).map((r) => r.key), [],
      'routes without an expectation: add them to EXPECT');
    assert.deepEqual(Object.keys(EXPECT).filter((k) => !keys.has(k)), [], 'expectations of routes that do not exist');
    assert.deepEqual(routes.filter((r) => r.method !== 'GET' && !(r.key in BODIES)).map((r) => r.key), [],
      'state-changing routes without a sample body: add them to BODIES');
    assert.deepEqual(Object.keys(BODIES).filter((k) => !keys.has(k)), [], 'sample bodies of routes that do not exist');
  });

  const known = routes.filter((r) => r.key in EXPECT);
  const reads = known.filter((r) => r.method === 'GET');
  const writes = known.filter((r) => r.method !== 'GET' && !LAST.has(r.key) && r.key !== LOGOUT);
  const last = known.filter((r) => LAST.has(r.key));
  for (const state of ['before', 'after']) {
    for (const route of [...reads, ...writes, ...last]) declare(state, route);
  }
  // Logging out ends the session it is sent with: last of all, once with a fresh
  // session per party, then with the sessions the parties used all along.
  for (const route of known.filter((r) => r.key === LOGOUT)) {
    declare('before', route, { freshSessions: true });
    declare('after', route);
  }

  function declare(state, route, { freshSessions = false } = {}) {
    test(`${state} · ${route.key}`, async (t) => {
      const spec = EXPECT[route.key];
      const failures = [];
      for (const { variant, params, skip } of fill(route, state, w)) {
        const label = `${state} ${route.key}${variant ? ` [${variant}]` : ''}`;
        if (skip) {
          stats.skipped += ROLES.length;
          t.diagnostic(`${label}: skipped (${skip})`);
          continue;
        }
        const vspec = spec.variants ? spec.variants[variant] : spec;
        assert.ok(vspec, `${label}: no expectation for this variant`);
        const allowed = vspec.public ? null : allowedRoles(vspec, state);
        const check = async (role) => {
          const user = w.users[role];
          const session = freshSessions ? await freshSession(w.baseUrl, user) : user.web;
          const path = await resolvePath(route, params, user);
          const res = await call(w, route, state, path, user, session);
          const expected = vspec.public ? vspec : allowed.has(role) ? 'allowed' : 'denied';
          return { role, path, res, expected, why: judge(route, role, expected, res) };
        };
        // Reads and public routes in parallel; state changes one party at a time, in the order of ROLES.
        const results = route.method === 'GET' || vspec.public
          ? await Promise.all(ROLES.map(check))
          : await (async () => { const out = []; for (const r of ROLES) out.push(await check(r)); return out; })();
        for (const r of results) {
          stats.checks += 1;
          const key = `${label} ${r.role}`;
          const line = `${key}: ${r.why || 'ok'} — ${r.path} → ${describeAnswer(r.res)}`;
          if (checkLog) checkLog.push(`${r.expected.public ? 'public' : r.expected}\t${line}`);
          if (KNOWN_BUGS[key]) {
            stats.todo += 1;
            await t.test(`${r.role}${variant ? ` [${variant}]` : ''}`, { todo: KNOWN_BUGS[key] }, () => {
              assert.equal(r.why, '', line);
            });
          } else if (r.why) {
            failures.push(line);
          }
        }
      }
      assert.deepEqual(failures, [], `${failures.length} wrong answer(s):\n${failures.join('\n')}`);
    });
  }

  test('summary', (t) => {
    t.diagnostic(`${stats.checks} route×party×state checks ran (${stats.todo} of them known bugs marked todo), `
      + `${stats.skipped} skipped; ${routes.length} routes, ${ROLES.length} parties, 2 states`);
    assert.ok(stats.checks > 4000, `only ${stats.checks} checks ran`);
  });
});

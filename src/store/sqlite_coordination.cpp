#include "store/sqlite_coordination.hpp"

#include <map>

namespace cvdhub::store::sqlite {
namespace {

using domain::CaseId;

// ---------------------------------------------------------------------------
// Queries. Every statement is a named constant; values are always bound.
// ---------------------------------------------------------------------------

constexpr std::string_view kFindVendor = "SELECT " CVDHUB_VENDOR_COLUMNS " FROM vendors WHERE id = ?1";
constexpr std::string_view kUpdateVendor =
    "UPDATE vendors SET name = ?2, name_en = ?3, registration = ?4, contact_email = ?5, phone = ?6,"
    " public_listing = ?7, accepts_direct_reports = ?8, registered = ?9, reporting_contact = ?10,"
    " updated_at = ?11 WHERE id = ?1";
constexpr std::string_view kSetInviteToken = "UPDATE vendors SET invite_token_hash = ?2 WHERE id = ?1";
constexpr std::string_view kFindVendorByInvite =
    "SELECT " CVDHUB_VENDOR_COLUMNS " FROM vendors WHERE invite_token_hash = ?1 AND invite_token_hash <> ''";
constexpr std::string_view kListAllVendors = "SELECT " CVDHUB_VENDOR_COLUMNS " FROM vendors ORDER BY name";

#define CVDHUB_CONTACT_COLUMNS "id, vendor_id, name, email, phone, is_primary, pgp_key, pgp_fingerprint"
constexpr std::string_view kInsertContact =
    "INSERT INTO vendor_contacts (vendor_id, name, email, phone, is_primary, pgp_key, pgp_fingerprint)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id";
constexpr std::string_view kUpdateContact =
    "UPDATE vendor_contacts SET name = ?3, email = ?4, phone = ?5, is_primary = ?6, pgp_key = ?7,"
    " pgp_fingerprint = ?8 WHERE id = ?1 AND vendor_id = ?2";
constexpr std::string_view kDeleteContact = "DELETE FROM vendor_contacts WHERE id = ?1 AND vendor_id = ?2";
constexpr std::string_view kListContacts =
    "SELECT " CVDHUB_CONTACT_COLUMNS " FROM vendor_contacts WHERE vendor_id = ?1 ORDER BY is_primary DESC, id";
constexpr std::string_view kListAllContacts =
    "SELECT " CVDHUB_CONTACT_COLUMNS " FROM vendor_contacts ORDER BY vendor_id, is_primary DESC, id";

constexpr std::string_view kInsertProduct =
    "INSERT INTO vendor_products (vendor_id, name, cpe, purl) VALUES (?1, ?2, ?3, ?4) RETURNING id";
constexpr std::string_view kDeleteProduct = "DELETE FROM vendor_products WHERE id = ?1 AND vendor_id = ?2";
constexpr std::string_view kListProducts =
    "SELECT id, vendor_id, name, cpe, purl FROM vendor_products WHERE vendor_id = ?1 ORDER BY id";
constexpr std::string_view kListAllProducts =
    "SELECT id, vendor_id, name, cpe, purl FROM vendor_products ORDER BY vendor_id, id";

constexpr std::string_view kDeleteKeywords = "DELETE FROM vendor_keywords WHERE vendor_id = ?1";
constexpr std::string_view kInsertKeyword =
    "INSERT OR IGNORE INTO vendor_keywords (vendor_id, keyword) VALUES (?1, ?2)";
constexpr std::string_view kListKeywords =
    "SELECT keyword FROM vendor_keywords WHERE vendor_id = ?1 ORDER BY keyword";
constexpr std::string_view kListAllKeywords =
    "SELECT vendor_id, keyword FROM vendor_keywords ORDER BY vendor_id, keyword";

constexpr std::string_view kAddVendorMember =
    "INSERT OR IGNORE INTO vendor_members (vendor_id, user_id) VALUES (?1, ?2)";
constexpr std::string_view kVendorsOfUser = "SELECT vendor_id FROM vendor_members WHERE user_id = ?1 ORDER BY vendor_id";
constexpr std::string_view kMembersOfVendor =
    "SELECT user_id FROM vendor_members WHERE vendor_id = ?1 ORDER BY user_id";

constexpr std::string_view kFindCoordination =
    "SELECT id, overview, details, product_ids, keywords, publication_state, publication_at, foreign_coordinator,"
    " early_reason, em_state, public_aware, exploit_public, attacks_observed, closed_at, version"
    " FROM cases WHERE id = ?1";
constexpr std::string_view kUpdateCoordination =
    "UPDATE cases SET overview = ?2, details = ?3, product_ids = ?4, keywords = ?5, publication_state = ?6,"
    " publication_at = ?7, foreign_coordinator = ?8, early_reason = ?9, em_state = ?10, public_aware = ?11,"
    " exploit_public = ?12, attacks_observed = ?13, closed_at = ?14, version = version + 1 WHERE id = ?1";
constexpr std::string_view kBumpCaseVersion = "UPDATE cases SET version = version + 1 WHERE id = ?1";
constexpr std::string_view kUpdateCaseStatus =
    "UPDATE cases SET status = ?2, version = version + 1 WHERE id = ?1";

#define CVDHUB_CASE_VENDOR_COLUMNS                                                                      \
  "cv.id, cv.case_id, cv.vendor_id, v.name, v.registered, cv.obvious, cv.tier, cv.initial_contact_at,"   \
  " cv.overview_sent_at, cv.overview_answer, cv.overview_answered_at, cv.details_requested_at,"           \
  " cv.details_released_at, cv.investigation_at, cv.status, cv.statement, cv.advisory_url, cv.statement_at," \
  " cv.fix_ready, cv.fix_deployed, cv.last_answer_at, cv.answer_due, cv.date_response, cv.date_comment,"   \
  " cv.rm_state"
constexpr std::string_view kInsertCaseVendor =
    "INSERT INTO case_vendors (case_id, vendor_id, obvious, tier, initial_contact_at, overview_sent_at,"
    " overview_answer, overview_answered_at, details_requested_at, details_released_at, investigation_at, status,"
    " statement, advisory_url, statement_at, fix_ready, fix_deployed, last_answer_at, answer_due, date_response,"
    " date_comment, rm_state) VALUES (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,"
    " ?18, ?19, ?20, ?21, ?22, ?23) RETURNING id";
constexpr std::string_view kUpdateCaseVendor =
    "UPDATE case_vendors SET case_id = ?2, vendor_id = ?3, obvious = ?4, tier = ?5, initial_contact_at = ?6,"
    " overview_sent_at = ?7, overview_answer = ?8, overview_answered_at = ?9, details_requested_at = ?10,"
    " details_released_at = ?11, investigation_at = ?12, status = ?13, statement = ?14, advisory_url = ?15,"
    " statement_at = ?16, fix_ready = ?17, fix_deployed = ?18, last_answer_at = ?19, answer_due = ?20,"
    " date_response = ?21, date_comment = ?22, rm_state = ?23 WHERE id = ?1";
constexpr std::string_view kFindCaseVendor =
    "SELECT " CVDHUB_CASE_VENDOR_COLUMNS " FROM case_vendors cv JOIN vendors v ON v.id = cv.vendor_id"
    " WHERE cv.case_id = ?1 AND cv.vendor_id = ?2";
constexpr std::string_view kListCaseVendors =
    "SELECT " CVDHUB_CASE_VENDOR_COLUMNS " FROM case_vendors cv JOIN vendors v ON v.id = cv.vendor_id"
    " WHERE cv.case_id = ?1 ORDER BY cv.tier, v.name";
constexpr std::string_view kCasesOfVendor =
    "SELECT case_id FROM case_vendors WHERE vendor_id = ?1 AND initial_contact_at IS NOT NULL ORDER BY case_id DESC";

constexpr std::string_view kAppendStatusHistory =
    "INSERT INTO vendor_status_history (case_id, vendor_id, status, statement, advisory_url, at, by_user)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
constexpr std::string_view kListStatusHistory =
    "SELECT id, case_id, vendor_id, status, statement, advisory_url, at, by_user FROM vendor_status_history"
    " WHERE case_id = ?1 AND (?2 IS NULL OR vendor_id = ?2) ORDER BY at, id";

constexpr std::string_view kInsertInvestigation =
    "INSERT INTO investigation_reports (case_id, vendor_id, affected, workaround_plan, fix_plan, schedule,"
    " publication_plan, other_developers, at, by_user) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
    " RETURNING id";
constexpr std::string_view kListInvestigations =
    "SELECT id, case_id, vendor_id, affected, workaround_plan, fix_plan, schedule, publication_plan,"
    " other_developers, at, by_user FROM investigation_reports"
    " WHERE case_id = ?1 AND (?2 IS NULL OR vendor_id = ?2) ORDER BY at, id";

constexpr std::string_view kInsertCaseMessage =
    "INSERT INTO case_messages (case_id, thread, party_id, author_id, author_name, author_role, body, created_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id";
// The newest `limit` messages older than `before`, newest first (reversed by the caller).
constexpr std::string_view kListCaseMessages =
    "SELECT id, case_id, thread, party_id, author_id, author_name, author_role, body, created_at"
    " FROM case_messages WHERE case_id = ?1 AND thread = ?2 AND party_id = ?3 AND id < ?4"
    " ORDER BY id DESC LIMIT ?5";
constexpr std::string_view kCountCaseMessages =
    "SELECT thread, party_id, count(*) FROM case_messages WHERE case_id = ?1 GROUP BY thread, party_id";

constexpr std::string_view kInsertProposal =
    "INSERT INTO vendor_proposals (case_id, proposed_by, vendor_name, vendor_id, relation, reason, state, created_at,"
    " decided_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id";
constexpr std::string_view kUpdateProposal =
    "UPDATE vendor_proposals SET vendor_id = ?2, state = ?3, decided_at = ?4 WHERE id = ?1";
constexpr std::string_view kListProposals =
    "SELECT id, case_id, proposed_by, vendor_name, vendor_id, relation, reason, state, created_at, decided_at"
    " FROM vendor_proposals WHERE case_id = ?1 ORDER BY id";

constexpr std::string_view kInsertPrerelease =
    "INSERT INTO prereleases (case_id, kind, sector, vendor_id, note, state, requested_by, created_at, decided_by,"
    " decided_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) RETURNING id";
constexpr std::string_view kUpdatePrerelease =
    "UPDATE prereleases SET state = ?2, decided_by = ?3, decided_at = ?4, note = ?5 WHERE id = ?1";
constexpr std::string_view kListPrereleases =
    "SELECT id, case_id, kind, sector, vendor_id, note, state, requested_by, created_at, decided_by, decided_at"
    " FROM prereleases WHERE case_id = ?1 ORDER BY id";

#define CVDHUB_PARTNER_COLUMNS \
  "id, case_id, vendor_id, organisation, person, email, user_id, created_at, admitted_at"
constexpr std::string_view kInsertPartner =
    "INSERT INTO case_partners (case_id, vendor_id, organisation, person, email, user_id, created_at, admitted_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id";
constexpr std::string_view kUpdatePartner =
    "UPDATE case_partners SET organisation = ?2, person = ?3, email = ?4, user_id = ?5, admitted_at = ?6"
    " WHERE id = ?1";
constexpr std::string_view kListPartners =
    "SELECT " CVDHUB_PARTNER_COLUMNS " FROM case_partners WHERE case_id = ?1 ORDER BY id";
constexpr std::string_view kFindPartnerByUser =
    "SELECT " CVDHUB_PARTNER_COLUMNS " FROM case_partners WHERE user_id = ?1";

// ---------------------------------------------------------------------------
// Row mapping.
// ---------------------------------------------------------------------------

domain::VendorContact ReadContact(const Stmt& s) {
  return {.id = s.Int(0), .vendor_id = s.Int(1), .name = s.Text(2), .email = s.Text(3), .phone = s.Text(4),
          .is_primary = s.Bool(5), .pgp_key = s.Text(6), .pgp_fingerprint = s.Text(7)};
}

domain::VendorProduct ReadProduct(const Stmt& s) {
  return {.id = s.Int(0), .vendor_id = s.Int(1), .name = s.Text(2), .cpe = s.Text(3), .purl = s.Text(4)};
}

Result<domain::CaseVendor> ReadCaseVendor(const Stmt& s) {
  domain::CaseVendor v;
  v.id = s.Int(0);
  v.case_id = s.Int(1);
  v.vendor_id = s.Int(2);
  v.vendor_name = s.Text(3);
  v.registered = s.Bool(4);
  v.obvious = s.Bool(5);
  v.tier = static_cast<int>(s.Int(6));
  v.initial_contact_at = s.OptTime(7);
  v.overview_sent_at = s.OptTime(8);
  auto answer = domain::ParseOverviewAnswer(s.Text(9));
  if (!answer) return Corrupt("case_vendors", "overview_answer", v.id);
  v.overview_answer = *answer;
  v.overview_answered_at = s.OptTime(10);
  v.details_requested_at = s.OptTime(11);
  v.details_released_at = s.OptTime(12);
  v.investigation_at = s.OptTime(13);
  if (!s.IsNull(14)) {
    auto status = domain::ParseVendorStatus(s.Text(14));
    if (!status) return Corrupt("case_vendors", "status", v.id);
    v.status = *status;
  }
  v.statement = s.Text(15);
  v.advisory_url = s.Text(16);
  v.statement_at = s.OptTime(17);
  v.fix_ready = s.Bool(18);
  v.fix_deployed = s.Bool(19);
  v.last_answer_at = s.OptTime(20);
  v.answer_due = s.OptTime(21);
  auto date = domain::ParseDateResponse(s.Text(22));
  if (!date) return Corrupt("case_vendors", "date_response", v.id);
  v.date_response = *date;
  v.date_comment = s.Text(23);
  v.rm_state = s.Text(24);
  return v;
}

void BindCaseVendor(Stmt& s, const domain::CaseVendor& v) {
  s.BindInt(1, v.id);
  s.BindInt(2, v.case_id);
  s.BindInt(3, v.vendor_id);
  s.BindBool(4, v.obvious);
  s.BindInt(5, v.tier);
  s.BindOptTime(6, v.initial_contact_at);
  s.BindOptTime(7, v.overview_sent_at);
  s.BindText(8, domain::OverviewAnswerName(v.overview_answer));
  s.BindOptTime(9, v.overview_answered_at);
  s.BindOptTime(10, v.details_requested_at);
  s.BindOptTime(11, v.details_released_at);
  s.BindOptTime(12, v.investigation_at);
  if (v.status) {
    s.BindText(13, domain::Wording(*v.status).name);
  } else {
    s.BindNull(13);
  }
  s.BindText(14, v.statement);
  s.BindText(15, v.advisory_url);
  s.BindOptTime(16, v.statement_at);
  s.BindBool(17, v.fix_ready);
  s.BindBool(18, v.fix_deployed);
  s.BindOptTime(19, v.last_answer_at);
  s.BindOptTime(20, v.answer_due);
  s.BindText(21, domain::DateResponseName(v.date_response));
  s.BindText(22, v.date_comment);
  s.BindText(23, v.rm_state);
}

domain::CasePartner ReadPartner(const Stmt& s) {
  domain::CasePartner p{.id = s.Int(0), .case_id = s.Int(1), .vendor_id = s.Int(2), .organisation = s.Text(3),
                        .person = s.Text(4), .email = s.Text(5)};
  p.user_id = s.OptInt(6);
  p.created_at = s.Time(7);
  p.admitted_at = s.OptTime(8);
  return p;
}

}  // namespace

Result<domain::Vendor> ReadVendor(const Stmt& s) {
  domain::Vendor v;
  v.id = s.Int(0);
  v.name = s.Text(1);
  v.name_en = s.Text(2);
  auto reg = domain::ParseRegistrationType(s.Text(3));
  if (!reg) return Corrupt("vendors", "registration", v.id);
  v.registration = *reg;
  v.contact_email = s.Text(4);
  v.phone = s.Text(5);
  v.public_listing = s.Bool(6);
  v.accepts_direct_reports = s.Bool(7);
  v.created_at = s.Time(8);
  v.registered = s.Bool(9);
  v.reporting_contact = s.Text(10);
  return v;
}

// --- Registry -------------------------------------------------------------

Result<domain::Vendor> SqliteCoordinationTx::FindVendor(std::int64_t id) {
  auto st = PrepareStatement(c_, kFindVendor);
  if (!st) return st.error();
  st->BindInt(1, id);
  return OneRow<domain::Vendor>(*st, ReadVendor);
}

Status SqliteCoordinationTx::UpdateVendor(const domain::Vendor& v) {
  auto st = PrepareStatement(c_, kUpdateVendor);
  if (!st) return st.error();
  Stmt& s = *st;
  s.BindInt(1, v.id);
  s.BindText(2, v.name);
  s.BindText(3, v.name_en);
  s.BindText(4, domain::RegistrationTypeName(v.registration));
  s.BindText(5, v.contact_email);
  s.BindText(6, v.phone);
  s.BindBool(7, v.public_listing);
  s.BindBool(8, v.accepts_direct_reports);
  s.BindBool(9, v.registered);
  s.BindText(10, v.reporting_contact);
  s.BindTime(11, Now());
  return ChangedOne(s);
}

Status SqliteCoordinationTx::SetInviteToken(std::int64_t vendor_id, const std::string& token_hash) {
  auto st = PrepareStatement(c_, kSetInviteToken);
  if (!st) return st.error();
  st->BindInt(1, vendor_id);
  st->BindText(2, token_hash);
  return ChangedOne(*st);
}

Result<domain::Vendor> SqliteCoordinationTx::FindVendorByInvite(const std::string& token_hash) {
  auto st = PrepareStatement(c_, kFindVendorByInvite);
  if (!st) return st.error();
  st->BindText(1, token_hash);
  return OneRow<domain::Vendor>(*st, ReadVendor);
}

Result<std::int64_t> SqliteCoordinationTx::InsertContact(const domain::VendorContact& c) {
  auto st = PrepareStatement(c_, kInsertContact);
  if (!st) return st.error();
  Stmt& s = *st;
  s.BindInt(1, c.vendor_id);
  s.BindText(2, c.name);
  s.BindText(3, c.email);
  s.BindText(4, c.phone);
  s.BindBool(5, c.is_primary);
  s.BindText(6, c.pgp_key);
  s.BindText(7, c.pgp_fingerprint);
  return s.OneInt();
}

Status SqliteCoordinationTx::UpdateContact(const domain::VendorContact& c) {
  auto st = PrepareStatement(c_, kUpdateContact);
  if (!st) return st.error();
  Stmt& s = *st;
  s.BindInt(1, c.id);
  s.BindInt(2, c.vendor_id);
  s.BindText(3, c.name);
  s.BindText(4, c.email);
  s.BindText(5, c.phone);
  s.BindBool(6, c.is_primary);
  s.BindText(7, c.pgp_key);
  s.BindText(8, c.pgp_fingerprint);
  return ChangedOne(s);
}

Status SqliteCoordinationTx::DeleteContact(std::int64_t vendor_id, std::int64_t contact_id) {
  auto st = PrepareStatement(c_, kDeleteContact);
  if (!st) return st.error();
  st->BindInt(1, contact_id);
  st->BindInt(2, vendor_id);
  return ChangedOne(*st);
}

Result<std::vector<domain::VendorContact>> SqliteCoordinationTx::ListContacts(std::int64_t vendor_id) {
  auto st = PrepareStatement(c_, kListContacts);
  if (!st) return st.error();
  st->BindInt(1, vendor_id);
  return CollectRows<domain::VendorContact>(*st, ReadContact);
}

Result<std::int64_t> SqliteCoordinationTx::InsertProduct(const domain::VendorProduct& p) {
  auto st = PrepareStatement(c_, kInsertProduct);
  if (!st) return st.error();
  st->BindInt(1, p.vendor_id);
  st->BindText(2, p.name);
  st->BindText(3, p.cpe);
  st->BindText(4, p.purl);
  return st->OneInt();
}

Status SqliteCoordinationTx::DeleteProduct(std::int64_t vendor_id, std::int64_t product_id) {
  auto st = PrepareStatement(c_, kDeleteProduct);
  if (!st) return st.error();
  st->BindInt(1, product_id);
  st->BindInt(2, vendor_id);
  return ChangedOne(*st);
}

Result<std::vector<domain::VendorProduct>> SqliteCoordinationTx::ListProducts(std::int64_t vendor_id) {
  auto st = PrepareStatement(c_, kListProducts);
  if (!st) return st.error();
  st->BindInt(1, vendor_id);
  return CollectRows<domain::VendorProduct>(*st, ReadProduct);
}

Status SqliteCoordinationTx::SetKeywords(std::int64_t vendor_id, const std::vector<std::string>& keywords) {
  {
    auto st = PrepareStatement(c_, kDeleteKeywords);
    if (!st) return st.error();
    st->BindInt(1, vendor_id);
    if (auto r = st->Run(); !r) return r;
  }
  for (const auto& kw : keywords) {
    auto st = PrepareStatement(c_, kInsertKeyword);
    if (!st) return st.error();
    st->BindInt(1, vendor_id);
    st->BindText(2, kw);
    if (auto r = st->Run(); !r) return r;
  }
  return {};
}

Result<std::vector<std::string>> SqliteCoordinationTx::ListKeywords(std::int64_t vendor_id) {
  auto st = PrepareStatement(c_, kListKeywords);
  if (!st) return st.error();
  st->BindInt(1, vendor_id);
  return CollectRows<std::string>(*st, [](const Stmt& s) { return s.Text(0); });
}

Result<std::vector<domain::VendorProfile>> SqliteCoordinationTx::ListProfiles() {
  std::vector<domain::VendorProfile> profiles;
  std::map<std::int64_t, std::size_t> index;
  {
    auto st = PrepareStatement(c_, kListAllVendors);
    if (!st) return st.error();
    auto vendors = CollectRows<domain::Vendor>(*st, ReadVendor);
    if (!vendors) return vendors.error();
    for (auto& v : *vendors) {
      index[v.id] = profiles.size();
      profiles.push_back({.vendor = std::move(v)});
    }
  }
  {
    auto st = PrepareStatement(c_, kListAllContacts);
    if (!st) return st.error();
    auto contacts = CollectRows<domain::VendorContact>(*st, ReadContact);
    if (!contacts) return contacts.error();
    for (auto& c : *contacts) profiles[index.at(c.vendor_id)].contacts.push_back(std::move(c));
  }
  {
    auto st = PrepareStatement(c_, kListAllProducts);
    if (!st) return st.error();
    auto products = CollectRows<domain::VendorProduct>(*st, ReadProduct);
    if (!products) return products.error();
    for (auto& p : *products) profiles[index.at(p.vendor_id)].products.push_back(std::move(p));
  }
  {
    auto st = PrepareStatement(c_, kListAllKeywords);
    if (!st) return st.error();
    auto rows = CollectRows<std::pair<std::int64_t, std::string>>(
        *st, [](const Stmt& s) { return std::pair{s.Int(0), s.Text(1)}; });
    if (!rows) return rows.error();
    for (auto& [vid, kw] : *rows) profiles[index.at(vid)].keywords.push_back(std::move(kw));
  }
  return profiles;
}

Status SqliteCoordinationTx::AddVendorMember(std::int64_t vendor_id, domain::UserId user_id) {
  auto st = PrepareStatement(c_, kAddVendorMember);
  if (!st) return st.error();
  st->BindInt(1, vendor_id);
  st->BindInt(2, user_id);
  return st->Run();
}

Result<std::vector<std::int64_t>> SqliteCoordinationTx::VendorsOfUser(domain::UserId user_id) {
  auto st = PrepareStatement(c_, kVendorsOfUser);
  if (!st) return st.error();
  st->BindInt(1, user_id);
  return CollectRows<std::int64_t>(*st, [](const Stmt& s) { return s.Int(0); });
}

Result<std::vector<domain::UserId>> SqliteCoordinationTx::MembersOfVendor(std::int64_t vendor_id) {
  auto st = PrepareStatement(c_, kMembersOfVendor);
  if (!st) return st.error();
  st->BindInt(1, vendor_id);
  return CollectRows<domain::UserId>(*st, [](const Stmt& s) { return s.Int(0); });
}

// --- The case-level record ---------------------------------------------------

Result<domain::CaseCoordination> SqliteCoordinationTx::FindCoordination(CaseId case_id) {
  auto st = PrepareStatement(c_, kFindCoordination);
  if (!st) return st.error();
  st->BindInt(1, case_id);
  return OneRow<domain::CaseCoordination>(*st, [](const Stmt& s) -> Result<domain::CaseCoordination> {
    domain::CaseCoordination c;
    c.case_id = s.Int(0);
    c.overview = s.Text(1);
    c.details = s.Text(2);
    c.product_ids = s.Text(3);
    c.keywords = s.Text(4);
    auto state = domain::ParsePublicationDateState(s.Text(5));
    if (!state) return Corrupt("cases", "publication_state", c.case_id);
    c.publication.state = *state;
    c.publication.at = s.OptTime(6);
    c.publication.foreign_coordinator = s.Text(7);
    c.publication.early_reason = s.Text(8);
    c.em_state = s.Text(9);
    c.public_aware = s.Bool(10);
    c.exploit_public = s.Bool(11);
    c.attacks_observed = s.Bool(12);
    c.closed_at = s.OptTime(13);
    c.version = s.Int(14);
    return c;
  });
}

Status SqliteCoordinationTx::UpdateCoordination(const domain::CaseCoordination& c) {
  auto st = PrepareStatement(c_, kUpdateCoordination);
  if (!st) return st.error();
  Stmt& s = *st;
  s.BindInt(1, c.case_id);
  s.BindText(2, c.overview);
  s.BindText(3, c.details);
  s.BindText(4, c.product_ids);
  s.BindText(5, c.keywords);
  s.BindText(6, domain::PublicationDateStateName(c.publication.state));
  s.BindOptTime(7, c.publication.at);
  s.BindText(8, c.publication.foreign_coordinator);
  s.BindText(9, c.publication.early_reason);
  s.BindText(10, c.em_state);
  s.BindBool(11, c.public_aware);
  s.BindBool(12, c.exploit_public);
  s.BindBool(13, c.attacks_observed);
  s.BindOptTime(14, c.closed_at);
  return ChangedOne(s);
}

Status SqliteCoordinationTx::BumpCaseVersion(CaseId case_id) {
  auto st = PrepareStatement(c_, kBumpCaseVersion);
  if (!st) return st.error();
  st->BindInt(1, case_id);
  return ChangedOne(*st);
}

Status SqliteCoordinationTx::UpdateCaseStatus(CaseId case_id, const std::string& status) {
  auto st = PrepareStatement(c_, kUpdateCaseStatus);
  if (!st) return st.error();
  st->BindInt(1, case_id);
  st->BindText(2, status);
  return ChangedOne(*st);
}

// --- Vendors in a case ---------------------------------------------------------

Result<std::int64_t> SqliteCoordinationTx::InsertCaseVendor(const domain::CaseVendor& v) {
  auto st = PrepareStatement(c_, kInsertCaseVendor);
  if (!st) return st.error();
  BindCaseVendor(*st, v);
  return st->OneInt();
}

Status SqliteCoordinationTx::UpdateCaseVendor(const domain::CaseVendor& v) {
  auto st = PrepareStatement(c_, kUpdateCaseVendor);
  if (!st) return st.error();
  BindCaseVendor(*st, v);
  return ChangedOne(*st);
}

Result<domain::CaseVendor> SqliteCoordinationTx::FindCaseVendor(CaseId case_id, std::int64_t vendor_id) {
  auto st = PrepareStatement(c_, kFindCaseVendor);
  if (!st) return st.error();
  st->BindInt(1, case_id);
  st->BindInt(2, vendor_id);
  return OneRow<domain::CaseVendor>(*st, ReadCaseVendor);
}

Result<std::vector<domain::CaseVendor>> SqliteCoordinationTx::ListCaseVendors(CaseId case_id) {
  auto st = PrepareStatement(c_, kListCaseVendors);
  if (!st) return st.error();
  st->BindInt(1, case_id);
  return CollectRows<domain::CaseVendor>(*st, ReadCaseVendor);
}

Result<std::vector<CaseId>> SqliteCoordinationTx::CasesOfVendor(std::int64_t vendor_id) {
  auto st = PrepareStatement(c_, kCasesOfVendor);
  if (!st) return st.error();
  st->BindInt(1, vendor_id);
  return CollectRows<CaseId>(*st, [](const Stmt& s) { return s.Int(0); });
}

Status SqliteCoordinationTx::AppendStatusHistory(const domain::StatusHistoryEntry& e) {
  auto st = PrepareStatement(c_, kAppendStatusHistory);
  if (!st) return st.error();
  Stmt& s = *st;
  s.BindInt(1, e.case_id);
  s.BindInt(2, e.vendor_id);
  s.BindText(3, domain::Wording(e.status).name);
  s.BindText(4, e.statement);
  s.BindText(5, e.advisory_url);
  s.BindTime(6, e.at);
  s.BindInt(7, e.by_user);
  return s.Run();
}

Result<std::vector<domain::StatusHistoryEntry>> SqliteCoordinationTx::ListStatusHistory(
    CaseId case_id, std::optional<std::int64_t> vendor_id) {
  auto st = PrepareStatement(c_, kListStatusHistory);
  if (!st) return st.error();
  st->BindInt(1, case_id);
  st->BindOptInt(2, vendor_id);
  return CollectRows<domain::StatusHistoryEntry>(*st, [](const Stmt& s) -> Result<domain::StatusHistoryEntry> {
    domain::StatusHistoryEntry e{.id = s.Int(0), .case_id = s.Int(1), .vendor_id = s.Int(2)};
    auto status = domain::ParseVendorStatus(s.Text(3));
    if (!status) return Corrupt("vendor_status_history", "status", e.id);
    e.status = *status;
    e.statement = s.Text(4);
    e.advisory_url = s.Text(5);
    e.at = s.Time(6);
    e.by_user = s.Int(7);
    return e;
  });
}

Result<std::int64_t> SqliteCoordinationTx::InsertInvestigation(const domain::InvestigationReport& r) {
  auto st = PrepareStatement(c_, kInsertInvestigation);
  if (!st) return st.error();
  Stmt& s = *st;
  s.BindInt(1, r.case_id);
  s.BindInt(2, r.vendor_id);
  s.BindText(3, domain::AffectedName(r.affected));
  s.BindText(4, r.workaround_plan);
  s.BindText(5, r.fix_plan);
  s.BindText(6, r.schedule);
  s.BindText(7, r.publication_plan);
  s.BindText(8, r.other_developers);
  s.BindTime(9, r.at);
  s.BindInt(10, r.by_user);
  return s.OneInt();
}

Result<std::vector<domain::InvestigationReport>> SqliteCoordinationTx::ListInvestigations(
    CaseId case_id, std::optional<std::int64_t> vendor_id) {
  auto st = PrepareStatement(c_, kListInvestigations);
  if (!st) return st.error();
  st->BindInt(1, case_id);
  st->BindOptInt(2, vendor_id);
  return CollectRows<domain::InvestigationReport>(*st, [](const Stmt& s) -> Result<domain::InvestigationReport> {
    domain::InvestigationReport r{.id = s.Int(0), .case_id = s.Int(1), .vendor_id = s.Int(2)};
    auto affected = domain::ParseAffected(s.Text(3));
    if (!affected) return Corrupt("investigation_reports", "affected", r.id);
    r.affected = *affected;
    r.workaround_plan = s.Text(4);
    r.fix_plan = s.Text(5);
    r.schedule = s.Text(6);
    r.publication_plan = s.Text(7);
    r.other_developers = s.Text(8);
    r.at = s.Time(9);
    r.by_user = s.Int(10);
    return r;
  });
}

// --- Threads -------------------------------------------------------------------

Result<std::int64_t> SqliteCoordinationTx::InsertCaseMessage(const domain::CaseMessage& m) {
  auto st = PrepareStatement(c_, kInsertCaseMessage);
  if (!st) return st.error();
  Stmt& s = *st;
  s.BindInt(1, m.case_id);
  s.BindText(2, domain::ThreadKindName(m.thread));
  s.BindInt(3, m.party_id);
  s.BindInt(4, m.author_id);
  s.BindText(5, m.author_name);
  s.BindText(6, domain::RoleName(m.author_role));
  s.BindText(7, m.body);
  s.BindTime(8, m.created_at);
  return s.OneInt();
}

Result<std::vector<domain::CaseMessage>> SqliteCoordinationTx::ListCaseMessages(CaseId case_id,
                                                                                domain::ThreadKind thread,
                                                                                std::int64_t party_id,
                                                                                const MessagePage& page) {
  auto st = PrepareStatement(c_, kListCaseMessages);
  if (!st) return st.error();
  Stmt& s = *st;
  s.BindInt(1, case_id);
  s.BindText(2, domain::ThreadKindName(thread));
  s.BindInt(3, party_id);
  s.BindInt(4, page.before_id > 0 ? page.before_id : std::numeric_limits<std::int64_t>::max());
  s.BindInt(5, page.limit);
  auto rows = CollectRows<domain::CaseMessage>(s, [](const Stmt& r) -> Result<domain::CaseMessage> {
    domain::CaseMessage m{.id = r.Int(0), .case_id = r.Int(1)};
    auto kind = domain::ParseThreadKind(r.Text(2));
    auto role = domain::ParseRole(r.Text(6));
    if (!kind || !role) return Corrupt("case_messages", "thread/author_role", m.id);
    m.thread = *kind;
    m.party_id = r.Int(3);
    m.author_id = r.Int(4);
    m.author_name = r.Text(5);
    m.author_role = *role;
    m.body = r.Text(7);
    m.created_at = r.Time(8);
    return m;
  });
  if (!rows) return rows.error();
  std::reverse(rows->begin(), rows->end());
  return rows;
}

Result<std::vector<std::tuple<domain::ThreadKind, std::int64_t, std::int64_t>>>
SqliteCoordinationTx::CountCaseMessages(CaseId case_id) {
  auto st = PrepareStatement(c_, kCountCaseMessages);
  if (!st) return st.error();
  st->BindInt(1, case_id);
  using Row = std::tuple<domain::ThreadKind, std::int64_t, std::int64_t>;
  return CollectRows<Row>(*st, [](const Stmt& s) -> Result<Row> {
    auto kind = domain::ParseThreadKind(s.Text(0));
    if (!kind) return Corrupt("case_messages", "thread", 0);
    return Row{*kind, s.Int(1), s.Int(2)};
  });
}

// --- Proposals, pre-releases, partners --------------------------------------------

Result<std::int64_t> SqliteCoordinationTx::InsertProposal(const domain::VendorProposal& p) {
  auto st = PrepareStatement(c_, kInsertProposal);
  if (!st) return st.error();
  Stmt& s = *st;
  s.BindInt(1, p.case_id);
  s.BindInt(2, p.proposed_by);
  s.BindText(3, p.vendor_name);
  s.BindOptInt(4, p.vendor_id);
  s.BindText(5, p.relation);
  s.BindText(6, p.reason);
  s.BindText(7, p.state);
  s.BindTime(8, p.created_at);
  s.BindOptTime(9, p.decided_at);
  return s.OneInt();
}

Status SqliteCoordinationTx::UpdateProposal(const domain::VendorProposal& p) {
  auto st = PrepareStatement(c_, kUpdateProposal);
  if (!st) return st.error();
  st->BindInt(1, p.id);
  st->BindOptInt(2, p.vendor_id);
  st->BindText(3, p.state);
  st->BindOptTime(4, p.decided_at);
  return ChangedOne(*st);
}

Result<std::vector<domain::VendorProposal>> SqliteCoordinationTx::ListProposals(CaseId case_id) {
  auto st = PrepareStatement(c_, kListProposals);
  if (!st) return st.error();
  st->BindInt(1, case_id);
  return CollectRows<domain::VendorProposal>(*st, [](const Stmt& s) {
    domain::VendorProposal p{.id = s.Int(0), .case_id = s.Int(1), .proposed_by = s.Int(2), .vendor_name = s.Text(3)};
    p.vendor_id = s.OptInt(4);
    p.relation = s.Text(5);
    p.reason = s.Text(6);
    p.state = s.Text(7);
    p.created_at = s.Time(8);
    p.decided_at = s.OptTime(9);
    return p;
  });
}

Result<std::int64_t> SqliteCoordinationTx::InsertPrerelease(const domain::Prerelease& p) {
  auto st = PrepareStatement(c_, kInsertPrerelease);
  if (!st) return st.error();
  Stmt& s = *st;
  s.BindInt(1, p.case_id);
  s.BindText(2, p.kind);
  s.BindText(3, p.sector);
  s.BindOptInt(4, p.vendor_id);
  s.BindText(5, p.note);
  s.BindText(6, p.state);
  s.BindInt(7, p.requested_by);
  s.BindTime(8, p.created_at);
  s.BindOptInt(9, p.decided_by);
  s.BindOptTime(10, p.decided_at);
  return s.OneInt();
}

Status SqliteCoordinationTx::UpdatePrerelease(const domain::Prerelease& p) {
  auto st = PrepareStatement(c_, kUpdatePrerelease);
  if (!st) return st.error();
  st->BindInt(1, p.id);
  st->BindText(2, p.state);
  st->BindOptInt(3, p.decided_by);
  st->BindOptTime(4, p.decided_at);
  st->BindText(5, p.note);
  return ChangedOne(*st);
}

Result<std::vector<domain::Prerelease>> SqliteCoordinationTx::ListPrereleases(CaseId case_id) {
  auto st = PrepareStatement(c_, kListPrereleases);
  if (!st) return st.error();
  st->BindInt(1, case_id);
  return CollectRows<domain::Prerelease>(*st, [](const Stmt& s) {
    domain::Prerelease p{.id = s.Int(0), .case_id = s.Int(1), .kind = s.Text(2), .sector = s.Text(3)};
    p.vendor_id = s.OptInt(4);
    p.note = s.Text(5);
    p.state = s.Text(6);
    p.requested_by = s.Int(7);
    p.created_at = s.Time(8);
    p.decided_by = s.OptInt(9);
    p.decided_at = s.OptTime(10);
    return p;
  });
}

Result<std::int64_t> SqliteCoordinationTx::InsertPartner(const domain::CasePartner& p) {
  auto st = PrepareStatement(c_, kInsertPartner);
  if (!st) return st.error();
  Stmt& s = *st;
  s.BindInt(1, p.case_id);
  s.BindInt(2, p.vendor_id);
  s.BindText(3, p.organisation);
  s.BindText(4, p.person);
  s.BindText(5, p.email);
  s.BindOptInt(6, p.user_id);
  s.BindTime(7, p.created_at);
  s.BindOptTime(8, p.admitted_at);
  return s.OneInt();
}

Status SqliteCoordinationTx::UpdatePartner(const domain::CasePartner& p) {
  auto st = PrepareStatement(c_, kUpdatePartner);
  if (!st) return st.error();
  Stmt& s = *st;
  s.BindInt(1, p.id);
  s.BindText(2, p.organisation);
  s.BindText(3, p.person);
  s.BindText(4, p.email);
  s.BindOptInt(5, p.user_id);
  s.BindOptTime(6, p.admitted_at);
  return ChangedOne(s);
}

Result<std::vector<domain::CasePartner>> SqliteCoordinationTx::ListPartners(CaseId case_id) {
  auto st = PrepareStatement(c_, kListPartners);
  if (!st) return st.error();
  st->BindInt(1, case_id);
  return CollectRows<domain::CasePartner>(*st, ReadPartner);
}

Result<domain::CasePartner> SqliteCoordinationTx::FindPartnerByUser(domain::UserId user_id) {
  auto st = PrepareStatement(c_, kFindPartnerByUser);
  if (!st) return st.error();
  st->BindInt(1, user_id);
  return OneRow<domain::CasePartner>(*st, ReadPartner);
}

}  // namespace cvdhub::store::sqlite

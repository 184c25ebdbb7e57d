#include "http/case_json.hpp"

#include <set>

#include "formats/report_json.hpp"

namespace cvdhub::http {

using nlohmann::json;

json TimeToJson(std::optional<domain::Timestamp> t) {
  if (!t) return nullptr;
  return {{"utc", formats::IsoUtc(*t)}, {"jst", app::FormatJst(*t)}};
}

json StatusToJson(std::optional<domain::VendorStatus> status) {
  if (!status) return nullptr;
  const auto& w = domain::Wording(*status);
  return {{"name", w.name}, {"ja", w.ja}, {"en", w.en}, {"csaf", w.csaf}};
}

json CaseSummaryToJson(const app::CaseSummary& s) {
  json j = {{"id", s.c.id},
            {"identifier", s.c.identifier},
            {"title", s.c.title},
            {"status", s.c.status},
            {"created_at", formats::IsoUtc(s.c.created_at)}};
  if (s.vendors > 0 || s.silent_vendors > 0) {
    j["vendors"] = s.vendors;
    j["silent_vendors"] = s.silent_vendors;
  }
  if (s.publication_state != domain::PublicationDateState::kNone) {
    j["publication"] = {{"state", domain::PublicationDateStateName(s.publication_state)},
                        {"at", TimeToJson(s.publication_at)}};
  }
  return j;
}

namespace {

// Sets `key` only when the value is there: absent fields are left out of the
// wire form instead of being null or "" (the OpenAPI document marks them optional).
void SetIf(json& j, const char* key, const std::optional<domain::Timestamp>& t) {
  if (t) j[key] = TimeToJson(t);
}
void SetIf(json& j, const char* key, const std::string& text) {
  if (!text.empty()) j[key] = text;
}

json ClocksToJson(const domain::CaseClocks& c) {
  json j = json::object();
  SetIf(j, "initial_contact", c.initial_contact);
  SetIf(j, "target_45_days", c.target_45);
  SetIf(j, "closing_warning", c.closing_warning);
  SetIf(j, "closing_120_days", c.closing_120);
  SetIf(j, "withdrawal_1_year", c.withdrawal_1y);
  return j;
}

json PublicationToJson(const domain::PublicationDate& p) {
  json j = {{"state", domain::PublicationDateStateName(p.state)}};
  SetIf(j, "at", p.at);
  SetIf(j, "foreign_coordinator", p.foreign_coordinator);
  SetIf(j, "early_reason", p.early_reason);
  return j;
}

json CaseVendorToJson(const domain::CaseVendor& v, domain::Timestamp now) {
  json j = {{"vendor_id", v.vendor_id},
            {"name", v.vendor_name},
            {"registered", v.registered},
            {"obvious", v.obvious},
            {"tier", v.tier},
            {"engagement", domain::EngagementName(domain::DeriveEngagement(v, now))},
            {"fix_ready", v.fix_ready},
            {"fix_deployed", v.fix_deployed},
            {"overview_answer", domain::OverviewAnswerName(v.overview_answer)},
            {"date_response", domain::DateResponseName(v.date_response)}};
  if (auto status = domain::EffectiveStatus(v)) j["status"] = StatusToJson(status);
  SetIf(j, "statement", v.statement);
  SetIf(j, "advisory_url", v.advisory_url);
  SetIf(j, "initial_contact_at", v.initial_contact_at);
  SetIf(j, "overview_sent_at", v.overview_sent_at);
  SetIf(j, "details_requested_at", v.details_requested_at);
  SetIf(j, "details_released_at", v.details_released_at);
  SetIf(j, "investigation_at", v.investigation_at);
  SetIf(j, "statement_at", v.statement_at);
  SetIf(j, "last_answer_at", v.last_answer_at);
  SetIf(j, "answer_due", v.answer_due);
  SetIf(j, "date_comment", v.date_comment);
  return j;
}

json InvestigationToJson(const domain::InvestigationReport& r) {
  json j = {{"vendor_id", r.vendor_id}, {"affected", domain::AffectedName(r.affected)}, {"at", formats::IsoUtc(r.at)}};
  SetIf(j, "workaround_plan", r.workaround_plan);
  SetIf(j, "fix_plan", r.fix_plan);
  SetIf(j, "schedule", r.schedule);
  SetIf(j, "publication_plan", r.publication_plan);
  SetIf(j, "other_developers", r.other_developers);
  return j;
}

json HistoryToJson(const domain::StatusHistoryEntry& h) {
  json j = {{"vendor_id", h.vendor_id}, {"status", StatusToJson(h.status)}, {"at", formats::IsoUtc(h.at)}};
  SetIf(j, "statement", h.statement);
  SetIf(j, "advisory_url", h.advisory_url);
  return j;
}

json ProposalToJson(const domain::VendorProposal& p) {
  json j = {{"id", p.id},
            {"proposed_by", p.proposed_by},
            {"vendor_name", p.vendor_name},
            {"relation", p.relation},
            {"reason", p.reason},
            {"state", p.state},
            {"created_at", formats::IsoUtc(p.created_at)}};
  if (p.vendor_id) j["vendor_id"] = *p.vendor_id;
  return j;
}

json PrereleaseToJson(const domain::Prerelease& p) {
  json j = {{"id", p.id}, {"kind", p.kind}, {"state", p.state}, {"created_at", formats::IsoUtc(p.created_at)}};
  SetIf(j, "sector", p.sector);
  if (p.vendor_id) j["vendor_id"] = *p.vendor_id;
  SetIf(j, "note", p.note);
  SetIf(j, "decided_at", p.decided_at);
  return j;
}

json PartnerToJson(const domain::CasePartner& p) {
  json j = {{"id", p.id},
            {"vendor_id", p.vendor_id},
            {"organisation", p.organisation},
            {"person", p.person},
            {"email", p.email}};
  SetIf(j, "admitted_at", p.admitted_at);
  return j;
}

template <typename T, typename Fn>
json Array(const std::vector<T>& items, Fn fn) {
  json out = json::array();
  for (const auto& i : items) out.push_back(fn(i));
  return out;
}

}  // namespace

json CaseViewToJson(const app::CaseView& v, domain::Timestamp now, const app::VendorFilter& filter) {
  const app::VendorPage shown = app::SelectVendors(v.vendors, filter);
  std::set<std::int64_t> on_page;
  json vendors = json::array();
  for (const app::VendorRow* row : shown.rows) {
    json j = CaseVendorToJson(row->vendor, now);
    j["thread_messages"] = row->thread_messages;
    vendors.push_back(std::move(j));
    on_page.insert(row->vendor.vendor_id);
  }
  // Per-vendor lists follow the vendor page: paging through the vendors pages through them too.
  json investigations = json::array();
  for (const auto& r : v.investigations) {
    if (on_page.contains(r.vendor_id)) investigations.push_back(InvestigationToJson(r));
  }
  json history = json::array();
  for (const auto& h : v.status_history) {
    if (on_page.contains(h.vendor_id)) history.push_back(HistoryToJson(h));
  }
  const app::VendorSummary summary = app::Summarize(v.vendors);
  json by_state = json::object(), by_status = json::object();
  for (const auto& [key, n] : summary.by_state) by_state[key] = n;
  for (const auto& [key, n] : summary.by_status) by_status[key] = n;
  json page = {{"page", shown.page}, {"per_page", filter.per_page}, {"pages", shown.pages}, {"matching", shown.matching}};
  SetIf(page, "state", filter.state);
  SetIf(page, "status", filter.status);
  SetIf(page, "q", filter.q);

  const auto& c = v.coordination;
  json j = {{"id", v.c.id},
            {"identifier", v.c.identifier},
            {"title", v.c.title},
            {"status", v.c.status},
            {"report_id", v.c.report_id},
            {"intake_number", v.report.intake_number},
            {"created_at", formats::IsoUtc(v.c.created_at)},
            {"version", c.version},
            {"overview", c.overview},
            {"details", c.details},
            {"product_ids", c.product_ids},
            {"keywords", c.keywords},
            {"publication", PublicationToJson(c.publication)},
            {"clocks", ClocksToJson(v.clocks)},
            {"vultron", {{"em", c.em_state}, {"p", c.public_aware}, {"x", c.exploit_public}, {"a", c.attacks_observed}}},
            {"vendor_summary",
             {{"total", summary.total},
              {"by_state", std::move(by_state)},
              {"by_status", std::move(by_status)},
              {"in_vendor_table", summary.in_vendor_table},
              {"date_accepted", summary.date_accepted}}},
            {"vendor_page", std::move(page)},
            {"vendors", std::move(vendors)},
            {"case_thread_messages", v.case_thread_messages},
            {"proposals", Array(v.proposals, ProposalToJson)},
            {"prereleases", Array(v.prereleases, PrereleaseToJson)},
            {"partners", Array(v.partners, PartnerToJson)},
            {"investigations", std::move(investigations)},
            {"status_history", std::move(history)}};
  SetIf(j, "closed_at", c.closed_at);
  return j;
}

json VendorCaseViewToJson(const app::VendorCaseView& v, domain::Timestamp now) {
  json j = {{"id", v.c.id},
            {"identifier", v.c.identifier},
            {"overview", v.overview},
            {"me", CaseVendorToJson(v.me, now)},
            {"clocks", ClocksToJson(v.clocks)},
            {"investigations", Array(v.my_investigations, InvestigationToJson)},
            {"status_history", Array(v.my_history, HistoryToJson)},
            {"proposals", Array(v.my_proposals, ProposalToJson)},
            {"partners", Array(v.my_partners, PartnerToJson)},
            {"prenotifications", Array(v.my_prenotifications, PrereleaseToJson)}};
  if (v.me.details_released_at) {
    j["title"] = v.c.title;
    j["details"] = v.details;
    j["publication"] = PublicationToJson(v.publication);
    j["embargo_ended"] = v.embargo_ended;  // the date can no longer be accepted or revised
  }
  return j;
}

json PartnerCaseViewToJson(const app::PartnerCaseView& v) {
  return {{"id", v.c.id},           {"identifier", v.c.identifier}, {"title", v.c.title},
          {"overview", v.overview}, {"details", v.details},         {"partner", PartnerToJson(v.me)}};
}

json CaseMessageToJson(const domain::CaseMessage& m) {
  return {{"id", m.id},
          {"thread", domain::ThreadKindName(m.thread)},
          {"party_id", m.party_id},
          {"author", m.author_name},
          {"author_role", domain::RoleName(m.author_role)},
          {"body", m.body},
          {"created_at", formats::IsoUtc(m.created_at)}};
}

json VendorProfileToJson(const domain::VendorProfile& p) {
  const auto& v = p.vendor;
  json contacts = json::array();
  for (const auto& c : p.contacts) {
    contacts.push_back({{"id", c.id}, {"name", c.name}, {"email", c.email}, {"phone", c.phone},
                        {"primary", c.is_primary}, {"pgp_fingerprint", c.pgp_fingerprint}});
  }
  json products = json::array();
  for (const auto& pr : p.products) {
    products.push_back({{"id", pr.id}, {"name", pr.name}, {"cpe", pr.cpe}, {"purl", pr.purl}});
  }
  return {{"id", v.id},
          {"name", v.name},
          {"name_en", v.name_en},
          {"registration", domain::RegistrationTypeName(v.registration)},
          {"registered", v.registered},
          {"contact_email", v.contact_email},
          {"phone", v.phone},
          {"public_listing", v.public_listing},
          {"accepts_direct_reports", v.accepts_direct_reports},
          {"reporting_contact", v.reporting_contact},
          {"contacts", contacts},
          {"products", products},
          {"keywords", p.keywords}};
}

json CandidateToJson(const domain::VendorCandidate& c) {
  return {{"vendor_id", c.vendor_id}, {"name", c.vendor_name}, {"score", c.score}, {"reasons", c.reasons}};
}

}  // namespace cvdhub::http

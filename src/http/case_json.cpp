#include "http/case_json.hpp"

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

json ClocksToJson(const domain::CaseClocks& c) {
  return {{"initial_contact", TimeToJson(c.initial_contact)},
          {"target_45_days", TimeToJson(c.target_45)},
          {"closing_warning", TimeToJson(c.closing_warning)},
          {"closing_120_days", TimeToJson(c.closing_120)},
          {"withdrawal_1_year", TimeToJson(c.withdrawal_1y)}};
}

json PublicationToJson(const domain::PublicationDate& p) {
  json j = {{"state", domain::PublicationDateStateName(p.state)}, {"at", TimeToJson(p.at)}};
  if (!p.foreign_coordinator.empty()) j["foreign_coordinator"] = p.foreign_coordinator;
  if (!p.early_reason.empty()) j["early_reason"] = p.early_reason;
  return j;
}

json CaseVendorToJson(const domain::CaseVendor& v, domain::Timestamp now) {
  return {{"vendor_id", v.vendor_id},
          {"name", v.vendor_name},
          {"registered", v.registered},
          {"obvious", v.obvious},
          {"tier", v.tier},
          {"engagement", domain::EngagementName(domain::DeriveEngagement(v, now))},
          {"status", StatusToJson(domain::EffectiveStatus(v))},
          {"statement", v.statement},
          {"advisory_url", v.advisory_url},
          {"fix_ready", v.fix_ready},
          {"fix_deployed", v.fix_deployed},
          {"initial_contact_at", TimeToJson(v.initial_contact_at)},
          {"overview_sent_at", TimeToJson(v.overview_sent_at)},
          {"overview_answer", domain::OverviewAnswerName(v.overview_answer)},
          {"details_requested_at", TimeToJson(v.details_requested_at)},
          {"details_released_at", TimeToJson(v.details_released_at)},
          {"investigation_at", TimeToJson(v.investigation_at)},
          {"statement_at", TimeToJson(v.statement_at)},
          {"last_answer_at", TimeToJson(v.last_answer_at)},
          {"answer_due", TimeToJson(v.answer_due)},
          {"date_response", domain::DateResponseName(v.date_response)},
          {"date_comment", v.date_comment}};
}

json InvestigationToJson(const domain::InvestigationReport& r) {
  return {{"vendor_id", r.vendor_id},
          {"affected", domain::AffectedName(r.affected)},
          {"workaround_plan", r.workaround_plan},
          {"fix_plan", r.fix_plan},
          {"schedule", r.schedule},
          {"publication_plan", r.publication_plan},
          {"other_developers", r.other_developers},
          {"at", formats::IsoUtc(r.at)}};
}

json HistoryToJson(const domain::StatusHistoryEntry& h) {
  return {{"vendor_id", h.vendor_id}, {"status", StatusToJson(h.status)}, {"statement", h.statement},
          {"advisory_url", h.advisory_url}, {"at", formats::IsoUtc(h.at)}};
}

json ProposalToJson(const domain::VendorProposal& p) {
  return {{"id", p.id},
          {"proposed_by", p.proposed_by},
          {"vendor_name", p.vendor_name},
          {"vendor_id", p.vendor_id ? json(*p.vendor_id) : json(nullptr)},
          {"relation", p.relation},
          {"reason", p.reason},
          {"state", p.state},
          {"created_at", formats::IsoUtc(p.created_at)}};
}

json PrereleaseToJson(const domain::Prerelease& p) {
  return {{"id", p.id},
          {"kind", p.kind},
          {"sector", p.sector},
          {"vendor_id", p.vendor_id ? json(*p.vendor_id) : json(nullptr)},
          {"note", p.note},
          {"state", p.state},
          {"created_at", formats::IsoUtc(p.created_at)},
          {"decided_at", TimeToJson(p.decided_at)}};
}

json PartnerToJson(const domain::CasePartner& p) {
  return {{"id", p.id},
          {"vendor_id", p.vendor_id},
          {"organisation", p.organisation},
          {"person", p.person},
          {"email", p.email},
          {"admitted_at", TimeToJson(p.admitted_at)}};
}

template <typename T, typename Fn>
json Array(const std::vector<T>& items, Fn fn) {
  json out = json::array();
  for (const auto& i : items) out.push_back(fn(i));
  return out;
}

}  // namespace

json CaseViewToJson(const app::CaseView& v, domain::Timestamp now) {
  json vendors = json::array();
  for (const auto& row : v.vendors) {
    json j = CaseVendorToJson(row.vendor, now);
    j["thread_messages"] = row.thread_messages;
    vendors.push_back(std::move(j));
  }
  const auto& c = v.coordination;
  return {{"id", v.c.id},
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
          {"closed_at", TimeToJson(c.closed_at)},
          {"vendors", vendors},
          {"case_thread_messages", v.case_thread_messages},
          {"proposals", Array(v.proposals, ProposalToJson)},
          {"prereleases", Array(v.prereleases, PrereleaseToJson)},
          {"partners", Array(v.partners, PartnerToJson)},
          {"investigations", Array(v.investigations, InvestigationToJson)},
          {"status_history", Array(v.status_history, HistoryToJson)}};
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

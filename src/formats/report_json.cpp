#include "formats/report_json.hpp"

#include <sodium.h>

#include <fmt/format.h>
#include <functional>
#include <map>

namespace cvdhub::formats {
namespace {

using nlohmann::json;
using domain::ReportSubmission;

Result<std::string> DecodeBase64(const std::string& in, const std::string& field) {
  std::string out(in.size() / 4 * 3 + 3, '\0');
  std::size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), in.data(), in.size(),
                        " \r\n", &len, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0) {
    return Error::Invalid(field, field + " is not valid base64");
  }
  out.resize(len);
  return out;
}

}  // namespace

std::string IsoUtc(domain::Timestamp t) {
  const auto day = std::chrono::floor<std::chrono::days>(t);
  const std::chrono::year_month_day ymd{day};
  const std::chrono::hh_mm_ss hms{t - day};
  return fmt::format("{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}Z", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), hms.hours().count(),
                     hms.minutes().count(), hms.seconds().count());
}

std::string IsoDate(std::chrono::sys_days d) {
  const std::chrono::year_month_day ymd{d};
  return fmt::format("{:04d}-{:02d}-{:02d}", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                     static_cast<unsigned>(ymd.day()));
}

Result<ParsedSubmission> ParseSubmissionJson(std::string_view text) {
  json j;
  try {
    j = json::parse(text);
  } catch (const json::exception& e) {  // parse_error, or out_of_range for a number like 1E400
    // e.what() names the byte position and the problem; it contains no stored data.
    return Error::Invalid("body", std::string("malformed JSON: ") + e.what());
  }
  if (!j.is_object()) return Error::Invalid("body", "the report must be a JSON object");

  ParsedSubmission out;
  ReportSubmission& s = out.submission;
  using StringSetter = std::function<void(std::string)>;
  const std::map<std::string, StringSetter> strings = {
      {"title", [&](std::string v) { s.title = std::move(v); }},
      {"product_name", [&](std::string v) { s.product_name = std::move(v); }},
      {"product_version", [&](std::string v) { s.product_version = std::move(v); }},
      {"product_url", [&](std::string v) { s.product_url = std::move(v); }},
      {"discovery_method", [&](std::string v) { s.discovery_method = std::move(v); }},
      {"tools_used", [&](std::string v) { s.tools_used = std::move(v); }},
      {"reproduction", [&](std::string v) { s.reproduction = std::move(v); }},
      {"impact", [&](std::string v) { s.impact = std::move(v); }},
      {"public_reference", [&](std::string v) { s.public_reference = std::move(v); }},
      {"time_constraints", [&](std::string v) { s.time_constraints = std::move(v); }},
      {"vendor_contact_details", [&](std::string v) { s.vendor_contact_details = std::move(v); }},
      {"finder_name", [&](std::string v) { s.finder_name = std::move(v); }},
      {"finder_contact", [&](std::string v) { s.finder_contact = std::move(v); }},
      {"credit_name", [&](std::string v) { s.credit_name = std::move(v); }},
  };
  const std::map<std::string, bool*> bools = {
      {"publicly_known", &s.publicly_known},
      {"vendor_contacted", &s.vendor_contacted},
      {"wants_credit", &s.wants_credit},
  };

  for (const auto& [key, value] : j.items()) {
    if (auto it = strings.find(key); it != strings.end()) {
      if (!value.is_string()) return Error::Invalid(key, key + " must be a string");
      it->second(value.get<std::string>());
    } else if (auto b = bools.find(key); b != bools.end()) {
      if (!value.is_boolean()) return Error::Invalid(key, key + " must be true or false");
      *b->second = value.get<bool>();
    } else if (key == "kind") {
      auto k = value.is_string() ? domain::ParseReportKind(value.get<std::string>()) : std::nullopt;
      if (!k) return Error::Invalid("kind", "kind must be \"software\" or \"website\"");
      s.kind = *k;
    } else if (key == "language") {
      auto l = value.is_string() ? domain::ParseLanguage(value.get<std::string>()) : std::nullopt;
      if (!l) return Error::Invalid("language", "language must be \"ja\" or \"en\"");
      s.language = *l;
    } else if (key == "source") {
      auto src = value.is_string() ? domain::ParseReportSource(value.get<std::string>()) : std::nullopt;
      if (!src) {
        return Error::Invalid("source", "source must be \"partnership\", \"overseas_coordinator\" or \"direct\"");
      }
      s.source = *src;
    } else if (key == "attachments") {
      if (!value.is_array()) return Error::Invalid("attachments", "attachments must be an array");
      for (std::size_t i = 0; i < value.size(); ++i) {
        const auto& a = value[i];
        const std::string field = "attachments[" + std::to_string(i) + "]";
        if (!a.is_object()) return Error::Invalid(field, field + " must be an object");
        domain::AttachmentUpload up;
        for (const auto& [ak, av] : a.items()) {
          if (!av.is_string()) return Error::Invalid(field + "." + ak, field + "." + ak + " must be a string");
          if (ak == "filename") {
            up.filename = av.get<std::string>();
          } else if (ak == "content_type") {
            up.content_type = av.get<std::string>();
          } else if (ak == "content_base64") {
            auto bytes = DecodeBase64(av.get<std::string>(), field + ".content_base64");
            if (!bytes) return bytes.error();
            up.bytes = std::move(*bytes);
          } else {
            return Error::Invalid(field + "." + ak, "unknown field " + field + "." + ak);
          }
        }
        if (up.filename.empty()) return Error::Invalid(field + ".filename", field + ".filename is required");
        out.attachments.push_back(std::move(up));
      }
    } else {
      return Error::Invalid(key, "unknown field '" + key + "'");
    }
  }
  return out;
}

json ReportToJson(const domain::Report& r) {
  const auto& s = r.submission;
  json j = {
      {"id", r.id},
      {"intake_number", r.intake_number},
      {"kind", domain::ReportKindName(s.kind)},
      {"source", domain::ReportSourceName(s.source)},
      {"status", domain::ReportStatusName(r.status)},
      {"title", s.title},
      {"product_name", s.product_name},
      {"product_version", s.product_version},
      {"product_url", s.product_url},
      {"discovery_method", s.discovery_method},
      {"tools_used", s.tools_used},
      {"reproduction", s.reproduction},
      {"impact", s.impact},
      {"publicly_known", s.publicly_known},
      {"public_reference", s.public_reference},
      {"time_constraints", s.time_constraints},
      {"vendor_contacted", s.vendor_contacted},
      {"vendor_contact_details", s.vendor_contact_details},
      {"finder_name", s.finder_name},
      {"finder_contact", s.finder_contact},
      {"wants_credit", s.wants_credit},
      {"credit_name", s.credit_name},
      {"language", domain::LanguageCode(s.language)},
      {"priority",
       {{"wide_effect_japan", r.priority.wide_effect_japan},
        {"critical_infrastructure", r.priority.critical_infrastructure},
        {"large_user_base", r.priority.large_user_base}}},
      {"received_at", IsoUtc(r.received_at)},
      {"ack_deadline", IsoDate(r.ack_deadline)},
      {"acknowledged_at", r.acknowledged_at ? json(IsoUtc(*r.acknowledged_at)) : json(nullptr)},
      {"decided_at", r.decided_at ? json(IsoUtc(*r.decided_at)) : json(nullptr)},
      {"decline_reason", r.decline_reason ? json(domain::DeclineReasonName(*r.decline_reason)) : json(nullptr)},
      {"decision_note", r.decision_note},
      {"case_identifier", r.case_identifier.empty() ? json(nullptr) : json(r.case_identifier)},
  };
  return j;
}

json AttachmentToJson(const domain::Attachment& a) {
  return {{"id", a.id},         {"filename", a.filename}, {"content_type", a.content_type},
          {"size", a.size},     {"sha256", a.sha256},     {"created_at", IsoUtc(a.created_at)}};
}

json MessageToJson(const domain::Message& m) {
  return {{"id", m.id},
          {"author", m.author_name},
          {"author_role", domain::RoleName(m.author_role)},
          {"body", m.body},
          {"created_at", IsoUtc(m.created_at)}};
}

json EventToJson(const domain::Event& e) {
  return {{"at", IsoUtc(e.at)},          {"actor", e.actor_name}, {"action", e.action},
          {"field", e.field},            {"from", e.from_value},  {"to", e.to_value}};
}

}  // namespace cvdhub::formats

#include "formats/reference_osv.hpp"

#include <algorithm>
#include <array>

#include "domain/cvss.hpp"
#include "formats/reference_fields.hpp"

namespace cvdhub::formats {
namespace {

using domain::ReferenceRecord;
using nlohmann::json;
using nlohmann::ordered_json;
using namespace fields;  // NOLINT(google-build-using-namespace): this reader's own helpers

constexpr std::array<std::string_view, 4> kEventKinds = {"introduced", "fixed", "last_affected", "limit"};

ReferenceRecord ReadOsv(const json& j) {
  if (!j.is_object()) Fail("entry", "an OSV entry must be a JSON object");
  if (j.contains("cveMetadata")) Fail("id", "missing: this looks like a CVE record (use `cvdhub import cve`)");
  ReferenceRecord r;
  r.kind = domain::RecordKind::kOsv;
  r.id = RequiredStr(j, "id", "");
  if (auto st = domain::ValidateRecordId(r.kind, r.id); !st) Fail("id", st.error().message);
  r.format_version = Str(j, "schema_version", "");
  if (Member(j, "modified") == nullptr) Fail("modified", "is required (OSV schema)");
  r.modified = Time(j, "modified", "");
  r.published = Time(j, "published", "");
  r.withdrawn = Time(j, "withdrawn", "");
  if (r.withdrawn) r.state = "WITHDRAWN";
  r.aliases = Strings(j, "aliases", "");
  r.related = Strings(j, "related", "");
  if (Member(j, "summary") != nullptr) r.texts.push_back({0, domain::TextKind::kTitle, "", Str(j, "summary", "")});
  if (Member(j, "details") != nullptr) {
    r.texts.push_back({0, domain::TextKind::kDescription, "", Str(j, "details", "")});
  }

  const auto& severity = Array(j, "severity", "");
  for (std::size_t i = 0; i < severity.size(); ++i) {
    const std::string p = Index("severity", i);
    const auto& s = Object(severity[i], p);
    domain::RecordMetric m{0, RequiredStr(s, "type", p), RequiredStr(s, "score", p), std::nullopt, ""};
    if (m.type.starts_with("CVSS_V")) {
      if (auto scored = domain::ScoreCvss(m.vector)) {
        m.score = scored->base_score;
        m.severity = scored->severity;
      }
    }
    r.metrics.push_back(std::move(m));
  }

  const auto& affected = Array(j, "affected", "");
  for (std::size_t i = 0; i < affected.size(); ++i) {
    const std::string p = Index("affected", i);
    const auto& a = Object(affected[i], p);
    domain::RecordAffected out;
    if (const auto* pkg = OptObject(a, "package", p)) {
      const std::string pp = Sub(p, "package");
      out.ecosystem = Str(*pkg, "ecosystem", pp);
      out.package_name = Str(*pkg, "name", pp);
      out.purl = Str(*pkg, "purl", pp);
    }
    const std::string rp = Sub(p, "ranges");
    const auto& ranges = Array(a, "ranges", p);
    for (std::size_t k = 0; k < ranges.size(); ++k) {
      const std::string kp = Index(rp, k);
      const auto& range = Object(ranges[k], kp);
      domain::RecordRange rr{RequiredStr(range, "type", kp), Str(range, "repo", kp), {}};
      const std::string ep = Sub(kp, "events");
      const auto& events = Array(range, "events", kp);
      for (std::size_t e = 0; e < events.size(); ++e) {
        const std::string evp = Index(ep, e);
        const auto& ev = Object(events[e], evp);
        if (ev.size() != 1) Fail(evp, "must have exactly one of introduced, fixed, last_affected, limit");
        const auto first = ev.begin();
        const std::string& kind = first.key();
        const json& value = first.value();
        if (std::find(kEventKinds.begin(), kEventKinds.end(), kind) == kEventKinds.end()) {
          Fail(evp, "'" + kind.substr(0, 40) + "' is not a range event (introduced, fixed, last_affected, limit)");
        }
        if (!value.is_string()) Fail(Sub(evp, kind), "must be a string");
        rr.events.emplace_back(kind, value.get<std::string>());
      }
      out.ranges.push_back(std::move(rr));
    }
    out.enumerated_versions = Strings(a, "versions", p);
    r.affected.push_back(std::move(out));
  }

  const auto& references = Array(j, "references", "");
  for (std::size_t i = 0; i < references.size(); ++i) {
    const std::string p = Index("references", i);
    const auto& ref = Object(references[i], p);
    r.references.push_back({0, RequiredStr(ref, "url", p), "", RequiredStr(ref, "type", p), {}});
  }
  return r;
}

}  // namespace

Result<domain::ReferenceRecord> OsvReferenceFromJson(const json& j) {
  try {
    return ReadOsv(j);
  } catch (const BadField& bad) {
    return Error::Invalid(bad.path, bad.path + " " + bad.message);
  }
}

Result<domain::ReferenceRecord> ParseOsvReference(std::string_view line) {
  auto j = ParseLine(line);
  if (!j) return j.error();
  return OsvReferenceFromJson(*j);
}

ordered_json OsvReferenceToJson(const domain::ReferenceRecord& r) {
  ordered_json out = ordered_json::object();
  if (!r.format_version.empty()) out["schema_version"] = r.format_version;
  out["id"] = r.id;
  if (r.modified) out["modified"] = domain::FormatRecordTime(*r.modified);
  if (r.published) out["published"] = domain::FormatRecordTime(*r.published);
  if (r.withdrawn) out["withdrawn"] = domain::FormatRecordTime(*r.withdrawn);
  if (!r.aliases.empty()) out["aliases"] = r.aliases;
  if (!r.related.empty()) out["related"] = r.related;
  for (const auto& t : r.texts) {
    if (t.container != 0) continue;
    out[t.kind == domain::TextKind::kTitle ? "summary" : "details"] = t.value;
  }
  if (!r.metrics.empty()) {
    ordered_json severity = ordered_json::array();
    for (const auto& m : r.metrics) severity.push_back({{"type", m.type}, {"score", m.vector}});
    out["severity"] = std::move(severity);
  }
  if (!r.affected.empty()) {
    ordered_json affected = ordered_json::array();
    for (const auto& a : r.affected) {
      ordered_json j = ordered_json::object();
      if (!a.ecosystem.empty() || !a.package_name.empty() || !a.purl.empty()) {
        ordered_json pkg = {{"ecosystem", a.ecosystem}, {"name", a.package_name}};
        if (!a.purl.empty()) pkg["purl"] = a.purl;
        j["package"] = std::move(pkg);
      }
      if (!a.ranges.empty()) {
        ordered_json ranges = ordered_json::array();
        for (const auto& range : a.ranges) {
          ordered_json rj = {{"type", range.type}};
          if (!range.repo.empty()) rj["repo"] = range.repo;
          ordered_json events = ordered_json::array();
          for (const auto& [kind, value] : range.events) events.push_back({{kind, value}});
          rj["events"] = std::move(events);
          ranges.push_back(std::move(rj));
        }
        j["ranges"] = std::move(ranges);
      }
      if (!a.enumerated_versions.empty()) j["versions"] = a.enumerated_versions;
      affected.push_back(std::move(j));
    }
    out["affected"] = std::move(affected);
  }
  if (!r.references.empty()) {
    ordered_json references = ordered_json::array();
    for (const auto& l : r.references) references.push_back({{"type", l.type}, {"url", l.url}});
    out["references"] = std::move(references);
  }
  return out;
}

}  // namespace cvdhub::formats

#include "formats/reference_cve.hpp"

#include "formats/reference_fields.hpp"

namespace cvdhub::formats {
namespace {

using domain::ReferenceRecord;
using nlohmann::json;
using nlohmann::ordered_json;
using namespace fields;  // NOLINT(google-build-using-namespace): this reader's own helpers

// The parts of one container (the CNA's, index 0, or an ADP's).
void ReadContainer(const json& c, int index, const std::string& path, ReferenceRecord& r) {
  Object(c, path);
  domain::RecordContainer meta;
  if (const auto* pm = OptObject(c, "providerMetadata", path)) {
    const std::string pm_path = Sub(path, "providerMetadata");
    meta.org_id = Str(*pm, "orgId", pm_path);
    meta.short_name = Str(*pm, "shortName", pm_path);
    meta.date_updated = Time(*pm, "dateUpdated", pm_path);
  }
  r.containers.push_back(std::move(meta));

  if (const auto title = Str(c, "title", path); !title.empty() || Member(c, "title") != nullptr) {
    r.texts.push_back({index, domain::TextKind::kTitle, "", title});
  }
  for (const auto& [key, kind] : {std::pair{"descriptions", domain::TextKind::kDescription},
                                 std::pair{"rejectedReasons", domain::TextKind::kRejectedReason}}) {
    const std::string list_path = Sub(path, key);
    const auto& list = Array(c, key, path);
    for (std::size_t i = 0; i < list.size(); ++i) {
      const std::string p = Index(list_path, i);
      const auto& d = Object(list[i], p);
      r.texts.push_back({index, kind, Str(d, "lang", p), RequiredStr(d, "value", p)});
    }
  }

  const std::string aff_path = Sub(path, "affected");
  const auto& affected = Array(c, "affected", path);
  for (std::size_t i = 0; i < affected.size(); ++i) {
    const std::string p = Index(aff_path, i);
    const auto& a = Object(affected[i], p);
    domain::RecordAffected out;
    out.container = index;
    out.vendor = Str(a, "vendor", p);
    out.product = Str(a, "product", p);
    out.package_name = Str(a, "packageName", p);
    out.collection_url = Str(a, "collectionURL", p);
    out.repo = Str(a, "repo", p);
    out.default_status = Str(a, "defaultStatus", p);
    out.cpes = Strings(a, "cpes", p);
    out.platforms = Strings(a, "platforms", p);
    const std::string ver_path = Sub(p, "versions");
    const auto& versions = Array(a, "versions", p);
    out.versions.reserve(versions.size());
    for (std::size_t k = 0; k < versions.size(); ++k) {
      const std::string vp = Index(ver_path, k);
      const auto& v = Object(versions[k], vp);
      out.versions.push_back({RequiredStr(v, "version", vp), RequiredStr(v, "status", vp), Str(v, "lessThan", vp),
                              Str(v, "lessThanOrEqual", vp), Str(v, "versionType", vp)});
    }
    r.affected.push_back(std::move(out));
  }

  const std::string pt_path = Sub(path, "problemTypes");
  const auto& problem_types = Array(c, "problemTypes", path);
  for (std::size_t g = 0; g < problem_types.size(); ++g) {
    const std::string gp = Index(pt_path, g);
    const auto& group = Object(problem_types[g], gp);
    const std::string dp = Sub(gp, "descriptions");
    const auto& descriptions = Array(group, "descriptions", gp);
    for (std::size_t k = 0; k < descriptions.size(); ++k) {
      const std::string p = Index(dp, k);
      const auto& d = Object(descriptions[k], p);
      r.problem_types.push_back({index, static_cast<int>(g), Str(d, "cweId", p), Str(d, "type", p),
                                 Str(d, "lang", p), Str(d, "description", p)});
    }
  }

  const std::string m_path = Sub(path, "metrics");
  const auto& metrics = Array(c, "metrics", path);
  for (std::size_t i = 0; i < metrics.size(); ++i) {
    const std::string p = Index(m_path, i);
    const auto& m = Object(metrics[i], p);
    for (const auto& [key, value] : m.items()) {
      if (!key.starts_with("cvssV")) continue;  // "other" (SSVC, KEV…), "format", "scenarios" are not kept
      const std::string cp = Sub(p, key);
      const auto& cvss = Object(value, cp);
      r.metrics.push_back({index, key, RequiredStr(cvss, "vectorString", cp), Number(cvss, "baseScore", cp),
                           Str(cvss, "baseSeverity", cp)});
    }
  }

  const std::string ref_path = Sub(path, "references");
  const auto& references = Array(c, "references", path);
  for (std::size_t i = 0; i < references.size(); ++i) {
    const std::string p = Index(ref_path, i);
    const auto& ref = Object(references[i], p);
    r.references.push_back({index, RequiredStr(ref, "url", p), Str(ref, "name", p), "", Strings(ref, "tags", p)});
  }
}

ReferenceRecord ReadCve(const json& j) {
  if (!j.is_object()) Fail("record", "a CVE record must be a JSON object");
  const auto* meta = Member(j, "cveMetadata");
  if (meta == nullptr) {
    if (j.contains("id") && j.contains("modified")) {
      Fail("cveMetadata", "missing: this looks like an OSV entry (use `cvdhub import osv`)");
    }
    Fail("cveMetadata", "missing: not a CVE JSON 5 record");
  }
  if (const auto type = Str(j, "dataType", ""); !type.empty() && type != "CVE_RECORD") {
    Fail("dataType", "must be CVE_RECORD, not '" + type.substr(0, 40) + "'");
  }
  Object(*meta, "cveMetadata");
  ReferenceRecord r;
  r.kind = domain::RecordKind::kCve;
  r.format_version = Str(j, "dataVersion", "");
  r.id = RequiredStr(*meta, "cveId", "cveMetadata");
  if (auto st = domain::ValidateRecordId(r.kind, r.id); !st) Fail("cveMetadata.cveId", st.error().message);
  r.state = RequiredStr(*meta, "state", "cveMetadata");
  if (r.state != "PUBLISHED" && r.state != "REJECTED") {
    Fail("cveMetadata.state", "must be PUBLISHED or REJECTED, not '" + r.state.substr(0, 40) + "'");
  }
  r.assigner_org_id = Str(*meta, "assignerOrgId", "cveMetadata");
  r.assigner_short_name = Str(*meta, "assignerShortName", "cveMetadata");
  r.published = Time(*meta, "datePublished", "cveMetadata");
  r.modified = Time(*meta, "dateUpdated", "cveMetadata");
  r.reserved = Time(*meta, "dateReserved", "cveMetadata");
  r.rejected = Time(*meta, "dateRejected", "cveMetadata");

  const auto* containers = Member(j, "containers");
  if (containers == nullptr) Fail("containers", "is required");
  Object(*containers, "containers");
  const auto* cna = Member(*containers, "cna");
  if (cna == nullptr) Fail("containers.cna", "is required");
  ReadContainer(*cna, 0, "containers.cna", r);
  const auto& adps = Array(*containers, "adp", "containers");
  for (std::size_t i = 0; i < adps.size(); ++i) {
    ReadContainer(adps[i], static_cast<int>(i) + 1, Index("containers.adp", i), r);
  }
  return r;
}

std::string_view CvssVersionField(std::string_view type) {
  if (type == "cvssV3_1") return "3.1";
  if (type == "cvssV4_0") return "4.0";
  if (type == "cvssV3_0") return "3.0";
  if (type == "cvssV2_0") return "2.0";
  return "";
}

ordered_json ContainerToJson(const ReferenceRecord& r, int index) {
  ordered_json c = ordered_json::object();
  const auto& meta = r.containers[static_cast<std::size_t>(index)];
  ordered_json pm = {{"orgId", meta.org_id}};
  if (!meta.short_name.empty()) pm["shortName"] = meta.short_name;
  if (meta.date_updated) pm["dateUpdated"] = domain::FormatRecordTime(*meta.date_updated);
  c["providerMetadata"] = std::move(pm);

  ordered_json descriptions = ordered_json::array();
  ordered_json rejected = ordered_json::array();
  for (const auto& t : r.texts) {
    if (t.container != index) continue;
    if (t.kind == domain::TextKind::kTitle) {
      c["title"] = t.value;
      continue;
    }
    ordered_json d = {{"lang", t.lang}, {"value", t.value}};
    (t.kind == domain::TextKind::kRejectedReason ? rejected : descriptions).push_back(std::move(d));
  }
  if (!descriptions.empty()) c["descriptions"] = std::move(descriptions);
  if (!rejected.empty()) c["rejectedReasons"] = std::move(rejected);

  ordered_json affected = ordered_json::array();
  for (const auto& a : r.affected) {
    if (a.container != index) continue;
    ordered_json j = ordered_json::object();
    if (!a.vendor.empty()) j["vendor"] = a.vendor;
    if (!a.product.empty()) j["product"] = a.product;
    if (!a.collection_url.empty()) j["collectionURL"] = a.collection_url;
    if (!a.package_name.empty()) j["packageName"] = a.package_name;
    if (!a.cpes.empty()) j["cpes"] = a.cpes;
    if (!a.repo.empty()) j["repo"] = a.repo;
    if (!a.platforms.empty()) j["platforms"] = a.platforms;
    if (!a.versions.empty()) {
      ordered_json versions = ordered_json::array();
      for (const auto& v : a.versions) {
        ordered_json vj = {{"version", v.version}, {"status", v.status}};
        if (!v.version_type.empty()) vj["versionType"] = v.version_type;
        if (!v.less_than.empty()) vj["lessThan"] = v.less_than;
        if (!v.less_than_or_equal.empty()) vj["lessThanOrEqual"] = v.less_than_or_equal;
        versions.push_back(std::move(vj));
      }
      j["versions"] = std::move(versions);
    }
    if (!a.default_status.empty()) j["defaultStatus"] = a.default_status;
    affected.push_back(std::move(j));
  }
  if (!affected.empty()) c["affected"] = std::move(affected);

  ordered_json problem_types = ordered_json::array();
  int last_group = -1;
  for (const auto& p : r.problem_types) {
    if (p.container != index) continue;
    if (p.group != last_group) {
      problem_types.push_back({{"descriptions", ordered_json::array()}});
      last_group = p.group;
    }
    ordered_json d = ordered_json::object();
    if (!p.lang.empty()) d["lang"] = p.lang;
    d["description"] = p.description;
    if (!p.cwe_id.empty()) d["cweId"] = p.cwe_id;
    if (!p.type.empty()) d["type"] = p.type;
    problem_types.back()["descriptions"].push_back(std::move(d));
  }
  if (!problem_types.empty()) c["problemTypes"] = std::move(problem_types);

  ordered_json metrics = ordered_json::array();
  for (const auto& m : r.metrics) {
    if (m.container != index) continue;
    ordered_json cvss = ordered_json::object();
    if (const auto v = CvssVersionField(m.type); !v.empty()) cvss["version"] = v;
    cvss["vectorString"] = m.vector;
    if (m.score) cvss["baseScore"] = *m.score;
    if (!m.severity.empty()) cvss["baseSeverity"] = m.severity;
    metrics.push_back({{m.type, std::move(cvss)}});
  }
  if (!metrics.empty()) c["metrics"] = std::move(metrics);

  ordered_json references = ordered_json::array();
  for (const auto& l : r.references) {
    if (l.container != index) continue;
    ordered_json j = {{"url", l.url}};
    if (!l.name.empty()) j["name"] = l.name;
    if (!l.tags.empty()) j["tags"] = l.tags;
    references.push_back(std::move(j));
  }
  if (!references.empty()) c["references"] = std::move(references);
  return c;
}

}  // namespace

Result<domain::ReferenceRecord> CveReferenceFromJson(const json& j) {
  try {
    return ReadCve(j);
  } catch (const BadField& bad) {
    return Error::Invalid(bad.path, bad.path + " " + bad.message);
  }
}

Result<domain::ReferenceRecord> ParseCveReference(std::string_view line) {
  auto j = ParseLine(line);
  if (!j) return j.error();
  return CveReferenceFromJson(*j);
}

ordered_json CveReferenceToJson(const domain::ReferenceRecord& r) {
  ordered_json meta = {{"cveId", r.id}, {"assignerOrgId", r.assigner_org_id}};
  if (!r.assigner_short_name.empty()) meta["assignerShortName"] = r.assigner_short_name;
  meta["state"] = r.state;
  if (r.reserved) meta["dateReserved"] = domain::FormatRecordTime(*r.reserved);
  if (r.published) meta["datePublished"] = domain::FormatRecordTime(*r.published);
  if (r.modified) meta["dateUpdated"] = domain::FormatRecordTime(*r.modified);
  if (r.rejected) meta["dateRejected"] = domain::FormatRecordTime(*r.rejected);

  ordered_json containers = ordered_json::object();
  if (!r.containers.empty()) containers["cna"] = ContainerToJson(r, 0);
  if (r.containers.size() > 1) {
    ordered_json adp = ordered_json::array();
    for (std::size_t i = 1; i < r.containers.size(); ++i) adp.push_back(ContainerToJson(r, static_cast<int>(i)));
    containers["adp"] = std::move(adp);
  }
  return ordered_json{{"dataType", "CVE_RECORD"},
                      {"dataVersion", r.format_version.empty() ? "5.1" : r.format_version},
                      {"cveMetadata", std::move(meta)},
                      {"containers", std::move(containers)}};
}

}  // namespace cvdhub::formats

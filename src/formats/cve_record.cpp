#include "formats/cve_record.hpp"

#include <regex>
#include <set>

#include "domain/cvss.hpp"
#include "formats/purl.hpp"
#include "formats/report_json.hpp"
#include "formats/versions.hpp"

namespace cvdhub::formats {
namespace {

using domain::Language;
using nlohmann::json;

constexpr std::size_t kMaxText = 4096;  // description, credit value
constexpr std::size_t kMaxTitle = 256;
constexpr std::size_t kMaxName = 512;  // reference name, vendor

// The CVE schema's CPE pattern (anchored here; the schema's is not).
bool IsCveCpe(std::string_view cpe) {
  static const std::regex kCpe(
      R"(^(([c][pP][eE]:/[AHOaho]?(:[A-Za-z0-9._\-~%]*){0,6})|(cpe:2\.3:[aho*\-](:(((\?*|\*?)([a-zA-Z0-9\-._]|(\\[\\*?!"#$%&'()+,/:;<=>@\[\]\^`{|}~]))+(\?*|\*?))|[*\-])){5}(:(([a-zA-Z]{2,3}(-([a-zA-Z]{2}|[0-9]{3}))?)|[*\-]))(:(((\?*|\*?)([a-zA-Z0-9\-._]|(\\[\\*?!"#$%&'()+,/:;<=>@\[\]\^`{|}~]))+(\?*|\*?))|[*\-])){4}))$)");
  return !cpe.empty() && cpe.size() <= 2048 && std::regex_match(cpe.begin(), cpe.end(), kCpe);
}

// The versionType of a range: the package's scheme where CVE names one, else
// semver when every bound is SemVer, else custom.
std::string VersionType(const VersionRange& r, const std::optional<PackageUrl>& purl) {
  if (purl) {
    if (purl->type == "maven") return "maven";
    if (purl->type == "pypi") return "python";
    if (purl->type == "rpm") return "rpm";
  }
  for (const auto* v : {&r.introduced, &r.fixed, &r.last_affected}) {
    if (!v->empty() && !IsSemver(*v)) return "custom";
  }
  return "semver";
}

json Versions(const VersionRange& r, const std::optional<PackageUrl>& purl) {
  json out = json::array();
  if (r.IsList()) {
    for (const auto& v : r.exact) out.push_back({{"version", v}, {"status", "affected"}});
    return out;
  }
  const std::string type = VersionType(r, purl);
  json range = {
      {"version", r.introduced.empty() ? "0" : r.introduced}, {"status", "affected"}, {"versionType", type}};
  if (!r.fixed.empty()) {
    range["lessThan"] = r.fixed;
  } else if (!r.last_affected.empty()) {
    range["lessThanOrEqual"] = r.last_affected;
  } else {
    range["lessThan"] = "*";
  }
  out.push_back(std::move(range));
  if (!r.fixed.empty()) {
    out.push_back({{"version", r.fixed}, {"status", "unaffected"}, {"lessThan", "*"}, {"versionType", type}});
  }
  return out;
}

json Affected(const domain::PublicAdvisory& p, const ExportConfig& config) {
  json out = json::array();
  for (const auto& product : p.advisory.products) {
    const auto* row = VendorRowOf(p, product);
    const auto status = row ? std::optional(row->status) : std::nullopt;
    std::string vendor = row ? VendorName(*row, Language::kEn) : product.vendor_name;
    if (Trim(vendor).empty()) vendor = "n/a";
    const std::string name = Trim(product.product).empty() ? std::string("n/a") : product.product;
    json a = {{"vendor", TruncateUtf8(vendor, kMaxName)}, {"product", TruncateUtf8(name, 2048)}};
    std::optional<PackageUrl> purl;
    if (auto parsed = ParsePackageUrl(product.purl)) purl = std::move(*parsed);
    if (IsCveCpe(product.cpe)) a["cpes"] = json::array({product.cpe});
    if (IsAffected(status)) {
      if (auto range = ParseVersionRange(product.versions, product.fixed_in)) {
        a["versions"] = Versions(*range, purl);
        a["defaultStatus"] = "unknown";
      } else {
        a["defaultStatus"] = "unknown";
      }
    } else if (status == domain::VendorStatus::kNotAffected) {
      a["defaultStatus"] = "unaffected";
    } else {
      a["defaultStatus"] = "unknown";
    }
    out.push_back(std::move(a));
  }
  // Vendors in the table without product rows: all their products.
  for (const auto& v : p.vendors) {
    const bool has_products = std::any_of(p.advisory.products.begin(), p.advisory.products.end(),
                                          [&](const auto& product) { return VendorRowOf(p, product) == &v; });
    if (has_products) continue;
    const std::string vendor =
        Trim(VendorName(v, Language::kEn)).empty() ? "n/a" : VendorName(v, Language::kEn);
    const char* status = IsAffected(v.status)                             ? "affected"
                         : v.status == domain::VendorStatus::kNotAffected ? "unaffected"
                                                                          : "unknown";
    out.push_back({{"vendor", TruncateUtf8(vendor, kMaxName)},
                   {"product", std::string(config.Text(Language::kEn, "export.product.all"))},
                   {"defaultStatus", status}});
  }
  if (out.empty()) out.push_back({{"vendor", "n/a"}, {"product", "n/a"}, {"defaultStatus", "unknown"}});
  return out;
}

// The first non-empty text of `candidates` in `lang` only (no fallback to the other language).
std::string FirstIn(Language lang, std::initializer_list<const domain::Bilingual*> candidates) {
  for (const auto* b : candidates) {
    const std::string& text = lang == Language::kEn ? b->en : b->ja;
    if (!Trim(text).empty()) return std::string(Trim(text));
  }
  return {};
}

json Metric(const char* key, const domain::CvssScore& s, std::string_view version) {
  return {{"format", "CVSS"},
          {"scenarios", json::array({{{"lang", "en"}, {"value", "GENERAL"}}})},
          {key,
           {{"version", version},
            {"vectorString", s.vector},
            {"baseScore", s.base_score},
            {"baseSeverity", s.severity}}}};
}

}  // namespace

Result<json> CveRecord(const domain::PublicAdvisory& p, std::string_view cve_id, const ExportConfig& config,
                       const CveCna& cna) {
  const domain::Advisory& a = p.advisory;
  const domain::AdvisoryVulnerability* vuln = nullptr;
  for (const auto& v : a.vulnerabilities) {
    if (!v.cve_id.empty() && v.cve_id == cve_id) vuln = &v;
  }
  if (!vuln) return Error::NotFound("this advisory has no vulnerability with that CVE ID");
  if (vuln->cve_source == domain::CveSource::kOtherCna) {
    return Error::NotFound("this CVE ID was assigned by another CNA" +
                           (vuln->cve_assigner.empty() ? std::string() : " (" + vuln->cve_assigner + ")") +
                           ", which publishes its CVE record");
  }
  const auto& s = a.sections;
  const std::string en = FirstIn(Language::kEn, {&vuln->description, &s.description, &s.overview});
  if (en.empty()) {
    return Error::Conflict("the CVE record needs an English description, and this advisory has none yet");
  }
  json descriptions = json::array({{{"lang", "en"}, {"value", TruncateUtf8(en, kMaxText)}}});
  if (const std::string ja = FirstIn(Language::kJa, {&vuln->description, &s.description, &s.overview});
      !ja.empty()) {
    descriptions.push_back({{"lang", "ja"}, {"value", TruncateUtf8(ja, kMaxText)}});
  }

  const domain::Timestamp published = FirstPublished(p);
  const domain::Timestamp updated = LastModified(p);
  json container = {
      {"providerMetadata",
       {{"orgId", cna.org_id}, {"shortName", cna.short_name}, {"dateUpdated", IsoUtc(updated)}}},
      {"datePublic", IsoUtc(published)},
      {"descriptions", std::move(descriptions)},
      {"affected", Affected(p, config)},
  };
  if (const std::string title = FirstIn(Language::kEn, {&vuln->title, &s.title}); !title.empty()) {
    container["title"] = TruncateUtf8(title, kMaxTitle);
  }
  if (domain::IsCweId(vuln->cwe) && vuln->cwe.size() <= 9) {
    const auto name = CweName(vuln->cwe);
    container["problemTypes"] = json::array(
        {{{"descriptions", json::array({{
                               {"lang", "en"},
                               {"cweId", vuln->cwe},
                               {"description", name ? vuln->cwe + " " + std::string(*name) : vuln->cwe},
                               {"type", "CWE"},
                           }})}}});
  }
  json metrics = json::array();
  if (auto v3 = domain::ScoreCvss(vuln->cvss31); v3 && v3->version == domain::CvssVersion::kV31) {
    const bool v30 = v3->vector.starts_with("CVSS:3.0/");
    metrics.push_back(Metric(v30 ? "cvssV3_0" : "cvssV3_1", *v3, v30 ? "3.0" : "3.1"));
  }
  if (auto v4 = domain::ScoreCvss(vuln->cvss40); v4 && v4->version == domain::CvssVersion::kV40) {
    metrics.push_back(Metric("cvssV4_0", *v4, "4.0"));
  }
  if (!metrics.empty()) container["metrics"] = std::move(metrics);

  json references = json::array();
  std::set<std::string> seen;
  auto add_ref = [&](const std::string& url, std::string_view name, std::string_view tag) {
    if (url.empty() || url.size() > 2048 || !seen.insert(url).second) return;
    json r = {{"url", url}};
    if (!Trim(name).empty()) r["name"] = TruncateUtf8(Trim(name), kMaxName);
    if (!tag.empty()) r["tags"] = json::array({tag});
    references.push_back(std::move(r));
  };
  add_ref(AdvisoryUrl(config, a.identifier), a.identifier, "third-party-advisory");
  for (const auto& v : p.vendors)
    add_ref(SafeUri(v.advisory_url), VendorName(v, Language::kEn), "vendor-advisory");
  for (const auto& r : s.references) add_ref(SafeUri(r.url), r.title, "");
  container["references"] = std::move(references);

  json credits = json::array();
  for (const Language lang : {Language::kEn, Language::kJa}) {
    if (const std::string text = FirstIn(lang, {&s.acknowledgements}); !text.empty()) {
      credits.push_back({{"lang", lang == Language::kEn ? "en" : "ja"},
                         {"value", TruncateUtf8(text, kMaxText)},
                         {"type", "finder"}});
    }
  }
  if (!credits.empty()) container["credits"] = std::move(credits);

  return json{
      {"dataType", "CVE_RECORD"},
      {"dataVersion", "5.1"},
      {"cveMetadata",
       {{"cveId", vuln->cve_id},
        {"assignerOrgId", cna.org_id},
        {"assignerShortName", cna.short_name},
        {"state", "PUBLISHED"},
        {"datePublished", IsoUtc(published)},
        {"dateUpdated", IsoUtc(updated)}}},
      {"containers", {{"cna", std::move(container)}}},
  };
}

}  // namespace cvdhub::formats

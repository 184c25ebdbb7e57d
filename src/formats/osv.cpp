#include "formats/osv.hpp"

#include <algorithm>
#include <set>

#include "domain/cvss.hpp"
#include "formats/purl.hpp"
#include "formats/report_json.hpp"
#include "formats/versions.hpp"

namespace cvdhub::formats {
namespace {

using domain::Language;
using nlohmann::json;

std::string StripV(const std::string& v) {
  return v.size() > 1 && (v[0] == 'v' || v[0] == 'V') && std::isdigit(static_cast<unsigned char>(v[1]))
             ? v.substr(1)
             : v;
}

// One affected package: ranges from the advisory's versions where they read
// as a range, listed versions where they are a list.
json AffectedPackage(const OsvPackage& pkg, const PackageUrl& purl, const domain::AdvisoryProduct& product) {
  json a = {{"package", {{"ecosystem", pkg.ecosystem}, {"name", pkg.name}, {"purl", purl.Base()}}}};
  const auto range = ParseVersionRange(product.versions, product.fixed_in);
  // Go versions are SemVer (OSV writes them without the "v"); other ecosystems use their own ordering.
  const bool semver = pkg.ecosystem == "Go";
  auto norm = [&](const std::string& v) { return semver ? StripV(v) : v; };
  if (range && range->IsList()) {
    json versions = json::array();
    for (const auto& v : range->exact) versions.push_back(norm(v));
    a["versions"] = std::move(versions);
  } else if (range) {
    json events = json::array({{{"introduced", range->introduced.empty() ? "0" : norm(range->introduced)}}});
    if (!range->fixed.empty()) {
      events.push_back({{"fixed", norm(range->fixed)}});
    } else if (!range->last_affected.empty()) {
      events.push_back({{"last_affected", norm(range->last_affected)}});
    }
    const bool ok = !semver || std::all_of(events.begin(), events.end(), [](const json& e) {
      const std::string v = e.begin().value().get<std::string>();
      return v == "0" || IsSemver(v);
    });
    a["ranges"] =
        json::array({{{"type", semver && ok ? "SEMVER" : "ECOSYSTEM"}, {"events", std::move(events)}}});
  }
  json specific = json::object();
  if (!Trim(product.versions).empty()) specific["affected_versions"] = std::string(Trim(product.versions));
  if (!Trim(product.fixed_in).empty()) specific["fixed_in"] = std::string(Trim(product.fixed_in));
  if (!specific.empty()) a["database_specific"] = std::move(specific);
  return a;
}

// The highest-scoring vector of one version among the vulnerabilities.
std::optional<domain::CvssScore> Highest(const domain::Advisory& a, domain::CvssVersion version) {
  std::optional<domain::CvssScore> best;
  for (const auto& v : a.vulnerabilities) {
    auto s = domain::ScoreCvss(version == domain::CvssVersion::kV31 ? v.cvss31 : v.cvss40);
    if (s && s->version == version && (!best || s->base_score > best->base_score)) best = std::move(*s);
  }
  return best;
}

}  // namespace

std::string OsvId(std::string_view identifier) {
  std::string out = "x_";
  for (char c : identifier) {
    const auto u = static_cast<unsigned char>(c);
    out += (std::isalnum(u) != 0 || c == '-' || c == '.' || c == '_') ? c : '-';
  }
  return out;
}

Result<json> OsvRecord(const domain::PublicAdvisory& p, const ExportConfig& config) {
  const domain::Advisory& a = p.advisory;
  json affected = json::array();
  for (const auto& product : a.products) {
    if (!IsAffected(ProductVendorStatus(p, product))) continue;
    auto purl = ParsePackageUrl(product.purl);
    if (!purl) continue;
    auto pkg = OsvPackageOf(*purl);
    if (!pkg) continue;
    affected.push_back(AffectedPackage(*pkg, *purl, product));
  }
  if (affected.empty()) {
    return Error::NotFound(std::string(config.Text(Language::kEn, "export.osv.no_package")));
  }
  const auto& s = a.sections;
  json out = {
      {"schema_version", "1.7.0"},           {"id", OsvId(a.identifier)},
      {"modified", IsoUtc(LastModified(p))}, {"published", IsoUtc(FirstPublished(p))},
      {"affected", std::move(affected)},
  };
  std::set<std::string> aliases;
  std::set<std::string> cwes;
  for (const auto& v : a.vulnerabilities) {
    if (domain::IsCveId(v.cve_id)) aliases.insert(v.cve_id);
    if (domain::IsCweId(v.cwe)) cwes.insert(v.cwe);
  }
  if (!aliases.empty()) out["aliases"] = aliases;
  if (const auto title = Trim(TextIn(s.title, Language::kEn)); !title.empty())
    out["summary"] = std::string(title);
  std::string details(Trim(TextIn(s.overview, Language::kEn)));
  if (const auto d = Trim(TextIn(s.description, Language::kEn)); !d.empty() && d != details) {
    details += (details.empty() ? "" : "\n\n") + std::string(d);
  }
  if (!details.empty()) out["details"] = details;
  json severity = json::array();
  if (auto v3 = Highest(a, domain::CvssVersion::kV31))
    severity.push_back({{"type", "CVSS_V3"}, {"score", v3->vector}});
  if (auto v4 = Highest(a, domain::CvssVersion::kV40))
    severity.push_back({{"type", "CVSS_V4"}, {"score", v4->vector}});
  if (!severity.empty()) out["severity"] = std::move(severity);

  json references = json::array({{{"type", "ADVISORY"}, {"url", AdvisoryUrl(config, a.identifier)}}});
  std::set<std::string> seen{AdvisoryUrl(config, a.identifier)};
  for (const auto& v : p.vendors) {
    if (const auto url = SafeUri(v.advisory_url); !url.empty() && seen.insert(url).second) {
      references.push_back({{"type", "ADVISORY"}, {"url", url}});
    }
  }
  for (const auto& r : s.references) {
    if (const auto url = SafeUri(r.url); !url.empty() && seen.insert(url).second) {
      references.push_back({{"type", "WEB"}, {"url", url}});
    }
  }
  out["references"] = std::move(references);
  if (const auto ack = Trim(TextIn(s.acknowledgements, Language::kEn)); !ack.empty()) {
    out["credits"] = json::array({{{"name", std::string(ack)}, {"type", "FINDER"}}});
  }
  json specific = {{"identifier", a.identifier}, {"url", AdvisoryUrl(config, a.identifier)}};
  if (!cwes.empty()) specific["cwe_ids"] = cwes;
  out["database_specific"] = std::move(specific);
  return out;
}

}  // namespace cvdhub::formats

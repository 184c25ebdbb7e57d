#include "formats/csaf.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <map>
#include <regex>
#include <set>

#include "domain/cvss.hpp"
#include "formats/purl.hpp"
#include "formats/report_json.hpp"
#include "formats/versions.hpp"

namespace cvdhub::formats {
namespace {

using domain::Language;
using domain::VendorStatus;
using nlohmann::json;

constexpr std::string_view kCsafSchema = "https://docs.oasis-open.org/csaf/csaf/v2.0/csaf_json_schema.json";

// The CSAF schema's CPE pattern (2.2 URI or 2.3 formatted string): a CPE that
// does not match is left out rather than making the document invalid.
bool IsCsafCpe(std::string_view cpe) {
  static const std::regex kCpe(
      R"(^(cpe:2\.3:[aho\*\-](:(((\?*|\*?)([a-zA-Z0-9\-\._]|(\\[\\\*\?!"#\$%&'\(\)\+,/:;<=>@\[\]\^`\{\|\}~]))+(\?*|\*?))|[\*\-])){5}(:(([a-zA-Z]{2,3}(-([a-zA-Z]{2}|[0-9]{3}))?)|[\*\-]))(:(((\?*|\*?)([a-zA-Z0-9\-\._]|(\\[\\\*\?!"#\$%&'\(\)\+,/:;<=>@\[\]\^`\{\|\}~]))+(\?*|\*?))|[\*\-])){4})|([c][pP][eE]:/[AHOaho]?(:[A-Za-z0-9\._\-~%]*){0,6})$)");
  return cpe.size() >= 5 && std::regex_match(cpe.begin(), cpe.end(), kCpe);
}

// A CPE 2.3 name with its version field set to `version` (when both allow it).
std::string CpeWithVersion(std::string_view cpe, std::string_view version) {
  static const std::regex kPlain(R"(^[A-Za-z0-9._\-]+$)");
  if (!cpe.starts_with("cpe:2.3:") || !std::regex_match(version.begin(), version.end(), kPlain)) return {};
  std::vector<std::string> parts;
  std::size_t pos = 0;
  while (true) {  // the formatted string has no escaped ':' in the fields we touch
    const auto colon = cpe.find(':', pos);
    parts.emplace_back(
        cpe.substr(pos, colon == std::string_view::npos ? std::string_view::npos : colon - pos));
    if (colon == std::string_view::npos) break;
    pos = colon + 1;
  }
  if (parts.size() != 13) return {};
  parts[5] = std::string(version);
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? ":" : "") + parts[i];
  return IsCsafCpe(out) ? out : std::string();
}

std::string LangTag(Language lang) {
  return lang == Language::kEn ? "en" : "ja";
}

std::string StatusWording(VendorStatus s, Language lang) {
  const auto& w = domain::Wording(s);
  return std::string(lang == Language::kEn ? w.en : w.ja);
}

void AddNote(json& notes, std::string_view category, std::string title, std::string_view text) {
  text = Trim(text);
  if (text.empty()) return;
  json note = {{"category", category}, {"text", std::string(text)}};
  if (!title.empty()) note["title"] = std::move(title);
  notes.push_back(std::move(note));
}

// CSAF has one language per document: an English document whose advisory is
// only partly translated carries the Japanese text of the missing sections, and
// says which sections those are, as the portal does.
void AddUntranslatedNote(json& notes, const domain::Advisory& a, const ExportConfig& config) {
  const auto& s = a.sections;
  const auto untranslated = [](const domain::Bilingual& b) {
    return Trim(b.en).empty() && !Trim(b.ja).empty();
  };
  std::vector<std::string> names;
  const std::pair<const domain::Bilingual*, std::string_view> sections[] = {
      {&s.title, "export.note.title"},         {&s.overview, "export.note.overview"},
      {&s.affected, "export.note.affected"},   {&s.description, "export.note.description"},
      {&s.impact, "export.note.impact"},       {&s.solution, "export.note.solution"},
      {&s.coordinator_notes, "export.note.coordinator"},
      {&s.acknowledgements, "export.note.acknowledgements"}};
  for (const auto& [text, key] : sections) {
    if (untranslated(*text)) names.emplace_back(config.Text(Language::kEn, key));
  }
  if (std::ranges::any_of(a.vulnerabilities, [&](const domain::AdvisoryVulnerability& v) {
        return untranslated(v.title) || untranslated(v.description);
      })) {
    names.emplace_back(config.Text(Language::kEn, "export.note.vulnerabilities"));
  }
  if (names.empty()) return;
  AddNote(notes, "general", std::string(config.Text(Language::kEn, "export.note.untranslated_title")),
          config.catalog->Format(Language::kEn, "export.note.untranslated",
                                 {{"sections", fmt::format("{}", fmt::join(names, ", "))}}));
}

// The product tree and, per product id, the status class it belongs to.
enum class StatusClass { kKnownAffected, kFixed, kKnownNotAffected, kUnderInvestigation };

struct ProductFacts {
  std::string id;
  StatusClass status = StatusClass::kKnownAffected;
  std::string fixed_version;    // for affected products whose fix is known: the fixed version text
  std::string fixed_product;    // the product id of that fixed version, if one was made
  std::string vendor_advisory;  // the vendor's advisory URL
  std::string vendor_statement;
};

struct Tree {
  json branches = json::array();
  std::vector<ProductFacts> products;  // in document order
  int next_id = 1;

  std::string NewId() { return fmt::format("CSAFPID-{:04d}", next_id++); }
};

json FullProductName(std::string name, const std::string& id, const std::string& cpe,
                     const std::string& purl) {
  json p = {{"name", std::move(name)}, {"product_id", id}};
  json helper = json::object();
  if (!cpe.empty()) helper["cpe"] = cpe;
  if (!purl.empty()) helper["purl"] = purl;
  if (!helper.empty()) p["product_identification_helper"] = std::move(helper);
  return p;
}

json Leaf(std::string_view category, std::string name, json product) {
  return {{"category", category}, {"name", std::move(name)}, {"product", std::move(product)}};
}

StatusClass ClassOf(std::optional<VendorStatus> s) {
  if (!s) return StatusClass::kKnownAffected;
  switch (*s) {
    case VendorStatus::kAffected:
    case VendorStatus::kAffectedInvestigating:
      return StatusClass::kKnownAffected;
    case VendorStatus::kNotAffected:
      return StatusClass::kKnownNotAffected;
    case VendorStatus::kNotAffectedInvestigating:
    case VendorStatus::kInformationProvided:
      return StatusClass::kUnderInvestigation;
  }
  return StatusClass::kUnderInvestigation;
}

// The first fixed version of a product row, as a single version ("" when not known as one).
std::string FixVersion(const domain::AdvisoryProduct& product) {
  const auto fixed = Trim(product.fixed_in);
  if (fixed.empty()) return {};
  if (IsVersionToken(fixed)) return std::string(fixed);
  if (auto r = ParseVersionRange("", fixed); r && IsVersionToken(r->fixed)) return r->fixed;
  return {};
}

// Branches for one product row under its vendor: the affected versions and,
// once a fix is recorded, the fixed version.
json ProductBranch(Tree& tree, const domain::AdvisoryProduct& product, const std::string& vendor,
                   const domain::AdvisoryVendorRow* row) {
  const auto status = row ? std::optional(row->status) : std::nullopt;
  const StatusClass cls = ClassOf(status);
  std::optional<PackageUrl> purl;
  if (auto parsed = ParsePackageUrl(product.purl); parsed) purl = std::move(*parsed);
  const std::string cpe = IsCsafCpe(product.cpe) ? product.cpe : std::string();
  const std::string base_name = vendor + " " + product.product;
  const auto range = ParseVersionRange(product.versions, product.fixed_in);
  const std::string versions(Trim(product.versions));

  ProductFacts facts{.status = cls};
  if (row) {
    facts.vendor_advisory = SafeUri(row->advisory_url);
    facts.vendor_statement = row->statement;
  }
  if (cls == StatusClass::kKnownAffected) facts.fixed_version = std::string(Trim(product.fixed_in));
  json children = json::array();
  std::vector<ProductFacts> affected;
  auto add_affected = [&](std::string_view category, const std::string& label, const std::string& version) {
    ProductFacts f = facts;
    f.id = tree.NewId();
    const std::string p =
        purl ? (version.empty() ? purl->Base() : purl->WithVersion(version)) : std::string();
    const std::string c = version.empty() ? cpe : CpeWithVersion(cpe, version);
    children.push_back(Leaf(category, label, FullProductName(base_name + " " + label, f.id, c, p)));
    affected.push_back(std::move(f));
  };
  if (range && range->IsList()) {
    for (const auto& v : range->exact) add_affected("product_version", v, v);
  } else if (range) {
    add_affected("product_version_range", ToVers(*range), "");
  } else if (!versions.empty()) {
    add_affected("product_version_range", versions, "");  // as published (vls)
  }
  if (children.empty()) {
    // No version information: the product itself.
    ProductFacts f = facts;
    f.id = tree.NewId();
    tree.products.push_back(f);
    return Leaf("product_name", product.product,
                FullProductName(base_name, f.id, cpe, purl ? purl->Base() : std::string()));
  }
  // The first fixed version of an affected product, once a fix is recorded.
  const std::string fix = FixVersion(product);
  if (cls == StatusClass::kKnownAffected && !fix.empty()) {
    ProductFacts f = facts;
    f.id = tree.NewId();
    f.status = StatusClass::kFixed;
    const std::string p = purl ? purl->WithVersion(fix) : std::string();
    children.push_back(Leaf("product_version", fix,
                            FullProductName(base_name + " " + fix, f.id, CpeWithVersion(cpe, fix), p)));
    for (auto& a : affected) a.fixed_product = f.id;
    affected.push_back(std::move(f));
  }
  for (auto& f : affected) tree.products.push_back(std::move(f));
  return {{"category", "product_name"}, {"name", product.product}, {"branches", std::move(children)}};
}

struct VendorGroup {
  const domain::AdvisoryVendorRow* row = nullptr;
  std::string name;
  std::vector<const domain::AdvisoryProduct*> products;
};

std::vector<VendorGroup> GroupByVendor(const domain::PublicAdvisory& p, Language lang) {
  std::vector<VendorGroup> groups;
  for (const auto& v : p.vendors) groups.push_back({&v, VendorName(v, lang), {}});
  for (const auto& product : p.advisory.products) {
    const auto* row = VendorRowOf(p, product);
    auto it = std::find_if(groups.begin(), groups.end(), [&](const VendorGroup& g) {
      return row ? g.row == row : (!g.row && g.name == product.vendor_name);
    });
    if (it == groups.end()) {
      groups.push_back({nullptr, product.vendor_name.empty() ? std::string("-") : product.vendor_name, {}});
      it = groups.end() - 1;
    }
    it->products.push_back(&product);
  }
  return groups;
}

Tree BuildTree(const domain::PublicAdvisory& p, const ExportConfig& config, Language lang) {
  Tree tree;
  for (const auto& g : GroupByVendor(p, lang)) {
    json children = json::array();
    for (const auto* product : g.products) children.push_back(ProductBranch(tree, *product, g.name, g.row));
    // A vendor without product rows stands for all its products; a vendor
    // still investigating has its other products under investigation.
    const bool investigating = g.row && g.row->status == VendorStatus::kAffectedInvestigating;
    if (g.products.empty() || investigating) {
      const std::string label(
          config.Text(lang, g.products.empty() ? "export.product.all" : "export.product.other"));
      ProductFacts f{
          .id = tree.NewId(),
          .status = g.products.empty() && g.row ? ClassOf(g.row->status) : StatusClass::kUnderInvestigation};
      if (g.row) {
        f.vendor_advisory = SafeUri(g.row->advisory_url);
        f.vendor_statement = g.row->statement;
      }
      children.push_back(Leaf("product_name", label, FullProductName(g.name + " " + label, f.id, "", "")));
      tree.products.push_back(std::move(f));
    }
    tree.branches.push_back({{"category", "vendor"}, {"name", g.name}, {"branches", std::move(children)}});
  }
  return tree;
}

json Ids(const std::vector<std::string>& ids) {
  json out = json::array();
  for (const auto& id : ids) out.push_back(id);
  return out;
}

json CvssV3(const std::string& vector) {
  auto score = domain::ScoreCvss(vector);
  if (!score || score->version != domain::CvssVersion::kV31) return nullptr;
  const std::string version = score->vector.starts_with("CVSS:3.0/") ? "3.0" : "3.1";
  return {{"version", version},
          {"vectorString", score->vector},
          {"baseScore", score->base_score},
          {"baseSeverity", score->severity}};
}

std::string SystemName(std::string_view identifier, const ExportConfig& config) {
  const auto hash = identifier.find('#');
  if (hash != std::string_view::npos && hash > 0) return std::string(identifier.substr(0, hash));
  return config.publisher_name;
}

struct Revision {
  domain::Timestamp at{};
  std::string summary;
};

std::vector<Revision> Revisions(const domain::PublicAdvisory& p, const ExportConfig& config, Language lang) {
  const auto first = FirstPublished(p);
  std::vector<Revision> out{{first, std::string(config.Text(lang, "export.csaf.initial_release"))}};
  auto updates = p.updates;
  std::stable_sort(updates.begin(), updates.end(), [](const auto& a, const auto& b) { return a.at < b.at; });
  for (const auto& u : updates) {
    const std::string& preferred = lang == Language::kEn ? u.note_en : u.note_ja;
    const std::string& other = lang == Language::kEn ? u.note_ja : u.note_en;
    std::string summary(Trim(preferred.empty() ? other : preferred));
    if (summary.empty()) summary = config.Text(lang, "export.csaf.updated");
    out.push_back({std::max(first, u.at), std::move(summary)});
  }
  return out;
}

}  // namespace

std::string DumpJson(const nlohmann::json& j) {
  return j.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

std::string CsafFileName(std::string_view tracking_id) {
  std::string out;
  bool gap = false;
  for (char c : tracking_id) {
    const char l = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if ((l >= 'a' && l <= 'z') || (l >= '0' && l <= '9') || l == '+' || l == '-') {
      if (gap) out += '_';
      gap = false;
      out += l;
    } else {
      gap = true;
    }
  }
  if (gap) out += '_';
  return out + ".json";
}

std::string CsafPath(const domain::PublicAdvisory& p) {
  const std::chrono::year_month_day ymd{std::chrono::floor<std::chrono::days>(FirstPublished(p))};
  return fmt::format("{:04d}/{}", static_cast<int>(ymd.year()), CsafFileName(p.advisory.identifier));
}

std::string CsafDirectoryUrl(const ExportConfig& config) {
  return config.base_url + "/.well-known/csaf/white/";
}
std::string CsafUrl(const ExportConfig& config, const domain::PublicAdvisory& p) {
  return CsafDirectoryUrl(config) + CsafPath(p);
}
std::string ProviderMetadataUrl(const ExportConfig& config) {
  return config.base_url + "/.well-known/csaf/provider-metadata.json";
}
std::string RolieFeedUrl(const ExportConfig& config) {
  return config.base_url + "/.well-known/csaf/feed-tlp-white.json";
}
std::string OpenPgpKeyUrl(const ExportConfig& config, std::string_view fingerprint) {
  return config.base_url + "/.well-known/csaf/openpgp/" + std::string(fingerprint) + ".asc";
}

json CsafDocument(const domain::PublicAdvisory& p, const ExportConfig& config, Language lang,
                  CsafProfile profile) {
  const domain::Advisory& a = p.advisory;
  const auto& s = a.sections;
  const auto T = [&](std::string_view key) { return std::string(config.Text(lang, key)); };

  // document
  const auto revisions = Revisions(p, config, lang);
  const domain::Timestamp current = std::max(LastModified(p), revisions.back().at);
  json history = json::array();
  for (std::size_t i = 0; i < revisions.size(); ++i) {
    history.push_back({{"date", IsoUtc(revisions[i].at)},
                       {"number", std::to_string(i + 1)},
                       {"summary", revisions[i].summary}});
  }
  json notes = json::array();
  AddNote(notes, "summary", T("export.note.overview"), TextIn(s.overview, lang));
  AddNote(notes, "general", T("export.note.affected"), TextIn(s.affected, lang));
  AddNote(notes, "details", T("export.note.description"), TextIn(s.description, lang));
  AddNote(notes, "general", T("export.note.impact"), TextIn(s.impact, lang));
  AddNote(notes, "general", T("export.note.solution"), TextIn(s.solution, lang));
  AddNote(notes, "other", T("export.note.coordinator"), TextIn(s.coordinator_notes, lang));
  if (lang == Language::kEn) AddUntranslatedNote(notes, a, config);
  for (const auto& v : p.vendors) {
    AddNote(
        notes, "other",
        config.catalog->Format(lang, "export.note.vendor",
                               {{"vendor", VendorName(v, lang)}, {"status", StatusWording(v.status, lang)}}),
        v.statement);
  }
  if (notes.empty()) AddNote(notes, "summary", T("export.note.overview"), TextIn(s.title, lang));

  json references = json::array();
  references.push_back(
      {{"category", "self"}, {"summary", T("export.ref.self")}, {"url", CsafUrl(config, p)}});
  references.push_back(
      {{"category", "external"},
       {"summary", config.catalog->Format(lang, "export.ref.advisory", {{"identifier", a.identifier}})},
       {"url", AdvisoryUrl(config, a.identifier)}});
  std::set<std::string> seen_urls;
  for (const auto& r : s.references) {
    const std::string url = SafeUri(r.url);
    if (url.empty() || !seen_urls.insert(url).second) continue;
    references.push_back(
        {{"category", "external"}, {"summary", Trim(r.title).empty() ? url : r.title}, {"url", url}});
  }
  for (const auto& v : p.vendors) {
    const std::string url = SafeUri(v.advisory_url);
    if (url.empty() || !seen_urls.insert(url).second) continue;
    references.push_back(
        {{"category", "external"},
         {"summary", config.catalog->Format(lang, "export.ref.vendor", {{"vendor", VendorName(v, lang)}})},
         {"url", url}});
  }

  json document = {
      {"category", profile == CsafProfile::kVex ? "csaf_vex" : "csaf_security_advisory"},
      {"csaf_version", "2.0"},
      {"distribution", {{"tlp", {{"label", "WHITE"}, {"url", "https://www.first.org/tlp/"}}}}},
      {"lang", LangTag(lang)},
      {"notes", notes},
      {"publisher",
       {{"category", "coordinator"}, {"name", config.publisher_name}, {"namespace", config.Namespace()}}},
      {"references", references},
      {"title",
       Trim(TextIn(s.title, lang)).empty() ? a.identifier : std::string(Trim(TextIn(s.title, lang)))},
      {"tracking",
       {{"current_release_date", IsoUtc(current)},
        {"generator", {{"date", IsoUtc(current)}, {"engine", {{"name", "cvdhub"}}}}},
        {"id", a.identifier},
        {"initial_release_date", IsoUtc(revisions.front().at)},
        {"revision_history", history},
        {"status", "final"},
        {"version", std::to_string(revisions.size())}}},
  };
  if (lang == Language::kEn) document["source_lang"] = "ja";
  if (const auto& ack = Trim(TextIn(s.acknowledgements, lang)); !ack.empty()) {
    document["acknowledgments"] = json::array({{{"summary", std::string(ack)}}});
  }

  json out = {{"document", std::move(document)}};
  const Tree tree = BuildTree(p, config, lang);
  if (!tree.branches.empty()) out["product_tree"] = {{"branches", tree.branches}};

  // Product ids by status class.
  std::vector<std::string> known_affected, fixed, not_affected, investigating;
  for (const auto& f : tree.products) {
    switch (f.status) {
      case StatusClass::kKnownAffected:
        known_affected.push_back(f.id);
        break;
      case StatusClass::kFixed:
        fixed.push_back(f.id);
        break;
      case StatusClass::kKnownNotAffected:
        not_affected.push_back(f.id);
        break;
      case StatusClass::kUnderInvestigation:
        investigating.push_back(f.id);
        break;
    }
  }
  json product_status = json::object();
  if (!fixed.empty()) product_status["fixed"] = Ids(fixed);
  if (!known_affected.empty()) product_status["known_affected"] = Ids(known_affected);
  if (!not_affected.empty()) product_status["known_not_affected"] = Ids(not_affected);
  if (!investigating.empty()) product_status["under_investigation"] = Ids(investigating);

  // Remediations: a vendor fix where the first fixed version is recorded,
  // else the advisory's countermeasures as a mitigation, else none available.
  json remediations = json::array();
  {
    std::map<std::tuple<std::string, std::string, std::string>, std::vector<std::string>>
        fixes;  // (text, url, -)
    std::vector<std::string> unfixed;
    for (const auto& f : tree.products) {
      if (f.status != StatusClass::kKnownAffected) continue;
      if (f.fixed_version.empty()) {
        unfixed.push_back(f.id);
        continue;
      }
      const std::string details =
          IsVersionToken(f.fixed_version)
              ? config.catalog->Format(lang, "export.remediation.fix", {{"version", f.fixed_version}})
              : config.catalog->Format(lang, "export.remediation.fix_text", {{"fixed", f.fixed_version}});
      fixes[{details, f.vendor_advisory, ""}].push_back(f.id);
    }
    for (const auto& [key, ids] : fixes) {
      json r = {{"category", "vendor_fix"}, {"details", std::get<0>(key)}, {"product_ids", Ids(ids)}};
      if (!std::get<1>(key).empty()) r["url"] = std::get<1>(key);
      remediations.push_back(std::move(r));
    }
    if (!unfixed.empty()) {
      const auto solution = Trim(TextIn(s.solution, lang));
      remediations.push_back(
          {{"category", solution.empty() ? "none_available" : "mitigation"},
           {"details", solution.empty() ? T("export.remediation.none") : std::string(solution)},
           {"product_ids", Ids(unfixed)}});
    }
  }
  json flags = json::array();
  json threats = json::array();
  if (!not_affected.empty()) {
    flags.push_back({{"label", "component_not_present"}, {"product_ids", Ids(not_affected)}});
    // The vendors' own words on why they are not affected (VEX impact statement).
    std::map<std::string, std::vector<std::string>> by_statement;
    for (const auto& f : tree.products) {
      if (f.status != StatusClass::kKnownNotAffected) continue;
      const auto statement = Trim(f.vendor_statement);
      by_statement[statement.empty() ? T("export.threat.not_affected") : std::string(statement)].push_back(
          f.id);
    }
    for (const auto& [details, ids] : by_statement) {
      threats.push_back({{"category", "impact"}, {"details", details}, {"product_ids", Ids(ids)}});
    }
  }
  if (const auto impact = Trim(TextIn(s.impact, lang)); !impact.empty() && !known_affected.empty()) {
    threats.push_back(
        {{"category", "impact"}, {"details", std::string(impact)}, {"product_ids", Ids(known_affected)}});
  }
  // Scores apply to the products that are (or may be) affected, never to fixed ones.
  std::vector<std::string> scored = known_affected;
  scored.insert(scored.end(), investigating.begin(), investigating.end());

  json vulnerabilities = json::array();
  auto vulns = a.vulnerabilities;
  std::stable_sort(vulns.begin(), vulns.end(),
                   [](const auto& x, const auto& y) { return x.position < y.position; });
  for (const auto& v : vulns) {
    json vj = json::object();
    if (domain::IsCveId(v.cve_id)) {
      vj["cve"] = v.cve_id;
      vj["references"] = json::array({{{"category", "external"},
                                       {"summary", v.cve_id},
                                       {"url", "https://www.cve.org/CVERecord?id=" + v.cve_id}}});
    }
    vj["ids"] = json::array({{{"system_name", SystemName(a.identifier, config)}, {"text", a.identifier}}});
    if (const auto title = Trim(TextIn(v.title, lang)); !title.empty()) vj["title"] = std::string(title);
    json vnotes = json::array();
    std::string_view description = TextIn(v.description, lang);
    if (Trim(description).empty()) description = TextIn(s.description, lang);
    if (Trim(description).empty()) description = TextIn(s.overview, lang);
    if (Trim(description).empty()) description = a.identifier;
    AddNote(vnotes, "description", T("export.note.description"), description);
    if (!v.cwe.empty()) {
      if (auto name = CweName(v.cwe)) {
        vj["cwe"] = {{"id", v.cwe}, {"name", std::string(*name)}};
      } else {
        AddNote(vnotes, "other", T("export.note.cwe"), v.cwe);
      }
    }
    vj["notes"] = std::move(vnotes);
    if (!product_status.empty()) vj["product_status"] = product_status;
    if (!remediations.empty()) vj["remediations"] = remediations;
    if (!flags.empty()) vj["flags"] = flags;
    if (!threats.empty()) vj["threats"] = threats;
    if (auto cvss = CvssV3(v.cvss31); !cvss.is_null() && !scored.empty()) {
      vj["scores"] = json::array({{{"products", Ids(scored)}, {"cvss_v3", std::move(cvss)}}});
    }
    if (a.published_at) vj["release_date"] = IsoUtc(*a.published_at);
    vulnerabilities.push_back(std::move(vj));
  }
  if (!vulnerabilities.empty()) out["vulnerabilities"] = std::move(vulnerabilities);
  return out;
}

CsafEntry CsafEntryOf(const domain::PublicAdvisory& p, Language lang) {
  const auto& title = TextIn(p.advisory.sections.title, lang);
  domain::Timestamp current = LastModified(p);
  for (const auto& u : p.updates) current = std::max(current, u.at);
  return CsafEntry{.path = CsafPath(p),
                   .id = p.advisory.identifier,
                   .title = Trim(title).empty() ? p.advisory.identifier : std::string(Trim(title)),
                   .initial_release = FirstPublished(p),
                   .current_release = current};
}

std::string CsafIndexTxt(std::vector<CsafEntry> entries) {
  std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.path < b.path; });
  std::string out;
  for (const auto& e : entries) out += e.path + "\n";
  return out;
}

std::string CsafChangesCsv(std::vector<CsafEntry> entries) {
  std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
    return a.current_release != b.current_release ? a.current_release > b.current_release : a.path < b.path;
  });
  std::string out;
  for (const auto& e : entries) out += "\"" + e.path + "\",\"" + IsoUtc(e.current_release) + "\"\n";
  return out;
}

json RolieFeed(const ExportConfig& config, std::vector<CsafEntry> entries, bool signed_) {
  std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
    return a.current_release != b.current_release ? a.current_release > b.current_release : a.path < b.path;
  });
  json list = json::array();
  domain::Timestamp newest{};
  for (const auto& e : entries) {
    newest = std::max(newest, e.current_release);
    const std::string url = CsafDirectoryUrl(config) + e.path;
    json links = json::array({{{"rel", "self"}, {"href", url}}});
    if (signed_) {
      links.push_back({{"rel", "hash"}, {"href", url + ".sha256"}});
      links.push_back({{"rel", "hash"}, {"href", url + ".sha512"}});
      links.push_back({{"rel", "signature"}, {"href", url + ".asc"}});
    }
    list.push_back({{"id", e.id},
                    {"title", e.title},
                    {"link", std::move(links)},
                    {"published", IsoUtc(e.initial_release)},
                    {"updated", IsoUtc(e.current_release)},
                    {"content", {{"type", "application/json"}, {"src", url}}},
                    {"format", {{"schema", kCsafSchema}, {"version", "2.0"}}}});
  }
  return {{"feed",
           {{"id", "csaf-feed-tlp-white"},
            {"title", config.publisher_name + " CSAF feed (TLP:WHITE)"},
            {"link", json::array({{{"rel", "self"}, {"href", RolieFeedUrl(config)}}})},
            {"category", json::array({{{"scheme", "urn:ietf:params:rolie:category:information-type"},
                                       {"term", "csaf"}}})},
            {"updated", IsoUtc(newest)},
            {"entry", std::move(list)}}}};
}

json ProviderMetadata(const ExportConfig& config, domain::Timestamp last_updated,
                      const std::optional<ProviderKey>& key) {
  json meta = {
      {"canonical_url", ProviderMetadataUrl(config)},
      {"distributions",
       json::array({{{"directory_url", CsafDirectoryUrl(config)}},
                    {{"rolie",
                      {{"feeds", json::array({{{"summary", config.publisher_name + ": TLP:WHITE advisories"},
                                               {"tlp_label", "WHITE"},
                                               {"url", RolieFeedUrl(config)}}})}}}}})},
      {"last_updated", IsoUtc(last_updated)},
      {"list_on_CSAF_aggregators", true},
      {"metadata_version", "2.0"},
      {"mirror_on_CSAF_aggregators", true},
      {"publisher",
       {{"category", "coordinator"}, {"name", config.publisher_name}, {"namespace", config.Namespace()}}},
      {"role", key ? "csaf_trusted_provider" : "csaf_provider"},
  };
  if (key) {
    meta["public_openpgp_keys"] =
        json::array({{{"fingerprint", key->fingerprint}, {"url", OpenPgpKeyUrl(config, key->fingerprint)}}});
  }
  return meta;
}

}  // namespace cvdhub::formats

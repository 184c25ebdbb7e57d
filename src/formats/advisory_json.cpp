#include "formats/advisory_json.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <chrono>

#include "domain/cvss.hpp"

namespace cvdhub::formats {
namespace {

using nlohmann::json;

// Seconds since the epoch (the API's time form elsewhere is ISO 8601 UTC).
std::string IsoUtc(domain::Timestamp t) {
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", std::chrono::floor<std::chrono::seconds>(t));
}

json OptIso(const std::optional<domain::Timestamp>& t) { return t ? json(IsoUtc(*t)) : json(nullptr); }

json BilingualToJson(const domain::Bilingual& b) {
  return {{"ja", b.ja}, {"en", b.en}, {"translation", domain::TranslationName(b.translation)}};
}

// A string member, or "" when absent; an error when present with another type.
Result<std::string> Str(const json& j, const char* key, const std::string& where) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::string();
  if (!it->is_string()) return Error::Invalid(where + key, fmt::format("{}{} must be a string", where, key));
  return it->get<std::string>();
}

Result<domain::Bilingual> BilingualFromJson(const json& j, const char* key, const std::string& where) {
  domain::Bilingual b;
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return b;
  const std::string path = where + key;
  if (it->is_string()) {  // a plain string is the Japanese text
    b.ja = it->get<std::string>();
    return b;
  }
  if (!it->is_object()) return Error::Invalid(path, fmt::format("{} must be an object with ja and en", path));
  auto ja = Str(*it, "ja", path + ".");
  if (!ja) return ja.error();
  auto en = Str(*it, "en", path + ".");
  if (!en) return en.error();
  auto tr = Str(*it, "translation", path + ".");
  if (!tr) return tr.error();
  b.ja = std::move(ja).value();
  b.en = std::move(en).value();
  if (tr->empty()) {
    b.translation = b.en.empty() ? domain::Translation::kMissing : domain::Translation::kDraft;
  } else {
    auto t = domain::ParseTranslation(*tr);
    if (!t) {
      return Error::Invalid(path + ".translation",
                            fmt::format("{}.translation must be missing, draft, done or outdated", path));
    }
    b.translation = *t;
  }
  if (b.en.empty()) b.translation = domain::Translation::kMissing;
  return b;
}

Result<const json*> Array(const json& j, const char* key) {
  static const json kEmpty = json::array();
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return &kEmpty;
  if (!it->is_array()) return Error::Invalid(key, fmt::format("{} must be an array", key));
  return &*it;
}

json VulnerabilityToJson(const domain::AdvisoryVulnerability& v) {
  json out = {{"id", v.id},
              {"cve_id", v.cve_id},
              {"cve_source", domain::CveSourceName(v.cve_source)},
              {"cve_assigner", v.cve_assigner},
              {"cwe", v.cwe},
              {"title", BilingualToJson(v.title)},
              {"description", BilingualToJson(v.description)},
              {"cvss31", v.cvss31},
              {"cvss40", v.cvss40}};
  for (const auto* vector : {&v.cvss31, &v.cvss40}) {
    if (vector->empty()) continue;
    if (auto score = domain::ScoreCvss(*vector)) {
      out[vector == &v.cvss31 ? "cvss31_score" : "cvss40_score"] = {{"base_score", score->base_score},
                                                                    {"severity", score->severity}};
    }
  }
  return out;
}

json ProductToJson(const domain::AdvisoryProduct& p) {
  return {{"id", p.id},
          {"vendor_id", p.vendor_id ? json(*p.vendor_id) : json(nullptr)},
          {"vendor_name", p.vendor_name},
          {"product", p.product},
          {"versions", p.versions},
          {"fixed_in", p.fixed_in},
          {"cpe", p.cpe},
          {"purl", p.purl}};
}

}  // namespace

json SectionsToJson(const domain::AdvisorySections& s) {
  json refs = json::array();
  for (const auto& r : s.references) refs.push_back({{"title", r.title}, {"url", r.url}, {"kind", r.kind}});
  return {{"title", BilingualToJson(s.title)},
          {"overview", BilingualToJson(s.overview)},
          {"affected", BilingualToJson(s.affected)},
          {"description", BilingualToJson(s.description)},
          {"impact", BilingualToJson(s.impact)},
          {"solution", BilingualToJson(s.solution)},
          {"coordinator_notes", BilingualToJson(s.coordinator_notes)},
          {"acknowledgements", BilingualToJson(s.acknowledgements)},
          {"references", std::move(refs)}};
}

Result<domain::AdvisorySections> SectionsFromJson(const json& j) {
  if (!j.is_object()) return Error::Invalid("sections", "the advisory must be a JSON object");
  domain::AdvisorySections s;
  const std::pair<domain::Bilingual*, const char*> fields[] = {
      {&s.title, "title"},       {&s.overview, "overview"},     {&s.affected, "affected"},
      {&s.description, "description"}, {&s.impact, "impact"}, {&s.solution, "solution"},
      {&s.coordinator_notes, "coordinator_notes"}, {&s.acknowledgements, "acknowledgements"}};
  for (const auto& [field, key] : fields) {
    auto b = BilingualFromJson(j, key, "");
    if (!b) return b.error();
    *field = std::move(b).value();
  }
  auto refs = Array(j, "references");
  if (!refs) return refs.error();
  for (std::size_t i = 0; i < (*refs)->size(); ++i) {
    const json& r = (**refs)[i];
    const std::string where = fmt::format("references[{}].", i);
    if (!r.is_object()) return Error::Invalid(where, fmt::format("references[{}] must be an object", i));
    domain::AdvisoryReference ref;
    auto title = Str(r, "title", where);
    if (!title) return title.error();
    auto url = Str(r, "url", where);
    if (!url) return url.error();
    auto kind = Str(r, "kind", where);
    if (!kind) return kind.error();
    ref.title = std::move(title).value();
    ref.url = std::move(url).value();
    if (!kind->empty()) ref.kind = std::move(kind).value();
    s.references.push_back(std::move(ref));
  }
  return s;
}

json AdvisoryToJson(const domain::Advisory& a) {
  json vulns = json::array();
  for (const auto& v : a.vulnerabilities) vulns.push_back(VulnerabilityToJson(v));
  json products = json::array();
  for (const auto& p : a.products) products.push_back(ProductToJson(p));
  json out = SectionsToJson(a.sections);
  out["identifier"] = a.identifier;
  out["state"] = domain::AdvisoryStateName(a.state);
  out["vulnerabilities"] = std::move(vulns);
  out["products"] = std::move(products);
  out["created"] = IsoUtc(a.created_at);
  out["updated"] = IsoUtc(a.updated_at);
  out["published"] = OptIso(a.published_at);
  out["modified"] = OptIso(a.modified_at);
  out["version"] = a.version;
  return out;
}

Result<domain::Advisory> DraftFromJson(const json& j) {
  auto sections = SectionsFromJson(j);
  if (!sections) return sections.error();
  domain::Advisory a;
  a.sections = std::move(sections).value();
  auto vulns = Array(j, "vulnerabilities");
  if (!vulns) return vulns.error();
  for (std::size_t i = 0; i < (*vulns)->size(); ++i) {
    const json& v = (**vulns)[i];
    const std::string where = fmt::format("vulnerabilities[{}].", i);
    if (!v.is_object()) return Error::Invalid(where, fmt::format("vulnerabilities[{}] must be an object", i));
    domain::AdvisoryVulnerability out;
    if (auto it = v.find("id"); it != v.end() && !it->is_null()) {
      if (!it->is_number_integer()) return Error::Invalid(where + "id", where + "id must be an integer");
      out.id = it->get<std::int64_t>();
    }
    out.position = static_cast<int>(i);
    for (auto [field, key] : {std::pair{&out.cve_id, "cve_id"}, std::pair{&out.cve_assigner, "cve_assigner"},
                              std::pair{&out.cwe, "cwe"}, std::pair{&out.cvss31, "cvss31"},
                              std::pair{&out.cvss40, "cvss40"}}) {
      auto s = Str(v, key, where);
      if (!s) return s.error();
      *field = std::move(s).value();
    }
    auto source = Str(v, "cve_source", where);
    if (!source) return source.error();
    auto parsed = domain::ParseCveSource(*source);
    if (!parsed) return Error::Invalid(where + "cve_source", where + "cve_source must be cna_block or other_cna");
    out.cve_source = *parsed;
    if (!out.cve_id.empty() && out.cve_source == domain::CveSource::kNone) out.cve_source = domain::CveSource::kOtherCna;
    auto title = BilingualFromJson(v, "title", where);
    if (!title) return title.error();
    out.title = std::move(title).value();
    auto desc = BilingualFromJson(v, "description", where);
    if (!desc) return desc.error();
    out.description = std::move(desc).value();
    a.vulnerabilities.push_back(std::move(out));
  }
  auto products = Array(j, "products");
  if (!products) return products.error();
  for (std::size_t i = 0; i < (*products)->size(); ++i) {
    const json& p = (**products)[i];
    const std::string where = fmt::format("products[{}].", i);
    if (!p.is_object()) return Error::Invalid(where, fmt::format("products[{}] must be an object", i));
    domain::AdvisoryProduct out;
    if (auto it = p.find("vendor_id"); it != p.end() && !it->is_null()) {
      if (!it->is_number_integer()) return Error::Invalid(where + "vendor_id", where + "vendor_id must be an integer");
      out.vendor_id = it->get<std::int64_t>();
    }
    for (auto [field, key] : {std::pair{&out.vendor_name, "vendor_name"}, std::pair{&out.product, "product"},
                              std::pair{&out.versions, "versions"}, std::pair{&out.fixed_in, "fixed_in"},
                              std::pair{&out.cpe, "cpe"}, std::pair{&out.purl, "purl"}}) {
      auto s = Str(p, key, where);
      if (!s) return s.error();
      *field = std::move(s).value();
    }
    a.products.push_back(std::move(out));
  }
  return a;
}

json PublicAdvisoryToJson(const domain::PublicAdvisory& p) {
  json out = AdvisoryToJson(p.advisory);
  out.erase("state");
  out.erase("created");
  out.erase("updated");
  out.erase("version");
  json vendors = json::array();
  for (const auto& v : p.vendors) {
    const auto& w = domain::Wording(v.status);
    json history = json::array();
    for (const auto& h : v.history) {
      history.push_back({{"status", domain::Wording(h.status).name},
                         {"statement", h.statement},
                         {"advisory_url", h.advisory_url},
                         {"at", IsoUtc(h.at)}});
    }
    vendors.push_back({{"vendor_id", v.vendor_id},
                       {"vendor", v.vendor_name},
                       {"vendor_en", v.vendor_name_en},
                       {"status", w.name},
                       {"status_ja", w.ja},
                       {"status_en", w.en},
                       {"statement", v.statement},
                       {"advisory_url", v.advisory_url},
                       {"updated", OptIso(v.updated_at)},
                       {"history", std::move(history)}});
  }
  out["vendors"] = std::move(vendors);
  json updates = json::array();
  for (const auto& u : p.updates) updates.push_back({{"at", IsoUtc(u.at)}, {"ja", u.note_ja}, {"en", u.note_en}});
  out["updates"] = std::move(updates);
  return out;
}

}  // namespace cvdhub::formats

#include "web/portal_pages.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <functional>

#include "domain/cvss.hpp"
#include "http/forms.hpp"
#include "util/lru_cache.hpp"
#include "web/html_text.hpp"
#include "web/page_kit.hpp"

namespace cvdhub::web {
namespace {

using domain::AdvisoryState;
using domain::Language;
using domain::Timestamp;
using http::Request;
using http::Response;

constexpr int kPerPage = 20;       // advisories per page of the public list
constexpr int kSpareRows = 2;      // empty product / reference rows offered by the draft form
constexpr int kMaxFormRows = 200;  // rows read back from one form

// A moment in both zones, for `{{#x}}{{jst}} ({{utc}}){{/x}}`; false when unset.
mstch::node Moment(const std::optional<Timestamp>& t) {
  if (!t) return false;
  return mstch::map{{"jst", S(app::FormatJst(*t))}, {"utc", S(app::FormatIsoUtc(*t))}};
}

std::string AdvisoryPath(const std::string& identifier) { return "/advisories/" + http::PercentEncode(identifier); }

std::string CveHref(const std::string& identifier, const std::string& cve) {
  return "/api/v1/advisories/" + http::PercentEncode(identifier) + "/cve/" + cve + ".json";
}

std::optional<int> ParsePage(std::string_view text) {
  if (text.empty()) return 1;
  int n = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || p != text.data() + text.size() || n < 1) return std::nullopt;
  return n;
}

// The sections of §4.10 in the order of a JVN advisory, with their headings' keys.
struct SectionRef {
  const char* name;
  const char* heading;
  domain::Bilingual domain::AdvisorySections::*field;
  int rows;
};
constexpr SectionRef kSections[] = {
    {"title", "advisory.section.title", &domain::AdvisorySections::title, 1},
    {"overview", "advisory.section.overview", &domain::AdvisorySections::overview, 4},
    {"affected", "advisory.section.affected", &domain::AdvisorySections::affected, 4},
    {"description", "advisory.section.description", &domain::AdvisorySections::description, 6},
    {"impact", "advisory.section.impact", &domain::AdvisorySections::impact, 4},
    {"solution", "advisory.section.solution", &domain::AdvisorySections::solution, 6},
    {"coordinator_notes", "advisory.section.coordinator_notes", &domain::AdvisorySections::coordinator_notes, 3},
    {"acknowledgements", "advisory.section.acknowledgements", &domain::AdvisorySections::acknowledgements, 2},
};

bool NeedsTranslation(const domain::Bilingual& b) {
  return !b.ja.empty() && b.translation != domain::Translation::kDone;
}

// The body sections of an advisory (not its title) in `lang`, for display.
mstch::array SectionNodes(const PageKit& kit, const Page& page, const domain::AdvisorySections& s) {
  mstch::array out;
  for (const auto& ref : kSections) {
    if (std::string_view(ref.name) == "title") continue;
    const auto& text = s.*ref.field;
    if (text.empty()) continue;
    out.push_back(mstch::map{{"heading", S(kit.T(page, ref.heading))},
                             {"text", S(text.In(page.pc.lang))},
                             {"needs_translation", page.pc.lang == Language::kEn && NeedsTranslation(text)}});
  }
  return out;
}

mstch::node Score(const std::string& vector) {
  if (vector.empty()) return false;
  auto score = domain::ScoreCvss(vector);
  if (!score) return false;
  return mstch::map{{"score", S(fmt::format("{:.1f}", score->base_score))},
                    {"severity", S(score->severity)},
                    {"vector", S(vector)}};
}

// The highest severity of an advisory's vulnerabilities ("CRITICAL", …), or "".
std::string TopSeverity(const domain::Advisory& a, double& best) {
  std::string severity;
  best = -1;
  for (const auto& v : a.vulnerabilities) {
    for (const auto* vector : {&v.cvss40, &v.cvss31}) {
      if (vector->empty()) continue;
      if (auto s = domain::ScoreCvss(*vector); s && s->base_score > best) {
        best = s->base_score;
        severity = s->severity;
      }
    }
  }
  return severity;
}

std::string Lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

class PortalPages {
 public:
  explicit PortalPages(app::Services& s) : s_(s), kit_(s) {}

  Response Cached(Request& req, const std::function<Response(Request&)>& make);
  Response List(Request& req);
  Response Advisory(Request& req);
  Response VendorRow(Request& req);
  Response Draft(Request& req);
  Response SaveDraft(Request& req);
  Response ShareForReview(Request& req);
  Response Schedule(Request& req);
  Response Unschedule(Request& req);
  Response AddUpdate(Request& req);
  Response Review(Request& req);
  Response Comment(Request& req);

 private:
  using CaseAct = std::function<Status(Page&, domain::CaseId)>;
  // A coordinator's or vendor's form on a case's advisory: runs `act`, then
  // back to `back_suffix` of the case with a notice.
  Response AdvisoryForm(Request& req, const char* notice, const char* back_suffix, const CaseAct& act);
  Response Fail(Page& page, const Error& e);
  std::string T(const Page& page, const std::string& key) const { return kit_.T(page, key); }
  std::string AdvisoryBody(Page& page, const domain::PublicAdvisory& p);
  mstch::map DraftContext(Page& page, const app::AdvisoryDraftView& v);

  app::Services& s_;
  PageKit kit_;
  util::LruCache<std::string> bodies_{256};  // public advisory bodies by generation, identifier and language
  AnonymousPageCache anonymous_{s_};
};

Response PortalPages::Cached(Request& req, const std::function<Response(Request&)>& make) {
  std::string key;
  if (auto hit = anonymous_.Find(req, key)) return std::move(*hit);
  Response r = make(req);
  // Only what an anonymous reader got is kept (Find set no key for anyone else).
  anonymous_.Store(key, r);
  return r;
}

Response PortalPages::Fail(Page& page, const Error& e) {
  if (e.code == ErrorCode::kNotFound) return kit_.ErrorPage(page, Error::NotFound(T(page, "error.not_found")));
  return kit_.ErrorPage(page, e);
}

// --- Public ------------------------------------------------------------------------

Response PortalPages::List(Request& req) {
  BEGIN_PAGE(kit_, req);
  auto n = ParsePage(req.Query("page"));
  if (!n) return kit_.ErrorPage(page, Error::Invalid("page", T(page, "advisory.list.bad_page")));
  auto list = s_.publication.PublicList(*n, kPerPage);
  if (!list) return Fail(page, list.error());
  mstch::array items;
  for (const auto& p : list->items) {
    const auto& a = p.advisory;
    std::string cves;
    for (const auto& v : a.vulnerabilities) {
      if (v.cve_id.empty()) continue;
      if (!cves.empty()) cves += ", ";
      cves += v.cve_id;
    }
    double best = 0;
    const std::string severity = TopSeverity(a, best);
    items.push_back(mstch::map{
        {"href", S(AdvisoryPath(a.identifier))},
        {"identifier", S(a.identifier)},
        {"title", S(a.sections.title.In(page.pc.lang))},
        {"published", S(a.published_at ? app::FormatJst(*a.published_at) : "")},
        {"modified", a.modified_at && a.modified_at != a.published_at ? mstch::node(S(app::FormatJst(*a.modified_at)))
                                                                       : mstch::node(false)},
        {"cves", S(cves)},
        {"severity", S(severity)},
        {"severity_class", S(Lower(severity))}});
  }
  const bool empty = items.empty();
  return kit_.Html(page, 200, "advisories", "advisory.list.title",
                   {{"items", std::move(items)},
                    {"empty", empty},
                    {"page", list->page},
                    {"pages", list->pages},
                    {"prev", list->page > 1 ? mstch::node(list->page - 1) : mstch::node(false)},
                    {"next", list->page < list->pages ? mstch::node(list->page + 1) : mstch::node(false)}});
}

std::string PortalPages::AdvisoryBody(Page& page, const domain::PublicAdvisory& p) {
  const auto& a = p.advisory;
  const Language lang = page.pc.lang;
  mstch::array vulns;
  for (const auto& v : a.vulnerabilities) {
    const std::string cwe_number = v.cwe.size() > 4 ? v.cwe.substr(4) : "";
    vulns.push_back(mstch::map{
        {"cve", v.cve_id.empty() ? mstch::node(false) : mstch::node(S(v.cve_id))},
        {"cve_href", S(CveHref(a.identifier, v.cve_id))},
        {"title", S(v.title.In(lang))},
        {"cwe", v.cwe.empty() ? mstch::node(false) : mstch::node(S(v.cwe))},
        {"cwe_number", S(cwe_number)},
        {"description", S(v.description.In(lang))},
        {"cvss31", Score(v.cvss31)},
        {"cvss40", Score(v.cvss40)}});
  }
  mstch::array products;
  bool has_purl = false;
  for (const auto& pr : a.products) {
    has_purl = has_purl || !pr.purl.empty();
    products.push_back(mstch::map{{"vendor", S(pr.vendor_name)}, {"product", S(pr.product)},
                                  {"versions", S(pr.versions)}, {"fixed_in", S(pr.fixed_in)},
                                  {"purl", pr.purl.empty() ? mstch::node(false) : mstch::node(S(pr.purl))},
                                  {"cpe", pr.cpe.empty() ? mstch::node(false) : mstch::node(S(pr.cpe))}});
  }
  // The vendor table: a row per vendor, its status linked to its own page (§4.10).
  std::string rows;
  for (const auto& v : p.vendors) {
    const auto& w = domain::Wording(v.status);
    const std::string& name = lang == Language::kEn && !v.vendor_name_en.empty() ? v.vendor_name_en : v.vendor_name;
    rows += "<tr><td>";
    AppendEscaped(rows, name);
    rows += "</td><td><a href=\"";
    AppendEscaped(rows, AdvisoryPath(a.identifier) + "/vendors/" + std::to_string(v.vendor_id));
    rows += "\" class=\"status status-";
    AppendEscaped(rows, w.name);
    rows += "\">";
    AppendEscaped(rows, lang == Language::kEn ? w.en : w.ja);
    rows += "</a></td><td>";
    if (v.updated_at) AppendEscaped(rows, app::FormatJst(*v.updated_at));
    rows += "</td><td>";
    if (!v.advisory_url.empty()) {
      rows += "<a href=\"";
      AppendEscaped(rows, v.advisory_url);
      rows += "\" rel=\"noopener noreferrer\">";
      AppendEscaped(rows, v.advisory_url);
      rows += "</a>";
    }
    rows += "</td></tr>\n";
  }
  mstch::array refs;
  for (const auto& r : a.sections.references) {
    refs.push_back(mstch::map{{"url", S(r.url)}, {"title", S(r.title.empty() ? r.url : r.title)},
                              {"kind", r.kind == "external" ? mstch::node(false) : mstch::node(S(r.kind))}});
  }
  mstch::array updates;
  for (const auto& u : p.updates) {
    updates.push_back(mstch::map{{"at", Moment(u.at)}, {"note", S(lang == Language::kEn ? u.note_en : u.note_ja)}});
  }
  bool untranslated = false;
  if (lang == Language::kEn) {
    for (const auto& ref : kSections) untranslated = untranslated || NeedsTranslation(a.sections.*ref.field);
  }
  const bool no_vendors = p.vendors.empty();
  const bool has_products = !products.empty();
  const bool has_references = !refs.empty();
  return kit_.SharedBody(page, "advisory",
                         {{"identifier", S(a.identifier)},
                          {"enc_id", S(http::PercentEncode(a.identifier))},
                          {"title", S(a.sections.title.In(lang))},
                          {"untranslated", untranslated},
                          {"published", Moment(a.published_at)},
                          {"modified", Moment(a.modified_at)},
                          {"sections", SectionNodes(kit_, page, a.sections)},
                          {"vulns", std::move(vulns)},
                          {"products", std::move(products)},
                          {"has_products", has_products},
                          {"has_purl", has_purl},
                          {"no_vendors", no_vendors},
                          {"references", std::move(refs)},
                          {"has_references", has_references},
                          {"updates", std::move(updates)}},
                         {{"vendor_rows", std::move(rows)}});
}

Response PortalPages::Advisory(Request& req) {
  BEGIN_PAGE(kit_, req);
  const std::string identifier(req.Param("id"));
  // The body is the same for every reader of one language: built once per store generation.
  const std::string key = std::to_string(s_.ctx.store.Generation()) + "|" + identifier + "|" +
                          std::string(domain::LanguageCode(page.pc.lang));
  auto body = bodies_.Get(key);
  std::string title;
  if (!body) {
    auto p = s_.publication.Public(identifier);
    if (!p) return Fail(page, p.error());
    auto made = std::make_shared<const std::string>(AdvisoryBody(page, *p));
    bodies_.Put(key, made);
    body = std::move(made);
  }
  // The page title: the identifier is enough, and needs no second lookup.
  return kit_.HtmlBody(page, 200, identifier, *body);
}

Response PortalPages::VendorRow(Request& req) {
  BEGIN_PAGE(kit_, req);
  auto p = s_.publication.Public(std::string(req.Param("id")));
  if (!p) return Fail(page, p.error());
  auto vendor_id = ParseId(req.Param("vid"));
  if (!vendor_id) return Fail(page, vendor_id.error());
  const auto it = std::find_if(p->vendors.begin(), p->vendors.end(),
                               [&](const auto& v) { return v.vendor_id == *vendor_id; });
  if (it == p->vendors.end()) return Fail(page, Error::NotFound());
  const Language lang = page.pc.lang;
  const auto wording = [lang](domain::VendorStatus st) {
    const auto& w = domain::Wording(st);
    return std::string(lang == Language::kEn ? w.en : w.ja);
  };
  mstch::array history;
  for (auto h = it->history.rbegin(); h != it->history.rend(); ++h) {
    history.push_back(mstch::map{{"at", Moment(h->at)}, {"status", S(wording(h->status))},
                                 {"statement", S(h->statement)},
                                 {"advisory_url", h->advisory_url.empty() ? mstch::node(false)
                                                                          : mstch::node(S(h->advisory_url))}});
  }
  const std::string& name = lang == Language::kEn && !it->vendor_name_en.empty() ? it->vendor_name_en
                                                                                 : it->vendor_name;
  return kit_.Html(page, 200, "advisory_vendor", name,
                   {{"advisory_href", S(AdvisoryPath(p->advisory.identifier))},
                    {"identifier", S(p->advisory.identifier)},
                    {"title", S(p->advisory.sections.title.In(lang))},
                    {"vendor", S(name)},
                    {"status", S(wording(it->status))},
                    {"updated", Moment(it->updated_at)},
                    {"statement", S(it->statement)},
                    {"advisory_url", it->advisory_url.empty() ? mstch::node(false) : mstch::node(S(it->advisory_url))},
                    {"history", std::move(history)}});
}

// --- The coordinator's draft ----------------------------------------------------------

mstch::map PortalPages::DraftContext(Page& page, const app::AdvisoryDraftView& v) {
  const auto& a = v.advisory;
  mstch::array fields;
  for (const auto& ref : kSections) {
    const auto& text = a.sections.*ref.field;
    mstch::array translations;
    for (auto t : {domain::Translation::kMissing, domain::Translation::kDraft, domain::Translation::kDone,
                   domain::Translation::kOutdated}) {
      const std::string value(domain::TranslationName(t));
      translations.push_back(mstch::map{{"value", S(value)}, {"label", S(T(page, "advisory.translation." + value))},
                                        {"selected", text.translation == t}});
    }
    fields.push_back(mstch::map{{"name", S(ref.name)}, {"label", S(T(page, ref.heading))}, {"ja", S(text.ja)},
                                {"en", S(text.en)}, {"rows", ref.rows}, {"translations", std::move(translations)}});
  }
  mstch::array vulns;
  auto vuln_node = [&](int i, const domain::AdvisoryVulnerability& x) {
    const bool from_block = x.cve_source == domain::CveSource::kCnaBlock;
    return mstch::map{{"i", i},
                      {"n", i + 1},
                      {"id", x.id == 0 ? S("") : S(std::to_string(x.id))},
                      {"cve_id", S(x.cve_id)},
                      {"other_cve", S(from_block ? "" : x.cve_id)},
                      {"from_block", from_block},
                      {"cve_assigner", S(x.cve_assigner)},
                      {"cwe", S(x.cwe)},
                      {"cvss31", S(x.cvss31)},
                      {"cvss40", S(x.cvss40)},
                      {"title_ja", S(x.title.ja)},
                      {"title_en", S(x.title.en)},
                      {"description_ja", S(x.description.ja)},
                      {"description_en", S(x.description.en)}};
  };
  int i = 0;
  for (const auto& x : a.vulnerabilities) vulns.push_back(vuln_node(i++, x));
  vulns.push_back(vuln_node(i, {}));  // a new one
  mstch::array products;
  i = 0;
  auto product_node = [&](int n, const domain::AdvisoryProduct& p) {
    return mstch::map{{"i", n},
                      {"vendor_id", S(p.vendor_id ? std::to_string(*p.vendor_id) : "")},
                      {"vendor_name", S(p.vendor_name)},
                      {"product", S(p.product)},
                      {"versions", S(p.versions)},
                      {"fixed_in", S(p.fixed_in)},
                      {"purl", S(p.purl)},
                      {"cpe", S(p.cpe)}};
  };
  for (const auto& p : a.products) products.push_back(product_node(i++, p));
  for (int k = 0; k < kSpareRows; ++k) products.push_back(product_node(i++, {}));
  mstch::array refs;
  auto ref_node = [&](int n, const domain::AdvisoryReference& r) {
    mstch::array kinds;
    for (const char* k : {"external", "vendor", "related"}) {
      kinds.push_back(mstch::map{{"value", S(k)}, {"selected", r.kind == k}});
    }
    return mstch::map{{"i", n}, {"title", S(r.title)}, {"url", S(r.url)}, {"kinds", std::move(kinds)}};
  };
  i = 0;
  for (const auto& r : a.sections.references) refs.push_back(ref_node(i++, r));
  for (int k = 0; k < kSpareRows; ++k) refs.push_back(ref_node(i++, {}));
  mstch::array vendors;
  for (const auto& row : v.vendors) {
    const auto& w = domain::Wording(row.status);
    vendors.push_back(mstch::map{{"vendor", S(row.vendor_name)},
                                 {"status", S(std::string(page.pc.lang == Language::kEn ? w.en : w.ja))}});
  }
  mstch::array comments;
  for (const auto& c : v.comments) {
    comments.push_back(mstch::map{{"vendor", S(c.vendor_name)}, {"author", S(c.author_name)}, {"body", S(c.body)},
                                  {"at", Moment(c.created_at)}});
  }
  const std::string state(domain::AdvisoryStateName(a.state));
  const bool no_vendors = vendors.empty();
  const bool no_comments = comments.empty();
  auto left = s_.publication.CveIdsLeft();
  return {{"identifier", S(a.identifier)},
          {"case_href", S("/cases/" + std::to_string(v.c.id))},
          {"public_href", S(AdvisoryPath(a.identifier))},
          {"state", S(state)},
          {"state_label", S(T(page, "advisory.state." + state))},
          {"publication_at", Moment(v.publication_at)},
          {"date_agreed", v.date_agreed},
          {"cve_left", S(left ? std::to_string(*left) : "?")},
          {"published", a.state == AdvisoryState::kPublished},
          {"can_share", a.state == AdvisoryState::kDraft},
          {"can_schedule", a.state == AdvisoryState::kDraft || a.state == AdvisoryState::kReview},
          {"can_unschedule", a.state == AdvisoryState::kScheduled},
          {"fields", std::move(fields)},
          {"vulns", std::move(vulns)},
          {"products", std::move(products)},
          {"references", std::move(refs)},
          {"vendors", std::move(vendors)},
          {"no_vendors", no_vendors},
          {"comments", std::move(comments)},
          {"no_comments", no_comments}};
}

Response PortalPages::Draft(Request& req) {
  BEGIN_PAGE(kit_, req);
  if (page.caller.actor.IsAnonymous()) return kit_.RequireLogin(req);
  auto id = ParseId(req.Param("id"));
  if (!id) return Fail(page, id.error());
  auto v = s_.publication.Draft(page.caller.actor, *id);
  if (!v) return Fail(page, v.error());
  return kit_.Html(page, 200, "advisory_draft", "advisory.draft.title", DraftContext(page, *v));
}

namespace {

// The draft as the form sent it. Rows left empty are dropped; a vulnerability
// ticked "remove" too.
Result<domain::Advisory> DraftFromForm(const Page& p) {
  domain::Advisory a;
  for (const auto& ref : kSections) {
    domain::Bilingual& text = a.sections.*ref.field;
    text.ja = p.Field(std::string(ref.name) + "_ja");
    text.en = p.Field(std::string(ref.name) + "_en");
    const auto tr = domain::ParseTranslation(p.Field(std::string(ref.name) + "_tr"));
    text.translation = text.en.empty() ? domain::Translation::kMissing
                                       : tr.value_or(domain::Translation::kDraft);
    if (text.translation == domain::Translation::kMissing && !text.en.empty()) {
      text.translation = domain::Translation::kDraft;
    }
  }
  for (int i = 0; i < kMaxFormRows; ++i) {
    const std::string k = "v" + std::to_string(i) + "_";
    if (!p.form.contains(k + "cwe") && !p.form.contains(k + "id")) break;
    if (p.Checked(k + "remove")) continue;
    domain::AdvisoryVulnerability v;
    if (const auto id = p.Field(k + "id"); !id.empty()) {
      auto n = ParseId(id);
      if (!n) return Error::Invalid(k + "id", "a vulnerability's id is not a number");
      v.id = *n;
    }
    v.cwe = p.Field(k + "cwe");
    v.cvss31 = p.Field(k + "cvss31");
    v.cvss40 = p.Field(k + "cvss40");
    v.cve_id = p.Field(k + "cve_id");
    v.cve_assigner = p.Field(k + "cve_assigner");
    v.cve_source = v.cve_id.empty() ? domain::CveSource::kNone : domain::CveSource::kOtherCna;
    v.title = {.ja = p.Field(k + "title_ja"), .en = p.Field(k + "title_en")};
    v.description = {.ja = p.Field(k + "description_ja"), .en = p.Field(k + "description_en")};
    for (auto* b : {&v.title, &v.description}) {
      b->translation = b->en.empty() ? domain::Translation::kMissing : domain::Translation::kDraft;
    }
    const bool blank = v.id == 0 && v.cwe.empty() && v.cvss31.empty() && v.cvss40.empty() && v.cve_id.empty() &&
                       v.title.empty() && v.description.empty();
    if (!blank) a.vulnerabilities.push_back(std::move(v));
  }
  for (int i = 0; i < kMaxFormRows; ++i) {
    const std::string k = "p" + std::to_string(i) + "_";
    if (!p.form.contains(k + "product")) break;
    domain::AdvisoryProduct pr{.vendor_name = p.Field(k + "vendor_name"), .product = p.Field(k + "product"),
                               .versions = p.Field(k + "versions"), .fixed_in = p.Field(k + "fixed_in"),
                               .cpe = p.Field(k + "cpe"), .purl = p.Field(k + "purl")};
    if (const auto vid = p.Field(k + "vendor_id"); !vid.empty()) {
      if (auto n = ParseId(vid)) pr.vendor_id = *n;
    }
    if (pr.vendor_name.empty() && pr.product.empty() && pr.versions.empty() && pr.purl.empty() && pr.cpe.empty()) {
      continue;
    }
    a.products.push_back(std::move(pr));
  }
  for (int i = 0; i < kMaxFormRows; ++i) {
    const std::string k = "r" + std::to_string(i) + "_";
    if (!p.form.contains(k + "url")) break;
    domain::AdvisoryReference r{.title = p.Field(k + "title"), .url = p.Field(k + "url"), .kind = p.Field(k + "kind")};
    if (r.kind.empty()) r.kind = "external";
    if (r.url.empty() && r.title.empty()) continue;
    a.sections.references.push_back(std::move(r));
  }
  return a;
}

}  // namespace

Response PortalPages::AdvisoryForm(Request& req, const char* notice, const char* back_suffix, const CaseAct& act) {
  BEGIN_PAGE(kit_, req);
  if (page.caller.actor.IsAnonymous()) return kit_.RequireLogin(req);
  auto id = ParseId(req.Param("id"));
  if (!id) return Fail(page, id.error());
  const std::string back = "/cases/" + std::to_string(*id) + back_suffix;
  if (auto st = act(page, *id); !st) {
    const Error& e = st.error();
    if (e.code == ErrorCode::kUnauthenticated || e.code == ErrorCode::kInternal || e.code == ErrorCode::kNotFound) {
      return Fail(page, e);
    }
    return kit_.Html(page, http::HttpStatus(e.code), "form_error", "form_error.title",
                     {{"message", S(kit_.ErrorText(page, e))}, {"field", S(e.field)}, {"back", S(back)}});
  }
  return Response::Redirect(back + "?notice=" + notice);
}

Response PortalPages::SaveDraft(Request& req) {
  return AdvisoryForm(req, "advisory_saved", "/advisory", [this](Page& p, domain::CaseId id) -> Status {
    auto draft = DraftFromForm(p);
    if (!draft) return draft.error();
    return s_.publication.SaveDraft(p.caller.actor, id, *draft);
  });
}

Response PortalPages::ShareForReview(Request& req) {
  return AdvisoryForm(req, "advisory_shared", "/advisory", [this](Page& p, domain::CaseId id) {
    return s_.publication.ShareForReview(p.caller.actor, id);
  });
}

Response PortalPages::Schedule(Request& req) {
  return AdvisoryForm(req, "advisory_scheduled", "/advisory", [this](Page& p, domain::CaseId id) {
    return s_.publication.Schedule(p.caller.actor, id);
  });
}

Response PortalPages::Unschedule(Request& req) {
  return AdvisoryForm(req, "advisory_unscheduled", "/advisory", [this](Page& p, domain::CaseId id) {
    return s_.publication.Unschedule(p.caller.actor, id);
  });
}

Response PortalPages::AddUpdate(Request& req) {
  return AdvisoryForm(req, "advisory_updated", "/advisory", [this](Page& p, domain::CaseId id) {
    return s_.publication.AddUpdate(p.caller.actor, id, p.Field("ja"), p.Field("en"));
  });
}

// --- The vendors' review --------------------------------------------------------------

Response PortalPages::Review(Request& req) {
  BEGIN_PAGE(kit_, req);
  if (page.caller.actor.IsAnonymous()) return kit_.RequireLogin(req);
  auto id = ParseId(req.Param("id"));
  if (!id) return Fail(page, id.error());
  auto v = s_.publication.ReviewDraft(page.caller.actor, *id);
  if (!v) return Fail(page, v.error());
  const Language lang = page.pc.lang;
  mstch::array vulns;
  for (const auto& x : v->advisory.vulnerabilities) {
    vulns.push_back(mstch::map{{"title", S(x.title.In(lang))}, {"cwe", S(x.cwe)}, {"cvss31", S(x.cvss31)},
                               {"cvss40", S(x.cvss40)}});
  }
  mstch::array vendors;
  for (const auto& row : v->vendors) {
    const auto& w = domain::Wording(row.status);
    vendors.push_back(mstch::map{{"vendor", S(row.vendor_name)},
                                 {"status", S(std::string(lang == Language::kEn ? w.en : w.ja))}});
  }
  mstch::array comments;
  for (const auto& c : v->comments) {
    comments.push_back(mstch::map{{"author", S(c.author_name)}, {"body", S(c.body)}, {"at", Moment(c.created_at)}});
  }
  mstch::array sections = SectionNodes(kit_, page, v->advisory.sections);
  sections.insert(sections.begin(), mstch::map{{"heading", S(T(page, "advisory.section.title"))},
                                               {"text", S(v->advisory.sections.title.In(lang))}});
  return kit_.Html(page, 200, "advisory_review", "advisory.review.title",
                   {{"identifier", S(v->advisory.identifier)},
                    {"case_href", S("/cases/" + std::to_string(*id))},
                    {"publication_at", Moment(v->publication_at)},
                    {"sections", std::move(sections)},
                    {"vulns", std::move(vulns)},
                    {"vendors", std::move(vendors)},
                    {"comments", std::move(comments)}});
}

Response PortalPages::Comment(Request& req) {
  return AdvisoryForm(req, "advisory_comment", "/advisory/shared", [this](Page& p, domain::CaseId id) {
    return s_.publication.Comment(p.caller.actor, id, p.Field("body"));
  });
}

void RegisterPortalPages(http::Router& router, app::Services& services) {
  auto pages = std::make_shared<PortalPages>(services);
  auto bind = [pages](Response (PortalPages::*fn)(Request&)) {
    return [pages, fn](Request& req) { return ((*pages).*fn)(req); };
  };
  router.Add("GET", "/advisories", [](Request&) { return Response::Redirect("/advisories/"); });
  // The public pages: whole responses cached for anonymous readers.
  auto cached = [pages](Response (PortalPages::*fn)(Request&)) {
    return [pages, fn](Request& req) {
      return pages->Cached(req, [&](Request& r) { return ((*pages).*fn)(r); });
    };
  };
  router.Add("GET", "/advisories/", cached(&PortalPages::List));
  router.Add("GET", "/advisories/:id", cached(&PortalPages::Advisory));
  router.Add("GET", "/advisories/:id/vendors/:vid", cached(&PortalPages::VendorRow));
  router.Add("GET", "/cases/:id/advisory", bind(&PortalPages::Draft));
  router.Add("POST", "/cases/:id/advisory", bind(&PortalPages::SaveDraft));
  router.Add("POST", "/cases/:id/advisory/review", bind(&PortalPages::ShareForReview));
  router.Add("POST", "/cases/:id/advisory/schedule", bind(&PortalPages::Schedule));
  router.Add("POST", "/cases/:id/advisory/unschedule", bind(&PortalPages::Unschedule));
  router.Add("POST", "/cases/:id/advisory/updates", bind(&PortalPages::AddUpdate));
  router.Add("GET", "/cases/:id/advisory/shared", bind(&PortalPages::Review));
  router.Add("POST", "/cases/:id/advisory/comments", bind(&PortalPages::Comment));
}

}  // namespace cvdhub::web

#include "web/case_pages.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <variant>

#include "http/auth.hpp"
#include "app/vendor_filter.hpp"
#include "http/forms.hpp"
#include "web/html_text.hpp"
#include "web/page_kit.hpp"

namespace cvdhub::web {
namespace {

using domain::CaseId;
using domain::Role;
using domain::ThreadKind;
using domain::Timestamp;
using http::Request;
using http::Response;

constexpr int kThreadPage = 50;  // messages per page of a thread

bool IsCoordinator(const app::Actor& a) {
  return a.user && (a.user->role == Role::kCoordinator || a.user->role == Role::kLeadCoordinator);
}

std::string Str(std::int64_t n) {
  return std::to_string(n);
}

std::string CasePath(CaseId id) {
  return "/cases/" + Str(id);
}

// A moment in both zones, for `{{#x}}{{jst}} ({{utc}}){{/x}}`; false when unset.
mstch::node When(const std::optional<Timestamp>& t) {
  if (!t) return false;
  return mstch::map{{"jst", S(app::FormatJst(*t))}, {"utc", S(app::FormatIsoUtc(*t))}};
}

// A datetime-local value ("2026-12-01T10:00", seconds optional) read as Japan
// time (JST, UTC+9, no daylight saving); nullopt when it is not one.
std::optional<Timestamp> ParseJstLocal(const std::string& text) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  char sep = 0;
  const int n = std::sscanf(text.c_str(), "%4d-%2d-%2d%c%2d:%2d:%2d", &y, &mo, &d, &sep, &h, &mi, &sec);
  if (n < 6 || (sep != 'T' && sep != ' ')) return std::nullopt;
  if (mo < 1 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59) return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(mo)},
                                        std::chrono::day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  return std::chrono::sys_days{ymd} + std::chrono::hours{h} + std::chrono::minutes{mi} +
         std::chrono::seconds{sec} - std::chrono::hours{9};
}

// The datetime-local value of `t` in Japan time, to pre-fill a form.
std::string JstLocalValue(Timestamp t) {
  const auto local = t + std::chrono::hours{9};
  const auto day = std::chrono::floor<std::chrono::days>(local);
  const std::chrono::year_month_day ymd{day};
  const std::chrono::hh_mm_ss hms{local - day};
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()));
  return buf;
}

std::optional<std::int64_t> ParseInt(std::string_view text) {
  std::int64_t n = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc{} || ptr != text.data() + text.size()) return std::nullopt;
  return n;
}

using app::EngagementKey;

constexpr int kCaseThreadShown = 10;                 // newest case-wide messages on the case page
constexpr int kVendorThreadShown = 5;                // newest messages with a vendor on its page in the case
constexpr std::size_t kRecentStatements = 20;        // newest status statements on the case page
constexpr std::size_t kRecentInvestigations = 10;    // newest investigation reports on the case page

// A vendor's page within a case (coordinators): its record and the actions on it.
std::string CaseVendorPath(CaseId id, std::int64_t vendor_id) {
  return CasePath(id) + "/vendors/" + Str(vendor_id);
}

// The overview goes first where the developer is not obvious (G2-1).
bool CanSendOverview(const domain::CaseVendor& v) {
  return v.registered && !v.overview_sent_at && !v.obvious && !v.details_released_at;
}
// Details go to vendors that asked for them, or obvious ones (G3).
bool CanReleaseDetails(const domain::CaseVendor& v) {
  return v.registered && !v.details_released_at && (v.obvious || v.details_requested_at);
}

// Comma-separated keywords, trimmed, empties dropped.
std::vector<std::string> SplitKeywords(const std::string& text) {
  std::vector<std::string> out;
  std::string_view rest = text;
  while (!rest.empty()) {
    const auto comma = rest.find_first_of(",\n");
    std::string_view item = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\r' || item.front() == '\t'))
      item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\r' || item.back() == '\t'))
      item.remove_suffix(1);
    if (!item.empty()) out.emplace_back(item);
  }
  return out;
}

std::string Join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (const auto& s : items) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

// A moment as table cells show it: JST, and UTC below it; a dash when unset.
void AppendWhen(std::string& out, const std::optional<Timestamp>& t, bool utc_in_parentheses = false) {
  if (!t) {
    out += R"(<span class="muted">—</span>)";
    return;
  }
  const std::string utc = app::FormatIsoUtc(*t);
  out += R"(<time datetime=")";
  out += utc;
  out += R"(">)";
  out += app::FormatJst(*t);
  out += utc_in_parentheses ? R"(</time> <span class="utc">()" : R"(</time><span class="utc">)";
  out += utc;
  out += utc_in_parentheses ? ")</span>" : "</span>";
}

// <option>s of a select, built directly: a registry can list thousands of vendors.
struct Option {
  std::int64_t value;
  std::string label;
};
std::string OptionsHtml(const std::vector<Option>& options,
                        std::optional<std::int64_t> selected = std::nullopt) {
  std::string out;
  out.reserve(options.size() * 48);
  for (const auto& o : options) {
    out += R"(<option value=")";
    out += Str(o.value);
    out += selected && *selected == o.value ? R"(" selected>)" : R"(">)";
    AppendEscaped(out, o.label);
    out += "</option>";
  }
  return out;
}

class CasePages {
 public:
  explicit CasePages(app::Services& s) : s_(s), kit_(s) {}

  // Adds the routes; they keep `self` alive as long as the router lives.
  static void Register(const std::shared_ptr<CasePages>& self, http::Router& r);

 private:
  using CaseAct = std::function<Status(Page&, CaseId)>;
  using VendorAct = std::function<Status(Page&, std::int64_t)>;
  using CaseVendorAct = std::function<Status(Page&, CaseId, std::int64_t)>;

  std::string T(const Page& page, const std::string& key) const { return kit_.T(page, key); }
  // The text of `key`, or `fallback` when the catalogue has no such key.
  std::string TOr(const Page& page, const std::string& key, const std::string& fallback) const {
    std::string text = T(page, key);
    return text == key ? fallback : text;
  }
  std::string Fmt(const Page& page, std::string_view key,
                  std::initializer_list<std::pair<std::string_view, std::string_view>> args) const {
    return s_.ctx.catalog.Format(page.pc.lang, key, args);
  }
  std::string Wording(const Page& page, domain::VendorStatus status) const {
    const auto& w = domain::Wording(status);
    return std::string(page.pc.lang == domain::Language::kJa ? w.ja : w.en);
  }
  // Days from now to `t` in words ("in 12 days", "3 days ago", "today").
  std::string Relative(const Page& page, Timestamp t, Timestamp now) const;

  // An error page; a not-found one never says more than that.
  Response Fail(Page& page, const Error& e);
  // A failed form: what went wrong, and the way back to the form.
  Response FormError(Page& page, const Error& e, const std::string& back);
  // Runs a form of case `:id`: success goes back to the case page with the
  // notice, failure shows why.
  Response CaseForm(Request& req, const char* notice, const char* anchor, const CaseAct& act);
  Response VendorForm(Request& req, const char* notice, const char* anchor, const VendorAct& act);

  // The last `limit` messages of a thread page, oldest first, as a conversation reads.
  mstch::array MessageList(const Page& page, const std::vector<domain::CaseMessage>& oldest_first,
                           std::size_t limit) const;
  // The rows of the coordinator's vendor table (see html_text.hpp for why not a template).
  std::string VendorRowsHtml(const Page& page, CaseId id, const std::vector<const app::VendorRow*>& rows) const;
  // Status history rows, newest first; with a vendor column (linked to the
  // vendor's page in case `id`) when `names` is given.
  std::string HistoryRowsHtml(const Page& page, const std::vector<const domain::StatusHistoryEntry*>& rows,
                              const std::map<std::int64_t, std::string>* names, CaseId id) const;
  mstch::map InvestigationCard(const Page& page, const domain::InvestigationReport& r, const std::string& vendor,
                               const std::string& vendor_href) const;
  // The case page showing `f` (its filters and page), at the vendor table.
  static std::string TableHref(CaseId id, const app::VendorFilter& f);

  // Cases.
  Response CaseList(Request& req);
  Response ShowCase(Request& req);
  Response CoordinatorCase(Page& page, const Request& req, CaseId id);
  // The coordinator's page body: the vendor summary, one page of the filtered
  // vendor table and the rest of the case (forms carry the CSRF placeholder).
  Result<std::string> CoordinatorBody(const Page& page, const app::CaseView& view, const app::VendorFilter& filter,
                                      bool lead);
  // One vendor within a case, for coordinators: its record, its reports and
  // history, the latest messages, and the actions on it.
  Response CaseVendor(Request& req);
  Result<std::string> CaseVendorBody(const Page& page, const app::CaseView& view, std::int64_t vendor_id);
  // Runs a form on vendor :vid of case :id: success goes to that vendor's
  // page in the case with the notice, failure shows why.
  Response CaseVendorForm(Request& req, const char* notice, const CaseVendorAct& act);
  Response VendorCase(Page& page, CaseId id);
  Response PartnerCase(Page& page, CaseId id);
  Response AddUnregistered(Request& req);
  // The overview to the vendors ticked in the vendor table, or to every vendor not yet notified.
  Response BulkOverview(Request& req);

  // Threads.
  Response Thread(Request& req, ThreadKind kind);
  Response ThreadPost(Request& req, ThreadKind kind);

  // Registry.
  Response VendorList(Request& req);
  Response CreateVendor(Request& req);
  Response VendorProfile(Request& req);
  Response Developers(Request& req);
  Response InviteForm(Request& req);
  Response InvitePost(Request& req);
  Response JoinForm(Request& req);
  Response JoinPost(Request& req);
  domain::Vendor VendorFromForm(const Page& page) const;
  Response LogInAndGo(const Request& req, const std::string& email, const std::string& password,
                      const std::string& location);

  void Routes(const std::shared_ptr<CasePages>& self, http::Router& r);

  app::Services& s_;
  PageKit kit_;
};

std::string CasePages::Relative(const Page& page, Timestamp t, Timestamp now) const {
  const auto days = std::chrono::floor<std::chrono::days>(app::JstDate(t) - app::JstDate(now)).count();
  if (days == 0) return T(page, "timeline.today");
  const std::string n = Str(days < 0 ? -days : days);
  return Fmt(page, days < 0 ? "timeline.days_ago" : "timeline.in_days", {{"n", n}});
}

Response CasePages::Fail(Page& page, const Error& e) {
  if (e.code == ErrorCode::kNotFound) {
    return kit_.ErrorPage(page, Error::NotFound(T(page, "error.not_found")));
  }
  return kit_.ErrorPage(page, e);
}

Response CasePages::FormError(Page& page, const Error& e, const std::string& back) {
  if (e.code == ErrorCode::kUnauthenticated || e.code == ErrorCode::kInternal ||
      e.code == ErrorCode::kNotFound) {
    return Fail(page, e);
  }
  return kit_.Html(page, http::HttpStatus(e.code), "form_error", "form_error.title",
                   {{"message", S(kit_.ErrorText(page, e))}, {"field", S(e.field)}, {"back", S(back)}});
}

Response CasePages::CaseForm(Request& req, const char* notice, const char* anchor, const CaseAct& act) {
  BEGIN_PAGE(kit_, req);
  if (page.caller.actor.IsAnonymous()) return kit_.RequireLogin(req);
  auto id = ParseId(req.Param("id"));
  if (!id) return Fail(page, id.error());
  const std::string back = CasePath(*id) + "#" + anchor;
  if (auto st = act(page, *id); !st) return FormError(page, st.error(), back);
  return Response::Redirect(CasePath(*id) + "?notice=" + notice + "#" + anchor);
}

Response CasePages::VendorForm(Request& req, const char* notice, const char* anchor, const VendorAct& act) {
  BEGIN_PAGE(kit_, req);
  if (page.caller.actor.IsAnonymous()) return kit_.RequireLogin(req);
  auto id = ParseId(req.Param("id"));
  if (!id) return Fail(page, id.error());
  const std::string path = "/vendors/" + Str(*id);
  if (auto st = act(page, *id); !st) return FormError(page, st.error(), path + "#" + anchor);
  return Response::Redirect(path + "?notice=" + notice + "#" + anchor);
}

mstch::array CasePages::MessageList(const Page& page, const std::vector<domain::CaseMessage>& oldest_first,
                                    std::size_t limit) const {
  // The store returns a page oldest first; a page asked one longer than
  // `limit` tells that older messages exist, and that oldest one is left out.
  mstch::array out;
  const std::size_t skip = oldest_first.size() > limit ? oldest_first.size() - limit : 0;
  out.reserve(oldest_first.size() - skip);
  for (std::size_t i = skip; i < oldest_first.size(); ++i) {
    const auto& m = oldest_first[i];
    out.push_back(mstch::map{{"message_id", S(Str(m.id))},
                             {"author", S(m.author_name)},
                             {"role", S(T(page, "role." + std::string(domain::RoleName(m.author_role))))},
                             {"at", When(m.created_at)},
                             {"body", S(m.body)},
                             {"staff", domain::IsStaff(m.author_role)}});
  }
  return out;
}

// --- Case list --------------------------------------------------------------------

Response CasePages::CaseList(Request& req) {
  BEGIN_PAGE(kit_, req);
  if (page.caller.actor.IsAnonymous()) return kit_.RequireLogin(req);
  auto list = s_.coordination.ListCases(page.caller.actor);
  if (!list) return Fail(page, list.error());
  const bool staff = IsCoordinator(page.caller.actor);
  mstch::array rows;
  rows.reserve(list->size());
  for (const auto& c : *list) {
    // A vendor without details sees no title (the app clears it) and no date:
    // the publication date is for the need-to-know list only (G8-1).
    const bool overview_only = !staff && c.c.title.empty();
    const auto publication_state = overview_only ? domain::PublicationDateState::kNone : c.publication_state;
    const std::string state(domain::PublicationDateStateName(publication_state));
    rows.push_back(mstch::map{
        {"case_id", S(Str(c.c.id))},
        {"identifier", S(c.c.identifier)},
        {"title", S(c.c.title)},
        {"overview_only", overview_only},
        {"status", S(TOr(page, "cases.status." + c.c.status, c.c.status))},
        {"vendors", S(Str(c.vendors))},
        {"silent", S(Str(c.silent_vendors))},
        {"any_silent", c.silent_vendors > 0},
        {"publication_state", S(state)},
        {"publication_label", S(T(page, "pubdate." + state))},
        {"publication_at", When(overview_only ? std::nullopt : c.publication_at)},
    });
  }
  return kit_.Html(page, 200, "cases", "cases.title",
                   {{"cases", rows}, {"empty", rows.empty()}, {"staff", staff}});
}

// --- One case ---------------------------------------------------------------------

Response CasePages::ShowCase(Request& req) {
  BEGIN_PAGE(kit_, req);
  if (page.caller.actor.IsAnonymous()) return kit_.RequireLogin(req);
  auto id = ParseId(req.Param("id"));
  if (!id) return Fail(page, id.error());
  const Role role = page.caller.actor.user->role;
  if (IsCoordinator(page.caller.actor)) return CoordinatorCase(page, req, *id);
  if (role == Role::kVendor) return VendorCase(page, *id);
  if (role == Role::kRelatedOrg) return PartnerCase(page, *id);
  return Fail(page, Error::NotFound());
}

// The coordinator's page is the same for every coordinator reading it in one
// language with one filter and page: its body is built once per store
// generation (and minute) by the app's view cache, with a placeholder for each
// viewer's CSRF token, and gzip-compressed there once. Authorisation and the
// audit record happen on every read.
Response CasePages::CoordinatorCase(Page& page, const Request& req, CaseId id) {
  const app::Actor& actor = page.caller.actor;
  auto filter = app::ParseVendorFilter(req.Query("state"), req.Query("status"), req.Query("q"), req.Query("page"),
                                       /*per_page=*/"");
  if (!filter) return Fail(page, filter.error());
  const bool lead = actor.user->role == Role::kLeadCoordinator;
  const std::string format = "html:" + std::string(domain::LanguageCode(page.pc.lang)) +
                             (lead ? ":lead:" : ":staff:") + filter->Key();
  std::optional<Error> failed;
  auto body = s_.coordination.RenderedView(
      actor, id, format,
      [&](const app::AnyCaseView& any) {
        const auto* view = std::get_if<app::CaseView>(&any);
        auto built = view ? CoordinatorBody(page, *view, *filter, lead) : Result<std::string>(Error::NotFound());
        if (!built) {
          failed = built.error();
          return std::string();  // an empty body is never cached nor served (below)
        }
        return std::move(*built);
      },
      kit_.csrf_placeholder(), PageKit::CsrfFillSize(page));
  if (!body) return Fail(page, body.error());
  if (failed) return Fail(page, *failed);
  if ((*body)->text.empty()) return Fail(page, Error::Internal("the case page could not be built"));
  return kit_.HtmlCached(page, req, 200, "cases.case_title", **body);
}

std::string CasePages::TableHref(CaseId id, const app::VendorFilter& f) {
  std::string query;
  auto add = [&](const char* name, const std::string& value) {
    if (value.empty()) return;
    query += query.empty() ? "?" : "&";
    query += name;
    query += '=';
    query += http::PercentEncode(value);
  };
  add("state", f.state);
  add("status", f.status);
  add("q", f.q);
  if (f.page > 1) add("page", Str(f.page));
  return CasePath(id) + query + "#vendors";
}

Result<std::string> CasePages::CoordinatorBody(const Page& page, const app::CaseView& view,
                                               const app::VendorFilter& filter, bool lead) {
  const app::Actor& actor = page.caller.actor;
  const CaseId id = view.c.id;
  auto candidates = s_.coordination.Candidates(actor, id);
  if (!candidates) return candidates.error();
  auto registry = s_.registry.List(actor);
  if (!registry) return registry.error();
  auto thread = s_.coordination.Messages(actor, id, ThreadKind::kCase, 0, {.limit = kCaseThreadShown + 1});
  if (!thread) return thread.error();

  const auto now = s_.ctx.clock.Now();
  const auto& c = view.c;
  const auto& co = view.coordination;
  const auto& pub = co.publication;
  const auto& clocks = view.clocks;
  const bool ja = page.pc.lang == domain::Language::kJa;

  mstch::map ctx{
      {"case_id", S(Str(c.id))},
      {"identifier", S(c.identifier)},
      {"title", S(c.title)},
      {"status", S(TOr(page, "cases.status." + c.status, c.status))},
      {"report_id", S(Str(c.report_id))},
      {"intake_number", S(view.report.intake_number)},
      {"product", S(view.report.submission.product_name + " " + view.report.submission.product_version)},
      {"created", When(c.created_at)},
      {"closed", When(co.closed_at)},
      {"open", !co.closed_at.has_value()},
      {"em_state", S(co.em_state)},
      {"em_label", S(TOr(page, "cases.em." + co.em_state, co.em_state))},
      {"flag_p", co.public_aware},
      {"flag_x", co.exploit_public},
      {"flag_a", co.attacks_observed},
      {"overview", S(co.overview)},
      {"details", S(co.details)},
      {"product_ids", S(co.product_ids)},
      {"keywords", S(co.keywords)},
      {"is_lead", lead},
      {"case_thread_count", S(Str(view.case_thread_messages))},
  };

  // The publication date: one for all vendors (G4-1).
  const std::string pub_state(domain::PublicationDateStateName(pub.state));
  ctx["pub_state"] = S(pub_state);
  ctx["pub_label"] = S(T(page, "pubdate." + pub_state));
  ctx["pub_at"] = When(pub.at);
  ctx["pub_value"] = S(pub.at ? JstLocalValue(*pub.at) : std::string());
  ctx["pub_proposed"] = pub.state == domain::PublicationDateState::kProposed;
  // Once the embargo has ended no date can be proposed, agreed or revised (the
  // Vultron rules refuse it): the page shows that state instead of those forms.
  // Moving the date earlier stays possible until publication (G8-5).
  const bool embargo_ended = app::EmbargoEnded(co);
  ctx["date_open"] = !embargo_ended && !co.closed_at;
  ctx["embargo_ended"] = embargo_ended;
  ctx["can_early"] = !co.closed_at && c.status != "published" && (co.em_state == "EXITED" || !embargo_ended);
  ctx["foreign_coordinator"] = S(pub.foreign_coordinator);
  ctx["early_reason"] = S(pub.early_reason);

  // The timeline, in order of time, with "now" among the marks.
  struct Mark {
    std::string key;
    Timestamp at;
    std::string note;
    bool warn = false;
  };
  std::vector<Mark> marks;
  if (clocks.initial_contact) marks.push_back({"timeline.initial_contact", *clocks.initial_contact});
  if (clocks.target_45) marks.push_back({"timeline.target_45", *clocks.target_45});
  if (pub.at) {
    Mark m{"timeline.publication_" + pub_state, *pub.at};
    if (!pub.foreign_coordinator.empty()) {
      m.note = Fmt(page, "timeline.foreign", {{"coordinator", pub.foreign_coordinator}});
    }
    if (clocks.closing_120 && *pub.at > *clocks.closing_120) {
      m.note += (m.note.empty() ? "" : " · ") + T(page, "timeline.after_120");
      m.warn = true;
    } else if (clocks.target_45 && *pub.at > *clocks.target_45) {
      m.note += (m.note.empty() ? "" : " · ") + T(page, "timeline.after_target");
      m.warn = true;
    }
    marks.push_back(std::move(m));
  }
  if (clocks.closing_warning) marks.push_back({"timeline.closing_warning", *clocks.closing_warning});
  if (clocks.closing_120) marks.push_back({"timeline.closing_120", *clocks.closing_120});
  if (clocks.withdrawal_1y) marks.push_back({"timeline.withdrawal_1y", *clocks.withdrawal_1y});
  if (!marks.empty()) marks.push_back({"timeline.now", now});
  std::stable_sort(marks.begin(), marks.end(), [](const Mark& a, const Mark& b) { return a.at < b.at; });
  mstch::array timeline;
  for (const auto& m : marks) {
    const bool is_now = m.key == "timeline.now";
    timeline.push_back(mstch::map{{"label", S(T(page, m.key))},
                                  {"at", When(m.at)},
                                  {"relative", S(is_now ? std::string() : Relative(page, m.at, now))},
                                  {"passed", !is_now && m.at < now},
                                  {"is_now", is_now},
                                  {"note", S(m.note)},
                                  {"warn", m.warn}});
  }
  ctx["timeline"] = std::move(timeline);
  ctx["clocks_started"] = clocks.initial_contact.has_value();

  // The vendor table: a summary of every vendor by engagement and status (each
  // count a filter), then one page of the vendors that match the filter.
  const app::VendorSummary summary = app::Summarize(view.vendors);
  const app::VendorPage shown = app::SelectVendors(view.vendors, filter);
  std::map<std::int64_t, std::string> names;  // vendor id → name, for the lists below
  std::set<std::int64_t> in_case;
  for (const auto& r : view.vendors) {
    names[r.vendor.vendor_id] = r.vendor.vendor_name;
    in_case.insert(r.vendor.vendor_id);
  }
  auto chip = [&](const std::string& href, const std::string& label, int count, const std::string& css,
                  bool active) {
    return mstch::map{{"href", S(href)},
                      {"label", S(label)},
                      {"count", S(Str(count))},
                      {"css", S(css)},
                      {"active", active}};
  };
  app::VendorFilter first_page = filter;  // a changed filter starts again at page 1
  first_page.page = 1;
  mstch::array state_chips, status_chips;
  {
    app::VendorFilter f = first_page;
    f.state.clear();
    state_chips.push_back(chip(TableHref(id, f), T(page, "engagement.all"), summary.total, "eng-all",
                               filter.state.empty()));
    for (const auto& [key, n] : summary.by_state) {
      f.state = key;
      state_chips.push_back(chip(TableHref(id, f), T(page, "engagement." + key), n, "eng-" + key,
                                 filter.state == key));
    }
  }
  {
    app::VendorFilter f = first_page;
    f.status.clear();
    status_chips.push_back(chip(TableHref(id, f), T(page, "engagement.all"), summary.total, "eng-all",
                                filter.status.empty()));
    for (const auto& [key, n] : summary.by_status) {
      f.status = key;
      const auto status = domain::ParseVendorStatus(key);
      status_chips.push_back(chip(TableHref(id, f), status ? Wording(page, *status) : T(page, "cases.vendor.no_status"),
                                  n, "vs-" + key, filter.status == key));
    }
  }
  ctx["state_chips"] = std::move(state_chips);
  ctx["status_chips"] = std::move(status_chips);
  ctx["filter_state"] = S(filter.state);
  ctx["filter_status"] = S(filter.status);
  ctx["filter_q"] = S(filter.q);
  ctx["filtered"] = filter.Filtered();
  ctx["vendor_total"] = S(Str(summary.total));
  ctx["no_vendors"] = view.vendors.empty();
  ctx["no_rows"] = shown.rows.empty() && !view.vendors.empty();
  if (!shown.rows.empty()) {
    const std::string from = Str(shown.first);
    const std::string to = Str(shown.first + static_cast<int>(shown.rows.size()) - 1);
    ctx["range"] = S(filter.Filtered() ? Fmt(page, "cases.range_filtered", {{"from", from},
                                                                           {"to", to},
                                                                           {"matching", Str(shown.matching)},
                                                                           {"total", Str(summary.total)}})
                                       : Fmt(page, "cases.range", {{"from", from}, {"to", to},
                                                                   {"matching", Str(shown.matching)}}));
  }
  // Pages: the first, the last, and two either side of this one.
  if (shown.pages > 1) {
    mstch::array pages;
    app::VendorFilter f = filter;
    int last_listed = 0;
    for (int p = 1; p <= shown.pages; ++p) {
      if (p != 1 && p != shown.pages && std::abs(p - filter.page) > 2) continue;
      f.page = p;
      pages.push_back(mstch::map{{"href", S(TableHref(id, f))},
                                 {"n", S(Str(p))},
                                 {"current", p == filter.page},
                                 {"gap", last_listed != 0 && p > last_listed + 1}});
      last_listed = p;
    }
    ctx["pages"] = std::move(pages);
    if (filter.page > 1) {
      f.page = std::min(filter.page - 1, shown.pages);
      ctx["prev_href"] = S(TableHref(id, f));
    }
    if (filter.page < shown.pages) {
      f.page = filter.page + 1;
      ctx["next_href"] = S(TableHref(id, f));
    }
  }
  ctx["paged"] = shown.pages > 1;
  Blocks blocks;  // the long lists, put into the page after rendering
  blocks.emplace_back("vendor_rows", VendorRowsHtml(page, id, shown.rows));
  // The overview to many vendors at once: the rows' checkboxes, or every vendor offered it on any page.
  const auto offered = std::count_if(view.vendors.begin(), view.vendors.end(),
                                     [](const app::VendorRow& r) { return app::OffersOverview(r.vendor); });
  ctx["bulk_any"] = offered > 0;
  ctx["bulk_all_label"] = S(Fmt(page, "cases.bulk.send_all", {{"n", Str(offered)}}));
  {
    app::VendorFilter f;
    f.state = "unresponsive";
    ctx["silent_href"] = S(TableHref(id, f));
  }
  ctx["silent_count"] = S(Str(summary.unresponsive));
  ctx["any_silent"] = summary.unresponsive > 0;
  ctx["accepted_summary"] = S(Fmt(page, "cases.date.accepted_summary",
                                  {{"n", Str(summary.date_accepted)}, {"total", Str(summary.in_vendor_table)}}));
  auto name_of = [&](std::int64_t vendor_id) {
    auto it = names.find(vendor_id);
    return it == names.end() ? "#" + Str(vendor_id) : it->second;
  };

  mstch::array tiers;
  for (int t = 0; t <= 9; ++t) {
    tiers.push_back(
        mstch::map{{"value", S(Str(t))}, {"label", S(t == 0 ? T(page, "cases.tier_first") : Str(t))}});
  }
  ctx["tiers"] = std::move(tiers);

  // Identifying developers (§4.1): ranked candidates, and the whole registry.
  mstch::array cands;
  for (const auto& cand : *candidates) {
    mstch::array reasons;
    for (const auto& reason : cand.reasons) reasons.push_back(mstch::map{{"text", S(reason)}});
    cands.push_back(mstch::map{{"candidate_id", S(Str(cand.vendor_id))},
                               {"name", S(cand.vendor_name)},
                               {"score", S(Str(cand.score))},
                               {"reasons", std::move(reasons)}});
  }
  ctx["no_candidates"] = cands.empty();
  ctx["candidates"] = std::move(cands);
  std::vector<Option> addable, everyone;
  const std::string unregistered = " (" + T(page, "vendors.unregistered") + ")";
  for (const auto& p : *registry) {
    std::string label = p.vendor.name;
    if (!p.vendor.name_en.empty() && p.vendor.name_en != p.vendor.name) label += " / " + p.vendor.name_en;
    if (!p.vendor.registered) label += unregistered;
    if (!in_case.contains(p.vendor.id)) addable.push_back({p.vendor.id, label});
    everyone.push_back({p.vendor.id, std::move(label)});
  }
  ctx["registry_empty"] = addable.empty();
  ctx["registry_options"] = S(OptionsHtml(addable));

  // Vendors' proposals of other vendors (G3-3, P-G).
  mstch::array proposals;
  for (const auto& p : view.proposals) {
    const bool pending = p.state == "pending";
    const std::string choices = pending ? OptionsHtml(everyone, p.vendor_id) : std::string();
    proposals.push_back(mstch::map{{"proposal_id", S(Str(p.id))},
                                   {"by", S(name_of(p.proposed_by))},
                                   {"name", S(p.vendor_name)},
                                   {"relation", S(TOr(page, "relation." + p.relation, p.relation))},
                                   {"reason", S(p.reason)},
                                   {"state", S(p.state)},
                                   {"state_label", S(TOr(page, "cases.proposal_state." + p.state, p.state))},
                                   {"at", When(p.created_at)},
                                   {"pending", pending},
                                   {"choices", S(choices)}});
  }
  ctx["no_proposals"] = proposals.empty();
  ctx["proposals"] = std::move(proposals);

  // Critical-infrastructure pre-release (G4-4) and customer pre-notification (G6-3).
  mstch::array sectors;
  for (auto s : domain::CriticalInfraSectors()) {
    sectors.push_back(
        mstch::map{{"value", S(std::string(s))}, {"label", S(T(page, "sector." + std::string(s)))}});
  }
  ctx["sectors"] = std::move(sectors);
  mstch::array prereleases;
  for (const auto& p : view.prereleases) {
    prereleases.push_back(mstch::map{
        {"prerelease_id", S(Str(p.id))},
        {"kind", S(TOr(page, "cases.prerelease_kind." + p.kind, p.kind))},
        {"sector", S(p.sector.empty() ? std::string() : TOr(page, "sector." + p.sector, p.sector))},
        {"vendor", S(p.vendor_id ? name_of(*p.vendor_id) : std::string())},
        {"note", S(p.note)},
        {"state", S(p.state)},
        {"state_label", S(TOr(page, "cases.prerelease_state." + p.state, p.state))},
        {"at", When(p.created_at)},
        {"decided", When(p.decided_at)},
        {"requested", p.state == "requested"}});
  }
  ctx["no_prereleases"] = prereleases.empty();
  ctx["prereleases"] = std::move(prereleases);

  // Related organisations (G8-2).
  mstch::array partners;
  for (const auto& p : view.partners) {
    partners.push_back(mstch::map{{"partner_id", S(Str(p.id))},
                                  {"vendor", S(name_of(p.vendor_id))},
                                  {"organisation", S(p.organisation)},
                                  {"person", S(p.person)},
                                  {"email", S(p.email)},
                                  {"at", When(p.created_at)},
                                  {"admitted", When(p.admitted_at)}});
  }
  ctx["no_partners"] = partners.empty();
  ctx["partners"] = std::move(partners);

  // Investigation reports (G3-3), the newest first; each vendor's page has all of its own.
  mstch::array investigations;
  for (auto it = view.investigations.rbegin();
       it != view.investigations.rend() && investigations.size() < kRecentInvestigations; ++it) {
    investigations.push_back(InvestigationCard(page, *it, name_of(it->vendor_id), CaseVendorPath(id, it->vendor_id)));
  }
  ctx["no_investigations"] = investigations.empty();
  ctx["investigations"] = std::move(investigations);
  ctx["investigations_more"] = S(view.investigations.size() > kRecentInvestigations
                                     ? Fmt(page, "cases.recent_of", {{"n", Str(kRecentInvestigations)},
                                                                     {"total", Str(view.investigations.size())}})
                                     : std::string());

  // Status statements as dated history (G6-5), the newest first; each vendor's page has all of its own.
  std::vector<const domain::StatusHistoryEntry*> recent;
  for (auto it = view.status_history.rbegin();
       it != view.status_history.rend() && recent.size() < kRecentStatements; ++it) {
    recent.push_back(&*it);
  }
  ctx["no_history"] = view.status_history.empty();
  ctx["history_more"] = S(view.status_history.size() > kRecentStatements
                              ? Fmt(page, "cases.recent_of", {{"n", Str(kRecentStatements)},
                                                              {"total", Str(view.status_history.size())}})
                              : std::string());
  blocks.emplace_back("history_rows", HistoryRowsHtml(page, recent, &names, id));

  ctx["thread"] = MessageList(page, *thread, kCaseThreadShown);
  ctx["thread_empty"] = thread->empty();
  ctx["thread_more"] = thread->size() > static_cast<std::size_t>(kCaseThreadShown);
  ctx["ja"] = ja;
  return kit_.SharedBody(page, "case", std::move(ctx), blocks);
}

mstch::map CasePages::InvestigationCard(const Page& page, const domain::InvestigationReport& r,
                                        const std::string& vendor, const std::string& vendor_href) const {
  const std::string affected(domain::AffectedName(r.affected));
  return mstch::map{{"vendor", S(vendor)},
                    {"vendor_href", S(vendor_href)},
                    {"affected", S(affected)},
                    {"affected_label", S(T(page, "cases.affected." + affected))},
                    {"workaround_plan", S(r.workaround_plan)},
                    {"fix_plan", S(r.fix_plan)},
                    {"schedule", S(r.schedule)},
                    {"publication_plan", S(r.publication_plan)},
                    {"other_developers", S(r.other_developers)},
                    {"at", When(r.at)}};
}

std::string CasePages::HistoryRowsHtml(const Page& page, const std::vector<const domain::StatusHistoryEntry*>& rows,
                                       const std::map<std::int64_t, std::string>* names, CaseId id) const {
  std::string out;
  out.reserve(rows.size() * 400);
  for (const auto* h : rows) {
    out += R"(<tr><td class="when">)";
    AppendWhen(out, h->at);
    out += "</td>";
    if (names) {
      auto name = names->find(h->vendor_id);
      out += R"(<td><a href=")" + CaseVendorPath(id, h->vendor_id) + R"(">)";
      AppendEscaped(out, name == names->end() ? "#" + Str(h->vendor_id) : name->second);
      out += "</a></td>";
    }
    out += R"(<td><span class="vstatus vs-)";
    out += domain::Wording(h->status).name;
    out += R"(">)";
    AppendEscaped(out, Wording(page, h->status));
    out += R"(</span></td><td><span class="pre">)";
    AppendEscaped(out, h->statement);
    out += "</span>";
    if (!h->advisory_url.empty()) {
      out += R"( <a href=")";
      AppendEscaped(out, h->advisory_url);
      out += R"(" rel="noopener noreferrer">)";
      AppendEscaped(out, h->advisory_url);
      out += "</a>";
    }
    out += "</td></tr>\n";
  }
  return out;
}

std::string CasePages::VendorRowsHtml(const Page& page, CaseId id,
                                      const std::vector<const app::VendorRow*>& rows) const {
  // Labels are looked up once, not per row.
  const std::string unregistered = T(page, "vendors.unregistered");
  const std::string obvious = T(page, "cases.obvious");
  const std::string due = T(page, "cases.due");
  const std::string thread = T(page, "cases.col.thread");
  const std::string next_overview = T(page, "cases.next.overview");
  const std::string next_details = T(page, "cases.next.details");
  const std::string awaiting = T(page, "cases.awaiting_registration");
  const std::string select = T(page, "cases.col.select");
  std::map<std::string, std::string> engagement_labels;
  const std::string case_path = CasePath(id);

  std::string out;
  out.reserve(rows.size() * 900);
  for (const app::VendorRow* r : rows) {
    const auto& v = r->vendor;
    const std::string vid = Str(v.vendor_id);
    const std::string vendor_path = case_path + "/vendors/" + vid;
    const std::string key = EngagementKey(r->engagement, v);
    auto label = engagement_labels.find(key);
    if (label == engagement_labels.end())
      label = engagement_labels.emplace(key, T(page, "engagement." + key)).first;
    const bool silent = r->engagement == domain::Engagement::kUnresponsive;

    out += R"(<tr id="v)" + vid + (silent ? R"(" class="row-silent">)" : R"(">)");
    // Vendor, with what is special about it; its page in the case has the actions.
    out += R"(<td class="vname"><a href=")" + vendor_path + R"(">)";
    AppendEscaped(out, v.vendor_name);
    out += "</a>";
    if (!v.registered) {
      out += R"( <span class="badge unregistered">)";
      AppendEscaped(out, unregistered);
      out += "</span>";
    }
    if (v.obvious) {
      out += R"( <span class="badge">)";
      AppendEscaped(out, obvious);
      out += "</span>";
    }
    out += R"(</td><td class="num">)" + Str(v.tier) + "</td>";
    // Engagement: silence must look different from "not affected".
    out += R"(<td><span class="badge eng eng-)" + key + R"(">)";
    AppendEscaped(out, label->second);
    out += "</span>";
    if (v.answer_due) {
      out += R"(<span class="sub">)";
      AppendEscaped(out, due);
      out += " ";
      AppendWhen(out, v.answer_due, true);
      out += "</span>";
    }
    out += "</td><td>";
    // The effective status in the advisory's exact wording (G6-2).
    if (r->status) {
      out += R"(<span class="vstatus vs-)";
      out += domain::Wording(*r->status).name;
      out += R"(">)";
      AppendEscaped(out, Wording(page, *r->status));
      out += "</span>";
    } else {
      out += R"(<span class="muted">—</span>)";
    }
    out += R"(</td><td class="when">)";
    AppendWhen(out, v.initial_contact_at);
    out += R"(</td><td class="when">)";
    AppendWhen(out, v.last_answer_at);
    out += "</td><td>";
    if (v.date_response != domain::DateResponse::kNone) {
      const std::string response(domain::DateResponseName(v.date_response));
      out += R"(<span class="dr dr-)" + response + R"(">)";
      AppendEscaped(out, T(page, "date_response." + response));
      out += "</span>";
    }
    if (!v.date_comment.empty()) {
      out += R"(<span class="sub pre">)";
      AppendEscaped(out, v.date_comment);
      out += "</span>";
    }
    out += R"(</td><td class="num"><a href=")" + case_path + "/threads/vendor/" + vid + R"(" aria-label=")";
    AppendEscaped(out, thread);
    out += ": ";
    AppendEscaped(out, v.vendor_name);
    out += R"(">)" + Str(r->thread_messages) + R"(</a></td><td class="next">)";
    // What the coordinator has to do next, done on the vendor's page: the
    // overview first where the developer is not obvious (G2-1); details to
    // those that asked, or obvious ones (G3).
    if (!v.registered) {
      out += R"(<span class="hint">)";
      AppendEscaped(out, awaiting);
      out += "</span>";
    } else if (CanSendOverview(v)) {
      out += R"(<a href=")" + vendor_path + R"(#actions">)";
      AppendEscaped(out, next_overview);
      out += "</a>";
    } else if (CanReleaseDetails(v)) {
      out += R"(<a href=")" + vendor_path + R"(#actions">)";
      AppendEscaped(out, next_details);
      out += "</a>";
    }
    // A checkbox of the bulk overview form (after the table) where the overview is due.
    out += R"(</td><td class="select">)";
    if (app::OffersOverview(v)) {
      out += R"(<input type="checkbox" name="vendor_id" value=")" + vid + R"(" form="bulk-overview" aria-label=")";
      AppendEscaped(out, select);
      out += ": ";
      AppendEscaped(out, v.vendor_name);
      out += R"(">)";
    }
    out += "</td></tr>\n";
  }
  return out;
}

// --- One vendor within a case (coordinators) ------------------------------------------

Response CasePages::CaseVendor(Request& req) {
  BEGIN_PAGE(kit_, req);
  if (page.caller.actor.IsAnonymous()) return kit_.RequireLogin(req);
  auto id = ParseId(req.Param("id"));
  if (!id) return Fail(page, id.error());
  auto vid = ParseId(req.Param("vid"));
  if (!vid) return Fail(page, vid.error());
  // Vendors and partners never see another vendor's record (G8-3); their own is the case page.
  if (!IsCoordinator(page.caller.actor)) return Fail(page, Error::NotFound());
  const std::string format = "html:" + std::string(domain::LanguageCode(page.pc.lang)) + ":vendor=" + Str(*vid);
  std::optional<Error> failed;
  auto body = s_.coordination.RenderedView(
      page.caller.actor, *id, format,
      [&](const app::AnyCaseView& any) {
        const auto* view = std::get_if<app::CaseView>(&any);
        auto built = view ? CaseVendorBody(page, *view, *vid) : Result<std::string>(Error::NotFound());
        if (!built) {
          failed = built.error();
          return std::string();
        }
        return std::move(*built);
      },
      kit_.csrf_placeholder(), PageKit::CsrfFillSize(page));
  if (!body) return Fail(page, body.error());
  if (failed) return Fail(page, *failed);
  if ((*body)->text.empty()) return Fail(page, Error::Internal("the vendor page could not be built"));
  return kit_.HtmlCached(page, req, 200, "cases.vendor_page.title", **body);
}

Result<std::string> CasePages::CaseVendorBody(const Page& page, const app::CaseView& view, std::int64_t vendor_id) {
  const CaseId id = view.c.id;
  auto row = std::find_if(view.vendors.begin(), view.vendors.end(),
                          [&](const app::VendorRow& r) { return r.vendor.vendor_id == vendor_id; });
  if (row == view.vendors.end()) return Error::NotFound();
  const auto& v = row->vendor;
  auto thread = s_.coordination.Messages(page.caller.actor, id, ThreadKind::kVendor, vendor_id,
                                         {.limit = kVendorThreadShown + 1});
  if (!thread) return thread.error();
  const std::string key = EngagementKey(row->engagement, v);
  const std::string answer(domain::OverviewAnswerName(v.overview_answer));
  const std::string response(domain::DateResponseName(v.date_response));
  mstch::map ctx{
      {"case_id", S(Str(id))},
      {"identifier", S(view.c.identifier)},
      {"title", S(view.c.title)},
      {"vendor_id", S(Str(vendor_id))},
      {"name", S(v.vendor_name)},
      {"registered", v.registered},
      {"obvious", v.obvious},
      {"tier", S(v.tier == 0 ? T(page, "cases.tier_first") : Str(v.tier))},
      {"engagement", S(key)},
      {"engagement_label", S(T(page, "engagement." + key))},
      {"silent", row->engagement == domain::Engagement::kUnresponsive},
      {"answer_due", When(v.answer_due)},
      {"has_status", row->status.has_value()},
      {"status", S(row->status ? std::string(domain::Wording(*row->status).name) : std::string())},
      {"status_label", S(row->status ? Wording(page, *row->status) : T(page, "cases.vendor.no_status"))},
      {"statement", S(v.statement)},
      {"advisory_url", S(v.advisory_url)},
      {"fix_ready", v.fix_ready},
      {"fix_deployed", v.fix_deployed},
      {"initial_contact", When(v.initial_contact_at)},
      {"overview_sent", When(v.overview_sent_at)},
      {"answered", v.overview_answer != domain::OverviewAnswer::kNone},
      {"answer_label", S(T(page, "cases.vendor.answer_" + answer))},
      {"answered_at", When(v.overview_answered_at)},
      {"details_requested", When(v.details_requested_at)},
      {"details_released", When(v.details_released_at)},
      {"investigation_at", When(v.investigation_at)},
      {"statement_at", When(v.statement_at)},
      {"last_answer", When(v.last_answer_at)},
      {"date_answered", v.date_response != domain::DateResponse::kNone},
      {"date_response", S(response)},
      {"date_response_label", S(T(page, "date_response." + response))},
      {"date_comment", S(v.date_comment)},
      {"thread_count", S(Str(row->thread_messages))},
      {"can_send_overview", CanSendOverview(v)},
      {"can_release_details", CanReleaseDetails(v)},
      {"awaiting_registration", !v.registered},
      {"nothing_to_do", v.registered && !CanSendOverview(v) && !CanReleaseDetails(v)},
  };
  mstch::array investigations;
  for (auto it = view.investigations.rbegin(); it != view.investigations.rend(); ++it) {
    if (it->vendor_id == vendor_id) investigations.push_back(InvestigationCard(page, *it, v.vendor_name, {}));
  }
  ctx["no_investigations"] = investigations.empty();
  ctx["investigations"] = std::move(investigations);
  std::vector<const domain::StatusHistoryEntry*> history;
  for (auto it = view.status_history.rbegin(); it != view.status_history.rend(); ++it) {
    if (it->vendor_id == vendor_id) history.push_back(&*it);
  }
  ctx["no_history"] = history.empty();
  ctx["thread"] = MessageList(page, *thread, kVendorThreadShown);
  ctx["thread_empty"] = thread->empty();
  return kit_.SharedBody(page, "case_vendor", std::move(ctx),
                         {{"history_rows", HistoryRowsHtml(page, history, nullptr, id)}});
}

Response CasePages::CaseVendorForm(Request& req, const char* notice, const CaseVendorAct& act) {
  BEGIN_PAGE(kit_, req);
  if (page.caller.actor.IsAnonymous()) return kit_.RequireLogin(req);
  auto id = ParseId(req.Param("id"));
  if (!id) return Fail(page, id.error());
  auto vid = ParseId(req.Param("vid"));
  if (!vid) return Fail(page, vid.error());
  const std::string back = CaseVendorPath(*id, *vid);
  if (auto st = act(page, *id, *vid); !st) return FormError(page, st.error(), back + "#actions");
  return Response::Redirect(back + "?notice=" + notice);
}

Response CasePages::VendorCase(Page& page, CaseId id) {
  auto view = s_.coordination.VendorView(page.caller.actor, id);
  if (!view) return Fail(page, view.error());
  const auto now = s_.ctx.clock.Now();
  const auto& me = view->me;
  const bool details = me.details_released_at.has_value();
  const std::string engagement = EngagementKey(domain::DeriveEngagement(me, now), me);
  const std::string answer(domain::OverviewAnswerName(me.overview_answer));
  const std::string pub_state(domain::PublicationDateStateName(view->publication.state));
  const std::string response(domain::DateResponseName(me.date_response));

  mstch::map ctx{
      {"case_id", S(Str(view->c.id))},
      {"identifier", S(view->c.identifier)},
      {"title", S(view->c.title)},
      {"vendor_id", S(Str(me.vendor_id))},
      {"vendor_name", S(me.vendor_name)},
      {"overview", S(view->overview)},
      {"details", S(view->details)},
      {"has_details", details},
      {"can_answer", !details && me.overview_answer == domain::OverviewAnswer::kNone},
      {"answered", me.overview_answer != domain::OverviewAnswer::kNone},
      {"answer_label", S(T(page, "cases.vendor.answer_" + answer))},
      {"requested_waiting", !details && me.details_requested_at.has_value()},
      {"engagement", S(engagement)},
      {"engagement_label", S(T(page, "engagement." + engagement))},
      {"silent", engagement == "unresponsive"},
      {"has_status", view->status.has_value()},
      {"status", S(view->status ? std::string(domain::Wording(*view->status).name) : std::string())},
      {"status_label", S(view->status ? Wording(page, *view->status) : std::string())},
      {"statement", S(me.statement)},
      {"advisory_url", S(me.advisory_url)},
      {"fix_ready", me.fix_ready},
      {"fix_deployed", me.fix_deployed},
      {"statement_at", When(me.statement_at)},
      {"initial_contact", When(me.initial_contact_at)},
      {"answer_due", When(me.answer_due)},
      {"target_45", When(view->clocks.target_45)},
      {"pub_state", S(pub_state)},
      {"pub_label", S(T(page, "pubdate." + pub_state))},
      {"pub_at", When(view->publication.at)},
      {"has_pub", view->publication.state != domain::PublicationDateState::kNone && view->publication.at},
      {"foreign_coordinator", S(view->publication.foreign_coordinator)},
      {"early_reason", S(view->publication.early_reason)},
      {"date_response", S(response)},
      {"date_response_label", S(T(page, "date_response." + response))},
      {"date_answered", me.date_response != domain::DateResponse::kNone},
      {"date_comment", S(me.date_comment)},
  };
  // The answers the date still takes: none once the embargo has ended (the
  // Vultron rules refuse them); after agreement only a revision request (G4-1).
  const bool agreed = view->publication.state == domain::PublicationDateState::kAgreed;
  ctx["embargo_ended"] = view->embargo_ended;
  ctx["date_agreed"] = agreed && !view->embargo_ended;
  ctx["can_accept_date"] = !agreed && !view->embargo_ended;
  ctx["can_revise_date"] = !view->embargo_ended;
  ctx["em_label"] = S(T(page, "cases.em.EXITED"));

  // The investigation form starts from the vendor's last report (G3-3).
  domain::InvestigationReport last_report;
  if (!view->my_investigations.empty()) last_report = view->my_investigations.back();
  ctx["inv_yes"] = last_report.affected == domain::Affected::kYes;
  ctx["inv_no"] = last_report.affected == domain::Affected::kNo;
  ctx["inv_unknown"] = last_report.affected == domain::Affected::kUnknown;
  ctx["inv_workaround_plan"] = S(last_report.workaround_plan);
  ctx["inv_fix_plan"] = S(last_report.fix_plan);
  ctx["inv_schedule"] = S(last_report.schedule);
  ctx["inv_publication_plan"] = S(last_report.publication_plan);
  ctx["inv_other_developers"] = S(last_report.other_developers);

  // The five statuses with their exact public wording in both languages (G6-2).
  const auto current = view->status.value_or(domain::VendorStatus::kInformationProvided);
  mstch::array statuses;
  for (const auto& w : domain::VendorStatusTable()) {
    statuses.push_back(mstch::map{{"value", S(std::string(w.name))},
                                  {"ja", S(std::string(w.ja))},
                                  {"en", S(std::string(w.en))},
                                  {"checked", w.status == current}});
  }
  ctx["statuses"] = std::move(statuses);

  mstch::array investigations;
  for (auto it = view->my_investigations.rbegin(); it != view->my_investigations.rend(); ++it) {
    const std::string affected(domain::AffectedName(it->affected));
    investigations.push_back(mstch::map{{"affected_label", S(T(page, "cases.affected." + affected))},
                                        {"workaround_plan", S(it->workaround_plan)},
                                        {"fix_plan", S(it->fix_plan)},
                                        {"schedule", S(it->schedule)},
                                        {"publication_plan", S(it->publication_plan)},
                                        {"other_developers", S(it->other_developers)},
                                        {"at", When(it->at)}});
  }
  ctx["investigations"] = std::move(investigations);
  mstch::array history;
  for (auto it = view->my_history.rbegin(); it != view->my_history.rend(); ++it) {
    history.push_back(mstch::map{{"status_label", S(Wording(page, it->status))},
                                 {"statement", S(it->statement)},
                                 {"advisory_url", S(it->advisory_url)},
                                 {"at", When(it->at)}});
  }
  ctx["history"] = std::move(history);
  mstch::array proposals;
  for (const auto& p : view->my_proposals) {
    proposals.push_back(mstch::map{{"name", S(p.vendor_name)},
                                   {"relation", S(TOr(page, "relation." + p.relation, p.relation))},
                                   {"reason", S(p.reason)},
                                   {"state_label", S(TOr(page, "cases.proposal_state." + p.state, p.state))},
                                   {"at", When(p.created_at)}});
  }
  ctx["proposals"] = std::move(proposals);
  mstch::array partners;
  for (const auto& p : view->my_partners) {
    partners.push_back(mstch::map{{"organisation", S(p.organisation)},
                                  {"person", S(p.person)},
                                  {"email", S(p.email)},
                                  {"at", When(p.created_at)},
                                  {"admitted", When(p.admitted_at)}});
  }
  ctx["partners"] = std::move(partners);
  mstch::array prenotifications;
  for (const auto& p : view->my_prenotifications) {
    prenotifications.push_back(
        mstch::map{{"note", S(p.note)},
                   {"state_label", S(TOr(page, "cases.prerelease_state." + p.state, p.state))},
                   {"at", When(p.created_at)},
                   {"decided", When(p.decided_at)}});
  }
  ctx["prenotifications"] = std::move(prenotifications);
  return kit_.Html(page, 200, "vendor_case", "cases.case_title", std::move(ctx));
}

Response CasePages::PartnerCase(Page& page, CaseId id) {
  auto view = s_.coordination.PartnerView(page.caller.actor, id);
  if (!view) return Fail(page, view.error());
  return kit_.Html(page, 200, "partner_case", "cases.case_title",
                   {{"case_id", S(Str(view->c.id))},
                    {"identifier", S(view->c.identifier)},
                    {"title", S(view->c.title)},
                    {"overview", S(view->overview)},
                    {"details", S(view->details)},
                    {"organisation", S(view->me.organisation)},
                    {"partner_id", S(Str(view->me.id))}});
}

// Adding a developer that is not registered: its invitation link is shown
// once, here, and never again (only its hash is kept).
Response CasePages::AddUnregistered(Request& req) {
  BEGIN_PAGE(kit_, req);
  if (page.caller.actor.IsAnonymous()) return kit_.RequireLogin(req);
  auto id = ParseId(req.Param("id"));
  if (!id) return Fail(page, id.error());
  auto token =
      s_.coordination.AddUnregisteredVendor(page.caller.actor, *id, page.Field("name"), page.Field("email"));
  if (!token) return FormError(page, token.error(), CasePath(*id) + "#identify");
  const std::string path = "/vendors/invite/" + *token;
  // The configured public address, else the one this coordinator is using.
  std::string base = s_.ctx.config.mail.public_url;
  if (base.empty() && !req.Header("host").empty()) {
    base = std::string(req.tls ? "https://" : "http://") + std::string(req.Header("host"));
  }
  return kit_.Html(page, 200, "invite_link", "cases.invite_link.title",
                   {{"case_id", S(Str(*id))},
                    {"name", S(page.Field("name"))},
                    {"email", S(page.Field("email"))},
                    {"path", S(path)},
                    {"url", S(base.empty() ? std::string() : base + path)}});
}

Response CasePages::BulkOverview(Request& req) {
  BEGIN_PAGE(kit_, req);
  if (page.caller.actor.IsAnonymous()) return kit_.RequireLogin(req);
  auto id = ParseId(req.Param("id"));
  if (!id) return Fail(page, id.error());
  const std::string back = CasePath(*id) + "#vendors";
  app::OverviewBatch batch;
  if (page.Field("scope") == "all") {
    batch.all_not_notified = true;
  } else {
    auto [first, last] = page.form.equal_range("vendor_id");
    for (auto it = first; it != last; ++it) {
      auto vid = ParseInt(it->second);
      if (!vid || *vid <= 0) return FormError(page, Error::Invalid("vendor_id", "vendor_id must be a vendor id"), back);
      batch.vendor_ids.push_back(*vid);
    }
  }
  // An empty selection is refused by the use case, after it has checked who asks.
  auto done = s_.coordination.SendOverviews(page.caller.actor, *id, batch);
  if (!done) return FormError(page, done.error(), back);
  return Response::Redirect(CasePath(*id) + "?notice=" + (done->notified.empty() ? "overviews_none" : "overviews_sent") +
                            "#vendors");
}

// --- Threads ------------------------------------------------------------------------

Response CasePages::Thread(Request& req, ThreadKind kind) {
  BEGIN_PAGE(kit_, req);
  if (page.caller.actor.IsAnonymous()) return kit_.RequireLogin(req);
  auto id = ParseId(req.Param("id"));
  if (!id) return Fail(page, id.error());
  std::int64_t party = 0;
  if (kind != ThreadKind::kCase) {
    auto p = ParseId(req.Param("pid"));
    if (!p) return Fail(page, p.error());
    party = *p;
  }
  std::int64_t before = 0;
  if (!req.Query("before").empty()) {
    auto b = ParseInt(req.Query("before"));
    if (!b || *b <= 0) return Fail(page, Error::NotFound());
    before = *b;
  }
  auto list = s_.coordination.Messages(page.caller.actor, *id, kind, party,
                                       {.limit = kThreadPage + 1, .before_id = before});
  if (!list) return Fail(page, list.error());
  const std::string kind_name(domain::ThreadKindName(kind));
  const std::string path =
      CasePath(*id) + "/threads/" + kind_name + (kind == ThreadKind::kCase ? "" : "/" + Str(party));
  std::string heading;
  if (kind == ThreadKind::kCase) {
    heading = T(page, "threads.case_heading");
  } else if (kind == ThreadKind::kVendor) {
    // The vendor's name, where the viewer may read its profile (coordinators, the vendor itself).
    auto profile = s_.registry.Profile(page.caller.actor, party);
    heading =
        Fmt(page, "threads.vendor_heading", {{"vendor", profile ? profile->vendor.name : "#" + Str(party)}});
  } else {
    heading = T(page, "threads.partner_heading");
  }
  const bool more = list->size() > static_cast<std::size_t>(kThreadPage);
  std::string older;
  if (more) older = path + "?before=" + Str((*list)[list->size() - kThreadPage].id);  // the oldest shown
  return kit_.Html(page, 200, "thread", "threads.title",
                   {{"case_id", S(Str(*id))},
                    {"heading", S(heading)},
                    {"kind", S(kind_name)},
                    {"path", S(path)},
                    {"messages", MessageList(page, *list, kThreadPage)},
                    {"empty", list->empty()},
                    {"older", S(older)},
                    {"paged", before > 0}});
}

Response CasePages::ThreadPost(Request& req, ThreadKind kind) {
  BEGIN_PAGE(kit_, req);
  if (page.caller.actor.IsAnonymous()) return kit_.RequireLogin(req);
  auto id = ParseId(req.Param("id"));
  if (!id) return Fail(page, id.error());
  std::int64_t party = 0;
  if (kind != ThreadKind::kCase) {
    auto p = ParseId(req.Param("pid"));
    if (!p) return Fail(page, p.error());
    party = *p;
  }
  auto thread_path = [&](std::int64_t p) {
    return CasePath(*id) + "/threads/" + std::string(domain::ThreadKindName(kind)) +
           (kind == ThreadKind::kCase ? "" : "/" + Str(p));
  };
  auto m = s_.coordination.Post(page.caller.actor, *id, kind, party, page.Field("body"));
  if (!m) return FormError(page, m.error(), thread_path(party));
  // The app files a vendor's or partner's message in its own thread, whatever the path said.
  return Response::Redirect(thread_path(m->party_id) + "?notice=message_posted#m" + Str(m->id));
}

// --- Registry -----------------------------------------------------------------------

domain::Vendor CasePages::VendorFromForm(const Page& page) const {
  return domain::Vendor{
      .name = page.Field("name"),
      .name_en = page.Field("name_en"),
      .registration = domain::ParseRegistrationType(page.Field("registration"))
                          .value_or(domain::RegistrationType::kIndividual),
      .contact_email = page.Field("contact_email"),
      .phone = page.Field("phone"),
      .public_listing = page.Checked("public_listing"),
      .accepts_direct_reports = page.Checked("accepts_direct_reports"),
      .reporting_contact = page.Field("reporting_contact"),
  };
}

Response CasePages::VendorList(Request& req) {
  BEGIN_PAGE(kit_, req);
  if (page.caller.actor.IsAnonymous()) return kit_.RequireLogin(req);
  auto list = s_.registry.List(page.caller.actor);
  if (!list) return Fail(page, list.error());
  // A registry has hundreds of vendors: the rows are built directly.
  const std::string general = T(page, "vendors.registration.general");
  const std::string individual = T(page, "vendors.registration.individual");
  const std::string unregistered = T(page, "vendors.unregistered");
  const std::string listed = T(page, "vendors.public_listing_short");
  const std::string direct = T(page, "vendors.direct_short");
  std::string rows;
  rows.reserve(list->size() * 400);
  for (const auto& p : *list) {
    const auto& v = p.vendor;
    rows += R"(<tr><td><a href="/vendors/)" + Str(v.id) + R"(">)";
    AppendEscaped(rows, v.name);
    rows += "</a>";
    if (!v.name_en.empty() && v.name_en != v.name) {
      rows += R"(<span class="sub">)";
      AppendEscaped(rows, v.name_en);
      rows += "</span>";
    }
    rows += "</td><td>";
    AppendEscaped(rows, v.registration == domain::RegistrationType::kGeneral ? general : individual);
    if (!v.registered) {
      rows += R"( <span class="badge unregistered">)";
      AppendEscaped(rows, unregistered);
      rows += "</span>";
    }
    rows += "</td><td>";
    if (v.public_listing) {
      rows += R"(<span class="badge ok">)";
      AppendEscaped(rows, listed);
      rows += "</span> ";
    }
    if (v.accepts_direct_reports) {
      rows += R"(<span class="badge ok">)";
      AppendEscaped(rows, direct);
      rows += "</span>";
    }
    if (!v.public_listing && !v.accepts_direct_reports) rows += R"(<span class="muted">—</span>)";
    rows += R"(</td><td class="num">)" + Str(static_cast<std::int64_t>(p.contacts.size())) + "</td><td>";
    for (std::size_t i = 0; i < p.products.size(); ++i) {
      if (i > 0) rows += ", ";
      AppendEscaped(rows, p.products[i].name);
    }
    rows += R"(</td><td class="num">)" + Str(static_cast<std::int64_t>(p.keywords.size())) + "</td></tr>\n";
  }
  return kit_.Html(page, 200, "vendors", "vendors.title",
                   {{"empty", list->empty()},
                    {"staff", IsCoordinator(page.caller.actor)},
                    {"count", S(Str(static_cast<std::int64_t>(list->size())))}},
                   {{"vendor_rows", std::move(rows)}});
}

Response CasePages::CreateVendor(Request& req) {
  BEGIN_PAGE(kit_, req);
  if (page.caller.actor.IsAnonymous()) return kit_.RequireLogin(req);
  auto id = s_.registry.Create(page.caller.actor, VendorFromForm(page));
  if (!id) return FormError(page, id.error(), "/vendors#create");
  return Response::Redirect("/vendors/" + Str(*id) + "?notice=vendor_created");
}

Response CasePages::VendorProfile(Request& req) {
  BEGIN_PAGE(kit_, req);
  if (page.caller.actor.IsAnonymous()) return kit_.RequireLogin(req);
  auto id = ParseId(req.Param("id"));
  if (!id) return Fail(page, id.error());
  auto p = s_.registry.Profile(page.caller.actor, *id);
  if (!p) return Fail(page, p.error());
  const auto& v = p->vendor;
  mstch::array contacts;
  for (const auto& c : p->contacts) {
    contacts.push_back(mstch::map{{"contact_id", S(Str(c.id))},
                                  {"name", S(c.name)},
                                  {"email", S(c.email)},
                                  {"phone", S(c.phone)},
                                  {"primary", c.is_primary},
                                  {"fingerprint", S(c.pgp_fingerprint)}});
  }
  mstch::array products;
  for (const auto& prod : p->products) {
    products.push_back(mstch::map{{"product_id", S(Str(prod.id))},
                                  {"name", S(prod.name)},
                                  {"cpe", S(prod.cpe)},
                                  {"purl", S(prod.purl)}});
  }
  return kit_.Html(
      page, 200, "vendor", "vendors.profile_title",
      {{"vendor_id", S(Str(v.id))},
       {"name", S(v.name)},
       {"name_en", S(v.name_en)},
       {"reg_general", v.registration == domain::RegistrationType::kGeneral},
       {"reg_individual", v.registration == domain::RegistrationType::kIndividual},
       {"registration",
        S(T(page, "vendors.registration." + std::string(domain::RegistrationTypeName(v.registration))))},
       {"unregistered", !v.registered},
       {"contact_email", S(v.contact_email)},
       {"phone", S(v.phone)},
       {"public_listing", v.public_listing},
       {"direct", v.accepts_direct_reports},
       {"reporting_contact", S(v.reporting_contact)},
       {"created", When(v.created_at)},
       {"contacts", std::move(contacts)},
       {"no_contacts", p->contacts.empty()},
       {"products", std::move(products)},
       {"no_products", p->products.empty()},
       {"keywords", S(Join(p->keywords, ", "))},
       {"staff", IsCoordinator(page.caller.actor)}});
}

Response CasePages::Developers(Request& req) {
  BEGIN_PAGE(kit_, req);
  auto list = s_.registry.PublicList();
  if (!list) return Fail(page, list.error());
  // A public page that lists every consenting developer: rows built directly.
  const std::string via_coordinator = T(page, "developers.via_coordinator");
  std::string rows;
  rows.reserve(list->size() * 200);
  for (const auto& v : *list) {
    rows += "<tr><td>";
    AppendEscaped(rows, v.name);
    rows += "</td><td>";
    if (v.name_en != v.name) AppendEscaped(rows, v.name_en);
    rows += "</td><td>";
    if (v.reporting_contact.empty()) {
      rows += R"(<span class="muted">)";
      AppendEscaped(rows, via_coordinator);
      rows += "</span>";
    } else {
      rows += R"(<span class="pre">)";
      AppendEscaped(rows, v.reporting_contact);
      rows += "</span>";
    }
    rows += "</td></tr>\n";
  }
  return kit_.Html(page, 200, "public_vendors", "developers.title", {{"empty", list->empty()}},
                   {{"developer_rows", std::move(rows)}});
}

Response CasePages::LogInAndGo(const Request& req, const std::string& email, const std::string& password,
                               const std::string& location) {
  auto login = s_.accounts.Login(email, password, req.remote_address);
  if (!login) return Response::Redirect("/login?next=" + http::PercentEncode(location));
  Response r = Response::Redirect(location);
  r.Set("Set-Cookie", http::SessionCookie(login->session_token, s_.ctx.config.secure_cookies,
                                          static_cast<long>(s_.ctx.config.session_ttl.count())));
  return r;
}

Response CasePages::InviteForm(Request& req) {
  BEGIN_PAGE(kit_, req);
  return kit_.Html(page, 200, "invite", "invite.title", {{"token", S(std::string(req.Param("token")))}});
}

// An unregistered developer registers individually (G2-3) and is logged in.
Response CasePages::InvitePost(Request& req) {
  BEGIN_PAGE(kit_, req);
  const std::string token(req.Param("token"));
  auto user = s_.registry.AcceptInvite(token, page.Field("contact_name"), page.Field("email"),
                                       page.Field("password"));
  if (!user) {
    return kit_.Html(page, http::HttpStatus(user.error().code), "invite", "invite.title",
                     {{"token", S(token)},
                      {"error", S(kit_.ErrorText(page, user.error()))},
                      {"contact_name", S(page.Field("contact_name"))},
                      {"email", S(page.Field("email"))}});
  }
  return LogInAndGo(req, page.Field("email"), page.Field("password"), "/cases?notice=registered");
}

Response CasePages::JoinForm(Request& req) {
  BEGIN_PAGE(kit_, req);
  return kit_.Html(page, 200, "partner_join", "partner_join.title",
                   {{"identifier", S(std::string(req.Query("identifier")))}});
}

// Secondary distribution (G8-2): the case identifier plus the contact the
// vendor submitted admit the partner to that one case.
Response CasePages::JoinPost(Request& req) {
  BEGIN_PAGE(kit_, req);
  const std::string identifier = page.Field("identifier");
  auto user = s_.coordination.JoinAsPartner(identifier, page.Field("email"), page.Field("display_name"),
                                            page.Field("password"));
  if (!user) {
    // One answer for an unknown case and an unknown contact: nothing leaks.
    const bool denied = user.error().code == ErrorCode::kUnauthenticated;
    return kit_.Html(page, denied ? 403 : http::HttpStatus(user.error().code), "partner_join",
                     "partner_join.title",
                     {{"error", S(denied ? T(page, "partner_join.no_match") : kit_.ErrorText(page, user.error()))},
                      {"identifier", S(identifier)},
                      {"email", S(page.Field("email"))},
                      {"display_name", S(page.Field("display_name"))}});
  }
  auto id = s_.coordination.FindCaseId(identifier);
  const std::string location = id ? CasePath(*id) + "?notice=partner_joined" : std::string("/cases");
  return LogInAndGo(req, page.Field("email"), page.Field("password"), location);
}

// --- Routes -------------------------------------------------------------------------

void CasePages::Routes(const std::shared_ptr<CasePages>& self, http::Router& r) {
  auto bind = [self](Response (CasePages::*fn)(Request&)) {
    return [self, fn](Request& req) { return ((*self).*fn)(req); };
  };
  // A coordination form of case :id whose action needs only the page and the case.
  auto form = [self](const char* notice, const char* anchor, CaseAct act) {
    return [self, notice, anchor, act = std::move(act)](Request& req) {
      return self->CaseForm(req, notice, anchor, act);
    };
  };
  auto vendor_form = [self](const char* notice, const char* anchor, VendorAct act) {
    return [self, notice, anchor, act = std::move(act)](Request& req) {
      return self->VendorForm(req, notice, anchor, act);
    };
  };
  app::Coordination& co = s_.coordination;
  app::Registry& reg = s_.registry;

  r.Add("GET", "/cases", bind(&CasePages::CaseList));
  r.Add("GET", "/cases/:id", bind(&CasePages::ShowCase));

  // Coordinator forms (§4).
  r.Add("POST", "/cases/:id/info", form("case_info_saved", "info", [&co](Page& p, CaseId id) {
          return co.UpdateInfo(p.caller.actor, id,
                               {.overview = p.Field("overview"),
                                .details = p.Field("details"),
                                .product_ids = p.Field("product_ids"),
                                .keywords = p.Field("keywords")});
        }));
  r.Add("POST", "/cases/:id/assign",
        form("coordinator_assigned", "manage", [&co](Page& p, CaseId id) -> Status {
          auto uid = ParseInt(p.Field("user_id"));
          if (!uid || *uid <= 0) return Error::Invalid("user_id", "user_id must be a number");
          return co.AssignCoordinator(p.caller.actor, id, *uid);
        }));
  r.Add("POST", "/cases/:id/vendors", form("vendor_added", "vendors", [&co](Page& p, CaseId id) -> Status {
          auto vid = ParseInt(p.Field("vendor_id"));
          auto tier = ParseInt(p.Field("tier").empty() ? "0" : p.Field("tier"));
          if (!vid || *vid <= 0) return Error::Invalid("vendor_id", "choose a vendor");
          if (!tier) return Error::Invalid("tier", "tier must be a number from 0 to 9");
          return co.AddVendor(p.caller.actor, id, *vid, p.Checked("obvious"), static_cast<int>(*tier));
        }));
  r.Add("POST", "/cases/:id/vendors/unregistered", bind(&CasePages::AddUnregistered));
  r.Add("GET", "/cases/:id/vendors/:vid", bind(&CasePages::CaseVendor));
  r.Add("POST", "/cases/:id/vendors/:vid/overview", [self, &co](Request& req) {
    return self->CaseVendorForm(req, "overview_sent", [&co](Page& p, CaseId id, std::int64_t vid) {
      return co.SendOverview(p.caller.actor, id, vid);
    });
  });
  r.Add("POST", "/cases/:id/overview", bind(&CasePages::BulkOverview));
  r.Add("POST", "/cases/:id/vendors/:vid/details", [self, &co](Request& req) {
    return self->CaseVendorForm(req, "details_released", [&co](Page& p, CaseId id, std::int64_t vid) {
      return co.ReleaseDetails(p.caller.actor, id, vid);
    });
  });
  r.Add("POST", "/cases/:id/date/propose", form("date_proposed", "date", [&co](Page& p, CaseId id) -> Status {
          auto at = ParseJstLocal(p.Field("publication_at"));
          if (!at)
            return Error::Invalid("publication_at", "give the date and time in JST (YYYY-MM-DDTHH:MM)");
          return co.ProposeDate(p.caller.actor, id, *at, p.Field("note"));
        }));
  r.Add("POST", "/cases/:id/date/agree",
        form("date_agreed", "date", [&co](Page& p, CaseId id) { return co.AgreeDate(p.caller.actor, id); }));
  r.Add("POST", "/cases/:id/date/foreign", form("date_adopted", "date", [&co](Page& p, CaseId id) -> Status {
          auto at = ParseJstLocal(p.Field("publication_at"));
          if (!at)
            return Error::Invalid("publication_at", "give the date and time in JST (YYYY-MM-DDTHH:MM)");
          return co.AdoptForeignDate(p.caller.actor, id, *at, p.Field("foreign_coordinator"));
        }));
  r.Add("POST", "/cases/:id/date/early", form("published_early", "date", [&co](Page& p, CaseId id) -> Status {
          auto at = ParseJstLocal(p.Field("publication_at"));
          if (!at)
            return Error::Invalid("publication_at", "give the date and time in JST (YYYY-MM-DDTHH:MM)");
          return co.PublishEarly(p.caller.actor, id, *at, p.Field("reason"), p.Checked("exploited"));
        }));
  r.Add("POST", "/cases/:id/prereleases", form("prerelease_requested", "requests", [&co](Page& p, CaseId id) {
          return co.RequestCriticalInfraPrerelease(p.caller.actor, id, p.Field("sector"), p.Field("note"));
        }));
  r.Add("POST", "/cases/:id/prereleases/:pid/decide", [self, &co](Request& req) {
    return self->CaseForm(req, "prerelease_decided", "requests", [&co, &req](Page& p, CaseId id) -> Status {
      auto pid = ParseId(req.Param("pid"));
      if (!pid) return pid.error();
      return co.DecidePrerelease(p.caller.actor, id, *pid, p.Field("decision") == "approve", p.Field("note"));
    });
  });
  r.Add("POST", "/cases/:id/proposals/:pid/decide", [self, &co](Request& req) {
    return self->CaseForm(req, "proposal_decided", "requests", [&co, &req](Page& p, CaseId id) -> Status {
      auto pid = ParseId(req.Param("pid"));
      if (!pid) return pid.error();
      const bool approve = p.Field("decision") == "approve";
      std::optional<std::int64_t> vendor;
      if (approve && !p.Field("vendor_id").empty()) {
        auto vid = ParseInt(p.Field("vendor_id"));
        if (!vid || *vid <= 0) return Error::Invalid("vendor_id", "choose a vendor");
        vendor = *vid;
      }
      return co.DecideProposal(p.caller.actor, id, *pid, approve, vendor);
    });
  });
  r.Add("POST", "/cases/:id/flags", form("flag_set", "manage", [&co](Page& p, CaseId id) -> Status {
          const std::string flag = p.Field("flag");
          if (flag.size() != 1) return Error::Invalid("flag", "flag must be P, X or A");
          return co.SetPublicFlag(p.caller.actor, id, flag[0]);
        }));
  r.Add("POST", "/cases/:id/close", form("case_closed", "manage", [&co](Page& p, CaseId id) {
          return co.CloseWithoutPublication(p.caller.actor, id, p.Field("reason"));
        }));

  // Vendor forms (§4.2–§4.9, G6-3, G8-2).
  r.Add("POST", "/cases/:id/answer",
        form("overview_answered", "overview", [&co](Page& p, CaseId id) -> Status {
          auto answer = domain::ParseOverviewAnswer(p.Field("answer"));
          if (!answer) return Error::Invalid("answer", "answer may_be_affected or not_affected");
          return co.AnswerOverview(p.caller.actor, id, *answer);
        }));
  r.Add("POST", "/cases/:id/statement",
        form("statement_filed", "statement", [&co](Page& p, CaseId id) -> Status {
          auto status = domain::ParseVendorStatus(p.Field("status"));
          if (!status) return Error::Invalid("status", "choose one of the five statuses");
          return co.FileStatement(p.caller.actor, id,
                                  {.status = *status,
                                   .statement = p.Field("statement"),
                                   .advisory_url = p.Field("advisory_url"),
                                   .fix_ready = p.Checked("fix_ready"),
                                   .fix_deployed = p.Checked("fix_deployed")});
        }));
  r.Add("POST", "/cases/:id/investigation",
        form("investigation_filed", "investigation", [&co](Page& p, CaseId id) -> Status {
          auto affected = domain::ParseAffected(p.Field("affected"));
          if (!affected) return Error::Invalid("affected", "answer yes, no or unknown");
          return co.FileInvestigation(p.caller.actor, id,
                                      {.affected = *affected,
                                       .workaround_plan = p.Field("workaround_plan"),
                                       .fix_plan = p.Field("fix_plan"),
                                       .schedule = p.Field("schedule"),
                                       .publication_plan = p.Field("publication_plan"),
                                       .other_developers = p.Field("other_developers")});
        }));
  r.Add("POST", "/cases/:id/date/respond", [self, &co](Request& req) {
    return self->CaseForm(req, "date_responded", "date", [&co](Page& p, CaseId id) -> Status {
      return co.RespondDate(p.caller.actor, id, p.Field("response") == "accept", p.Field("comment"));
    });
  });
  r.Add("POST", "/cases/:id/proposals", form("vendor_proposed", "proposals", [&co](Page& p, CaseId id) {
          return co.ProposeVendor(p.caller.actor, id, p.Field("vendor_name"), p.Field("relation"),
                                  p.Field("reason"));
        }));
  r.Add("POST", "/cases/:id/partners", form("partner_submitted", "partners", [&co](Page& p, CaseId id) {
          return co.SubmitPartner(p.caller.actor, id, p.Field("organisation"), p.Field("person"),
                                  p.Field("email"));
        }));
  r.Add("POST", "/cases/:id/prenotification",
        form("prenotification_requested", "prenotification", [&co](Page& p, CaseId id) {
          return co.RequestCustomerPrenotification(p.caller.actor, id, p.Field("note"));
        }));

  // Threads: the case-wide one, one per vendor, one per related organisation.
  for (ThreadKind kind : {ThreadKind::kCase, ThreadKind::kVendor, ThreadKind::kPartner}) {
    const std::string pattern = "/cases/:id/threads/" + std::string(domain::ThreadKindName(kind)) +
                                (kind == ThreadKind::kCase ? "" : "/:pid");
    r.Add("GET", pattern, [self, kind](Request& req) { return self->Thread(req, kind); });
    r.Add("POST", pattern, [self, kind](Request& req) { return self->ThreadPost(req, kind); });
  }

  // The registry (§3). The invitation comes first: "/vendors/invite/…" is not a vendor id.
  r.Add("GET", "/vendors/invite/:token", bind(&CasePages::InviteForm));
  r.Add("POST", "/vendors/invite/:token", bind(&CasePages::InvitePost));
  r.Add("GET", "/vendors", bind(&CasePages::VendorList));
  r.Add("POST", "/vendors", bind(&CasePages::CreateVendor));
  r.Add("GET", "/vendors/:id", bind(&CasePages::VendorProfile));
  r.Add("POST", "/vendors/:id", vendor_form("vendor_saved", "profile", [this](Page& p, std::int64_t id) {
          domain::Vendor v = VendorFromForm(p);
          v.id = id;
          return s_.registry.Update(p.caller.actor, v);
        }));
  r.Add("POST", "/vendors/:id/contacts",
        vendor_form("contact_added", "contacts", [&reg](Page& p, std::int64_t id) {
          auto cid = reg.AddContact(p.caller.actor, {.vendor_id = id,
                                                     .name = p.Field("name"),
                                                     .email = p.Field("email"),
                                                     .phone = p.Field("phone"),
                                                     .is_primary = p.Checked("is_primary"),
                                                     .pgp_key = p.Field("pgp_key")});
          return cid ? Status{} : Status{cid.error()};
        }));
  r.Add("POST", "/vendors/:id/contacts/:cid/delete", [self, &reg](Request& req) {
    return self->VendorForm(req, "contact_removed", "contacts",
                            [&reg, &req](Page& p, std::int64_t id) -> Status {
                              auto cid = ParseId(req.Param("cid"));
                              if (!cid) return cid.error();
                              return reg.RemoveContact(p.caller.actor, id, *cid);
                            });
  });
  r.Add("POST", "/vendors/:id/products",
        vendor_form("product_added", "products", [&reg](Page& p, std::int64_t id) {
          auto pid = reg.AddProduct(
              p.caller.actor,
              {.vendor_id = id, .name = p.Field("name"), .cpe = p.Field("cpe"), .purl = p.Field("purl")});
          return pid ? Status{} : Status{pid.error()};
        }));
  r.Add("POST", "/vendors/:id/products/:pid/delete", [self, &reg](Request& req) {
    return self->VendorForm(req, "product_removed", "products",
                            [&reg, &req](Page& p, std::int64_t id) -> Status {
                              auto pid = ParseId(req.Param("pid"));
                              if (!pid) return pid.error();
                              return reg.RemoveProduct(p.caller.actor, id, *pid);
                            });
  });
  r.Add("POST", "/vendors/:id/keywords",
        vendor_form("keywords_saved", "keywords", [&reg](Page& p, std::int64_t id) {
          return reg.SetKeywords(p.caller.actor, id, SplitKeywords(p.Field("keywords")));
        }));
  r.Add("POST", "/vendors/:id/members",
        vendor_form("member_added", "members", [&reg](Page& p, std::int64_t id) -> Status {
          auto uid = ParseInt(p.Field("user_id"));
          if (!uid || *uid <= 0) return Error::Invalid("user_id", "user_id must be a number");
          return reg.AddMember(p.caller.actor, id, *uid);
        }));
  r.Add("GET", "/developers", bind(&CasePages::Developers));
  r.Add("GET", "/partners/join", bind(&CasePages::JoinForm));
  r.Add("POST", "/partners/join", bind(&CasePages::JoinPost));
}

void CasePages::Register(const std::shared_ptr<CasePages>& self, http::Router& r) {
  self->Routes(self, r);
}

}  // namespace

void RegisterCasePages(http::Router& router, app::Services& services) {
  CasePages::Register(std::make_shared<CasePages>(services), router);
}

}  // namespace cvdhub::web

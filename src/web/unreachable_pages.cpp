#include "web/unreachable_pages.hpp"

#include <cstdio>
#include <functional>
#include <memory>

#include "domain/calendar.hpp"
#include "http/forms.hpp"
#include "web/page_kit.hpp"

namespace cvdhub::web {
namespace {

using domain::Language;
using domain::Timestamp;
using domain::UnreachableStage;
using http::Request;
using http::Response;

std::string Str(std::int64_t n) {
  return std::to_string(n);
}

// A moment in both zones, for `{{#x}}{{jst}} ({{utc}}){{/x}}`; false when unset.
mstch::node When(const std::optional<Timestamp>& t) {
  if (!t) return false;
  return mstch::map{{"jst", S(app::FormatJst(*t))}, {"utc", S(app::FormatIsoUtc(*t))}};
}

mstch::node Day(const std::optional<std::chrono::sys_days>& d) {
  if (!d) return false;
  return S(domain::FormatDate(*d));
}

// A datetime-local value ("2026-12-01T10:00") read as Japan time; nullopt when it is not one.
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

std::string JstLocalValue(Timestamp t) {
  const auto local = t + std::chrono::hours{9};
  const auto day = std::chrono::floor<std::chrono::days>(local);
  const std::chrono::hh_mm_ss hms{local - day};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%sT%02d:%02d", domain::FormatDate(day).c_str(),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()));
  return buf;
}

std::string Remarks(const Page& page, const std::string& ja, const std::string& en) {
  if (page.pc.lang == Language::kEn) return en.empty() ? ja : en;
  return ja.empty() ? en : ja;
}

class UnreachablePages {
 public:
  explicit UnreachablePages(app::Services& s) : s_(s), kit_(s) {}
  void Routes(const std::shared_ptr<UnreachablePages>& self, http::Router& r);

 private:
  using DeveloperAct = std::function<Status(Page&, domain::CaseId, std::int64_t)>;
  using EntryAct = std::function<Status(Page&, std::int64_t)>;

  std::string T(const Page& page, const std::string& key) const { return kit_.T(page, key); }
  std::string F(const Page& page, std::string_view key,
                std::initializer_list<std::pair<std::string_view, std::string_view>> args) const {
    return s_.ctx.catalog.Format(page.pc.lang, key, args);
  }
  Response Fail(Page& page, const Error& e);
  Response FormError(Page& page, const Error& e, const std::string& back);
  Response DeveloperForm(Request& req, const char* notice, const char* anchor, const DeveloperAct& act);
  Response EntryForm(Request& req, const char* notice, const EntryAct& act);

  mstch::array ChannelOptions(const Page& page) const;
  mstch::array AttemptRows(const Page& page, const std::vector<domain::ContactAttempt>& attempts) const;
  mstch::array Reasons(const Page& page, const domain::RuleEvaluation& ev) const;
  mstch::map PublicRow(const Page& page, const app::PublicUnreachable& p) const;
  std::string StageLabel(const Page& page, UnreachableStage s) const {
    return T(page, "unreachable.stage." + std::string(domain::UnreachableStageName(s)));
  }

  Response PublicList(Request& req);
  Response PublicEntry(Request& req);
  Response Developer(Request& req);
  Response Dossiers(Request& req);
  Response Dossier(Request& req);

  app::Services& s_;
  PageKit kit_;
};

Response UnreachablePages::Fail(Page& page, const Error& e) {
  if (e.code == ErrorCode::kNotFound)
    return kit_.ErrorPage(page, Error::NotFound(T(page, "error.not_found")));
  return kit_.ErrorPage(page, e);
}

Response UnreachablePages::FormError(Page& page, const Error& e, const std::string& back) {
  if (e.code == ErrorCode::kUnauthenticated || e.code == ErrorCode::kInternal ||
      e.code == ErrorCode::kNotFound) {
    return Fail(page, e);
  }
  return kit_.Html(page, http::HttpStatus(e.code), "form_error", "form_error.title",
                   {{"message", S(kit_.ErrorText(page, e))}, {"field", S(e.field)}, {"back", S(back)}});
}

Response UnreachablePages::DeveloperForm(Request& req, const char* notice, const char* anchor,
                                         const DeveloperAct& act) {
  BEGIN_PAGE(kit_, req);
  if (page.caller.actor.IsAnonymous()) return kit_.RequireLogin(req);
  auto id = ParseId(req.Param("id"));
  auto vid = ParseId(req.Param("vid"));
  if (!id || !vid) return Fail(page, Error::NotFound());
  const std::string path = "/cases/" + Str(*id) + "/vendors/" + Str(*vid) + "/contacts";
  if (auto st = act(page, *id, *vid); !st) return FormError(page, st.error(), path + "#" + anchor);
  return Response::Redirect(path + "?notice=" + notice + "#" + anchor);
}

Response UnreachablePages::EntryForm(Request& req, const char* notice, const EntryAct& act) {
  BEGIN_PAGE(kit_, req);
  if (page.caller.actor.IsAnonymous()) return kit_.RequireLogin(req);
  auto eid = ParseId(req.Param("eid"));
  if (!eid) return Fail(page, Error::NotFound());
  const std::string path = "/committee/" + Str(*eid);
  if (auto st = act(page, *eid); !st) return FormError(page, st.error(), path);
  return Response::Redirect(path + "?notice=" + notice);
}

mstch::array UnreachablePages::ChannelOptions(const Page& page) const {
  mstch::array out;
  for (auto c : domain::AllContactChannels()) {
    const std::string name(domain::ContactChannelName(c));
    out.push_back(mstch::map{{"value", S(name)}, {"label", S(T(page, "unreachable.channel." + name))}});
  }
  return out;
}

mstch::array UnreachablePages::AttemptRows(const Page& page,
                                           const std::vector<domain::ContactAttempt>& attempts) const {
  mstch::array rows;
  for (const auto& a : attempts) {
    const std::string channel(domain::ContactChannelName(a.channel));
    const std::string outcome(domain::ContactOutcomeName(a.outcome));
    rows.push_back(mstch::map{
        {"jst", S(app::FormatJst(a.at))},
        {"utc", S(app::FormatIsoUtc(a.at))},
        {"channel", S(channel)},
        {"channel_label", S(T(page, "unreachable.channel." + channel))},
        {"recipient", S(a.recipient)},
        {"outcome", S(outcome)},
        {"outcome_label", S(T(page, "unreachable.outcome." + outcome))},
        {"note", S(a.system ? T(page, "unreachable.dev.system_note") + " (" + a.note + ")" : a.note)},
        {"by", S(a.by_name)},
        {"system", a.system}});
  }
  return rows;
}

mstch::array UnreachablePages::Reasons(const Page& page, const domain::RuleEvaluation& ev) const {
  auto names = [&](const std::vector<domain::ContactChannel>& cs) {
    std::string out;
    for (auto c : cs) {
      if (!out.empty()) out += ", ";
      out += T(page, "unreachable.channel." + std::string(domain::ContactChannelName(c)));
    }
    return out.empty() ? std::string("—") : out;
  };
  mstch::array out;
  auto add = [&](const char* rule, bool met, std::string text) {
    out.push_back(mstch::map{{"rule", S(rule)}, {"met", met}, {"text", S(std::move(text))}});
  };
  add("attempts", ev.attempts_met,
      F(page, "unreachable.rule.attempts", {{"n", Str(ev.attempts)}, {"min", Str(ev.attempts_required)}}));
  if (ev.initial_contact) {
    add("period", ev.period_met,
        F(page, "unreachable.rule.period",
          {{"days", Str(ev.days_elapsed)},
           {"date", app::FormatJst(*ev.initial_contact)},
           {"min", Str(ev.period_required.count())},
           {"ends", app::FormatJst(*ev.period_ends)}}));
  } else {
    add("period", false, T(page, "unreachable.rule.period_none"));
  }
  add("channels", ev.channels_met,
      F(page, "unreachable.rule.channels",
        {{"n", Str(static_cast<std::int64_t>(ev.channels_tried.size()))},
         {"list", names(ev.channels_tried)},
         {"min", Str(ev.channels_required)}}));
  if (ev.required_met) {
    add("required", true, T(page, "unreachable.rule.required_met"));
  } else {
    add("required", false,
        F(page, "unreachable.rule.required_missing", {{"list", names(ev.required_missing)}}));
  }
  if (ev.last_answer) {
    add("last_answer", true,
        F(page, "unreachable.rule.last_answer", {{"date", app::FormatJst(*ev.last_answer)}}));
  }
  return out;
}

mstch::map UnreachablePages::PublicRow(const Page& page, const app::PublicUnreachable& p) const {
  mstch::map row{{"did", S(p.did)},
                 {"slug", S(p.slug)},
                 {"name", S(p.name.empty() ? "-" : p.name)},
                 {"url", p.related_url.empty() ? mstch::node(false) : S(p.related_url)},
                 {"added", S(domain::FormatDate(p.added))},
                 {"product_date", Day(p.product_date)},
                 {"deadline", Day(p.deadline)},
                 {"remarks", S(Remarks(page, p.remarks_ja, p.remarks_en))},
                 {"stage", S(p.stage)},
                 {"resolved_on", Day(p.resolved)},
                 {"published_on", Day(p.published)},
                 {"advisory", p.advisory_identifier.empty() ? mstch::node(false) : S(p.advisory_identifier)},
                 {"advisory_slug", S(http::PercentEncode(p.advisory_identifier))}};
  return row;
}

// --- Public -----------------------------------------------------------------------------

Response UnreachablePages::PublicList(Request& req) {
  BEGIN_PAGE(kit_, req);
  auto list = s_.unreachable.PublicList();
  if (!list) return Fail(page, list.error());
  mstch::array rows, resolved;
  for (const auto& p : list->listed) rows.push_back(PublicRow(page, p));
  for (const auto& p : list->resolved) resolved.push_back(PublicRow(page, p));
  return kit_.Html(page, 200, "unreachable_list", "unreachable.title",
                   {{"rows", std::move(rows)},
                    {"count", S(Str(static_cast<std::int64_t>(list->listed.size())))},
                    {"empty", list->listed.empty()},
                    {"resolved", std::move(resolved)},
                    {"any_resolved", !list->resolved.empty()},
                    {"contact_text", S(F(page, "unreachable.contact_text",
                                         {{"address", s_.unreachable.ContactAddress()}}))}});
}

Response UnreachablePages::PublicEntry(Request& req) {
  BEGIN_PAGE(kit_, req);
  auto did = domain::DidFromSlug(req.Param("slug"));
  if (!did) return Fail(page, Error::NotFound());
  auto p = s_.unreachable.PublicEntry(*did);
  if (!p) return Fail(page, p.error());
  mstch::map ctx = PublicRow(page, *p);
  const auto& notice = page.pc.lang == Language::kEn ? p->notice_en : p->notice_ja;
  if (notice) {
    mstch::array paragraphs;
    for (const auto& text : notice->paragraphs) paragraphs.push_back(mstch::map{{"text", S(text)}});
    ctx["notice"] =
        mstch::map{{"title", S(notice->title)},
                   {"paragraphs", std::move(paragraphs)},
                   {"contact", S(notice->contact)},
                   {"published", S(notice->published)},
                   {"updated", notice->updated.empty() ? mstch::node(false) : S(notice->updated)},
                   {"closing", notice->closing.empty() ? mstch::node(false) : S(notice->closing)}};
  } else {
    ctx["notice"] = false;
  }
  ctx["contact_text"] =
      S(F(page, "unreachable.contact_text", {{"address", s_.unreachable.ContactAddress()}}));
  return kit_.Html(page, 200, "unreachable_entry", "unreachable.entry_title", std::move(ctx));
}

// --- The coordinator's page of one developer ----------------------------------------------

Response UnreachablePages::Developer(Request& req) {
  BEGIN_PAGE(kit_, req);
  if (page.caller.actor.IsAnonymous()) return kit_.RequireLogin(req);
  auto id = ParseId(req.Param("id"));
  auto vid = ParseId(req.Param("vid"));
  if (!id || !vid) return Fail(page, Error::NotFound());
  auto v = s_.unreachable.Developer(page.caller.actor, *id, *vid);
  if (!v) return Fail(page, v.error());
  const auto now = s_.ctx.clock.Now();

  mstch::array contacts;
  for (const auto& c : v->contacts) {
    contacts.push_back(mstch::map{{"name", S(c.name)}, {"email", S(c.email)}, {"phone", S(c.phone)}});
  }
  mstch::array outcomes;
  for (auto o : {domain::ContactOutcome::kNoAnswer, domain::ContactOutcome::kBounced,
                 domain::ContactOutcome::kNoContact, domain::ContactOutcome::kAnswered}) {
    const std::string name(domain::ContactOutcomeName(o));
    outcomes.push_back(mstch::map{{"value", S(name)}, {"label", S(T(page, "unreachable.outcome." + name))}});
  }
  mstch::map ctx{
      {"case_id", S(Str(*id))},
      {"vendor_id", S(Str(*vid))},
      {"identifier", S(v->c.identifier)},
      {"vendor_name", S(v->vendor.vendor_name)},
      {"registered", v->vendor.registered},
      {"registry_email", S(v->registry_email)},
      {"registry_phone", S(v->registry_phone)},
      {"initial_contact", When(v->evaluation.initial_contact)},
      {"last_answer", When(v->evaluation.last_answer)},
      {"contacts", std::move(contacts)},
      {"has_contacts", !v->contacts.empty()},
      {"meets", v->evaluation.Meets() && !v->entry},
      {"listed", v->entry.has_value()},
      {"reasons", Reasons(page, v->evaluation)},
      {"attempts", AttemptRows(page, v->attempts)},
      {"attempt_count", S(Str(static_cast<std::int64_t>(v->attempts.size())))},
      {"no_attempts", v->attempts.empty()},
      {"channels", ChannelOptions(page)},
      {"outcomes", std::move(outcomes)},
      {"now_local", S(JstLocalValue(now))},
      {"published", v->entry && v->entry->stage == UnreachableStage::kPublished},
  };
  if (v->entry) {
    const auto& e = *v->entry;
    const int stage = static_cast<int>(e.stage);
    mstch::array stages;
    auto add = [&](UnreachableStage s, const std::optional<Timestamp>& at, std::string from) {
      stages.push_back(mstch::map{{"label", S(StageLabel(page, s))},
                                  {"at", When(at)},
                                  {"from", from.empty() ? mstch::node(false) : S(std::move(from))},
                                  {"done", at.has_value()},
                                  {"current", e.stage == s}});
    };
    add(UnreachableStage::kListed, e.listed_at, "");
    add(UnreachableStage::kProductPublished, e.product_published_at, domain::FormatDate(v->grace_ends));
    add(UnreachableStage::kDeadlineAdded, e.deadline_added_at,
        e.product_published_at ? domain::FormatDate(v->deadline_from) : "");
    add(UnreachableStage::kSubmitted, e.submitted_at,
        e.contact_deadline ? domain::FormatDate(*e.contact_deadline + std::chrono::days(1)) : "");
    add(UnreachableStage::kDecided, e.decided_at, "");
    add(UnreachableStage::kPublished, e.published_at, "");
    const std::string kind(domain::DeveloperKindName(e.developer_kind));
    const bool open = e.stage != UnreachableStage::kPublished;
    mstch::map entry{
        {"entry_id", S(Str(e.id))},
        {"did", S(e.did)},
        {"slug", S(domain::DidSlug(e.did))},
        {"stage", S(std::string(domain::UnreachableStageName(e.stage)))},
        {"stage_label", S(StageLabel(page, e.stage))},
        {"stages", std::move(stages)},
        {"basis_label",
         S(T(page, "unreachable.basis." + std::string(domain::UnreachableBasisName(e.basis))))},
        {"basis_note", S(e.basis_note)},
        {"public_name", S(e.public_name)},
        {"related_url", S(e.related_url)},
        {"remarks_ja", S(e.remarks_ja)},
        {"remarks_en", S(e.remarks_en)},
        {"product",
         e.product_published_at ? S(e.product_name + " " + e.product_version) : mstch::node(false)},
        {"kind_label", S(T(page, "unreachable.kind." + kind))},
        {"deadline", Day(e.contact_deadline)},
        {"decision_label",
         e.decision
             ? S(T(page, "committee.decision." + std::string(domain::CommitteeDecisionName(*e.decision))))
             : mstch::node(false)},
        {"advisory", e.advisory_identifier.empty() ? mstch::node(false) : S(e.advisory_identifier)},
        {"advisory_slug", S(http::PercentEncode(e.advisory_identifier))},
        {"submitted", stage >= static_cast<int>(UnreachableStage::kSubmitted)},
        {"answer_in_case", When(v->answer_in_case_since_listing)},
        {"can_product", e.stage == UnreachableStage::kListed},
        {"can_deadline", e.stage == UnreachableStage::kProductPublished},
        {"can_submit", e.stage == UnreachableStage::kDeadlineAdded},
        {"can_edit", open},
        {"can_resolve", open},
        {"grace_ends", S(domain::FormatDate(v->grace_ends))},
        {"deadline_from", S(domain::FormatDate(v->deadline_from))},
        {"earliest_deadline", S(domain::FormatDate(v->earliest_deadline))},
        {"report_product", S(e.product_name.empty() ? v->report_product : e.product_name)},
        {"report_version", S(e.product_version.empty() ? v->report_version : e.product_version)},
    };
    ctx["entry"] = std::move(entry);
  } else {
    ctx["entry"] = false;
  }
  mstch::array resolved;
  for (const auto& e : v->resolved) {
    resolved.push_back(
        mstch::map{{"did", S(e.did)},
                   {"slug", S(domain::DidSlug(e.did))},
                   {"jst", S(e.resolved_at ? app::FormatJst(*e.resolved_at) : "")},
                   {"utc", S(e.resolved_at ? app::FormatIsoUtc(*e.resolved_at) : "")},
                   {"from_label", S(e.resolved_from ? StageLabel(page, *e.resolved_from) : "")},
                   {"note", S(e.resolved_note)}});
  }
  ctx["has_resolved"] = !v->resolved.empty();
  ctx["resolved"] = std::move(resolved);
  return kit_.Html(page, 200, "unreachable_developer", "unreachable.dev.title", std::move(ctx));
}

// --- The committee ------------------------------------------------------------------------

Response UnreachablePages::Dossiers(Request& req) {
  BEGIN_PAGE(kit_, req);
  if (page.caller.actor.IsAnonymous()) return kit_.RequireLogin(req);
  auto list = s_.unreachable.Dossiers(page.caller.actor);
  if (!list) return Fail(page, list.error());
  mstch::array rows;
  for (const auto& d : *list) {
    rows.push_back(
        mstch::map{{"entry_id", S(Str(d.entry.id))},
                   {"did", S(d.entry.did)},
                   {"identifier", S(d.identifier)},
                   {"title", S(d.title)},
                   {"vendor_name", S(d.vendor_name)},
                   {"submitted", S(d.entry.submitted_at ? app::FormatJst(*d.entry.submitted_at) : "")},
                   {"submitted_utc", S(d.entry.submitted_at ? app::FormatIsoUtc(*d.entry.submitted_at) : "")},
                   {"stage", S(std::string(domain::UnreachableStageName(d.entry.stage)))},
                   {"stage_label", S(StageLabel(page, d.entry.stage))},
                   {"votes", S(Str(d.votes))}});
  }
  const bool empty = rows.empty();
  return kit_.Html(page, 200, "committee_list", "committee.title",
                   {{"rows", std::move(rows)}, {"empty", empty}});
}

Response UnreachablePages::Dossier(Request& req) {
  BEGIN_PAGE(kit_, req);
  if (page.caller.actor.IsAnonymous()) return kit_.RequireLogin(req);
  auto eid = ParseId(req.Param("eid"));
  if (!eid) return Fail(page, Error::NotFound());
  auto d = s_.unreachable.DossierOf(page.caller.actor, *eid);
  if (!d) return Fail(page, d.error());
  const auto& e = d->entry;
  mstch::array contacts;
  for (const auto& c : d->contacts) {
    contacts.push_back(mstch::map{{"name", S(c.name)}, {"email", S(c.email)}, {"phone", S(c.phone)}});
  }
  mstch::array stages;
  const std::pair<UnreachableStage, std::optional<Timestamp>> marks[] = {
      {UnreachableStage::kListed, e.listed_at},
      {UnreachableStage::kProductPublished, e.product_published_at},
      {UnreachableStage::kDeadlineAdded, e.deadline_added_at},
      {UnreachableStage::kSubmitted, e.submitted_at},
      {UnreachableStage::kDecided, e.decided_at},
      {UnreachableStage::kPublished, e.published_at},
  };
  for (const auto& [s, at] : marks)
    stages.push_back(mstch::map{{"label", S(StageLabel(page, s))}, {"at", When(at)}});
  mstch::array history;
  for (const auto& ev : d->history) {
    std::string detail = ev.field;
    if (!ev.from_value.empty() || !ev.to_value.empty()) {
      if (!detail.empty()) detail += ": ";
      if (!ev.from_value.empty()) detail += ev.from_value + " → ";
      detail += ev.to_value;
    }
    history.push_back(mstch::map{{"jst", S(app::FormatJst(ev.at))},
                                 {"utc", S(app::FormatIsoUtc(ev.at))},
                                 {"who", S(ev.actor_name)},
                                 {"action", S(ev.action)},
                                 {"detail", S(std::move(detail))}});
  }
  mstch::array votes;
  int n_publish = 0, n_no = 0, n_abstain = 0;
  std::string my_vote;
  for (const auto& v : d->votes) {
    const std::string name(domain::CommitteeVoteName(v.vote));
    (v.vote == domain::CommitteeVote::kPublish        ? n_publish
     : v.vote == domain::CommitteeVote::kDoNotPublish ? n_no
                                                      : n_abstain)++;
    if (v.user_id == page.caller.actor.id()) my_vote = T(page, "committee.vote." + name);
    votes.push_back(mstch::map{{"member", S(v.member_name)},
                               {"vote", S(name)},
                               {"vote_label", S(T(page, "committee.vote." + name))},
                               {"comment", S(v.comment)},
                               {"jst", S(app::FormatJst(v.at))},
                               {"utc", S(app::FormatIsoUtc(v.at))}});
  }
  const bool submitted = e.stage == UnreachableStage::kSubmitted;
  const bool decided = e.decision.has_value();
  mstch::map ctx{
      {"entry_id", S(Str(e.id))},
      {"case_id", S(Str(e.case_id))},
      {"vendor_id", S(Str(e.vendor_id))},
      {"did", S(e.did)},
      {"identifier", S(d->c.identifier)},
      {"title", S(d->c.title)},
      {"vendor_name", S(d->vendor_name)},
      {"product", S(d->product_name + " " + d->product_version)},
      {"stage", S(std::string(domain::UnreachableStageName(e.stage)))},
      {"stage_label", S(StageLabel(page, e.stage))},
      {"basis_label", S(T(page, "unreachable.basis." + std::string(domain::UnreachableBasisName(e.basis))))},
      {"basis_note", S(e.basis_note)},
      {"stages", std::move(stages)},
      {"deadline", Day(e.contact_deadline)},
      {"overview", S(d->overview)},
      {"details", S(d->details)},
      {"registry_email", S(d->registry_email)},
      {"registry_phone", S(d->registry_phone)},
      {"contacts", std::move(contacts)},
      {"has_contacts", !d->contacts.empty()},
      {"attempts", AttemptRows(page, d->attempts)},
      {"attempt_count", S(Str(static_cast<std::int64_t>(d->attempts.size())))},
      {"reasons", Reasons(page, d->evaluation)},
      {"history", std::move(history)},
      {"developer_view", e.developer_view.empty() ? mstch::node(false) : S(e.developer_view)},
      {"votes", std::move(votes)},
      {"vote_count", S(Str(static_cast<std::int64_t>(d->votes.size())))},
      {"no_votes", d->votes.empty()},
      {"n_publish", S(Str(n_publish))},
      {"n_no", S(Str(n_no))},
      {"n_abstain", S(Str(n_abstain))},
      {"decided", decided},
      {"decision_label",
       decided ? S(T(page, "committee.decision." + std::string(domain::CommitteeDecisionName(*e.decision))))
               : mstch::node(false)},
      {"decided_jst", S(e.decided_at ? app::FormatJst(*e.decided_at) : "")},
      {"decided_utc", S(e.decided_at ? app::FormatIsoUtc(*e.decided_at) : "")},
      {"decision_note", S(e.decision_note)},
      {"verification_ja", e.verification_ja.empty() ? mstch::node(false) : S(e.verification_ja)},
      {"verification_en", e.verification_en.empty() ? mstch::node(false) : S(e.verification_en)},
      {"advisory", e.advisory_identifier.empty() ? mstch::node(false) : S(e.advisory_identifier)},
      {"advisory_slug", S(http::PercentEncode(e.advisory_identifier))},
      {"viewer_is_coordinator", d->viewer_is_coordinator},
      {"can_vote", d->viewer_is_member && submitted},
      {"my_vote", my_vote.empty() ? mstch::node(false) : S(my_vote)},
      {"can_view", d->viewer_is_coordinator && submitted},
      {"can_decide", d->viewer_is_coordinator && submitted},
      {"can_publish", d->viewer_is_coordinator && e.stage == UnreachableStage::kDecided &&
                          e.decision == domain::CommitteeDecision::kPublish},
  };
  return kit_.Html(page, 200, "committee_dossier", "committee.dossier_title", std::move(ctx));
}

// --- Routes --------------------------------------------------------------------------------

app::ConfirmInput ConfirmFrom(const Page& p) {
  app::ConfirmInput in;
  in.basis = domain::ParseUnreachableBasis(p.Field("basis")).value_or(domain::UnreachableBasis::kNoAnswer);
  in.basis_note = p.Field("basis_note");
  in.public_name = p.Field("public_name");
  in.related_url = p.Field("related_url");
  in.remarks_ja = p.Field("remarks_ja");
  in.remarks_en = p.Field("remarks_en");
  return in;
}

Result<domain::ContactChannel> ChannelFrom(const Page& p) {
  auto c = domain::ParseContactChannel(p.Field("channel"));
  if (!c)
    return Error::Invalid("channel",
                          "channel must be mail, post, phone, fax, bug_tracker, forum or social_media");
  return *c;
}

void UnreachablePages::Routes(const std::shared_ptr<UnreachablePages>& self, http::Router& r) {
  auto bind = [self](Response (UnreachablePages::*fn)(Request&)) {
    return [self, fn](Request& req) { return ((*self).*fn)(req); };
  };
  app::Unreachable& u = s_.unreachable;
  const app::Clock& clock = s_.ctx.clock;
  auto developer_form = [self](const char* notice, const char* anchor, DeveloperAct act) {
    return
        [self, notice, anchor, act](Request& req) { return self->DeveloperForm(req, notice, anchor, act); };
  };
  auto entry_form = [self](const char* notice, EntryAct act) {
    return [self, notice, act](Request& req) { return self->EntryForm(req, notice, act); };
  };

  r.Add("GET", "/unreachable", [](Request&) { return Response::Redirect("/unreachable/"); });
  r.Add("GET", "/unreachable/", bind(&UnreachablePages::PublicList));
  r.Add("GET", "/unreachable/:slug", bind(&UnreachablePages::PublicEntry));

  r.Add("GET", "/cases/:id/vendors/:vid/contacts", bind(&UnreachablePages::Developer));
  r.Add("POST", "/cases/:id/vendors/:vid/contacts",
        developer_form(
            "unreachable_attempt", "attempts", [&u, &clock](Page& p, domain::CaseId id, std::int64_t vid) {
              auto channel = ChannelFrom(p);
              if (!channel) return Status{channel.error()};
              auto outcome = domain::ParseContactOutcome(p.Field("outcome"));
              if (!outcome)
                return Status{
                    Error::Invalid("outcome", "outcome must be no_answer, bounced, no_contact or answered")};
              Timestamp at = clock.Now();
              if (!p.Field("at").empty()) {
                auto parsed = ParseJstLocal(p.Field("at"));
                if (!parsed)
                  return Status{Error::Invalid("at", "the time must be a date and time (Japan time)")};
                at = *parsed;
              }
              auto added = u.RecordAttempt(p.caller.actor, id, vid,
                                           {.channel = *channel,
                                            .at = at,
                                            .recipient = p.Field("recipient"),
                                            .outcome = *outcome,
                                            .note = p.Field("note")});
              return added ? Status{} : Status{added.error()};
            }));
  r.Add("POST", "/cases/:id/vendors/:vid/unreachable",
        developer_form("unreachable_listed", "entry", [&u](Page& p, domain::CaseId id, std::int64_t vid) {
          auto e = u.Confirm(p.caller.actor, id, vid, ConfirmFrom(p));
          return e ? Status{} : Status{e.error()};
        }));
  r.Add("POST", "/cases/:id/vendors/:vid/unreachable/public",
        developer_form("unreachable_saved", "entry", [&u](Page& p, domain::CaseId id, std::int64_t vid) {
          return u.EditPublic(p.caller.actor, id, vid, ConfirmFrom(p));
        }));
  r.Add("POST", "/cases/:id/vendors/:vid/unreachable/product",
        developer_form("unreachable_product", "entry", [&u](Page& p, domain::CaseId id, std::int64_t vid) {
          auto kind = domain::ParseDeveloperKind(p.Field("developer_kind"));
          if (!kind)
            return Status{Error::Invalid("developer_kind", "developer_kind must be company or non_company")};
          return u.PublishProduct(p.caller.actor, id, vid, *kind, p.Field("product_name"),
                                  p.Field("product_version"));
        }));
  r.Add("POST", "/cases/:id/vendors/:vid/unreachable/deadline",
        developer_form("unreachable_deadline", "entry", [&u](Page& p, domain::CaseId id, std::int64_t vid) {
          auto day = domain::ParseDate(p.Field("contact_deadline"), "contact_deadline");
          if (!day) return Status{day.error()};
          return u.AddDeadline(p.caller.actor, id, vid, *day);
        }));
  r.Add("POST", "/cases/:id/vendors/:vid/unreachable/committee",
        developer_form("unreachable_submitted", "entry", [&u](Page& p, domain::CaseId id, std::int64_t vid) {
          return u.Submit(p.caller.actor, id, vid);
        }));
  r.Add("POST", "/cases/:id/vendors/:vid/unreachable/answered",
        developer_form("unreachable_resolved", "entry", [&u](Page& p, domain::CaseId id, std::int64_t vid) {
          auto channel = ChannelFrom(p);
          if (!channel) return Status{channel.error()};
          return u.DeveloperAnswered(p.caller.actor, id, vid, *channel, p.Field("note"));
        }));

  r.Add("GET", "/committee", bind(&UnreachablePages::Dossiers));
  r.Add("GET", "/committee/:eid", bind(&UnreachablePages::Dossier));
  r.Add("POST", "/committee/:eid/votes", entry_form("committee_voted", [&u](Page& p, std::int64_t eid) {
          auto vote = domain::ParseCommitteeVote(p.Field("vote"));
          if (!vote) return Status{Error::Invalid("vote", "vote must be publish, do_not_publish or abstain")};
          return u.Vote(p.caller.actor, eid, *vote, p.Field("comment"));
        }));
  r.Add("POST", "/committee/:eid/view", entry_form("committee_view", [&u](Page& p, std::int64_t eid) {
          return u.RecordDeveloperView(p.caller.actor, eid, p.Field("developer_view"));
        }));
  r.Add("POST", "/committee/:eid/decision", entry_form("committee_decided", [&u](Page& p, std::int64_t eid) {
          auto decision = domain::ParseCommitteeDecision(p.Field("decision"));
          if (!decision)
            return Status{Error::Invalid("decision", "decision must be publish or do_not_publish")};
          return u.Decide(p.caller.actor, eid, *decision, p.Field("note"), p.Field("verification_ja"),
                          p.Field("verification_en"));
        }));
  r.Add("POST", "/committee/:eid/publish", entry_form("committee_published", [&u](Page& p, std::int64_t eid) {
          return u.Publish(p.caller.actor, eid);
        }));
}

}  // namespace

void RegisterUnreachablePages(http::Router& router, app::Services& services) {
  auto pages = std::make_shared<UnreachablePages>(services);
  pages->Routes(pages, router);
}

}  // namespace cvdhub::web

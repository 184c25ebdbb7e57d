#include "app/website.hpp"

#include <algorithm>

#include "app/accounts.hpp"
#include "app/notifications.hpp"
#include "app/reports.hpp"
#include "app/security.hpp"
#include "mail/mime.hpp"
#include "store/website_store.hpp"

namespace cvdhub::app {

using domain::CaseId;
using domain::Role;
using domain::WebsiteCase;

struct Website::Loaded {
  WebsiteCase w;
  bool staff = false;
};

namespace {

std::string Name(const Actor& a) { return a.user ? a.user->display_name : "system"; }

bool IsStaffActor(const Actor& a) {
  return a.user && (a.user->role == Role::kIntakeAnalyst || a.user->role == Role::kLeadCoordinator);
}

// Bilingual text: the operator's contact and the thread are read in either language.
std::string Both(const i18n::Catalog& cat, std::string_view key,
                 std::initializer_list<std::pair<std::string_view, std::string_view>> args) {
  return cat.Format(domain::Language::kJa, key, args) + "\n\n" + cat.Format(domain::Language::kEn, key, args);
}

std::string BothSubject(const i18n::Catalog& cat, std::string_view key) {
  return std::string(cat.Get(domain::Language::kJa, key)) + " / " + std::string(cat.Get(domain::Language::kEn, key));
}

// The text the operator is told when the analyst writes none: what and where,
// how to reproduce, the impact — never who found it.
std::string DefaultDetails(const domain::Report& r) {
  std::string out = r.submission.title + "\n\n" + r.submission.product_url;
  if (!r.submission.reproduction.empty()) out += "\n\n" + r.submission.reproduction;
  if (!r.submission.impact.empty()) out += "\n\n" + r.submission.impact;
  return out;
}

// The most urgent first: overdue, due soon, running (fewest days left first),
// not yet notified, fixed, closed; then newest first.
int Urgency(const WebsiteRow& r) {
  switch (r.clock.state) {
    case domain::ClockState::kOverdue:
      return 0;
    case domain::ClockState::kDueSoon:
      return 1;
    case domain::ClockState::kRunning:
      return 2;
    case domain::ClockState::kNotStarted:
      return 3;
    case domain::ClockState::kStopped:
      return r.stage == domain::WebsiteStage::kClosed ? 5 : 4;
  }
  return 6;
}

}  // namespace

Result<Website::Loaded> Website::Load(store::Tx& tx, const Actor& actor, CaseId id, WebsiteAction action) {
  if (actor.IsAnonymous()) return Error::Unauthenticated();
  auto w = tx.website().FindWebsiteCase(id);
  if (!w) return w.error().code == ErrorCode::kNotFound ? Error::NotFound("case not found") : w.error();
  WebsiteFacts facts;
  if (actor.user->role == Role::kWebsiteOperator) {
    auto member = tx.IsCaseMember(id, actor.id());
    if (!member) return member.error();
    facts.actor_is_operator = *member;
  }
  if (auto st = AuthorizeWebsite(actor, action, facts); !st) return st.error();
  return Loaded{.w = std::move(*w), .staff = IsStaffActor(actor)};
}

Status Website::Save(store::Tx& tx, const Actor& actor, WebsiteCase& w, std::string action, std::string field,
                     std::string from, std::string to) {
  w.case_status = std::string(domain::CaseStatusFor(domain::StageOf(w)));
  if (auto st = tx.website().SaveWebsiteCase(w); !st) return st;
  return tx.AppendEvent({.subject_type = "case", .subject_id = w.case_id, .actor_id = actor.id(),
                         .actor_name = Name(actor), .at = ctx_.clock.Now(), .action = std::move(action),
                         .field = std::move(field), .from_value = std::move(from), .to_value = std::move(to)});
}

Status Website::MailOperator(store::Tx& tx, const WebsiteCase& w, const std::string& kind,
                             const std::string& subject_key, const std::string& body, bool confidential) {
  if (w.contact.email.empty()) return {};
  return app::Notify(tx, ctx_,
                     {.kind = kind,
                      .to_email = w.contact.email,
                      .to_name = w.contact.name,
                      .subject = BothSubject(ctx_.catalog, subject_key),
                      .body = body,
                      .reference = "case:" + std::to_string(w.case_id) + ":operator",
                      .identifier = w.identifier,
                      .confidential = confidential});
}

Status Website::ThreadNote(store::Tx& tx, const Actor& actor, const WebsiteCase& w, std::string body,
                           bool on_behalf) {
  auto id = tx.website().InsertWebsiteMessage({.case_id = w.case_id, .author_id = actor.id(),
                                               .author_name = Name(actor),
                                               .author_role = actor.user ? actor.user->role : Role::kIntakeAnalyst,
                                               .on_behalf = on_behalf, .body = std::move(body),
                                               .created_at = ctx_.clock.Now()});
  if (!id) return id.error();
  return {};
}

Status Website::TellFinder(store::Tx& tx, const Actor& actor, const WebsiteCase& w, const std::string& key,
                           std::string_view arg_name, std::string_view arg_value) {
  auto r = tx.FindReport(w.report_id);
  if (!r) return r.error();
  const auto lang = r->submission.language;
  std::string body = ctx_.catalog.Format(
      lang, key, {{"intake_number", r->intake_number}, {"identifier", w.identifier}, {arg_name, arg_value}});
  auto mid = tx.InsertMessage({.report_id = r->id, .author_id = actor.id(), .author_name = Name(actor),
                               .author_role = actor.user ? actor.user->role : Role::kIntakeAnalyst,
                               .body = body, .created_at = ctx_.clock.Now()});
  if (!mid) return mid.error();
  if (auto st = tx.AppendEvent({.subject_type = "report", .subject_id = r->id, .actor_id = actor.id(),
                                .actor_name = Name(actor), .at = ctx_.clock.Now(), .action = "report.message"});
      !st) {
    return st;
  }
  // The same words by mail, in the finder's language (as triage tells the finder).
  std::string to_email;
  if (r->finder_user_id != 0) {
    auto u = tx.FindUser(r->finder_user_id);
    if (!u) return u.error();
    to_email = u->user.email;
  } else if (mail::IsValidAddress(r->submission.finder_contact)) {
    to_email = r->submission.finder_contact;
  }
  if (to_email.empty()) return {};
  return app::Notify(tx, ctx_,
                     {.kind = "website.finder",
                      .to_email = to_email,
                      .to_name = r->submission.finder_name,
                      .language = lang,
                      .subject = std::string(ctx_.catalog.Get(lang, "website.mail.subject.finder")),
                      .body = std::move(body),
                      .reference = "report:" + std::to_string(r->id),
                      .identifier = r->intake_number});
}

// --- Reading ---------------------------------------------------------------------

Result<std::vector<WebsiteRow>> Website::List(const Actor& actor) {
  if (auto st = AuthorizeWebsite(actor, WebsiteAction::kList, {}); !st) return st.error();
  const bool staff = IsStaffActor(actor);
  std::vector<WebsiteCase> cases;
  auto st = ctx_.store.Read([&](store::Tx& tx) -> Status {
    if (staff) {
      auto all = tx.website().ListWebsiteCases();
      if (!all) return all.error();
      cases = std::move(*all);
      return {};
    }
    auto ids = tx.website().CasesOfOperator(actor.id());
    if (!ids) return ids.error();
    for (auto id : *ids) {
      auto w = tx.website().FindWebsiteCase(id);
      if (!w) return w.error();
      cases.push_back(std::move(*w));
    }
    return {};
  });
  if (!st) return st.error();
  const auto today = JstDate(ctx_.clock.Now());
  std::vector<WebsiteRow> rows;
  rows.reserve(cases.size());
  for (auto& w : cases) {
    const auto stage = domain::StageOf(w);
    const auto clock = domain::ComputeWebsiteClock(w, today, settings());
    rows.push_back(WebsiteRow{.w = std::move(w), .stage = stage, .clock = clock});
  }
  if (staff) {
    std::stable_sort(rows.begin(), rows.end(), [](const WebsiteRow& a, const WebsiteRow& b) {
      const int ua = Urgency(a), ub = Urgency(b);
      if (ua != ub) return ua < ub;
      if (ua <= 2 && a.clock.days_left != b.clock.days_left) return a.clock.days_left < b.clock.days_left;
      return a.w.case_id > b.w.case_id;
    });
  }
  return rows;
}

Result<WebsiteCaseView> Website::View(const Actor& actor, CaseId id) {
  WebsiteCaseView view;
  auto st = ctx_.store.Read([&](store::Tx& tx) -> Status {
    auto l = Load(tx, actor, id, WebsiteAction::kView);
    if (!l) return l.error();
    view.staff = l->staff;
    view.w = std::move(l->w);
    auto messages = tx.website().ListWebsiteMessages(id);
    if (!messages) return messages.error();
    view.messages = std::move(*messages);
    if (view.staff) {
      auto r = tx.FindReport(view.w.report_id);
      if (!r) return r.error();
      view.intake_number = r->intake_number;
      auto events = tx.ListEvents("case", id);
      if (!events) return events.error();
      view.history = std::move(*events);
      auto ops = tx.website().OperatorsOfCase(id);
      if (!ops) return ops.error();
      for (auto uid : *ops) {
        auto u = tx.FindUser(uid);
        if (!u) return u.error();
        view.operator_accounts.push_back(u->user.email);
      }
    } else {
      view.w.invite_token_hash.clear();
    }
    return {};
  });
  if (!st) return st.error();
  view.stage = domain::StageOf(view.w);
  view.clock = domain::ComputeWebsiteClock(view.w, JstDate(ctx_.clock.Now()), settings());
  ctx_.audit.Record({.user_id = actor.id(), .action = "website.read", .subject_type = "case", .subject_id = id,
                     .at = ctx_.clock.Now()});
  return view;
}

// --- The receiving organisation ---------------------------------------------------

Status Website::SetContact(const Actor& actor, CaseId id, const domain::OperatorContact& contact,
                           const std::string& site_name) {
  if (auto st = domain::ValidateOperatorContact(contact); !st) return st;
  if (site_name.size() > domain::kMaxShortField || !domain::IsValidUtf8(site_name)) {
    return Error::Invalid("site_name", "site_name must be valid UTF-8 of at most 300 bytes");
  }
  return ctx_.store.Write([&](store::Tx& tx) -> Status {
    auto l = Load(tx, actor, id, WebsiteAction::kManage);
    if (!l) return l.error();
    if (auto st = domain::CheckCanEditContact(l->w); !st) return st;
    const std::string before = l->w.contact.email.empty() ? l->w.contact.phone : l->w.contact.email;
    l->w.contact = contact;
    l->w.contact.recorded_at = ctx_.clock.Now();
    if (!site_name.empty()) l->w.site_name = site_name;
    const std::string after = contact.email.empty() ? contact.phone : contact.email;
    // Where the contact came from is part of the record (PROCESS §6: published, or found by the analyst).
    return Save(tx, actor, l->w, "website.contact", std::string(domain::ContactSourceName(contact.source)), before,
                after + " (" + contact.source_note + ")");
  });
}

Status Website::Notify(const Actor& actor, CaseId id, domain::NotifyChannel channel, const std::string& details) {
  if (auto st = domain::ValidateWebsiteNote("details", details, false); !st) return st;
  return ctx_.store.Write([&](store::Tx& tx) -> Status {
    auto l = Load(tx, actor, id, WebsiteAction::kManage);
    if (!l) return l.error();
    WebsiteCase& w = l->w;
    if (auto st = domain::CheckCanNotify(w, channel); !st) return st;
    if (details.find_first_not_of(" \t\r\n") == std::string::npos) {
      auto r = tx.FindReport(w.report_id);
      if (!r) return r.error();
      w.details = DefaultDetails(*r);
    } else {
      w.details = details;
    }
    const auto now = ctx_.clock.Now();
    w.notified_at = now;
    w.notify_channel = channel;
    w.fix_due = domain::FixDueDate(now, settings());
    const std::string due = domain::FormatDate(*w.fix_due);
    const std::string notice = Both(ctx_.catalog, "website.msg.notification",
                                    {{"identifier", w.identifier}, {"site", w.site_url}, {"due", due}}) +
                               "\n\n---\n\n" + w.details;
    if (channel == domain::NotifyChannel::kMail) {
      // The details are vulnerability information: encrypted when the operator registered a key.
      if (auto st = MailOperator(tx, w, "website.notification", "website.mail.subject.notification", notice, true);
          !st) {
        return st;
      }
    }
    if (auto st = ThreadNote(tx, actor, w, notice, false); !st) return st;
    return Save(tx, actor, w, "website.notified", std::string(domain::NotifyChannelName(channel)), "",
                "due " + due);
  });
}

Result<OperatorInvitation> Website::InviteOperator(const Actor& actor, CaseId id) {
  OperatorInvitation out;
  auto st = ctx_.store.Write([&](store::Tx& tx) -> Status {
    auto l = Load(tx, actor, id, WebsiteAction::kManage);
    if (!l) return l.error();
    WebsiteCase& w = l->w;
    if (w.closed_at) return Error::Conflict("the case is closed");
    if (w.contact.email.empty()) return Error::Conflict("record the operator's e-mail address first");
    auto existing = tx.FindUserByEmail(w.contact.email);
    const std::string page = "/website/cases/" + std::to_string(id);
    if (existing) {
      // An operator account already exists for this address: admit it to this case as well.
      if (existing->user.role != Role::kWebsiteOperator) {
        return Error::Conflict("this address belongs to an account that is not a website operator's");
      }
      auto member = tx.IsCaseMember(id, existing->user.id);
      if (!member) return member.error();
      if (*member) return Error::Conflict("this operator's account is already admitted to the case");
      if (auto s = tx.AddCaseMember(id, existing->user.id, store::kWebsiteOperatorMember); !s) return s;
      out.admitted = true;
      out.link = ctx_.config.mail.public_url + page;
      const std::string body = Both(ctx_.catalog, "website.msg.admitted", {{"identifier", w.identifier},
                                                                           {"site", w.site_url}, {"link", out.link}});
      if (auto s = MailOperator(tx, w, "website.operator_admitted", "website.mail.subject.admitted", body, false); !s) {
        return s;
      }
      return Save(tx, actor, w, "website.operator_admitted", "account", "", existing->user.email);
    }
    if (existing.error().code != ErrorCode::kNotFound) return existing.error();
    out.token = RandomToken();
    out.link = ctx_.config.mail.public_url + "/website/invite/" + out.token;
    w.invite_token_hash = Sha256Hex(out.token);
    // Only the invited mailbox learns the link: it proves the operator controls the address.
    const std::string body = Both(ctx_.catalog, "website.msg.invite",
                                  {{"identifier", w.identifier}, {"site", w.site_url}, {"link", out.link}});
    if (auto s = MailOperator(tx, w, "website.operator_invited", "website.mail.subject.invite", body, false); !s) {
      return s;
    }
    return Save(tx, actor, w, "website.operator_invited", "email", "", w.contact.email);
  });
  if (!st) return st.error();
  return out;
}

Status Website::Remind(const Actor& actor, CaseId id) {
  return ctx_.store.Write([&](store::Tx& tx) -> Status {
    auto l = Load(tx, actor, id, WebsiteAction::kManage);
    if (!l) return l.error();
    WebsiteCase& w = l->w;
    if (auto st = domain::CheckCanRemind(w); !st) return st;
    const auto clock = domain::ComputeWebsiteClock(w, JstDate(ctx_.clock.Now()), settings());
    const std::string due = domain::FormatDate(*clock.due);
    const std::string days = std::to_string(clock.days_left);
    const std::string body = Both(ctx_.catalog, clock.days_left < 0 ? "website.msg.overdue" : "website.msg.reminder",
                                  {{"identifier", w.identifier}, {"site", w.site_url}, {"due", due},
                                   {"days", clock.days_left < 0 ? std::to_string(-clock.days_left) : days}});
    if (auto st = MailOperator(tx, w, "website.reminder", "website.mail.subject.reminder", body, false); !st) return st;
    if (auto st = ThreadNote(tx, actor, w, body, false); !st) return st;
    w.reminder_sent_at = ctx_.clock.Now();
    return Save(tx, actor, w, "website.reminder", std::string(domain::ClockStateName(clock.state)), "",
                "due " + due);
  });
}

Status Website::ExtendDue(const Actor& actor, CaseId id, std::chrono::sys_days due, const std::string& reason) {
  if (auto st = domain::ValidateWebsiteNote("reason", reason, true); !st) return st;
  return ctx_.store.Write([&](store::Tx& tx) -> Status {
    auto l = Load(tx, actor, id, WebsiteAction::kManage);
    if (!l) return l.error();
    WebsiteCase& w = l->w;
    if (auto st = domain::CheckCanExtend(w, due); !st) return st;
    const std::string before = w.fix_due ? domain::FormatDate(*w.fix_due) : "";
    w.fix_due = due;
    if (auto st = ThreadNote(tx, actor, w,
                             Both(ctx_.catalog, "website.msg.due_changed",
                                  {{"due", domain::FormatDate(due)}, {"reason", reason}}),
                             false);
        !st) {
      return st;
    }
    return Save(tx, actor, w, "website.due_changed", "fix_due", before, domain::FormatDate(due) + " (" + reason + ")");
  });
}

Status Website::Close(const Actor& actor, CaseId id, const std::string& reason) {
  if (auto st = domain::ValidateWebsiteNote("reason", reason, true); !st) return st;
  return ctx_.store.Write([&](store::Tx& tx) -> Status {
    auto l = Load(tx, actor, id, WebsiteAction::kManage);
    if (!l) return l.error();
    WebsiteCase& w = l->w;
    if (auto st = domain::CheckCanClose(w); !st) return st;
    const std::string from(domain::WebsiteStageName(domain::StageOf(w)));
    w.closed_at = ctx_.clock.Now();
    w.close_reason = reason;
    w.invite_token_hash.clear();
    if (!w.finder_told_at) {
      // Handling ended without a fix: the finder is told why (the fix case told it already).
      if (auto st = TellFinder(tx, actor, w, "website.finder.closed", "reason", reason); !st) return st;
      w.finder_told_at = w.closed_at;
    }
    return Save(tx, actor, w, "website.closed", "stage", from, reason);
  });
}

// --- The operator's answers -------------------------------------------------------

Status Website::ReportVerification(const Actor& actor, CaseId id, domain::Verification result,
                                   const std::string& note) {
  if (result == domain::Verification::kNone) {
    return Error::Invalid("result", "result must be confirmed or not_reproduced");
  }
  if (auto st = domain::ValidateWebsiteNote("note", note, false); !st) return st;
  return ctx_.store.Write([&](store::Tx& tx) -> Status {
    auto l = Load(tx, actor, id, WebsiteAction::kOperatorAnswer);
    if (!l) return l.error();
    WebsiteCase& w = l->w;
    if (auto st = domain::CheckCanReportVerification(w); !st) return st;
    const std::string from(domain::VerificationName(w.verification));
    w.verification = result;
    w.verification_note = note;
    w.verified_at = ctx_.clock.Now();
    const std::string result_name(domain::VerificationName(result));
    std::string text = Both(ctx_.catalog, "website.msg.verification_" + result_name, {});
    if (!note.empty()) text += "\n\n" + note;
    if (auto st = ThreadNote(tx, actor, w, text, l->staff); !st) return st;
    return Save(tx, actor, w, l->staff ? "website.verification_recorded" : "website.verification", "verification",
                from, result_name);
  });
}

Status Website::ReportFix(const Actor& actor, CaseId id, const std::string& note) {
  if (auto st = domain::ValidateWebsiteNote("note", note, false); !st) return st;
  return ctx_.store.Write([&](store::Tx& tx) -> Status {
    auto l = Load(tx, actor, id, WebsiteAction::kOperatorAnswer);
    if (!l) return l.error();
    WebsiteCase& w = l->w;
    if (auto st = domain::CheckCanReportFix(w); !st) return st;
    const auto now = ctx_.clock.Now();
    w.fixed_at = now;
    w.fix_note = note;
    if (w.verification == domain::Verification::kNone) {
      // A fix report says the vulnerability was there.
      w.verification = domain::Verification::kConfirmed;
      w.verified_at = now;
    }
    std::string text = Both(ctx_.catalog, "website.msg.fixed", {});
    if (!note.empty()) text += "\n\n" + note;
    if (auto st = ThreadNote(tx, actor, w, text, l->staff); !st) return st;
    // The finder is told after the fix (B); its non-disclosure ends with it.
    const std::string date = domain::FormatDate(JstDate(now));
    if (auto st = TellFinder(tx, actor, w, "website.finder.fixed", "date", date); !st) return st;
    w.finder_told_at = now;
    return Save(tx, actor, w, l->staff ? "website.fix_recorded" : "website.fixed", "fixed_at", "", FormatIsoUtc(now));
  });
}

Status Website::ChoosePublication(const Actor& actor, CaseId id, domain::PublicationChoice choice,
                                  const std::string& url, const std::string& summary) {
  if (auto st = domain::ValidatePublicationChoice(choice, url, summary); !st) return st;
  return ctx_.store.Write([&](store::Tx& tx) -> Status {
    auto l = Load(tx, actor, id, WebsiteAction::kOperatorAnswer);
    if (!l) return l.error();
    WebsiteCase& w = l->w;
    if (auto st = domain::CheckCanChoosePublication(w); !st) return st;
    const std::string from(domain::PublicationChoiceName(w.publication));
    w.publication = choice;
    w.publication_url = url;
    w.publication_summary = summary;
    w.publication_at = ctx_.clock.Now();
    return Save(tx, actor, w, l->staff ? "website.publication_recorded" : "website.publication", "publication", from,
                std::string(domain::PublicationChoiceName(choice)) + (url.empty() ? "" : " " + url));
  });
}

Result<domain::WebsiteMessage> Website::Post(const Actor& actor, CaseId id, const std::string& body, bool on_behalf) {
  if (auto st = domain::ValidateMessageBody(body); !st) return st.error();
  domain::WebsiteMessage m;
  auto st = ctx_.store.Write([&](store::Tx& tx) -> Status {
    auto l = Load(tx, actor, id, WebsiteAction::kOperatorAnswer);
    if (!l) return l.error();
    if (l->w.closed_at) return Error::Conflict("the case is closed");
    const bool behalf = on_behalf && l->staff;
    m = {.case_id = id, .author_id = actor.id(), .author_name = Name(actor), .author_role = actor.user->role,
         .on_behalf = behalf, .body = body, .created_at = ctx_.clock.Now()};
    auto mid = tx.website().InsertWebsiteMessage(m);
    if (!mid) return mid.error();
    m.id = *mid;
    if (l->staff && !behalf) {
      if (auto s = MailOperator(tx, l->w, "website.message", "website.mail.subject.message", body, true); !s) return s;
    }
    return tx.AppendEvent({.subject_type = "case", .subject_id = id, .actor_id = actor.id(), .actor_name = Name(actor),
                           .at = m.created_at, .action = behalf ? "website.message_recorded" : "website.message"});
  });
  if (!st) return st.error();
  return m;
}

// --- The operator's account -------------------------------------------------------

Result<std::string> Website::InvitationSite(const std::string& token) {
  std::string site;
  auto st = ctx_.store.Read([&](store::Tx& tx) -> Status {
    auto id = tx.website().FindWebsiteCaseByInvite(Sha256Hex(token));
    if (!id) return Error::NotFound("this invitation is not valid (any more)");
    auto w = tx.website().FindWebsiteCase(*id);
    if (!w) return w.error();
    site = w->site_url;
    return {};
  });
  if (!st) return st.error();
  return site;
}

Result<domain::User> Website::AcceptInvite(const std::string& token, const std::string& display_name,
                                           const std::string& password, domain::Language language) {
  if (display_name.find_first_not_of(" \t") == std::string::npos || display_name.size() > domain::kMaxShortField ||
      !domain::IsValidUtf8(display_name) || display_name.find_first_of("\r\n") != std::string::npos) {
    return Error::Invalid("display_name", "display_name is required (one line, at most 300 bytes)");
  }
  if (auto s = CheckPasswordPolicy(password); !s) return s.error();
  auto hash = HashPassword(password);
  if (!hash) return hash.error();
  domain::User user{.display_name = display_name, .role = Role::kWebsiteOperator, .language = language};
  auto st = ctx_.store.Write([&](store::Tx& tx) -> Status {
    auto id = tx.website().FindWebsiteCaseByInvite(Sha256Hex(token));
    if (!id) return Error::NotFound("this invitation is not valid (any more)");
    auto w = tx.website().FindWebsiteCase(*id);
    if (!w) return w.error();
    if (w->closed_at) return Error::NotFound("this invitation is not valid (any more)");
    user.email = w->contact.email;
    auto uid = tx.InsertUser(user, *hash);
    if (!uid) {
      if (uid.error().code == ErrorCode::kConflict) {
        return Error{ErrorCode::kConflict, "an account with this email already exists: ask for it to be admitted",
                     "email", {}};
      }
      return uid.error();
    }
    user.id = *uid;
    if (auto s = tx.AddCaseMember(*id, user.id, store::kWebsiteOperatorMember); !s) return s;
    w->invite_token_hash.clear();
    return Save(tx, Actor{user}, *w, "website.operator_joined", "account", "", user.email);
  });
  if (!st) return st.error();
  return user;
}

// --- The finder and the public ----------------------------------------------------

Result<std::optional<FinderNonDisclosure>> Website::NonDisclosureOf(const Actor& actor, domain::ReportId report_id) {
  std::optional<FinderNonDisclosure> out;
  auto st = ctx_.store.Read([&](store::Tx& tx) -> Status {
    auto r = tx.FindReport(report_id);
    if (!r) return r.error().code == ErrorCode::kNotFound ? Error::NotFound("report not found") : r.error();
    auto facts = ReportFactsFor(tx, actor, *r);
    if (!facts) return facts.error();
    if (auto a = Authorize(actor, Action::kViewReport, &*facts); !a) return a;
    if (r->submission.kind != domain::ReportKind::kWebsite || !r->case_id) return {};
    auto w = tx.website().FindWebsiteCase(*r->case_id);
    if (!w) return w.error();
    out = FinderNonDisclosure{.identifier = w->identifier, .period = domain::FinderNonDisclosure(*w),
                              .closed_without_fix = w->closed_at.has_value() && !w->fixed_at.has_value()};
    return {};
  });
  if (!st) return st.error();
  return out;
}

Result<std::vector<WebsiteNotice>> Website::PublicNotices() {
  std::vector<WebsiteNotice> out;
  auto st = ctx_.store.Read([&](store::Tx& tx) -> Status {
    auto all = tx.website().ListWebsiteCases();
    if (!all) return all.error();
    for (const auto& w : *all) {
      if (!domain::IsPubliclyAnnounced(w)) continue;  // the operator's choice, and only after the fix
      out.push_back({.site_name = w.site_name, .site_url = w.site_url, .announcement_url = w.publication_url,
                     .summary = w.publication_summary, .fixed_on = JstDate(*w.fixed_at)});
    }
    return {};
  });
  if (!st) return st.error();
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.fixed_on > b.fixed_on; });
  return out;
}

}  // namespace cvdhub::app

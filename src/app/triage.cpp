#include "app/triage.hpp"

#include "app/notifications.hpp"
#include "app/reports.hpp"
#include "app/security.hpp"
#include "mail/mime.hpp"
#include "util/embedded.hpp"

namespace cvdhub::app {

using domain::Report;
using domain::ReportStatus;

Result<std::vector<QueueItem>> Triage::Queue(const Actor& actor) {
  if (auto st = Authorize(actor, Action::kViewQueue); !st) return st.error();
  std::vector<Report> reports;
  auto st = ctx_.store.Read([&](store::Tx& tx) -> Status {
    auto list = tx.ListReports({.open_only = true});
    if (!list) return list.error();
    reports = std::move(*list);
    return {};
  });
  if (!st) return st.error();
  const auto today = JstDate(ctx_.clock.Now());
  std::vector<QueueItem> items;
  items.reserve(reports.size());
  for (auto& r : reports) {
    QueueItem item{.ack_overdue = domain::IsAckOverdue(r, today)};
    item.business_days_left = today <= r.ack_deadline
                                  ? ctx_.calendar.BusinessDaysBetween(today, r.ack_deadline)
                                  : -ctx_.calendar.BusinessDaysBetween(r.ack_deadline, today);
    item.report = std::move(r);
    items.push_back(std::move(item));
  }
  return items;
}

Result<Report> Triage::LoadForTriage(store::Tx& tx, const Actor& actor, domain::ReportId id) {
  auto r = tx.FindReport(id);
  if (!r) return r.error().code == ErrorCode::kNotFound ? Error::NotFound("report not found") : r.error();
  auto facts = ReportFactsFor(tx, actor, *r);
  if (!facts) return facts.error();
  if (auto st = Authorize(actor, Action::kTriageReport, &*facts); !st) return st.error();
  return r;
}

Status Triage::TellFinder(store::Tx& tx, const Actor& actor, const Report& r, std::string body) {
  auto id = tx.InsertMessage({.report_id = r.id, .author_id = actor.id(),
                              .author_name = actor.user->display_name, .author_role = actor.user->role,
                              .body = body, .created_at = ctx_.clock.Now()});
  if (!id) return id.error();
  // The same words go out by mail, in the finder's language (app/notifications.hpp).
  std::string to_email;
  std::string to_name = r.submission.finder_name;
  if (r.finder_user_id != 0) {
    auto u = tx.FindUser(r.finder_user_id);
    if (!u) return u.error();
    to_email = u->user.email;
  } else if (mail::IsValidAddress(r.submission.finder_contact)) {
    to_email = r.submission.finder_contact;  // a report that came by mail or from the console
  }
  if (to_email.empty()) return {};
  const std::string status(domain::ReportStatusName(r.status));
  const auto lang = r.submission.language;
  return Notify(tx, ctx_,
                {.kind = "report." + status,
                 .to_email = to_email,
                 .to_name = to_name,
                 .language = lang,
                 .subject = std::string(ctx_.catalog.Get(lang, "mail.subject.report_" + status)),
                 .body = std::move(body),
                 .reference = "report:" + std::to_string(r.id),
                 .identifier = r.intake_number});
}

Status Triage::RecordStatus(store::Tx& tx, const Actor& actor, const Report& r, ReportStatus from) {
  if (auto st = tx.UpdateReport(r); !st) return st;
  return tx.AppendEvent({.subject_type = "report", .subject_id = r.id, .actor_id = actor.id(),
                         .actor_name = actor.user->display_name, .at = ctx_.clock.Now(),
                         .action = "report.status", .field = "status",
                         .from_value = std::string(domain::ReportStatusName(from)),
                         .to_value = std::string(domain::ReportStatusName(r.status))});
}

Status Triage::Acknowledge(const Actor& actor, domain::ReportId id, const std::string& note) {
  if (note.size() > domain::kMaxLongField || !domain::IsValidUtf8(note)) {
    return Error::Invalid("note", "note must be valid UTF-8 text of at most 100000 bytes");
  }
  return ctx_.store.Write([&](store::Tx& tx) -> Status {
    auto r = LoadForTriage(tx, actor, id);
    if (!r) return r.error();
    if (auto st = domain::CheckCanAcknowledge(*r); !st) return st;
    const auto from = r->status;
    r->status = ReportStatus::kAcknowledged;
    r->acknowledged_at = ctx_.clock.Now();
    if (auto st = RecordStatus(tx, actor, *r, from); !st) return st;
    const auto lang = r->submission.language;
    std::string body = ctx_.catalog.Format(lang, "finder.msg.acknowledged",
                                           {{"intake_number", r->intake_number}});
    if (!note.empty()) body += "\n\n" + note;
    return TellFinder(tx, actor, *r, std::move(body));
  });
}

Status Triage::SetPriority(const Actor& actor, domain::ReportId id, const domain::PriorityFlags& flags) {
  return ctx_.store.Write([&](store::Tx& tx) -> Status {
    auto r = LoadForTriage(tx, actor, id);
    if (!r) return r.error();
    const domain::PriorityFlags old = r->priority;
    r->priority = flags;
    if (auto st = tx.UpdateReport(*r); !st) return st;
    const struct {
      const char* name;
      bool from, to;
    } changes[] = {
        {"priority.wide_effect_japan", old.wide_effect_japan, flags.wide_effect_japan},
        {"priority.critical_infrastructure", old.critical_infrastructure, flags.critical_infrastructure},
        {"priority.large_user_base", old.large_user_base, flags.large_user_base},
    };
    for (const auto& c : changes) {
      if (c.from == c.to) continue;
      if (auto st = tx.AppendEvent({.subject_type = "report", .subject_id = id, .actor_id = actor.id(),
                                    .actor_name = actor.user->display_name, .at = ctx_.clock.Now(),
                                    .action = "report.priority", .field = c.name,
                                    .from_value = c.from ? "true" : "false",
                                    .to_value = c.to ? "true" : "false"});
          !st) {
        return st;
      }
    }
    return {};
  });
}

Result<domain::Case> Triage::Accept(const Actor& actor, domain::ReportId id, const std::string& note,
                                    std::optional<domain::ReportSource> source) {
  if (note.size() > domain::kMaxLongField || !domain::IsValidUtf8(note)) {
    return Error::Invalid("note", "note must be valid UTF-8 text of at most 100000 bytes");
  }
  domain::Case c;
  auto st = ctx_.store.Write([&](store::Tx& tx) -> Status {
    auto r = LoadForTriage(tx, actor, id);
    if (!r) return r.error();
    if (auto s = domain::CheckCanDecide(*r); !s) return s;
    const auto now = ctx_.clock.Now();
    if (source) r->submission.source = *source;
    c = {.report_id = r->id, .title = r->submission.title, .created_at = now};
    if (r->submission.kind == domain::ReportKind::kSoftware) {
      c.track = domain::CaseTrack::kProduct;
      c.status = "coordinating";
      // Random 8 digits: identifiers do not reveal how many cases exist.
      for (int attempt = 0;; ++attempt) {
        c.identifier = domain::FormatJvnIdentifier(r->submission.source, RandomBelow(100'000'000U));
        auto existing = tx.FindCaseByIdentifier(c.identifier);
        if (!existing && existing.error().code == ErrorCode::kNotFound) break;
        if (!existing) return existing.error();
        if (attempt > 100) return Error::Internal("could not find a free case identifier");
      }
    } else {
      c.track = domain::CaseTrack::kWebsite;
      c.status = "website_track";
      const int year = static_cast<int>(std::chrono::year_month_day(JstDate(now)).year());
      auto seq = tx.NextSequence("website:" + std::to_string(year));
      if (!seq) return seq.error();
      c.identifier = domain::FormatWebsiteIdentifier(year, *seq);
    }
    auto cid = tx.InsertCase(c);
    if (!cid) return cid.error();
    c.id = *cid;
    if (actor.user->role == domain::Role::kLeadCoordinator) {
      if (auto s = tx.AddCaseMember(c.id, actor.id(), "coordinator"); !s) return s;
    }
    const auto from = r->status;
    r->status = ReportStatus::kAccepted;
    r->decided_at = now;
    if (!r->acknowledged_at) r->acknowledged_at = now;  // the decision acknowledges too
    r->decision_note = note;
    r->case_id = c.id;
    r->case_identifier = c.identifier;
    if (auto s = RecordStatus(tx, actor, *r, from); !s) return s;
    if (auto s = tx.AppendEvent({.subject_type = "case", .subject_id = c.id, .actor_id = actor.id(),
                                 .actor_name = actor.user->display_name, .at = now,
                                 .action = "case.created", .field = "report",
                                 .to_value = r->intake_number});
        !s) {
      return s;
    }
    const auto lang = r->submission.language;
    std::string body = ctx_.catalog.Format(
        lang, c.track == domain::CaseTrack::kProduct ? "finder.msg.accepted" : "finder.msg.accepted_website",
        {{"intake_number", r->intake_number}, {"identifier", c.identifier}});
    if (!note.empty()) body += "\n\n" + note;
    return TellFinder(tx, actor, *r, std::move(body));
  });
  if (!st) return st.error();
  return c;
}

Status Triage::Decline(const Actor& actor, domain::ReportId id, domain::DeclineReason reason,
                       const std::string& note) {
  if (note.size() > domain::kMaxLongField || !domain::IsValidUtf8(note)) {
    return Error::Invalid("note", "note must be valid UTF-8 text of at most 100000 bytes");
  }
  return ctx_.store.Write([&](store::Tx& tx) -> Status {
    auto r = LoadForTriage(tx, actor, id);
    if (!r) return r.error();
    if (auto s = domain::CheckCanDecide(*r); !s) return s;
    const auto now = ctx_.clock.Now();
    const auto from = r->status;
    r->status = ReportStatus::kDeclined;
    r->decline_reason = reason;
    r->decided_at = now;
    if (!r->acknowledged_at) r->acknowledged_at = now;
    r->decision_note = note;
    if (auto s = RecordStatus(tx, actor, *r, from); !s) return s;
    const auto lang = r->submission.language;
    const std::string reason_key = "decline." + std::string(domain::DeclineReasonName(reason));
    std::string body = ctx_.catalog.Format(
        lang, "finder.msg.declined",
        {{"intake_number", r->intake_number}, {"reason", ctx_.catalog.Get(lang, reason_key)}});
    if (!note.empty()) body += "\n\n" + note;
    return TellFinder(tx, actor, *r, std::move(body));
  });
}

}  // namespace cvdhub::app

namespace cvdhub::app {

Result<const domain::SsvcDecisionTable*> Triage::SsvcTable(const Actor& actor) const {
  if (auto st = Authorize(actor, Action::kViewQueue); !st) return st.error();
  static const Result<domain::SsvcDecisionTable> kTable = domain::SsvcDecisionTable::Parse(
      embedded::Find(domain::kSsvcCoordinatorTriagePath).value_or(""));
  if (!kTable) return Error::Internal("embedded SSVC table: " + kTable.error().message);
  return &kTable.value();
}

}  // namespace cvdhub::app

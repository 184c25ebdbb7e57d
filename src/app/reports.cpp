#include "app/reports.hpp"

#include <algorithm>
#include <chrono>

#include "app/security.hpp"

namespace cvdhub::app {

using domain::Report;

namespace {

// An accepted software report goes to the coordinators; a website report
// stays with the receiving organisation, which runs the website track (PROCESS §6).
bool HandedToCoordination(const Report& r) {
  return r.case_id.has_value() && r.submission.kind == domain::ReportKind::kSoftware;
}

}  // namespace

Result<Report> RecordReceived(store::Tx& tx, const Context& ctx, Report r, std::int64_t actor_id,
                              const std::string& actor_name) {
  const auto received_jst = JstDate(r.received_at);
  // Acknowledgement within 5 business days of receipt (P-A).
  r.ack_deadline = ctx.calendar.AddBusinessDays(received_jst, ctx.config.ack_business_days);
  const int year = static_cast<int>(std::chrono::year_month_day(received_jst).year());
  auto seq = tx.NextSequence("intake:" + std::to_string(year));
  if (!seq) return seq.error();
  r.intake_number = domain::FormatIntakeNumber(year, *seq);
  auto id = tx.InsertReport(r);
  if (!id) return id.error();
  r.id = *id;
  if (auto e = tx.AppendEvent({.subject_type = "report", .subject_id = r.id, .actor_id = actor_id,
                               .actor_name = actor_name, .at = r.received_at, .action = "report.submitted",
                               .field = "status", .to_value = "received"});
      !e) {
    return e.error();
  }
  return r;
}

Result<ReportFacts> ReportFactsFor(store::Tx& tx, const Actor& actor, const Report& r) {
  ReportFacts f{.finder_user_id = r.finder_user_id, .handed_to_coordination = HandedToCoordination(r)};
  if (r.case_id && !actor.IsAnonymous()) {
    auto member = tx.IsCaseMember(*r.case_id, actor.id());
    if (!member) return member.error();
    f.actor_is_case_member = *member;
  }
  return f;
}

Result<ReportFacts> Reports::FactsFor(store::Tx& tx, const Actor& actor, const Report& r) {
  return ReportFactsFor(tx, actor, r);
}

Status Reports::CheckUpload(const AttachmentUpload& upload) const {
  if (auto st = domain::ValidateAttachmentName(upload.filename); !st) return st;
  if (upload.bytes.size() > ctx_.config.max_attachment) {
    return Error{ErrorCode::kTooLarge,
                 "attachment '" + upload.filename + "' is larger than " +
                     std::to_string(ctx_.config.max_attachment) + " bytes",
                 "attachment", {}};
  }
  if (upload.content_type.size() > 200) return Error::Invalid("content_type", "content type is too long");
  return {};
}

Status Reports::StoreAttachment(store::Tx& tx, const Actor& actor, const Report& r,
                                const AttachmentUpload& upload, domain::Attachment* out) {
  domain::Attachment a{.report_id = r.id,
                       .filename = upload.filename,
                       .content_type = upload.content_type.empty() ? "application/octet-stream"
                                                                   : upload.content_type,
                       .size = static_cast<std::int64_t>(upload.bytes.size()),
                       .sha256 = Sha256Hex(upload.bytes),
                       .created_at = ctx_.clock.Now(),
                       .uploaded_by = actor.id()};
  auto id = tx.InsertAttachment(a, upload.bytes);
  if (!id) return id.error();
  a.id = *id;
  if (out != nullptr) *out = a;
  return tx.AppendEvent({.subject_type = "report", .subject_id = r.id, .actor_id = actor.id(),
                         .actor_name = actor.user ? actor.user->display_name : "system",
                         .at = a.created_at, .action = "report.attachment", .field = a.filename,
                         .to_value = "sha256:" + a.sha256});
}

Result<Report> Reports::Submit(const Actor& actor, domain::ReportSubmission submission,
                               const std::vector<AttachmentUpload>& attachments) {
  if (auto st = Authorize(actor, Action::kSubmitReport); !st) return st.error();
  if (auto st = domain::ValidateSubmission(submission); !st) return st.error();
  for (const auto& a : attachments) {
    if (auto st = CheckUpload(a); !st) return st.error();
  }

  Report r;
  auto st = ctx_.store.Write([&](store::Tx& tx) -> Status {
    auto received = RecordReceived(
        tx, ctx_,
        {.submission = std::move(submission),
         .finder_user_id = actor.user && actor.user->role == domain::Role::kFinder ? actor.id() : 0,
         .received_at = ctx_.clock.Now()},
        actor.id(), actor.user ? actor.user->display_name : "system");
    if (!received) return received.error();
    r = std::move(*received);
    for (const auto& a : attachments) {
      if (auto s = StoreAttachment(tx, actor, r, a, nullptr); !s) return s;
    }
    return {};
  });
  if (!st) return st.error();
  return r;
}

Result<ReportView> Reports::View(const Actor& actor, domain::ReportId id) {
  const std::uint64_t generation = ctx_.store.Generation();
  if (auto hit = views_.Get(std::to_string(id)); hit && hit->generation == generation) {
    // The same policy decision as below, from the cached report; only case
    // membership needs the store, and only for a report handed to a case.
    ReportFacts facts{.finder_user_id = hit->view.report.finder_user_id,
                      .handed_to_coordination = HandedToCoordination(hit->view.report)};
    if (hit->view.report.case_id && !actor.IsAnonymous()) {
      auto st = ctx_.store.Read([&](store::Tx& tx) -> Status {
        auto member = tx.IsCaseMember(*hit->view.report.case_id, actor.id());
        if (!member) return member.error();
        facts.actor_is_case_member = *member;
        return {};
      });
      if (!st) return st.error();
    }
    if (auto a = Authorize(actor, Action::kViewReport, &facts); !a) return a.error();
    ReportView view = hit->view;
    view.ack_overdue = domain::IsAckOverdue(view.report, JstDate(ctx_.clock.Now()));
    ctx_.audit.Record({.user_id = actor.id(), .action = "report.read", .subject_type = "report",
                       .subject_id = id, .at = ctx_.clock.Now()});
    return view;
  }
  ReportView view;
  auto st = ctx_.store.Read([&](store::Tx& tx) -> Status {
    auto r = tx.FindReport(id);
    if (!r) return r.error().code == ErrorCode::kNotFound ? Error::NotFound("report not found") : r.error();
    auto facts = FactsFor(tx, actor, *r);
    if (!facts) return facts.error();
    if (auto a = Authorize(actor, Action::kViewReport, &*facts); !a) return a;
    view.report = std::move(*r);
    auto atts = tx.ListAttachments(id);
    if (!atts) return atts.error();
    view.attachments = std::move(*atts);
    auto msgs = tx.ListMessages(id);
    if (!msgs) return msgs.error();
    view.messages = std::move(*msgs);
    auto events = tx.ListEvents("report", id);
    if (!events) return events.error();
    view.history = std::move(*events);
    return {};
  });
  if (!st) return st.error();
  views_.Put(std::to_string(id), std::make_shared<const CachedView>(CachedView{.generation = generation, .view = view}));
  view.ack_overdue = domain::IsAckOverdue(view.report, JstDate(ctx_.clock.Now()));
  ctx_.audit.Record({.user_id = actor.id(), .action = "report.read", .subject_type = "report",
                     .subject_id = id, .at = ctx_.clock.Now()});
  return view;
}

Result<std::vector<Report>> Reports::ListOwn(const Actor& actor) {
  if (auto st = Authorize(actor, Action::kListOwnReports); !st) return st.error();
  std::vector<Report> out;
  auto st = ctx_.store.Read([&](store::Tx& tx) -> Status {
    auto list = tx.ListReports({.finder_user_id = actor.id()});
    if (!list) return list.error();
    out = std::move(*list);
    return {};
  });
  if (!st) return st.error();
  std::sort(out.begin(), out.end(), [](const Report& a, const Report& b) { return a.id > b.id; });
  return out;
}

Result<domain::Message> Reports::PostMessage(const Actor& actor, domain::ReportId id,
                                             const std::string& body) {
  if (auto st = domain::ValidateMessageBody(body); !st) return st.error();
  domain::Message m;
  auto st = ctx_.store.Write([&](store::Tx& tx) -> Status {
    auto r = tx.FindReport(id);
    if (!r) return r.error().code == ErrorCode::kNotFound ? Error::NotFound("report not found") : r.error();
    auto facts = FactsFor(tx, actor, *r);
    if (!facts) return facts.error();
    if (auto a = Authorize(actor, Action::kPostReportMessage, &*facts); !a) return a;
    m = {.report_id = id, .author_id = actor.id(), .author_name = actor.user->display_name,
         .author_role = actor.user->role, .body = body, .created_at = ctx_.clock.Now()};
    auto mid = tx.InsertMessage(m);
    if (!mid) return mid.error();
    m.id = *mid;
    return tx.AppendEvent({.subject_type = "report", .subject_id = id, .actor_id = actor.id(),
                           .actor_name = m.author_name, .at = m.created_at,
                           .action = "report.message"});
  });
  if (!st) return st.error();
  return m;
}

Result<domain::Attachment> Reports::AddAttachment(const Actor& actor, domain::ReportId id,
                                                  const AttachmentUpload& upload) {
  domain::Attachment out;
  auto st = ctx_.store.Write([&](store::Tx& tx) -> Status {
    auto r = tx.FindReport(id);
    if (!r) return r.error().code == ErrorCode::kNotFound ? Error::NotFound("report not found") : r.error();
    auto facts = FactsFor(tx, actor, *r);
    if (!facts) return facts.error();
    if (auto a = Authorize(actor, Action::kAddAttachment, &*facts); !a) return a;
    if (auto c = CheckUpload(upload); !c) return c;
    return StoreAttachment(tx, actor, *r, upload, &out);
  });
  if (!st) return st.error();
  return out;
}

Result<std::pair<domain::Attachment, std::string>> Reports::DownloadAttachment(
    const Actor& actor, domain::ReportId id, std::int64_t attachment_id) {
  std::pair<domain::Attachment, std::string> out;
  auto st = ctx_.store.Read([&](store::Tx& tx) -> Status {
    auto r = tx.FindReport(id);
    if (!r) return Error::NotFound("report not found");
    auto facts = FactsFor(tx, actor, *r);
    if (!facts) return facts.error();
    if (auto a = Authorize(actor, Action::kViewReport, &*facts); !a) return a;
    auto meta = tx.FindAttachment(attachment_id);
    if (!meta || meta->report_id != id) return Error::NotFound("attachment not found");
    auto bytes = tx.ReadAttachmentBytes(attachment_id);
    if (!bytes) return bytes.error();
    out = {std::move(*meta), std::move(*bytes)};
    return {};
  });
  if (!st) return st.error();
  ctx_.audit.Record({.user_id = actor.id(), .action = "attachment.download",
                     .subject_type = "attachment", .subject_id = attachment_id, .at = ctx_.clock.Now()});
  return out;
}

}  // namespace cvdhub::app

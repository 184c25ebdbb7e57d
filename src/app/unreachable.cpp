#include "app/unreachable.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "app/notifications.hpp"
#include "app/security.hpp"
#include "domain/calendar.hpp"
#include "mail/mime.hpp"

namespace cvdhub::app {

using domain::CaseId;
using domain::Role;
using domain::UnreachableEntry;
using domain::UnreachableStage;

namespace {

std::string Name(const Actor& a) {
  return a.user ? a.user->display_name : "system";
}

Status CheckText(std::string_view field, std::string_view value, std::size_t max, bool required = false) {
  if (required && value.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return Error::Invalid(std::string(field), std::string(field) + " is required");
  }
  if (value.size() > max || !domain::IsValidUtf8(value)) {
    return Error::Invalid(std::string(field), std::string(field) + " must be valid UTF-8 of at most " +
                                                  std::to_string(max) + " bytes");
  }
  return {};
}

constexpr std::size_t kMaxNote = 5000;
constexpr std::size_t kMaxLong = 20000;

}  // namespace

struct Unreachable::CaseAccess {
  domain::Case c;
  domain::CaseVendor vendor;
};

std::string Unreachable::ContactAddress() const {
  return settings_.contact_address.empty() ? ctx_.config.mail.from_address : settings_.contact_address;
}

Result<Unreachable::CaseAccess> Unreachable::LoadCase(store::Tx& tx, const Actor& actor, CaseId id,
                                                      std::int64_t vendor_id) {
  if (actor.IsAnonymous()) return Error::Unauthenticated();
  auto c = tx.FindCase(id);
  if (!c) return c.error().code == ErrorCode::kNotFound ? Error::NotFound("case not found") : c.error();
  if (c->track != domain::CaseTrack::kProduct) return Error::NotFound("case not found");
  auto member = tx.IsCaseMember(id, actor.id());
  if (!member) return member.error();
  if (auto st = AuthorizeCase(actor, CaseAction::kCoordinate, {.actor_is_member = *member}); !st)
    return st.error();
  auto v = tx.coordination().FindCaseVendor(id, vendor_id);
  if (!v) return v.error().code == ErrorCode::kNotFound ? Error::NotFound("vendor not in case") : v.error();
  return CaseAccess{.c = std::move(*c), .vendor = std::move(*v)};
}

Result<domain::CaseVendor> Unreachable::LoadCommitteeEntry(store::Tx& tx, const Actor& actor,
                                                           std::int64_t entry_id, CommitteeAction action,
                                                           UnreachableEntry& entry) {
  if (actor.IsAnonymous()) return Error::Unauthenticated();
  auto e = tx.unreachable().FindEntry(entry_id);
  if (!e) return e.error().code == ErrorCode::kNotFound ? Error::NotFound("dossier not found") : e.error();
  auto member = tx.IsCaseMember(e->case_id, actor.id());
  if (!member) return member.error();
  // Members see a dossier only once it was sent to them (G7-2).
  const CommitteeFacts facts{.actor_is_case_member = *member, .submitted = e->submitted_at.has_value()};
  if (auto st = AuthorizeCommittee(actor, action, facts); !st) return st.error();
  auto v = tx.coordination().FindCaseVendor(e->case_id, e->vendor_id);
  if (!v) return v.error();
  entry = std::move(*e);
  return std::move(*v);
}

Result<std::vector<domain::ContactAttempt>> Unreachable::AttemptsOf(store::Tx& tx, CaseId id,
                                                                    std::int64_t vendor_id) {
  auto recorded = tx.unreachable().ListAttempts(id, vendor_id);
  if (!recorded) return recorded.error();
  std::vector<domain::ContactAttempt> out = std::move(*recorded);
  // The notices the system mailed to the developer are attempts by mail too;
  // a failed or bounced one is a failed attempt (app/notifications.hpp).
  const std::string ref = "case:" + std::to_string(id) + ":vendor:" + std::to_string(vendor_id);
  auto mail = DeliveriesFor(tx, ref);
  if (!mail) return mail.error();
  for (const auto& m : *mail) {
    if (m.reference != ref && !m.reference.starts_with(ref + ":")) continue;
    const bool failed = m.status == "failed" || m.status == "bounced";
    if (!failed && m.status != "sent") continue;  // still queued: not yet an attempt
    domain::ContactAttempt a{
        .case_id = id,
        .vendor_id = vendor_id,
        .channel = domain::ContactChannel::kMail,
        .at = m.sent_at.value_or(m.failed_at.value_or(m.created_at)),
        .recipient = m.to_email,
        .outcome = failed ? domain::ContactOutcome::kBounced : domain::ContactOutcome::kNoAnswer,
        .note = m.kind,
        .by_name = "cvdhub",
        .recorded_at = m.created_at,
        .system = true};
    out.push_back(std::move(a));
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.at < b.at; });
  return out;
}

Status Unreachable::Event(store::Tx& tx, const Actor& actor, CaseId id, std::string action, std::string field,
                          std::string to) {
  return tx.AppendEvent({.subject_type = "case",
                         .subject_id = id,
                         .actor_id = actor.id(),
                         .actor_name = Name(actor),
                         .at = ctx_.clock.Now(),
                         .action = std::move(action),
                         .field = std::move(field),
                         .to_value = std::move(to)});
}

// --- Coordinators ---------------------------------------------------------------------

Result<DeveloperContactView> Unreachable::Developer(const Actor& actor, CaseId id, std::int64_t vendor_id) {
  DeveloperContactView view;
  const auto now = ctx_.clock.Now();
  auto st = ctx_.store.Read([&](store::Tx& tx) -> Status {
    auto access = LoadCase(tx, actor, id, vendor_id);
    if (!access) return access.error();
    view.c = std::move(access->c);
    view.vendor = std::move(access->vendor);
    auto registry = tx.coordination().FindVendor(vendor_id);
    if (!registry) return registry.error();
    view.registry_email = registry->contact_email;
    view.registry_phone = registry->phone;
    auto report = tx.FindReport(view.c.report_id);
    if (!report) return report.error();
    view.report_product = report->submission.product_name;
    view.report_version = report->submission.product_version;
    auto contacts = tx.coordination().ListContacts(vendor_id);
    if (!contacts) return contacts.error();
    view.contacts = std::move(*contacts);
    auto attempts = AttemptsOf(tx, id, vendor_id);
    if (!attempts) return attempts.error();
    view.attempts = std::move(*attempts);
    view.evaluation = domain::EvaluateUnreachable(view.attempts, view.vendor.initial_contact_at,
                                                  view.vendor.last_answer_at, settings_.rules, now);
    auto entries = tx.unreachable().ListEntries(id);
    if (!entries) return entries.error();
    for (auto& e : *entries) {
      if (e.vendor_id != vendor_id) continue;
      if (e.stage == UnreachableStage::kResolved) {
        view.resolved.push_back(std::move(e));
      } else {
        view.entry = std::move(e);
      }
    }
    return {};
  });
  if (!st) return st.error();
  if (view.entry) {
    const auto& e = *view.entry;
    if (view.vendor.last_answer_at && *view.vendor.last_answer_at > e.listed_at) {
      view.answer_in_case_since_listing = view.vendor.last_answer_at;
    }
    view.grace_ends = domain::GraceEnds(e, settings_);
    if (e.product_published_at)
      view.deadline_from = domain::JstDay(*e.product_published_at + settings_.deadline_wait);
  }
  view.earliest_deadline = domain::JstDay(now) + settings_.min_deadline_notice;
  ctx_.audit.Record({.user_id = actor.id(),
                     .action = "unreachable.read",
                     .subject_type = "case",
                     .subject_id = id,
                     .at = now});
  return view;
}

Result<std::int64_t> Unreachable::RecordAttempt(const Actor& actor, CaseId id, std::int64_t vendor_id,
                                                domain::ContactAttempt a) {
  const auto now = ctx_.clock.Now();
  a.case_id = id;
  a.vendor_id = vendor_id;
  a.by_user = actor.id();
  a.by_name = Name(actor);
  a.recorded_at = now;
  a.system = false;
  if (auto s = domain::ValidateContactAttempt(a, now); !s) return s.error();
  std::int64_t inserted = 0;
  auto st = ctx_.store.Write([&](store::Tx& tx) -> Status {
    auto access = LoadCase(tx, actor, id, vendor_id);
    if (!access) return access.error();
    auto aid = tx.unreachable().InsertAttempt(a);
    if (!aid) return aid.error();
    inserted = *aid;
    if (auto s = Event(tx, actor, id, "unreachable.attempt", access->vendor.vendor_name,
                       std::string(domain::ContactChannelName(a.channel)) + ": " +
                           std::string(domain::ContactOutcomeName(a.outcome)));
        !s) {
      return s;
    }
    if (a.outcome != domain::ContactOutcome::kAnswered) return {};
    // An answer at any stage takes the developer back to normal coordination (PROCESS §5).
    auto open = tx.unreachable().FindOpenEntry(id, vendor_id);
    if (!open) return open.error().code == ErrorCode::kNotFound ? Status{} : Status{open.error()};
    if (auto s = domain::CheckResolve(*open); !s) return {};  // already public: the attempt stays on record
    return Resolve(tx, actor, *open, a.note);
  });
  if (!st) return st.error();
  return inserted;
}

Result<UnreachableEntry> Unreachable::Confirm(const Actor& actor, CaseId id, std::int64_t vendor_id,
                                              const ConfirmInput& in) {
  const auto now = ctx_.clock.Now();
  UnreachableEntry e{.case_id = id,
                     .vendor_id = vendor_id,
                     .basis = in.basis,
                     .basis_note = in.basis_note,
                     .stage = UnreachableStage::kListed,
                     .public_name = in.public_name,
                     .related_url = in.related_url,
                     .remarks_ja = in.remarks_ja,
                     .remarks_en = in.remarks_en,
                     .listed_at = now,
                     .created_by = actor.id()};
  if (auto s = CheckText("basis_note", in.basis_note, kMaxNote); !s) return s.error();
  if (auto s = domain::ValidatePublicFields(e); !s) return s.error();
  if (in.basis != domain::UnreachableBasis::kNoAnswer &&
      in.basis_note.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Error::Invalid("basis_note", "say how the developer is unknown or has no means of contact");
  }
  auto st = ctx_.store.Write([&](store::Tx& tx) -> Status {
    auto access = LoadCase(tx, actor, id, vendor_id);
    if (!access) return access.error();
    auto open = tx.unreachable().FindOpenEntry(id, vendor_id);
    if (open) return Error::Conflict("this developer is already on the unreachable-developer list");
    if (open.error().code != ErrorCode::kNotFound) return open.error();
    if (in.basis == domain::UnreachableBasis::kNoAnswer) {
      // The system proposes, the coordinator confirms: only when every rule is met (G2-3).
      auto attempts = AttemptsOf(tx, id, vendor_id);
      if (!attempts) return attempts.error();
      const auto ev = domain::EvaluateUnreachable(*attempts, access->vendor.initial_contact_at,
                                                  access->vendor.last_answer_at, settings_.rules, now);
      if (!ev.Meets()) {
        return Error::Conflict(
            "the rules for \"unreachable\" are not met yet: see the reasons on the developer's page");
      }
    }
    // A random inquiry number, like the advisory identifiers; retried on the rare collision.
    for (int attempt = 0; attempt < 20; ++attempt) {
      e.did = domain::FormatDid(settings_.did_prefix, RandomBelow(100'000'000U));
      auto taken = tx.unreachable().FindEntryByDid(e.did);
      if (taken) continue;
      if (taken.error().code != ErrorCode::kNotFound) return taken.error();
      auto eid = tx.unreachable().InsertEntry(e);
      if (!eid) return eid.error();
      e.id = *eid;
      return Event(tx, actor, id, "unreachable.listed", access->vendor.vendor_name, e.did);
    }
    return Error::Internal("no free inquiry number after 20 tries");
  });
  if (!st) return st.error();
  return e;
}

Status Unreachable::ChangeEntry(
    const Actor& actor, CaseId id, std::int64_t vendor_id, const std::string& action,
    const std::function<Status(store::Tx&, UnreachableEntry&, const domain::CaseVendor&)>& change) {
  return ctx_.store.Write([&](store::Tx& tx) -> Status {
    auto access = LoadCase(tx, actor, id, vendor_id);
    if (!access) return access.error();
    auto e = tx.unreachable().FindOpenEntry(id, vendor_id);
    if (!e) {
      if (e.error().code == ErrorCode::kNotFound) {
        return Error::Conflict("the developer is not on the unreachable-developer list");
      }
      return e.error();
    }
    if (auto s = change(tx, *e, access->vendor); !s) return s;
    if (auto s = tx.unreachable().UpdateEntry(*e); !s) return s;
    return Event(tx, actor, id, action, access->vendor.vendor_name,
                 e->did + " " + std::string(domain::UnreachableStageName(e->stage)));
  });
}

Status Unreachable::EditPublic(const Actor& actor, CaseId id, std::int64_t vendor_id,
                               const ConfirmInput& in) {
  return ChangeEntry(actor, id, vendor_id, "unreachable.public_edited",
                     [&](store::Tx&, UnreachableEntry& e, const domain::CaseVendor&) -> Status {
                       if (e.stage == UnreachableStage::kPublished) {
                         return Error::Conflict("the advisory is published: the entry is final");
                       }
                       e.public_name = in.public_name;
                       e.related_url = in.related_url;
                       e.remarks_ja = in.remarks_ja;
                       e.remarks_en = in.remarks_en;
                       return domain::ValidatePublicFields(e);
                     });
}

Status Unreachable::PublishProduct(const Actor& actor, CaseId id, std::int64_t vendor_id,
                                   domain::DeveloperKind kind, const std::string& product,
                                   const std::string& version) {
  const auto now = ctx_.clock.Now();
  return ChangeEntry(actor, id, vendor_id, "unreachable.product_published",
                     [&](store::Tx&, UnreachableEntry& e, const domain::CaseVendor&) -> Status {
                       if (auto s = domain::CheckPublishProduct(e, kind, product, version, settings_, now);
                           !s) {
                         return s;
                       }
                       e.stage = UnreachableStage::kProductPublished;
                       e.developer_kind = kind;
                       e.product_name = product;
                       e.product_version = version;
                       e.product_published_at = now;
                       return {};
                     });
}

Status Unreachable::AddDeadline(const Actor& actor, CaseId id, std::int64_t vendor_id,
                                std::chrono::sys_days deadline) {
  const auto now = ctx_.clock.Now();
  return ChangeEntry(actor, id, vendor_id, "unreachable.deadline_added",
                     [&](store::Tx&, UnreachableEntry& e, const domain::CaseVendor&) -> Status {
                       if (auto s = domain::CheckAddDeadline(e, deadline, settings_, now); !s) return s;
                       e.stage = UnreachableStage::kDeadlineAdded;
                       e.contact_deadline = deadline;
                       e.deadline_added_at = now;
                       return {};
                     });
}

Status Unreachable::Submit(const Actor& actor, CaseId id, std::int64_t vendor_id) {
  const auto now = ctx_.clock.Now();
  return ChangeEntry(actor, id, vendor_id, "unreachable.submitted",
                     [&](store::Tx& tx, UnreachableEntry& e, const domain::CaseVendor&) -> Status {
                       if (auto s = domain::CheckSubmit(e, now); !s) return s;
                       e.stage = UnreachableStage::kSubmitted;
                       e.submitted_at = now;
                       return MailAboutDossier(tx, e);
                     });
}

Status Unreachable::Resolve(store::Tx& tx, const Actor& actor, UnreachableEntry& e, const std::string& note) {
  const auto now = ctx_.clock.Now();
  e.resolved_from = e.stage;
  e.stage = UnreachableStage::kResolved;
  e.resolved_at = now;
  e.resolved_note = note;
  if (auto s = tx.unreachable().UpdateEntry(e); !s) return s;
  // Back to normal coordination: the developer is no longer silent in the case.
  auto v = tx.coordination().FindCaseVendor(e.case_id, e.vendor_id);
  if (!v) return v.error();
  v->last_answer_at = now;
  v->answer_due.reset();
  if (auto s = tx.coordination().UpdateCaseVendor(*v); !s) return s;
  if (auto s = tx.coordination().BumpCaseVersion(e.case_id); !s) return s;
  return Event(tx, actor, e.case_id, "unreachable.resolved", v->vendor_name,
               e.did + " " + std::string(domain::UnreachableStageName(*e.resolved_from)));
}

Status Unreachable::DeveloperAnswered(const Actor& actor, CaseId id, std::int64_t vendor_id,
                                      domain::ContactChannel channel, const std::string& note) {
  const auto now = ctx_.clock.Now();
  if (auto s = CheckText("note", note, kMaxNote); !s) return s;
  return ctx_.store.Write([&](store::Tx& tx) -> Status {
    auto access = LoadCase(tx, actor, id, vendor_id);
    if (!access) return access.error();
    auto e = tx.unreachable().FindOpenEntry(id, vendor_id);
    if (!e) {
      if (e.error().code == ErrorCode::kNotFound) {
        return Error::Conflict("the developer is not on the unreachable-developer list");
      }
      return e.error();
    }
    if (auto s = domain::CheckResolve(*e); !s) return s;
    // The answer is on record as a contact attempt that was answered.
    auto aid = tx.unreachable().InsertAttempt({.case_id = id,
                                               .vendor_id = vendor_id,
                                               .channel = channel,
                                               .at = now,
                                               .recipient = access->vendor.vendor_name,
                                               .outcome = domain::ContactOutcome::kAnswered,
                                               .note = note,
                                               .by_user = actor.id(),
                                               .by_name = Name(actor),
                                               .recorded_at = now});
    if (!aid) return aid.error();
    return Resolve(tx, actor, *e, note);
  });
}

// --- The committee ----------------------------------------------------------------------

Status Unreachable::MailAboutDossier(store::Tx& tx, const UnreachableEntry& e) {
  const bool decided = e.stage == UnreachableStage::kDecided && e.decision.has_value();
  auto users = tx.ListUsers();
  if (!users) return users.error();
  // A path alone when no public URL is configured: the reader still knows where to look.
  const std::string link = ctx_.config.mail.public_url + "/committee/" + std::to_string(e.id);
  // Submitted: the committee's members. Decided: the coordinators of the case, those who may
  // record and publish (AuthorizeCommittee kDecide); the lead coordinators when none is assigned.
  std::vector<const domain::User*> to;
  for (const auto& u : *users) {
    if (u.disabled) continue;
    if (!decided) {
      if (u.role == Role::kCommittee) to.push_back(&u);
      continue;
    }
    if (u.role != Role::kCoordinator && u.role != Role::kLeadCoordinator) continue;
    auto member = tx.IsCaseMember(e.case_id, u.id);
    if (!member) return member.error();
    if (*member) to.push_back(&u);
  }
  if (decided && to.empty()) {
    for (const auto& u : *users) {
      if (!u.disabled && u.role == Role::kLeadCoordinator) to.push_back(&u);
    }
  }
  for (const domain::User* recipient : to) {
    const domain::User& u = *recipient;
    if (!mail::IsValidAddress(u.email)) {
      spdlog::warn("committee mail: user {} has no deliverable address", u.id);
      continue;
    }
    const auto lang = u.language;
    const std::string decision =
        decided ? std::string(ctx_.catalog.Get(
                      lang, "committee.decision." + std::string(domain::CommitteeDecisionName(*e.decision))))
                : std::string();
    const std::string prefix = decided ? "committee.mail.decided" : "committee.mail.submitted";
    // The dossier itself stays behind the log-in; confidential all the same (never in clear to a key holder).
    if (auto s = Notify(tx, ctx_,
                        {.kind = decided ? "committee.decided" : "committee.submitted",
                         .to_email = u.email,
                         .to_name = u.display_name,
                         .language = lang,
                         .subject = std::string(ctx_.catalog.Get(lang, prefix + "_subject")),
                         .body = ctx_.catalog.Format(lang, prefix + "_body",
                                                     {{"did", e.did}, {"link", link}, {"decision", decision}}),
                         .reference = "committee:" + std::to_string(e.id),
                         .identifier = e.did,
                         .confidential = true});
        !s) {
      return s;
    }
  }
  return {};
}

Result<std::vector<DossierSummary>> Unreachable::Dossiers(const Actor& actor) {
  if (auto st = AuthorizeCommittee(actor, CommitteeAction::kList, {}); !st) return st.error();
  std::vector<DossierSummary> out;
  auto st = ctx_.store.Read([&](store::Tx& tx) -> Status {
    auto entries = tx.unreachable().ListSubmittedEntries();
    if (!entries) return entries.error();
    for (auto& e : *entries) {
      auto member = tx.IsCaseMember(e.case_id, actor.id());
      if (!member) return member.error();
      const CommitteeFacts facts{.actor_is_case_member = *member, .submitted = true};
      if (!AuthorizeCommittee(actor, CommitteeAction::kView, facts)) continue;
      auto c = tx.FindCase(e.case_id);
      if (!c) return c.error();
      auto v = tx.coordination().FindCaseVendor(e.case_id, e.vendor_id);
      if (!v) return v.error();
      auto votes = tx.unreachable().ListVotes(e.id);
      if (!votes) return votes.error();
      out.push_back({.entry = std::move(e),
                     .identifier = c->identifier,
                     .title = c->title,
                     .vendor_name = v->vendor_name,
                     .votes = static_cast<int>(votes->size())});
    }
    return {};
  });
  if (!st) return st.error();
  return out;
}

Result<Dossier> Unreachable::DossierOf(const Actor& actor, std::int64_t entry_id) {
  Dossier d;
  const auto now = ctx_.clock.Now();
  auto st = ctx_.store.Read([&](store::Tx& tx) -> Status {
    auto v = LoadCommitteeEntry(tx, actor, entry_id, CommitteeAction::kView, d.entry);
    if (!v) return v.error();
    d.vendor_name = v->vendor_name;
    auto c = tx.FindCase(d.entry.case_id);
    if (!c) return c.error();
    d.c = std::move(*c);
    auto coord = tx.coordination().FindCoordination(d.entry.case_id);
    if (!coord) return coord.error();
    d.overview = coord->overview;
    d.details = coord->details;
    auto report = tx.FindReport(d.c.report_id);
    if (!report) return report.error();
    // The product as reported; never the finder's identity.
    d.product_name = report->submission.product_name;
    d.product_version = report->submission.product_version;
    auto registry = tx.coordination().FindVendor(d.entry.vendor_id);
    if (!registry) return registry.error();
    d.registry_email = registry->contact_email;
    d.registry_phone = registry->phone;
    auto contacts = tx.coordination().ListContacts(d.entry.vendor_id);
    if (!contacts) return contacts.error();
    d.contacts = std::move(*contacts);
    auto attempts = AttemptsOf(tx, d.entry.case_id, d.entry.vendor_id);
    if (!attempts) return attempts.error();
    d.attempts = std::move(*attempts);
    d.evaluation = domain::EvaluateUnreachable(d.attempts, v->initial_contact_at, v->last_answer_at,
                                               settings_.rules, now);
    auto events = tx.ListEvents("case", d.entry.case_id);
    if (!events) return events.error();
    d.history = std::move(*events);
    auto votes = tx.unreachable().ListVotes(entry_id);
    if (!votes) return votes.error();
    d.votes = std::move(*votes);
    auto member = tx.IsCaseMember(d.entry.case_id, actor.id());
    if (!member) return member.error();
    d.viewer_is_member = actor.user->role == Role::kCommittee;
    d.viewer_is_coordinator = AuthorizeCommittee(actor, CommitteeAction::kDecide,
                                                 {.actor_is_case_member = *member, .submitted = true})
                                  .ok();
    return {};
  });
  if (!st) return st.error();
  ctx_.audit.Record({.user_id = actor.id(),
                     .action = "committee.dossier.read",
                     .subject_type = "case",
                     .subject_id = d.entry.case_id,
                     .at = now});
  return d;
}

Status Unreachable::Vote(const Actor& actor, std::int64_t entry_id, domain::CommitteeVote vote,
                         const std::string& comment) {
  if (auto s = CheckText("comment", comment, kMaxNote); !s) return s;
  return ctx_.store.Write([&](store::Tx& tx) -> Status {
    UnreachableEntry e;
    auto v = LoadCommitteeEntry(tx, actor, entry_id, CommitteeAction::kVote, e);
    if (!v) return v.error();
    if (auto s = domain::CheckVote(e); !s) return s;
    if (auto s = tx.unreachable().UpsertVote({.entry_id = entry_id,
                                              .user_id = actor.id(),
                                              .member_name = Name(actor),
                                              .vote = vote,
                                              .comment = comment,
                                              .at = ctx_.clock.Now()});
        !s) {
      return s;
    }
    return Event(tx, actor, e.case_id, "committee.vote", e.did, std::string(domain::CommitteeVoteName(vote)));
  });
}

Status Unreachable::RecordDeveloperView(const Actor& actor, std::int64_t entry_id, const std::string& view) {
  if (auto s = CheckText("developer_view", view, kMaxLong, true); !s) return s;
  return ctx_.store.Write([&](store::Tx& tx) -> Status {
    UnreachableEntry e;
    auto v = LoadCommitteeEntry(tx, actor, entry_id, CommitteeAction::kDecide, e);
    if (!v) return v.error();
    if (e.stage != UnreachableStage::kSubmitted) {
      return Error::Conflict("the developer's view is recorded while the dossier is before the committee");
    }
    e.developer_view = view;
    if (auto s = tx.unreachable().UpdateEntry(e); !s) return s;
    return Event(tx, actor, e.case_id, "committee.developer_view", e.did, "");
  });
}

Status Unreachable::Decide(const Actor& actor, std::int64_t entry_id, domain::CommitteeDecision decision,
                           const std::string& note, const std::string& verification_ja,
                           const std::string& verification_en) {
  if (auto s = CheckText("note", note, kMaxNote); !s) return s;
  const bool publish = decision == domain::CommitteeDecision::kPublish;
  if (auto s = CheckText("verification_ja", verification_ja, kMaxLong, publish); !s) return s;
  if (auto s = CheckText("verification_en", verification_en, kMaxLong); !s) return s;
  return ctx_.store.Write([&](store::Tx& tx) -> Status {
    UnreachableEntry e;
    auto v = LoadCommitteeEntry(tx, actor, entry_id, CommitteeAction::kDecide, e);
    if (!v) return v.error();
    if (auto s = domain::CheckDecide(e); !s) return s;
    auto votes = tx.unreachable().ListVotes(entry_id);
    if (!votes) return votes.error();
    if (votes->empty()) return Error::Conflict("no committee member has voted yet");
    e.stage = UnreachableStage::kDecided;
    e.decision = decision;
    e.decided_at = ctx_.clock.Now();
    e.decision_note = note;
    e.verification_ja = verification_ja;
    e.verification_en = verification_en;
    if (auto s = tx.unreachable().UpdateEntry(e); !s) return s;
    if (auto s = MailAboutDossier(tx, e); !s) return s;
    return Event(tx, actor, e.case_id, "committee.decision", e.did,
                 std::string(domain::CommitteeDecisionName(decision)));
  });
}

Result<UnreachablePublicationText> Unreachable::PublicationText(const Actor& actor, std::int64_t entry_id) {
  UnreachablePublicationText t;
  UnreachableEntry e;
  auto st = ctx_.store.Read([&](store::Tx& tx) -> Status {
    auto v = LoadCommitteeEntry(tx, actor, entry_id, CommitteeAction::kDecide, e);
    if (!v) return v.error();
    if (auto s = domain::CheckMarkPublished(e); !s) return s;
    t.vendor_name = v->vendor_name;
    return {};
  });
  if (!st) return st.error();
  const auto now = ctx_.clock.Now();
  t.ja = domain::BuildAdvisoryText(e, domain::Language::kJa, now);
  t.en = domain::BuildAdvisoryText(e, domain::Language::kEn, now);
  t.product_name = e.product_name;
  t.product_version = e.product_version;
  return t;
}

Status Unreachable::MarkPublished(const Actor& actor, std::int64_t entry_id,
                                  const std::string& advisory_identifier, Timestamp at) {
  if (auto s = CheckText("advisory_identifier", advisory_identifier, 64, true); !s) return s;
  return ctx_.store.Write([&](store::Tx& tx) -> Status {
    UnreachableEntry e;
    auto v = LoadCommitteeEntry(tx, actor, entry_id, CommitteeAction::kDecide, e);
    if (!v) return v.error();
    if (auto s = domain::CheckMarkPublished(e); !s) return s;
    e.stage = UnreachableStage::kPublished;
    e.published_at = at;
    e.advisory_identifier = advisory_identifier;
    if (auto s = tx.unreachable().UpdateEntry(e); !s) return s;
    return Event(tx, actor, e.case_id, "unreachable.published", e.did, advisory_identifier);
  });
}

Status Unreachable::Publish(const Actor& actor, std::int64_t entry_id) {
  auto text = PublicationText(actor, entry_id);
  if (!text) return text.error();
  if (!publisher_) {
    return Error::Conflict(
        "advisory publication is not available in this build: publish the advisory, then record it");
  }
  UnreachableEntry e;
  auto found = ctx_.store.Read([&](store::Tx& tx) -> Status {
    auto v = LoadCommitteeEntry(tx, actor, entry_id, CommitteeAction::kDecide, e);
    return v ? Status{} : Status{v.error()};
  });
  if (!found) return found;
  auto identifier = publisher_(actor, e.case_id, *text);
  if (!identifier) return identifier.error();
  return MarkPublished(actor, entry_id, *identifier, ctx_.clock.Now());
}

// --- Public -------------------------------------------------------------------------------

PublicUnreachable Unreachable::ToPublic(const UnreachableEntry& e) const {
  // Only what the guideline publishes at the entry's stage; never the case,
  // its identifier, the basis, the committee's work or anything technical.
  PublicUnreachable p;
  p.did = e.did;
  p.slug = domain::DidSlug(e.did);
  p.name = e.public_name;
  p.related_url = e.related_url;
  p.remarks_ja = e.remarks_ja;
  p.remarks_en = e.remarks_en;
  p.added = domain::JstDay(e.listed_at);
  switch (e.stage) {
    case UnreachableStage::kListed:
      p.stage = "listed";
      break;
    case UnreachableStage::kProductPublished:
      p.stage = "product_published";
      break;
    case UnreachableStage::kDeadlineAdded:
    case UnreachableStage::kSubmitted:
    case UnreachableStage::kDecided:
      p.stage = "deadline_added";
      break;
    case UnreachableStage::kPublished:
      p.stage = "published";
      break;
    case UnreachableStage::kResolved:
      p.stage = "resolved";
      break;
  }
  if (e.stage == UnreachableStage::kResolved) {
    p.resolved = domain::JstDay(e.resolved_at.value_or(e.listed_at));
    return p;
  }
  if (domain::ProductPublic(e)) {
    p.product_date = domain::JstDay(*e.product_published_at);
    // The notice is built from a copy that holds nothing but public fields.
    UnreachableEntry pub;
    pub.developer_kind = e.developer_kind;
    pub.product_name = e.product_name;
    pub.product_version = e.product_version;
    pub.product_published_at = e.product_published_at;
    if (e.deadline_added_at && e.contact_deadline) {
      pub.deadline_added_at = e.deadline_added_at;
      pub.contact_deadline = e.contact_deadline;
      p.deadline = e.contact_deadline;
      p.deadline_added = domain::JstDay(*e.deadline_added_at);
    }
    const std::string contact = ContactAddress();
    p.notice_ja = domain::BuildProductNotice(pub, domain::Language::kJa, contact);
    p.notice_en = domain::BuildProductNotice(pub, domain::Language::kEn, contact);
  }
  if (e.stage == UnreachableStage::kPublished && e.published_at) {
    p.published = domain::JstDay(*e.published_at);
    p.advisory_identifier = e.advisory_identifier;
  }
  return p;
}

Result<PublicUnreachableList> Unreachable::PublicList() {
  PublicUnreachableList out;
  auto st = ctx_.store.Read([&](store::Tx& tx) -> Status {
    auto entries = tx.unreachable().ListAllEntries();
    if (!entries) return entries.error();
    for (const auto& e : *entries) {
      (domain::OnPublicList(e) ? out.listed : out.resolved).push_back(ToPublic(e));
    }
    return {};
  });
  if (!st) return st.error();
  return out;
}

Result<PublicUnreachable> Unreachable::PublicEntry(const std::string& did) {
  if (!domain::IsDid(did)) return Error::NotFound("no such entry");
  std::optional<PublicUnreachable> out;
  auto st = ctx_.store.Read([&](store::Tx& tx) -> Status {
    auto e = tx.unreachable().FindEntryByDid(did);
    if (!e) return e.error().code == ErrorCode::kNotFound ? Error::NotFound("no such entry") : e.error();
    out = ToPublic(*e);
    return {};
  });
  if (!st) return st.error();
  return *out;
}

}  // namespace cvdhub::app

#include "app/low_impact.hpp"

#include <cstdio>
#include <cstdlib>

#include "app/notifications.hpp"
#include "domain/coordination.hpp"
#include "domain/stats.hpp"
#include "domain/vultron.hpp"
#include "mail/mime.hpp"
#include "util/embedded.hpp"

namespace cvdhub::app {

using domain::CaseId;
using domain::Role;

namespace {

std::string Name(const Actor& a) { return a.user ? a.user->display_name : "system"; }

// The Vultron tables, as coordination uses them: ending the embargo of a
// closed case goes through the same state machine.
const domain::VultronRules& Rules() {
  static const domain::VultronRules kRules = [] {
    auto r = domain::VultronRules::Parse(embedded::Find(domain::kVultronRmTransitionsPath).value_or(""),
                                         embedded::Find(domain::kVultronEmTransitionsPath).value_or(""),
                                         embedded::Find(domain::kVultronCsTransitionsPath).value_or(""));
    if (!r) {
      std::fprintf(stderr, "broken Vultron tables: %s\n", r.error().message.c_str());
      std::abort();  // a build defect, not user input
    }
    return std::move(r).value();
  }();
  return kRules;
}

// Ends the embargo as closing without publication does: an active one is
// terminated, a proposed one rejected.
Status EndEmbargo(domain::CaseCoordination& c) {
  const char* trigger = nullptr;
  if (c.em_state == "ACTIVE" || c.em_state == "REVISE") trigger = "terminate";
  if (c.em_state == "PROPOSED") trigger = "reject";
  if (trigger == nullptr) return {};
  auto from = domain::ParseEmState(c.em_state);
  if (!from) return Error::Internal("corrupt em_state " + c.em_state);
  const domain::PublicLetters letters{.public_aware = c.public_aware, .exploit_public = c.exploit_public,
                                      .attacks_observed = c.attacks_observed};
  auto to = Rules().ApplyEm(*from, trigger, domain::CombineCaseState({}, letters));
  if (!to) return to.error();
  c.em_state = std::string(domain::EmStateName(*to));
  return {};
}

struct Loaded {
  domain::Case c;
  domain::CaseCoordination coord;
};

// The product case, for one of its coordinators.
Result<Loaded> Load(store::Tx& tx, const Actor& actor, CaseId id) {
  if (actor.IsAnonymous()) return Error::Unauthenticated();
  auto c = tx.FindCase(id);
  if (!c) return c.error().code == ErrorCode::kNotFound ? Error::NotFound("case not found") : c.error();
  if (c->track != domain::CaseTrack::kProduct) return Error::NotFound("case not found");
  auto member = tx.IsCaseMember(id, actor.id());
  if (!member) return member.error();
  if (auto st = AuthorizeCase(actor, CaseAction::kCoordinate, {.actor_is_member = *member}); !st) return st.error();
  auto coord = tx.coordination().FindCoordination(id);
  if (!coord) return coord.error();
  return Loaded{.c = std::move(*c), .coord = std::move(*coord)};
}

}  // namespace

Result<LowImpactPreview> LowImpact::Preview(const Actor& actor, CaseId id) {
  LowImpactPreview out;
  auto st = ctx_.store.Read([&](store::Tx& tx) -> Status {
    auto l = Load(tx, actor, id);
    if (!l) return l.error();
    out.c = std::move(l->c);
    out.closed = l->coord.closed_at.has_value();
    out.has_details = l->coord.details.find_first_not_of(" \t\r\n") != std::string::npos;
    auto vendors = tx.coordination().ListCaseVendors(id);
    if (!vendors) return vendors.error();
    for (const auto& v : *vendors) (v.registered ? out.vendors : out.skipped).push_back(v.vendor_name);
    return {};
  });
  if (!st) return st.error();
  return out;
}

Status LowImpact::Close(const Actor& actor, CaseId id, const std::string& reason) {
  if (reason.find_first_not_of(" \t\r\n") == std::string::npos || reason.size() > domain::kMaxLongField ||
      !domain::IsValidUtf8(reason)) {
    return Error::Invalid("reason", "give the reason the case is handled as low-impact");
  }
  return ctx_.store.Write([&](store::Tx& tx) -> Status {
    auto l = Load(tx, actor, id);
    if (!l) return l.error();
    if (l->coord.closed_at) return Error::Conflict("the case is already closed");
    if (l->coord.details.find_first_not_of(" \t\r\n") == std::string::npos) {
      return Error::Conflict("write the case details first: they are what the developer is sent");
    }
    auto vendors = tx.coordination().ListCaseVendors(id);
    if (!vendors) return vendors.error();
    const auto now = ctx_.clock.Now();

    // 1. The developers are sent the vulnerability information, and told that
    //    coordination ends with it (G8-4). Nothing goes to a developer that has
    //    not registered yet (G2-3).
    const std::string body =
        ctx_.catalog.Format(domain::Language::kJa, "lowimpact.msg.vendor",
                            {{"identifier", l->c.identifier}, {"reason", reason}}) +
        "\n\n" +
        ctx_.catalog.Format(domain::Language::kEn, "lowimpact.msg.vendor",
                            {{"identifier", l->c.identifier}, {"reason", reason}}) +
        "\n\n---\n\n" + l->coord.details;
    const std::string subject = std::string(ctx_.catalog.Get(domain::Language::kJa, "lowimpact.mail.subject")) +
                                " / " + std::string(ctx_.catalog.Get(domain::Language::kEn, "lowimpact.mail.subject"));
    std::string mailed;
    for (const auto& v : *vendors) {
      if (!v.registered) continue;
      auto contacts = tx.coordination().ListContacts(v.vendor_id);
      if (!contacts) return contacts.error();
      std::vector<std::pair<std::string, std::string>> to;
      for (const auto& ct : *contacts) to.emplace_back(ct.email, ct.name);
      if (to.empty()) {
        auto vendor = tx.coordination().FindVendor(v.vendor_id);
        if (!vendor) return vendor.error();
        if (!vendor->contact_email.empty()) to.emplace_back(vendor->contact_email, vendor->name);
      }
      for (const auto& [email, name] : to) {
        // Vulnerability details: encrypted to the contact's key when it registered one.
        if (auto s = Notify(tx, ctx_, {.kind = "case.low_impact", .to_email = email, .to_name = name,
                                       .subject = subject, .body = body,
                                       .reference = "case:" + std::to_string(id) + ":vendor:" +
                                                    std::to_string(v.vendor_id),
                                       .identifier = l->c.identifier, .confidential = true});
            !s) {
          return s;
        }
      }
      if (!to.empty()) mailed += (mailed.empty() ? "" : ", ") + v.vendor_name;
    }
    if (mailed.empty()) return Error::Conflict("add the developer to the case first: it must be sent the information");

    // 2. The case is closed, its embargo ended.
    l->coord.closed_at = now;
    if (auto s = EndEmbargo(l->coord); !s) return s;
    if (auto s = tx.coordination().UpdateCoordination(l->coord); !s) return s;
    if (auto s = tx.coordination().UpdateCaseStatus(id, std::string(domain::kClosedLowImpactStatus)); !s) {
      return s;
    }
    if (auto s = tx.AppendEvent({.subject_type = "case", .subject_id = id, .actor_id = actor.id(),
                                 .actor_name = Name(actor), .at = now, .action = "case.low_impact",
                                 .field = "reason", .from_value = l->c.status, .to_value = reason});
        !s) {
      return s;
    }
    if (auto s = tx.AppendEvent({.subject_type = "case", .subject_id = id, .actor_id = actor.id(),
                                 .actor_name = Name(actor), .at = now, .action = "case.low_impact_notified",
                                 .field = "vendors", .to_value = mailed});
        !s) {
      return s;
    }

    // 3. The finder is told, in its report's thread and by mail, in its language.
    auto r = tx.FindReport(l->c.report_id);
    if (!r) return r.error();
    const auto lang = r->submission.language;
    const std::string told = ctx_.catalog.Format(lang, "lowimpact.msg.finder",
                                                 {{"identifier", l->c.identifier}, {"reason", reason}});
    auto mid = tx.InsertMessage({.report_id = r->id, .author_id = actor.id(), .author_name = Name(actor),
                                 .author_role = actor.user->role, .body = told, .created_at = now});
    if (!mid) return mid.error();
    if (auto s = tx.AppendEvent({.subject_type = "report", .subject_id = r->id, .actor_id = actor.id(),
                                 .actor_name = Name(actor), .at = now, .action = "report.message"});
        !s) {
      return s;
    }
    std::string to_email;
    if (r->finder_user_id != 0) {
      auto u = tx.FindUser(r->finder_user_id);
      if (!u) return u.error();
      to_email = u->user.email;
    } else if (mail::IsValidAddress(r->submission.finder_contact)) {
      to_email = r->submission.finder_contact;
    }
    if (to_email.empty()) return {};
    return Notify(tx, ctx_, {.kind = "case.low_impact_finder", .to_email = to_email,
                             .to_name = r->submission.finder_name, .language = lang,
                             .subject = std::string(ctx_.catalog.Get(lang, "lowimpact.mail.finder_subject")),
                             .body = told, .reference = "report:" + std::to_string(r->id),
                             .identifier = r->intake_number});
  });
}

}  // namespace cvdhub::app

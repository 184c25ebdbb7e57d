#include "app/coordination.hpp"
#include "app/publication.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <map>

#include "app/accounts.hpp"
#include "app/notifications.hpp"
#include "app/security.hpp"
#include "domain/vultron.hpp"
#include "util/embedded.hpp"

namespace cvdhub::app {

using domain::CaseId;
using domain::CaseVendor;
using domain::Role;

namespace {

std::string Name(const Actor& a) { return a.user ? a.user->display_name : "system"; }

Status CheckText(std::string_view field, std::string_view value, std::size_t max) {
  if (value.size() > max || !domain::IsValidUtf8(value)) {
    return Error::Invalid(std::string(field),
                          std::string(field) + " must be valid UTF-8 of at most " + std::to_string(max) + " bytes");
  }
  return {};
}

// Bilingual text of a catalogue key: vendor threads are read in either language.
std::string Both(const i18n::Catalog& cat, std::string_view key,
                 std::initializer_list<std::pair<std::string_view, std::string_view>> args) {
  return cat.Format(domain::Language::kJa, key, args) + "\n\n" + cat.Format(domain::Language::kEn, key, args);
}

// The author of announcements that no person made (an agreement reached by the last answer).
const Actor& SystemActor() {
  static const Actor kSystem{domain::User{.id = 0, .display_name = "cvdhub", .role = Role::kCoordinator}};
  return kSystem;
}

std::string FormatDateTime(Timestamp t) { return FormatJst(t) + " (" + FormatIsoUtc(t) + ")"; }

// The Vultron state machines (CERT/CC's tables, compiled in). Every RM, EM and
// CS change of a case goes through them, so an illegal transition is refused.
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

domain::PublicLetters PublicOf(const domain::CaseCoordination& c) {
  return {.public_aware = c.public_aware, .exploit_public = c.exploit_public, .attacks_observed = c.attacks_observed};
}

domain::VendorLetters LettersOf(const CaseVendor& v) {
  return {.vendor_aware = v.details_released_at.has_value(), .fix_ready = v.fix_ready, .fix_deployed = v.fix_deployed};
}

// Walks the vendor's report-management state through `triggers`.
Status AdvanceRm(CaseVendor& v, std::initializer_list<std::string_view> triggers) {
  auto state = domain::ParseRmState(v.rm_state);
  if (!state) return Error::Internal("corrupt rm_state " + v.rm_state);
  for (auto t : triggers) {
    auto next = Rules().ApplyRm(*state, t);
    if (!next) return next.error();
    *state = *next;
  }
  v.rm_state = std::string(domain::RmStateName(*state));
  return {};
}

}  // namespace

Result<Coordination::Loaded> Coordination::Load(store::Tx& tx, const Actor& actor, CaseId id, CaseAction action) {
  if (actor.IsAnonymous()) return Error::Unauthenticated();
  auto c = tx.FindCase(id);
  if (!c) return c.error().code == ErrorCode::kNotFound ? Error::NotFound("case not found") : c.error();
  Loaded l{.c = std::move(*c)};
  if (l.c.track != domain::CaseTrack::kProduct) return Error::NotFound("case not found");
  auto member = tx.IsCaseMember(id, actor.id());
  if (!member) return member.error();
  l.facts.actor_is_member = *member;
  if (actor.user->role == Role::kVendor) {
    auto vendors = tx.coordination().VendorsOfUser(actor.id());
    if (!vendors) return vendors.error();
    for (auto vid : *vendors) {
      auto cv = tx.coordination().FindCaseVendor(id, vid);
      if (!cv) {
        if (cv.error().code == ErrorCode::kNotFound) continue;
        return cv.error();
      }
      if (!cv->initial_contact_at) continue;  // not yet notified: the case does not exist for it
      l.facts.actor_vendor_notified = true;
      l.facts.actor_vendor_has_details = cv->details_released_at.has_value();
      l.my_vendor = std::move(*cv);
      break;
    }
  }
  if (actor.user->role == Role::kRelatedOrg) {
    auto p = tx.coordination().FindPartnerByUser(actor.id());
    if (p && p->case_id == id && p->admitted_at) {
      l.facts.actor_is_partner = true;
      l.my_partner = std::move(*p);
    } else if (!p && p.error().code != ErrorCode::kNotFound) {
      return p.error();
    }
  }
  if (auto st = AuthorizeCase(actor, action, l.facts); !st) return st.error();
  auto coord = tx.coordination().FindCoordination(id);
  if (!coord) return coord.error();
  l.coord = std::move(*coord);
  return l;
}

Status Coordination::Record(store::Tx& tx, const Actor& actor, CaseId id, std::string action, std::string field,
                            std::string from, std::string to) {
  if (auto st = tx.coordination().BumpCaseVersion(id); !st) return st;
  return tx.AppendEvent({.subject_type = "case", .subject_id = id, .actor_id = actor.id(), .actor_name = Name(actor),
                         .at = ctx_.clock.Now(), .action = std::move(action), .field = std::move(field),
                         .from_value = std::move(from), .to_value = std::move(to)});
}

Status Coordination::SystemMessage(store::Tx& tx, const Actor& actor, CaseId id, domain::ThreadKind thread,
                                   std::int64_t party, std::string body) {
  auto mid = tx.coordination().InsertCaseMessage({.case_id = id, .thread = thread, .party_id = party,
                                                  .author_id = actor.id(), .author_name = Name(actor),
                                                  .author_role = actor.user ? actor.user->role : Role::kCoordinator,
                                                  .body = std::move(body), .created_at = ctx_.clock.Now()});
  if (!mid) return mid.error();
  return {};
}

void Coordination::AuditRead(const Actor& actor, CaseId id, const std::string& action) {
  ctx_.audit.Record({.user_id = actor.id(), .action = action, .subject_type = "case", .subject_id = id,
                     .at = ctx_.clock.Now()});
}

Status Coordination::MailVendor(store::Tx& tx, const domain::Case& c, std::int64_t vendor_id,
                                const std::string& kind, const std::string& subject_key, const std::string& body,
                                bool confidential) {
  auto contacts = tx.coordination().ListContacts(vendor_id);
  if (!contacts) return contacts.error();
  std::vector<std::pair<std::string, std::string>> to;
  for (const auto& ct : *contacts) to.emplace_back(ct.email, ct.name);
  if (to.empty()) {
    auto v = tx.coordination().FindVendor(vendor_id);
    if (!v) return v.error();
    if (!v->contact_email.empty()) to.emplace_back(v->contact_email, v->name);
  }
  const std::string subject = std::string(ctx_.catalog.Get(domain::Language::kJa, subject_key)) + " / " +
                              std::string(ctx_.catalog.Get(domain::Language::kEn, subject_key));
  for (const auto& [email, name] : to) {
    if (auto st = Notify(tx, ctx_, {.kind = kind, .to_email = email, .to_name = name, .subject = subject,
                                   .body = body,
                                   .reference = "case:" + std::to_string(c.id) + ":vendor:" + std::to_string(vendor_id),
                                   .identifier = c.identifier, .confidential = confidential});
        !st) {
      return st;
    }
  }
  return {};
}

Status Coordination::MailVendorTable(store::Tx& tx, const domain::Case& c, const std::string& kind,
                                     const std::string& subject_key, const std::string& body) {
  auto vendors = tx.coordination().ListCaseVendors(c.id);
  if (!vendors) return vendors.error();
  for (const auto& v : *vendors) {
    if (!domain::InVendorTable(v)) continue;
    // The publication date is embargoed too (G8-1): confidential.
    if (auto st = MailVendor(tx, c, v.vendor_id, kind, subject_key, body, true); !st) return st;
  }
  return {};
}

Status Coordination::Announce(store::Tx& tx, const Actor& actor, CaseId id, const std::string& kind,
                              std::string body, const std::string& subject_key) {
  auto c = tx.FindCase(id);
  if (!c) return c.error();
  if (auto st = MailVendorTable(tx, *c, kind, subject_key, body); !st) return st;
  return SystemMessage(tx, actor, id, domain::ThreadKind::kCase, 0, std::move(body));
}

Status Coordination::SetEmState(store::Tx&, domain::CaseCoordination& c, const std::string& trigger) {
  auto from = domain::ParseEmState(c.em_state);
  if (!from) return Error::Internal("corrupt em_state " + c.em_state);
  auto to = Rules().ApplyEm(*from, trigger, domain::CombineCaseState({}, PublicOf(c)));
  if (!to) return to.error();
  c.em_state = std::string(domain::EmStateName(*to));
  return {};
}

// --- Listing ---------------------------------------------------------------------

Result<std::vector<CaseSummary>> Coordination::ListCases(const Actor& actor) {
  if (actor.IsAnonymous()) return Error::Unauthenticated();
  std::vector<CaseSummary> out;
  const auto now = ctx_.clock.Now();
  auto st = ctx_.store.Read([&](store::Tx& tx) -> Status {
    std::vector<CaseId> ids;
    const Role role = actor.user->role;
    if (role == Role::kLeadCoordinator || role == Role::kCoordinator) {
      auto cases = tx.ListCases();
      if (!cases) return cases.error();
      for (const auto& c : *cases) {
        if (c.track != domain::CaseTrack::kProduct) continue;
        if (role == Role::kCoordinator) {
          auto m = tx.IsCaseMember(c.id, actor.id());
          if (!m) return m.error();
          if (!*m) continue;
        }
        ids.push_back(c.id);
      }
    } else if (role == Role::kVendor) {
      auto vendors = tx.coordination().VendorsOfUser(actor.id());
      if (!vendors) return vendors.error();
      for (auto vid : *vendors) {
        auto cases = tx.coordination().CasesOfVendor(vid);
        if (!cases) return cases.error();
        ids.insert(ids.end(), cases->begin(), cases->end());
      }
    } else if (role == Role::kRelatedOrg) {
      auto p = tx.coordination().FindPartnerByUser(actor.id());
      if (p && p->admitted_at) ids.push_back(p->case_id);
    } else {
      return Error::Forbidden();
    }
    std::sort(ids.begin(), ids.end(), std::greater<>());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    for (auto id : ids) {
      auto c = tx.FindCase(id);
      if (!c) return c.error();
      auto coord = tx.coordination().FindCoordination(id);
      if (!coord) return coord.error();
      CaseSummary s{.c = std::move(*c)};
      const bool staff = role == Role::kLeadCoordinator || role == Role::kCoordinator;
      if (staff) {
        auto vendors = tx.coordination().ListCaseVendors(id);
        if (!vendors) return vendors.error();
        s.vendors = static_cast<int>(vendors->size());
        for (const auto& v : *vendors) {
          if (domain::DeriveEngagement(v, now) == domain::Engagement::kUnresponsive) ++s.silent_vendors;
        }
      } else if (role == Role::kVendor) {
        // A vendor sees the title only once details were released to it.
        bool details = false;
        auto vendors = tx.coordination().VendorsOfUser(actor.id());
        if (!vendors) return vendors.error();
        for (auto vid : *vendors) {
          auto cv = tx.coordination().FindCaseVendor(id, vid);
          if (cv && cv->details_released_at) details = true;
        }
        if (!details) s.c.title.clear();
      }
      // The publication date is embargoed (G8-1): only for vendors in the vendor table.
      if (staff || (role == Role::kVendor && !s.c.title.empty())) {
        s.publication_at = coord->publication.at;
        s.publication_state = coord->publication.state;
      }
      out.push_back(std::move(s));
    }
    return {};
  });
  if (!st) return st.error();
  return out;
}

Result<CaseId> Coordination::FindCaseId(const std::string& identifier) {
  CaseId id = 0;
  auto st = ctx_.store.Read([&](store::Tx& tx) -> Status {
    auto c = tx.FindCaseByIdentifier(identifier);
    if (!c) return Error::NotFound("case not found");
    id = c->id;
    return {};
  });
  if (!st) return st.error();
  return id;
}

// --- Coordinator -----------------------------------------------------------------

Result<CaseView> Coordination::View(const Actor& actor, CaseId id) {
  auto view = LoadView(actor, id);
  if (view) AuditRead(actor, id, "case.read");
  return view;
}

Result<CaseView> Coordination::LoadView(const Actor& actor, CaseId id) {
  CaseView view;
  const auto now = ctx_.clock.Now();
  auto st = ctx_.store.Read([&](store::Tx& tx) -> Status {
    auto l = Load(tx, actor, id, CaseAction::kCoordinate);
    if (!l) return l.error();
    view.c = std::move(l->c);
    view.coordination = std::move(l->coord);
    auto report = tx.FindReport(view.c.report_id);
    if (!report) return report.error();
    view.report = std::move(*report);
    auto vendors = tx.coordination().ListCaseVendors(id);
    if (!vendors) return vendors.error();
    auto counts = tx.coordination().CountCaseMessages(id);
    if (!counts) return counts.error();
    std::map<std::int64_t, std::int64_t> vendor_counts;
    for (const auto& [kind, party, n] : *counts) {
      if (kind == domain::ThreadKind::kVendor) vendor_counts[party] = n;
      if (kind == domain::ThreadKind::kCase) view.case_thread_messages = n;
    }
    view.clocks = domain::ComputeClocks(*vendors, clocks_);
    for (auto& v : *vendors) {
      VendorRow row{.engagement = domain::DeriveEngagement(v, now), .status = domain::EffectiveStatus(v),
                    .thread_messages = vendor_counts[v.vendor_id]};
      row.vendor = std::move(v);
      view.vendors.push_back(std::move(row));
    }
    auto proposals = tx.coordination().ListProposals(id);
    if (!proposals) return proposals.error();
    view.proposals = std::move(*proposals);
    auto pre = tx.coordination().ListPrereleases(id);
    if (!pre) return pre.error();
    view.prereleases = std::move(*pre);
    auto partners = tx.coordination().ListPartners(id);
    if (!partners) return partners.error();
    view.partners = std::move(*partners);
    auto inv = tx.coordination().ListInvestigations(id, std::nullopt);
    if (!inv) return inv.error();
    view.investigations = std::move(*inv);
    auto hist = tx.coordination().ListStatusHistory(id, std::nullopt);
    if (!hist) return hist.error();
    view.status_history = std::move(*hist);
    return {};
  });
  if (!st) return st.error();
  return view;
}

Status Coordination::UpdateInfo(const Actor& actor, CaseId id, const CaseInfo& info) {
  if (auto s = CheckText("overview", info.overview, domain::kMaxLongField); !s) return s;
  if (auto s = CheckText("details", info.details, domain::kMaxLongField); !s) return s;
  if (auto s = CheckText("keywords", info.keywords, 2000); !s) return s;
  if (auto s = CheckText("product_ids", info.product_ids, 20000); !s) return s;
  std::string_view ids = info.product_ids;
  while (!ids.empty()) {
    auto eol = ids.find('\n');
    std::string_view line = ids.substr(0, eol);
    ids = eol == std::string_view::npos ? std::string_view{} : ids.substr(eol + 1);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
    while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
    if (line.empty()) continue;
    Status valid = line.starts_with("cpe:") ? domain::ValidateCpe(line) : domain::ValidatePurl(line);
    if (!valid) return Error::Invalid("product_ids", "'" + std::string(line) + "': " + valid.error().message);
  }
  return ctx_.store.Write([&](store::Tx& tx) -> Status {
    auto l = Load(tx, actor, id, CaseAction::kCoordinate);
    if (!l) return l.error();
    l->coord.overview = info.overview;
    l->coord.details = info.details;
    l->coord.product_ids = info.product_ids;
    l->coord.keywords = info.keywords;
    if (auto s = tx.coordination().UpdateCoordination(l->coord); !s) return s;
    return Record(tx, actor, id, "case.info", "overview/details", "", "");
  });
}

Status Coordination::AssignCoordinator(const Actor& actor, CaseId id, domain::UserId coordinator) {
  return ctx_.store.Write([&](store::Tx& tx) -> Status {
    auto l = Load(tx, actor, id, CaseAction::kCoordinate);
    if (!l) return l.error();
    auto u = tx.FindUser(coordinator);
    if (!u || (u->user.role != Role::kCoordinator && u->user.role != Role::kLeadCoordinator)) {
      return Error::Invalid("user_id", "user_id must name a coordinator");
    }
    if (auto s = tx.AddCaseMember(id, coordinator, "coordinator"); !s && s.error().code != ErrorCode::kConflict) {
      return s;
    }
    return Record(tx, actor, id, "case.assigned", "coordinator", "", u->user.display_name);
  });
}

Result<std::vector<domain::VendorCandidate>> Coordination::Candidates(const Actor& actor, CaseId id) {
  std::vector<domain::VendorCandidate> out;
  auto st = ctx_.store.Read([&](store::Tx& tx) -> Status {
    auto l = Load(tx, actor, id, CaseAction::kCoordinate);
    if (!l) return l.error();
    auto report = tx.FindReport(l->c.report_id);
    if (!report) return report.error();
    domain::MatchQuery q{.product_name = report->submission.product_name,
                         .product_url = report->submission.product_url};
    std::string_view ids = l->coord.product_ids;
    while (!ids.empty()) {
      auto eol = ids.find('\n');
      std::string line(ids.substr(0, eol));
      ids = eol == std::string_view::npos ? std::string_view{} : ids.substr(eol + 1);
      line.erase(std::remove_if(line.begin(), line.end(), [](char ch) { return ch == '\r' || ch == ' '; }), line.end());
      if (!line.empty()) q.product_ids.push_back(line);
    }
    std::string_view kws = l->coord.keywords;
    while (!kws.empty()) {
      auto comma = kws.find(',');
      std::string kw(kws.substr(0, comma));
      kws = comma == std::string_view::npos ? std::string_view{} : kws.substr(comma + 1);
      kw.erase(0, kw.find_first_not_of(' '));
      kw.erase(kw.find_last_not_of(' ') + 1);
      if (!kw.empty()) q.keywords.push_back(kw);
    }
    auto profiles = tx.coordination().ListProfiles();
    if (!profiles) return profiles.error();
    auto in_case = tx.coordination().ListCaseVendors(id);
    if (!in_case) return in_case.error();
    out = domain::RankVendors(q, *profiles);
    std::erase_if(out, [&](const domain::VendorCandidate& cand) {
      return std::any_of(in_case->begin(), in_case->end(),
                         [&](const CaseVendor& v) { return v.vendor_id == cand.vendor_id; });
    });
    return {};
  });
  if (!st) return st.error();
  return out;
}

Status Coordination::AddVendor(const Actor& actor, CaseId id, std::int64_t vendor_id, bool obvious, int tier) {
  if (tier < 0 || tier > 9) return Error::Invalid("tier", "tier must be 0 (upstream, first) to 9");
  return ctx_.store.Write([&](store::Tx& tx) -> Status {
    auto l = Load(tx, actor, id, CaseAction::kCoordinate);
    if (!l) return l.error();
    auto vendor = tx.coordination().FindVendor(vendor_id);
    if (!vendor) return Error::Invalid("vendor_id", "no such vendor");
    auto inserted = tx.coordination().InsertCaseVendor(
        {.case_id = id, .vendor_id = vendor_id, .obvious = obvious, .tier = tier});
    if (!inserted) {
      if (inserted.error().code == ErrorCode::kConflict) return Error::Conflict("the vendor is already in this case");
      return inserted.error();
    }
    return Record(tx, actor, id, "case.vendor_added", "vendor", "", vendor->name);
  });
}

Result<std::string> Coordination::AddUnregisteredVendor(const Actor& actor, CaseId id, const std::string& name,
                                                        const std::string& email) {
  domain::Vendor v{.name = name, .registration = domain::RegistrationType::kIndividual, .contact_email = email,
                   .created_at = ctx_.clock.Now(), .registered = false};
  if (auto s = domain::ValidateVendor(v); !s) return s.error();
  if (auto s = ValidateEmail(email); !s) return s.error();
  const std::string token = RandomToken();
  auto st = ctx_.store.Write([&](store::Tx& tx) -> Status {
    auto l = Load(tx, actor, id, CaseAction::kCoordinate);
    if (!l) return l.error();
    auto vid = tx.InsertVendor(v);
    if (!vid) {
      if (vid.error().code == ErrorCode::kConflict) return Error::Conflict("a vendor with this name already exists");
      return vid.error();
    }
    if (auto s = tx.coordination().SetInviteToken(*vid, Sha256Hex(token)); !s) return s;
    auto cv = tx.coordination().InsertCaseVendor({.case_id = id, .vendor_id = *vid});
    if (!cv) return cv.error();
    return Record(tx, actor, id, "case.vendor_added", "vendor", "", name + " (unregistered)");
  });
  if (!st) return st.error();
  return token;
}

namespace {
constexpr std::size_t kMaxOverviewBatch = 1000;

bool AlreadyNotified(const CaseVendor& v) { return v.initial_contact_at || v.overview_sent_at; }
}  // namespace

bool OffersOverview(const CaseVendor& v) {
  return v.registered && !v.obvious && !AlreadyNotified(v) && !v.details_released_at;
}

bool EmbargoEnded(const domain::CaseCoordination& c) {
  return c.em_state == "EXITED" || c.public_aware || c.exploit_public || c.attacks_observed;
}

Status Coordination::SendOverviewIn(store::Tx& tx, const Actor& actor, const Loaded& l, CaseVendor& v) {
  // Nothing is disclosed to an unregistered developer (G2-3).
  if (!v.registered) return Error::Conflict("the developer must register before anything is disclosed");
  if (l.coord.overview.empty()) return Error::Conflict("write the overview (no technical detail) first");
  if (v.overview_sent_at) return Error::Conflict("the overview was already sent to this vendor");
  const CaseId id = l.c.id;
  const auto now = ctx_.clock.Now();
  v.overview_sent_at = now;
  if (!v.initial_contact_at) v.initial_contact_at = now;  // 起算日 (G4-1)
  v.answer_due = now + clocks_.answer_within;
  if (auto rm = AdvanceRm(v, {"receive"}); !rm) return rm;
  if (auto s = tx.coordination().UpdateCaseVendor(v); !s) return s;
  // The bilingual request, then the coordinator's text once.
  const std::string notice =
      Both(ctx_.catalog, "case.msg.overview", {{"identifier", l.c.identifier}}) + "\n\n" + l.coord.overview;
  if (auto s = SystemMessage(tx, actor, id, domain::ThreadKind::kVendor, v.vendor_id, notice); !s) return s;
  if (auto s = MailVendor(tx, l.c, v.vendor_id, "case.overview_notice", "case.subject.overview", notice, false); !s) {
    return s;
  }
  return Record(tx, actor, id, "case.overview_sent", v.vendor_name, "", FormatIsoUtc(now));
}

Status Coordination::SendOverview(const Actor& actor, CaseId id, std::int64_t vendor_id) {
  return ctx_.store.Write([&](store::Tx& tx) -> Status {
    auto l = Load(tx, actor, id, CaseAction::kCoordinate);
    if (!l) return l.error();
    auto v = tx.coordination().FindCaseVendor(id, vendor_id);
    if (!v) return Error::NotFound("vendor not in case");
    return SendOverviewIn(tx, actor, *l, *v);
  });
}

Result<OverviewBatchResult> Coordination::SendOverviews(const Actor& actor, CaseId id, const OverviewBatch& batch) {
  OverviewBatchResult out;
  auto st = ctx_.store.Write([&](store::Tx& tx) -> Status {
    out = {};
    auto l = Load(tx, actor, id, CaseAction::kCoordinate);
    if (!l) return l.error();  // before any check of the input: the case does not exist for others
    if (batch.all_not_notified == !batch.vendor_ids.empty()) {
      return Error::Invalid("vendor_ids",
                            "choose at least one vendor (vendor_ids), or every vendor not yet notified "
                            "(all_not_notified), not both");
    }
    if (batch.vendor_ids.size() > kMaxOverviewBatch) {
      return Error::Invalid("vendor_ids", "at most " + std::to_string(kMaxOverviewBatch) + " vendors at once");
    }
    auto vendors = tx.coordination().ListCaseVendors(id);  // in tier order: upstream first (P-G)
    if (!vendors) return vendors.error();
    std::vector<CaseVendor*> chosen;
    if (batch.all_not_notified) {
      for (auto& v : *vendors) {
        if (AlreadyNotified(v)) {
          out.skipped.push_back(
              {.vendor_id = v.vendor_id, .vendor_name = v.vendor_name, .skipped = "already_notified"});
        } else if (OffersOverview(v)) {
          chosen.push_back(&v);
        } else {
          out.skipped.push_back({.vendor_id = v.vendor_id, .vendor_name = v.vendor_name,
                                 .skipped = !v.registered ? "must_register" : "obvious"});
        }
      }
    } else {
      std::vector<std::int64_t> wanted = batch.vendor_ids;
      std::sort(wanted.begin(), wanted.end());
      wanted.erase(std::unique(wanted.begin(), wanted.end()), wanted.end());
      for (auto vid : batch.vendor_ids) {  // the first unknown one as the caller listed them
        const bool known = std::any_of(vendors->begin(), vendors->end(),
                                       [&](const CaseVendor& v) { return v.vendor_id == vid; });
        if (!known) return Error::Invalid("vendor_ids", "vendor " + std::to_string(vid) + " is not in this case");
      }
      for (auto& v : *vendors) {
        if (!std::binary_search(wanted.begin(), wanted.end(), v.vendor_id)) continue;
        if (AlreadyNotified(v)) {
          out.skipped.push_back(
              {.vendor_id = v.vendor_id, .vendor_name = v.vendor_name, .skipped = "already_notified"});
        } else {
          chosen.push_back(&v);
        }
      }
    }
    if (!chosen.empty() && l->coord.overview.empty()) {
      return Error::Conflict("write the overview (no technical detail) first");
    }
    for (CaseVendor* v : chosen) {
      if (auto s = SendOverviewIn(tx, actor, *l, *v); !s) {
        // The whole batch is rolled back; the error names the vendor that stopped it.
        Error e = s.error();
        if (e.code != ErrorCode::kInternal) {
          e.message = v->vendor_name + " (vendor " + std::to_string(v->vendor_id) + "): " + e.message;
          e.field = "vendor_ids";
        }
        return e;
      }
      out.notified.push_back({.vendor_id = v->vendor_id, .vendor_name = v->vendor_name});
    }
    return {};
  });
  if (!st) return st.error();
  return out;
}

Status Coordination::ReleaseDetails(const Actor& actor, CaseId id, std::int64_t vendor_id) {
  return ctx_.store.Write([&](store::Tx& tx) -> Status {
    auto l = Load(tx, actor, id, CaseAction::kCoordinate);
    if (!l) return l.error();
    auto v = tx.coordination().FindCaseVendor(id, vendor_id);
    if (!v) return Error::NotFound("vendor not in case");
    if (!v->registered) return Error::Conflict("the developer must register before anything is disclosed");
    if (v->details_released_at) return Error::Conflict("details were already released to this vendor");
    // Details only to vendors who asked, or where the developer is obvious (G3).
    if (!v->obvious && !v->details_requested_at) {
      return Error::Conflict("details go only to vendors that asked for them, or obvious ones");
    }
    if (l->coord.details.empty()) return Error::Conflict("write the details first");
    const auto now = ctx_.clock.Now();
    v->details_released_at = now;
    if (!v->initial_contact_at) v->initial_contact_at = now;
    v->answer_due = now + clocks_.answer_within;  // the investigation report is expected
    // The vendor becomes aware (Vultron V) and its report is accepted (RM).
    if (v->rm_state == "START") {
      if (auto rm = AdvanceRm(*v, {"receive", "validate", "accept"}); !rm) return rm;
    } else if (v->rm_state == "RECEIVED") {
      if (auto rm = AdvanceRm(*v, {"validate", "accept"}); !rm) return rm;
    } else if (v->rm_state == "VALID") {
      if (auto rm = AdvanceRm(*v, {"accept"}); !rm) return rm;
    }
    if (auto s = tx.coordination().UpdateCaseVendor(*v); !s) return s;
    const std::string details =
        Both(ctx_.catalog, "case.msg.details", {{"identifier", l->c.identifier}}) + "\n\n" + l->coord.details;
    if (auto s = SystemMessage(tx, actor, id, domain::ThreadKind::kVendor, vendor_id, details); !s) return s;
    // Details never go unencrypted to a vendor that registered a key.
    if (auto s = MailVendor(tx, l->c, vendor_id, "case.details_released", "case.subject.details", details, true);
        !s) {
      return s;
    }
    // From now on the vendor is in the vendor table as "information provided".
    if (auto s = tx.coordination().AppendStatusHistory({.case_id = id, .vendor_id = vendor_id,
                                                        .status = domain::VendorStatus::kInformationProvided,
                                                        .at = now, .by_user = actor.id()});
        !s) {
      return s;
    }
    return Record(tx, actor, id, "case.details_released", v->vendor_name, "", FormatIsoUtc(now));
  });
}

Status Coordination::MaybeAgree(store::Tx& tx, const Actor& actor, CaseId id) {
  auto vendors = tx.coordination().ListCaseVendors(id);
  if (!vendors) return vendors.error();
  auto coord = tx.coordination().FindCoordination(id);
  if (!coord) return coord.error();
  if (coord->publication.state != domain::PublicationDateState::kProposed) return {};
  if (!domain::EveryoneAcceptedDate(*vendors)) return {};
  coord->publication.state = domain::PublicationDateState::kAgreed;
  if (auto s = SetEmState(tx, *coord, "accept"); !s) return s;
  if (auto s = tx.coordination().UpdateCoordination(*coord); !s) return s;
  if (auto s = Announce(tx, actor, id, "case.date_changed",
                             Both(ctx_.catalog, "case.msg.date_agreed",
                                  {{"date", FormatDateTime(*coord->publication.at)}}));
      !s) {
    return s;
  }
  return Record(tx, actor, id, "case.date_agreed", "publication_at", "", FormatIsoUtc(*coord->publication.at));
}

Status Coordination::ProposeDate(const Actor& actor, CaseId id, Timestamp at, const std::string& note) {
  if (auto s = CheckText("note", note, domain::kMaxLongField); !s) return s;
  if (at <= ctx_.clock.Now()) return Error::Invalid("publication_at", "the publication date must be in the future");
  return ctx_.store.Write([&](store::Tx& tx) -> Status {
    auto l = Load(tx, actor, id, CaseAction::kCoordinate);
    if (!l) return l.error();
    if (l->coord.closed_at) return Error::Conflict("the case is closed");
    auto vendors = tx.coordination().ListCaseVendors(id);
    if (!vendors) return vendors.error();
    if (std::none_of(vendors->begin(), vendors->end(), domain::InVendorTable)) {
      return Error::Conflict("release details to at least one vendor before proposing a date");
    }
    const auto previous = l->coord.publication.at;
    if (auto s = SetEmState(tx, l->coord, "propose"); !s) return s;
    l->coord.publication = {.state = domain::PublicationDateState::kProposed, .at = at};
    if (auto s = tx.coordination().UpdateCoordination(l->coord); !s) return s;
    const auto now = ctx_.clock.Now();
    for (auto& v : *vendors) {
      if (!domain::InVendorTable(v)) continue;
      v.date_response = domain::DateResponse::kNone;
      v.date_comment.clear();
      if (!v.answer_due) v.answer_due = now + clocks_.answer_within;
      if (auto s = tx.coordination().UpdateCaseVendor(v); !s) return s;
    }
    std::string body = Both(ctx_.catalog, "case.msg.date_proposed", {{"date", FormatDateTime(at)}});
    if (!note.empty()) body += "\n\n" + note;
    if (auto s = MailVendorTable(tx, l->c, "case.date_proposed", "case.subject.date", body); !s) return s;
    if (auto s = SystemMessage(tx, actor, id, domain::ThreadKind::kCase, 0, std::move(body)); !s) return s;
    return Record(tx, actor, id, "case.date_proposed", "publication_at", previous ? FormatIsoUtc(*previous) : "",
                  FormatIsoUtc(at));
  });
}

Status Coordination::AgreeDate(const Actor& actor, CaseId id) {
  return ctx_.store.Write([&](store::Tx& tx) -> Status {
    auto l = Load(tx, actor, id, CaseAction::kCoordinate);
    if (!l) return l.error();
    if (l->coord.publication.state != domain::PublicationDateState::kProposed || !l->coord.publication.at) {
      return Error::Conflict("no proposed date to agree");
    }
    l->coord.publication.state = domain::PublicationDateState::kAgreed;
    if (auto s = SetEmState(tx, l->coord, "accept"); !s) return s;
    if (auto s = tx.coordination().UpdateCoordination(l->coord); !s) return s;
    if (auto s = Announce(tx, actor, id, "case.date_changed",
                               Both(ctx_.catalog, "case.msg.date_agreed",
                                    {{"date", FormatDateTime(*l->coord.publication.at)}}));
        !s) {
      return s;
    }
    return Record(tx, actor, id, "case.date_agreed", "publication_at", "", FormatIsoUtc(*l->coord.publication.at));
  });
}

Status Coordination::AdoptForeignDate(const Actor& actor, CaseId id, Timestamp at,
                                      const std::string& coordinator_name) {
  if (coordinator_name.empty() || coordinator_name.size() > domain::kMaxShortField ||
      !domain::IsValidUtf8(coordinator_name)) {
    return Error::Invalid("foreign_coordinator", "name the foreign coordinator whose date is adopted (G4-6)");
  }
  return ctx_.store.Write([&](store::Tx& tx) -> Status {
    auto l = Load(tx, actor, id, CaseAction::kCoordinate);
    if (!l) return l.error();
    if (l->coord.closed_at) return Error::Conflict("the case is closed");
    if (at <= ctx_.clock.Now()) return Error::Invalid("publication_at", "the publication date must be in the future");
    // The foreign coordinator's date becomes the embargo's (new) terms.
    if (l->coord.em_state == "NONE" || l->coord.em_state == "ACTIVE") {
      if (auto s = SetEmState(tx, l->coord, "propose"); !s) return s;
    }
    if (auto s = SetEmState(tx, l->coord, "accept"); !s) return s;
    l->coord.publication = {.state = domain::PublicationDateState::kAgreed, .at = at,
                            .foreign_coordinator = coordinator_name};
    if (auto s = tx.coordination().UpdateCoordination(l->coord); !s) return s;
    if (auto s = Announce(tx, actor, id, "case.date_changed",
                               Both(ctx_.catalog, "case.msg.date_foreign",
                                    {{"date", FormatDateTime(at)}, {"coordinator", coordinator_name}}));
        !s) {
      return s;
    }
    return Record(tx, actor, id, "case.date_foreign", "publication_at", coordinator_name, FormatIsoUtc(at));
  });
}

Status Coordination::PublishEarly(const Actor& actor, CaseId id, Timestamp at, const std::string& reason,
                                  bool exploited) {
  if (reason.empty() || reason.size() > domain::kMaxLongField || !domain::IsValidUtf8(reason)) {
    return Error::Invalid("reason", "give the reason: the leak or the exploitation (G8-5)");
  }
  return ctx_.store.Write([&](store::Tx& tx) -> Status {
    auto l = Load(tx, actor, id, CaseAction::kCoordinate);
    if (!l) return l.error();
    if (l->coord.publication.at && at >= *l->coord.publication.at) {
      return Error::Invalid("publication_at", "early publication must move the date forward");
    }
    if (at < ctx_.clock.Now()) return Error::Invalid("publication_at", "the publication date must not be in the past");
    if (l->coord.closed_at) return Error::Conflict("the case is closed");
    const auto previous = l->coord.publication.at;
    if (exploited && !l->coord.attacks_observed) {
      // Attacks observed (Vultron A): legal from every vendor's state, and the embargo ends.
      auto vendors = tx.coordination().ListCaseVendors(id);
      if (!vendors) return vendors.error();
      domain::MultiVendorCaseState state{.public_letters = PublicOf(l->coord)};
      for (const auto& v : *vendors) state.vendors.emplace(std::to_string(v.vendor_id), LettersOf(v));
      auto next = Rules().ApplyCaseEvent(state, 'A');
      if (!next) return next.error();
      l->coord.attacks_observed = true;
      if (l->coord.em_state == "ACTIVE" || l->coord.em_state == "REVISE") {
        if (auto s = SetEmState(tx, l->coord, "terminate"); !s) return s;
      }
    } else if (l->coord.em_state == "ACTIVE") {
      // A revised embargo: new terms, agreed for everyone by the coordinator (G8-5).
      if (auto s = SetEmState(tx, l->coord, "propose"); !s) return s;
      if (auto s = SetEmState(tx, l->coord, "accept"); !s) return s;
    } else if (l->coord.em_state == "REVISE") {
      // A revision was pending: the earlier date is the new terms, agreed for everyone (G8-5).
      if (auto s = SetEmState(tx, l->coord, "accept"); !s) return s;
    } else if (l->coord.em_state == "NONE" || l->coord.em_state == "PROPOSED") {
      if (l->coord.em_state == "NONE") {
        if (auto s = SetEmState(tx, l->coord, "propose"); !s) return s;
      }
      if (auto s = SetEmState(tx, l->coord, "accept"); !s) return s;
    }
    l->coord.publication.state = domain::PublicationDateState::kAgreed;
    l->coord.publication.at = at;
    l->coord.publication.early_reason = reason;
    if (auto s = tx.coordination().UpdateCoordination(l->coord); !s) return s;
    if (auto s = Announce(tx, actor, id, "case.date_changed",
                               Both(ctx_.catalog, "case.msg.date_early",
                                    {{"date", FormatDateTime(at)}, {"reason", reason}}));
        !s) {
      return s;
    }
    return Record(tx, actor, id, "case.date_early", "publication_at", previous ? FormatIsoUtc(*previous) : "",
                  FormatIsoUtc(at));
  });
}

Status Coordination::RequestCriticalInfraPrerelease(const Actor& actor, CaseId id, const std::string& sector,
                                                    const std::string& note) {
  const auto& sectors = domain::CriticalInfraSectors();
  if (std::find(sectors.begin(), sectors.end(), sector) == sectors.end()) {
    return Error::Invalid("sector", "sector must be one of the twelve critical-infrastructure sectors (G4-4)");
  }
  if (auto s = CheckText("note", note, domain::kMaxLongField); !s) return s;
  return ctx_.store.Write([&](store::Tx& tx) -> Status {
    auto l = Load(tx, actor, id, CaseAction::kCoordinate);
    if (!l) return l.error();
    auto pid = tx.coordination().InsertPrerelease({.case_id = id, .kind = "critical_infra", .sector = sector,
                                                   .note = note, .requested_by = actor.id(),
                                                   .created_at = ctx_.clock.Now()});
    if (!pid) return pid.error();
    return Record(tx, actor, id, "case.prerelease_requested", "critical_infra", "", sector);
  });
}

Status Coordination::DecidePrerelease(const Actor& actor, CaseId id, std::int64_t prerelease_id, bool approve,
                                      const std::string& note) {
  if (auto s = CheckText("note", note, domain::kMaxLongField); !s) return s;
  return ctx_.store.Write([&](store::Tx& tx) -> Status {
    auto l = Load(tx, actor, id, CaseAction::kCoordinate);
    if (!l) return l.error();
    auto list = tx.coordination().ListPrereleases(id);
    if (!list) return list.error();
    auto it = std::find_if(list->begin(), list->end(), [&](const auto& p) { return p.id == prerelease_id; });
    if (it == list->end()) return Error::NotFound("pre-release not found");
    if (it->state != "requested") return Error::Conflict("this pre-release was already decided");
    it->state = approve ? "approved" : "refused";
    it->decided_by = actor.id();
    it->decided_at = ctx_.clock.Now();
    if (!note.empty()) it->note = note;
    if (auto s = tx.coordination().UpdatePrerelease(*it); !s) return s;
    return Record(tx, actor, id, "case.prerelease_decided", it->kind, "requested", it->state);
  });
}

Status Coordination::DecideProposal(const Actor& actor, CaseId id, std::int64_t proposal_id, bool approve,
                                    std::optional<std::int64_t> vendor_id) {
  return ctx_.store.Write([&](store::Tx& tx) -> Status {
    auto l = Load(tx, actor, id, CaseAction::kCoordinate);
    if (!l) return l.error();
    auto list = tx.coordination().ListProposals(id);
    if (!list) return list.error();
    auto it = std::find_if(list->begin(), list->end(), [&](const auto& p) { return p.id == proposal_id; });
    if (it == list->end()) return Error::NotFound("proposal not found");
    if (it->state != "pending") return Error::Conflict("this proposal was already decided");
    it->state = approve ? "approved" : "rejected";
    it->decided_at = ctx_.clock.Now();
    if (approve) {
      const auto target = vendor_id ? vendor_id : it->vendor_id;
      if (!target) return Error::Invalid("vendor_id", "choose the registered vendor this proposal names");
      it->vendor_id = *target;
      auto vendor = tx.coordination().FindVendor(*target);
      if (!vendor) return Error::Invalid("vendor_id", "no such vendor");
      // Upstream vendors are notified first (P-G).
      const int tier = it->relation == "upstream" ? 0 : it->relation == "downstream" ? 2 : 1;
      auto inserted = tx.coordination().InsertCaseVendor({.case_id = id, .vendor_id = *target, .tier = tier});
      if (!inserted && inserted.error().code != ErrorCode::kConflict) return inserted.error();
    }
    if (auto s = tx.coordination().UpdateProposal(*it); !s) return s;
    return Record(tx, actor, id, "case.proposal_decided", it->vendor_name, "pending", it->state);
  });
}

Status Coordination::ApplyStatement(store::Tx& tx, const Actor& actor, CaseId id, CaseVendor& v,
                                    const StatementInput& in) {
  if (auto s = domain::ValidateStatement(in.statement, in.advisory_url); !s) return s;
  if (!v.details_released_at) return Error::Conflict("a statement needs the details released first");
  const auto now = ctx_.clock.Now();
  const auto before = domain::EffectiveStatus(v);
  v.status = in.status;
  v.statement = in.statement;
  v.advisory_url = in.advisory_url;
  v.statement_at = now;
  v.last_answer_at = now;
  v.answer_due.reset();
  // Vultron case state: F needs V, D needs F, and the table's order rules.
  auto coord = tx.coordination().FindCoordination(id);
  if (!coord) return coord.error();
  domain::CaseState cs = domain::CombineCaseState(LettersOf(v), PublicOf(*coord));
  for (auto [wanted, letter] : {std::pair{in.fix_ready, 'F'}, std::pair{in.fix_deployed, 'D'}}) {
    if (!wanted || cs.Has(letter)) continue;
    auto next = Rules().ApplyCs(cs, letter);
    if (!next) return Error::Invalid(letter == 'F' ? "fix_ready" : "fix_deployed", next.error().message);
    cs = *next;
  }
  v.fix_ready = cs.fix_ready;
  v.fix_deployed = cs.fix_deployed;
  if (auto s = tx.coordination().UpdateCaseVendor(v); !s) return s;
  if (auto s = tx.coordination().AppendStatusHistory({.case_id = id, .vendor_id = v.vendor_id, .status = in.status,
                                                      .statement = in.statement, .advisory_url = in.advisory_url,
                                                      .at = now, .by_user = actor.id()});
      !s) {
    return s;
  }
  if (auto s = NotePublicStatusChange(tx, ctx_, id, v.vendor_name, in.status, now); !s) return s;
  return Record(tx, actor, id, "case.statement", v.vendor_name,
                before ? std::string(domain::Wording(*before).name) : "", std::string(domain::Wording(in.status).name));
}

Status Coordination::FileStatementFor(const Actor& actor, CaseId id, std::int64_t vendor_id,
                                      const StatementInput& in) {
  return ctx_.store.Write([&](store::Tx& tx) -> Status {
    auto l = Load(tx, actor, id, CaseAction::kCoordinate);
    if (!l) return l.error();
    auto v = tx.coordination().FindCaseVendor(id, vendor_id);
    if (!v) return Error::NotFound("vendor not in case");
    return ApplyStatement(tx, actor, id, *v, in);
  });
}

Status Coordination::CloseWithoutPublication(const Actor& actor, CaseId id, const std::string& reason) {
  if (reason.empty() || reason.size() > domain::kMaxLongField || !domain::IsValidUtf8(reason)) {
    return Error::Invalid("reason", "give the reason the case is closed without publication");
  }
  return ctx_.store.Write([&](store::Tx& tx) -> Status {
    auto l = Load(tx, actor, id, CaseAction::kCoordinate);
    if (!l) return l.error();
    if (l->coord.closed_at) return Error::Conflict("the case is already closed");
    l->coord.closed_at = ctx_.clock.Now();
    if (l->coord.em_state == "ACTIVE" || l->coord.em_state == "REVISE") {
      if (auto s = SetEmState(tx, l->coord, "terminate"); !s) return s;
    } else if (l->coord.em_state == "PROPOSED") {
      if (auto s = SetEmState(tx, l->coord, "reject"); !s) return s;
    }
    if (auto s = tx.coordination().UpdateCoordination(l->coord); !s) return s;
    if (auto s = tx.coordination().UpdateCaseStatus(id, "closed_unpublished"); !s) return s;
    // The finder is told (P-F), in their report's thread and language.
    auto report = tx.FindReport(l->c.report_id);
    if (!report) return report.error();
    auto mid = tx.InsertMessage({.report_id = report->id, .author_id = actor.id(), .author_name = Name(actor),
                                 .author_role = actor.user->role,
                                 .body = ctx_.catalog.Format(report->submission.language, "finder.msg.case_closed",
                                                             {{"identifier", l->c.identifier}, {"reason", reason}}),
                                 .created_at = ctx_.clock.Now()});
    if (!mid) return mid.error();
    return Record(tx, actor, id, "case.closed", "status", l->c.status, "closed_unpublished");
  });
}

// --- Vendor ----------------------------------------------------------------------

Result<VendorCaseView> Coordination::VendorView(const Actor& actor, CaseId id) {
  auto view = LoadVendorView(actor, id);
  if (view) AuditRead(actor, id, "case.vendor_read");
  return view;
}

Result<VendorCaseView> Coordination::LoadVendorView(const Actor& actor, CaseId id) {
  VendorCaseView view;
  auto st = ctx_.store.Read([&](store::Tx& tx) -> Status {
    auto l = Load(tx, actor, id, CaseAction::kViewAsVendor);
    if (!l) return l.error();
    view.c = std::move(l->c);
    view.me = std::move(*l->my_vendor);
    view.overview = l->coord.overview;
    view.status = domain::EffectiveStatus(view.me);
    const bool details = view.me.details_released_at.has_value();
    if (details) {
      view.details = l->coord.details;
      view.publication = l->coord.publication;
      view.embargo_ended = EmbargoEnded(l->coord);
    } else {
      view.c.title.clear();  // the title can carry technical detail
    }
    // The clocks from this vendor's own initial contact: the earliest contact
    // of the case may be another (upstream) vendor's, which is not its to know.
    view.clocks = domain::ComputeClocks({view.me}, clocks_);
    auto inv = tx.coordination().ListInvestigations(id, view.me.vendor_id);
    if (!inv) return inv.error();
    view.my_investigations = std::move(*inv);
    auto hist = tx.coordination().ListStatusHistory(id, view.me.vendor_id);
    if (!hist) return hist.error();
    view.my_history = std::move(*hist);
    auto proposals = tx.coordination().ListProposals(id);
    if (!proposals) return proposals.error();
    for (auto& p : *proposals) {
      if (p.proposed_by == view.me.vendor_id) view.my_proposals.push_back(std::move(p));
    }
    auto partners = tx.coordination().ListPartners(id);
    if (!partners) return partners.error();
    for (auto& p : *partners) {
      if (p.vendor_id == view.me.vendor_id) view.my_partners.push_back(std::move(p));
    }
    auto pre = tx.coordination().ListPrereleases(id);
    if (!pre) return pre.error();
    for (auto& p : *pre) {
      if (p.vendor_id && *p.vendor_id == view.me.vendor_id) view.my_prenotifications.push_back(std::move(p));
    }
    return {};
  });
  if (!st) return st.error();
  return view;
}

Status Coordination::AnswerOverview(const Actor& actor, CaseId id, domain::OverviewAnswer answer) {
  if (answer == domain::OverviewAnswer::kNone) return Error::Invalid("answer", "answer may_be_affected or not_affected");
  return ctx_.store.Write([&](store::Tx& tx) -> Status {
    auto l = Load(tx, actor, id, CaseAction::kVendorAnswer);
    if (!l) return l.error();
    CaseVendor& v = *l->my_vendor;
    if (v.overview_answer != domain::OverviewAnswer::kNone) return Error::Conflict("the overview was already answered");
    const auto now = ctx_.clock.Now();
    v.overview_answer = answer;
    v.overview_answered_at = now;
    v.last_answer_at = now;
    v.answer_due.reset();
    if (answer == domain::OverviewAnswer::kMayBeAffected) {
      v.details_requested_at = now;
      if (auto rm = AdvanceRm(v, {"validate"}); !rm) return rm;
    } else {
      if (auto rm = AdvanceRm(v, {"invalidate", "close"}); !rm) return rm;
    }
    if (auto s = tx.coordination().UpdateCaseVendor(v); !s) return s;
    return Record(tx, actor, id, "case.overview_answered", v.vendor_name, "",
                  std::string(domain::OverviewAnswerName(answer)));
  });
}

Status Coordination::FileInvestigation(const Actor& actor, CaseId id, domain::InvestigationReport report) {
  if (auto s = domain::ValidateInvestigation(report); !s) return s;
  return ctx_.store.Write([&](store::Tx& tx) -> Status {
    auto l = Load(tx, actor, id, CaseAction::kVendorDetails);
    if (!l) return l.error();
    CaseVendor& v = *l->my_vendor;
    const auto now = ctx_.clock.Now();
    // The form starts from the last report: the same other developers filed again are no new proposal.
    std::string previous_others;
    auto earlier = tx.coordination().ListInvestigations(id, v.vendor_id);
    if (!earlier) return earlier.error();
    if (!earlier->empty()) previous_others = earlier->back().other_developers;
    report.case_id = id;
    report.vendor_id = v.vendor_id;
    report.at = now;
    report.by_user = actor.id();
    auto rid = tx.coordination().InsertInvestigation(report);
    if (!rid) return rid.error();
    v.investigation_at = now;
    v.last_answer_at = now;
    v.answer_due.reset();
    if (auto s = tx.coordination().UpdateCaseVendor(v); !s) return s;
    // Other developers it believes affected: the coordinator widens the case (G3-3).
    if (!report.other_developers.empty() && report.other_developers != previous_others) {
      auto pid = tx.coordination().InsertProposal({.case_id = id, .proposed_by = v.vendor_id,
                                                   .vendor_name = report.other_developers.substr(0, 300),
                                                   .relation = "other", .reason = "investigation report",
                                                   .created_at = now});
      if (!pid) return pid.error();
    }
    return Record(tx, actor, id, "case.investigation", v.vendor_name, "",
                  std::string(domain::AffectedName(report.affected)));
  });
}

Status Coordination::FileStatement(const Actor& actor, CaseId id, const StatementInput& in) {
  return ctx_.store.Write([&](store::Tx& tx) -> Status {
    auto l = Load(tx, actor, id, CaseAction::kVendorDetails);
    if (!l) return l.error();
    return ApplyStatement(tx, actor, id, *l->my_vendor, in);
  });
}

Status Coordination::RespondDate(const Actor& actor, CaseId id, bool accept, const std::string& comment) {
  if (auto s = CheckText("comment", comment, domain::kMaxLongField); !s) return s;
  if (!accept && comment.empty()) return Error::Invalid("comment", "say which date you need and why");
  return ctx_.store.Write([&](store::Tx& tx) -> Status {
    auto l = Load(tx, actor, id, CaseAction::kVendorDetails);
    if (!l) return l.error();
    if (l->coord.publication.state == domain::PublicationDateState::kNone) {
      return Error::Conflict("no publication date has been proposed");
    }
    CaseVendor& v = *l->my_vendor;
    const auto now = ctx_.clock.Now();
    v.date_response = accept ? domain::DateResponse::kAccepted : domain::DateResponse::kRevisionRequested;
    v.date_comment = comment;
    v.last_answer_at = now;
    v.answer_due.reset();
    if (auto s = tx.coordination().UpdateCaseVendor(v); !s) return s;
    if (!accept) {
      // A revision request goes to the coordinator, who re-agrees it with everyone (G4-1).
      if (l->coord.publication.state == domain::PublicationDateState::kAgreed) {
        if (auto s = SetEmState(tx, l->coord, "propose"); !s) return s;
        l->coord.publication.state = domain::PublicationDateState::kProposed;
        if (auto s = tx.coordination().UpdateCoordination(l->coord); !s) return s;
      }
      if (auto s = SystemMessage(tx, actor, id, domain::ThreadKind::kVendor, v.vendor_id,
                                 Both(ctx_.catalog, "case.msg.revision_requested", {{"comment", comment}}));
          !s) {
        return s;
      }
    }
    if (auto s = Record(tx, actor, id, "case.date_response", v.vendor_name, "",
                        std::string(domain::DateResponseName(v.date_response)));
        !s) {
      return s;
    }
    // The agreement is announced by the system, not by the vendor that answered last.
    return accept ? MaybeAgree(tx, SystemActor(), id) : Status{};
  });
}

Status Coordination::ProposeVendor(const Actor& actor, CaseId id, const std::string& name,
                                   const std::string& relation, const std::string& reason) {
  if (name.empty() || name.size() > domain::kMaxShortField || !domain::IsValidUtf8(name)) {
    return Error::Invalid("vendor_name", "vendor_name is required (at most 300 bytes)");
  }
  if (relation != "upstream" && relation != "downstream" && relation != "other") {
    return Error::Invalid("relation", "relation must be upstream, downstream or other");
  }
  if (auto s = CheckText("reason", reason, domain::kMaxLongField); !s) return s;
  return ctx_.store.Write([&](store::Tx& tx) -> Status {
    auto l = Load(tx, actor, id, CaseAction::kVendorDetails);
    if (!l) return l.error();
    auto pid = tx.coordination().InsertProposal({.case_id = id, .proposed_by = l->my_vendor->vendor_id,
                                                 .vendor_name = name, .relation = relation, .reason = reason,
                                                 .created_at = ctx_.clock.Now()});
    if (!pid) return pid.error();
    return Record(tx, actor, id, "case.vendor_proposed", l->my_vendor->vendor_name, "", name);
  });
}

Status Coordination::SubmitPartner(const Actor& actor, CaseId id, const std::string& organisation,
                                   const std::string& person, const std::string& email) {
  if (organisation.empty() || organisation.size() > domain::kMaxShortField || !domain::IsValidUtf8(organisation)) {
    return Error::Invalid("organisation", "organisation is required (at most 300 bytes)");
  }
  if (person.empty() || person.size() > domain::kMaxShortField || !domain::IsValidUtf8(person)) {
    return Error::Invalid("person", "person is required (at most 300 bytes)");
  }
  if (auto s = ValidateEmail(email); !s) return s;
  return ctx_.store.Write([&](store::Tx& tx) -> Status {
    auto l = Load(tx, actor, id, CaseAction::kVendorDetails);
    if (!l) return l.error();
    auto pid = tx.coordination().InsertPartner({.case_id = id, .vendor_id = l->my_vendor->vendor_id,
                                                .organisation = organisation, .person = person, .email = email,
                                                .created_at = ctx_.clock.Now()});
    if (!pid) {
      if (pid.error().code == ErrorCode::kConflict) return Error::Conflict("this contact was already submitted");
      return pid.error();
    }
    return Record(tx, actor, id, "case.partner_submitted", l->my_vendor->vendor_name, "", organisation);
  });
}

Status Coordination::RequestCustomerPrenotification(const Actor& actor, CaseId id, const std::string& note) {
  if (auto s = CheckText("note", note, domain::kMaxLongField); !s) return s;
  return ctx_.store.Write([&](store::Tx& tx) -> Status {
    auto l = Load(tx, actor, id, CaseAction::kVendorDetails);
    if (!l) return l.error();
    auto pid = tx.coordination().InsertPrerelease({.case_id = id, .kind = "customer_prenotification",
                                                   .vendor_id = l->my_vendor->vendor_id, .note = note,
                                                   .requested_by = actor.id(), .created_at = ctx_.clock.Now()});
    if (!pid) return pid.error();
    return Record(tx, actor, id, "case.prerelease_requested", "customer_prenotification", "",
                  l->my_vendor->vendor_name);
  });
}

// --- Partners ----------------------------------------------------------------------

Result<domain::User> Coordination::JoinAsPartner(const std::string& case_identifier, const std::string& email,
                                                 const std::string& name, const std::string& password) {
  if (auto s = CheckPasswordPolicy(password); !s) return s.error();
  if (name.empty() || name.size() > domain::kMaxShortField || !domain::IsValidUtf8(name)) {
    return Error::Invalid("display_name", "display_name is required (at most 300 bytes)");
  }
  auto hash = HashPassword(password);
  if (!hash) return hash.error();
  domain::User user{.email = email, .display_name = name, .role = Role::kRelatedOrg};
  auto st = ctx_.store.Write([&](store::Tx& tx) -> Status {
    // The same answer for an unknown case and an unknown contact: nothing leaks.
    const Error denied = Error::Unauthenticated("the case identifier and contact do not match a submitted partner");
    auto c = tx.FindCaseByIdentifier(case_identifier);
    if (!c) return denied;
    auto partners = tx.coordination().ListPartners(c->id);
    if (!partners) return partners.error();
    auto it = std::find_if(partners->begin(), partners->end(), [&](const domain::CasePartner& p) {
      return std::equal(p.email.begin(), p.email.end(), email.begin(), email.end(),
                        [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) ==
                                                    std::tolower(static_cast<unsigned char>(b)); });
    });
    if (it == partners->end()) return denied;
    if (it->admitted_at) return Error::Conflict("this partner has already registered; log in instead");
    auto uid = tx.InsertUser(user, *hash);
    if (!uid) {
      if (uid.error().code == ErrorCode::kConflict) {
        return Error::Conflict("an account with this email already exists; ask the coordinator");
      }
      return uid.error();
    }
    user.id = *uid;
    it->user_id = user.id;
    it->admitted_at = ctx_.clock.Now();
    if (auto s = tx.coordination().UpdatePartner(*it); !s) return s;
    if (auto s = tx.AddCaseMember(c->id, user.id, "related_org"); !s) return s;
    Actor as_partner{user};
    return Record(tx, as_partner, c->id, "case.partner_admitted", it->organisation, "", name);
  });
  if (!st) return st.error();
  return user;
}

Result<PartnerCaseView> Coordination::PartnerView(const Actor& actor, CaseId id) {
  auto view = LoadPartnerView(actor, id);
  if (view) AuditRead(actor, id, "case.partner_read");
  return view;
}

Result<PartnerCaseView> Coordination::LoadPartnerView(const Actor& actor, CaseId id) {
  PartnerCaseView view;
  auto st = ctx_.store.Read([&](store::Tx& tx) -> Status {
    auto l = Load(tx, actor, id, CaseAction::kViewAsPartner);
    if (!l) return l.error();
    view.c = std::move(l->c);
    view.overview = l->coord.overview;
    view.details = l->coord.details;
    view.me = std::move(*l->my_partner);
    return {};
  });
  if (!st) return st.error();
  return view;
}

// --- Threads -------------------------------------------------------------------------

Result<std::vector<domain::CaseMessage>> Coordination::Messages(const Actor& actor, CaseId id,
                                                                domain::ThreadKind thread, std::int64_t party_id,
                                                                const store::MessagePage& page) {
  std::vector<domain::CaseMessage> out;
  auto st = ctx_.store.Read([&](store::Tx& tx) -> Status {
    auto l = Load(tx, actor, id, thread == domain::ThreadKind::kCase ? CaseAction::kCaseThread
                                 : actor.user && actor.user->role == Role::kVendor ? CaseAction::kViewAsVendor
                                 : actor.user && actor.user->role == Role::kRelatedOrg ? CaseAction::kViewAsPartner
                                                                                       : CaseAction::kCoordinate);
    if (!l) return l.error();
    // A vendor reads only its own thread, a partner only its own (G8-3).
    if (thread == domain::ThreadKind::kVendor && l->my_vendor && l->my_vendor->vendor_id != party_id) {
      return Error::NotFound("thread not found");
    }
    // Otherwise only coordinators (Load checked their assignment) read a vendor's thread: an admitted
    // partner is a case member too, but never reads its vendor's exchange with the coordinator (G8-2, G8-3).
    if (thread == domain::ThreadKind::kVendor && !l->my_vendor && actor.user->role != Role::kCoordinator &&
        actor.user->role != Role::kLeadCoordinator) {
      return Error::NotFound("thread not found");
    }
    if (thread == domain::ThreadKind::kPartner) {
      if (l->my_partner ? l->my_partner->id != party_id : l->my_vendor.has_value()) {
        return Error::NotFound("thread not found");
      }
    }
    if (thread == domain::ThreadKind::kCase) party_id = 0;
    auto list = tx.coordination().ListCaseMessages(id, thread, party_id, page);
    if (!list) return list.error();
    out = std::move(*list);
    return {};
  });
  if (!st) return st.error();
  return out;
}

Result<domain::CaseMessage> Coordination::Post(const Actor& actor, CaseId id, domain::ThreadKind thread,
                                               std::int64_t party_id, const std::string& body) {
  if (auto s = domain::ValidateMessageBody(body); !s) return s.error();
  domain::CaseMessage m;
  auto st = ctx_.store.Write([&](store::Tx& tx) -> Status {
    const Role role = actor.user ? actor.user->role : Role::kFinder;
    const CaseAction action = thread == domain::ThreadKind::kCase ? CaseAction::kCaseThread
                              : role == Role::kVendor             ? CaseAction::kViewAsVendor
                              : role == Role::kRelatedOrg         ? CaseAction::kViewAsPartner
                                                                  : CaseAction::kCoordinate;
    auto l = Load(tx, actor, id, action);
    if (!l) return l.error();
    if (thread == domain::ThreadKind::kVendor) {
      if (l->my_vendor) {
        party_id = l->my_vendor->vendor_id;  // a vendor posts only to its own thread
      } else if (role != Role::kCoordinator && role != Role::kLeadCoordinator) {
        return Error::NotFound("thread not found");  // a partner never writes to its vendor's thread (G8-3)
      }
      auto v = tx.coordination().FindCaseVendor(id, party_id);
      if (!v) return Error::NotFound("thread not found");
      if (l->my_vendor) {
        // An answer from the vendor: it is no longer silent.
        v->last_answer_at = ctx_.clock.Now();
        v->answer_due.reset();
        if (auto s = tx.coordination().UpdateCaseVendor(*v); !s) return s;
      }
    } else if (thread == domain::ThreadKind::kPartner) {
      if (l->my_partner) party_id = l->my_partner->id;
      else if (l->my_vendor) return Error::NotFound("thread not found");
    } else {
      party_id = 0;
    }
    m = {.case_id = id, .thread = thread, .party_id = party_id, .author_id = actor.id(), .author_name = Name(actor),
         .author_role = role, .body = body, .created_at = ctx_.clock.Now()};
    auto mid = tx.coordination().InsertCaseMessage(m);
    if (!mid) return mid.error();
    m.id = *mid;
    return tx.coordination().BumpCaseVersion(id);
  });
  if (!st) return st.error();
  return m;
}

Result<std::shared_ptr<const CachedRendering>> Coordination::RenderedView(const Actor& actor, CaseId id,
                                                                          const std::string& format,
                                                                          const CaseViewRenderer& render,
                                                                          const std::string& hole,
                                                                          std::size_t fill_size) {
  if (actor.IsAnonymous()) return Error::Unauthenticated();
  // Read the generation first: a write racing with this read makes the key
  // older than the data, never newer, so a stale entry is never served.
  const std::uint64_t generation = ctx_.store.Generation();
  const Role role = actor.user->role;
  const char* audience = role == Role::kVendor ? "vendor" : role == Role::kRelatedOrg ? "partner" : "coordinator";
  // Authorise (and learn the party) with the same checks as the full views.
  std::int64_t party = 0;
  auto st = ctx_.store.Read([&](store::Tx& tx) -> Status {
    const CaseAction action = role == Role::kVendor       ? CaseAction::kViewAsVendor
                              : role == Role::kRelatedOrg ? CaseAction::kViewAsPartner
                                                          : CaseAction::kCoordinate;
    auto l = Load(tx, actor, id, action);
    if (!l) return l.error();
    if (l->my_vendor) party = l->my_vendor->vendor_id;
    if (l->my_partner) party = l->my_partner->id;
    return {};
  });
  if (!st) return st.error();
  const auto now = ctx_.clock.Now();
  AuditRead(actor, id, party == 0 ? std::string("case.read") : std::string("case.") + audience + "_read");
  // Engagement (silent or not) is derived from the time: entries live for a minute.
  const auto minute = std::chrono::floor<std::chrono::minutes>(now).time_since_epoch().count();
  const std::string key = fmt::format("{}|{}|{}|{}|{}|{}", generation, id, audience, party, format, minute);
  if (auto hit = rendered_.Get(key)) return hit;
  std::string bytes;
  if (role == Role::kVendor) {
    auto v = LoadVendorView(actor, id);
    if (!v) return v.error();
    bytes = render(AnyCaseView{std::move(*v)});
  } else if (role == Role::kRelatedOrg) {
    auto v = LoadPartnerView(actor, id);
    if (!v) return v.error();
    bytes = render(AnyCaseView{std::move(*v)});
  } else {
    auto v = LoadView(actor, id);
    if (!v) return v.error();
    bytes = render(AnyCaseView{std::move(*v)});
  }
  if (bytes.empty()) {
    // A renderer that failed (it reports why to its caller) is not cached.
    return std::make_shared<const CachedRendering>();
  }
  // Compressed here, once per cached rendering, not per response.
  util::GzipTemplate gzip(bytes, hole, fill_size);
  auto value = std::make_shared<const CachedRendering>(CachedRendering{std::move(bytes), std::move(gzip)});
  rendered_.Put(key, value);
  return value;
}

Status Coordination::SetPublicFlag(const Actor& actor, CaseId id, char flag) {
  if (flag != 'P' && flag != 'X' && flag != 'A') return Error::Invalid("flag", "flag must be P, X or A");
  return ctx_.store.Write([&](store::Tx& tx) -> Status {
    auto l = Load(tx, actor, id, CaseAction::kCoordinate);
    if (!l) return l.error();
    auto vendors = tx.coordination().ListCaseVendors(id);
    if (!vendors) return vendors.error();
    // P, X and A are case-wide: the event must be legal from every vendor's state.
    domain::MultiVendorCaseState state{.public_letters = PublicOf(l->coord)};
    for (const auto& v : *vendors) state.vendors.emplace(std::to_string(v.vendor_id), LettersOf(v));
    auto next = Rules().ApplyCaseEvent(state, flag);
    if (!next) return next.error();
    l->coord.public_aware = next->public_letters.public_aware;
    l->coord.exploit_public = next->public_letters.exploit_public;
    l->coord.attacks_observed = next->public_letters.attacks_observed;
    // The embargo must end once the issue or an exploit is public, and should once attacks are seen.
    if (l->coord.em_state == "ACTIVE" || l->coord.em_state == "REVISE") {
      if (auto s = SetEmState(tx, l->coord, "terminate"); !s) return s;
    } else if (l->coord.em_state == "PROPOSED") {
      if (auto s = SetEmState(tx, l->coord, "reject"); !s) return s;
    }
    if (auto s = tx.coordination().UpdateCoordination(l->coord); !s) return s;
    return Record(tx, actor, id, "case.vultron", std::string(1, flag), "false", "true");
  });
}

}  // namespace cvdhub::app

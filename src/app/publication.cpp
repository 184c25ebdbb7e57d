#include "app/publication.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>

#include "app/coordination.hpp"
#include "app/notifications.hpp"
#include "domain/search.hpp"

namespace cvdhub::app {
namespace {

using domain::AdvisoryState;
using domain::CaseId;
using domain::Role;

std::string Name(const Actor& a) { return a.user ? a.user->display_name : "cvdhub"; }

Status CheckNote(std::string_view field, std::string_view value, std::size_t max) {
  if (value.size() > max || !domain::IsValidUtf8(value)) {
    return Error::Invalid(std::string(field),
                          std::string(field) + " must be valid UTF-8 of at most " + std::to_string(max) + " bytes");
  }
  return {};
}

int UtcYear(Timestamp t) {
  return static_cast<int>(std::chrono::year_month_day(std::chrono::floor<std::chrono::days>(t)).year());
}

// The vendor table as it stands (G3: every vendor the details were released
// to), each row with its dated statement history.
Result<std::vector<domain::AdvisoryVendorRow>> VendorTable(store::Tx& tx, CaseId id) {
  auto vendors = tx.coordination().ListCaseVendors(id);
  if (!vendors) return vendors.error();
  auto history = tx.coordination().ListStatusHistory(id, std::nullopt);
  if (!history) return history.error();
  std::vector<domain::AdvisoryVendorRow> rows;
  for (const auto& v : *vendors) {
    const auto status = domain::EffectiveStatus(v);
    if (!domain::InVendorTable(v) || !status) continue;
    domain::AdvisoryVendorRow row{.vendor_id = v.vendor_id, .vendor_name = v.vendor_name, .status = *status,
                                  .statement = v.statement, .advisory_url = v.advisory_url,
                                  .updated_at = v.statement_at ? v.statement_at : v.details_released_at};
    auto vendor = tx.coordination().FindVendor(v.vendor_id);
    if (!vendor) return vendor.error();
    row.vendor_name_en = vendor->name_en;
    for (const auto& h : *history) {
      if (h.vendor_id == v.vendor_id) row.history.push_back(h);
    }
    rows.push_back(std::move(row));
  }
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.vendor_name < b.vendor_name; });
  return rows;
}

// "/advisories/JVN%2312345678": the portal path of an advisory ('#' encoded).
std::string AdvisoryUrlPath(std::string_view identifier) {
  std::string path = "/advisories/";
  for (char c : identifier) {
    if (c == '#') {
      path += "%23";
    } else {
      path += c;
    }
  }
  return path;
}

// A new advisory drafted from what the case already knows.
domain::Advisory DraftFromCase(const Coordination::Loaded& l, const domain::Report& report, Timestamp now) {
  domain::Advisory a;
  a.case_id = l.c.id;
  a.identifier = l.c.identifier;
  a.created_at = a.updated_at = now;
  a.sections.title.ja = l.c.title;
  a.sections.overview.ja = l.coord.overview;
  a.sections.description.ja = l.coord.details;
  if (report.submission.wants_credit) {
    const std::string& who = report.submission.credit_name.empty() ? report.submission.finder_name
                                                                     : report.submission.credit_name;
    if (!who.empty()) {
      a.sections.acknowledgements.ja = who + " 氏が報告しました。";
      a.sections.acknowledgements.en = who + " reported this vulnerability.";
      a.sections.acknowledgements.translation = domain::Translation::kDraft;
    }
  }
  return a;
}

// The English side is outdated once the Japanese it was checked against changes.
void MarkOutdated(const domain::Bilingual& before, domain::Bilingual& after) {
  if (before.translation == domain::Translation::kDone && after.translation == domain::Translation::kDone &&
      before.ja != after.ja && before.en == after.en) {
    after.translation = domain::Translation::kOutdated;
  }
}

}  // namespace

Publication::Publication(Context& ctx, Coordination& coordination) : ctx_(ctx), coordination_(coordination) {}

// --- The coordinator -------------------------------------------------------------

Result<AdvisoryDraftView> Publication::Draft(const Actor& actor, CaseId id) {
  // Created on first read, in its own write; later reads only read.
  auto created = ctx_.store.Write([&](store::Tx& tx) -> Status {
    auto l = coordination_.Load(tx, actor, id, CaseAction::kCoordinate);
    if (!l) return l.error();
    auto existing = tx.publication().FindAdvisoryByCase(id);
    if (existing) return {};
    if (existing.error().code != ErrorCode::kNotFound) return existing.error();
    auto report = tx.FindReport(l->c.report_id);
    if (!report) return report.error();
    auto aid = tx.publication().InsertAdvisory(DraftFromCase(*l, *report, ctx_.clock.Now()));
    if (!aid) return aid.error();
    return tx.AppendEvent({.subject_type = "case", .subject_id = id, .actor_id = actor.id(),
                           .actor_name = Name(actor), .at = ctx_.clock.Now(), .action = "advisory.drafted"});
  });
  if (!created) return created.error();
  AdvisoryDraftView view;
  auto st = ctx_.store.Read([&](store::Tx& tx) -> Status {
    auto l = coordination_.Load(tx, actor, id, CaseAction::kCoordinate);
    if (!l) return l.error();
    return LoadDraftView(tx, *l, std::nullopt, view);
  });
  if (!st) return st.error();
  ctx_.audit.Record({.user_id = actor.id(), .action = "advisory.draft_read", .subject_type = "case", .subject_id = id,
                     .at = ctx_.clock.Now()});
  return view;
}

Status Publication::LoadDraftView(store::Tx& tx, const Coordination::Loaded& l, std::optional<std::int64_t> vendor,
                                  AdvisoryDraftView& view) {
  auto a = tx.publication().FindAdvisoryByCase(l.c.id);
  if (!a) {
    return a.error().code == ErrorCode::kNotFound ? Error::Conflict("the advisory draft has not been shared for review")
                                                  : a.error();
  }
  view.advisory = std::move(a).value();
  view.c = l.c;
  view.publication_at = l.coord.publication.at;
  view.date_agreed = l.coord.publication.state == domain::PublicationDateState::kAgreed;
  auto table = VendorTable(tx, l.c.id);
  if (!table) return table.error();
  view.vendors = std::move(table).value();
  auto comments = tx.publication().ListComments(view.advisory.id, vendor);
  if (!comments) return comments.error();
  std::map<std::int64_t, std::string> names;
  for (const auto& row : view.vendors) names[row.vendor_id] = row.vendor_name;
  for (auto& c : *comments) {
    view.comments.push_back({.id = c.id, .vendor_id = c.vendor_id, .vendor_name = names[c.vendor_id],
                             .author_name = std::move(c.author_name), .body = std::move(c.body),
                             .created_at = c.created_at});
  }
  return {};
}

Status Publication::SaveDraft(const Actor& actor, CaseId id, const domain::Advisory& draft) {
  if (auto s = domain::ValidateAdvisory(draft, /*complete=*/false); !s) return s;
  return ctx_.store.Write([&](store::Tx& tx) -> Status {
    auto l = coordination_.Load(tx, actor, id, CaseAction::kCoordinate);
    if (!l) return l.error();
    auto current = tx.publication().FindAdvisoryByCase(id);
    if (!current) return current.error();
    if (current->state == AdvisoryState::kWithdrawn) return Error::Conflict("the advisory was withdrawn");
    domain::Advisory next = *current;
    next.sections = draft.sections;
    next.vulnerabilities = draft.vulnerabilities;
    next.products = draft.products;
    MarkOutdated(current->sections.title, next.sections.title);
    MarkOutdated(current->sections.overview, next.sections.overview);
    MarkOutdated(current->sections.affected, next.sections.affected);
    MarkOutdated(current->sections.description, next.sections.description);
    MarkOutdated(current->sections.impact, next.sections.impact);
    MarkOutdated(current->sections.solution, next.sections.solution);
    MarkOutdated(current->sections.coordinator_notes, next.sections.coordinator_notes);
    MarkOutdated(current->sections.acknowledgements, next.sections.acknowledgements);
    // A scheduled or published advisory must stay complete.
    if (current->state == AdvisoryState::kScheduled || current->state == AdvisoryState::kPublished) {
      if (auto s = domain::ValidateAdvisory(next); !s) return s;
    }
    const auto now = ctx_.clock.Now();
    if (auto s = tx.publication().UpdateAdvisoryContent(next, now); !s) return s;
    if (current->state == AdvisoryState::kPublished) {
      // A correction of a public advisory is a dated entry of its history (G6-5).
      if (auto u = tx.publication().InsertUpdate(
              current->id, {.at = now, .note_ja = std::string(ctx_.catalog.Get(domain::Language::kJa, "advisory.update.corrected")),
                            .note_en = std::string(ctx_.catalog.Get(domain::Language::kEn, "advisory.update.corrected"))});
          !u) {
        return u.error();
      }
      if (auto s = tx.publication().SetModified(current->id, now); !s) return s;
      if (auto s = IndexForSearch(tx, id); !s) return s;
    }
    return tx.AppendEvent({.subject_type = "case", .subject_id = id, .actor_id = actor.id(),
                           .actor_name = Name(actor), .at = now, .action = "advisory.saved"});
  });
}

Status Publication::MoveState(const Actor& actor, CaseId id, AdvisoryState from, AdvisoryState to,
                              const std::function<Status(store::Tx&, const Coordination::Loaded&,
                                                         const domain::Advisory&)>& also) {
  return ctx_.store.Write([&](store::Tx& tx) -> Status {
    auto l = coordination_.Load(tx, actor, id, CaseAction::kCoordinate);
    if (!l) return l.error();
    auto a = tx.publication().FindAdvisoryByCase(id);
    if (!a) return a.error().code == ErrorCode::kNotFound ? Error::Conflict("write the advisory draft first") : a.error();
    if (a->state != from) {
      return Error::Conflict(fmt::format("the advisory is {}, not {}", domain::AdvisoryStateName(a->state),
                                         domain::AdvisoryStateName(from)));
    }
    if (also) {
      if (auto s = also(tx, *l, *a); !s) return s;
    }
    const auto now = ctx_.clock.Now();
    if (auto s = tx.publication().MoveAdvisoryState(a->id, from, to, now); !s) return s;
    return tx.AppendEvent({.subject_type = "case", .subject_id = id, .actor_id = actor.id(),
                           .actor_name = Name(actor), .at = now, .action = "advisory.state",
                           .field = "state", .from_value = std::string(domain::AdvisoryStateName(from)),
                           .to_value = std::string(domain::AdvisoryStateName(to))});
  });
}

Status Publication::ShareForReview(const Actor& actor, CaseId id) {
  return MoveState(actor, id, AdvisoryState::kDraft, AdvisoryState::kReview,
                   [&](store::Tx& tx, const Coordination::Loaded& l, const domain::Advisory&) -> Status {
                     const std::string body =
                         ctx_.catalog.Format(domain::Language::kJa, "advisory.msg.review", {{"identifier", l.c.identifier}}) +
                         "\n\n" +
                         ctx_.catalog.Format(domain::Language::kEn, "advisory.msg.review", {{"identifier", l.c.identifier}});
                     return coordination_.Announce(tx, actor, id, "case.advisory_review", body, "advisory.subject.review");
                   });
}

Status Publication::Schedule(const Actor& actor, CaseId id) {
  auto check = [&](store::Tx& tx, const Coordination::Loaded&, const domain::Advisory& a) -> Status {
    if (auto s = domain::ValidateAdvisory(a); !s) return s;
    std::int64_t needed = 0;
    for (const auto& v : a.vulnerabilities) needed += v.cve_id.empty() ? 1 : 0;
    auto left = tx.publication().CountFreeCveIds();
    if (!left) return left.error();
    if (*left < needed) {
      return Error::Conflict(fmt::format("the CNA block has {} free CVE IDs and the advisory needs {}: add IDs with "
                                         "`cvdhub cve add-block`", *left, needed));
    }
    return {};
  };
  // From the draft (no review) or from review.
  auto st = MoveState(actor, id, AdvisoryState::kReview, AdvisoryState::kScheduled, check);
  if (!st && st.error().code == ErrorCode::kConflict && st.error().message.starts_with("the advisory is draft")) {
    return MoveState(actor, id, AdvisoryState::kDraft, AdvisoryState::kScheduled, check);
  }
  return st;
}

Status Publication::Unschedule(const Actor& actor, CaseId id) {
  return MoveState(actor, id, AdvisoryState::kScheduled, AdvisoryState::kReview, nullptr);
}

Status Publication::AddUpdate(const Actor& actor, CaseId id, const std::string& note_ja, const std::string& note_en) {
  if (note_ja.empty() && note_en.empty()) return Error::Invalid("note_ja", "write the update note");
  if (auto s = CheckNote("note_ja", note_ja, 4000); !s) return s;
  if (auto s = CheckNote("note_en", note_en, 4000); !s) return s;
  return ctx_.store.Write([&](store::Tx& tx) -> Status {
    auto l = coordination_.Load(tx, actor, id, CaseAction::kCoordinate);
    if (!l) return l.error();
    auto a = tx.publication().FindAdvisoryByCase(id);
    if (!a) return a.error();
    if (a->state != AdvisoryState::kPublished) return Error::Conflict("only a published advisory has an update history");
    const auto now = ctx_.clock.Now();
    auto u = tx.publication().InsertUpdate(a->id, {.at = now, .note_ja = note_ja.empty() ? note_en : note_ja,
                                                   .note_en = note_en.empty() ? note_ja : note_en});
    if (!u) return u.error();
    if (auto s = tx.publication().SetModified(a->id, now); !s) return s;
    return tx.AppendEvent({.subject_type = "case", .subject_id = id, .actor_id = actor.id(),
                           .actor_name = Name(actor), .at = now, .action = "advisory.update"});
  });
}

// --- The vendors -----------------------------------------------------------------

Result<AdvisoryDraftView> Publication::ReviewDraft(const Actor& actor, CaseId id) {
  AdvisoryDraftView view;
  auto st = ctx_.store.Read([&](store::Tx& tx) -> Status {
    auto l = coordination_.Load(tx, actor, id, CaseAction::kVendorDetails);
    if (!l) return l.error();
    if (auto s = LoadDraftView(tx, *l, l->my_vendor->vendor_id, view); !s) return s;
    if (view.advisory.state != AdvisoryState::kReview && view.advisory.state != AdvisoryState::kScheduled) {
      return Error::Conflict("the advisory draft has not been shared for review");
    }
    // A vendor sees its own row of the table only, never the others' statements (G8-3).
    std::erase_if(view.vendors, [&](const auto& row) { return row.vendor_id != l->my_vendor->vendor_id; });
    return {};
  });
  if (!st) return st.error();
  ctx_.audit.Record({.user_id = actor.id(), .action = "advisory.review_read", .subject_type = "case", .subject_id = id,
                     .at = ctx_.clock.Now()});
  return view;
}

Status Publication::Comment(const Actor& actor, CaseId id, const std::string& body) {
  if (body.empty()) return Error::Invalid("body", "write a comment");
  if (auto s = CheckNote("body", body, 20000); !s) return s;
  return ctx_.store.Write([&](store::Tx& tx) -> Status {
    auto l = coordination_.Load(tx, actor, id, CaseAction::kVendorDetails);
    if (!l) return l.error();
    auto a = tx.publication().FindAdvisoryByCase(id);
    if (!a && a.error().code != ErrorCode::kNotFound) return a.error();
    if (!a || (a->state != AdvisoryState::kReview && a->state != AdvisoryState::kScheduled)) {
      return Error::Conflict("the advisory draft has not been shared for review");
    }
    const auto now = ctx_.clock.Now();
    auto c = tx.publication().InsertComment({.advisory_id = a->id, .vendor_id = l->my_vendor->vendor_id,
                                            .author_id = actor.id(), .author_name = Name(actor), .body = body,
                                            .created_at = now});
    if (!c) return c.error();
    return tx.AppendEvent({.subject_type = "case", .subject_id = id, .actor_id = actor.id(),
                           .actor_name = Name(actor), .at = now, .action = "advisory.comment",
                           .field = l->my_vendor->vendor_name});
  });
}

// --- Publishing ------------------------------------------------------------------

Result<std::optional<Timestamp>> Publication::NextDue() {
  std::optional<Timestamp> next;
  auto st = ctx_.store.Read([&](store::Tx& tx) -> Status {
    auto scheduled = tx.publication().ListScheduled();
    if (!scheduled) return scheduled.error();
    if (!scheduled->empty()) next = scheduled->front().second;
    return {};
  });
  if (!st) return st.error();
  return next;
}

Result<int> Publication::PublishDue() {
  const auto now = ctx_.clock.Now();
  std::vector<CaseId> due;
  auto st = ctx_.store.Read([&](store::Tx& tx) -> Status {
    auto scheduled = tx.publication().ListScheduled();
    if (!scheduled) return scheduled.error();
    for (const auto& [case_id, at] : *scheduled) {
      if (at <= now) due.push_back(case_id);  // not a second earlier
    }
    return {};
  });
  if (!st) return st.error();
  int published = 0;
  for (CaseId id : due) {
    bool done = false;
    auto s = ctx_.store.Write([&](store::Tx& tx) -> Status {
      auto r = PublishOne(tx, id, now);
      if (!r) return r.error();
      done = *r;
      return {};
    });
    if (!s) {
      // Nothing was written; the next round tries again. The message names no content.
      spdlog::error("publication of case {} failed: {}", id, s.error().message);
      continue;
    }
    published += done ? 1 : 0;
  }
  return published;
}

Result<bool> Publication::PublishOne(store::Tx& tx, CaseId id, Timestamp now) {
  auto a = tx.publication().FindAdvisoryByCase(id);
  if (!a) return a.error();
  auto coord = tx.coordination().FindCoordination(id);
  if (!coord) return coord.error();
  // Re-checked inside the transaction: the date may have moved since the list was read.
  if (coord->publication.state != domain::PublicationDateState::kAgreed || !coord->publication.at ||
      *coord->publication.at > now) {
    return false;
  }
  auto marked = tx.publication().MarkPublished(a->id, now);
  if (!marked) return marked.error();
  if (!*marked) return false;  // another process published it first: exactly once
  // CVE IDs from the CNA block for every vulnerability without one (P-III).
  for (const auto& v : a->vulnerabilities) {
    if (!v.cve_id.empty()) continue;
    auto cve = tx.publication().TakeCveId(v.id, UtcYear(now), now);
    if (!cve) return cve.error();
    if (auto s = tx.publication().SetVulnerabilityCve(v.id, *cve, domain::CveSource::kCnaBlock); !s) return s.error();
  }
  // The case is public: Vultron P, and the embargo ends (ET).
  coord->public_aware = true;
  if (coord->em_state == "ACTIVE" || coord->em_state == "REVISE") {
    coord->em_state = "EXITED";
  } else if (coord->em_state == "PROPOSED") {
    coord->em_state = "NONE";
  }
  if (auto s = tx.coordination().UpdateCoordination(*coord); !s) return s.error();
  if (auto s = tx.coordination().UpdateCaseStatus(id, "published"); !s) return s.error();
  if (auto s = IndexForSearch(tx, id); !s) return s.error();
  // The finder is told (B), in their report's thread and by mail, in their language.
  auto c = tx.FindCase(id);
  if (!c) return c.error();
  auto report = tx.FindReport(c->report_id);
  if (!report) return report.error();
  const auto lang = report->submission.language;
  const std::string body = ctx_.catalog.Format(lang, "finder.msg.published", {{"identifier", c->identifier}});
  auto mid = tx.InsertMessage({.report_id = report->id, .author_id = 0, .author_name = "cvdhub",
                               .author_role = Role::kCoordinator, .body = body, .created_at = now});
  if (!mid) return mid.error();
  if (report->finder_user_id != 0) {
    auto finder = tx.FindUser(report->finder_user_id);
    if (!finder) return finder.error();
    if (auto s = Notify(tx, ctx_, {.kind = "report.published", .to_email = finder->user.email,
                                   .to_name = finder->user.display_name, .language = lang,
                                   .subject = std::string(ctx_.catalog.Get(lang, "advisory.subject.published")), .body = body,
                                   .reference = "report:" + std::to_string(report->id),
                                   .identifier = report->intake_number});
        !s) {
      return s.error();
    }
  }
  if (auto s = tx.AppendEvent({.subject_type = "case", .subject_id = id, .actor_id = 0, .actor_name = "cvdhub",
                               .at = now, .action = "advisory.published", .field = "state",
                               .from_value = "scheduled", .to_value = "published"});
      !s) {
    return s.error();
  }
  spdlog::info("published {}", c->identifier);  // public from this moment
  return true;
}

Status Publication::IndexForSearch(store::Tx& tx, CaseId id) {
  auto a = tx.publication().FindAdvisoryByCase(id);
  if (!a) return a.error();
  if (a->state != AdvisoryState::kPublished) return {};  // only public material is ever indexed
  auto table = VendorTable(tx, id);
  if (!table) return table.error();
  // Title in both languages; the rest of the text, both languages, for the index.
  domain::SearchDoc doc{.kind = domain::SearchKind::kAdvisory, .key = a->identifier,
                        .title = a->sections.title.ja, .url = AdvisoryUrlPath(a->identifier),
                        .published_at = a->published_at, .modified_at = a->modified_at};
  if (!a->sections.title.en.empty() && a->sections.title.en != a->sections.title.ja) {
    doc.title += " / " + a->sections.title.en;
  }
  auto add = [&doc](std::string_view text) {
    if (text.empty()) return;
    if (!doc.text.empty()) doc.text += '\n';
    doc.text += text;
  };
  add(a->identifier);
  for (const auto* b : {&a->sections.overview, &a->sections.affected, &a->sections.description,
                        &a->sections.impact, &a->sections.solution, &a->sections.coordinator_notes}) {
    add(b->ja);
    add(b->en);
  }
  for (const auto& v : a->vulnerabilities) {
    add(v.cve_id);
    add(v.cwe);
    add(v.title.ja);
    add(v.title.en);
    add(v.description.ja);
    add(v.description.en);
  }
  for (const auto& p : a->products) {
    add(p.vendor_name);
    add(p.product);
    add(p.purl);
    add(p.cpe);
  }
  for (const auto& row : *table) {
    add(row.vendor_name);
    add(row.vendor_name_en);
  }
  return tx.reference().UpsertSearchDoc(doc);
}

// --- The CNA block ---------------------------------------------------------------

Result<int> Publication::AddCveBlock(int year, std::int64_t first, std::int64_t last) {
  if (year < 1999 || year > 9999) return Error::Invalid("year", "the year of a CVE ID is 1999 or later");
  if (first < 1 || last < first) return Error::Invalid("range", "give a range FIRST-LAST with FIRST ≤ LAST");
  if (last - first >= 1'000'000) return Error::Invalid("range", "add at most 1,000,000 IDs at a time");
  int added = 0;
  auto st = ctx_.store.Write([&](store::Tx& tx) -> Status {
    auto n = tx.publication().AddCveIds(year, first, last);
    if (!n) return n.error();
    added = *n;
    return {};
  });
  if (!st) return st.error();
  return added;
}

Result<std::int64_t> Publication::CveIdsLeft() {
  std::int64_t left = 0;
  auto st = ctx_.store.Read([&](store::Tx& tx) -> Status {
    auto n = tx.publication().CountFreeCveIds();
    if (!n) return n.error();
    left = *n;
    return {};
  });
  if (!st) return st.error();
  return left;
}

// --- Public reads ----------------------------------------------------------------

Result<domain::PublicAdvisory> Publication::LoadPublic(store::Tx& tx, domain::Advisory a) {
  domain::PublicAdvisory p;
  auto table = VendorTable(tx, a.case_id);
  if (!table) return table.error();
  p.vendors = std::move(table).value();
  auto updates = tx.publication().ListUpdates(a.id);
  if (!updates) return updates.error();
  p.updates = std::move(updates).value();
  p.advisory = std::move(a);
  return p;
}

Result<domain::PublicAdvisory> Publication::Public(const std::string& identifier) {
  const std::string key = std::to_string(ctx_.store.Generation()) + "|" + identifier;
  if (auto hit = public_.Get(key)) return *hit;
  domain::PublicAdvisory out;
  auto st = ctx_.store.Read([&](store::Tx& tx) -> Status {
    auto a = tx.publication().FindAdvisoryByIdentifier(identifier);
    // An unpublished advisory does not exist for the public, not even as "forbidden".
    if (!a || a->state != AdvisoryState::kPublished) {
      return !a && a.error().code != ErrorCode::kNotFound ? a.error() : Error::NotFound("advisory not found");
    }
    auto p = LoadPublic(tx, std::move(a).value());
    if (!p) return p.error();
    out = std::move(p).value();
    return {};
  });
  if (!st) return st.error();
  public_.Put(key, std::make_shared<const domain::PublicAdvisory>(out));
  return out;
}

Result<AdvisoryListPage> Publication::PublicList(int page, int per_page) {
  per_page = std::clamp(per_page, 1, 100);
  page = std::max(page, 1);
  AdvisoryListPage out;
  out.page = page;
  auto st = ctx_.store.Read([&](store::Tx& tx) -> Status {
    auto total = tx.publication().CountPublished();
    if (!total) return total.error();
    out.total = *total;
    out.pages = static_cast<int>(std::max<std::int64_t>(1, (*total + per_page - 1) / per_page));
    auto list = tx.publication().ListPublished(per_page, (page - 1) * per_page);
    if (!list) return list.error();
    for (auto& a : *list) {
      auto p = LoadPublic(tx, std::move(a));
      if (!p) return p.error();
      out.items.push_back(std::move(p).value());
    }
    return {};
  });
  if (!st) return st.error();
  return out;
}

Result<std::vector<domain::PublicAdvisory>> Publication::PublicSince(Timestamp since, int limit) {
  std::vector<domain::PublicAdvisory> out;
  auto st = ctx_.store.Read([&](store::Tx& tx) -> Status {
    auto list = tx.publication().ListModifiedSince(since, std::clamp(limit, 1, 1000));
    if (!list) return list.error();
    for (auto& a : *list) {
      auto p = LoadPublic(tx, std::move(a));
      if (!p) return p.error();
      out.push_back(std::move(p).value());
    }
    return {};
  });
  if (!st) return st.error();
  return out;
}

// --- The worker ------------------------------------------------------------------

PublicationWorker::PublicationWorker(Publication& publication, std::chrono::milliseconds interval)
    : publication_(publication), interval_(interval), thread_([this](std::stop_token stop) { Run(stop); }) {}

PublicationWorker::~PublicationWorker() {
  thread_.request_stop();
  cv_.notify_all();
}

void PublicationWorker::Run(std::stop_token stop) {
  while (!stop.stop_requested()) {
    if (auto n = publication_.PublishDue(); !n) {
      spdlog::error("publication round failed: {}", n.error().message);
    }
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, stop, interval_, [] { return false; });
  }
}

// --- Called by coordination ------------------------------------------------------

Status NotePublicStatusChange(store::Tx& tx, const Context& ctx, CaseId id, const std::string& vendor_name,
                              domain::VendorStatus status, Timestamp at) {
  auto a = tx.publication().FindAdvisoryByCase(id);
  if (!a) return a.error().code == ErrorCode::kNotFound ? Status{} : Status{a.error()};
  if (a->state != AdvisoryState::kPublished) return {};
  const auto& w = domain::Wording(status);
  auto u = tx.publication().InsertUpdate(
      a->id, {.at = at,
              .note_ja = ctx.catalog.Format(domain::Language::kJa, "advisory.update.status",
                                            {{"vendor", vendor_name}, {"status", std::string(w.ja)}}),
              .note_en = ctx.catalog.Format(domain::Language::kEn, "advisory.update.status",
                                            {{"vendor", vendor_name}, {"status", std::string(w.en)}})});
  if (!u) return u.error();
  if (auto s = tx.publication().SetModified(a->id, at); !s) return s;
  return Publication::IndexForSearch(tx, id);
}

}  // namespace cvdhub::app

#include "app/unreachable_publication.hpp"

#include <algorithm>

namespace cvdhub::app {
namespace {

constexpr std::string_view kHistoryMarkJa = "公表に至る経緯は以下のとおりです。";

std::string Join(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) {
    if (!out.empty()) out += "\n";
    out += l;
  }
  return out;
}

// The block fig. 6 adds: ベンダの見解 なし; the history; 検証情報.
std::string Block(const domain::UnreachableAdvisoryText& t, bool ja) {
  std::string out = std::string(ja ? "ベンダの見解：" : "Vendor's view: ") + t.vendor_view + "\n\n" +
                    t.history_intro + "\n" + Join(t.history);
  if (!t.verification.empty())
    out += std::string(ja ? "\n\n検証情報\n" : "\n\nVerification\n") + t.verification;
  return out;
}

void Append(std::string& section, const std::string& block) {
  if (!section.empty()) section += "\n\n";
  section += block;
}

}  // namespace

ApprovedPublisher PublishThroughAdvisory(Context& ctx, Coordination& coordination, Publication& publication) {
  return [&ctx, &coordination, &publication](const Actor& actor, domain::CaseId id,
                                             const UnreachablePublicationText& text) -> Result<std::string> {
    // 1. The draft, with what the committee path adds (once).
    auto draft = publication.Draft(actor, id);
    if (!draft) return draft.error();
    domain::Advisory a = draft->advisory;
    if (a.state == domain::AdvisoryState::kPublished) return a.identifier;
    if (a.sections.coordinator_notes.ja.find(kHistoryMarkJa) == std::string::npos) {
      Append(a.sections.coordinator_notes.ja, Block(text.ja, true));
      Append(a.sections.coordinator_notes.en, Block(text.en, false));
      if (a.sections.coordinator_notes.translation == domain::Translation::kMissing) {
        a.sections.coordinator_notes.translation = domain::Translation::kDraft;
      }
    }
    const bool listed =
        std::any_of(a.products.begin(), a.products.end(), [&](const domain::AdvisoryProduct& p) {
          return p.vendor_name == text.vendor_name && p.product == text.product_name;
        });
    if (!listed && !text.product_name.empty()) {
      a.products.push_back(
          {.vendor_name = text.vendor_name, .product = text.product_name, .versions = text.product_version});
    }
    if (auto s = publication.SaveDraft(actor, id, a); !s) return s.error();

    // 2. The moment: now, agreed by the committee's decision.
    auto st = ctx.store.Write([&](store::Tx& tx) -> Status {
      auto l = coordination.Load(tx, actor, id, CaseAction::kCoordinate);
      if (!l) return l.error();
      const auto now = ctx.clock.Now();
      l->coord.publication = {.state = domain::PublicationDateState::kAgreed, .at = now};
      if (auto s = tx.coordination().UpdateCoordination(l->coord); !s) return s;
      auto vendors = tx.coordination().ListCaseVendors(id);
      if (!vendors) return vendors.error();
      if (std::any_of(vendors->begin(), vendors->end(), domain::InVendorTable)) {
        const std::string when = FormatJst(now) + " (" + FormatIsoUtc(now) + ")";
        const std::string body =
            ctx.catalog.Format(domain::Language::kJa, "case.msg.date_agreed", {{"date", when}}) + "\n\n" +
            ctx.catalog.Format(domain::Language::kEn, "case.msg.date_agreed", {{"date", when}});
        if (auto s = coordination.Announce(tx, actor, id, "case.date_changed", body); !s) return s;
      }
      return tx.AppendEvent({.subject_type = "case",
                             .subject_id = id,
                             .actor_id = actor.id(),
                             .actor_name = actor.user ? actor.user->display_name : "system",
                             .at = now,
                             .action = "committee.publication_date",
                             .field = "publication_at",
                             .to_value = FormatIsoUtc(now)});
    });
    if (!st) return st.error();

    // 3. Scheduled and published (the background publisher may get there first).
    if (a.state != domain::AdvisoryState::kScheduled) {
      if (auto s = publication.Schedule(actor, id); !s) return s.error();
    }
    if (auto n = publication.PublishDue(); !n) return n.error();
    std::string identifier;
    auto read = ctx.store.Read([&](store::Tx& tx) -> Status {
      auto published = tx.publication().FindAdvisoryByCase(id);
      if (!published) return published.error();
      if (published->state != domain::AdvisoryState::kPublished) {
        return Error::Conflict("the advisory was scheduled but is not public yet");
      }
      identifier = published->identifier;
      return {};
    });
    if (!read) return read.error();
    return identifier;
  };
}

}  // namespace cvdhub::app

#include "domain/stats.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace cvdhub::domain {
namespace {

using std::chrono::sys_days;

sys_days JstDay(Timestamp t) { return std::chrono::floor<std::chrono::days>(t + std::chrono::hours(9)); }

// The first calendar month of quarter `q`: April for fiscal Q1, January for calendar Q1.
std::chrono::year_month FirstMonth(Quarter q, QuarterScheme scheme) {
  const std::chrono::year_month start =
      scheme == QuarterScheme::kFiscalJapan ? std::chrono::year{q.year} / std::chrono::April
                                            : std::chrono::year{q.year} / std::chrono::January;
  return start + std::chrono::months{(q.q - 1) * 3};
}

void Add(Durations& d, std::vector<int>& values) {
  d.count = static_cast<int>(values.size());
  d.median = Median(values);
  d.p90 = Percentile90(values);
}

}  // namespace

std::string_view QuarterSchemeName(QuarterScheme s) {
  return s == QuarterScheme::kFiscalJapan ? "fiscal" : "calendar";
}

std::optional<QuarterScheme> ParseQuarterScheme(std::string_view name) {
  if (name == "fiscal") return QuarterScheme::kFiscalJapan;
  if (name == "calendar") return QuarterScheme::kCalendar;
  return std::nullopt;
}

Quarter QuarterOfDate(sys_days jst_date, QuarterScheme scheme) {
  const std::chrono::year_month_day ymd{jst_date};
  const int year = static_cast<int>(ymd.year());
  const int month = static_cast<int>(static_cast<unsigned>(ymd.month()));
  if (scheme == QuarterScheme::kCalendar) return {year, (month - 1) / 3 + 1};
  // The fiscal year starts in April: January–March belong to the previous year's Q4.
  if (month >= 4) return {year, (month - 4) / 3 + 1};
  return {year - 1, 4};
}

Quarter QuarterOf(Timestamp t, QuarterScheme scheme) { return QuarterOfDate(JstDay(t), scheme); }

sys_days QuarterFirstDay(Quarter q, QuarterScheme scheme) {
  return sys_days{FirstMonth(q, scheme) / std::chrono::day{1}};
}

sys_days QuarterLastDay(Quarter q, QuarterScheme scheme) {
  const auto last_month = FirstMonth(q, scheme) + std::chrono::months{2};
  return sys_days{last_month.year() / last_month.month() / std::chrono::last};
}

Quarter NextQuarter(Quarter q) { return q.q == 4 ? Quarter{q.year + 1, 1} : Quarter{q.year, q.q + 1}; }

std::string QuarterLabel(Quarter q, QuarterScheme scheme) {
  return scheme == QuarterScheme::kFiscalJapan ? fmt::format("FY{} Q{}", q.year, q.q) : fmt::format("{} Q{}", q.year, q.q);
}

std::optional<double> Median(std::vector<int> values) {
  if (values.empty()) return std::nullopt;
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  if (n % 2 == 1) return values[n / 2];
  return (static_cast<double>(values[n / 2 - 1]) + values[n / 2]) / 2.0;
}

std::optional<double> Percentile90(std::vector<int> values) {
  if (values.empty()) return std::nullopt;
  std::sort(values.begin(), values.end());
  // Nearest rank ⌈0.9·n⌉ in integers: (9n + 9) / 10.
  const std::size_t rank = (values.size() * 9 + 9) / 10;
  return values[rank - 1];
}

Statistics ComputeStatistics(const StatsInput& in, QuarterScheme scheme, sys_days until) {
  Statistics out{.scheme = scheme};
  const Quarter last = QuarterOfDate(until, scheme);
  // The first quarter with a fact (not after `until`).
  std::optional<Quarter> first;
  auto see = [&](Timestamp t) {
    if (JstDay(t) > until) return;
    const Quarter q = QuarterOf(t, scheme);
    if (!first || q < *first) first = q;
  };
  for (const auto& r : in.reports) {
    see(r.received_at);
    if (r.decided_at) see(*r.decided_at);
  }
  for (const auto& c : in.cases) {
    for (const auto& t : {c.published_at, c.closed_at, c.website_fixed_at}) {
      if (t) see(*t);
    }
  }
  for (const auto& t : in.unreachable_listed) see(t);

  std::map<Quarter, std::size_t> index;
  for (Quarter q = first.value_or(last); q <= last; q = NextQuarter(q)) {
    QuarterStats s{.quarter = q, .label = QuarterLabel(q, scheme), .first_day = QuarterFirstDay(q, scheme),
                   .last_day = QuarterLastDay(q, scheme)};
    for (auto reason : AllDeclineReasons()) s.declined[reason] = 0;
    index[q] = out.quarters.size();
    out.quarters.push_back(std::move(s));
  }
  // The quarter row of `t`, or nullptr when `t` is after `until`.
  auto row = [&](Timestamp t) -> QuarterStats* {
    if (JstDay(t) > until) return nullptr;
    return &out.quarters[index.at(QuarterOf(t, scheme))];
  };

  for (const auto& r : in.reports) {
    if (auto* s = row(r.received_at)) ++(r.kind == ReportKind::kSoftware ? s->received_software : s->received_website);
    if (!r.decided_at) continue;
    QuarterStats* s = row(*r.decided_at);
    if (s == nullptr) continue;
    if (r.status == ReportStatus::kAccepted) ++s->accepted;
    if (r.status == ReportStatus::kDeclined && r.decline_reason) {
      ++s->declined[*r.decline_reason];
      ++s->declined_total;
    }
  }
  std::map<Quarter, std::vector<int>> report_days;
  std::map<Quarter, std::vector<int>> contact_days;
  std::vector<int> all_report_days;
  std::vector<int> all_contact_days;
  for (const auto& c : in.cases) {
    if (c.published_at) {
      if (QuarterStats* s = row(*c.published_at)) {
        ++s->advisories_published;
        const sys_days published = JstDay(*c.published_at);
        const int from_report = static_cast<int>((published - JstDay(c.report_received_at)).count());
        report_days[s->quarter].push_back(from_report);
        all_report_days.push_back(from_report);
        if (c.initial_contact) {
          const int from_contact = static_cast<int>((published - JstDay(*c.initial_contact)).count());
          contact_days[s->quarter].push_back(from_contact);
          all_contact_days.push_back(from_contact);
        }
      }
    }
    if (c.closed_at && c.track == CaseTrack::kProduct) {
      if (QuarterStats* s = row(*c.closed_at)) {
        if (c.status == kClosedUnresolvedStatus) ++s->closed_unresolved;
        if (c.status == kClosedLowImpactStatus) ++s->closed_low_impact;
      }
    }
    if (c.website_fixed_at && c.track == CaseTrack::kWebsite) {
      if (QuarterStats* s = row(*c.website_fixed_at)) ++s->website_fixed;
    }
  }
  for (const auto& t : in.unreachable_listed) {
    if (QuarterStats* s = row(t)) ++s->unreachable_listed;
  }
  for (auto& s : out.quarters) {
    Add(s.report_to_publication, report_days[s.quarter]);
    Add(s.contact_to_publication, contact_days[s.quarter]);
  }

  QuarterStats& t = out.total;
  for (auto reason : AllDeclineReasons()) t.declined[reason] = 0;
  if (!out.quarters.empty()) {
    t.first_day = out.quarters.front().first_day;
    t.last_day = out.quarters.back().last_day;
  }
  for (const auto& s : out.quarters) {
    t.received_software += s.received_software;
    t.received_website += s.received_website;
    t.accepted += s.accepted;
    for (const auto& [reason, n] : s.declined) t.declined[reason] += n;
    t.declined_total += s.declined_total;
    t.advisories_published += s.advisories_published;
    t.closed_unresolved += s.closed_unresolved;
    t.closed_low_impact += s.closed_low_impact;
    t.website_fixed += s.website_fixed;
    t.unreachable_listed += s.unreachable_listed;
  }
  Add(t.report_to_publication, all_report_days);
  Add(t.contact_to_publication, all_contact_days);
  return out;
}

}  // namespace cvdhub::domain

#include "app/vendor_filter.hpp"

#include <algorithm>
#include <charconv>
#include <map>

namespace cvdhub::app {
namespace {

char LowerAscii(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// `needle` in `hay`, ASCII letters in any case; other bytes (Japanese names)
// match as they are.
bool ContainsFolded(std::string_view hay, std::string_view needle) {
  if (needle.empty()) return true;
  if (needle.size() > hay.size()) return false;
  for (std::size_t i = 0; i + needle.size() <= hay.size(); ++i) {
    std::size_t k = 0;
    while (k < needle.size() && LowerAscii(hay[i + k]) == LowerAscii(needle[k])) ++k;
    if (k == needle.size()) return true;
  }
  return false;
}

Result<int> ParseCount(std::string_view field, std::string_view text, int fallback, int max) {
  if (text.empty()) return fallback;
  int n = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc{} || ptr != text.data() + text.size() || n < 1 || n > max) {
    return Error::Invalid(std::string(field),
                          std::string(field) + " must be a whole number from 1 to " + std::to_string(max));
  }
  return n;
}

std::string OneOf(const std::vector<std::string_view>& keys) {
  std::string out;
  for (auto k : keys) {
    if (!out.empty()) out += ", ";
    out += k;
  }
  return out;
}

}  // namespace

std::string EngagementKey(domain::Engagement e, const domain::CaseVendor& v) {
  if (e == domain::Engagement::kAcknowledged && v.overview_answer == domain::OverviewAnswer::kNotAffected) {
    return "answered_not_affected";
  }
  return std::string(domain::EngagementName(e));
}

const std::vector<std::string_view>& EngagementKeys() {
  static const std::vector<std::string_view> kKeys = {
      "unresponsive",  "not_notified",    "notified",     "details_requested",     "details_released",
      "investigating", "statement_filed", "acknowledged", "answered_not_affected",
  };
  return kKeys;
}

std::string_view StatusKey(const VendorRow& row) {
  return row.status ? domain::Wording(*row.status).name : std::string_view("none");
}

const std::vector<std::string_view>& StatusKeys() {
  static const std::vector<std::string_view> kKeys = [] {
    std::vector<std::string_view> keys;
    for (const auto& w : domain::VendorStatusTable()) keys.push_back(w.name);
    keys.push_back("none");
    return keys;
  }();
  return kKeys;
}

bool VendorFilter::Matches(const VendorRow& row) const {
  if (!state.empty() && EngagementKey(row.engagement, row.vendor) != state) return false;
  if (!status.empty() && StatusKey(row) != status) return false;
  return ContainsFolded(row.vendor.vendor_name, q);
}

std::string VendorFilter::Key() const {
  // q last: it is free text, and may hold any separator.
  return "state=" + state + "&status=" + status + "&page=" + std::to_string(page) +
         "&per_page=" + std::to_string(per_page) + "&q=" + q;
}

Result<VendorFilter> ParseVendorFilter(std::string_view state, std::string_view status, std::string_view q,
                                       std::string_view page, std::string_view per_page) {
  VendorFilter f;
  const auto& states = EngagementKeys();
  if (!state.empty() && std::find(states.begin(), states.end(), state) == states.end()) {
    return Error::Invalid("state", "state must be one of " + OneOf(states));
  }
  f.state = state;
  const auto& statuses = StatusKeys();
  if (!status.empty() && std::find(statuses.begin(), statuses.end(), status) == statuses.end()) {
    return Error::Invalid("status", "status must be one of " + OneOf(statuses));
  }
  f.status = status;
  // Surrounding blanks are not part of a name search.
  while (!q.empty() && (q.front() == ' ' || q.front() == '\t')) q.remove_prefix(1);
  while (!q.empty() && (q.back() == ' ' || q.back() == '\t')) q.remove_suffix(1);
  if (q.size() > kMaxVendorQuery) {
    return Error::Invalid("q", "q (a part of the vendor's name) must be at most " +
                                   std::to_string(kMaxVendorQuery) + " bytes");
  }
  for (char c : q) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      return Error::Invalid("q", "q (a part of the vendor's name) must not contain control characters");
    }
  }
  f.q = q;
  auto p = ParseCount("page", page, 1, 100000);
  if (!p) return p.error();
  f.page = *p;
  auto pp = ParseCount("per_page", per_page, kVendorsPerPage, kMaxVendorsPerPage);
  if (!pp) return pp.error();
  f.per_page = *pp;
  return f;
}

VendorSummary Summarize(const std::vector<VendorRow>& rows) {
  VendorSummary s;
  s.total = static_cast<int>(rows.size());
  std::map<std::string, int, std::less<>> states, statuses;
  for (const auto& r : rows) {
    ++states[EngagementKey(r.engagement, r.vendor)];
    ++statuses[std::string(StatusKey(r))];
    if (r.engagement == domain::Engagement::kUnresponsive) ++s.unresponsive;
    if (domain::InVendorTable(r.vendor)) {
      ++s.in_vendor_table;
      if (r.vendor.date_response == domain::DateResponse::kAccepted) ++s.date_accepted;
    }
  }
  for (auto key : EngagementKeys()) {
    if (auto it = states.find(key); it != states.end()) s.by_state.emplace_back(key, it->second);
  }
  for (auto key : StatusKeys()) {
    if (auto it = statuses.find(key); it != statuses.end()) s.by_status.emplace_back(key, it->second);
  }
  return s;
}

VendorPage SelectVendors(const std::vector<VendorRow>& rows, const VendorFilter& filter) {
  VendorPage out;
  out.page = filter.page;
  const std::size_t per_page = static_cast<std::size_t>(std::max(filter.per_page, 1));
  const std::size_t skip = static_cast<std::size_t>(filter.page - 1) * per_page;
  std::size_t matching = 0;
  for (const auto& r : rows) {
    if (!filter.Matches(r)) continue;
    if (matching >= skip && matching < skip + per_page) out.rows.push_back(&r);
    ++matching;
  }
  out.matching = static_cast<int>(matching);
  out.pages = std::max<int>(1, static_cast<int>((matching + per_page - 1) / per_page));
  out.first = out.rows.empty() ? 0 : static_cast<int>(skip) + 1;
  return out;
}

}  // namespace cvdhub::app

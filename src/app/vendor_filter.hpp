// The vendor table of a case as the coordinator reads it: summarised,
// filtered and paged. A case can have 150 vendors; the case page and
// GET /api/v1/cases/{id} show one page of the vendors that match.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/coordination.hpp"

namespace cvdhub::app {

constexpr int kVendorsPerPage = 50;
constexpr int kMaxVendorsPerPage = 200;
constexpr std::size_t kMaxVendorQuery = 200;  // characters of a name search

// The engagement as the coordinator reads it: domain::EngagementName, except
// that a vendor that answered "not affected" to the overview is
// "answered_not_affected", told apart from one that merely acknowledged (and
// both from a silent, "unresponsive" one).
std::string EngagementKey(domain::Engagement e, const domain::CaseVendor& v);
// Every key EngagementKey gives, in the order the case page lists them (silent first).
const std::vector<std::string_view>& EngagementKeys();
// The effective status's wire name (domain::Wording(...).name), or "none"
// before the details were released.
std::string_view StatusKey(const VendorRow& row);
// Every status key, in the order of the G6-2 table, then "none".
const std::vector<std::string_view>& StatusKeys();

// Which vendors to show. Empty fields do not filter.
struct VendorFilter {
  std::string state;   // one of EngagementKeys()
  std::string status;  // one of StatusKeys()
  std::string q;       // part of the vendor's name, as given; ASCII letters match in any case
  int page = 1;        // 1-based
  int per_page = kVendorsPerPage;

  bool Matches(const VendorRow& row) const;
  bool Filtered() const { return !state.empty() || !status.empty() || !q.empty(); }
  // A canonical text of the whole filter, page included: part of a cache key.
  std::string Key() const;
};

// The filter from request parameters as sent (empty = not given). Fails with
// Invalid naming the parameter: an unknown state or status, a name search
// longer than kMaxVendorQuery or holding control characters, a page that is
// not a number from 1 to 100000, a per_page not from 1 to kMaxVendorsPerPage.
Result<VendorFilter> ParseVendorFilter(std::string_view state, std::string_view status, std::string_view q,
                                       std::string_view page, std::string_view per_page);

// How many vendors are in each state and status (zero counts left out).
struct VendorSummary {
  int total = 0;
  std::vector<std::pair<std::string, int>> by_state;   // EngagementKeys() order
  std::vector<std::pair<std::string, int>> by_status;  // StatusKeys() order
  int in_vendor_table = 0;  // details released (G3)
  int date_accepted = 0;    // of those, accepted the publication date
  int unresponsive = 0;
};
VendorSummary Summarize(const std::vector<VendorRow>& rows);

// One page of the vendors that match a filter, in the view's order.
struct VendorPage {
  std::vector<const VendorRow*> rows;  // point into the view's rows
  int matching = 0;                    // vendors the filter matches
  int page = 1;                        // the page asked for
  int pages = 1;                       // pages of matching vendors; at least 1
  int first = 0;                       // 1-based position of rows.front() among the matching; 0 if none
};
VendorPage SelectVendors(const std::vector<VendorRow>& rows, const VendorFilter& filter);

}  // namespace cvdhub::app

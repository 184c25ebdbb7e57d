#include "app/vendor_filter.hpp"

#include <gtest/gtest.h>

namespace cvdhub::app {
namespace {

using domain::Engagement;
using domain::VendorStatus;

VendorRow Row(std::int64_t id, std::string name, Engagement e, std::optional<VendorStatus> status = std::nullopt) {
  VendorRow r;
  r.vendor.vendor_id = id;
  r.vendor.vendor_name = std::move(name);
  r.engagement = e;
  r.status = status;
  return r;
}

std::vector<VendorRow> Rows() {
  std::vector<VendorRow> rows;
  rows.push_back(Row(1, "Acme Widgets", Engagement::kUnresponsive));
  rows.push_back(Row(2, "Borealis Devices", Engagement::kNotNotified));
  rows.push_back(Row(3, "ACME Industrial", Engagement::kStatementFiled, VendorStatus::kAffected));
  auto answered = Row(4, "日本電子工業", Engagement::kAcknowledged);
  answered.vendor.overview_answer = domain::OverviewAnswer::kNotAffected;
  rows.push_back(answered);
  rows.push_back(Row(5, "Cobalt Systems", Engagement::kDetailsReleased, VendorStatus::kInformationProvided));
  rows.back().vendor.details_released_at = domain::Timestamp{};
  rows.back().vendor.date_response = domain::DateResponse::kAccepted;
  return rows;
}

std::vector<std::int64_t> Ids(const VendorPage& p) {
  std::vector<std::int64_t> out;
  for (const auto* r : p.rows) out.push_back(r->vendor.vendor_id);
  return out;
}

VendorFilter Parse(std::string_view state, std::string_view status, std::string_view q, std::string_view page = "",
                   std::string_view per_page = "") {
  auto f = ParseVendorFilter(state, status, q, page, per_page);
  EXPECT_TRUE(f.ok()) << (f.ok() ? "" : f.error().message);
  return f.ok() ? *f : VendorFilter{};
}

TEST(VendorFilterTest, FiltersByStateStatusAndNameInAnyCase) {
  const auto rows = Rows();
  EXPECT_EQ(Ids(SelectVendors(rows, Parse("", "", ""))), (std::vector<std::int64_t>{1, 2, 3, 4, 5}));
  EXPECT_EQ(Ids(SelectVendors(rows, Parse("unresponsive", "", ""))), (std::vector<std::int64_t>{1}));
  // "not affected" answered to the overview is its own state, never "unresponsive".
  EXPECT_EQ(Ids(SelectVendors(rows, Parse("answered_not_affected", "", ""))), (std::vector<std::int64_t>{4}));
  EXPECT_EQ(Ids(SelectVendors(rows, Parse("acknowledged", "", ""))), (std::vector<std::int64_t>{}));
  EXPECT_EQ(Ids(SelectVendors(rows, Parse("", "affected", ""))), (std::vector<std::int64_t>{3}));
  EXPECT_EQ(Ids(SelectVendors(rows, Parse("", "none", ""))), (std::vector<std::int64_t>{1, 2, 4}));
  EXPECT_EQ(Ids(SelectVendors(rows, Parse("", "", "acme"))), (std::vector<std::int64_t>{1, 3}));
  EXPECT_EQ(Ids(SelectVendors(rows, Parse("", "", "  ACME  "))), (std::vector<std::int64_t>{1, 3}));
  EXPECT_EQ(Ids(SelectVendors(rows, Parse("", "", "電子"))), (std::vector<std::int64_t>{4}));
  EXPECT_EQ(Ids(SelectVendors(rows, Parse("statement_filed", "affected", "industrial"))),
            (std::vector<std::int64_t>{3}));
  EXPECT_EQ(Ids(SelectVendors(rows, Parse("unresponsive", "affected", ""))), (std::vector<std::int64_t>{}));
}

TEST(VendorFilterTest, PagesThroughTheMatchingVendors) {
  std::vector<VendorRow> rows;
  for (int i = 1; i <= 120; ++i) rows.push_back(Row(i, "Vendor " + std::to_string(i), Engagement::kNotified));
  auto p1 = SelectVendors(rows, Parse("", "", ""));
  EXPECT_EQ(p1.rows.size(), 50u);
  EXPECT_EQ(p1.matching, 120);
  EXPECT_EQ(p1.pages, 3);
  EXPECT_EQ(p1.first, 1);
  auto p3 = SelectVendors(rows, Parse("", "", "", "3"));
  EXPECT_EQ(p3.rows.size(), 20u);
  EXPECT_EQ(p3.first, 101);
  EXPECT_EQ(p3.rows.front()->vendor.vendor_id, 101);
  auto past = SelectVendors(rows, Parse("", "", "", "9"));
  EXPECT_TRUE(past.rows.empty());
  EXPECT_EQ(past.first, 0);
  EXPECT_EQ(past.pages, 3);
  auto small = SelectVendors(rows, Parse("", "", "Vendor 11", "1", "5"));
  EXPECT_EQ(Ids(small), (std::vector<std::int64_t>{11, 110, 111, 112, 113}));
  EXPECT_EQ(small.matching, 11);
  EXPECT_EQ(small.pages, 3);
  auto none = SelectVendors({}, Parse("", "", ""));
  EXPECT_EQ(none.pages, 1);
  EXPECT_EQ(none.matching, 0);
}

TEST(VendorFilterTest, RejectsGarbageNamingTheParameter) {
  struct Case {
    std::string_view state, status, q, page, per_page, field;
  };
  const std::string long_q(kMaxVendorQuery + 1, 'a');
  for (const Case& c : std::initializer_list<Case>{
           {"silent", "", "", "", "", "state"},
           {"", "vulnerable", "", "", "", "status"},
           {"", "", long_q, "", "", "q"},
           {"", "", "a\nb", "", "", "q"},
           {"", "", "", "0", "", "page"},
           {"", "", "", "-1", "", "page"},
           {"", "", "", "2x", "", "page"},
           {"", "", "", "100001", "", "page"},
           {"", "", "", "", "0", "per_page"},
           {"", "", "", "", "201", "per_page"},
       }) {
    auto f = ParseVendorFilter(c.state, c.status, c.q, c.page, c.per_page);
    ASSERT_FALSE(f.ok()) << c.field;
    EXPECT_EQ(f.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(f.error().field, c.field);
    EXPECT_NE(f.error().message.find(std::string(c.field)), std::string::npos) << f.error().message;
  }
}

TEST(VendorFilterTest, KeyTellsEveryFilterApart) {
  EXPECT_NE(Parse("unresponsive", "", "").Key(), Parse("", "", "unresponsive").Key());
  EXPECT_NE(Parse("", "", "", "2").Key(), Parse("", "", "").Key());
  EXPECT_NE(Parse("", "", "", "", "20").Key(), Parse("", "", "").Key());
  EXPECT_EQ(Parse("", "", "", "1", "50").Key(), Parse("", "", "").Key());
  EXPECT_FALSE(Parse("", "", "").Filtered());
  EXPECT_TRUE(Parse("", "none", "").Filtered());
}

TEST(VendorFilterTest, SummaryCountsEveryStateAndStatusInOrder) {
  const auto s = Summarize(Rows());
  EXPECT_EQ(s.total, 5);
  EXPECT_EQ(s.unresponsive, 1);
  EXPECT_EQ(s.in_vendor_table, 1);
  EXPECT_EQ(s.date_accepted, 1);
  using Counts = std::vector<std::pair<std::string, int>>;
  EXPECT_EQ(s.by_state, (Counts{{"unresponsive", 1},
                                {"not_notified", 1},
                                {"details_released", 1},
                                {"statement_filed", 1},
                                {"answered_not_affected", 1}}));
  EXPECT_EQ(s.by_status, (Counts{{"affected", 1}, {"information_provided", 1}, {"none", 3}}));
}

}  // namespace
}  // namespace cvdhub::app

#include "domain/report.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "domain/case.hpp"

namespace cvdhub::domain {
namespace {

using namespace std::string_literals;
using std::chrono::sys_days;

// A complete, valid software report.
ReportSubmission ValidSoftware() {
  ReportSubmission s;
  s.kind = ReportKind::kSoftware;
  s.title = "SQL injection in the login form";
  s.product_name = "Example CMS";
  s.product_version = "4.2.1";
  s.product_url = "https://cms.example.jp/";
  s.discovery_method = "Manual code review";
  s.tools_used = "sqlmap";
  s.reproduction = "POST /login with user=' OR 1=1 --";
  s.impact = "Authentication bypass";
  s.finder_name = "山田 太郎";
  s.finder_contact = "taro@example.jp";
  return s;
}

// A complete, valid website report (no product name or version).
ReportSubmission ValidWebsite() {
  ReportSubmission s = ValidSoftware();
  s.kind = ReportKind::kWebsite;
  s.product_name.clear();
  s.product_version.clear();
  s.product_url = "https://shop.example.jp/search";
  return s;
}

// ---------------------------------------------------------------- ValidateSubmission

TEST(ValidateSubmission, AcceptsCompleteReportsOfBothKinds) {
  EXPECT_TRUE(ValidateSubmission(ValidSoftware()).ok());
  EXPECT_TRUE(ValidateSubmission(ValidWebsite()).ok());
  ReportSubmission no_url = ValidSoftware();
  no_url.product_url.clear();  // a product page is optional for software
  EXPECT_TRUE(ValidateSubmission(no_url).ok());
  ReportSubmission credit = ValidSoftware();
  credit.wants_credit = true;
  credit.credit_name = "Taro Y.";
  EXPECT_TRUE(ValidateSubmission(credit).ok());
}

struct SubmissionCase {
  const char* rule;
  std::function<ReportSubmission()> make;
  std::string field;  // empty: valid
};

// One change to a valid report per row; the error names the field (PROCESS §2 lists them).
const std::vector<SubmissionCase>& SubmissionCases() {
  static const std::vector<SubmissionCase> cases = [] {
    auto with = [](ReportSubmission (*base)(), std::function<void(ReportSubmission&)> change) {
      return [base, change] {
        ReportSubmission s = base();
        change(s);
        return s;
      };
    };
    const std::string invalid_utf8[] = {"\xC0\xAF"s, "\xED\xA0\x80"s, "abc\xE3\x81"s, "a\0b"s};
    std::vector<SubmissionCase> v = {
        // Required for every kind.
        {"title required", with(ValidSoftware, [](auto& s) { s.title.clear(); }), "title"},
        {"blank title is missing", with(ValidSoftware, [](auto& s) { s.title = " \t\r\n"; }), "title"},
        {"discovery_method required", with(ValidSoftware, [](auto& s) { s.discovery_method.clear(); }),
         "discovery_method"},
        {"reproduction required", with(ValidSoftware, [](auto& s) { s.reproduction.clear(); }), "reproduction"},
        {"impact required", with(ValidSoftware, [](auto& s) { s.impact.clear(); }), "impact"},
        {"finder_name required", with(ValidSoftware, [](auto& s) { s.finder_name.clear(); }), "finder_name"},
        {"website: title required", with(ValidWebsite, [](auto& s) { s.title.clear(); }), "title"},
        {"website: impact required", with(ValidWebsite, [](auto& s) { s.impact.clear(); }), "impact"},
        {"website: finder_name required", with(ValidWebsite, [](auto& s) { s.finder_name = "  "; }),
         "finder_name"},
        // Optional fields.
        {"tools_used optional", with(ValidSoftware, [](auto& s) { s.tools_used.clear(); }), ""},
        {"finder_contact optional", with(ValidSoftware, [](auto& s) { s.finder_contact.clear(); }), ""},
        // Software needs the product and its exact version (P-B: "version not given").
        {"software: product_name required", with(ValidSoftware, [](auto& s) { s.product_name.clear(); }),
         "product_name"},
        {"software: product_version required",
         with(ValidSoftware, [](auto& s) { s.product_version.clear(); }), "product_version"},
        {"software: blank version is missing",
         with(ValidSoftware, [](auto& s) { s.product_version = "   "; }), "product_version"},
        // A website report needs the site URL, not a product version.
        {"website: product_url required", with(ValidWebsite, [](auto& s) { s.product_url.clear(); }),
         "product_url"},
        {"website: product_name optional", with(ValidWebsite, [](auto& s) { s.product_name = "Shop"; }), ""},
        // Lengths: short fields 300 bytes, long fields 100,000, URLs 2,048.
        {"title at 300 bytes", with(ValidSoftware, [](auto& s) { s.title.assign(300, 'x'); }), ""},
        {"title over 300 bytes", with(ValidSoftware, [](auto& s) { s.title.assign(301, 'x'); }), "title"},
        {"title of 100 three-byte chars", with(ValidSoftware, [](auto& s) {
           s.title.clear();
           for (int i = 0; i < 100; ++i) s.title += "脆";
         }), ""},
        {"title of 101 three-byte chars is 303 bytes", with(ValidSoftware, [](auto& s) {
           s.title.clear();
           for (int i = 0; i < 101; ++i) s.title += "脆";
         }), "title"},
        {"product_version over 300", with(ValidSoftware, [](auto& s) { s.product_version.assign(301, '1'); }),
         "product_version"},
        {"finder_contact over 300", with(ValidSoftware, [](auto& s) { s.finder_contact.assign(301, 'a'); }),
         "finder_contact"},
        {"credit_name over 300", with(ValidSoftware, [](auto& s) {
           s.wants_credit = true;
           s.credit_name.assign(301, 'c');
         }), "credit_name"},
        {"reproduction at 100000", with(ValidSoftware, [](auto& s) { s.reproduction.assign(100'000, 'r'); }), ""},
        {"reproduction over 100000",
         with(ValidSoftware, [](auto& s) { s.reproduction.assign(100'001, 'r'); }), "reproduction"},
        {"tools_used over 100000", with(ValidSoftware, [](auto& s) { s.tools_used.assign(100'001, 't'); }),
         "tools_used"},
        {"time_constraints over 100000",
         with(ValidSoftware, [](auto& s) { s.time_constraints.assign(100'001, 't'); }), "time_constraints"},
        {"vendor_contact_details over 100000",
         with(ValidSoftware, [](auto& s) { s.vendor_contact_details.assign(100'001, 'v'); }),
         "vendor_contact_details"},
        {"public_reference over 2048",
         with(ValidSoftware, [](auto& s) { s.public_reference.assign(2049, 'p'); }), "public_reference"},
        {"product_url at 2048", with(ValidWebsite, [](auto& s) {
           s.product_url = "https://example.jp/";
           s.product_url.resize(2048, 'a');
         }), ""},
        {"product_url over 2048", with(ValidWebsite, [](auto& s) {
           s.product_url = "https://example.jp/";
           s.product_url.resize(2049, 'a');
         }), "product_url"},
        // Credit under a name needs the name (PROCESS §2).
        {"credit wanted without name", with(ValidSoftware, [](auto& s) {
           s.wants_credit = true;
           s.credit_name.clear();
         }), "credit_name"},
        {"credit wanted with a blank name", with(ValidSoftware, [](auto& s) {
           s.wants_credit = true;
           s.credit_name = "  \t";
         }), "credit_name"},
        {"credit name without wanting credit is kept", with(ValidSoftware, [](auto& s) {
           s.credit_name = "Taro";
         }), ""},
        // The product or site link must be an http(s) URL.
        {"http URL", with(ValidWebsite, [](auto& s) { s.product_url = "http://example.jp"; }), ""},
        {"URL with port, query and fragment",
         with(ValidWebsite, [](auto& s) { s.product_url = "https://example.jp:8443/a?b=c#d"; }), ""},
        {"ftp URL", with(ValidWebsite, [](auto& s) { s.product_url = "ftp://example.jp/"; }), "product_url"},
        {"javascript URL", with(ValidWebsite, [](auto& s) { s.product_url = "javascript:alert(1)"; }),
         "product_url"},
        {"scheme-relative URL", with(ValidWebsite, [](auto& s) { s.product_url = "//example.jp/"; }),
         "product_url"},
        {"bare host", with(ValidWebsite, [](auto& s) { s.product_url = "example.jp"; }), "product_url"},
        {"scheme without host", with(ValidWebsite, [](auto& s) { s.product_url = "https://"; }), "product_url"},
        {"empty host", with(ValidWebsite, [](auto& s) { s.product_url = "https:///path"; }), "product_url"},
        {"space in URL", with(ValidWebsite, [](auto& s) { s.product_url = "https://example.jp/a b"; }),
         "product_url"},
        {"quote in URL", with(ValidWebsite, [](auto& s) { s.product_url = "https://example.jp/\"x"; }),
         "product_url"},
        {"angle bracket in URL",
         with(ValidWebsite, [](auto& s) { s.product_url = "https://example.jp/<script>"; }), "product_url"},
        {"backslash in URL", with(ValidWebsite, [](auto& s) { s.product_url = "https://example.jp\\@evil"; }),
         "product_url"},
        {"newline in URL", with(ValidWebsite, [](auto& s) { s.product_url = "https://example.jp/\nX"; }),
         "product_url"},
        {"software: optional product_url still checked",
         with(ValidSoftware, [](auto& s) { s.product_url = "file:///etc/passwd"; }), "product_url"},
    };
    // Invalid UTF-8 (overlong, surrogate, truncated, NUL) is rejected in every text field.
    for (const auto& bad : invalid_utf8) {
      v.push_back({"invalid UTF-8 title", with(ValidSoftware, [bad](auto& s) { s.title = bad; }), "title"});
      v.push_back({"invalid UTF-8 reproduction",
                   with(ValidSoftware, [bad](auto& s) { s.reproduction = "steps " + bad; }), "reproduction"});
      v.push_back({"invalid UTF-8 finder_name",
                   with(ValidSoftware, [bad](auto& s) { s.finder_name = bad; }), "finder_name"});
      v.push_back({"invalid UTF-8 in optional field",
                   with(ValidSoftware, [bad](auto& s) { s.time_constraints = bad; }), "time_constraints"});
      v.push_back({"invalid UTF-8 credit name", with(ValidSoftware, [bad](auto& s) {
                     s.wants_credit = true;
                     s.credit_name = bad;
                   }), "credit_name"});
    }
    return v;
  }();
  return cases;
}

TEST(ValidateSubmission, EachRuleNamesTheOffendingField) {
  for (const auto& c : SubmissionCases()) {
    const Status st = ValidateSubmission(c.make());
    if (c.field.empty()) {
      EXPECT_TRUE(st.ok()) << c.rule << ": " << st.error().field << ": " << st.error().message;
      continue;
    }
    ASSERT_FALSE(st.ok()) << c.rule;
    EXPECT_EQ(st.error().code, ErrorCode::kInvalidInput) << c.rule;
    EXPECT_EQ(st.error().field, c.field) << c.rule << ": " << st.error().message;
    EXPECT_NE(st.error().message.find(c.field), std::string::npos)
        << c.rule << ": the message names the field: " << st.error().message;
  }
}

TEST(ValidateSubmission, MessagesSayWhatIsWrong) {
  ReportSubmission s = ValidSoftware();
  s.title.clear();
  EXPECT_EQ(ValidateSubmission(s).error().message, "title is required");
  s = ValidSoftware();
  s.title.assign(301, 'x');
  EXPECT_EQ(ValidateSubmission(s).error().message, "title is longer than 300 bytes");
  s = ValidSoftware();
  s.impact = "\xFF";
  EXPECT_EQ(ValidateSubmission(s).error().message, "impact is not valid UTF-8 text");
  s = ValidWebsite();
  s.product_url = "ftp://x";
  EXPECT_EQ(ValidateSubmission(s).error().message, "product_url must be an http:// or https:// URL");
}

// ---------------------------------------------------------------- IsValidUtf8

TEST(IsValidUtf8, AcceptsWellFormedAndRejectsEveryMalformedShape) {
  const struct {
    const char* what;
    std::string text;
    bool valid;
  } cases[] = {
      {"empty", "", true},
      {"ASCII", "hello, world\t\r\n", true},
      {"two-byte", "caf\xC3\xA9", true},
      {"three-byte", "日本語", true},
      {"four-byte emoji", "\xF0\x9F\x98\x80", true},
      {"U+007F", "\x7F", true},
      {"U+0080", "\xC2\x80", true},
      {"U+07FF", "\xDF\xBF", true},
      {"U+0800", "\xE0\xA0\x80", true},
      {"U+D7FF before surrogates", "\xED\x9F\xBF", true},
      {"U+E000 after surrogates", "\xEE\x80\x80", true},
      {"U+FFFF", "\xEF\xBF\xBF", true},
      {"U+10000", "\xF0\x90\x80\x80", true},
      {"U+10FFFF", "\xF4\x8F\xBF\xBF", true},
      {"NUL", "a\0b"s, false},
      {"lone NUL", "\0"s, false},
      {"overlong slash C0 AF", "\xC0\xAF", false},
      {"overlong NUL C0 80", "\xC0\x80", false},
      {"overlong C1 BF", "\xC1\xBF", false},
      {"overlong three-byte E0 80 AF", "\xE0\x80\xAF", false},
      {"overlong four-byte F0 80 80 AF", "\xF0\x80\x80\xAF", false},
      {"overlong four-byte F0 8F BF BF", "\xF0\x8F\xBF\xBF", false},
      {"high surrogate U+D800", "\xED\xA0\x80", false},
      {"low surrogate U+DFFF", "\xED\xBF\xBF", false},
      {"surrogate pair as CESU-8", "\xED\xA0\xBD\xED\xB8\x80", false},
      {"past U+10FFFF", "\xF4\x90\x80\x80", false},
      {"F5 lead byte", "\xF5\x80\x80\x80", false},
      {"five-byte lead", "\xF8\x88\x80\x80\x80", false},
      {"FE", "\xFE", false},
      {"FF", "\xFF", false},
      {"lone continuation", "\x80", false},
      {"continuation after ASCII", "a\xBF", false},
      {"truncated two-byte at end", "abc\xC3", false},
      {"truncated three-byte at end", "\xE6\x97", false},
      {"truncated four-byte at end", "\xF0\x9F\x98", false},
      {"truncated two-byte before ASCII", "\xC3" "a", false},
      {"truncated three-byte before ASCII", "\xE6\x97" "a", false},
  };
  for (const auto& c : cases) EXPECT_EQ(IsValidUtf8(c.text), c.valid) << c.what;
}

// ---------------------------------------------------------------- ValidateAttachmentName

TEST(ValidateAttachmentName, AllowsPlainNamesAndRefusesPathsControlsAndBadUtf8) {
  const struct {
    std::string name;
    bool valid;
  } cases[] = {
      {"poc.py", true},
      {"レポート 2026.pdf", true},
      {".hidden", true},
      {"...", true},
      {std::string(255, 'a'), true},
      {"", false},
      {std::string(256, 'a'), false},
      {".", false},
      {"..", false},
      {"../etc/passwd", false},
      {"dir/file.txt", false},
      {"C:\\Windows\\win.ini", false},
      {"a\nb.txt", false},
      {"a\rb.txt", false},
      {"tab\t.txt", false},
      {"nul\0.txt"s, false},
      {"del\x7F.txt", false},
      {"bad\xC0\xAF.txt", false},
      {"cut\xE6\x97", false},
  };
  for (const auto& c : cases) {
    const Status st = ValidateAttachmentName(c.name);
    EXPECT_EQ(st.ok(), c.valid) << "'" << c.name << "'";
    if (!st.ok()) {
      EXPECT_EQ(st.error().code, ErrorCode::kInvalidInput) << c.name;
      EXPECT_EQ(st.error().field, "filename") << c.name;
    }
  }
}

TEST(ValidateMessageBody, RequiresNonBlankValidTextWithinTheLongLimit) {
  EXPECT_TRUE(ValidateMessageBody("ありがとうございます").ok());
  EXPECT_TRUE(ValidateMessageBody(std::string(kMaxLongField, 'm')).ok());
  EXPECT_EQ(ValidateMessageBody("").error().field, "body");
  EXPECT_EQ(ValidateMessageBody(" \n").error().message, "body is required");
  EXPECT_EQ(ValidateMessageBody(std::string(kMaxLongField + 1, 'm')).error().field, "body");
  EXPECT_EQ(ValidateMessageBody("x\xED\xA0\x80").error().message, "body is not valid UTF-8 text");
}

// ---------------------------------------------------------------- transitions

Report WithStatus(ReportStatus status) {
  Report r;
  r.status = status;
  return r;
}

TEST(ReportTransitions, OnlyAReceivedReportCanBeAcknowledged) {
  // received → acknowledged → accepted | declined (PROCESS §2).
  const struct {
    ReportStatus status;
    bool ok;
    std::string message;
  } cases[] = {
      {ReportStatus::kReceived, true, ""},
      {ReportStatus::kAcknowledged, false, "report is already acknowledged"},
      {ReportStatus::kAccepted, false, "report is already accepted"},
      {ReportStatus::kDeclined, false, "report is already declined"},
  };
  for (const auto& c : cases) {
    const Status st = CheckCanAcknowledge(WithStatus(c.status));
    ASSERT_EQ(st.ok(), c.ok) << ReportStatusName(c.status);
    if (!c.ok) {
      EXPECT_EQ(st.error().code, ErrorCode::kConflict);
      EXPECT_EQ(st.error().message, c.message);
    }
  }
}

TEST(ReportTransitions, AReceivedOrAcknowledgedReportCanBeDecidedOnce) {
  // A decision acknowledges too, so a received report may be decided directly.
  const struct {
    ReportStatus status;
    bool ok;
  } cases[] = {
      {ReportStatus::kReceived, true},
      {ReportStatus::kAcknowledged, true},
      {ReportStatus::kAccepted, false},
      {ReportStatus::kDeclined, false},
  };
  for (const auto& c : cases) {
    const Status st = CheckCanDecide(WithStatus(c.status));
    ASSERT_EQ(st.ok(), c.ok) << ReportStatusName(c.status);
    if (!c.ok) {
      EXPECT_EQ(st.error().code, ErrorCode::kConflict);
      EXPECT_EQ(st.error().message, "report is already " + std::string(ReportStatusName(c.status)));
    }
  }
}

TEST(IsAckOverdue, OverdueOnlyAfterTheDeadlineDayAndOnlyWhileUnacknowledged) {
  // Acknowledgement within 5 business days (P-A): the deadline day itself is still in time.
  using namespace std::chrono;
  Report r;
  r.ack_deadline = sys_days{2026y / May / 11};
  EXPECT_FALSE(IsAckOverdue(r, sys_days{2026y / May / 10}));
  EXPECT_FALSE(IsAckOverdue(r, sys_days{2026y / May / 11}));
  EXPECT_TRUE(IsAckOverdue(r, sys_days{2026y / May / 12}));
  EXPECT_TRUE(IsAckOverdue(r, sys_days{2027y / January / 1}));
  r.acknowledged_at = sys_seconds{sys_days{2026y / May / 20}};  // late, but acknowledged
  EXPECT_FALSE(IsAckOverdue(r, sys_days{2026y / May / 12}));
}

// ---------------------------------------------------------------- enum names

template <typename E>
struct NameCase {
  E value;
  std::string_view name;
};

template <typename E, typename NameFn, typename ParseFn>
void ExpectRoundTrips(const std::vector<NameCase<E>>& cases, NameFn name_of, ParseFn parse) {
  std::set<std::string_view> names;
  for (const auto& c : cases) {
    EXPECT_EQ(name_of(c.value), c.name);
    const auto back = parse(c.name);
    ASSERT_TRUE(back.has_value()) << c.name;
    EXPECT_EQ(*back, c.value) << c.name;
    names.insert(c.name);
  }
  EXPECT_EQ(names.size(), cases.size()) << "names are unique";
  for (std::string_view bad : {"", "unknown", "Software", "RECEIVED", " direct", "already-public"}) {
    EXPECT_FALSE(parse(bad).has_value()) << "'" << bad << "'";
  }
}

TEST(EnumNames, ReportKindRoundTrips) {
  ExpectRoundTrips<ReportKind>({{ReportKind::kSoftware, "software"}, {ReportKind::kWebsite, "website"}},
                               ReportKindName, ParseReportKind);
}

TEST(EnumNames, ReportStatusRoundTrips) {
  ExpectRoundTrips<ReportStatus>({{ReportStatus::kReceived, "received"},
                                  {ReportStatus::kAcknowledged, "acknowledged"},
                                  {ReportStatus::kAccepted, "accepted"},
                                  {ReportStatus::kDeclined, "declined"}},
                                 ReportStatusName, ParseReportStatus);
}

TEST(EnumNames, ReportSourceRoundTrips) {
  ExpectRoundTrips<ReportSource>({{ReportSource::kPartnership, "partnership"},
                                  {ReportSource::kOverseasCoordinator, "overseas_coordinator"},
                                  {ReportSource::kDirect, "direct"}},
                                 ReportSourceName, ParseReportSource);
}

// The ten decline reasons the policy names (P-B, B).
const std::vector<NameCase<DeclineReason>> kDeclineReasonNames = {
    {DeclineReason::kNotAVulnerability, "not_a_vulnerability"},
    {DeclineReason::kDebugMode, "debug_mode"},
    {DeclineReason::kTrainingSoftware, "training_software"},
    {DeclineReason::kVersionNotReproducible, "version_not_reproducible"},
    {DeclineReason::kNotMaintained, "not_maintained"},
    {DeclineReason::kStale18Months, "stale_18_months"},
    {DeclineReason::kMinimalImpactJapan, "minimal_impact_japan"},
    {DeclineReason::kAlreadyPublic, "already_public"},
    {DeclineReason::kXssWithoutImpact, "xss_without_impact"},
    {DeclineReason::kOutOfScope, "out_of_scope"},
};

TEST(EnumNames, AllTenDeclineReasonsRoundTrip) {
  ExpectRoundTrips<DeclineReason>(kDeclineReasonNames, DeclineReasonName, ParseDeclineReason);
}

TEST(EnumNames, AllDeclineReasonsListsEachPolicyReasonOnceInOrder) {
  const auto& all = AllDeclineReasons();
  ASSERT_EQ(all.size(), 10u);
  for (std::size_t i = 0; i < all.size(); ++i) EXPECT_EQ(all[i], kDeclineReasonNames[i].value) << i;
}

// ---------------------------------------------------------------- identifiers

TEST(FormatJvnIdentifier, PartnershipGetsJvnOthersJvnvuWithEightDigits) {
  // JVN# for the Partnership's receiving organisation, JVNVU# for overseas or direct (PROCESS §7).
  const struct {
    ReportSource source;
    std::uint32_t digits;
    std::string want;
  } cases[] = {
      {ReportSource::kPartnership, 12345678, "JVN#12345678"},
      {ReportSource::kPartnership, 42, "JVN#00000042"},
      {ReportSource::kPartnership, 0, "JVN#00000000"},
      {ReportSource::kPartnership, 99'999'999, "JVN#99999999"},
      {ReportSource::kOverseasCoordinator, 7, "JVNVU#00000007"},
      {ReportSource::kOverseasCoordinator, 98765432, "JVNVU#98765432"},
      {ReportSource::kDirect, 1234, "JVNVU#00001234"},
      // Never more than 8 digits: larger inputs keep their low 8 digits.
      {ReportSource::kDirect, 123'456'789, "JVNVU#23456789"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(FormatJvnIdentifier(c.source, c.digits), c.want)
        << ReportSourceName(c.source) << " " << c.digits;
  }
}

TEST(FormatIntakeNumber, YearAndFiveDigitSequence) {
  // Every report gets an intake number at once (PROCESS §2).
  EXPECT_EQ(FormatIntakeNumber(2026, 1), "IN-2026-00001");
  EXPECT_EQ(FormatIntakeNumber(2026, 42), "IN-2026-00042");
  EXPECT_EQ(FormatIntakeNumber(2027, 99'999), "IN-2027-99999");
  EXPECT_EQ(FormatIntakeNumber(2027, 100'000), "IN-2027-100000");  // widens rather than wraps
}

TEST(FormatWebsiteIdentifier, YearAndFourDigitSequence) {
  EXPECT_EQ(FormatWebsiteIdentifier(2026, 7), "WEB-2026-0007");
}

}  // namespace
}  // namespace cvdhub::domain

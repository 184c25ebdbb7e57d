#include "formats/report_json.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

namespace cvdhub::formats {
namespace {

using nlohmann::json;
using namespace std::string_literals;

// Every submission field with a non-default value.
json FullSubmission() {
  return {
      {"kind", "website"},
      {"title", "XSS in 検索フォーム"},
      {"product_name", "Example Shop"},
      {"product_version", "2026.4"},
      {"product_url", "https://shop.example.jp/search"},
      {"discovery_method", "manual testing"},
      {"tools_used", "Burp Suite"},
      {"reproduction", "1. open /search?q=<script>alert(1)</script>\n2. observe"},
      {"impact", "session theft"},
      {"publicly_known", true},
      {"public_reference", "https://blog.example/post"},
      {"time_constraints", "talk on 2026-06-01"},
      {"vendor_contacted", true},
      {"vendor_contact_details", "mailed security@shop.example.jp"},
      {"finder_name", "山田 太郎"},
      {"finder_contact", "taro@example.jp"},
      {"wants_credit", true},
      {"credit_name", "Taro Yamada"},
      {"language", "en"},
      {"source", "overseas_coordinator"},
  };
}

const std::vector<std::string> kStringFields = {
    "title",          "product_name",     "product_version", "product_url", "discovery_method",
    "tools_used",     "reproduction",     "impact",          "public_reference", "time_constraints",
    "vendor_contact_details", "finder_name", "finder_contact", "credit_name",
};
const std::vector<std::string> kBoolFields = {"publicly_known", "vendor_contacted", "wants_credit"};

TEST(ParseSubmissionJson, EveryFieldRoundTripsThroughReportToJson) {
  const json in = FullSubmission();
  auto parsed = ParseSubmissionJson(in.dump());
  ASSERT_TRUE(parsed.ok()) << parsed.error().field << ": " << parsed.error().message;
  const auto& s = parsed->submission;
  EXPECT_EQ(s.kind, domain::ReportKind::kWebsite);
  EXPECT_EQ(s.language, domain::Language::kEn);
  EXPECT_EQ(s.source, domain::ReportSource::kOverseasCoordinator);
  EXPECT_TRUE(parsed->attachments.empty());

  domain::Report r;
  r.submission = s;
  const json out = ReportToJson(r);
  for (const auto& [key, value] : in.items()) {
    ASSERT_TRUE(out.contains(key)) << key;
    EXPECT_EQ(out[key], value) << key;
  }
  // And back again: the submission part of the API form parses to the same values.
  json again = out;
  for (const char* k : {"id", "intake_number", "status", "priority", "received_at", "ack_deadline",
                        "acknowledged_at", "decided_at", "decline_reason", "decision_note", "case_identifier"}) {
    ASSERT_EQ(again.erase(k), 1u) << k;
  }
  EXPECT_EQ(again, in);
  auto reparsed = ParseSubmissionJson(again.dump());
  ASSERT_TRUE(reparsed.ok()) << reparsed.error().message;
  EXPECT_EQ(ReportToJson(domain::Report{.submission = reparsed->submission}), out);
}

TEST(ParseSubmissionJson, AbsentFieldsKeepTheirDefaults) {
  auto parsed = ParseSubmissionJson("{}");
  ASSERT_TRUE(parsed.ok());
  const auto& s = parsed->submission;
  EXPECT_EQ(s.kind, domain::ReportKind::kSoftware);
  EXPECT_EQ(s.language, domain::Language::kJa);
  EXPECT_EQ(s.source, domain::ReportSource::kPartnership);
  EXPECT_FALSE(s.wants_credit);
  EXPECT_EQ(s.title, "");
}

TEST(ReportToJson, ShowsTheReportStateWithNullsForWhatHasNotHappened) {
  using namespace std::chrono;
  domain::Report r;
  r.id = 12;
  r.intake_number = "IN-2026-00012";
  r.status = domain::ReportStatus::kDeclined;
  r.priority.critical_infrastructure = true;
  r.received_at = sys_seconds{sys_days{2026y / April / 28} + 10h + 5min + 7s};
  r.ack_deadline = sys_days{2026y / May / 11};
  r.decline_reason = domain::DeclineReason::kStale18Months;
  r.decided_at = sys_seconds{sys_days{2026y / April / 30}};
  r.decision_note = "last release 2023";
  const json j = ReportToJson(r);
  EXPECT_EQ(j["id"], 12);
  EXPECT_EQ(j["intake_number"], "IN-2026-00012");
  EXPECT_EQ(j["status"], "declined");
  EXPECT_EQ(j["received_at"], "2026-04-28T10:05:07Z");
  EXPECT_EQ(j["ack_deadline"], "2026-05-11");
  EXPECT_TRUE(j["acknowledged_at"].is_null());
  EXPECT_EQ(j["decided_at"], "2026-04-30T00:00:00Z");
  EXPECT_EQ(j["decline_reason"], "stale_18_months");
  EXPECT_EQ(j["decision_note"], "last release 2023");
  EXPECT_TRUE(j["case_identifier"].is_null());
  EXPECT_EQ(j["priority"], (json{{"wide_effect_japan", false},
                                 {"critical_infrastructure", true},
                                 {"large_user_base", false}}));
}

TEST(ParseSubmissionJson, UnknownKeyIsInvalidAndNamed) {
  auto got = ParseSubmissionJson(R"({"title": "x", "titel": "typo"})");
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(got.error().field, "titel");
  EXPECT_EQ(got.error().message, "unknown field 'titel'");
  // Output-only fields are not accepted as input either.
  auto status = ParseSubmissionJson(R"({"status": "accepted"})");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().field, "status");
}

TEST(ParseSubmissionJson, WrongTypesAreNamed) {
  for (const auto& key : kStringFields) {
    for (const json& bad : {json(1), json(true), json(nullptr), json::array({"x"}), json::object()}) {
      auto got = ParseSubmissionJson(json{{key, bad}}.dump());
      ASSERT_FALSE(got.ok()) << key << " = " << bad.dump();
      EXPECT_EQ(got.error().field, key);
      EXPECT_EQ(got.error().message, key + " must be a string");
    }
  }
  for (const auto& key : kBoolFields) {
    for (const json& bad : {json("true"), json(1), json(0), json(nullptr)}) {
      auto got = ParseSubmissionJson(json{{key, bad}}.dump());
      ASSERT_FALSE(got.ok()) << key << " = " << bad.dump();
      EXPECT_EQ(got.error().field, key);
      EXPECT_EQ(got.error().message, key + " must be true or false");
    }
  }
}

TEST(ParseSubmissionJson, BadKindLanguageOrSourceIsNamed) {
  const struct {
    json body;
    std::string field;
  } cases[] = {
      {{{"kind", "hardware"}}, "kind"},
      {{{"kind", "Software"}}, "kind"},
      {{{"kind", 0}}, "kind"},
      {{{"language", "fr"}}, "language"},
      {{{"language", "JA"}}, "language"},
      {{{"language", nullptr}}, "language"},
      {{{"source", "ipa"}}, "source"},
      {{{"source", true}}, "source"},
  };
  for (const auto& c : cases) {
    auto got = ParseSubmissionJson(c.body.dump());
    ASSERT_FALSE(got.ok()) << c.body.dump();
    EXPECT_EQ(got.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(got.error().field, c.field) << c.body.dump();
  }
}

TEST(ParseSubmissionJson, AttachmentsAreBase64DecodedByteExactly) {
  const json in = {{"attachments",
                    {{{"filename", "poc.bin"}, {"content_type", "application/octet-stream"},
                      {"content_base64", "AAEC/w0KAA=="}},
                     {{"filename", "notes.txt"}, {"content_base64", "SGVs\nbG8s IOS4lueVjA=="}},
                     {{"filename", "empty.txt"}}}}};
  auto got = ParseSubmissionJson(in.dump());
  ASSERT_TRUE(got.ok()) << got.error().field << ": " << got.error().message;
  ASSERT_EQ(got->attachments.size(), 3u);
  EXPECT_EQ(got->attachments[0].filename, "poc.bin");
  EXPECT_EQ(got->attachments[0].content_type, "application/octet-stream");
  EXPECT_EQ(got->attachments[0].bytes, "\x00\x01\x02\xFF\r\n\x00"s);
  EXPECT_EQ(got->attachments[1].filename, "notes.txt");
  EXPECT_EQ(got->attachments[1].content_type, "");
  EXPECT_EQ(got->attachments[1].bytes, "Hello, 世界");  // line breaks and spaces are ignored
  EXPECT_EQ(got->attachments[2].bytes, "");
}

TEST(ParseSubmissionJson, AttachmentProblemsNameTheAttachmentByIndex) {
  const struct {
    const char* what;
    json attachments;
    std::string field;
    std::string message;
  } cases[] = {
      {"not an array", json::object(), "attachments", "attachments must be an array"},
      {"not an object", json::array({"x"}), "attachments[0]", "attachments[0] must be an object"},
      {"invalid base64",
       {{{"filename", "a"}, {"content_base64", "!!!!"}}},
       "attachments[0].content_base64",
       "attachments[0].content_base64 is not valid base64"},
      {"invalid base64 in the second",
       {{{"filename", "a"}, {"content_base64", "YQ=="}}, {{"filename", "b"}, {"content_base64", "YQ="}}},
       "attachments[1].content_base64",
       "attachments[1].content_base64 is not valid base64"},
      {"missing filename", {{{"content_base64", "YQ=="}}}, "attachments[0].filename",
       "attachments[0].filename is required"},
      {"filename not a string", {{{"filename", 3}}}, "attachments[0].filename",
       "attachments[0].filename must be a string"},
      {"unknown attachment key", {{{"filename", "a"}, {"size", "1"}}}, "attachments[0].size",
       "unknown field attachments[0].size"},
  };
  for (const auto& c : cases) {
    auto got = ParseSubmissionJson(json{{"attachments", c.attachments}}.dump());
    ASSERT_FALSE(got.ok()) << c.what;
    EXPECT_EQ(got.error().code, ErrorCode::kInvalidInput) << c.what;
    EXPECT_EQ(got.error().field, c.field) << c.what;
    EXPECT_EQ(got.error().message, c.message) << c.what;
  }
}

TEST(ParseSubmissionJson, TopLevelMustBeAnObject) {
  for (const char* text : {"[]", "[{\"title\": \"x\"}]", "\"report\"", "42", "null", "true"}) {
    auto got = ParseSubmissionJson(text);
    ASSERT_FALSE(got.ok()) << text;
    EXPECT_EQ(got.error().field, "body") << text;
    EXPECT_EQ(got.error().message, "the report must be a JSON object") << text;
  }
}

TEST(ParseSubmissionJson, MalformedJsonSaysWhereAndWhat) {
  const struct {
    std::string text;
    std::string mentions;
  } cases[] = {
      {"", "unexpected end of input"},
      {R"({"title": })", "line 1, column 11"},
      {"{\n  \"title\": \"x\",\n}", "line 3, column 1"},
      {R"({"title": "unterminated)", "missing closing quote"},
      {R"({"title": "x"} trailing)", "expected end of input"},
      {"{\"title\": \"bad \xC0\xAF utf8\"}", "ill-formed UTF-8"},
  };
  for (const auto& c : cases) {
    auto got = ParseSubmissionJson(c.text);
    ASSERT_FALSE(got.ok()) << c.text;
    EXPECT_EQ(got.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(got.error().field, "body");
    EXPECT_TRUE(got.error().message.starts_with("malformed JSON: ")) << got.error().message;
    EXPECT_NE(got.error().message.find(c.mentions), std::string::npos)
        << "'" << c.text << "': " << got.error().message;
  }
}

}  // namespace
}  // namespace cvdhub::formats

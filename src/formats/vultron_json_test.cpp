#include "formats/vultron_json.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <string_view>

#ifndef CVDHUB_SHARED_DIR
#define CVDHUB_SHARED_DIR "/work/shared"
#endif

namespace cvdhub::formats {
namespace {

using domain::CvdRole;
using domain::EmState;
using domain::RmState;
using nlohmann::json;

json Example(std::string_view name) {
  const std::string path = CVDHUB_SHARED_DIR "/reference/vultron/examples/" + std::string(name);
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  EXPECT_FALSE(text.str().empty()) << "cannot read " << path;
  return json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
}

std::set<std::string> Keys(const json& object) {
  std::set<std::string> keys;
  if (!object.is_object()) return keys;
  for (const auto& [key, value] : object.items()) keys.insert(key);
  return keys;
}

// `ours` has the keys of `example` (plus `extra`), and where the example has
// a non-null value ours has a value of the same JSON type.
void ExpectShapeOf(const json& ours, const json& example, const std::set<std::string>& extra = {}) {
  ASSERT_TRUE(example.is_object());
  ASSERT_TRUE(ours.is_object());
  std::set<std::string> expected = Keys(example);
  expected.insert(extra.begin(), extra.end());
  EXPECT_EQ(Keys(ours), expected);
  for (const auto& [key, value] : example.items()) {
    if (value.is_null() || !ours.contains(key)) continue;
    EXPECT_EQ(std::string(ours[key].type_name()), std::string(value.type_name())) << key;
  }
}

constexpr std::string_view kCase = "https://cvdhub.example/cases/JVNVU12345678";

VultronParticipantSnapshot Participant(std::string_view slug, std::string name, std::vector<CvdRole> roles,
                                       RmState rm, domain::VendorLetters vendor) {
  VultronParticipantSnapshot p;
  p.id_url = std::string(kCase) + "/participants/" + std::string(slug);
  p.actor_url = "https://cvdhub.example/orgs/" + std::string(slug);
  p.name = std::move(name);
  p.roles = std::move(roles);
  p.rm = rm;
  p.vendor = vendor;
  p.last_status_at = "2026-02-03T04:05:06Z";
  return p;
}

VultronCaseSnapshot TwoVendorCase() {
  VultronCaseSnapshot c;
  c.case_url = std::string(kCase);
  c.name = "JVN#12345678";
  c.summary = "Two router vendors share an affected library.";
  c.actor_url = "https://cvdhub.example/orgs/coordinator";
  c.created_at = "2026-01-05T01:00:00Z";
  c.updated_at = "2026-02-03T04:05:06Z";
  c.em = EmState::kActive;
  c.embargo = VultronEmbargoSnapshot{"2026-01-10T00:00:00Z", "2026-04-10T01:00:00Z"};
  c.pub = domain::PublicLetters{};
  c.report_urls = {"https://cvdhub.example/reports/R-2026-0001"};
  c.participants = {
      Participant("coordinator", "JPCERT/CC", {CvdRole::kCoordinator, CvdRole::kCaseOwner},
                  RmState::kAccepted, {}),
      Participant("finder", "Finn", {CvdRole::kFinder, CvdRole::kReporter}, RmState::kAccepted, {}),
      Participant("vendor-a", "Vendor A", {CvdRole::kVendor}, RmState::kAccepted, {true, true, false}),
      Participant("vendor-b", "Vendor B", {CvdRole::kVendor}, RmState::kReceived, {true, false, false}),
  };
  return c;
}

TEST(VultronJsonTest, HasTheShapeOfTheVultronExamples) {
  const json ours = VultronCaseToJson(TwoVendorCase());
  const json create_case = Example("create_case.json");
  const json case_participant = Example("case_participant.json");
  const json vulnerability_case = Example("vulnerability_case.json");
  const json activate_embargo = Example("activate_embargo.json");
  ASSERT_FALSE(create_case.is_discarded());
  ASSERT_FALSE(case_participant.is_discarded());
  ASSERT_FALSE(vulnerability_case.is_discarded());
  ASSERT_FALSE(activate_embargo.is_discarded());

  // The case: the keys of the case in create_case.json, plus the two AS2
  // core properties that the snapshot fills and the example leaves out.
  ExpectShapeOf(ours, create_case["object"], {"summary", "attributedTo"});
  for (const auto& [key, value] : vulnerability_case.items()) EXPECT_TRUE(ours.contains(key)) << key;

  ASSERT_EQ(ours["caseStatus"].size(), 1u);
  ExpectShapeOf(ours["caseStatus"][0], vulnerability_case["caseStatus"][0]);
  ExpectShapeOf(ours["caseStatus"][0], create_case["object"]["caseStatus"][0]);

  ASSERT_EQ(ours["caseParticipants"].size(), 4u);
  for (const json& participant : ours["caseParticipants"]) {
    SCOPED_TRACE(participant.value("id", "?"));
    ExpectShapeOf(participant, case_participant);
    ASSERT_EQ(participant["participantStatus"].size(), 1u);
    const json& status = participant["participantStatus"][0];
    const json& example_status = case_participant["participantStatus"][0];
    ExpectShapeOf(status, example_status);
    ExpectShapeOf(status["caseStatus"], example_status["caseStatus"]);
  }

  ExpectShapeOf(ours["activeEmbargo"], activate_embargo["object"]);
}

TEST(VultronJsonTest, RendersStatesAsTheExamplesDo) {
  const json ours = VultronCaseToJson(TwoVendorCase());
  const std::string case_url(kCase);

  EXPECT_EQ(ours["@context"], "https://www.w3.org/ns/activitystreams");
  EXPECT_EQ(ours["type"], "VulnerabilityCase");
  EXPECT_EQ(ours["id"], case_url);
  EXPECT_EQ(ours["name"], "JVN#12345678");
  EXPECT_EQ(ours["summary"], "Two router vendors share an affected library.");
  EXPECT_EQ(ours["attributedTo"], json::array({"https://cvdhub.example/orgs/coordinator"}));
  EXPECT_EQ(ours["published"], "2026-01-05T01:00:00Z");
  EXPECT_EQ(ours["updated"], "2026-02-03T04:05:06Z");
  EXPECT_EQ(ours["vulnerabilityReports"], json::array({"https://cvdhub.example/reports/R-2026-0001"}));

  const json expected_status = {
      {"@context", "https://www.w3.org/ns/activitystreams"},
      {"type", "CaseStatus"},
      {"id", case_url + "/status"},
      {"name", "EMBARGO_MANAGEMENT_ACTIVE pxa"},
      {"context", case_url},
      {"published", "2026-01-05T01:00:00Z"},
      {"updated", "2026-02-03T04:05:06Z"},
      {"emState", "EMBARGO_MANAGEMENT_ACTIVE"},
      {"pxaState", "pxa"},
  };
  EXPECT_EQ(ours["caseStatus"], json::array({expected_status}));

  const json& vendor_b = ours["caseParticipants"][3];
  const json expected_vendor_b = {
      {"@context", "https://www.w3.org/ns/activitystreams"},
      {"type", "CaseParticipant"},
      {"id", case_url + "/participants/vendor-b"},
      {"name", "Vendor B"},
      {"context", case_url},
      {"actor", "https://cvdhub.example/orgs/vendor-b"},
      {"caseRoles", {"VENDOR"}},
      {"participantStatus", json::array({{
                                {"@context", "https://www.w3.org/ns/activitystreams"},
                                {"type", "ParticipantStatus"},
                                {"id", case_url + "/participants/vendor-b/status"},
                                {"name", "REPORT_MANAGEMENT_RECEIVED Vfd EMBARGO_MANAGEMENT_ACTIVE pxa"},
                                {"context", case_url + "/participants/vendor-b"},
                                {"published", "2026-02-03T04:05:06Z"},
                                {"updated", "2026-02-03T04:05:06Z"},
                                {"actor", "https://cvdhub.example/orgs/vendor-b"},
                                {"rmState", "REPORT_MANAGEMENT_RECEIVED"},
                                {"vfdState", "Vfd"},
                                {"caseEngagement", true},
                                {"embargoAdherence", true},
                                {"caseStatus", expected_status},
                            }})},
  };
  EXPECT_EQ(vendor_b, expected_vendor_b);

  const json& vendor_a = ours["caseParticipants"][2]["participantStatus"][0];
  EXPECT_EQ(vendor_a["rmState"], "REPORT_MANAGEMENT_ACCEPTED");
  EXPECT_EQ(vendor_a["vfdState"], "VFd");
  EXPECT_EQ(vendor_a["name"], "REPORT_MANAGEMENT_ACCEPTED VFd EMBARGO_MANAGEMENT_ACTIVE pxa");
  EXPECT_EQ(ours["caseParticipants"][0]["caseRoles"], json::array({"COORDINATOR", "CASE_OWNER"}));
  EXPECT_EQ(ours["caseParticipants"][1]["caseRoles"], json::array({"FINDER", "REPORTER"}));
  EXPECT_EQ(ours["caseParticipants"][1]["participantStatus"][0]["vfdState"], "vfd");

  const json expected_embargo = {
      {"@context", "https://www.w3.org/ns/activitystreams"},
      {"type", "EmbargoEvent"},
      {"id", case_url + "/embargo_events/2026-04-10T01:00:00Z"},
      {"name", "Embargo for " + case_url + " start: 2026-01-10T00:00:00Z end: 2026-04-10T01:00:00Z"},
      {"context", case_url},
      {"startTime", "2026-01-10T00:00:00Z"},
      {"endTime", "2026-04-10T01:00:00Z"},
      {"published", "2026-01-10T00:00:00Z"},
      {"updated", "2026-01-10T00:00:00Z"},
      {"content", "Embargo on JVN#12345678 until 2026-04-10T01:00:00Z."},
  };
  EXPECT_EQ(ours["activeEmbargo"], expected_embargo);

  // The text form survives a round trip.
  EXPECT_EQ(json::parse(ours.dump()), ours);
}

TEST(VultronJsonTest, PublicLettersAndExitedEmbargo) {
  VultronCaseSnapshot c = TwoVendorCase();
  c.em = EmState::kExited;
  c.pub = domain::PublicLetters{true, true, false};
  c.participants[3].vendor = {true, true, true};
  c.participants[3].case_engagement = false;
  const json ours = VultronCaseToJson(c);
  EXPECT_EQ(ours["caseStatus"][0]["name"], "EMBARGO_MANAGEMENT_EXITED PXa");
  EXPECT_EQ(ours["caseStatus"][0]["emState"], "EMBARGO_MANAGEMENT_EXITED");
  EXPECT_EQ(ours["caseStatus"][0]["pxaState"], "PXa");
  const json& status = ours["caseParticipants"][3]["participantStatus"][0];
  EXPECT_EQ(status["vfdState"], "VFD");
  EXPECT_EQ(status["caseEngagement"], false);
  EXPECT_EQ(status["caseStatus"]["pxaState"], "PXa");
  // The embargo has ended: Vultron writes null rather than leaving it out.
  ASSERT_TRUE(ours.contains("activeEmbargo"));
  EXPECT_TRUE(ours["activeEmbargo"].is_null());
}

TEST(VultronJsonTest, ActiveEmbargoOnlyWhileInForce) {
  const std::pair<EmState, bool> kCases[] = {
      {EmState::kNone, false},  {EmState::kProposed, false}, {EmState::kActive, true},
      {EmState::kRevise, true}, {EmState::kExited, false},
  };
  for (const auto& [em, in_force] : kCases) {
    VultronCaseSnapshot c = TwoVendorCase();
    c.em = em;
    const json ours = VultronCaseToJson(c);
    EXPECT_EQ(ours["activeEmbargo"].is_object(), in_force) << domain::EmStateName(em);
    EXPECT_EQ(ours["caseStatus"][0]["emState"], domain::EmStateWireName(em));
  }
  VultronCaseSnapshot no_dates = TwoVendorCase();
  no_dates.embargo.reset();
  EXPECT_TRUE(VultronCaseToJson(no_dates)["activeEmbargo"].is_null());
}

TEST(VultronJsonTest, MinimalCaseHasExactlyTheExampleKeys) {
  VultronCaseSnapshot c;
  c.case_url = "https://cvdhub.example/cases/1";
  c.name = "JVN#00000001";
  c.created_at = "2026-01-01T00:00:00Z";
  const json ours = VultronCaseToJson(c);
  const json create_case = Example("create_case.json");
  EXPECT_EQ(Keys(ours), Keys(create_case["object"]));
  EXPECT_EQ(ours["updated"], "2026-01-01T00:00:00Z");  // falls back to created_at
  EXPECT_EQ(ours["caseParticipants"], json::array());
  EXPECT_EQ(ours["vulnerabilityReports"], json::array());
  EXPECT_EQ(ours["caseStatus"][0]["name"], "EMBARGO_MANAGEMENT_NONE pxa");  // as in the examples
  EXPECT_EQ(ours["caseStatus"][0]["name"], create_case["object"]["caseStatus"][0]["name"]);
}

}  // namespace
}  // namespace cvdhub::formats

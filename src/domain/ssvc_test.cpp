#include "domain/ssvc.hpp"

#include <gtest/gtest.h>

#include <cctype>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#ifndef CVDHUB_SOURCE_DIR
#define CVDHUB_SOURCE_DIR "/work/main"
#endif
#ifndef CVDHUB_SHARED_DIR
#define CVDHUB_SHARED_DIR "/work/shared"
#endif

namespace cvdhub::domain {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string TriageCsv() {
  const std::string text = ReadFile(CVDHUB_SOURCE_DIR "/data/ssvc_coordinator_triage_1_0_0.csv");
  EXPECT_FALSE(text.empty()) << "cannot read the triage table under " CVDHUB_SOURCE_DIR "/data";
  return text;
}

SsvcDecisionTable TriageTable() {
  Result<SsvcDecisionTable> table = SsvcDecisionTable::Parse(TriageCsv());
  EXPECT_TRUE(table.ok()) << table.error().message;
  return std::move(table).value();
}

// The seven coordinator triage decision points, in column order.
const std::vector<std::string> kNames = {"Report Public",       "Supplier Contacted",
                                         "Report Credibility",  "Supplier Cardinality",
                                         "Supplier Engagement", "Utility",
                                         "Public Safety Impact"};

std::map<std::string, std::string> Answers(const std::vector<std::string>& values) {
  std::map<std::string, std::string> answers;
  for (std::size_t i = 0; i < kNames.size(); ++i) answers[kNames[i]] = values[i];
  return answers;
}

TEST(SsvcTest, ParsesTheCoordinatorTriageTable) {
  const SsvcDecisionTable table = TriageTable();
  EXPECT_EQ(table.row_count(), 192u);  // 2*2*2*2*2*3*2
  struct Expected {
    std::string name, version;
    std::vector<std::string> values;
  };
  const std::vector<Expected> kExpected = {
      {"Report Public", "1.0.0", {"yes", "no"}},
      {"Supplier Contacted", "1.0.0", {"no", "yes"}},
      {"Report Credibility", "1.0.0", {"not credible", "credible"}},
      {"Supplier Cardinality", "1.0.0", {"one", "multiple"}},
      {"Supplier Engagement", "1.0.0", {"active", "unresponsive"}},
      {"Utility", "1.0.1", {"laborious", "efficient", "super effective"}},
      {"Public Safety Impact", "2.0.1", {"minimal", "significant"}},
  };
  ASSERT_EQ(table.decision_points().size(), kExpected.size());
  for (std::size_t i = 0; i < kExpected.size(); ++i) {
    EXPECT_EQ(table.decision_points()[i].name, kExpected[i].name);
    EXPECT_EQ(table.decision_points()[i].version, kExpected[i].version);
    EXPECT_EQ(table.decision_points()[i].values, kExpected[i].values) << kExpected[i].name;
  }
  EXPECT_EQ(table.outcome().name, "Decline, Track, Coordinate");  // quoted in the CSV
  EXPECT_EQ(table.outcome().version, "1.0.1");
  EXPECT_EQ(table.outcome().values, (std::vector<std::string>{"decline", "track", "coordinate"}));
}

TEST(SsvcTest, DecidesKnownRows) {
  const SsvcDecisionTable table = TriageTable();
  struct Row {
    std::vector<std::string> answers;
    std::string outcome;
  };
  const Row kRows[] = {
      // row 0
      {{"yes", "no", "not credible", "one", "active", "laborious", "minimal"}, "decline"},
      // row 72
      {{"no", "yes", "credible", "one", "unresponsive", "laborious", "minimal"}, "track"},
      // row 119
      {{"yes", "no", "not credible", "multiple", "active", "super effective", "significant"},
       "coordinate"},
      // row 152
      {{"no", "yes", "not credible", "one", "active", "super effective", "significant"}, "track"},
      // row 191
      {{"no", "yes", "credible", "multiple", "unresponsive", "super effective", "significant"},
       "coordinate"},
  };
  for (const Row& row : kRows) {
    const Result<std::string> outcome = table.Decide(Answers(row.answers));
    ASSERT_TRUE(outcome.ok()) << outcome.error().message;
    EXPECT_EQ(*outcome, row.outcome);
  }
  // Values match ignoring case, as the SSVC JSON spells them "Yes", "Not Credible".
  const Result<std::string> outcome = table.Decide(Answers(
      {"No", "Yes", "Credible", "Multiple", "Unresponsive", "Super Effective", "Significant"}));
  ASSERT_TRUE(outcome.ok()) << outcome.error().message;
  EXPECT_EQ(*outcome, "coordinate");
}

TEST(SsvcTest, EveryCsvRowRoundTrips) {
  const SsvcDecisionTable table = TriageTable();
  std::istringstream csv(TriageCsv());
  std::string line;
  std::getline(csv, line);  // header
  int checked = 0;
  while (std::getline(csv, line)) {
    std::vector<std::string> fields;
    std::istringstream cells(line);
    for (std::string cell; std::getline(cells, cell, ',');) fields.push_back(cell);
    ASSERT_EQ(fields.size(), 9u) << line;  // row, 7 decision points, outcome
    const Result<std::string> outcome =
        table.Decide(Answers(std::vector<std::string>(fields.begin() + 1, fields.end() - 1)));
    ASSERT_TRUE(outcome.ok()) << line << ": " << outcome.error().message;
    EXPECT_EQ(*outcome, fields.back()) << line;
    ++checked;
  }
  EXPECT_EQ(checked, 192);
}

// The CSV agrees with CERT/CC's JSON rendering of the same table, when the
// shared reference copy is at hand.
TEST(SsvcTest, AgreesWithTheSsvcJsonMapping) {
  const std::string text =
      ReadFile(CVDHUB_SHARED_DIR "/reference/ssvc/coordinator_triage_1_0_0.json");
  if (text.empty()) GTEST_SKIP() << "no reference JSON under " CVDHUB_SHARED_DIR;
  const nlohmann::json json = nlohmann::json::parse(text);
  const SsvcDecisionTable table = TriageTable();
  const std::string outcome_key = json.at("outcome").get<std::string>();
  int checked = 0;
  for (const nlohmann::json& row : json.at("mapping")) {
    std::map<std::string, std::string> answers;
    std::string expected;
    for (const auto& [key, value_key] : row.items()) {
      const nlohmann::json& point = json.at("decision_points").at(key);
      std::string value_name;
      for (const nlohmann::json& value : point.at("values")) {
        if (value.at("key") == value_key) value_name = value.at("name").get<std::string>();
      }
      if (key == outcome_key) {
        expected = value_name;
      } else {
        answers[point.at("name").get<std::string>()] = value_name;
      }
    }
    const Result<std::string> outcome = table.Decide(answers);
    ASSERT_TRUE(outcome.ok()) << row.dump() << ": " << outcome.error().message;
    std::string lower = expected;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    EXPECT_EQ(*outcome, lower) << row.dump();
    ++checked;
  }
  EXPECT_EQ(checked, 192);
}

struct BadAnswers {
  std::map<std::string, std::string> answers;
  std::string field;
  std::string message;  // must appear in the error message
};

TEST(SsvcTest, RejectsMissingUnknownAndDisallowedAnswers) {
  const SsvcDecisionTable table = TriageTable();
  auto without = [](const std::string& name) {
    auto answers = Answers({"yes", "no", "credible", "one", "active", "laborious", "minimal"});
    answers.erase(name);
    return answers;
  };
  auto with = [](const std::string& name, const std::string& value) {
    auto answers = Answers({"yes", "no", "credible", "one", "active", "laborious", "minimal"});
    answers[name] = value;
    return answers;
  };
  const BadAnswers kCases[] = {
      {{}, "Report Public", "missing answer for decision point 'Report Public'"},
      {without("Utility"), "Utility", "missing answer for decision point 'Utility'"},
      {without("Public Safety Impact"), "Public Safety Impact",
       "missing answer for decision point 'Public Safety Impact'"},
      {with("Report Public", "maybe"), "Report Public",
       "value 'maybe' is not allowed for 'Report Public' (allowed: yes, no)"},
      {with("Utility", "super"), "Utility",
       "value 'super' is not allowed for 'Utility' (allowed: laborious, efficient, super "
       "effective)"},
      {with("Report Credibility", ""), "Report Credibility",
       "value '' is not allowed for 'Report Credibility'"},
      // Versioned names are not keys; neither are outcome names.
      {with("Report Public v1.0.0", "yes"), "Report Public v1.0.0",
       "unknown decision point 'Report Public v1.0.0'"},
      {with("Decline, Track, Coordinate", "track"), "Decline, Track, Coordinate",
       "unknown decision point"},
      {with("report public", "yes"), "report public", "unknown decision point 'report public'"},
  };
  for (const BadAnswers& c : kCases) {
    const Result<std::string> outcome = table.Decide(c.answers);
    ASSERT_FALSE(outcome.ok()) << c.message;
    EXPECT_EQ(outcome.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(outcome.error().field, c.field);
    EXPECT_NE(outcome.error().message.find(c.message), std::string::npos)
        << "got '" << outcome.error().message << "', want '" << c.message << "'";
  }
}

struct BadCsv {
  std::string csv;
  std::string message;  // must appear in the error message
};

TEST(SsvcTest, RejectsMalformedTables) {
  const std::string kHeader = "row,A v1.0.0,B v1.0.0,Outcome v1.0.0\n";
  const BadCsv kCases[] = {
      {"", "decision table is empty"},
      {"\n\n", "decision table is empty"},
      {"row,Outcome v1.0.0\n0,yes\n", "header needs at least one decision point"},
      {"Outcome\n", "header needs at least one decision point"},
      {kHeader, "decision table has no rows"},
      {kHeader + "0,x,y\n", "line 2: expected 4 fields, found 3"},
      {kHeader + "0,x,y,z,w\n", "line 2: expected 4 fields, found 5"},
      {kHeader + "0,x,,z\n", "line 2: empty value for 'B'"},
      {kHeader + ",x,y,z\n", "line 2: empty row number"},
      {"row,A v1.0.0,\"\",Outcome\n0,x,y,z\n", "line 1: column 3 has no name"},
      {"row,A v1.0.0,\" v1.0.0\",Outcome\n0,x,y,z\n", "line 1: column 3 has no name"},
      {"row,A v1.0.0,A v2.0.0,Outcome\n0,x,y,z\n", "decision point 'A' appears twice"},
      {kHeader + "0,\"x,y,z\n", "line 2: unterminated quoted field"},
      {kHeader + "0,\"x\"y,y,z\n", "line 2: unexpected text after the closing quote of field 2"},
      {kHeader + "0,x,y,z\n1,x,y,w\n", "line 3: same answers as line 2"},
      {kHeader + "0,x,y,z\n1,X,y,z\n", "values 'x' and 'X' of 'A' differ only in case"},
      {kHeader + "0,a,c,z\n1,b,c,z\n2,a,d,z\n",
       "decision table is incomplete: 3 rows for 4 combinations of decision-point values; e.g. no "
       "row for A=b, B=d"},
      {"not,a,decision\ntable\n", "line 2: expected 3 fields, found 1"},
      {std::string(2 << 20, 'x'), "decision table larger than"},
  };
  for (const BadCsv& c : kCases) {
    const Result<SsvcDecisionTable> table = SsvcDecisionTable::Parse(c.csv);
    ASSERT_FALSE(table.ok()) << c.message;
    EXPECT_EQ(table.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(table.error().field, "csv");
    EXPECT_NE(table.error().message.find(c.message), std::string::npos)
        << "got '" << table.error().message << "', want '" << c.message << "'";
  }
}

TEST(SsvcTest, AcceptsCrlfQuotingAndTablesWithoutRowColumn) {
  const std::string csv =
      "\"A, the first v1.0.0\",B,\"Out \"\"come\"\" v2.0.0\"\r\n"
      "x,p,one\r\n"
      "y,p,two\r\n"
      "x,q,two\r\n"
      "y,q,one\r\n"
      "\r\n";
  const Result<SsvcDecisionTable> table = SsvcDecisionTable::Parse(csv);
  ASSERT_TRUE(table.ok()) << table.error().message;
  EXPECT_EQ(table->row_count(), 4u);
  ASSERT_EQ(table->decision_points().size(), 2u);
  EXPECT_EQ(table->decision_points()[0].name, "A, the first");
  EXPECT_EQ(table->decision_points()[0].version, "1.0.0");
  EXPECT_EQ(table->decision_points()[1].name, "B");
  EXPECT_EQ(table->decision_points()[1].version, "");
  EXPECT_EQ(table->outcome().name, "Out \"come\"");
  EXPECT_EQ(table->outcome().version, "2.0.0");
  const Result<std::string> outcome = table->Decide({{"A, the first", "y"}, {"B", "q"}});
  ASSERT_TRUE(outcome.ok()) << outcome.error().message;
  EXPECT_EQ(*outcome, "one");
}

}  // namespace
}  // namespace cvdhub::domain

#include "domain/cvss.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#ifndef CVDHUB_SHARED_DIR
#define CVDHUB_SHARED_DIR "/work/shared"
#endif

namespace cvdhub::domain {
namespace {

// One line of a Red Hat test-vector file: the vector and its expected score
// (the base score for v3, the score of the whole vector for v4).
struct VectorCase {
  int line = 0;
  std::string vector;
  double expected = 0.0;
};

// Reads "VECTOR - (base, temporal, environmental)" (v3), "VECTOR - (score,)"
// or "VECTOR - score" (v4); the first number is the one we check.
std::vector<VectorCase> ReadVectorFile(const std::string& name) {
  const std::string path =
      std::string(CVDHUB_SHARED_DIR "/reference/cvss/redhat_cvss_vectors/") + name;
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << "cannot open " << path;
  std::vector<VectorCase> cases;
  std::string text;
  int line = 0;
  while (std::getline(in, text)) {
    ++line;
    if (text.empty()) continue;
    const std::size_t dash = text.find(" - ");
    if (dash == std::string::npos) {
      ADD_FAILURE() << path << ":" << line << ": no ' - ' in '" << text << "'";
      continue;
    }
    std::string score = text.substr(dash + 3);
    if (!score.empty() && score.front() == '(') score.erase(0, 1);
    score = score.substr(0, score.find_first_of(",)"));
    cases.push_back({line, text.substr(0, dash), std::stod(score)});
  }
  return cases;
}

// Scores every case, reporting at most a few mismatches in detail; returns
// how many matched.
int CheckAll(const std::vector<VectorCase>& cases, const std::string& file) {
  int matched = 0;
  int reported = 0;
  for (const VectorCase& c : cases) {
    const Result<CvssScore> score = ScoreCvss(c.vector);
    if (!score.ok()) {
      if (reported++ < 10)
        ADD_FAILURE() << file << ":" << c.line << " " << c.vector << ": " << score.error().message;
      continue;
    }
    // Both sides are k/10 for an integer k, so compare the tenths exactly.
    if (std::llround(score->base_score * 10) == std::llround(c.expected * 10)) {
      ++matched;
    } else if (reported++ < 10) {
      ADD_FAILURE() << file << ":" << c.line << " " << c.vector << ": got " << score->base_score
                    << ", want " << c.expected;
    }
  }
  return matched;
}

TEST(CvssTest, V31AllBaseCombinationsMatchReference) {
  const auto cases = ReadVectorFile("vectors_simple31");
  ASSERT_EQ(cases.size(), 2592u);  // 4*2*3*2*2*3*3*3: every base combination
  EXPECT_EQ(CheckAll(cases, "vectors_simple31"), 2592);
}

TEST(CvssTest, V30BaseScoresMatchReference) {
  for (const std::string file : {"vectors_simple3", "vectors_calculator3", "vectors_cvsslib3"}) {
    const auto cases = ReadVectorFile(file);
    ASSERT_FALSE(cases.empty()) << file;
    EXPECT_EQ(CheckAll(cases, file), static_cast<int>(cases.size())) << file;
  }
}

TEST(CvssTest, V40BaseVectorsMatchReference) {
  const auto cases = ReadVectorFile("vectors_simple4");
  ASSERT_EQ(cases.size(), 1058u);
  EXPECT_EQ(CheckAll(cases, "vectors_simple4"), 1058);
}

TEST(CvssTest, V40ThreatVectorsMatchReference) {
  const auto cases = ReadVectorFile("vectors_threat4");
  ASSERT_EQ(cases.size(), 6u);
  EXPECT_EQ(CheckAll(cases, "vectors_threat4"), 6);
}

struct KnownScore {
  std::string_view vector;
  std::string_view formatted;
  std::string_view nomenclature;
  std::string_view normalised;
};

TEST(CvssTest, KnownScoresAndNormalisation) {
  const KnownScore kCases[] = {
      {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "9.8 CRITICAL", "CVSS-B",
       "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"},
      {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N", "0.0 NONE", "CVSS-B",
       "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N"},
      {"CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N", "1.6 LOW", "CVSS-B",
       "CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N"},
      {"CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N", "6.4 MEDIUM", "CVSS-B",
       "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N"},
      // Order-free input, temporal/environmental accepted, X dropped, base score only.
      {"  CVSS:3.0/S:U/AV:N/AC:L/PR:H/UI:N/C:L/I:L/A:N/E:F/RL:X\n", "3.8 LOW", "CVSS-B",
       "CVSS:3.0/AV:N/AC:L/PR:H/UI:N/S:U/C:L/I:L/A:N/E:F"},
      {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/MAV:P/MC:N/CR:L", "9.8 CRITICAL", "CVSS-B",
       "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/CR:L/MAV:P/MC:N"},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", "9.3 CRITICAL", "CVSS-B",
       "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N", "0.0 NONE", "CVSS-B",
       "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N"},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:L/VA:L/SC:N/SI:N/SA:N", "6.9 MEDIUM", "CVSS-B",
       "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:L/VA:L/SC:N/SI:N/SA:N"},
      // From vectors_threat4: E lowers the score.
      {"CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:U", "4.1 MEDIUM",
       "CVSS-BT", "CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:U"},
      // E:X and supplemental metrics change nothing; all-X environmental is still CVSS-B.
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:X/CR:X/S:P/AU:Y/U:Red",
       "9.3 CRITICAL", "CVSS-B",
       "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/S:P/AU:Y/U:Red"},
      // A modified metric overrides its base metric: MAV:N on an AV:P vector
      // scores like AV:N (9.3), and is CVSS-BE.
      {"CVSS:4.0/AV:P/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/MAV:N", "9.3 CRITICAL",
       "CVSS-BE", "CVSS:4.0/AV:P/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/MAV:N"},
  };
  for (const KnownScore& c : kCases) {
    const Result<CvssScore> score = ScoreCvss(c.vector);
    ASSERT_TRUE(score.ok()) << c.vector << ": " << score.error().message;
    EXPECT_EQ(FormatScore(*score), c.formatted) << c.vector;
    EXPECT_EQ(score->nomenclature, c.nomenclature) << c.vector;
    EXPECT_EQ(score->vector, c.normalised) << c.vector;
    EXPECT_EQ(score->version, c.vector.find("CVSS:4.0") == std::string_view::npos
                                  ? CvssVersion::kV31
                                  : CvssVersion::kV40);
  }
}

TEST(CvssTest, SeverityBoundaries) {
  EXPECT_EQ(CvssSeverity(0.0), "NONE");
  EXPECT_EQ(CvssSeverity(0.1), "LOW");
  EXPECT_EQ(CvssSeverity(3.9), "LOW");
  EXPECT_EQ(CvssSeverity(4.0), "MEDIUM");
  EXPECT_EQ(CvssSeverity(6.9), "MEDIUM");
  EXPECT_EQ(CvssSeverity(7.0), "HIGH");
  EXPECT_EQ(CvssSeverity(8.9), "HIGH");
  EXPECT_EQ(CvssSeverity(9.0), "CRITICAL");
  EXPECT_EQ(CvssSeverity(10.0), "CRITICAL");
}

struct BadVector {
  std::string_view vector;
  std::string_view message;  // must appear in the error message
};

TEST(CvssTest, MalformedVectorsNameTheBadPart) {
  const std::string long_vector =
      "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H" + std::string(600, ' ') + "/E:X";
  const BadVector kCases[] = {
      {"", "empty vector"},
      {"   ", "empty vector"},
      {"AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "unsupported version prefix 'AV:N'"},
      {"CVSS:2.0/AV:N/AC:L/Au:N/C:C/I:C/A:C", "unsupported version prefix 'CVSS:2.0'"},
      {"cvss:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "unsupported version prefix"},
      {"CVSS:3.1", "no metrics after CVSS:3.1"},
      {"CVSS:3.1/", "empty metric at position 1"},
      {"CVSS:3.1/AV:Q/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "unknown value 'Q' for metric AV"},
      {"CVSS:3.1/AV:N/AC:L/UI:N/S:U/C:H/I:H/A:H", "missing metric PR"},
      {"CVSS:3.1/AV:N/AC:L/S:U/C:H/I:H/A:H", "missing metrics PR, UI"},
      {"CVSS:3.1/AV:N/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "duplicate metric AV"},
      {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/ZZ:1", "unknown metric 'ZZ'"},
      {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/", "empty metric at position 9"},
      {"CVSS:3.1/AV:N//AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "empty metric at position 2"},
      {"CVSS:3.1/AVN/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "malformed component 'AVN'"},
      {"CVSS:3.1/AV:/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "missing value for metric AV"},
      {"CVSS:3.1/AV:n/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "unknown value 'n' for metric AV"},
      {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:Q", "unknown value 'Q' for metric E"},
      {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/MS:X/MS:U", "duplicate metric MS"},
      // v4-only metric in a v3 vector and vice versa.
      {"CVSS:3.1/AV:N/AC:L/AT:N/PR:N/UI:N/S:U/C:H/I:H/A:H", "unknown metric 'AT'"},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/S:U",
       "unknown value 'U' for metric S"},
      {"CVSS:4.0/AV:N/AC:L/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", "missing metric AT"},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:R/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
       "unknown value 'R' for metric UI"},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:S/SA:N",
       "unknown value 'S' for metric SI"},  // S (Safety) is only for MSI/MSA
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/MSC:S",
       "unknown value 'S' for metric MSC"},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/U:red",
       "unknown value 'red' for metric U"},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:A/E:P",
       "duplicate metric E"},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/Au:N",
       "unknown metric 'Au'"},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/AV:N",
       "duplicate metric AV"},
      {long_vector, "vector longer than 512 characters"},
  };
  for (const BadVector& c : kCases) {
    const Result<CvssScore> score = ScoreCvss(c.vector);
    ASSERT_FALSE(score.ok()) << c.vector;
    EXPECT_EQ(score.error().code, ErrorCode::kInvalidInput) << c.vector;
    EXPECT_EQ(score.error().field, "vector") << c.vector;
    EXPECT_NE(score.error().message.find(c.message), std::string::npos)
        << c.vector << ": got '" << score.error().message << "', want '" << c.message << "'";
  }
}

TEST(CvssTest, ErrorsQuoteAtMostAShortPrefixOfTheInput) {
  const std::string junk = "CVSS:3.1/" + std::string(200, 'Z') + ":N";
  const Result<CvssScore> score = ScoreCvss(junk);
  ASSERT_FALSE(score.ok());
  EXPECT_LT(score.error().message.size(), 80u) << score.error().message;
}

}  // namespace
}  // namespace cvdhub::domain

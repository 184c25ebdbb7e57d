// CVSS v3.1 and v4.0 vector parsing and scoring, exact to FIRST's
// specifications (v3.1 base equations with the Appendix A Roundup; v4.0
// macro-vector lookup and severity-distance interpolation as in FIRST's
// reference calculator). Pure functions: no I/O, no global mutable state.
#pragma once

#include <string>
#include <string_view>

#include "domain/result.hpp"

namespace cvdhub::domain {

// Which CVSS specification a vector was scored under. kV31 also covers
// vectors with the "CVSS:3.0/" prefix: v3.0 and v3.1 share the base
// equations, and the v3.1 Roundup is used for both.
enum class CvssVersion { kV31, kV40 };

// A parsed and scored vector.
//  - base_score: for v3.x the Base Score (temporal and environmental metrics
//    are validated but do not change it); for v4.0 the score of the vector as
//    given, i.e. with threat (E) and environmental (CR/IR/AR, M*) metrics
//    applied, because v4.0 has one formula; `nomenclature` says which.
//  - severity: "NONE", "LOW", "MEDIUM", "HIGH" or "CRITICAL".
//  - nomenclature: v4.0 "CVSS-B", "CVSS-BT", "CVSS-BE" or "CVSS-BTE"
//    (threat/environmental metrics count only when given other than X);
//    always "CVSS-B" for v3.x, since only the base score is computed.
//  - vector: normalised: the version prefix as given ("CVSS:3.0", "CVSS:3.1",
//    "CVSS:4.0"), then the metrics in the specification's order, omitting
//    optional metrics whose value is X (Not Defined).
struct CvssScore {
  CvssVersion version = CvssVersion::kV31;
  double base_score = 0.0;
  std::string severity;
  std::string nomenclature;
  std::string vector;
};

// Parses and scores a CVSS vector, dispatching on its prefix ("CVSS:3.0/",
// "CVSS:3.1/" or "CVSS:4.0/"); surrounding whitespace is ignored, metrics
// may come in any order. Fails with Error::Invalid("vector", ...) naming the
// bad part: unsupported version prefix, unknown metric, unknown value for a
// metric, duplicate metric, missing mandatory metric, malformed component.
Result<CvssScore> ScoreCvss(std::string_view vector);

// The qualitative severity rating for a score in [0, 10]: "NONE" (0.0),
// "LOW" (0.1-3.9), "MEDIUM" (4.0-6.9), "HIGH" (7.0-8.9), "CRITICAL"
// (9.0-10.0). Never fails; scores are compared at one decimal place.
std::string CvssSeverity(double score);

// Renders a score for people, e.g. "9.8 CRITICAL": the score with exactly one
// decimal, a space, the severity. Never fails.
std::string FormatScore(const CvssScore& score);

}  // namespace cvdhub::domain

// SSVC decision tables (CERT/CC Stakeholder-Specific Vulnerability
// Categorization), e.g. the coordinator triage table whose outcome is
// decline / track / coordinate. The caller passes the table's CSV text (the
// format of CERTCC/SSVC data/csv/); nothing is read from disk here.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.hpp"

namespace cvdhub::domain {

// Where the coordinator triage table (SSVC 1.0.0) lives in the source tree,
// which is also its key among the files the build embeds.
inline constexpr std::string_view kSsvcCoordinatorTriagePath =
    "data/ssvc_coordinator_triage_1_0_0.csv";

// One column of a decision table: a decision point or the outcome.
//  - name: as in the header without the version, e.g. "Report Public".
//  - version: e.g. "1.0.0"; empty if the header gave none.
//  - values: the allowed values, in the order they first appear in the
//    table (e.g. "yes", "no"), which is the order to offer them in a form.
struct SsvcDecisionPoint {
  std::string name;
  std::string version;
  std::vector<std::string> values;
};

// A complete SSVC decision table: exactly one outcome for every combination
// of decision-point values. Immutable once parsed; cheap to share.
class SsvcDecisionTable {
 public:
  // Parses CSV text (RFC 4180 quoting, LF or CRLF) whose header names the
  // decision points "Name vX.Y.Z", optionally preceded by a "row" index
  // column, with the outcome in the last column. Fails with
  // Error::Invalid("csv", ...) naming the line or column at fault: bad
  // quoting, wrong field count, empty or duplicate column names, empty
  // values, values differing only in case, a repeated combination of
  // answers, or a missing one (the first such combination is named).
  static Result<SsvcDecisionTable> Parse(std::string_view csv_text);

  // The decision points in column order (the outcome column excluded).
  const std::vector<SsvcDecisionPoint>& decision_points() const { return decision_points_; }

  // The outcome column, e.g. "Decline, Track, Coordinate" with values
  // decline, track, coordinate.
  const SsvcDecisionPoint& outcome() const { return outcome_; }

  // Number of data rows, which equals the number of value combinations.
  std::size_t row_count() const { return outcomes_.size(); }

  // The outcome (spelled as in the table, e.g. "coordinate") for answers
  // keyed by decision-point name without version, e.g. {"Report Public",
  // "no"}; values match ignoring ASCII case. Fails with
  // Error::Invalid(name, ...) for an unknown decision point, a missing
  // answer, or a value not allowed for that decision point.
  Result<std::string> Decide(const std::map<std::string, std::string>& answers) const;

 private:
  SsvcDecisionTable() = default;

  std::vector<SsvcDecisionPoint> decision_points_;
  SsvcDecisionPoint outcome_;
  // Index into outcome_.values for each combination, in mixed radix over
  // the decision points' value indices (first decision point most
  // significant).
  std::vector<std::size_t> outcomes_;
};

}  // namespace cvdhub::domain

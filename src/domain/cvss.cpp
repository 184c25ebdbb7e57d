// CVSS v3.1 / v4.0 scoring. The v4.0 part mirrors FIRST's reference
// calculator (FIRSTdotorg/cvss-v4-calculator: cvss_lookup.js, max_composed.js,
// max_severity.js, cvss_score.js) step by step, including the order of the
// floating-point operations, so that scores agree to the last digit.
#include "domain/cvss.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace cvdhub::domain {
namespace {

constexpr std::size_t kMaxVectorLength = 512;
constexpr std::size_t kMaxEchoLength = 24;  // of caller text quoted in errors

// One metric of a vector string: its abbreviation, its allowed values
// separated by '|', and whether the specification makes it mandatory.
struct MetricDef {
  std::string_view name;
  std::string_view values;
  bool mandatory;
};

// CVSS v3.1 specification §6 (Table 15), in vector-string order.
constexpr std::array<MetricDef, 22> kV3Metrics = {{
    {"AV", "N|A|L|P", true},    {"AC", "L|H", true},       {"PR", "N|L|H", true},
    {"UI", "N|R", true},        {"S", "U|C", true},        {"C", "H|L|N", true},
    {"I", "H|L|N", true},       {"A", "H|L|N", true},      {"E", "X|H|F|P|U", false},
    {"RL", "X|U|W|T|O", false}, {"RC", "X|C|R|U", false},  {"CR", "X|H|M|L", false},
    {"IR", "X|H|M|L", false},   {"AR", "X|H|M|L", false},  {"MAV", "X|N|A|L|P", false},
    {"MAC", "X|L|H", false},    {"MPR", "X|N|L|H", false}, {"MUI", "X|N|R", false},
    {"MS", "X|U|C", false},     {"MC", "X|H|L|N", false},  {"MI", "X|H|L|N", false},
    {"MA", "X|H|L|N", false},
}};
enum V3 : std::size_t { k3AV, k3AC, k3PR, k3UI, k3S, k3C, k3I, k3A };

// CVSS v4.0 specification §7 (Table 23), in vector-string order.
constexpr std::array<MetricDef, 32> kV4Metrics = {{
    {"AV", "N|A|L|P", true},     {"AC", "L|H", true},
    {"AT", "N|P", true},         {"PR", "N|L|H", true},
    {"UI", "N|P|A", true},       {"VC", "H|L|N", true},
    {"VI", "H|L|N", true},       {"VA", "H|L|N", true},
    {"SC", "H|L|N", true},       {"SI", "H|L|N", true},
    {"SA", "H|L|N", true},       {"E", "X|A|P|U", false},
    {"CR", "X|H|M|L", false},    {"IR", "X|H|M|L", false},
    {"AR", "X|H|M|L", false},    {"MAV", "X|N|A|L|P", false},
    {"MAC", "X|L|H", false},     {"MAT", "X|N|P", false},
    {"MPR", "X|N|L|H", false},   {"MUI", "X|N|P|A", false},
    {"MVC", "X|H|L|N", false},   {"MVI", "X|H|L|N", false},
    {"MVA", "X|H|L|N", false},   {"MSC", "X|H|L|N", false},
    {"MSI", "X|S|H|L|N", false}, {"MSA", "X|S|H|L|N", false},
    {"S", "X|N|P", false},       {"AU", "X|N|Y", false},
    {"R", "X|A|U|I", false},     {"V", "X|D|C", false},
    {"RE", "X|L|M|H", false},    {"U", "X|Clear|Green|Amber|Red", false},
}};
// clang-format off
enum V4 : std::size_t {
  k4AV, k4AC, k4AT, k4PR, k4UI, k4VC, k4VI, k4VA, k4SC, k4SI, k4SA,
  k4E, k4CR, k4IR, k4AR,
  k4MAV,  // MAC ... MSA follow in base-metric order
  k4FirstSupplemental = 26,
};
// clang-format on
// MAV..MSA follow AV..SA at this fixed distance.
constexpr std::size_t kV4ModifiedOffset = k4MAV - k4AV;
static_assert(kV4Metrics[k4MAV].name == "MAV" &&
              kV4Metrics[k4SA + kV4ModifiedOffset].name == "MSA");
static_assert(kV4Metrics[k4FirstSupplemental].name == "S");

// The metric values of one vector, indexed like its MetricDef table; an
// empty view means the metric was not given.
using MetricValues = std::vector<std::string_view>;

std::string Echo(std::string_view text) {
  if (text.size() <= kMaxEchoLength) return std::string(text);
  return std::string(text.substr(0, kMaxEchoLength)) + "...";
}

Error VectorError(std::string message) { return Error::Invalid("vector", std::move(message)); }

bool IsAllowed(std::string_view value, std::string_view allowed) {
  while (!allowed.empty()) {
    const std::size_t bar = allowed.find('|');
    if (allowed.substr(0, bar) == value) return true;
    if (bar == std::string_view::npos) break;
    allowed.remove_prefix(bar + 1);
  }
  return false;
}

// Splits "M:V/M:V/..." (the part after the version prefix) against `defs`.
// Every component must be a known metric with an allowed value, at most
// once; every mandatory metric must be present.
Result<MetricValues> ParseMetrics(std::string_view body, std::span<const MetricDef> defs) {
  MetricValues values(defs.size());
  std::size_t position = 0;
  while (true) {
    ++position;
    const std::size_t slash = body.find('/');
    const std::string_view component = body.substr(0, slash);
    if (component.empty()) {
      return VectorError("empty metric at position " + std::to_string(position) +
                         " (doubled or trailing '/')");
    }
    const std::size_t colon = component.find(':');
    if (colon == std::string_view::npos) {
      return VectorError("malformed component '" + Echo(component) + "' (expected METRIC:VALUE)");
    }
    const std::string_view name = component.substr(0, colon);
    const std::string_view value = component.substr(colon + 1);
    std::size_t index = 0;
    while (index < defs.size() && defs[index].name != name) ++index;
    if (index == defs.size()) return VectorError("unknown metric '" + Echo(name) + "'");
    const std::string metric(name);
    if (!values[index].empty()) return VectorError("duplicate metric " + metric);
    if (value.empty()) return VectorError("missing value for metric " + metric);
    if (!IsAllowed(value, defs[index].values)) {
      return VectorError("unknown value '" + Echo(value) + "' for metric " + metric);
    }
    values[index] = value;
    if (slash == std::string_view::npos) break;
    body.remove_prefix(slash + 1);
  }
  std::vector<std::string_view> missing;
  for (std::size_t i = 0; i < defs.size(); ++i) {
    if (defs[i].mandatory && values[i].empty()) missing.push_back(defs[i].name);
  }
  if (!missing.empty()) {
    std::string message = missing.size() == 1 ? "missing metric " : "missing metrics ";
    for (std::size_t i = 0; i < missing.size(); ++i) {
      if (i > 0) message += ", ";
      message += missing[i];
    }
    return VectorError(std::move(message));
  }
  return values;
}

// "PREFIX/M:V/..." in specification order, leaving out optional metrics
// that are absent or X.
std::string Normalise(std::string_view prefix, std::span<const MetricDef> defs,
                      const MetricValues& values) {
  std::string out(prefix);
  for (std::size_t i = 0; i < defs.size(); ++i) {
    if (values[i].empty() || (!defs[i].mandatory && values[i] == "X")) continue;
    out += '/';
    out += defs[i].name;
    out += ':';
    out += values[i];
  }
  return out;
}

// ---------------------------------------------------------------- v3.1 ---

// Appendix A of the v3.1 specification: the smallest number with one
// decimal that is >= x, computed on integers to avoid floating-point error.
double Roundup(double x) {
  const long long int_input = std::llround(x * 100000.0);
  if (int_input % 10000 == 0) return static_cast<double>(int_input) / 100000.0;
  return (std::floor(static_cast<double>(int_input) / 10000.0) + 1.0) / 10.0;
}

// v3.1 specification §7.4 metric weights.
double AttackVectorWeight(char v) {
  return v == 'N' ? 0.85 : v == 'A' ? 0.62 : v == 'L' ? 0.55 : 0.2;
}
double AttackComplexityWeight(char v) { return v == 'L' ? 0.77 : 0.44; }
double PrivilegesRequiredWeight(char v, bool scope_changed) {
  if (v == 'N') return 0.85;
  if (v == 'L') return scope_changed ? 0.68 : 0.62;
  return scope_changed ? 0.5 : 0.27;
}
double UserInteractionWeight(char v) { return v == 'N' ? 0.85 : 0.62; }
double CiaWeight(char v) { return v == 'H' ? 0.56 : v == 'L' ? 0.22 : 0.0; }

// v3.1 specification §7.1 base equations.
double V3BaseScore(const MetricValues& v) {
  const bool changed = v[k3S] == "C";
  const double iss = 1.0 - ((1.0 - CiaWeight(v[k3C][0])) * (1.0 - CiaWeight(v[k3I][0])) *
                            (1.0 - CiaWeight(v[k3A][0])));
  const double impact =
      changed ? 7.52 * (iss - 0.029) - 3.25 * std::pow(iss - 0.02, 15) : 6.42 * iss;
  const double exploitability =
      8.22 * AttackVectorWeight(v[k3AV][0]) * AttackComplexityWeight(v[k3AC][0]) *
      PrivilegesRequiredWeight(v[k3PR][0], changed) * UserInteractionWeight(v[k3UI][0]);
  if (impact <= 0) return 0.0;
  if (changed) return Roundup(std::min(1.08 * (impact + exploitability), 10.0));
  return Roundup(std::min(impact + exploitability, 10.0));
}

// ---------------------------------------------------------------- v4.0 ---

struct MacroVectorScore {
  std::string_view macro_vector;  // EQ1..EQ6 levels
  double score;
};

// cvss_lookup.js: the score of the highest-severity vector of each
// macro-vector. Generated from cvss_v4_macrovector_lookup.csv (270 rows);
// EQ3=2 only exists with EQ6=1, hence 270 rather than 324.
constexpr std::array<MacroVectorScore, 270> kMacroVectorScores = {{
    {"000000", 10.0}, {"000001", 9.9},  {"000010", 9.8}, {"000011", 9.5}, {"000020", 9.5},
    {"000021", 9.2},  {"000100", 10.0}, {"000101", 9.6}, {"000110", 9.3}, {"000111", 8.7},
    {"000120", 9.1},  {"000121", 8.1},  {"000200", 9.3}, {"000201", 9.0}, {"000210", 8.9},
    {"000211", 8.0},  {"000220", 8.1},  {"000221", 6.8}, {"001000", 9.8}, {"001001", 9.5},
    {"001010", 9.5},  {"001011", 9.2},  {"001020", 9.0}, {"001021", 8.4}, {"001100", 9.3},
    {"001101", 9.2},  {"001110", 8.9},  {"001111", 8.1}, {"001120", 8.1}, {"001121", 6.5},
    {"001200", 8.8},  {"001201", 8.0},  {"001210", 7.8}, {"001211", 7.0}, {"001220", 6.9},
    {"001221", 4.8},  {"002001", 9.2},  {"002011", 8.2}, {"002021", 7.2}, {"002101", 7.9},
    {"002111", 6.9},  {"002121", 5.0},  {"002201", 6.9}, {"002211", 5.5}, {"002221", 2.7},
    {"010000", 9.9},  {"010001", 9.7},  {"010010", 9.5}, {"010011", 9.2}, {"010020", 9.2},
    {"010021", 8.5},  {"010100", 9.5},  {"010101", 9.1}, {"010110", 9.0}, {"010111", 8.3},
    {"010120", 8.4},  {"010121", 7.1},  {"010200", 9.2}, {"010201", 8.1}, {"010210", 8.2},
    {"010211", 7.1},  {"010220", 7.2},  {"010221", 5.3}, {"011000", 9.5}, {"011001", 9.3},
    {"011010", 9.2},  {"011011", 8.5},  {"011020", 8.5}, {"011021", 7.3}, {"011100", 9.2},
    {"011101", 8.2},  {"011110", 8.0},  {"011111", 7.2}, {"011120", 7.0}, {"011121", 5.9},
    {"011200", 8.4},  {"011201", 7.0},  {"011210", 7.1}, {"011211", 5.2}, {"011220", 5.0},
    {"011221", 3.0},  {"012001", 8.6},  {"012011", 7.5}, {"012021", 5.2}, {"012101", 7.1},
    {"012111", 5.2},  {"012121", 2.9},  {"012201", 6.3}, {"012211", 2.9}, {"012221", 1.7},
    {"100000", 9.8},  {"100001", 9.5},  {"100010", 9.4}, {"100011", 8.7}, {"100020", 9.1},
    {"100021", 8.1},  {"100100", 9.4},  {"100101", 8.9}, {"100110", 8.6}, {"100111", 7.4},
    {"100120", 7.7},  {"100121", 6.4},  {"100200", 8.7}, {"100201", 7.5}, {"100210", 7.4},
    {"100211", 6.3},  {"100220", 6.3},  {"100221", 4.9}, {"101000", 9.4}, {"101001", 8.9},
    {"101010", 8.8},  {"101011", 7.7},  {"101020", 7.6}, {"101021", 6.7}, {"101100", 8.6},
    {"101101", 7.6},  {"101110", 7.4},  {"101111", 5.8}, {"101120", 5.9}, {"101121", 5.0},
    {"101200", 7.2},  {"101201", 5.7},  {"101210", 5.7}, {"101211", 5.2}, {"101220", 5.2},
    {"101221", 2.5},  {"102001", 8.3},  {"102011", 7.0}, {"102021", 5.4}, {"102101", 6.5},
    {"102111", 5.8},  {"102121", 2.6},  {"102201", 5.3}, {"102211", 2.1}, {"102221", 1.3},
    {"110000", 9.5},  {"110001", 9.0},  {"110010", 8.8}, {"110011", 7.6}, {"110020", 7.6},
    {"110021", 7.0},  {"110100", 9.0},  {"110101", 7.7}, {"110110", 7.5}, {"110111", 6.2},
    {"110120", 6.1},  {"110121", 5.3},  {"110200", 7.7}, {"110201", 6.6}, {"110210", 6.8},
    {"110211", 5.9},  {"110220", 5.2},  {"110221", 3.0}, {"111000", 8.9}, {"111001", 7.8},
    {"111010", 7.6},  {"111011", 6.7},  {"111020", 6.2}, {"111021", 5.8}, {"111100", 7.4},
    {"111101", 5.9},  {"111110", 5.7},  {"111111", 5.7}, {"111120", 4.7}, {"111121", 2.3},
    {"111200", 6.1},  {"111201", 5.2},  {"111210", 5.7}, {"111211", 2.9}, {"111220", 2.4},
    {"111221", 1.6},  {"112001", 7.1},  {"112011", 5.9}, {"112021", 3.0}, {"112101", 5.8},
    {"112111", 2.6},  {"112121", 1.5},  {"112201", 2.3}, {"112211", 1.3}, {"112221", 0.6},
    {"200000", 9.3},  {"200001", 8.7},  {"200010", 8.6}, {"200011", 7.2}, {"200020", 7.5},
    {"200021", 5.8},  {"200100", 8.6},  {"200101", 7.4}, {"200110", 7.4}, {"200111", 6.1},
    {"200120", 5.6},  {"200121", 3.4},  {"200200", 7.0}, {"200201", 5.4}, {"200210", 5.2},
    {"200211", 4.0},  {"200220", 4.0},  {"200221", 2.2}, {"201000", 8.5}, {"201001", 7.5},
    {"201010", 7.4},  {"201011", 5.5},  {"201020", 6.2}, {"201021", 5.1}, {"201100", 7.2},
    {"201101", 5.7},  {"201110", 5.5},  {"201111", 4.1}, {"201120", 4.6}, {"201121", 1.9},
    {"201200", 5.3},  {"201201", 3.6},  {"201210", 3.4}, {"201211", 1.9}, {"201220", 1.9},
    {"201221", 0.8},  {"202001", 6.4},  {"202011", 5.1}, {"202021", 2.0}, {"202101", 4.7},
    {"202111", 2.1},  {"202121", 1.1},  {"202201", 2.4}, {"202211", 0.9}, {"202221", 0.4},
    {"210000", 8.8},  {"210001", 7.5},  {"210010", 7.3}, {"210011", 5.3}, {"210020", 6.0},
    {"210021", 5.0},  {"210100", 7.3},  {"210101", 5.5}, {"210110", 5.9}, {"210111", 4.0},
    {"210120", 4.1},  {"210121", 2.0},  {"210200", 5.4}, {"210201", 4.3}, {"210210", 4.5},
    {"210211", 2.2},  {"210220", 2.0},  {"210221", 1.1}, {"211000", 7.5}, {"211001", 5.5},
    {"211010", 5.8},  {"211011", 4.5},  {"211020", 4.0}, {"211021", 2.1}, {"211100", 6.1},
    {"211101", 5.1},  {"211110", 4.8},  {"211111", 1.8}, {"211120", 2.0}, {"211121", 0.9},
    {"211200", 4.6},  {"211201", 1.8},  {"211210", 1.7}, {"211211", 0.7}, {"211220", 0.8},
    {"211221", 0.2},  {"212001", 5.3},  {"212011", 2.4}, {"212021", 1.4}, {"212101", 2.4},
    {"212111", 1.2},  {"212121", 0.5},  {"212201", 1.0}, {"212211", 0.3}, {"212221", 0.1},
}};

std::optional<double> LookupMacroVector(const std::array<int, 6>& eq) {
  std::array<char, 6> key{};
  for (std::size_t i = 0; i < 6; ++i) {
    if (eq[i] < 0 || eq[i] > 9) return std::nullopt;
    key[i] = static_cast<char>('0' + eq[i]);
  }
  const std::string_view wanted(key.data(), key.size());
  for (const MacroVectorScore& entry : kMacroVectorScores) {
    if (entry.macro_vector == wanted) return entry.score;
  }
  return std::nullopt;  // the reference calculator's `undefined`
}

// max_composed.js: the highest-severity vectors of each EQ level.
constexpr std::array<std::array<std::string_view, 3>, 3> kMaxComposedEq1 = {{
    {"AV:N/PR:N/UI:N/", "", ""},
    {"AV:A/PR:N/UI:N/", "AV:N/PR:L/UI:N/", "AV:N/PR:N/UI:P/"},
    {"AV:P/PR:N/UI:N/", "AV:A/PR:L/UI:P/", ""},
}};
constexpr std::array<std::array<std::string_view, 2>, 2> kMaxComposedEq2 = {{
    {"AC:L/AT:N/", ""},
    {"AC:H/AT:N/", "AC:L/AT:P/"},
}};
// Indexed [eq3][eq6]; EQ3=2 with EQ6=0 does not exist.
constexpr std::array<std::array<std::array<std::string_view, 5>, 2>, 3> kMaxComposedEq3Eq6 = {{
    {{{"VC:H/VI:H/VA:H/CR:H/IR:H/AR:H/", "", "", "", ""},
      {"VC:H/VI:H/VA:L/CR:M/IR:M/AR:H/", "VC:H/VI:H/VA:H/CR:M/IR:M/AR:M/", "", "", ""}}},
    {{{"VC:L/VI:H/VA:H/CR:H/IR:H/AR:H/", "VC:H/VI:L/VA:H/CR:H/IR:H/AR:H/", "", "", ""},
      {"VC:L/VI:H/VA:L/CR:H/IR:M/AR:H/", "VC:L/VI:H/VA:H/CR:H/IR:M/AR:M/",
       "VC:H/VI:L/VA:H/CR:M/IR:H/AR:M/", "VC:H/VI:L/VA:L/CR:M/IR:H/AR:H/",
       "VC:L/VI:L/VA:H/CR:H/IR:H/AR:M/"}}},
    {{{"", "", "", "", ""}, {"VC:L/VI:L/VA:L/CR:H/IR:H/AR:H/", "", "", "", ""}}},
}};
constexpr std::array<std::string_view, 3> kMaxComposedEq4 = {"SC:H/SI:S/SA:S/", "SC:H/SI:H/SA:H/",
                                                             "SC:L/SI:L/SA:L/"};
constexpr std::array<std::string_view, 3> kMaxComposedEq5 = {"E:A/", "E:P/", "E:U/"};

// max_severity.js: the depth of each EQ level, in steps of 0.1.
constexpr std::array<int, 3> kMaxSeverityEq1 = {1, 4, 5};
constexpr std::array<int, 2> kMaxSeverityEq2 = {1, 2};
constexpr std::array<std::array<int, 2>, 3> kMaxSeverityEq3Eq6 = {{{7, 6}, {8, 8}, {0, 10}}};
constexpr std::array<int, 3> kMaxSeverityEq4 = {6, 5, 4};

// cvss_score.js: each metric value's distance from the most severe value.
double Level(std::size_t metric, char value) {
  switch (metric) {
    case k4AV:
      return value == 'N' ? 0.0 : value == 'A' ? 0.1 : value == 'L' ? 0.2 : 0.3;
    case k4PR:
      return value == 'N' ? 0.0 : value == 'L' ? 0.1 : 0.2;
    case k4UI:
      return value == 'N' ? 0.0 : value == 'P' ? 0.1 : 0.2;
    case k4AC:
      return value == 'L' ? 0.0 : 0.1;
    case k4AT:
      return value == 'N' ? 0.0 : 0.1;
    case k4VC:
    case k4VI:
    case k4VA:
      return value == 'H' ? 0.0 : value == 'L' ? 0.1 : 0.2;
    case k4SC:
      return value == 'H' ? 0.1 : value == 'L' ? 0.2 : 0.3;
    case k4SI:
    case k4SA:
      return value == 'S' ? 0.0 : value == 'H' ? 0.1 : value == 'L' ? 0.2 : 0.3;
    default:  // CR, IR, AR
      return value == 'H' ? 0.0 : value == 'M' ? 0.1 : 0.2;
  }
}

// cvss_score.js extractValueMetric: the value after the first occurrence
// of "metric:" in a max_composed vector.
char ExtractValueMetric(std::string_view metric, std::string_view vector) {
  const std::size_t at = vector.find(metric);
  return vector[at + metric.size() + 1];
}

// The effective value of a v4.0 metric (cvss_score.js `m`): threat and
// requirement metrics default to their worst case, modified metrics
// override base metrics.
class EffectiveV4 {
 public:
  explicit EffectiveV4(const MetricValues& v) : v_(v) {}

  char operator()(std::size_t metric) const {
    const char selected = Get(metric);
    if (metric == k4E && selected == 'X') return 'A';
    if ((metric == k4CR || metric == k4IR || metric == k4AR) && selected == 'X') return 'H';
    if (metric <= k4SA) {
      const char modified = Get(metric + kV4ModifiedOffset);
      if (modified != 'X') return modified;
    }
    return selected;
  }

 private:
  char Get(std::size_t metric) const { return v_[metric].empty() ? 'X' : v_[metric][0]; }
  const MetricValues& v_;
};

// cvss_score.js macroVector: the EQ1..EQ6 levels of a vector.
std::array<int, 6> MacroVector(const EffectiveV4& m) {
  std::array<int, 6> eq{};
  if (m(k4AV) == 'N' && m(k4PR) == 'N' && m(k4UI) == 'N') {
    eq[0] = 0;
  } else if ((m(k4AV) == 'N' || m(k4PR) == 'N' || m(k4UI) == 'N') && m(k4AV) != 'P') {
    eq[0] = 1;
  } else {
    eq[0] = 2;
  }
  eq[1] = (m(k4AC) == 'L' && m(k4AT) == 'N') ? 0 : 1;
  if (m(k4VC) == 'H' && m(k4VI) == 'H') {
    eq[2] = 0;
  } else if (m(k4VC) == 'H' || m(k4VI) == 'H' || m(k4VA) == 'H') {
    eq[2] = 1;
  } else {
    eq[2] = 2;
  }
  if (m(k4SI + kV4ModifiedOffset) == 'S' || m(k4SA + kV4ModifiedOffset) == 'S') {
    eq[3] = 0;
  } else if (m(k4SC) == 'H' || m(k4SI) == 'H' || m(k4SA) == 'H') {
    eq[3] = 1;
  } else {
    eq[3] = 2;
  }
  const char e = m(k4E);
  eq[4] = e == 'A' ? 0 : e == 'P' ? 1 : 2;
  eq[5] = ((m(k4CR) == 'H' && m(k4VC) == 'H') || (m(k4IR) == 'H' && m(k4VI) == 'H') ||
           (m(k4AR) == 'H' && m(k4VA) == 'H'))
              ? 0
              : 1;
  return eq;
}

// The interpolation can land one ULP below an x.x5 tie (5.6499999999999995
// for 5.65); the reference calculator lifts the value by 1e-6 before rounding
// so that such ties round up. Without it 6 of the 1,058 base vectors in the
// Red Hat test data come out 0.1 low.
constexpr double kV4RoundingEpsilon = 1e-6;

// JavaScript's Math.round: the nearest integer, ties toward +infinity.
double JsRound(double x) {
  const double floor = std::floor(x);
  return x - floor >= 0.5 ? floor + 1.0 : floor;
}

// cvss_score.js cvss_score: the macro-vector score minus the mean
// proportional severity distance, rounded half up to one decimal.
double V4Score(const MetricValues& values) {
  const EffectiveV4 m(values);
  if (m(k4VC) == 'N' && m(k4VI) == 'N' && m(k4VA) == 'N' && m(k4SC) == 'N' && m(k4SI) == 'N' &&
      m(k4SA) == 'N') {
    return 0.0;
  }
  const std::array<int, 6> eq = MacroVector(m);
  // Always present: EQ3=2 (no VC/VI/VA:H) forces EQ6=1, and every other
  // combination is in the table.
  double value = *LookupMacroVector(eq);
  const auto [eq1, eq2, eq3, eq4, eq5, eq6] = eq;

  // 1a. The scores of the next lower macro-vectors (absent at the edges).
  const auto score_eq1_next = LookupMacroVector({eq1 + 1, eq2, eq3, eq4, eq5, eq6});
  const auto score_eq2_next = LookupMacroVector({eq1, eq2 + 1, eq3, eq4, eq5, eq6});
  std::optional<double> score_eq3eq6_next;
  if (eq3 == 0 && eq6 == 0) {
    // 00 leads to 01 and to 10: take the higher.
    const auto left = LookupMacroVector({eq1, eq2, eq3, eq4, eq5, eq6 + 1});
    const auto right = LookupMacroVector({eq1, eq2, eq3 + 1, eq4, eq5, eq6});
    score_eq3eq6_next = (left && right && *left > *right) ? left : right;
  } else if (eq3 == 1 && eq6 == 0) {
    score_eq3eq6_next = LookupMacroVector({eq1, eq2, eq3, eq4, eq5, eq6 + 1});
  } else if (eq3 == 2 && eq6 == 1) {
    score_eq3eq6_next = LookupMacroVector({eq1, eq2, eq3 + 1, eq4, eq5, eq6 + 1});
  } else {  // 01 -> 11, 11 -> 21
    score_eq3eq6_next = LookupMacroVector({eq1, eq2, eq3 + 1, eq4, eq5, eq6});
  }
  const auto score_eq4_next = LookupMacroVector({eq1, eq2, eq3, eq4 + 1, eq5, eq6});
  const auto score_eq5_next = LookupMacroVector({eq1, eq2, eq3, eq4, eq5 + 1, eq6});

  // 1b. The severity distance from the first highest-severity vector of
  // the macro-vector that is at least as severe in every metric.
  constexpr std::array<std::size_t, 14> kDistanceMetrics = {
      k4AV, k4PR, k4UI, k4AC, k4AT, k4VC, k4VI, k4VA, k4SC, k4SI, k4SA, k4CR, k4IR, k4AR};
  std::array<double, 14> distance{};
  bool done = false;
  for (std::string_view max1 : kMaxComposedEq1[eq1]) {
    for (std::string_view max2 : kMaxComposedEq2[eq2]) {
      for (std::string_view max36 : kMaxComposedEq3Eq6[eq3][eq6]) {
        const std::string_view max4 = kMaxComposedEq4[eq4];
        const std::string_view max5 = kMaxComposedEq5[eq5];
        if (done || max1.empty() || max2.empty() || max36.empty()) continue;
        std::string max_vector;
        max_vector.append(max1).append(max2).append(max36).append(max4).append(max5);
        bool any_negative = false;
        for (std::size_t i = 0; i < kDistanceMetrics.size(); ++i) {
          const std::size_t metric = kDistanceMetrics[i];
          distance[i] = Level(metric, m(metric)) -
                        Level(metric, ExtractValueMetric(kV4Metrics[metric].name, max_vector));
          any_negative = any_negative || distance[i] < 0;
        }
        if (!any_negative) done = true;  // the first fitting max vector wins
      }
    }
  }
  const double current_eq1 = distance[0] + distance[1] + distance[2];
  const double current_eq2 = distance[3] + distance[4];
  const double current_eq3eq6 =
      distance[5] + distance[6] + distance[7] + distance[11] + distance[12] + distance[13];
  const double current_eq4 = distance[8] + distance[9] + distance[10];

  // 1c/1d. Proportion of the distance times the available score drop.
  constexpr double kStep = 0.1;
  const double max_severity_eq1 = kMaxSeverityEq1[eq1] * kStep;
  const double max_severity_eq2 = kMaxSeverityEq2[eq2] * kStep;
  const double max_severity_eq3eq6 = kMaxSeverityEq3Eq6[eq3][eq6] * kStep;
  const double max_severity_eq4 = kMaxSeverityEq4[eq4] * kStep;
  int n_existing_lower = 0;
  double normalized_eq1 = 0, normalized_eq2 = 0, normalized_eq3eq6 = 0, normalized_eq4 = 0,
         normalized_eq5 = 0;
  if (score_eq1_next) {
    ++n_existing_lower;
    normalized_eq1 = (value - *score_eq1_next) * (current_eq1 / max_severity_eq1);
  }
  if (score_eq2_next) {
    ++n_existing_lower;
    normalized_eq2 = (value - *score_eq2_next) * (current_eq2 / max_severity_eq2);
  }
  if (score_eq3eq6_next) {
    ++n_existing_lower;
    normalized_eq3eq6 = (value - *score_eq3eq6_next) * (current_eq3eq6 / max_severity_eq3eq6);
  }
  if (score_eq4_next) {
    ++n_existing_lower;
    normalized_eq4 = (value - *score_eq4_next) * (current_eq4 / max_severity_eq4);
  }
  if (score_eq5_next) {
    ++n_existing_lower;  // EQ5's proportion is always 0
    normalized_eq5 = (value - *score_eq5_next) * 0.0;
  }

  // 2/3. Subtract the mean distance, clamp, round half up.
  const double mean_distance = n_existing_lower == 0
                                   ? 0.0
                                   : (normalized_eq1 + normalized_eq2 + normalized_eq3eq6 +
                                      normalized_eq4 + normalized_eq5) /
                                         n_existing_lower;
  value -= mean_distance;
  if (value < 0) value = 0.0;
  if (value > 10) value = 10.0;
  return JsRound((value + kV4RoundingEpsilon) * 10) / 10;
}

std::string V4Nomenclature(const MetricValues& v) {
  auto given = [&](std::size_t metric) { return !v[metric].empty() && v[metric] != "X"; };
  const bool threat = given(k4E);
  bool environmental = false;
  for (std::size_t metric = k4CR; metric < k4FirstSupplemental; ++metric) {
    environmental = environmental || given(metric);
  }
  if (threat && environmental) return "CVSS-BTE";
  if (threat) return "CVSS-BT";
  if (environmental) return "CVSS-BE";
  return "CVSS-B";
}

std::string_view Trim(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r\n\f\v";
  const std::size_t first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(kSpace) - first + 1);
}

}  // namespace

Result<CvssScore> ScoreCvss(std::string_view vector) {
  vector = Trim(vector);
  if (vector.empty()) return VectorError("empty vector");
  if (vector.size() > kMaxVectorLength) {
    return VectorError("vector longer than " + std::to_string(kMaxVectorLength) + " characters");
  }
  const std::size_t slash = vector.find('/');
  const std::string_view prefix = vector.substr(0, slash);
  const bool v3 = prefix == "CVSS:3.1" || prefix == "CVSS:3.0";
  if (!v3 && prefix != "CVSS:4.0") {
    return VectorError("unsupported version prefix '" + Echo(prefix) +
                       "' (expected CVSS:3.0, CVSS:3.1 or CVSS:4.0)");
  }
  if (slash == std::string_view::npos) {
    return VectorError("no metrics after " + std::string(prefix));
  }
  const std::string_view body = vector.substr(slash + 1);
  const std::span<const MetricDef> defs =
      v3 ? std::span<const MetricDef>(kV3Metrics) : std::span<const MetricDef>(kV4Metrics);
  Result<MetricValues> values = ParseMetrics(body, defs);
  if (!values.ok()) return values.error();

  CvssScore score;
  score.version = v3 ? CvssVersion::kV31 : CvssVersion::kV40;
  score.base_score = v3 ? V3BaseScore(*values) : V4Score(*values);
  score.severity = CvssSeverity(score.base_score);
  score.nomenclature = v3 ? "CVSS-B" : V4Nomenclature(*values);
  score.vector = Normalise(prefix, defs, *values);
  return score;
}

std::string CvssSeverity(double score) {
  const long long tenths = std::llround(score * 10.0);
  if (tenths <= 0) return "NONE";
  if (tenths <= 39) return "LOW";
  if (tenths <= 69) return "MEDIUM";
  if (tenths <= 89) return "HIGH";
  return "CRITICAL";
}

std::string FormatScore(const CvssScore& score) {
  std::array<char, 32> buffer{};
  const auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(),
                                       score.base_score, std::chars_format::fixed, 1);
  std::string out = ec == std::errc() ? std::string(buffer.data(), end) : std::string("?");
  out += ' ';
  out += score.severity;
  return out;
}

}  // namespace cvdhub::domain

#include "domain/ssvc.hpp"

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cvdhub::domain {
namespace {

constexpr std::size_t kMaxCsvBytes = 1 << 20;  // the real tables are ~13 KiB
constexpr std::size_t kMaxEchoLength = 40;     // of caller text quoted in errors

std::string Echo(std::string_view text) {
  if (text.size() <= kMaxEchoLength) return std::string(text);
  return std::string(text.substr(0, kMaxEchoLength)) + "...";
}

Error CsvError(std::size_t line, const std::string& message) {
  return Error::Invalid("csv", "line " + std::to_string(line) + ": " + message);
}

std::string_view Trim(std::string_view text) {
  constexpr std::string_view kSpace = " \t";
  const std::size_t first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(kSpace) - first + 1);
}

char AsciiLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (AsciiLower(a[i]) != AsciiLower(b[i])) return false;
  }
  return true;
}

std::string JoinValues(const std::vector<std::string>& values) {
  std::string out;
  for (const std::string& value : values) {
    if (!out.empty()) out += ", ";
    out += value;
  }
  return out;
}

// One CSV record and the line it starts on.
struct Record {
  std::size_t line = 0;
  std::vector<std::string> fields;
};

// RFC 4180 records: ',' separates fields, LF or CRLF ends a record, a field
// in double quotes may hold ',', line breaks and "" for a quote. Unquoted
// fields are trimmed of spaces and tabs; blank lines are skipped.
Result<std::vector<Record>> ParseCsv(std::string_view text) {
  std::vector<Record> records;
  std::size_t line = 1;
  std::size_t pos = 0;
  while (pos < text.size()) {
    Record record;
    record.line = line;
    while (true) {  // one field per iteration
      std::string field;
      if (pos < text.size() && text[pos] == '"') {
        const std::size_t open_line = line;
        ++pos;
        while (true) {
          if (pos >= text.size()) return CsvError(open_line, "unterminated quoted field");
          const char c = text[pos++];
          if (c == '"') {
            if (pos < text.size() && text[pos] == '"') {
              field += '"';
              ++pos;
              continue;
            }
            break;
          }
          if (c == '\n') ++line;
          field += c;
        }
        if (pos < text.size() && text[pos] == '\r') ++pos;
        if (pos < text.size() && text[pos] != ',' && text[pos] != '\n') {
          return CsvError(line, "unexpected text after the closing quote of field " +
                                    std::to_string(record.fields.size() + 1));
        }
      } else {
        const std::size_t end = text.find_first_of(",\n", pos);
        std::string_view raw = text.substr(pos, end == std::string_view::npos ? end : end - pos);
        if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
        field = std::string(Trim(raw));
        pos = end == std::string_view::npos ? text.size() : end;
      }
      record.fields.push_back(std::move(field));
      if (pos < text.size() && text[pos] == ',') {
        ++pos;
        continue;
      }
      if (pos < text.size()) ++pos;  // the '\n' ending the record
      ++line;
      break;
    }
    const bool blank = record.fields.size() == 1 && record.fields[0].empty();
    if (!blank) records.push_back(std::move(record));
  }
  return records;
}

// "Report Public v1.0.0" -> {"Report Public", "1.0.0"}; a header without a
// trailing " v<digits and dots>" has no version.
SsvcDecisionPoint ParseColumnHeader(std::string_view header) {
  SsvcDecisionPoint point;
  const std::size_t v = header.rfind(" v");
  if (v != std::string_view::npos && v + 2 < header.size()) {
    const std::string_view version = header.substr(v + 2);
    bool looks_like_version = version.front() >= '0' && version.front() <= '9';
    for (const char c : version) {
      looks_like_version = looks_like_version && ((c >= '0' && c <= '9') || c == '.');
    }
    if (looks_like_version) {
      point.name = std::string(Trim(header.substr(0, v)));
      point.version = std::string(version);
      return point;
    }
  }
  point.name = std::string(header);
  return point;
}

// The index of `value` in point.values, appending it if new.
std::size_t ValueIndex(SsvcDecisionPoint& point, const std::string& value) {
  for (std::size_t i = 0; i < point.values.size(); ++i) {
    if (point.values[i] == value) return i;
  }
  point.values.push_back(value);
  return point.values.size() - 1;
}

}  // namespace

Result<SsvcDecisionTable> SsvcDecisionTable::Parse(std::string_view csv_text) {
  if (csv_text.size() > kMaxCsvBytes) {
    return Error::Invalid("csv",
                          "decision table larger than " + std::to_string(kMaxCsvBytes) + " bytes");
  }
  Result<std::vector<Record>> parsed = ParseCsv(csv_text);
  if (!parsed.ok()) return parsed.error();
  const std::vector<Record>& records = *parsed;
  if (records.empty()) return Error::Invalid("csv", "decision table is empty");

  // Header: ["row",] decision point..., outcome.
  const Record& header = records.front();
  const bool has_row_column = EqualsIgnoringCase(header.fields.front(), "row");
  const std::size_t first = has_row_column ? 1 : 0;
  if (header.fields.size() < first + 2) {
    return CsvError(header.line,
                    "header needs at least one decision point and an outcome column, found " +
                        std::to_string(header.fields.size()) + " column(s)");
  }
  SsvcDecisionTable table;
  std::vector<SsvcDecisionPoint> columns;
  for (std::size_t i = first; i < header.fields.size(); ++i) {
    SsvcDecisionPoint point = ParseColumnHeader(header.fields[i]);
    if (point.name.empty()) {
      return CsvError(header.line, "column " + std::to_string(i + 1) + " has no name");
    }
    for (const SsvcDecisionPoint& earlier : columns) {
      if (earlier.name == point.name) {
        return CsvError(header.line, "decision point '" + Echo(point.name) + "' appears twice");
      }
    }
    columns.push_back(std::move(point));
  }
  if (records.size() == 1) return CsvError(header.line, "decision table has no rows");

  // Rows: remember each row's value indices, collecting values as they come.
  const std::size_t width = header.fields.size();
  std::vector<std::vector<std::size_t>> rows;
  rows.reserve(records.size() - 1);
  for (std::size_t r = 1; r < records.size(); ++r) {
    const Record& record = records[r];
    if (record.fields.size() != width) {
      return CsvError(record.line, "expected " + std::to_string(width) + " fields, found " +
                                       std::to_string(record.fields.size()));
    }
    if (has_row_column && record.fields.front().empty()) {
      return CsvError(record.line, "empty row number");
    }
    std::vector<std::size_t> row;
    for (std::size_t c = 0; c < columns.size(); ++c) {
      const std::string& value = record.fields[first + c];
      if (value.empty()) {
        return CsvError(record.line, "empty value for '" + Echo(columns[c].name) + "'");
      }
      row.push_back(ValueIndex(columns[c], value));
    }
    rows.push_back(std::move(row));
  }
  // Decide matches values ignoring case, so they must differ in more than that.
  for (const SsvcDecisionPoint& column : columns) {
    for (std::size_t i = 0; i < column.values.size(); ++i) {
      for (std::size_t j = i + 1; j < column.values.size(); ++j) {
        if (EqualsIgnoringCase(column.values[i], column.values[j])) {
          return Error::Invalid("csv", "values '" + Echo(column.values[i]) + "' and '" +
                                           Echo(column.values[j]) + "' of '" + Echo(column.name) +
                                           "' differ only in case");
        }
      }
    }
  }
  table.outcome_ = std::move(columns.back());
  columns.pop_back();
  table.decision_points_ = std::move(columns);

  // A function of the answers: no combination twice...
  std::map<std::vector<std::size_t>, std::size_t> seen;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    std::vector<std::size_t> answers(rows[r].begin(), rows[r].end() - 1);
    const auto [it, inserted] = seen.emplace(std::move(answers), records[r + 1].line);
    if (!inserted) {
      return CsvError(records[r + 1].line, "same answers as line " + std::to_string(it->second));
    }
  }
  // ...and every combination once. Distinct rows are at most the product of
  // the value counts, so fewer rows means a gap.
  const std::vector<SsvcDecisionPoint>& points = table.decision_points_;
  std::size_t combinations = 1;
  bool overflow = false;
  for (const SsvcDecisionPoint& point : points) {
    overflow = overflow || combinations > static_cast<std::size_t>(-1) / point.values.size();
    if (!overflow) combinations *= point.values.size();
  }
  auto index_of = [&](const std::vector<std::size_t>& row) {
    std::size_t index = 0;
    for (std::size_t c = 0; c < points.size(); ++c)
      index = index * points[c].values.size() + row[c];
    return index;
  };
  if (overflow || rows.size() != combinations) {
    std::string message = "decision table is incomplete: " + std::to_string(rows.size()) +
                          " rows for " +
                          (overflow ? std::string("too many") : std::to_string(combinations)) +
                          " combinations of decision-point values";
    if (!overflow) {
      // Name the first missing combination so the table can be fixed.
      std::vector<bool> present(rows.size() + 1, false);
      for (const auto& row : rows) {
        const std::size_t index = index_of(row);
        if (index < present.size()) present[index] = true;
      }
      std::size_t missing = 0;
      while (present[missing]) ++missing;
      std::vector<std::string> parts(points.size());
      for (std::size_t c = points.size(); c-- > 0;) {
        parts[c] = points[c].name + "=" + points[c].values[missing % points[c].values.size()];
        missing /= points[c].values.size();
      }
      message += "; e.g. no row for " + JoinValues(parts);
    }
    return Error::Invalid("csv", std::move(message));
  }
  table.outcomes_.assign(combinations, 0);
  for (const auto& row : rows) table.outcomes_[index_of(row)] = row.back();
  return table;
}

Result<std::string> SsvcDecisionTable::Decide(
    const std::map<std::string, std::string>& answers) const {
  for (const auto& [name, value] : answers) {
    bool known = false;
    for (const SsvcDecisionPoint& point : decision_points_) known = known || point.name == name;
    if (!known) {
      std::string names;
      for (const SsvcDecisionPoint& point : decision_points_) {
        if (!names.empty()) names += ", ";
        names += point.name;
      }
      return Error::Invalid(
          name, "unknown decision point '" + Echo(name) + "' (expected one of: " + names + ")");
    }
  }
  std::size_t index = 0;
  for (const SsvcDecisionPoint& point : decision_points_) {
    const auto answer = answers.find(point.name);
    if (answer == answers.end()) {
      return Error::Invalid(point.name, "missing answer for decision point '" + point.name + "'");
    }
    std::optional<std::size_t> value;
    for (std::size_t i = 0; i < point.values.size() && !value; ++i) {
      if (EqualsIgnoringCase(point.values[i], answer->second)) value = i;
    }
    if (!value) {
      return Error::Invalid(point.name, "value '" + Echo(answer->second) +
                                            "' is not allowed for '" + point.name +
                                            "' (allowed: " + JoinValues(point.values) + ")");
    }
    index = index * point.values.size() + *value;
  }
  return outcome_.values[outcomes_[index]];
}

}  // namespace cvdhub::domain

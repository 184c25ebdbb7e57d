#include "domain/vultron.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cvdhub::domain {
namespace {

constexpr std::size_t kMaxCsvBytes = 1 << 20;  // the real tables are ~1 KiB
constexpr std::size_t kMaxEchoLength = 40;     // of caller text quoted in errors

constexpr std::array<std::string_view, 7> kRmNames = {"START",    "RECEIVED", "INVALID", "VALID",
                                                      "ACCEPTED", "DEFERRED", "CLOSED"};
constexpr std::array<std::string_view, 5> kEmNames = {"NONE", "PROPOSED", "ACTIVE", "REVISE", "EXITED"};
constexpr std::string_view kRmWirePrefix = "REPORT_MANAGEMENT_";
constexpr std::string_view kEmWirePrefix = "EMBARGO_MANAGEMENT_";
constexpr std::array<std::string_view, 7> kRoleNames = {"FINDER",      "REPORTER", "VENDOR",    "DEPLOYER",
                                                        "COORDINATOR", "OTHER",    "CASE_OWNER"};

// The CS letters in order; lower case is "not yet", upper case "has happened".
constexpr std::string_view kCsLetters = "vfdpxa";
constexpr std::string_view kCsEvents = "VFDPXA";
// What each flag means when set and when not, for error messages.
constexpr std::array<std::string_view, 6> kCsSetMeaning = {
    "the vendor is aware", "a fix is ready",       "the fix is deployed",
    "the public is aware", "an exploit is public", "attacks have been observed"};
constexpr std::array<std::string_view, 6> kCsUnsetMeaning = {
    "the vendor is not aware", "no fix is ready",      "the fix is not deployed",
    "the public is not aware", "no exploit is public", "no attacks have been observed"};

char AsciiUpper(char c) {
  return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
}
char AsciiLower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}
bool IsUpper(char c) {
  return c >= 'A' && c <= 'Z';
}

std::string Echo(std::string_view text) {
  std::string out;
  for (const char c : text.substr(0, kMaxEchoLength)) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) {
      constexpr char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[u >> 4];
      out += kHex[u & 0xf];
    } else {
      out += c;
    }
  }
  if (text.size() > kMaxEchoLength) out += "...";
  return out;
}

std::string_view Trim(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r";
  const std::size_t first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(kSpace) - first + 1);
}

// Index of a CS letter (either case) in "vfdpxa", or npos.
std::size_t CsIndex(char letter) {
  return kCsLetters.find(AsciiLower(letter));
}

// The flags of CaseState in "vfdpxa" order.
constexpr std::array<bool CaseState::*, 6> kCsFlags = {
    &CaseState::vendor_aware, &CaseState::fix_ready,      &CaseState::fix_deployed,
    &CaseState::public_aware, &CaseState::exploit_public, &CaseState::attacks_observed};

// Whether flag `index` of `cs` is set; false for an index out of range.
bool CsFlag(const CaseState& cs, std::size_t index) {
  return index < kCsFlags.size() && cs.*kCsFlags[index];
}

// "...pxa": six characters, each '.' or the letter of that position in either case.
bool IsCsPattern(std::string_view token) {
  if (token.size() != kCsLetters.size()) return false;
  for (std::size_t i = 0; i < token.size(); ++i) {
    if (token[i] != '.' && AsciiLower(token[i]) != kCsLetters[i]) return false;
  }
  return true;
}

bool MatchesCsPattern(std::string_view pattern, const CaseState& cs) {
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] != '.' && CsFlag(cs, i) != IsUpper(pattern[i])) return false;
  }
  return true;
}

// Why `cs` fails `pattern`, e.g. "the public is aware; an exploit is public".
std::string PatternMismatch(std::string_view pattern, const CaseState& cs) {
  std::string out;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '.' || CsFlag(cs, i) == IsUpper(pattern[i])) continue;
    if (!out.empty()) out += "; ";
    out += CsFlag(cs, i) ? kCsSetMeaning[i] : kCsUnsetMeaning[i];
  }
  return out;
}

bool IsMessageCode(std::string_view text) {
  return text.size() == 2 && IsUpper(text[0]) && IsUpper(text[1]);
}

// ---------------------------------------------------------------------------
// CSV

// A table being parsed: its file name (for messages) and the error field.
struct Table {
  std::string_view file;
  std::string_view field;
};

Error TableError(const Table& table, std::size_t line, const std::string& message) {
  return Error::Invalid(std::string(table.field),
                        std::string(table.file) + " line " + std::to_string(line) + ": " + message);
}

// One CSV record and the line it starts on.
struct Record {
  std::size_t line = 0;
  std::vector<std::string> fields;
};

// RFC 4180 records: ',' separates fields, LF or CRLF ends a record, a field
// in double quotes may hold ',', line breaks and "" for a quote. Unquoted
// fields are trimmed of spaces and tabs; blank lines are skipped.
Result<std::vector<Record>> ParseCsv(const Table& table, std::string_view text) {
  if (text.size() > kMaxCsvBytes) {
    return Error::Invalid(std::string(table.field), std::string(table.file) + " is larger than 1 MiB");
  }
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  std::vector<Record> records;
  std::size_t line = 1;
  std::size_t pos = 0;
  while (pos < text.size()) {
    Record record;
    record.line = line;
    bool any_quoted = false;
    while (true) {  // one field per iteration
      std::string field;
      if (pos < text.size() && text[pos] == '"') {
        any_quoted = true;
        const std::size_t open_line = line;
        ++pos;
        while (true) {
          if (pos >= text.size()) return TableError(table, open_line, "unterminated quoted field");
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
        while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t')) ++pos;
      } else {
        std::size_t end = text.find_first_of(",\n", pos);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view raw = text.substr(pos, end - pos);
        if (raw.find('"') != std::string_view::npos) {
          return TableError(table, line, "a double quote inside an unquoted field");
        }
        field = std::string(Trim(raw));
        pos = end;
      }
      record.fields.push_back(std::move(field));
      if (pos + 1 < text.size() && text[pos] == '\r' && text[pos + 1] == '\n') ++pos;
      if (pos >= text.size()) break;
      if (text[pos] == ',') {
        ++pos;
        continue;
      }
      if (text[pos] == '\n') {
        ++pos;
        ++line;
        break;
      }
      return TableError(table, line, "expected ',' or the end of the line after a quoted field");
    }
    const bool blank = record.fields.size() == 1 && record.fields[0].empty() && !any_quoted;
    if (!blank) records.push_back(std::move(record));
  }
  return records;
}

std::string JoinFields(const std::vector<std::string_view>& fields) {
  std::string out;
  for (const std::string_view f : fields) {
    if (!out.empty()) out += ',';
    out += f;
  }
  return out;
}

// Parses `text` and checks its header is exactly `header`, that data rows
// follow, and that each has as many fields. Returns the data rows.
Result<std::vector<Record>> ParseTable(const Table& table, std::string_view text,
                                       const std::vector<std::string_view>& header) {
  Result<std::vector<Record>> records = ParseCsv(table, text);
  if (!records.ok()) return records.error();
  if (records->empty()) {
    return TableError(table, 1, "the table is empty; expected the header \"" + JoinFields(header) + "\"");
  }
  const Record& first = records->front();
  if (!std::equal(first.fields.begin(), first.fields.end(), header.begin(), header.end())) {
    std::string got;
    for (const std::string& f : first.fields) got += (got.empty() ? "" : ",") + f;
    return TableError(table, first.line,
                      "expected the header \"" + JoinFields(header) + "\", got \"" + Echo(got) + "\"");
  }
  std::vector<Record> rows(std::make_move_iterator(records->begin() + 1),
                           std::make_move_iterator(records->end()));
  if (rows.empty()) return TableError(table, first.line, "no transitions follow the header");
  for (const Record& row : rows) {
    if (row.fields.size() != header.size()) {
      return TableError(table, row.line,
                        "expected " + std::to_string(header.size()) + " fields (" + JoinFields(header) +
                            "), got " + std::to_string(row.fields.size()));
    }
  }
  return rows;
}

// ---------------------------------------------------------------------------
// RM and EM rows

template <std::size_t N>
std::string NameList(const std::array<std::string_view, N>& names) {
  std::string out;
  for (const std::string_view n : names) out += (out.empty() ? "" : ", ") + std::string(n);
  return out;
}

template <typename State, std::size_t N>
std::optional<State> StateFromTableName(const std::array<std::string_view, N>& names, std::string_view text) {
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i] == text) return static_cast<State>(i);
  }
  return std::nullopt;
}

template <typename State, std::size_t N>
Result<State> ParseStateField(const Table& table, const Record& row, std::size_t column,
                              std::string_view machine, const std::array<std::string_view, N>& names) {
  const std::string& text = row.fields[column];
  if (std::optional<State> state = StateFromTableName<State>(names, text)) return *state;
  return TableError(table, row.line,
                    "unknown " + std::string(machine) + " state \"" + Echo(text) + "\" (expected one of " +
                        NameList(names) + ")");
}

// The trigger column: a lower-case word, optionally followed by "(note)".
struct TriggerColumn {
  std::string name;
  std::string note;
};

std::optional<TriggerColumn> SplitTriggerColumn(std::string_view text) {
  text = Trim(text);
  const std::size_t open = text.find('(');
  const std::string_view name = Trim(text.substr(0, open));
  std::string_view note;
  if (open != std::string_view::npos) {
    if (text.back() != ')') return std::nullopt;
    note = Trim(text.substr(open + 1, text.size() - open - 2));
  }
  if (name.empty()) return std::nullopt;
  for (const char c : name) {
    if (!(c >= 'a' && c <= 'z') && c != '_' && c != '-') return std::nullopt;
  }
  return TriggerColumn{std::string(name), std::string(note)};
}

// "on RS received" in a trigger note names the message whose receipt is the trigger.
std::string ReceivedMessage(std::string_view note) {
  constexpr std::string_view kOn = "on ";
  constexpr std::string_view kReceived = " received";
  for (std::size_t i = note.find(kOn); i != std::string_view::npos; i = note.find(kOn, i + 1)) {
    if (i > 0 && note[i - 1] != ' ') continue;
    const std::string_view code = note.substr(i + kOn.size(), 2);
    if (IsMessageCode(code) && note.substr(i + kOn.size() + 2).starts_with(kReceived)) {
      return std::string(code);
    }
  }
  return {};
}

// The trigger a caller named: "receive (on RS received)" means "receive".
std::string_view TriggerName(std::string_view text) {
  const std::size_t open = text.find('(');
  return open == std::string_view::npos ? text : Trim(text.substr(0, open));
}

template <typename Row>
bool RowMatches(const Row& row, std::string_view trigger) {
  return row.trigger == trigger || (!row.message.empty() && row.message == trigger);
}

// Rejects a second row with the same source and trigger, or source and
// message code, which would make ApplyRm/ApplyEm ambiguous.
template <typename Row, typename NameFn>
Status CheckUnique(const Table& table, const std::vector<Row>& rows, const std::vector<std::size_t>& lines,
                   NameFn state_name) {
  for (std::size_t i = 0; i < rows.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (rows[i].source != rows[j].source) continue;
      if (rows[i].trigger == rows[j].trigger ||
          (!rows[i].message.empty() && rows[i].message == rows[j].message)) {
        return TableError(table, lines[i],
                          std::string(state_name(rows[i].source)) + " --" + rows[i].trigger + " (" +
                              rows[i].message + ")--> repeats the trigger or message of line " +
                              std::to_string(lines[j]));
      }
    }
  }
  return Status::Ok();
}

// "receive, validate, ... or a message code: RS, RV, ..."
template <typename Row>
std::string KnownTriggers(const std::vector<Row>& rows) {
  std::vector<std::string> names;
  std::vector<std::string> codes;
  for (const Row& row : rows) {
    if (std::find(names.begin(), names.end(), row.trigger) == names.end()) names.push_back(row.trigger);
    if (!row.message.empty() && std::find(codes.begin(), codes.end(), row.message) == codes.end()) {
      codes.push_back(row.message);
    }
  }
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  if (!codes.empty()) {
    out += ", or a message code: ";
    for (std::size_t i = 0; i < codes.size(); ++i) out += (i == 0 ? "" : ", ") + codes[i];
  }
  return out;
}

// "allowed from ACTIVE: propose (EV) -> REVISE, terminate (ET) -> EXITED"
template <typename Row, typename State, typename NameFn>
std::string AllowedFrom(const std::vector<Row>& rows, State from, NameFn state_name) {
  std::string out;
  for (const Row& row : rows) {
    if (row.source != from) continue;
    out += out.empty() ? "allowed from " + std::string(state_name(from)) + ": " : ", ";
    out += row.trigger;
    if (!row.message.empty()) out += " (" + row.message + ")";
    out += " -> " + std::string(state_name(row.target));
  }
  if (out.empty()) out = "nothing is allowed from " + std::string(state_name(from));
  return out;
}

// Applies `trigger` to `from` in an RM or EM table: the matching row, or the
// error that no row matches.
template <typename Row, typename State, typename NameFn>
Result<const Row*> FindTransition(const std::vector<Row>& rows, State from, std::string_view trigger,
                                  std::string_view machine, NameFn state_name) {
  const std::string_view wanted = TriggerName(trigger);
  bool known = false;
  for (const Row& row : rows) {
    if (!RowMatches(row, wanted)) continue;
    known = true;
    if (row.source == from) return &row;
  }
  if (!known) {
    return Error::Invalid("trigger", "unknown " + std::string(machine) + " trigger \"" + Echo(trigger) +
                                         "\" (known: " + KnownTriggers(rows) + ")");
  }
  return Error::Conflict("illegal " + std::string(machine) + " transition: " + std::string(state_name(from)) +
                         " --" + Echo(trigger) + "--> ? (" + AllowedFrom(rows, from, state_name) + ")");
}

Result<EmGuard> ParseGuard(const Table& table, std::size_t line, std::string_view text) {
  EmGuard guard;
  guard.text = std::string(text);
  std::vector<std::string_view> tokens;
  constexpr std::string_view kSeparators = " \t;,()/";
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t start = text.find_first_not_of(kSeparators, pos);
    if (start == std::string_view::npos) break;
    std::size_t end = text.find_first_of(kSeparators, start);
    if (end == std::string_view::npos) end = text.size();
    tokens.push_back(text.substr(start, end - start));
    pos = end;
  }
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const std::string_view token = tokens[i];
    if (IsCsPattern(token)) {
      if (!guard.cs_pattern.empty() && guard.cs_pattern != token) {
        return TableError(
            table, line,
            "the guard names two case-state patterns, " + guard.cs_pattern + " and " + std::string(token));
      }
      guard.cs_pattern = std::string(token);
    } else if (token.starts_with(".")) {
      return TableError(table, line,
                        "cannot read the case-state pattern \"" + Echo(token) +
                            "\" in the guard (expected six characters such as ...pxa)");
    } else if (token == "RM" && i + 2 < tokens.size() && tokens[i + 1] == "not") {
      const std::optional<RmState> state = StateFromTableName<RmState>(kRmNames, tokens[i + 2]);
      if (!state) {
        return TableError(table, line,
                          "the guard names an unknown RM state \"" + Echo(tokens[i + 2]) +
                              "\" (expected one of " + NameList(kRmNames) + ")");
      }
      guard.rm_not.push_back(*state);
      i += 2;
    }
  }
  return guard;
}

std::string PrintableEvent(char event) {
  return Echo(std::string_view(&event, 1));
}

// The events the CS table allows from `from`, in table order.
std::string AllowedCsEvents(const std::vector<CsTransition>& rows, const CaseState& from,
                            bool public_only = false) {
  std::string out;
  bool known_state = false;
  for (const CsTransition& row : rows) {
    if (row.source == from || row.target == from) known_state = true;
    if (row.source != from) continue;
    if (public_only && CsIndex(row.event) < 3) continue;
    out += out.empty() ? "" : ", ";
    out += row.event;
  }
  const std::string name = public_only ? "..." + from.ToPublicLetters().ToString() : from.ToString();
  if (!known_state) return name + " is not a state of the case-state table";
  if (out.empty()) return "nothing is allowed from " + name;
  return "allowed from " + name + ": " + out;
}

}  // namespace

// ---------------------------------------------------------------------------
// Names

std::string_view RmStateName(RmState state) {
  return kRmNames[static_cast<std::size_t>(state)];
}
std::string_view EmStateName(EmState state) {
  return kEmNames[static_cast<std::size_t>(state)];
}

std::string RmStateWireName(RmState state) {
  return std::string(kRmWirePrefix) + std::string(RmStateName(state));
}
std::string EmStateWireName(EmState state) {
  return std::string(kEmWirePrefix) + std::string(EmStateName(state));
}

std::optional<RmState> ParseRmState(std::string_view name) {
  if (name.starts_with(kRmWirePrefix)) name.remove_prefix(kRmWirePrefix.size());
  return StateFromTableName<RmState>(kRmNames, name);
}

std::optional<EmState> ParseEmState(std::string_view name) {
  if (name.starts_with(kEmWirePrefix)) name.remove_prefix(kEmWirePrefix.size());
  return StateFromTableName<EmState>(kEmNames, name);
}

std::string_view CvdRoleName(CvdRole role) {
  return kRoleNames[static_cast<std::size_t>(role)];
}

std::optional<CvdRole> ParseCvdRole(std::string_view name) {
  std::string upper;
  for (const char c : name) upper += AsciiUpper(c);
  return StateFromTableName<CvdRole>(kRoleNames, upper);
}

// ---------------------------------------------------------------------------
// Case state

std::string VendorLetters::ToString() const {
  return CombineCaseState(*this, PublicLetters{}).ToString().substr(0, 3);
}

std::string PublicLetters::ToString() const {
  return CombineCaseState(VendorLetters{}, *this).ToString().substr(3);
}

std::string CaseState::ToString() const {
  std::string out(kCsLetters);
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (CsFlag(*this, i)) out[i] = AsciiUpper(out[i]);
  }
  return out;
}

Result<CaseState> CaseState::Parse(std::string_view text) {
  if (text.size() != kCsLetters.size()) {
    return Error::Invalid("case_state",
                          "a case state is six letters in the order vfdpxa (upper case for "
                          "what has happened), e.g. VFdpxa; got \"" +
                              Echo(text) + "\"");
  }
  CaseState cs;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (AsciiLower(text[i]) != kCsLetters[i]) {
      return Error::Invalid("case_state", "letter " + std::to_string(i + 1) + " of \"" + Echo(text) +
                                              "\" must be " + kCsLetters[i] + " or " +
                                              AsciiUpper(kCsLetters[i]) + " (the order is vfdpxa)");
    }
    cs.*kCsFlags[i] = IsUpper(text[i]);
  }
  return cs;
}

bool CaseState::operator<(const CaseState& other) const {
  for (const bool CaseState::*flag : kCsFlags) {
    if (this->*flag != other.*flag) return other.*flag;
  }
  return false;
}

bool CaseState::Has(char letter) const {
  return CsFlag(*this, CsIndex(letter));
}

CaseState CombineCaseState(const VendorLetters& vendor, const PublicLetters& pub) {
  return CaseState{vendor.vendor_aware, vendor.fix_ready,   vendor.fix_deployed,
                   pub.public_aware,    pub.exploit_public, pub.attacks_observed};
}

Result<CaseState> MultiVendorCaseState::ForVendor(std::string_view vendor_id) const {
  const auto it = vendors.find(vendor_id);
  if (it == vendors.end()) {
    return Error::NotFound("\"" + Echo(vendor_id) + "\" is not a vendor participant of this case");
  }
  return CombineCaseState(it->second, public_letters);
}

// The guard column of em_transitions.csv: PROPOSED is "also forced [to
// reject] when P/X/A becomes true"; ACTIVE "SHALL [terminate] when P or X;
// SHOULD when A". REVISE ends the same way as ACTIVE.
EmObligation EmObligationFor(EmState em, const CaseState& cs) {
  switch (em) {
    case EmState::kProposed:
      return cs.NothingPublic() ? EmObligation::kNone : EmObligation::kMustReject;
    case EmState::kActive:
    case EmState::kRevise:
      if (cs.public_aware || cs.exploit_public) return EmObligation::kMustTerminate;
      if (cs.attacks_observed) return EmObligation::kShouldTerminate;
      return EmObligation::kNone;
    case EmState::kNone:
    case EmState::kExited:
      return EmObligation::kNone;
  }
  return EmObligation::kNone;
}

// ---------------------------------------------------------------------------
// Rules

Result<VultronRules> VultronRules::Parse(std::string_view rm_csv, std::string_view em_csv,
                                         std::string_view cs_csv) {
  VultronRules rules;

  // Report management.
  const Table rm_table{"rm_transitions.csv", "rm_csv"};
  Result<std::vector<Record>> rm_rows =
      ParseTable(rm_table, rm_csv, {"source", "trigger", "target", "sender_message"});
  if (!rm_rows.ok()) return rm_rows.error();
  std::vector<std::size_t> rm_lines;
  for (const Record& row : *rm_rows) {
    RmTransition t;
    Result<RmState> source = ParseStateField<RmState>(rm_table, row, 0, "RM", kRmNames);
    if (!source.ok()) return source.error();
    Result<RmState> target = ParseStateField<RmState>(rm_table, row, 2, "RM", kRmNames);
    if (!target.ok()) return target.error();
    std::optional<TriggerColumn> trigger = SplitTriggerColumn(row.fields[1]);
    if (!trigger) {
      return TableError(rm_table, row.line,
                        "trigger \"" + Echo(row.fields[1]) +
                            "\" must be a lower-case word, optionally followed by a note in parentheses");
    }
    t.source = *source;
    t.target = *target;
    t.trigger = trigger->name;
    t.note = trigger->note;
    const std::string_view message = row.fields[3];
    if (IsMessageCode(message)) {
      t.message = std::string(message);
    } else if (message.starts_with("(") && message.ends_with(")")) {
      const std::string_view note = Trim(message.substr(1, message.size() - 2));
      t.note += (t.note.empty() || note.empty() ? "" : "; ") + std::string(note);
    } else if (!message.empty()) {
      return TableError(rm_table, row.line,
                        "sender_message \"" + Echo(message) +
                            "\" must be a message code such as RV, or a note in parentheses");
    }
    if (t.message.empty()) t.message = ReceivedMessage(trigger->note);
    rules.rm_.push_back(std::move(t));
    rm_lines.push_back(row.line);
  }
  if (Status unique = CheckUnique(rm_table, rules.rm_, rm_lines, RmStateName); !unique.ok()) {
    return unique.error();
  }

  // Embargo management.
  const Table em_table{"em_transitions.csv", "em_csv"};
  Result<std::vector<Record>> em_rows =
      ParseTable(em_table, em_csv, {"source", "trigger", "target", "sender_message", "guard"});
  if (!em_rows.ok()) return em_rows.error();
  std::vector<std::size_t> em_lines;
  for (const Record& row : *em_rows) {
    EmTransition t;
    Result<EmState> source = ParseStateField<EmState>(em_table, row, 0, "EM", kEmNames);
    if (!source.ok()) return source.error();
    Result<EmState> target = ParseStateField<EmState>(em_table, row, 2, "EM", kEmNames);
    if (!target.ok()) return target.error();
    std::optional<TriggerColumn> trigger = SplitTriggerColumn(row.fields[1]);
    if (!trigger || !trigger->note.empty()) {
      return TableError(em_table, row.line,
                        "trigger \"" + Echo(row.fields[1]) + "\" must be a lower-case word");
    }
    if (!row.fields[3].empty() && !IsMessageCode(row.fields[3])) {
      return TableError(em_table, row.line,
                        "sender_message \"" + Echo(row.fields[3]) + "\" must be a message code such as EP");
    }
    Result<EmGuard> guard = ParseGuard(em_table, row.line, row.fields[4]);
    if (!guard.ok()) return guard.error();
    t.source = *source;
    t.trigger = trigger->name;
    t.target = *target;
    t.message = row.fields[3];
    t.guard = std::move(guard).value();
    rules.em_.push_back(std::move(t));
    em_lines.push_back(row.line);
  }
  if (Status unique = CheckUnique(em_table, rules.em_, em_lines, EmStateName); !unique.ok()) {
    return unique.error();
  }

  // Case state.
  const Table cs_table{"cs_transitions_vfdpxa.csv", "cs_csv"};
  Result<std::vector<Record>> cs_rows =
      ParseTable(cs_table, cs_csv, {"source", "event", "target", "message"});
  if (!cs_rows.ok()) return cs_rows.error();
  std::map<std::pair<CaseState, char>, std::size_t> cs_lines;
  for (const Record& row : *cs_rows) {
    Result<CaseState> source = CaseState::Parse(row.fields[0]);
    if (!source.ok()) return TableError(cs_table, row.line, "source: " + source.error().message);
    Result<CaseState> target = CaseState::Parse(row.fields[2]);
    if (!target.ok()) return TableError(cs_table, row.line, "target: " + target.error().message);
    const std::string& event = row.fields[1];
    if (event.size() != 1 || kCsEvents.find(event[0]) == std::string_view::npos) {
      return TableError(cs_table, row.line, "event \"" + Echo(event) + "\" must be one of V, F, D, P, X, A");
    }
    const char e = event[0];
    if (source->Has(e)) {
      return TableError(cs_table, row.line, source->ToString() + " already has " + event);
    }
    CaseState expected = *source;
    expected.*kCsFlags[CsIndex(e)] = true;
    if (*target != expected) {
      return TableError(cs_table, row.line,
                        "target " + target->ToString() + " should be " + expected.ToString() + " (" +
                            source->ToString() + " with " + event + " set)");
    }
    if (row.fields[3] != "C" + event) {
      return TableError(cs_table, row.line, "message \"" + Echo(row.fields[3]) + "\" should be C" + event);
    }
    const auto [it, inserted] = cs_lines.emplace(std::make_pair(*source, e), row.line);
    if (!inserted) {
      return TableError(
          cs_table, row.line,
          source->ToString() + " --" + event + "--> repeats line " + std::to_string(it->second));
    }
    rules.cs_index_.emplace(std::make_pair(*source, e), rules.cs_.size());
    rules.cs_.push_back(CsTransition{*source, e, *target, row.fields[3]});
  }
  return rules;
}

Result<RmState> VultronRules::ApplyRm(RmState from, std::string_view trigger) const {
  Result<const RmTransition*> row = FindTransition(rm_, from, trigger, "report-management", RmStateName);
  if (!row.ok()) return row.error();
  return (*row)->target;
}

Result<EmState> VultronRules::ApplyEm(EmState from, std::string_view trigger, const CaseState& cs,
                                      std::optional<RmState> actor_rm) const {
  Result<const EmTransition*> found = FindTransition(em_, from, trigger, "embargo", EmStateName);
  if (!found.ok()) return found.error();
  const EmTransition& row = **found;
  const std::string arrow = std::string(EmStateName(row.source)) + " --" + row.trigger + "--> " +
                            std::string(EmStateName(row.target));
  if (!row.guard.cs_pattern.empty() && !MatchesCsPattern(row.guard.cs_pattern, cs)) {
    return Error::Conflict("embargo transition refused: " + arrow + " requires case state " +
                           row.guard.cs_pattern + ", but the case is " + cs.ToString() + ": " +
                           PatternMismatch(row.guard.cs_pattern, cs));
  }
  if (actor_rm &&
      std::find(row.guard.rm_not.begin(), row.guard.rm_not.end(), *actor_rm) != row.guard.rm_not.end()) {
    return Error::Conflict("embargo transition refused: " + arrow +
                           " is not open to a participant whose report management state is " +
                           std::string(RmStateName(*actor_rm)));
  }
  return row.target;
}

Result<CaseState> VultronRules::ApplyCs(const CaseState& from, char event) const {
  if (kCsEvents.find(event) == std::string_view::npos) {
    return Error::Invalid("event", "unknown case-state event \"" + PrintableEvent(event) +
                                       "\" (expected one of V, F, D, P, X, A)");
  }
  const auto it = cs_index_.find(std::make_pair(from, event));
  if (it != cs_index_.end()) return cs_[it->second].target;
  std::string reason;
  if (from.Has(event)) reason = std::string(1, event) + " is already set and never turns back; ";
  return Error::Conflict("illegal case-state transition: " + from.ToString() + " --" + event + "--> ? (" +
                         reason + AllowedCsEvents(cs_, from) + ")");
}

Result<CaseState> VultronRules::ApplyCs(const CaseState& from, std::string_view event) const {
  if (event.size() == 1) return ApplyCs(from, event[0]);
  if (event.size() == 2 && event[0] == 'C' && kCsEvents.find(event[1]) != std::string_view::npos) {
    return ApplyCs(from, event[1]);
  }
  return Error::Invalid("event", "unknown case-state event \"" + Echo(event) +
                                     "\" (expected one of V, F, D, P, X, A or CV, CF, CD, CP, CX, CA)");
}

Result<MultiVendorCaseState> VultronRules::ApplyCaseEvent(const MultiVendorCaseState& from, char event,
                                                          std::string_view vendor_id) const {
  const std::size_t index = kCsEvents.find(event);
  if (index == std::string_view::npos) {
    return Error::Invalid("event", "unknown case-state event \"" + PrintableEvent(event) +
                                       "\" (expected one of V, F, D, P, X, A)");
  }
  MultiVendorCaseState next = from;
  if (index < 3) {  // V, F, D belong to one vendor
    if (vendor_id.empty()) {
      return Error::Invalid("vendor",
                            std::string(1, event) + " concerns one vendor: name the vendor participant");
    }
    const auto it = next.vendors.find(vendor_id);
    if (it == next.vendors.end()) {
      return Error::Invalid("vendor", "\"" + Echo(vendor_id) + "\" is not a vendor participant of this case");
    }
    Result<CaseState> cs = ApplyCs(CombineCaseState(it->second, from.public_letters), event);
    if (!cs.ok()) {
      Error error = cs.error();
      error.message = "vendor \"" + Echo(vendor_id) + "\": " + error.message;
      return error;
    }
    it->second = cs->ToVendorLetters();
    return next;
  }
  if (!vendor_id.empty()) {
    return Error::Invalid("vendor", std::string(1, event) + " concerns the whole case: name no vendor");
  }
  if (next.vendors.empty()) {
    // Check as from an aware vendor, so that only the rules among P, X and A bite.
    const CaseState as_if = CombineCaseState({true, false, false}, from.public_letters);
    Result<CaseState> cs = ApplyCs(as_if, event);
    if (!cs.ok()) {
      return Error::Conflict("illegal case-state transition: ..." + from.public_letters.ToString() + " --" +
                             event + "--> ? (" + AllowedCsEvents(cs_, as_if, /*public_only=*/true) + ")");
    }
    next.public_letters = cs->ToPublicLetters();
    return next;
  }
  for (const auto& [id, letters] : from.vendors) {
    Result<CaseState> cs = ApplyCs(CombineCaseState(letters, from.public_letters), event);
    if (!cs.ok()) {
      Error error = cs.error();
      error.message = "vendor \"" + Echo(id) + "\": " + error.message;
      return error;
    }
    next.public_letters = cs->ToPublicLetters();
  }
  return next;
}

std::vector<CaseState> VultronRules::CsStates() const {
  std::set<CaseState> states;
  for (const CsTransition& row : cs_) {
    states.insert(row.source);
    states.insert(row.target);
  }
  return {states.begin(), states.end()};
}

}  // namespace cvdhub::domain

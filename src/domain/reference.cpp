#include "domain/reference.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <set>

namespace cvdhub::domain {
namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::microseconds;
using std::chrono::minutes;
using std::chrono::seconds;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Reads exactly `len` digits at `pos`.
std::optional<int> Digits(std::string_view s, std::size_t pos, std::size_t len) {
  if (pos + len > s.size()) return std::nullopt;
  int v = 0;
  for (std::size_t i = pos; i < pos + len; ++i) {
    if (!IsDigit(s[i])) return std::nullopt;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

bool StartsWithLang(std::string_view lang, std::string_view want) {
  if (want.empty()) return true;
  if (lang.size() < want.size()) return false;
  for (std::size_t i = 0; i < want.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(lang[i])) != std::tolower(static_cast<unsigned char>(want[i]))) {
      return false;
    }
  }
  return lang.size() == want.size() || lang[want.size()] == '-' || lang[want.size()] == '_';
}

Timestamp Seconds(RecordTime t) { return std::chrono::floor<seconds>(t); }

}  // namespace

std::string_view RecordKindName(RecordKind kind) { return kind == RecordKind::kCve ? "cve" : "osv"; }

std::optional<RecordKind> ParseRecordKind(std::string_view name) {
  if (name == "cve") return RecordKind::kCve;
  if (name == "osv") return RecordKind::kOsv;
  return std::nullopt;
}

std::string_view TextKindName(TextKind kind) {
  switch (kind) {
    case TextKind::kTitle: return "title";
    case TextKind::kDescription: return "description";
    case TextKind::kRejectedReason: return "rejected_reason";
  }
  return "description";
}

std::optional<TextKind> ParseTextKind(std::string_view name) {
  for (const auto k : {TextKind::kTitle, TextKind::kDescription, TextKind::kRejectedReason}) {
    if (TextKindName(k) == name) return k;
  }
  return std::nullopt;
}

std::optional<RecordTime> ParseRecordTime(std::string_view s) {
  // YYYY-MM-DDTHH:MM:SS
  if (s.size() < 19 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != 't') || s[13] != ':' ||
      s[16] != ':') {
    return std::nullopt;
  }
  const auto y = Digits(s, 0, 4), mo = Digits(s, 5, 2), d = Digits(s, 8, 2);
  const auto h = Digits(s, 11, 2), mi = Digits(s, 14, 2), sec = Digits(s, 17, 2);
  if (!y || !mo || !d || !h || !mi || !sec || *y < 1) return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year{*y}, std::chrono::month{static_cast<unsigned>(*mo)},
                                        std::chrono::day{static_cast<unsigned>(*d)}};
  if (!ymd.ok() || *h > 23 || *mi > 59 || *sec > 60) return std::nullopt;
  std::size_t pos = 19;
  std::int64_t micros = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    const std::size_t start = pos;
    while (pos < s.size() && IsDigit(s[pos])) {
      if (pos - start < 6) micros = micros * 10 + (s[pos] - '0');
      ++pos;
    }
    if (pos == start) return std::nullopt;
    for (std::size_t n = pos - start; n < 6; ++n) micros *= 10;
  }
  minutes offset{0};
  if (pos < s.size()) {
    if (s[pos] == 'Z' || s[pos] == 'z') {
      ++pos;
    } else if (s[pos] == '+' || s[pos] == '-') {
      const int sign = s[pos] == '-' ? -1 : 1;
      const auto oh = Digits(s, pos + 1, 2);
      if (!oh || pos + 3 > s.size()) return std::nullopt;
      pos += 3;
      int om = 0;
      if (pos < s.size() && s[pos] == ':') ++pos;
      const auto m = Digits(s, pos, 2);
      if (!m) return std::nullopt;
      om = *m;
      pos += 2;
      if (*oh > 23 || om > 59) return std::nullopt;
      offset = minutes{sign * (*oh * 60 + om)};
    }
  }
  if (pos != s.size()) return std::nullopt;
  const auto local = std::chrono::sys_days{ymd} + hours{*h} + minutes{*mi} + seconds{*sec} + microseconds{micros};
  return std::chrono::time_point_cast<microseconds>(local - offset);
}

std::string FormatRecordTime(RecordTime t) {
  const auto day = std::chrono::floor<days>(t);
  const std::chrono::year_month_day ymd{day};
  const std::chrono::hh_mm_ss hms{t - day};
  const auto frac = hms.subseconds().count();
  std::string out = fmt::format("{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}", static_cast<int>(ymd.year()),
                                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                                hms.hours().count(), hms.minutes().count(), hms.seconds().count());
  if (frac != 0) out += frac % 1000 == 0 ? fmt::format(".{:03d}", frac / 1000) : fmt::format(".{:06d}", frac);
  out += 'Z';
  return out;
}

std::string CvssVersionOf(std::string_view type) {
  if (type == "cvssV3_1") return "3.1";
  if (type == "cvssV4_0" || type == "CVSS_V4") return "4.0";
  if (type == "cvssV3_0") return "3.0";
  if (type == "cvssV2_0" || type == "CVSS_V2") return "2.0";
  if (type == "CVSS_V3") return "3.x";
  return "";
}

std::string_view ReferenceRecord::Title() const {
  for (const auto& t : texts) {
    if (t.container == 0 && t.kind == TextKind::kTitle) return t.value;
  }
  return {};
}

std::string_view ReferenceRecord::Description(std::string_view lang) const {
  const RecordText* first = nullptr;
  for (const auto& t : texts) {
    if (t.container != 0 || t.kind == TextKind::kTitle) continue;
    if (StartsWithLang(t.lang, lang)) return t.value;
    if (first == nullptr) first = &t;
  }
  return first != nullptr ? std::string_view(first->value) : std::string_view();
}

Status ValidateRecordId(RecordKind kind, std::string_view id) {
  if (kind == RecordKind::kCve) {
    // CVE-YYYY-NNNN… (4 to 19 digits), as the CVE JSON 5 schema has it.
    const bool ok = id.size() >= 13 && id.size() <= 28 && id.substr(0, 4) == "CVE-" && Digits(id, 4, 4) &&
                    id[8] == '-' &&
                    std::all_of(id.begin() + 9, id.end(), [](char c) { return IsDigit(c); });
    if (!ok) return Error::Invalid("id", fmt::format("'{}' is not a CVE ID (CVE-YYYY-NNNN)", id.substr(0, 40)));
    return {};
  }
  const bool ok = !id.empty() && id.size() <= 100 && std::all_of(id.begin(), id.end(), [](char c) {
    return IsDigit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '.' || c == '_' || c == ':' ||
           c == '-';
  });
  if (!ok) {
    return Error::Invalid("id", "an OSV id must be 1 to 100 letters, digits or . _ : - (got '" +
                                    std::string(id.substr(0, 40)) + "')");
  }
  return {};
}

std::string RecordPath(std::string_view id) { return "/records/" + std::string(id); }

SearchDoc RecordSearchDoc(const ReferenceRecord& r) {
  SearchDoc doc;
  doc.kind = r.kind == RecordKind::kCve ? SearchKind::kCve : SearchKind::kOsv;
  doc.key = r.id;
  doc.title = std::string(r.Title());
  doc.url = RecordPath(r.id);
  // The descriptions first (a result's excerpt starts there), then what else names the problem.
  std::string& text = doc.text;
  for (const auto& t : r.texts) {
    if (t.kind == TextKind::kTitle && t.container == 0) continue;
    if (!text.empty()) text += '\n';
    text += t.value;
  }
  std::string more;
  std::set<std::string_view> seen;  // ADPs repeat the CNA's products
  auto add = [&more, &seen](std::string_view s) {
    if (s.empty() || s == "n/a" || !seen.insert(s).second) return;
    if (!more.empty()) more += ' ';
    more += s;
  };
  for (const auto& a : r.affected) {
    add(a.vendor);
    add(a.product);
    add(a.package_name);
  }
  for (const auto& p : r.problem_types) {
    add(p.cwe_id);
    if (p.description != p.cwe_id) add(p.description);
  }
  for (const auto& a : r.aliases) add(a);
  if (!more.empty()) {
    if (!text.empty()) text += '\n';
    text += more;
  }
  // A time before 1970 is a placeholder, not a date: the Go vulnerability
  // database writes Go's zero time (0001-01-01) for most published/modified.
  auto known = [](const std::optional<RecordTime>& t) -> std::optional<RecordTime> {
    if (t && t->time_since_epoch().count() >= 0) return t;
    return std::nullopt;
  };
  const auto published = known(r.published) ? known(r.published) : known(r.rejected) ? known(r.rejected)
                                                                                      : known(r.modified);
  if (published) doc.published_at = Seconds(*published);
  if (known(r.modified)) doc.modified_at = Seconds(*r.modified);
  return doc;
}

}  // namespace cvdhub::domain

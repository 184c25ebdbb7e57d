#include "formats/export_common.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <string>
#include <unordered_map>

#include "util/embedded.hpp"

namespace cvdhub::formats {
namespace {

using domain::Language;
using domain::VendorStatus;

// id → name, parsed once from the compiled-in TSV.
const std::unordered_map<std::string_view, std::string_view>& CweTable() {
  static const auto* table = [] {
    auto* t = new std::unordered_map<std::string_view, std::string_view>();
    const std::string_view text = embedded::Find("data/cwe_names.tsv").value_or("");
    std::size_t pos = 0;
    while (pos < text.size()) {
      std::size_t end = text.find('\n', pos);
      if (end == std::string_view::npos) end = text.size();
      const std::string_view line = text.substr(pos, end - pos);
      if (const auto tab = line.find('\t'); tab != std::string_view::npos) {
        t->emplace(line.substr(0, tab), line.substr(tab + 1));
      }
      pos = end + 1;
    }
    return t;
  }();
  return *table;
}

bool SameName(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

std::string EncodePathSegment(std::string_view segment) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(segment.size() + 8);
  for (unsigned char c : segment) {
    if (std::isalnum(c) != 0 || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return out;
}

std::string AdvisoryUrl(const ExportConfig& config, std::string_view identifier) {
  return config.base_url + "/advisories/" + EncodePathSegment(identifier);
}

std::string SafeUri(std::string_view url) {
  url = Trim(url);
  if (!url.starts_with("https://") && !url.starts_with("http://")) return {};
  static constexpr char kHex[] = "0123456789ABCDEF";
  static constexpr std::string_view kUnsafe = " \"<>\\^`{|}";
  std::string out;
  out.reserve(url.size());
  for (unsigned char c : url) {
    if (c <= 0x20 || c >= 0x7F || kUnsafe.find(static_cast<char>(c)) != std::string_view::npos) {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::optional<std::string_view> CweName(std::string_view cwe_id) {
  const auto& table = CweTable();
  if (auto it = table.find(cwe_id); it != table.end()) return it->second;
  return std::nullopt;
}

std::string CweUrl(std::string_view cwe_id) {
  if (!domain::IsCweId(cwe_id)) return {};
  return fmt::format("https://cwe.mitre.org/data/definitions/{}.html", cwe_id.substr(4));
}

const domain::AdvisoryVendorRow* VendorRowOf(const domain::PublicAdvisory& p,
                                             const domain::AdvisoryProduct& product) {
  for (const auto& v : p.vendors) {
    if (product.vendor_id && *product.vendor_id == v.vendor_id) return &v;
  }
  for (const auto& v : p.vendors) {
    if (!product.vendor_name.empty() &&
        (SameName(product.vendor_name, v.vendor_name) || SameName(product.vendor_name, v.vendor_name_en))) {
      return &v;
    }
  }
  return nullptr;
}

std::optional<VendorStatus> ProductVendorStatus(const domain::PublicAdvisory& p,
                                                const domain::AdvisoryProduct& product) {
  if (const auto* row = VendorRowOf(p, product)) return row->status;
  return std::nullopt;
}

bool IsAffected(std::optional<VendorStatus> status) {
  return !status || *status == VendorStatus::kAffected || *status == VendorStatus::kAffectedInvestigating;
}

const std::string& VendorName(const domain::AdvisoryVendorRow& v, Language lang) {
  return lang == Language::kEn && !v.vendor_name_en.empty() ? v.vendor_name_en : v.vendor_name;
}

const std::string& TextIn(const domain::Bilingual& b, Language lang) {
  const auto blank = [](const std::string& t) { return Trim(t).empty(); };
  if (lang == Language::kEn) return blank(b.en) ? b.ja : b.en;
  return blank(b.ja) ? b.en : b.ja;
}

std::string TruncateUtf8(std::string_view text, std::size_t max_chars) {
  if (max_chars == 0) return {};
  std::size_t chars = 0;
  std::size_t i = 0;
  std::size_t cut = 0;  // byte offset after max_chars - 1 code points
  while (i < text.size()) {
    if (chars == max_chars - 1) cut = i;
    const auto c = static_cast<unsigned char>(text[i]);
    const std::size_t len = c < 0x80           ? 1
                            : (c >> 5) == 0x6  ? 2
                            : (c >> 4) == 0xE  ? 3
                            : (c >> 3) == 0x1E ? 4
                                               : 1;
    i = std::min(text.size(), i + len);
    ++chars;
    if (chars > max_chars) return std::string(text.substr(0, cut)) + "\u2026";
  }
  return std::string(text);
}

std::string_view Trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

domain::Timestamp FirstPublished(const domain::PublicAdvisory& p) {
  return p.advisory.published_at.value_or(p.advisory.created_at);
}

domain::Timestamp LastModified(const domain::PublicAdvisory& p) {
  domain::Timestamp t = FirstPublished(p);
  if (p.advisory.modified_at) t = std::max(t, *p.advisory.modified_at);
  for (const auto& u : p.updates) t = std::max(t, u.at);
  for (const auto& v : p.vendors) {
    if (v.updated_at) t = std::max(t, *v.updated_at);
  }
  return t;
}

std::string JstW3cdtf(domain::Timestamp t, bool with_seconds) {
  const auto local = t + std::chrono::hours(9);  // JST: UTC+9, no daylight saving
  const auto day = std::chrono::floor<std::chrono::days>(local);
  const std::chrono::year_month_day ymd{day};
  const std::chrono::hh_mm_ss hms{local - day};
  std::string out = fmt::format("{:04d}-{:02d}-{:02d}T{:02d}:{:02d}", static_cast<int>(ymd.year()),
                                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                                hms.hours().count(), hms.minutes().count());
  if (with_seconds) out += fmt::format(":{:02d}", hms.seconds().count());
  return out + "+09:00";
}

std::string HttpDate(domain::Timestamp t) {
  static constexpr std::array<const char*, 7> kDays = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const auto day = std::chrono::floor<std::chrono::days>(t);
  const std::chrono::year_month_day ymd{day};
  const std::chrono::weekday wd{day};
  const std::chrono::hh_mm_ss hms{t - day};
  return fmt::format("{}, {:02d} {} {:04d} {:02d}:{:02d}:{:02d} GMT", kDays[wd.c_encoding()],
                     static_cast<unsigned>(ymd.day()), kMonths[static_cast<unsigned>(ymd.month()) - 1],
                     static_cast<int>(ymd.year()), hms.hours().count(), hms.minutes().count(),
                     hms.seconds().count());
}

}  // namespace cvdhub::formats

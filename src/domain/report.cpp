#include "domain/report.hpp"

#include <array>
#include <utility>

namespace cvdhub::domain {
namespace {

template <typename E, std::size_t N>
std::string_view NameOf(const std::array<std::pair<E, std::string_view>, N>& table, E value) {
  for (const auto& [v, name] : table) {
    if (v == value) return name;
  }
  return "unknown";
}

template <typename E, std::size_t N>
std::optional<E> ValueOf(const std::array<std::pair<E, std::string_view>, N>& table,
                         std::string_view name) {
  for (const auto& [v, n] : table) {
    if (n == name) return v;
  }
  return std::nullopt;
}

constexpr std::array<std::pair<ReportKind, std::string_view>, 2> kKinds{{
    {ReportKind::kSoftware, "software"},
    {ReportKind::kWebsite, "website"},
}};

constexpr std::array<std::pair<ReportSource, std::string_view>, 3> kSources{{
    {ReportSource::kPartnership, "partnership"},
    {ReportSource::kOverseasCoordinator, "overseas_coordinator"},
    {ReportSource::kDirect, "direct"},
}};

constexpr std::array<std::pair<ReportStatus, std::string_view>, 4> kStatuses{{
    {ReportStatus::kReceived, "received"},
    {ReportStatus::kAcknowledged, "acknowledged"},
    {ReportStatus::kAccepted, "accepted"},
    {ReportStatus::kDeclined, "declined"},
}};

constexpr std::array<std::pair<DeclineReason, std::string_view>, 10> kDeclineReasons{{
    {DeclineReason::kNotAVulnerability, "not_a_vulnerability"},
    {DeclineReason::kDebugMode, "debug_mode"},
    {DeclineReason::kTrainingSoftware, "training_software"},
    {DeclineReason::kVersionNotReproducible, "version_not_reproducible"},
    {DeclineReason::kNotMaintained, "not_maintained"},
    {DeclineReason::kStale18Months, "stale_18_months"},
    {DeclineReason::kMinimalImpactJapan, "minimal_impact_japan"},
    {DeclineReason::kAlreadyPublic, "already_public"},
    {DeclineReason::kXssWithoutImpact, "xss_without_impact"},
    {DeclineReason::kOutOfScope, "out_of_scope"},
}};

Status CheckText(std::string_view field, std::string_view value, std::size_t max, bool required) {
  if (required && value.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return Error::Invalid(std::string(field), std::string(field) + " is required");
  }
  if (value.size() > max) {
    return Error::Invalid(std::string(field), std::string(field) + " is longer than " +
                                                  std::to_string(max) + " bytes");
  }
  if (!IsValidUtf8(value)) {
    return Error::Invalid(std::string(field), std::string(field) + " is not valid UTF-8 text");
  }
  return {};
}

bool LooksLikeHttpUrl(std::string_view url) {
  std::string_view rest;
  if (url.starts_with("https://")) {
    rest = url.substr(8);
  } else if (url.starts_with("http://")) {
    rest = url.substr(7);
  } else {
    return false;
  }
  if (rest.empty() || rest.front() == '/') return false;
  for (char c : url) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == '"' || c == '<' || c == '>' || c == '\\') {
      return false;
    }
  }
  return true;
}

}  // namespace

std::string_view ReportKindName(ReportKind kind) { return NameOf(kKinds, kind); }
std::optional<ReportKind> ParseReportKind(std::string_view name) { return ValueOf(kKinds, name); }
std::string_view ReportSourceName(ReportSource source) { return NameOf(kSources, source); }
std::optional<ReportSource> ParseReportSource(std::string_view name) { return ValueOf(kSources, name); }
std::string_view ReportStatusName(ReportStatus status) { return NameOf(kStatuses, status); }
std::optional<ReportStatus> ParseReportStatus(std::string_view name) { return ValueOf(kStatuses, name); }
std::string_view DeclineReasonName(DeclineReason reason) { return NameOf(kDeclineReasons, reason); }
std::optional<DeclineReason> ParseDeclineReason(std::string_view name) {
  return ValueOf(kDeclineReasons, name);
}

const std::vector<DeclineReason>& AllDeclineReasons() {
  static const std::vector<DeclineReason> kAll = [] {
    std::vector<DeclineReason> v;
    for (const auto& [r, name] : kDeclineReasons) v.push_back(r);
    return v;
  }();
  return kAll;
}

Status ValidateSubmission(const ReportSubmission& s) {
  const bool software = s.kind == ReportKind::kSoftware;
  struct Field {
    std::string_view name;
    const std::string& value;
    std::size_t max;
    bool required;
  };
  const Field fields[] = {
      {"title", s.title, kMaxShortField, true},
      {"product_name", s.product_name, kMaxShortField, software},
      // The exact affected version is required for software (P-B: "version not given").
      {"product_version", s.product_version, kMaxShortField, software},
      {"product_url", s.product_url, 2048, !software},
      {"discovery_method", s.discovery_method, kMaxLongField, true},
      {"tools_used", s.tools_used, kMaxLongField, false},
      {"reproduction", s.reproduction, kMaxLongField, true},
      {"impact", s.impact, kMaxLongField, true},
      {"public_reference", s.public_reference, 2048, false},
      {"time_constraints", s.time_constraints, kMaxLongField, false},
      {"vendor_contact_details", s.vendor_contact_details, kMaxLongField, false},
      {"finder_name", s.finder_name, kMaxShortField, true},
      {"finder_contact", s.finder_contact, kMaxShortField, false},
      {"credit_name", s.credit_name, kMaxShortField, false},
  };
  for (const auto& f : fields) {
    if (auto st = CheckText(f.name, f.value, f.max, f.required); !st) return st;
  }
  if (!s.product_url.empty() && !LooksLikeHttpUrl(s.product_url)) {
    return Error::Invalid("product_url", "product_url must be an http:// or https:// URL");
  }
  if (s.wants_credit && s.credit_name.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Error::Invalid("credit_name", "credit_name is required when credit is wanted");
  }
  return {};
}

bool IsAckOverdue(const Report& r, std::chrono::sys_days today_jst) {
  return !r.acknowledged_at && today_jst > r.ack_deadline;
}

Status CheckCanAcknowledge(const Report& r) {
  if (r.status != ReportStatus::kReceived) {
    return Error::Conflict("report is already " + std::string(ReportStatusName(r.status)));
  }
  return {};
}

Status CheckCanDecide(const Report& r) {
  if (r.status == ReportStatus::kAccepted || r.status == ReportStatus::kDeclined) {
    return Error::Conflict("report is already " + std::string(ReportStatusName(r.status)));
  }
  return {};
}

Status ValidateAttachmentName(std::string_view filename) {
  if (filename.empty() || filename.size() > 255) {
    return Error::Invalid("filename", "file name must be 1 to 255 bytes");
  }
  if (!IsValidUtf8(filename)) return Error::Invalid("filename", "file name is not valid UTF-8");
  for (char c : filename) {
    if (c == '/' || c == '\\' || static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      return Error::Invalid("filename", "file name may not contain path separators or control characters");
    }
  }
  if (filename == "." || filename == "..") return Error::Invalid("filename", "file name is not valid");
  return {};
}

Status ValidateMessageBody(std::string_view body) {
  return CheckText("body", body, kMaxLongField, true);
}

bool IsValidUtf8(std::string_view text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto* end = p + text.size();
  while (p < end) {
    const unsigned char c = *p;
    if (c == 0) return false;
    if (c < 0x80) {
      ++p;
      continue;
    }
    int extra = 0;
    std::uint32_t cp = 0;
    if ((c & 0xE0) == 0xC0) {
      extra = 1;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      extra = 2;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      extra = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (end - p <= extra) return false;
    for (int i = 1; i <= extra; ++i) {
      if ((p[i] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (p[i] & 0x3F);
    }
    // Reject overlong forms, surrogates and values past U+10FFFF.
    if ((extra == 1 && cp < 0x80) || (extra == 2 && cp < 0x800) || (extra == 3 && cp < 0x10000) ||
        (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
      return false;
    }
    p += extra + 1;
  }
  return true;
}

}  // namespace cvdhub::domain

// A coordination case created from an accepted report (PROCESS.md §4, §6).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "domain/report.hpp"

namespace cvdhub::domain {

// Software products are coordinated and published; websites follow the
// shorter, non-public track (PROCESS §6).
enum class CaseTrack { kProduct, kWebsite };
std::string_view CaseTrackName(CaseTrack track);
std::optional<CaseTrack> ParseCaseTrack(std::string_view name);

struct Case {
  CaseId id = 0;
  std::string identifier;  // "JVN#12345678", "JVNVU#12345678" or "WEB-2026-0001"
  CaseTrack track = CaseTrack::kProduct;
  ReportId report_id = 0;
  std::string title;
  std::string status;      // "coordinating", "website_notified", … (coordination issue extends)
  Timestamp created_at{};
};

// A registered product developer (PROCESS §3). The coordination issue extends it.
enum class RegistrationType { kGeneral, kIndividual };  // 一般登録 / 個別登録
std::string_view RegistrationTypeName(RegistrationType type);
std::optional<RegistrationType> ParseRegistrationType(std::string_view name);

struct Vendor {
  std::int64_t id = 0;
  std::string name;
  std::string name_en;
  RegistrationType registration = RegistrationType::kIndividual;
  std::string contact_email;     // PSIRT mailbox
  std::string phone;
  bool public_listing = false;   // may appear on the public developer list
  bool accepts_direct_reports = false;
  Timestamp created_at{};
  bool registered = true;          // false: found in a case, asked to register individually (G2-3)
  std::string reporting_contact;   // shown publicly when accepts_direct_reports
};

// Identifier formats (PROCESS §7): prefix + 8 digits for advisories.
std::string FormatJvnIdentifier(ReportSource source, std::uint32_t eight_digits);
// "IN-2026-00042": the intake number of the 42nd report received in 2026.
std::string FormatIntakeNumber(int year, std::int64_t sequence);
// "WEB-2026-0007": the website track's non-public number.
std::string FormatWebsiteIdentifier(int year, std::int64_t sequence);

}  // namespace cvdhub::domain

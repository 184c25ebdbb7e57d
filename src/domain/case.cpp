#include "domain/case.hpp"

#include <fmt/format.h>

namespace cvdhub::domain {

std::string_view CaseTrackName(CaseTrack track) {
  return track == CaseTrack::kProduct ? "product" : "website";
}

std::optional<CaseTrack> ParseCaseTrack(std::string_view name) {
  if (name == "product") return CaseTrack::kProduct;
  if (name == "website") return CaseTrack::kWebsite;
  return std::nullopt;
}

std::string_view RegistrationTypeName(RegistrationType type) {
  return type == RegistrationType::kGeneral ? "general" : "individual";
}

std::optional<RegistrationType> ParseRegistrationType(std::string_view name) {
  if (name == "general") return RegistrationType::kGeneral;
  if (name == "individual") return RegistrationType::kIndividual;
  return std::nullopt;
}

std::string FormatJvnIdentifier(ReportSource source, std::uint32_t eight_digits) {
  // JVN# for a domestic finder's report through the receiving organisation;
  // JVNVU# for overseas coordinators or direct reports (PROCESS §7).
  const char* prefix = source == ReportSource::kPartnership ? "JVN#" : "JVNVU#";
  return fmt::format("{}{:08d}", prefix, eight_digits % 100'000'000U);
}

std::string FormatIntakeNumber(int year, std::int64_t sequence) {
  return fmt::format("IN-{:04d}-{:05d}", year, sequence);
}

std::string FormatWebsiteIdentifier(int year, std::int64_t sequence) {
  return fmt::format("WEB-{:04d}-{:04d}", year, sequence);
}

}  // namespace cvdhub::domain

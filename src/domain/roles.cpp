#include "domain/roles.hpp"

#include <array>
#include <utility>

namespace cvdhub::domain {
namespace {

constexpr std::array<std::pair<Role, std::string_view>, 10> kRoleNames{{
    {Role::kFinder, "finder"},
    {Role::kIntakeAnalyst, "intake_analyst"},
    {Role::kCoordinator, "coordinator"},
    {Role::kLeadCoordinator, "lead_coordinator"},
    {Role::kVendor, "vendor"},
    {Role::kRelatedOrg, "related_org"},
    {Role::kCriticalInfra, "critical_infra"},
    {Role::kCommittee, "committee"},
    {Role::kWebsiteOperator, "website_operator"},
    {Role::kAdmin, "admin"},
}};

}  // namespace

std::string_view RoleName(Role role) {
  for (const auto& [r, name] : kRoleNames) {
    if (r == role) return name;
  }
  return "unknown";
}

std::optional<Role> ParseRole(std::string_view name) {
  for (const auto& [r, n] : kRoleNames) {
    if (n == name) return r;
  }
  return std::nullopt;
}

bool IsStaff(Role role) {
  return role == Role::kIntakeAnalyst || role == Role::kCoordinator ||
         role == Role::kLeadCoordinator;
}

std::string_view LanguageCode(Language lang) { return lang == Language::kJa ? "ja" : "en"; }

std::optional<Language> ParseLanguage(std::string_view code) {
  if (code == "ja") return Language::kJa;
  if (code == "en") return Language::kEn;
  return std::nullopt;
}

}  // namespace cvdhub::domain

// The parties of PROCESS.md §1 and what identifies an account.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cvdhub::domain {

// Account roles. Default is deny: a role grants nothing by itself; the policy
// in app/policy.cpp decides every action from role *and* relationship.
enum class Role {
  kFinder,            // 発見者: own reports only
  kIntakeAnalyst,     // 受付: all reports until handed to coordination
  kCoordinator,       // 調整機関: cases assigned to them
  kLeadCoordinator,   // 調整機関 (lead): all cases
  kVendor,            // 製品脆弱性対策管理者
  kRelatedOrg,        // 関係組織 (secondary distribution)
  kCriticalInfra,     // 重要インフラ事業者
  kCommittee,         // 公表判定委員会
  kWebsiteOperator,   // ウェブサイト運営者
  kAdmin,             // system administration; no case content
};

// Stable wire name ("finder", "intake_analyst", …) used in the store, JSON and CLI.
std::string_view RoleName(Role role);
// Parses a wire name; nullopt when unknown.
std::optional<Role> ParseRole(std::string_view name);
// Staff roles see the intake queue and internal notes.
bool IsStaff(Role role);

enum class Language { kJa, kEn };
std::string_view LanguageCode(Language lang);          // "ja" / "en"
std::optional<Language> ParseLanguage(std::string_view code);

using UserId = std::int64_t;

struct User {
  UserId id = 0;
  std::string email;
  std::string display_name;
  Role role = Role::kFinder;
  Language language = Language::kJa;
  bool disabled = false;
};

}  // namespace cvdhub::domain

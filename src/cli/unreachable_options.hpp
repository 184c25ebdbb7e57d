// The `serve` options of the unreachable-developer path (PROCESS.md §5): the
// rules that propose "unreachable", the grace period and deadline timings, the
// DID# format and the contact address of the public notices.
#pragma once

#include <CLI/CLI.hpp>

#include <string>

#include "domain/result.hpp"
#include "domain/unreachable.hpp"

namespace cvdhub::cli {

struct UnreachableOptions {
  int min_attempts = 3;
  int min_days = 30;
  int min_channels = 2;
  std::string required_channels = "mail";  // comma-separated channel names; "" for none
  int grace_months = 3;
  int deadline_wait_days = 30;
  int deadline_notice_days = 14;
  std::string did_prefix = "DID#";
  std::string contact_address;  // "" = --mail-from
};

// Adds --unreachable-* and --did-prefix to `app`.
void AddUnreachableOptions(CLI::App* app, UnreachableOptions& o);
// The settings, checked (Invalid names the option's field when a value is refused).
Result<domain::UnreachableSettings> UnreachableSettingsFrom(const UnreachableOptions& o);

}  // namespace cvdhub::cli

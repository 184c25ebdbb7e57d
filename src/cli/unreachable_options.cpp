#include "cli/unreachable_options.hpp"

namespace cvdhub::cli {

void AddUnreachableOptions(CLI::App* app, UnreachableOptions& o) {
  app->add_option("--unreachable-min-attempts", o.min_attempts,
                  "Unanswered contact attempts before \"unreachable\" is proposed")
      ->capture_default_str();
  app->add_option("--unreachable-min-days", o.min_days,
                  "Days from the initial contact date before it is proposed")
      ->capture_default_str();
  app->add_option("--unreachable-min-channels", o.min_channels, "Distinct channels that must have been tried")
      ->capture_default_str();
  app->add_option(
         "--unreachable-channels", o.required_channels,
         "Channels that must each have been tried (comma-separated: mail, post, phone, fax, bug_tracker, "
         "forum, social_media)")
      ->capture_default_str();
  app->add_option("--unreachable-grace-months", o.grace_months,
                  "Months between listing and publishing the product name and version")
      ->capture_default_str();
  app->add_option("--unreachable-deadline-wait-days", o.deadline_wait_days,
                  "Days after the product publication before a contact deadline may be added")
      ->capture_default_str();
  app->add_option("--unreachable-deadline-notice-days", o.deadline_notice_days,
                  "The contact deadline is at least this many days after it is added")
      ->capture_default_str();
  app->add_option("--did-prefix", o.did_prefix, "Prefix of the inquiry numbers (followed by 8 digits)")
      ->capture_default_str();
  app->add_option("--unreachable-contact", o.contact_address,
                  "Contact address printed in the public notices (default: --mail-from)");
}

Result<domain::UnreachableSettings> UnreachableSettingsFrom(const UnreachableOptions& o) {
  domain::UnreachableSettings s;
  s.rules.min_attempts = o.min_attempts;
  s.rules.min_period = std::chrono::days(o.min_days);
  s.rules.min_channels = o.min_channels;
  s.rules.required_channels.clear();
  std::string_view rest = o.required_channels;
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    std::string_view name = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    if (name.empty()) continue;
    auto channel = domain::ParseContactChannel(name);
    if (!channel) {
      return Error::Invalid("unreachable-channels",
                            "unknown channel '" + std::string(name) +
                                "' (mail, post, phone, fax, bug_tracker, forum, social_media)");
    }
    s.rules.required_channels.push_back(*channel);
  }
  s.grace_months = o.grace_months;
  s.deadline_wait = std::chrono::days(o.deadline_wait_days);
  s.min_deadline_notice = std::chrono::days(o.deadline_notice_days);
  s.did_prefix = o.did_prefix;
  s.contact_address = o.contact_address;
  if (auto st = domain::ValidateSettings(s); !st) return st.error();
  return s;
}

}  // namespace cvdhub::cli

// Demo data for `cvdhub serve --demo`: staff, a finder, three vendors and a
// handful of reports in different states, so a new user sees a living system.
#pragma once

#include <string>
#include <vector>

#include "app/services.hpp"

namespace cvdhub::app {

struct DemoLogin {
  std::string role;
  std::string email;
  std::string password;
};

// Loads the demo data into an empty store (no users yet); does nothing and
// returns an empty list when the store already has users.
Result<std::vector<DemoLogin>> LoadDemoData(Context& ctx);

// The logins LoadDemoData creates (to print them again on later starts).
std::vector<DemoLogin> DemoLogins();

}  // namespace cvdhub::app

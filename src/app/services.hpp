// The use cases, wired to one context. The HTTP, web and CLI layers call these.
#pragma once

#include "app/accounts.hpp"
#include "app/context.hpp"
#include "app/coordination.hpp"
#include "app/mail_service.hpp"
#include "app/registry.hpp"
#include "app/reports.hpp"
#include "app/triage.hpp"

namespace cvdhub::app {

struct Services {
  explicit Services(Context& c)
      : ctx(c), accounts(c), reports(c), triage(c), coordination(c), registry(c), mail(c) {}
  Context& ctx;
  Accounts accounts;
  Reports reports;
  Triage triage;
  Coordination coordination;
  Registry registry;
  MailService mail;
};

}  // namespace cvdhub::app

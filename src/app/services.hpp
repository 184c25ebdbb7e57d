// The use cases, wired to one context. The HTTP, web and CLI layers call these.
#pragma once

#include "app/accounts.hpp"
#include "app/context.hpp"
#include "app/coordination.hpp"
#include "app/low_impact.hpp"
#include "app/mail_service.hpp"
#include "app/publication.hpp"
#include "app/records.hpp"
#include "app/registry.hpp"
#include "app/reports.hpp"
#include "app/search.hpp"
#include "app/stats.hpp"
#include "app/triage.hpp"
#include "app/unreachable.hpp"
#include "app/unreachable_publication.hpp"
#include "app/website.hpp"

namespace cvdhub::app {

struct Services {
  explicit Services(Context& c)
      : ctx(c), accounts(c), reports(c), triage(c), coordination(c), registry(c), mail(c), publication(c, coordination),
        website(c), low_impact(c), stats(c), records(c), search(c), unreachable(c) {
    // A committee-approved advisory is published through the publication component.
    unreachable.set_publisher(PublishThroughAdvisory(c, coordination, publication));
  }
  Context& ctx;
  Accounts accounts;
  Reports reports;
  Triage triage;
  Coordination coordination;
  Registry registry;
  MailService mail;
  Publication publication;
  Website website;
  LowImpact low_impact;
  Stats stats;
  Records records;
  Search search;
  Unreachable unreachable;
};

}  // namespace cvdhub::app

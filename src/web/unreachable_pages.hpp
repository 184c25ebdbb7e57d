// The browser interface of the unreachable-developer path (PROCESS.md §5):
// the public unreachable-developer list and its entries, the coordinator's
// page of a developer's contact attempts and stages, and the release-decision
// committee's dossiers (printable), votes and decision.
#pragma once

#include "app/services.hpp"
#include "http/router.hpp"

namespace cvdhub::web {

// Adds the pages and their form handlers to `router`. Every decision about
// who may see or do what is the app layer's (app/policy.cpp).
void RegisterUnreachablePages(http::Router& router, app::Services& services);

}  // namespace cvdhub::web

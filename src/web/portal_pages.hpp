// The public portal (PROCESS.md §4.10): the list of published advisories, each
// advisory with its vendor table, and each vendor's statement with its history;
// and the advisory's drafting by the coordinator and review by the vendors.
#pragma once

#include "app/services.hpp"
#include "http/router.hpp"

namespace cvdhub::web {

void RegisterPortalPages(http::Router& router, app::Services& services);

}  // namespace cvdhub::web

// The browser interface of coordination (PROCESS.md §3–§4): case lists and
// the coordinator's, vendor's and related organisation's views of a case,
// the case threads, the vendor registry, the public developer list, the
// invitation of unregistered developers and the partners' admission.
#pragma once

#include "app/services.hpp"
#include "http/router.hpp"

namespace cvdhub::web {

// Adds the coordination pages and their form handlers to `router`. Every
// decision about who may see or do what is the app layer's.
void RegisterCasePages(http::Router& router, app::Services& services);

}  // namespace cvdhub::web

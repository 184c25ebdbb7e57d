// The browser interface: server-rendered pages that work without JavaScript.
#pragma once

#include "app/services.hpp"
#include "http/router.hpp"

namespace cvdhub::web {

// Adds every HTML page, form handler and /static/ asset to `router`, and the
// HTML not-found page.
void RegisterPages(http::Router& router, app::Services& services);

}  // namespace cvdhub::web

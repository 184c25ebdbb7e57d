// The public search and record routes of the JSON API:
// GET /api/v1/search?q=&sort=&page= and GET /api/v1/records/{id}[?format=native].
#pragma once

#include "app/services.hpp"
#include "http/router.hpp"

namespace cvdhub::http {

void RegisterSearchApi(Router& router, app::Services& services);

}  // namespace cvdhub::http

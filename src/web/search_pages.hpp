// The public search page (GET /search?q=&sort=&page=) and the page of one
// imported reference record (GET /records/{id}). Public material only; no
// JavaScript; readable on a phone.
#pragma once

#include "app/services.hpp"
#include "http/router.hpp"

namespace cvdhub::web {

void RegisterSearchPages(http::Router& router, app::Services& services);

}  // namespace cvdhub::web

// The browser interface of the website track (PROCESS.md §6) — the staff's
// website-case list and case page, the operator's view of its case, the
// operator's invitation, the public list of the announcements operators chose
// to make — and the confirmation page of the low-impact close of a product
// case (G8-4).
#pragma once

#include "app/services.hpp"
#include "http/router.hpp"

namespace cvdhub::web {

void RegisterWebsitePages(http::Router& router, app::Services& services);

}  // namespace cvdhub::web

// The statistics pages: GET /stats/ for staff, GET /stats/public for anyone
// (app/stats.hpp says what the public may see), each as HTML tables and
// server-rendered SVG charts, and as CSV (/stats/quarters.csv,
// /stats/public/quarters.csv). ?quarters=fiscal (April–March, the default)
// or ?quarters=calendar.
#pragma once

#include "app/services.hpp"
#include "http/router.hpp"

namespace cvdhub::web {

void RegisterStatsPages(http::Router& router, app::Services& services);

}  // namespace cvdhub::web

// The public export routes (PROCESS.md §8): the CSAF provider under
// /.well-known/csaf/, each advisory's CSAF (and VEX), CVE and OSV documents
// under /api/v1/advisories/{id}/…, and the RSS 1.0 / Atom feeds under
// /feeds/. Anonymous and public: they only ever serve published advisories.
#pragma once

#include <string>

#include "app/services.hpp"
#include "http/router.hpp"

namespace cvdhub::http {

void RegisterExportApi(Router& router, app::Services& services);

// scheme://host[:port] that documents name: the configured public URL
// (--public-url), else the request's Host header (when it is a plain host
// name or address), else http://localhost.
std::string ExportBaseUrl(const Request& req, const app::Config& config);

}  // namespace cvdhub::http

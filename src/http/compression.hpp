// Content negotiation for bodies compressed once and served many times
// (cached case views): gzip when the client accepts it, with
// `Vary: Accept-Encoding` either way so that caches keep the two apart.
#pragma once

#include <string_view>

#include "app/coordination.hpp"
#include "http/message.hpp"

namespace cvdhub::http {

// True when Accept-Encoding admits gzip (RFC 9110 §12.5.3): "gzip", "x-gzip"
// or "*" listed with a q-value above 0, and gzip not refused by name with q=0.
bool AcceptsGzip(std::string_view accept_encoding);
bool AcceptsGzip(const Request& req);

// Adds `field` to the response's Vary header (creating it when absent).
void AddVary(Response& response, std::string_view field);

// A 200 JSON response with a cached rendering: its gzip form when the
// request accepts gzip, else its text.
Response CachedJson(const Request& req, const app::CachedRendering& rendering);

}  // namespace cvdhub::http

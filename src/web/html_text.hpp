// Small text helpers for pages that list many rows: HTML escaping and the
// two renderings of a moment, without iostreams. Long tables (150 vendors
// in a case) are built with these instead of a Mustache loop, which costs
// tens of microseconds per row.
#pragma once

#include <string>
#include <string_view>

#include "domain/report.hpp"

namespace cvdhub::web {

// Appends `text` with &, <, >, " and ' escaped (safe in element content and
// in double-quoted attribute values).
void AppendEscaped(std::string& out, std::string_view text);

// "2026-11-24 19:05 JST": the same text as app::FormatJst.
std::string JstText(domain::Timestamp t);
// "2026-11-24T10:05:00Z": the same text as app::FormatIsoUtc.
std::string UtcText(domain::Timestamp t);

}  // namespace cvdhub::web

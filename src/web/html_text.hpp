// HTML escaping for fragments built without a template: long tables (150
// vendors in a case) are built directly, a Mustache loop costing tens of
// microseconds per row.
#pragma once

#include <string>
#include <string_view>

namespace cvdhub::web {

// Appends `text` with &, <, >, " and ' escaped (safe in element content and
// in double-quoted attribute values).
void AppendEscaped(std::string& out, std::string_view text);

}  // namespace cvdhub::web

// Files compiled into the binary (templates, message catalogues, schema
// migrations, calendar data, SSVC tables). See cmake/embed.cmake.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace cvdhub::embedded {

struct Entry {
  std::string_view path;  // relative to the repository root, e.g. "templates/layout.mustache"
  std::string_view data;
};

// Every embedded file, in the order CMake listed them.
std::span<const Entry> All();

// The contents of the embedded file at `path`, or nullopt.
inline std::optional<std::string_view> Find(std::string_view path) {
  for (const auto& e : All()) {
    if (e.path == path) return e.data;
  }
  return std::nullopt;
}

}  // namespace cvdhub::embedded

// Internal to the reference record readers (reference_cve.cpp,
// reference_osv.cpp): typed access to JSON members that names the path of a
// member of the wrong type. A reader throws BadField deep inside and turns it
// into one Error::Invalid at its entry point, so that one bad member rejects
// its line with a message like "containers.cna.affected[2].vendor must be a string".
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "domain/reference.hpp"
#include "domain/result.hpp"

namespace cvdhub::formats::fields {

struct BadField {
  std::string path;
  std::string message;
};

[[noreturn]] inline void Fail(std::string path, std::string message) {
  throw BadField{std::move(path), std::move(message)};
}

inline std::string Sub(std::string_view path, std::string_view key) {
  return path.empty() ? std::string(key) : std::string(path) + "." + std::string(key);
}
inline std::string Index(std::string_view path, std::size_t i) {
  return std::string(path) + "[" + std::to_string(i) + "]";
}

// The member, or null when absent or JSON null.
inline const nlohmann::json* Member(const nlohmann::json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return nullptr;
  return &*it;
}

inline const nlohmann::json& Object(const nlohmann::json& j, std::string_view path) {
  if (!j.is_object()) Fail(std::string(path), "must be an object");
  return j;
}

// The member as an object, or null when absent.
inline const nlohmann::json* OptObject(const nlohmann::json& obj, const char* key, std::string_view path) {
  const auto* m = Member(obj, key);
  if (m != nullptr && !m->is_object()) Fail(Sub(path, key), "must be an object");
  return m;
}

// The member as an array (empty when absent).
inline const nlohmann::json& Array(const nlohmann::json& obj, const char* key, std::string_view path) {
  static const nlohmann::json kEmpty = nlohmann::json::array();
  const auto* m = Member(obj, key);
  if (m == nullptr) return kEmpty;
  if (!m->is_array()) Fail(Sub(path, key), "must be an array");
  return *m;
}

inline std::string Str(const nlohmann::json& obj, const char* key, std::string_view path) {
  const auto* m = Member(obj, key);
  if (m == nullptr) return {};
  if (!m->is_string()) Fail(Sub(path, key), "must be a string");
  return m->get<std::string>();
}

inline std::string RequiredStr(const nlohmann::json& obj, const char* key, std::string_view path) {
  const auto* m = Member(obj, key);
  if (m == nullptr) Fail(Sub(path, key), "is required");
  if (!m->is_string()) Fail(Sub(path, key), "must be a string");
  return m->get<std::string>();
}

inline std::vector<std::string> Strings(const nlohmann::json& obj, const char* key, std::string_view path) {
  std::vector<std::string> out;
  const auto& arr = Array(obj, key, path);
  out.reserve(arr.size());
  for (std::size_t i = 0; i < arr.size(); ++i) {
    if (!arr[i].is_string()) Fail(Index(Sub(path, key), i), "must be a string");
    out.push_back(arr[i].get<std::string>());
  }
  return out;
}

inline std::optional<double> Number(const nlohmann::json& obj, const char* key, std::string_view path) {
  const auto* m = Member(obj, key);
  if (m == nullptr) return std::nullopt;
  if (!m->is_number()) Fail(Sub(path, key), "must be a number");
  return m->get<double>();
}

// An optional date-time; zoneless is UTC.
inline std::optional<domain::RecordTime> Time(const nlohmann::json& obj, const char* key, std::string_view path) {
  const auto* m = Member(obj, key);
  if (m == nullptr) return std::nullopt;
  if (!m->is_string()) Fail(Sub(path, key), "must be a string");
  const auto& text = m->get_ref<const std::string&>();
  auto t = domain::ParseRecordTime(text);
  if (!t) Fail(Sub(path, key), "'" + text.substr(0, 40) + "' is not a date-time (YYYY-MM-DDTHH:MM:SS[.fff][Z])");
  return t;
}

// Parses one line as JSON; Invalid with nlohmann's position on failure.
inline Result<nlohmann::json> ParseLine(std::string_view line) {
  try {
    return nlohmann::json::parse(line);
  } catch (const nlohmann::json::exception& e) {
    // A parse_error, or out_of_range for a number too large for a double ("1E400").
    // e.what() is "[json.exception.parse_error.101] parse error at line 1, column 5: …"
    std::string what = e.what();
    const auto at = what.find("] ");
    if (at != std::string::npos) what.erase(0, at + 2);
    // The message quotes what was last read, which may be most of a long line.
    constexpr std::size_t kMax = 200;
    if (what.size() > kMax) {
      std::size_t cut = kMax;
      while (cut > 0 && (static_cast<unsigned char>(what[cut]) & 0xC0) == 0x80) --cut;  // whole UTF-8 characters
      what.resize(cut);
      what += "…";
    }
    return Error::Invalid("json", "not valid JSON: " + what);
  }
}

}  // namespace cvdhub::formats::fields

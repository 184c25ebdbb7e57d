// Message catalogues: every user-visible string in Japanese and English,
// kept in i18n/ja.json and i18n/en.json (compiled in), never as literals.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "domain/result.hpp"
#include "domain/roles.hpp"

namespace cvdhub::i18n {

class Catalog {
 public:
  // Parses the two catalogues (flat JSON objects of key → text). Fails with
  // Invalid when either is not such an object or their key sets differ.
  static Result<Catalog> Parse(std::string_view ja_json, std::string_view en_json);
  // The compiled-in catalogues. Aborts at start-up if they are broken (a build defect).
  static const Catalog& Default();

  // The text for `key`, or the key itself when absent (visible, never empty).
  std::string_view Get(domain::Language lang, std::string_view key) const;
  // The text with {name} placeholders replaced from `args` (name, value pairs).
  std::string Format(domain::Language lang, std::string_view key,
                     std::initializer_list<std::pair<std::string_view, std::string_view>> args) const;
  const std::map<std::string, std::string, std::less<>>& Strings(domain::Language lang) const;

 private:
  std::map<std::string, std::string, std::less<>> ja_;
  std::map<std::string, std::string, std::less<>> en_;
};

// Picks ja or en from an Accept-Language header by q-value; `fallback` when neither appears.
domain::Language NegotiateLanguage(std::string_view accept_language, domain::Language fallback);

}  // namespace cvdhub::i18n

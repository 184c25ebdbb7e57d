// App errors in the reader's language. The messages of domain::Error are
// English (the JSON API sends them as they are, for machine clients); pages
// show them through ErrorText, which finds the Japanese in i18n/errors.ja.json
// (compiled in) and keeps the English for a message it does not know.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.hpp"
#include "domain/roles.hpp"

namespace cvdhub::i18n {

class ErrorMessages {
 public:
  // Parses a flat JSON object of English message → Japanese text. A key with
  // {name} placeholders is a pattern for messages built at run time: each
  // placeholder stands for non-empty text and the Japanese uses the same
  // names. A {message} placeholder wraps another app error, which is itself
  // translated ("Acme (vendor 3): {message}"); such patterns are tried first.
  // Fails with Invalid naming the entry for anything else.
  static Result<ErrorMessages> Parse(std::string_view json);
  // The compiled-in i18n/errors.ja.json. Aborts if it is broken (a build defect).
  static const ErrorMessages& Default();

  // `message` in `lang`: for Japanese the exact entry, else the first pattern
  // that matches (wrapping patterns first), else `message` itself; for English
  // always `message`.
  std::string Translate(domain::Language lang, std::string_view message) const;
  std::size_t size() const { return exact_.size() + patterns_.size(); }

 private:
  // "{a} is longer than {b} bytes": literals {"", " is longer than ", " bytes"}, names {a, b}.
  struct Pattern {
    std::vector<std::string> literals;  // names.size() + 1 of them
    std::vector<std::string> names;
    // The Japanese, split the same way when parsed: ja_names.size() + 1 literals.
    std::vector<std::string> ja_literals;
    std::vector<std::string> ja_names;
  };
  std::string Fill(const Pattern& p, const std::vector<std::string_view>& values) const;
  static bool Match(const Pattern& p, std::string_view message, std::vector<std::string_view>& values);

  std::map<std::string, std::string, std::less<>> exact_;
  std::vector<Pattern> patterns_;
};

// The message of an app error in `lang`, through ErrorMessages::Default().
std::string ErrorText(domain::Language lang, std::string_view message);

}  // namespace cvdhub::i18n

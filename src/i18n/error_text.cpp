#include "i18n/error_text.hpp"

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <nlohmann/json.hpp>

#include "util/embedded.hpp"

namespace cvdhub::i18n {
namespace {

// The placeholder that wraps another app error (translated in turn).
constexpr std::string_view kWrapped = "message";

bool IsNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

// Splits `text` at its {name} placeholders: literals.size() == names.size() + 1.
// A brace not around a name is text.
void Split(std::string_view text, std::vector<std::string>& literals, std::vector<std::string>& names) {
  literals.assign(1, std::string());
  names.clear();
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '{') {
      std::size_t j = i + 1;
      while (j < text.size() && IsNameChar(text[j])) ++j;
      if (j > i + 1 && j < text.size() && text[j] == '}') {
        names.emplace_back(text.substr(i + 1, j - i - 1));
        literals.emplace_back();
        i = j + 1;
        continue;
      }
    }
    literals.back().push_back(text[i++]);
  }
}

}  // namespace

Result<ErrorMessages> ErrorMessages::Parse(std::string_view json) {
  auto j = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return Error::Invalid("errors.ja.json", "the error catalogue is not a JSON object");
  ErrorMessages out;
  for (const auto& [en, v] : j.items()) {
    if (!v.is_string() || v.get_ref<const std::string&>().empty()) {
      return Error::Invalid("errors.ja.json", "the Japanese of '" + en + "' is not a non-empty string");
    }
    const std::string& ja = v.get_ref<const std::string&>();
    if (en.empty()) return Error::Invalid("errors.ja.json", "an English message is empty");
    Pattern p;
    Split(en, p.literals, p.names);
    if (p.names.empty()) {
      out.exact_.emplace(en, ja);
      continue;
    }
    // Two placeholders side by side could split the text either way.
    for (std::size_t i = 1; i + 1 < p.literals.size(); ++i) {
      if (p.literals[i].empty()) {
        return Error::Invalid("errors.ja.json",
                              "'" + en + "' has two placeholders with no text between them");
      }
    }
    Split(ja, p.ja_literals, p.ja_names);
    for (const auto& name : p.ja_names) {
      if (std::find(p.names.begin(), p.names.end(), name) == p.names.end()) {
        return Error::Invalid("errors.ja.json",
                              "the Japanese of '" + en + "' uses {" + name + "}, which the English lacks");
      }
    }
    for (const auto& name : p.names) {
      if (std::find(p.ja_names.begin(), p.ja_names.end(), name) == p.ja_names.end()) {
        return Error::Invalid("errors.ja.json", "the Japanese of '" + en + "' drops {" + name + "}");
      }
    }
    out.patterns_.push_back(std::move(p));
  }
  // A wrapped message would otherwise be taken whole by a pattern of its own
  // ending ("{field} is required" matches "Acme (vendor 3): title is required").
  std::stable_partition(out.patterns_.begin(), out.patterns_.end(), [](const Pattern& p) {
    return std::find(p.names.begin(), p.names.end(), kWrapped) != p.names.end();
  });
  return out;
}

const ErrorMessages& ErrorMessages::Default() {
  static const ErrorMessages kMessages = [] {
    auto m = Parse(embedded::Find("i18n/errors.ja.json").value_or(""));
    if (!m) {
      std::cerr << "broken error message catalogue: " << m.error().message << "\n";
      std::abort();
    }
    return std::move(m).value();
  }();
  return kMessages;
}

bool ErrorMessages::Match(const Pattern& p, std::string_view message, std::vector<std::string_view>& values) {
  const std::string& first = p.literals.front();
  const std::string& last = p.literals.back();
  if (message.size() < first.size() + last.size() + p.names.size()) return false;
  if (!message.starts_with(first) || !message.ends_with(last)) return false;
  // The middle literals, leftmost first; every placeholder takes at least one character.
  const std::string_view middle = message.substr(first.size(), message.size() - first.size() - last.size());
  values.clear();
  std::size_t pos = 0;
  for (std::size_t i = 1; i + 1 < p.literals.size(); ++i) {
    const std::size_t found = middle.find(p.literals[i], pos + 1);
    if (found == std::string_view::npos) return false;
    values.push_back(middle.substr(pos, found - pos));
    pos = found + p.literals[i].size();
  }
  if (pos >= middle.size()) return false;
  values.push_back(middle.substr(pos));
  return true;
}

std::string ErrorMessages::Fill(const Pattern& p, const std::vector<std::string_view>& values) const {
  std::string out = p.ja_literals[0];
  for (std::size_t i = 0; i < p.ja_names.size(); ++i) {
    const auto at = std::find(p.names.begin(), p.names.end(), p.ja_names[i]) - p.names.begin();
    const std::string_view value = values[static_cast<std::size_t>(at)];
    out.append(p.ja_names[i] == kWrapped ? Translate(domain::Language::kJa, value) : std::string(value));
    out.append(p.ja_literals[i + 1]);
  }
  return out;
}

std::string ErrorMessages::Translate(domain::Language lang, std::string_view message) const {
  if (lang != domain::Language::kJa) return std::string(message);
  if (auto it = exact_.find(message); it != exact_.end()) return it->second;
  std::vector<std::string_view> values;
  for (const auto& p : patterns_) {
    if (Match(p, message, values)) return Fill(p, values);
  }
  return std::string(message);
}

std::string ErrorText(domain::Language lang, std::string_view message) {
  return ErrorMessages::Default().Translate(lang, message);
}

}  // namespace cvdhub::i18n

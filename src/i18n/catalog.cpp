#include "i18n/catalog.hpp"

#include <cctype>
#include <cstdlib>
#include <iostream>
#include <nlohmann/json.hpp>

#include "util/embedded.hpp"

namespace cvdhub::i18n {
namespace {

using Map = std::map<std::string, std::string, std::less<>>;

Result<Map> ParseOne(std::string_view text, std::string_view which) {
  auto j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return Error::Invalid(std::string(which), "catalogue is not a JSON object");
  Map m;
  for (const auto& [k, v] : j.items()) {
    if (!v.is_string()) return Error::Invalid(std::string(which), "value of '" + k + "' is not a string");
    m.emplace(k, v.get<std::string>());
  }
  return m;
}

}  // namespace

Result<Catalog> Catalog::Parse(std::string_view ja_json, std::string_view en_json) {
  auto ja = ParseOne(ja_json, "ja");
  if (!ja) return ja.error();
  auto en = ParseOne(en_json, "en");
  if (!en) return en.error();
  for (const auto& [k, v] : *ja) {
    if (!en->contains(k)) return Error::Invalid("en", "missing key '" + k + "'");
  }
  for (const auto& [k, v] : *en) {
    if (!ja->contains(k)) return Error::Invalid("ja", "missing key '" + k + "'");
  }
  Catalog c;
  c.ja_ = std::move(*ja);
  c.en_ = std::move(*en);
  return c;
}

const Catalog& Catalog::Default() {
  static const Catalog kCatalog = [] {
    auto ja = embedded::Find("i18n/ja.json");
    auto en = embedded::Find("i18n/en.json");
    auto c = Parse(ja.value_or(""), en.value_or(""));
    if (!c) {
      std::cerr << "broken message catalogue: " << c.error().field << ": " << c.error().message << "\n";
      std::abort();
    }
    return std::move(c).value();
  }();
  return kCatalog;
}

std::string_view Catalog::Get(domain::Language lang, std::string_view key) const {
  const Map& m = Strings(lang);
  auto it = m.find(key);
  return it == m.end() ? key : std::string_view(it->second);
}

std::string Catalog::Format(
    domain::Language lang, std::string_view key,
    std::initializer_list<std::pair<std::string_view, std::string_view>> args) const {
  const std::string_view text = Get(lang, key);
  std::string out;
  out.reserve(text.size() + 64);
  std::size_t i = 0;
  while (i < text.size()) {
    bool replaced = false;
    if (text[i] == '{') {
      for (const auto& [name, value] : args) {
        if (text.substr(i + 1, name.size()) == name && text.substr(i + 1 + name.size(), 1) == "}") {
          out.append(value);
          i += name.size() + 2;
          replaced = true;
          break;
        }
      }
    }
    if (!replaced) out.push_back(text[i++]);
  }
  return out;
}

const Map& Catalog::Strings(domain::Language lang) const {
  return lang == domain::Language::kJa ? ja_ : en_;
}

domain::Language NegotiateLanguage(std::string_view header, domain::Language fallback) {
  const auto trim = [](std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
  };
  double best_q = -1;
  domain::Language best = fallback;
  while (!header.empty()) {
    auto comma = header.find(',');
    std::string_view item = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
    double q = 1.0;
    if (auto semi = item.find(';'); semi != std::string_view::npos) {
      auto params = item.substr(semi + 1);
      item = item.substr(0, semi);
      if (auto qpos = params.find("q="); qpos != std::string_view::npos) {
        q = std::atof(std::string(params.substr(qpos + 2)).c_str());
      }
    }
    item = trim(item);
    // Language tags are case-insensitive (RFC 4647 2.1).
    std::string primary(item.substr(0, item.find('-')));
    for (char& c : primary) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::optional<domain::Language> lang;
    if (primary == "ja") lang = domain::Language::kJa;
    if (primary == "en") lang = domain::Language::kEn;
    // q=0 means "not acceptable" (RFC 9110 12.4.2).
    if (lang && q > 0 && q > best_q) {
      best_q = q;
      best = *lang;
    }
  }
  return best;
}

}  // namespace cvdhub::i18n

#include "domain/advisory.hpp"

#include <fmt/format.h>

#include <array>
#include <cctype>
#include <utility>

#include "domain/cvss.hpp"
#include "domain/registry.hpp"

namespace cvdhub::domain {
namespace {

template <typename Enum, std::size_t N>
std::optional<Enum> ParseByName(const std::array<Enum, N>& all, std::string_view (*name)(Enum), std::string_view s) {
  for (Enum e : all) {
    if (name(e) == s) return e;
  }
  return std::nullopt;
}

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (std::isdigit(static_cast<unsigned char>(c)) == 0) return false;
  }
  return true;
}

bool IsHttpUrl(std::string_view url) {
  return (url.starts_with("https://") && url.size() > 8) || (url.starts_with("http://") && url.size() > 7);
}

Status ValidateText(const Bilingual& text, std::string_view field, std::size_t max) {
  if (text.ja.size() > max || text.en.size() > max) {
    return Error::Invalid(std::string(field), fmt::format("{} is longer than {} bytes", field, max));
  }
  if (!IsValidUtf8(text.ja) || !IsValidUtf8(text.en)) {
    return Error::Invalid(std::string(field), fmt::format("{} is not valid UTF-8", field));
  }
  return Status::Ok();
}

}  // namespace

std::string_view TranslationName(Translation t) {
  switch (t) {
    case Translation::kMissing: return "missing";
    case Translation::kDraft: return "draft";
    case Translation::kDone: return "done";
    case Translation::kOutdated: return "outdated";
  }
  return "missing";
}

std::optional<Translation> ParseTranslation(std::string_view name) {
  static constexpr std::array kAll = {Translation::kMissing, Translation::kDraft, Translation::kDone,
                                      Translation::kOutdated};
  return ParseByName(kAll, &TranslationName, name);
}

std::string_view AdvisoryStateName(AdvisoryState s) {
  switch (s) {
    case AdvisoryState::kDraft: return "draft";
    case AdvisoryState::kReview: return "review";
    case AdvisoryState::kScheduled: return "scheduled";
    case AdvisoryState::kPublished: return "published";
    case AdvisoryState::kWithdrawn: return "withdrawn";
  }
  return "draft";
}

std::optional<AdvisoryState> ParseAdvisoryState(std::string_view name) {
  static constexpr std::array kAll = {AdvisoryState::kDraft, AdvisoryState::kReview, AdvisoryState::kScheduled,
                                      AdvisoryState::kPublished, AdvisoryState::kWithdrawn};
  return ParseByName(kAll, &AdvisoryStateName, name);
}

std::string_view CveSourceName(CveSource s) {
  switch (s) {
    case CveSource::kNone: return "";
    case CveSource::kCnaBlock: return "cna_block";
    case CveSource::kOtherCna: return "other_cna";
  }
  return "";
}

std::optional<CveSource> ParseCveSource(std::string_view name) {
  static constexpr std::array kAll = {CveSource::kNone, CveSource::kCnaBlock, CveSource::kOtherCna};
  return ParseByName(kAll, &CveSourceName, name);
}

std::string AdvisorySlug(std::string_view identifier) {
  std::string slug;
  slug.reserve(identifier.size());
  for (char c : identifier) {
    if (std::isalnum(static_cast<unsigned char>(c)) != 0) {
      slug += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (!slug.empty() && slug.back() != '-') {
      slug += '-';
    }
  }
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  return slug;
}

bool IsCveId(std::string_view id) {
  // CVE-YYYY-NNNN with four or more digits in the sequence part.
  if (id.size() < 13 || !id.starts_with("CVE-") || id[8] != '-') return false;
  return AllDigits(id.substr(4, 4)) && AllDigits(id.substr(9)) && id.size() - 9 <= 19;
}

bool IsCweId(std::string_view id) {
  return id.starts_with("CWE-") && id.size() <= 12 && AllDigits(id.substr(4));
}

Status ValidateAdvisory(const Advisory& a, bool complete) {
  const auto& s = a.sections;
  if (complete && s.title.ja.empty()) return Error::Invalid("title_ja", "the advisory needs a Japanese title");
  if (complete && s.overview.ja.empty()) {
    return Error::Invalid("overview_ja", "the advisory needs a Japanese overview");
  }
  const std::pair<const Bilingual*, std::string_view> texts[] = {
      {&s.title, "title"},       {&s.overview, "overview"},   {&s.affected, "affected"},
      {&s.description, "description"}, {&s.impact, "impact"}, {&s.solution, "solution"},
      {&s.coordinator_notes, "coordinator_notes"}, {&s.acknowledgements, "acknowledgements"}};
  for (const auto& [text, field] : texts) {
    if (auto st = ValidateText(*text, field, field == "title" ? 500 : 20000); !st) return st;
  }
  if (complete && a.vulnerabilities.empty()) {
    return Error::Invalid("vulnerabilities", "the advisory needs at least one vulnerability");
  }
  if (a.vulnerabilities.size() > 100) return Error::Invalid("vulnerabilities", "at most 100 vulnerabilities");
  for (std::size_t i = 0; i < a.vulnerabilities.size(); ++i) {
    const auto& v = a.vulnerabilities[i];
    const std::string where = fmt::format("vulnerabilities[{}]", i);
    if (!v.cwe.empty() && !IsCweId(v.cwe)) {
      return Error::Invalid(where + ".cwe", fmt::format("vulnerability {}: CWE must look like CWE-79", i + 1));
    }
    if (!v.cve_id.empty() && !IsCveId(v.cve_id)) {
      return Error::Invalid(where + ".cve_id",
                            fmt::format("vulnerability {}: CVE ID must look like CVE-2026-12345", i + 1));
    }
    if (v.cve_source == CveSource::kOtherCna && (v.cve_id.empty() || v.cve_assigner.empty())) {
      return Error::Invalid(where + ".cve_assigner",
                            fmt::format("vulnerability {}: a CVE ID from another CNA needs the ID and the CNA's name",
                                        i + 1));
    }
    for (const auto* vector : {&v.cvss31, &v.cvss40}) {
      if (vector->empty()) continue;
      auto score = ScoreCvss(*vector);
      if (!score) {
        return Error::Invalid(where + (vector == &v.cvss31 ? ".cvss31" : ".cvss40"),
                              fmt::format("vulnerability {}: {}", i + 1, score.error().message));
      }
      if (vector == &v.cvss31 && !vector->starts_with("CVSS:3.1/")) {
        return Error::Invalid(where + ".cvss31", fmt::format("vulnerability {}: expected a CVSS:3.1/ vector", i + 1));
      }
      if (vector == &v.cvss40 && !vector->starts_with("CVSS:4.0/")) {
        return Error::Invalid(where + ".cvss40", fmt::format("vulnerability {}: expected a CVSS:4.0/ vector", i + 1));
      }
    }
    if (auto st = ValidateText(v.title, where + ".title", 500); !st) return st;
    if (auto st = ValidateText(v.description, where + ".description", 20000); !st) return st;
  }
  if (a.products.size() > 500) return Error::Invalid("products", "at most 500 products");
  for (std::size_t i = 0; i < a.products.size(); ++i) {
    const auto& p = a.products[i];
    const std::string where = fmt::format("products[{}]", i);
    if (p.product.empty() || p.vendor_name.empty()) {
      return Error::Invalid(where, fmt::format("product {}: vendor and product name are required", i + 1));
    }
    if (!p.cpe.empty()) {
      if (auto st = ValidateCpe(p.cpe); !st) {
        return Error::Invalid(where + ".cpe", fmt::format("product {}: {}", i + 1, st.error().message));
      }
    }
    if (!p.purl.empty()) {
      if (auto st = ValidatePurl(p.purl); !st) {
        return Error::Invalid(where + ".purl", fmt::format("product {}: {}", i + 1, st.error().message));
      }
    }
  }
  for (std::size_t i = 0; i < s.references.size(); ++i) {
    const auto& r = s.references[i];
    if (!IsHttpUrl(r.url)) {
      return Error::Invalid(fmt::format("references[{}].url", i),
                            fmt::format("reference {}: the URL must start with https:// or http://", i + 1));
    }
    if (r.kind != "external" && r.kind != "vendor" && r.kind != "related") {
      return Error::Invalid(fmt::format("references[{}].kind", i),
                            fmt::format("reference {}: kind must be external, vendor or related", i + 1));
    }
  }
  return Status::Ok();
}

}  // namespace cvdhub::domain

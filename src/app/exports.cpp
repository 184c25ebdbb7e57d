#include "app/exports.hpp"

#include <fmt/format.h>
#include <sodium.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <set>

#include "app/notifications.hpp"
#include "app/security.hpp"
#include "formats/cve_record.hpp"
#include "formats/feeds.hpp"
#include "formats/osv.hpp"
#include "mail/openpgp.hpp"

namespace cvdhub::app {
namespace {

using domain::Language;

constexpr std::string_view kJson = "application/json";
constexpr std::string_view kText = "text/plain; charset=utf-8";

std::string Sha512Hex(std::string_view data) {
  unsigned char digest[crypto_hash_sha512_BYTES];
  crypto_hash_sha512(digest, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  std::string hex(2 * sizeof digest + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), digest, sizeof digest);
  hex.pop_back();
  return hex;
}

bool IsYear(std::string_view s) {
  return s.size() == 4 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The name of the last path segment: "2026/jvn_1.json" → "jvn_1.json".
std::string_view BaseName(std::string_view path) {
  return path.substr(path.rfind('/') + 1);
}

}  // namespace

ExportPtr MakeExportFile(std::string body, std::string content_type, std::optional<Timestamp> last_modified) {
  std::string etag = "\"" + Sha256Hex(body).substr(0, 32) + "\"";
  return std::make_shared<const ExportFile>(ExportFile{.body = std::move(body),
                                                       .content_type = std::move(content_type),
                                                       .etag = std::move(etag),
                                                       .last_modified = last_modified});
}

formats::ExportConfig Exports::ConfigFor(const std::string& base_url) const {
  formats::ExportConfig c;
  c.base_url = base_url;
  c.publisher_name = ctx_.config.mail.from_name.empty() ? "cvdhub" : ctx_.config.mail.from_name;
  c.publisher_namespace = ctx_.config.mail.public_url;
  c.catalog = &ctx_.catalog;
  return c;
}

std::uint64_t Exports::signatures_made() const {
  std::lock_guard lock(mu_);
  return signed_;
}

Result<ExportPtr> Exports::Cached(const std::string& key, const std::function<Result<ExportPtr>()>& build) {
  // Read the generation first: a write racing with the build makes the key
  // older than the data, never newer, so a stale body is never served.
  const std::string full = std::to_string(ctx_.store.Generation()) + "|" + key;
  if (auto hit = files_.Get(full)) return hit;
  auto built = build();
  if (!built) return built.error();
  files_.Put(full, *built);
  return *built;
}

Result<std::shared_ptr<const Exports::Directory>> Exports::LoadDirectory() {
  const std::uint64_t generation = ctx_.store.Generation();
  {
    std::lock_guard lock(mu_);
    if (directory_ && directory_->generation == generation) return directory_;
  }
  auto dir = std::make_shared<Directory>();
  dir->generation = generation;
  for (int page = 1;; ++page) {
    auto list = publication_.PublicList(page, 100);
    if (!list) return list.error();
    for (const auto& p : list->items) dir->entries.push_back(formats::CsafEntryOf(p, Language::kEn));
    if (page >= list->pages) break;
  }
  std::lock_guard lock(mu_);
  directory_ = dir;
  return std::shared_ptr<const Directory>(dir);
}

Result<std::string> Exports::Signature(const std::string& body) {
  auto key = LoadCoordinatorKey(ctx_.config, /*create=*/true);
  if (!key) return Error::NotFound("this provider has no signing key");
  const std::string cache_key = key->fingerprint + "|" + Sha256Hex(body);
  if (auto hit = signatures_.Get(cache_key)) return *hit;
  auto signature = mail::SignDetached(body, key->secret_armored);
  if (!signature) return signature.error();
  signatures_.Put(cache_key, std::make_shared<const std::string>(*signature));
  std::lock_guard lock(mu_);
  ++signed_;
  return std::move(*signature);
}

Result<ExportPtr> Exports::Csaf(const std::string& identifier, Language lang, formats::CsafProfile profile,
                                const std::string& base_url) {
  const std::string key = fmt::format("csaf|{}|{}|{}|{}", identifier, lang == Language::kEn ? "en" : "ja",
                                      profile == formats::CsafProfile::kVex ? "vex" : "sa", base_url);
  return Cached(key, [&]() -> Result<ExportPtr> {
    auto p = publication_.Public(identifier);
    if (!p) return p.error();
    return MakeExportFile(formats::DumpJson(formats::CsafDocument(*p, ConfigFor(base_url), lang, profile)),
                          std::string(kJson), formats::LastModified(*p));
  });
}

Result<ExportPtr> Exports::DirectoryDocument(std::string_view path, const std::string& base_url) {
  auto dir = LoadDirectory();
  if (!dir) return dir.error();
  for (const auto& e : (*dir)->entries) {
    if (e.path == path) return Csaf(e.id, Language::kEn, formats::CsafProfile::kSecurityAdvisory, base_url);
  }
  return Error::NotFound("no CSAF document at this path");
}

Result<ExportPtr> Exports::CsafDirectoryFile(std::string_view year, std::string_view file,
                                             const std::string& base_url) {
  if (!IsYear(year)) return Error::NotFound("no CSAF document at this path");
  const std::string path = std::string(year) + "/" + std::string(file);
  std::string suffix;
  std::string document = path;
  for (std::string_view s : {".sha256", ".sha512", ".asc"}) {
    if (path.ends_with(s)) {
      suffix = s;
      document = path.substr(0, path.size() - s.size());
    }
  }
  if (!document.ends_with(".json")) return Error::NotFound("no CSAF document at this path");
  if (suffix.empty()) return DirectoryDocument(document, base_url);
  return Cached("csaf-file|" + path + "|" + base_url, [&]() -> Result<ExportPtr> {
    auto doc = DirectoryDocument(document, base_url);
    if (!doc) return doc.error();
    const std::string& body = (*doc)->body;
    const std::string name(BaseName(document));
    // sha256sum / sha512sum format: "<hex>  <file name>" (CSAF requirement 18).
    if (suffix == ".sha256")
      return MakeExportFile(Sha256Hex(body) + "  " + name + "\n", std::string(kText), (*doc)->last_modified);
    if (suffix == ".sha512")
      return MakeExportFile(Sha512Hex(body) + "  " + name + "\n", std::string(kText), (*doc)->last_modified);
    auto signature = Signature(body);
    if (!signature) return signature.error();
    return MakeExportFile(std::move(*signature), "application/pgp-signature", (*doc)->last_modified);
  });
}

Result<ExportPtr> Exports::CsafIndex(const std::string& base_url) {
  (void)base_url;  // paths are relative to the directory
  return Cached("csaf-index", [&]() -> Result<ExportPtr> {
    auto dir = LoadDirectory();
    if (!dir) return dir.error();
    return MakeExportFile(formats::CsafIndexTxt((*dir)->entries), std::string(kText), std::nullopt);
  });
}

Result<ExportPtr> Exports::CsafChanges(const std::string& base_url) {
  (void)base_url;
  return Cached("csaf-changes", [&]() -> Result<ExportPtr> {
    auto dir = LoadDirectory();
    if (!dir) return dir.error();
    std::optional<Timestamp> newest;
    for (const auto& e : (*dir)->entries)
      newest = std::max(newest.value_or(e.current_release), e.current_release);
    return MakeExportFile(formats::CsafChangesCsv((*dir)->entries), "text/csv; charset=utf-8", newest);
  });
}

Result<ExportPtr> Exports::CsafListing(std::optional<std::string_view> year, const std::string& base_url) {
  (void)base_url;
  if (year && !IsYear(*year)) return Error::NotFound("no such directory");
  const std::string y = year ? std::string(*year) : std::string();
  return Cached("csaf-listing|" + y, [&]() -> Result<ExportPtr> {
    auto dir = LoadDirectory();
    if (!dir) return dir.error();
    std::set<std::string> names;
    for (const auto& e : (*dir)->entries) {
      const std::string_view entry_year = std::string_view(e.path).substr(0, 4);
      if (!year) {
        names.insert(std::string(entry_year) + "/");
      } else if (entry_year == y) {
        const std::string name(BaseName(e.path));
        for (const char* s : {"", ".asc", ".sha256", ".sha512"}) names.insert(name + s);
      }
    }
    if (year && names.empty()) return Error::NotFound("no such directory");
    if (!year) {
      for (const char* f : {"changes.csv", "index.txt"}) names.insert(f);
    }
    const std::string title = "/.well-known/csaf/white/" + (year ? y + "/" : std::string());
    std::string html = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + title +
                       "</title></head>\n<body><h1>" + title + "</h1>\n<ul>\n";
    if (year) html += "<li><a href=\"../\">../</a></li>\n";
    for (const auto& n : names)
      html += "<li><a href=\"" + formats::XmlEscape(n) + "\">" + formats::XmlEscape(n) + "</a></li>\n";
    html += "</ul></body></html>\n";
    return MakeExportFile(std::move(html), "text/html; charset=utf-8", std::nullopt);
  });
}

Result<ExportPtr> Exports::RolieFeed(const std::string& base_url) {
  return Cached("rolie|" + base_url, [&]() -> Result<ExportPtr> {
    auto dir = LoadDirectory();
    if (!dir) return dir.error();
    const bool signing = LoadCoordinatorKey(ctx_.config, /*create=*/true).ok();
    std::optional<Timestamp> newest;
    for (const auto& e : (*dir)->entries)
      newest = std::max(newest.value_or(e.current_release), e.current_release);
    return MakeExportFile(
        formats::DumpJson(formats::RolieFeed(ConfigFor(base_url), (*dir)->entries, signing)),
        std::string(kJson), newest);
  });
}

Result<ExportPtr> Exports::ProviderMetadata(const std::string& base_url) {
  return Cached("provider|" + base_url, [&]() -> Result<ExportPtr> {
    auto dir = LoadDirectory();
    if (!dir) return dir.error();
    std::optional<formats::ProviderKey> key;
    if (auto k = LoadCoordinatorKey(ctx_.config, /*create=*/true)) {
      key = formats::ProviderKey{k->fingerprint};
    } else if (k.error().code != ErrorCode::kNotFound) {
      spdlog::warn("CSAF provider: no signing key: {} {}", k.error().message, k.error().internal);
    }
    // Last updated: the newest document; with none yet, now (the cache keeps it until the next write).
    std::optional<Timestamp> newest;
    for (const auto& e : (*dir)->entries)
      newest = std::max(newest.value_or(e.current_release), e.current_release);
    const Timestamp updated = newest.value_or(ctx_.clock.Now());
    return MakeExportFile(formats::DumpJson(formats::ProviderMetadata(ConfigFor(base_url), updated, key)),
                          std::string(kJson), updated);
  });
}

Result<ExportPtr> Exports::ProviderKey(std::string_view file) {
  auto key = LoadCoordinatorKey(ctx_.config, /*create=*/true);
  if (!key || file != key->fingerprint + ".asc") return Error::NotFound("no such key");
  return Cached("key|" + key->fingerprint, [&]() -> Result<ExportPtr> {
    return MakeExportFile(key->public_armored, "application/pgp-keys", std::nullopt);
  });
}

Result<ExportPtr> Exports::CveRecord(const std::string& identifier, std::string_view file,
                                     const std::string& base_url) {
  if (!file.ends_with(".json")) return Error::NotFound("a CVE record is named CVE-YYYY-NNNN.json");
  const std::string cve(file.substr(0, file.size() - 5));
  if (!domain::IsCveId(cve)) return Error::NotFound("a CVE record is named CVE-YYYY-NNNN.json");
  return Cached("cve|" + identifier + "|" + cve + "|" + base_url, [&]() -> Result<ExportPtr> {
    auto p = publication_.Public(identifier);
    if (!p) return p.error();
    const auto& cna = publication_.cna();
    auto record = formats::CveRecord(*p, cve, ConfigFor(base_url),
                                     {.org_id = cna.org_id, .short_name = cna.short_name});
    if (!record) return record.error();
    return MakeExportFile(formats::DumpJson(*record), std::string(kJson), formats::LastModified(*p));
  });
}

Result<ExportPtr> Exports::Osv(const std::string& identifier, const std::string& base_url) {
  return Cached("osv|" + identifier + "|" + base_url, [&]() -> Result<ExportPtr> {
    auto p = publication_.Public(identifier);
    if (!p) return p.error();
    auto record = formats::OsvRecord(*p, ConfigFor(base_url));
    if (!record) return record.error();
    return MakeExportFile(formats::DumpJson(*record), std::string(kJson), formats::LastModified(*p));
  });
}

Result<ExportPtr> Exports::Rss(Language lang, const std::string& base_url) {
  return Cached(fmt::format("rss|{}|{}", lang == Language::kEn ? "en" : "ja", base_url),
                [&]() -> Result<ExportPtr> {
                  auto list = publication_.PublicSince(Timestamp{}, kFeedSize);
                  if (!list) return list.error();
                  const Timestamp now = ctx_.clock.Now();
                  std::optional<Timestamp> newest;
                  for (const auto& p : *list)
                    newest = std::max(newest.value_or(formats::LastModified(p)), formats::LastModified(p));
                  return MakeExportFile(formats::RssFeed(*list, ConfigFor(base_url), lang, now),
                                        "application/rss+xml; charset=utf-8", newest);
                });
}

Result<ExportPtr> Exports::Atom(Language lang, const std::string& base_url) {
  return Cached(fmt::format("atom|{}|{}", lang == Language::kEn ? "en" : "ja", base_url),
                [&]() -> Result<ExportPtr> {
                  auto list = publication_.PublicSince(Timestamp{}, kFeedSize);
                  if (!list) return list.error();
                  const Timestamp now = ctx_.clock.Now();
                  std::optional<Timestamp> newest;
                  for (const auto& p : *list)
                    newest = std::max(newest.value_or(formats::LastModified(p)), formats::LastModified(p));
                  return MakeExportFile(formats::AtomFeed(*list, ConfigFor(base_url), lang, now),
                                        "application/atom+xml; charset=utf-8", newest);
                });
}

}  // namespace cvdhub::app

// Every machine-readable form of the published advisories (PROCESS.md §8):
// CSAF 2.0 documents and the CSAF provider around them (provider metadata,
// the TLP:WHITE directory with index.txt, changes.csv, .sha256/.sha512 and
// OpenPGP .asc signatures, a ROLIE feed), CVE JSON 5.1 records, OSV records,
// and the RSS 1.0 (JVN sec:) and Atom feeds.
//
// Everything here is public and read only through Publication::Public*,
// which never returns an unpublished advisory. Bodies are cached per store
// generation (a write anywhere makes them be rebuilt on the next read);
// signatures are cached per document content, so a document is signed once
// per version, not per request.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/context.hpp"
#include "app/publication.hpp"
#include "formats/csaf.hpp"
#include "util/lru_cache.hpp"

namespace cvdhub::app {

// One response body with what HTTP needs to cache it.
struct ExportFile {
  std::string body;
  std::string content_type;
  std::string etag;  // strong validator, quoted: "\"<hex>\""
  std::optional<Timestamp> last_modified;
};
using ExportPtr = std::shared_ptr<const ExportFile>;

class Exports {
 public:
  Exports(Context& ctx, Publication& publication) : ctx_(ctx), publication_(publication) {}

  // `base_url` below is scheme://host[:port] of this service as the
  // documents name it (the configured public URL, or the request's host).

  // The CSAF document of a published advisory (?lang: en by default).
  Result<ExportPtr> Csaf(const std::string& identifier, domain::Language lang, formats::CsafProfile profile,
                         const std::string& base_url);
  // A file of the TLP:WHITE directory: "<YYYY>/<name>.json" and its
  // ".sha256", ".sha512" and ".asc" (English documents). NotFound for
  // anything else, including an advisory that is not published.
  Result<ExportPtr> CsafDirectoryFile(std::string_view year, std::string_view file,
                                      const std::string& base_url);
  Result<ExportPtr> CsafIndex(const std::string& base_url);
  Result<ExportPtr> CsafChanges(const std::string& base_url);
  // A minimal HTML listing of the directory (CSAF requirement 14): the years,
  // or the files of one year.
  Result<ExportPtr> CsafListing(std::optional<std::string_view> year, const std::string& base_url);
  Result<ExportPtr> RolieFeed(const std::string& base_url);
  Result<ExportPtr> ProviderMetadata(const std::string& base_url);
  // The provider's public OpenPGP key at "<FINGERPRINT>.asc". NotFound
  // without a key (no key directory) or for another file name.
  Result<ExportPtr> ProviderKey(std::string_view file);

  // The CVE JSON 5.1 record of one vulnerability (file: "CVE-2026-40001.json").
  Result<ExportPtr> CveRecord(const std::string& identifier, std::string_view file,
                              const std::string& base_url);
  // The OSV record; NotFound with a message when no package URL is known.
  Result<ExportPtr> Osv(const std::string& identifier, const std::string& base_url);

  // The feeds of the last 50 published or updated advisories, newest first.
  Result<ExportPtr> Rss(domain::Language lang, const std::string& base_url);
  Result<ExportPtr> Atom(domain::Language lang, const std::string& base_url);

  // The export settings the documents are built with.
  formats::ExportConfig ConfigFor(const std::string& base_url) const;

  // How many documents were signed (for tests and diagnostics).
  std::uint64_t signatures_made() const;

  static constexpr int kFeedSize = 50;

 private:
  // Every published advisory's directory entry, loaded once per generation.
  struct Directory {
    std::uint64_t generation = 0;
    std::vector<formats::CsafEntry> entries;
  };
  Result<std::shared_ptr<const Directory>> LoadDirectory();
  // The English CSAF body of the entry at `path` ("2026/jvn_12345678.json").
  Result<ExportPtr> DirectoryDocument(std::string_view path, const std::string& base_url);
  // The detached signature of `body`, made once per distinct content.
  Result<std::string> Signature(const std::string& body);
  Result<ExportPtr> Cached(const std::string& key, const std::function<Result<ExportPtr>()>& build);

  Context& ctx_;
  Publication& publication_;
  util::LruCache<ExportFile> files_{1024};
  util::LruCache<std::string> signatures_{4096};  // content hash → armored signature
  mutable std::mutex mu_;
  std::shared_ptr<const Directory> directory_;  // guarded by mu_
  std::uint64_t signed_ = 0;                    // guarded by mu_
};

// A file built from `body`: its ETag is derived from the content.
ExportPtr MakeExportFile(std::string body, std::string content_type, std::optional<Timestamp> last_modified);

}  // namespace cvdhub::app

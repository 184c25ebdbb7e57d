#include "http/export_api.hpp"

#include <algorithm>
#include <memory>

#include "app/exports.hpp"
#include "formats/export_common.hpp"
#include "http/auth.hpp"

namespace cvdhub::http {
namespace {

using domain::Language;

// ?lang=en|ja; `fallback` when absent.
Result<Language> LangParam(const Request& req, Language fallback) {
  const auto lang = req.Query("lang");
  if (lang.empty()) return fallback;
  if (lang == "en") return Language::kEn;
  if (lang == "ja") return Language::kJa;
  return Error::Invalid("lang", "lang must be ja or en");
}

// The file as a response: conditional GET by ETag, public caching.
Response Serve(const Request& req, const Result<app::ExportPtr>& file) {
  if (!file) return ErrorJson(file.error());
  const app::ExportFile& f = **file;
  Response r;
  r.Set("ETag", f.etag);
  if (f.last_modified) r.Set("Last-Modified", formats::HttpDate(*f.last_modified));
  r.Set("Cache-Control", "public, max-age=300");
  r.Set("Access-Control-Allow-Origin", "*");  // security tools read these from anywhere
  if (const auto inm = req.Header("if-none-match");
      !inm.empty() && inm.find(f.etag) != std::string_view::npos) {
    r.status = 304;
    return r;
  }
  r.status = 200;
  r.Set("Content-Type", f.content_type);
  r.body = f.body;
  return r;
}

bool IsHostChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
         c == ':' || c == '[' || c == ']';
}

}  // namespace

std::string ExportBaseUrl(const Request& req, const app::Config& config) {
  std::string url = config.mail.public_url;
  while (!url.empty() && url.back() == '/') url.pop_back();
  if (!url.empty()) return url;
  const auto host = req.Header("host");
  if (host.empty() || host.size() > 255 || !std::all_of(host.begin(), host.end(), IsHostChar)) {
    return "http://localhost";
  }
  return std::string(req.tls ? "https://" : "http://") + std::string(host);
}

void RegisterExportApi(Router& router, app::Services& s) {
  auto exports = std::make_shared<app::Exports>(s.ctx, s.publication);
  const app::Config& config = s.ctx.config;
  auto base = [&config](const Request& req) { return ExportBaseUrl(req, config); };

  // --- The CSAF provider (CSAF 2.0 §7: provider-metadata.json, directory, ROLIE) ---
  router.Add("GET", "/.well-known/csaf/provider-metadata.json",
             [exports, base](Request& req) { return Serve(req, exports->ProviderMetadata(base(req))); });
  router.Add("GET", "/.well-known/csaf/feed-tlp-white.json",
             [exports, base](Request& req) { return Serve(req, exports->RolieFeed(base(req))); });
  router.Add("GET", "/.well-known/csaf/white/", [exports, base](Request& req) {
    return Serve(req, exports->CsafListing(std::nullopt, base(req)));
  });
  router.Add("GET", "/.well-known/csaf/white/index.txt",
             [exports, base](Request& req) { return Serve(req, exports->CsafIndex(base(req))); });
  router.Add("GET", "/.well-known/csaf/white/changes.csv",
             [exports, base](Request& req) { return Serve(req, exports->CsafChanges(base(req))); });
  router.Add("GET", "/.well-known/csaf/white/:year/", [exports, base](Request& req) {
    return Serve(req, exports->CsafListing(req.Param("year"), base(req)));
  });
  // <name>.json and its .sha256, .sha512 and .asc
  router.Add("GET", "/.well-known/csaf/white/:year/:file", [exports, base](Request& req) {
    return Serve(req, exports->CsafDirectoryFile(req.Param("year"), req.Param("file"), base(req)));
  });
  router.Add("GET", "/.well-known/csaf/openpgp/:file",
             [exports](Request& req) { return Serve(req, exports->ProviderKey(req.Param("file"))); });

  // --- One advisory's documents ---
  auto csaf = [exports, base](formats::CsafProfile profile) {
    return [exports, base, profile](Request& req) {
      auto lang = LangParam(req, Language::kEn);
      if (!lang) return ErrorJson(lang.error());
      return Serve(req, exports->Csaf(std::string(req.Param("id")), *lang, profile, base(req)));
    };
  };
  router.Add("GET", "/api/v1/advisories/:id/csaf.json", csaf(formats::CsafProfile::kSecurityAdvisory));
  router.Add("GET", "/api/v1/advisories/:id/vex.json", csaf(formats::CsafProfile::kVex));
  router.Add("GET", "/api/v1/advisories/:id/cve/:cve", [exports, base](Request& req) {
    return Serve(req, exports->CveRecord(std::string(req.Param("id")), req.Param("cve"), base(req)));
  });
  router.Add("GET", "/api/v1/advisories/:id/osv.json", [exports, base](Request& req) {
    return Serve(req, exports->Osv(std::string(req.Param("id")), base(req)));
  });

  // --- Feeds: Japanese by default (the source language), ?lang=en for English ---
  router.Add("GET", "/feeds/advisories.rdf", [exports, base](Request& req) {
    auto lang = LangParam(req, Language::kJa);
    if (!lang) return ErrorJson(lang.error());
    return Serve(req, exports->Rss(*lang, base(req)));
  });
  router.Add("GET", "/feeds/advisories.atom", [exports, base](Request& req) {
    auto lang = LangParam(req, Language::kJa);
    if (!lang) return ErrorJson(lang.error());
    return Serve(req, exports->Atom(*lang, base(req)));
  });
}

}  // namespace cvdhub::http

// Writes every export of the hand-built fixtures to $CVDHUB_EXPORT_SAMPLES,
// where tests/http/exports.test.mjs validates them with the standards'
// own validators (CSAF validator, CVE and OSV JSON schemas). Skipped when the
// variable is not set.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "formats/csaf.hpp"
#include "formats/cve_record.hpp"
#include "formats/export_test_fixture.hpp"
#include "formats/feeds.hpp"
#include "formats/osv.hpp"

namespace cvdhub::formats {
namespace {

namespace fs = std::filesystem;
using domain::Language;

void Write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out << text;
  ASSERT_TRUE(out.good()) << path;
}

TEST(ExportSamples, WriteForTheValidators) {
  const char* dir = std::getenv("CVDHUB_EXPORT_SAMPLES");
  if (dir == nullptr || *dir == '\0') GTEST_SKIP() << "CVDHUB_EXPORT_SAMPLES not set";
  const fs::path root(dir);
  ExportConfig config;
  config.base_url = "https://cvd.example.org";
  config.publisher_name = "Example Coordination Center";
  const CveCna cna{.org_id = "8254265b-2729-46b6-b9e3-3dfca2d5bfca", .short_name = "example"};
  const std::vector<domain::PublicAdvisory> all = {testing::MultiVendorAdvisory(),
                                                   testing::SingleVendorAdvisory()};
  std::vector<CsafEntry> entries;
  for (const auto& p : all) {
    const std::string slug = domain::AdvisorySlug(p.advisory.identifier);
    Write(root / "csaf" / (slug + ".en.json"), DumpJson(CsafDocument(p, config, Language::kEn)));
    Write(root / "csaf" / (slug + ".ja.json"), DumpJson(CsafDocument(p, config, Language::kJa)));
    Write(root / "csaf" / (slug + ".vex.json"),
          DumpJson(CsafDocument(p, config, Language::kEn, CsafProfile::kVex)));
    for (const auto& v : p.advisory.vulnerabilities) {
      if (auto rec = CveRecord(p, v.cve_id, config, cna))
        Write(root / "cve" / (v.cve_id + ".json"), DumpJson(*rec));
    }
    if (auto osv = OsvRecord(p, config)) Write(root / "osv" / (slug + ".json"), DumpJson(*osv));
    entries.push_back(CsafEntryOf(p, Language::kEn));
  }
  Write(root / "provider-metadata.json",
        DumpJson(ProviderMetadata(config, testing::At(2026, 12, 1),
                                  ProviderKey{"0123456789ABCDEF0123456789ABCDEF01234567"})));
  Write(root / "feed-tlp-white.json", DumpJson(RolieFeed(config, entries, true)));
  Write(root / "advisories.rdf", RssFeed(all, config, Language::kJa, testing::At(2027, 1, 1)));
  Write(root / "advisories.atom", AtomFeed(all, config, Language::kEn, testing::At(2027, 1, 1)));
}

}  // namespace
}  // namespace cvdhub::formats

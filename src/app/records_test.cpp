// Importing reference records into a real store, searching them, and the
// round trip: real lines of the shared data are imported, re-exported (CVE
// JSON 5 / OSV) and compared field by field with the original, on every
// field the importer keeps.
#include "app/records.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "app/app_test_support.hpp"
#include "app/search.hpp"
#include "formats/reference_cve.hpp"
#include "formats/reference_osv.hpp"

#ifndef CVDHUB_SHARED_DIR
#define CVDHUB_SHARED_DIR "/work/shared"
#endif

namespace cvdhub::app {
namespace {

using nlohmann::json;

domain::Timestamp At(int y, unsigned m, unsigned d) {
  return std::chrono::sys_days{std::chrono::year{y} / m / d};
}

// A CVE line; `updated` is its dateUpdated, `ja` an optional Japanese description.
std::string CveLine(const std::string& id, const std::string& title, const std::string& updated,
                    const std::string& ja = "") {
  json descriptions = json::array({{{"lang", "en"}, {"value", title + " allows remote attackers to run code."}}});
  if (!ja.empty()) descriptions.push_back({{"lang", "ja"}, {"value", ja}});
  json j = {{"dataType", "CVE_RECORD"},
            {"dataVersion", "5.1"},
            {"cveMetadata",
             {{"cveId", id}, {"assignerOrgId", "org"}, {"state", "PUBLISHED"}, {"datePublished", "2024-01-01T00:00:00"},
              {"dateUpdated", updated}}},
            {"containers",
             {{"cna",
               {{"providerMetadata", {{"orgId", "org"}}},
                {"title", title},
                {"descriptions", descriptions},
                {"affected", json::array({{{"vendor", "Example"}, {"product", "Widget"},
                                           {"versions", json::array({{{"version", "1.0"}, {"status", "affected"}}})}}})},
                {"references", json::array({{{"url", "https://example.com/" + id}}})}}}}}};
  return j.dump();
}

class Collect final : public ImportObserver {
 public:
  void BadLine(std::int64_t line, const Error& why) override { bad.emplace_back(line, why.message); }
  void Progress(const ImportSummary& s) override { last = s; }
  std::vector<std::pair<std::int64_t, std::string>> bad;
  ImportSummary last;
};

class RecordsTest : public test_support::AppFixture {
 protected:
  RecordsTest() : AppFixture(At(2024, 10, 1)) {}

  std::string WriteFile(const std::string& name, const std::string& text) {
    const auto path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }

  Result<ImportSummary> Import(domain::RecordKind kind, const std::string& path, Collect* observer = nullptr) {
    auto reader = formats::JsonLinesReader::Open(path);
    if (!reader) return reader.error();
    return services_->records.Import(kind, **reader, observer);
  }

  std::vector<std::string> Keys(std::string_view q, store::SearchOrder order = store::SearchOrder::kRelevance) {
    std::vector<std::string> keys;
    auto answer = services_->search.Run(q, 1, order);
    EXPECT_TRUE(answer.ok());
    if (!answer.ok()) return keys;
    EXPECT_FALSE(answer->problem.has_value()) << q;
    if (answer->page == nullptr) return keys;
    for (const auto& item : answer->page->items) keys.push_back(item.key);
    return keys;
  }
};

TEST_F(RecordsTest, ImportsGoodLinesAndReportsBadOnesByNumber) {
  const std::string text = CveLine("CVE-2024-0001", "Buffer overflow in Widget", "2024-02-01T00:00:00Z") + "\n" +
                           "{\"cveMetadata\": 5}\n" + "\n" +
                           CveLine("CVE-2024-0002", "SQL injection in Gadget", "2024-02-01T00:00:00Z") + "\n" +
                           "this is not json\n";
  Collect seen;
  auto sum = Import(domain::RecordKind::kCve, WriteFile("a.jsonl", text), &seen);
  ASSERT_TRUE(sum.ok()) << sum.error().message;
  EXPECT_EQ(sum->lines, 5);
  EXPECT_EQ(sum->inserted, 2);
  EXPECT_EQ(sum->blank, 1);
  EXPECT_EQ(sum->bad, 2);
  ASSERT_EQ(seen.bad.size(), 2u);
  EXPECT_EQ(seen.bad[0].first, 2);
  EXPECT_NE(seen.bad[0].second.find("cveMetadata must be an object"), std::string::npos) << seen.bad[0].second;
  EXPECT_EQ(seen.bad[1].first, 5);
  EXPECT_NE(seen.bad[1].second.find("not valid JSON"), std::string::npos);
  EXPECT_EQ(seen.last.inserted, 2);

  auto view = services_->records.Find("CVE-2024-0002");
  ASSERT_TRUE(view.ok());
  EXPECT_EQ(view->record.Title(), "SQL injection in Gadget");
  EXPECT_EQ(services_->records.Find("CVE-2024-0003").error().code, ErrorCode::kNotFound);
}

TEST_F(RecordsTest, ReimportUpdatesNeverDuplicatesAndKeepsTheNewer) {
  const auto first = WriteFile("1.jsonl", CveLine("CVE-2024-0001", "Old title", "2024-02-01T00:00:00Z") + "\n");
  ASSERT_EQ(Import(domain::RecordKind::kCve, first)->inserted, 1);
  // The same line again: nothing to do.
  auto again = Import(domain::RecordKind::kCve, first);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->unchanged, 1);
  EXPECT_EQ(again->inserted + again->updated, 0);
  // A newer version replaces it, in the search index too.
  auto newer = Import(domain::RecordKind::kCve,
                      WriteFile("2.jsonl", CveLine("CVE-2024-0001", "Heap overflow", "2024-03-01T00:00:00Z") + "\n"));
  ASSERT_TRUE(newer.ok());
  EXPECT_EQ(newer->updated, 1);
  EXPECT_EQ(services_->records.Find("CVE-2024-0001")->record.Title(), "Heap overflow");
  EXPECT_EQ(Keys("heap"), std::vector<std::string>{"CVE-2024-0001"});
  EXPECT_TRUE(Keys("old").empty());
  // An older version does not overwrite it.
  auto older = Import(domain::RecordKind::kCve,
                      WriteFile("3.jsonl", CveLine("CVE-2024-0001", "Stale title", "2024-01-15T00:00:00Z") + "\n"));
  ASSERT_TRUE(older.ok());
  EXPECT_EQ(older->older, 1);
  EXPECT_EQ(services_->records.Find("CVE-2024-0001")->record.Title(), "Heap overflow");
  auto count = [&] {
    std::int64_t n = -1;
    EXPECT_TRUE(store_->Read([&](store::Tx& tx) -> Status {
      auto c = tx.reference().CountRecords(domain::RecordKind::kCve);
      if (!c) return c.error();
      n = *c;
      return {};
    }).ok());
    return n;
  };
  EXPECT_EQ(count(), 1);
}

TEST_F(RecordsTest, OneIdCannotNameACveRecordAndAnOsvEntry) {
  ASSERT_EQ(Import(domain::RecordKind::kCve,
                   WriteFile("c.jsonl", CveLine("CVE-2024-0001", "x", "2024-02-01T00:00:00Z") + "\n"))->inserted,
            1);
  Collect seen;
  auto sum = Import(domain::RecordKind::kOsv,
                    WriteFile("o.jsonl", R"({"id":"CVE-2024-0001","modified":"2024-05-01T00:00:00Z"})"
                                         "\n"),
                    &seen);
  ASSERT_TRUE(sum.ok());
  EXPECT_EQ(sum->bad, 1);
  ASSERT_EQ(seen.bad.size(), 1u);
  EXPECT_NE(seen.bad[0].second.find("already stored as a CVE record"), std::string::npos);
}

TEST_F(RecordsTest, SearchFindsEnglishAndJapaneseTerms) {
  std::string text;
  text += CveLine("CVE-2024-0001", "Buffer overflow in Widget", "2024-02-01T00:00:00Z",
                  "Widget に認証回避の脆弱性が存在します。") + "\n";
  text += CveLine("CVE-2024-0002", "SQL injection in Gadget", "2024-02-02T00:00:00Z",
                  "Gadget に SQL インジェクションの脆弱性が存在します。") + "\n";
  text += CveLine("CVE-2024-0003", "Cross-site scripting in Portal", "2024-02-03T00:00:00Z") + "\n";
  ASSERT_EQ(Import(domain::RecordKind::kCve, WriteFile("s.jsonl", text))->inserted, 3);
  const std::string osv =
      R"({"id":"GO-2024-0001","modified":"2024-05-01T00:00:00Z","published":"2024-05-01T00:00:00Z",)"
      R"("aliases":["CVE-2024-0001"],"summary":"認証の不備","details":"パスワード認証を回避できる。",)"
      R"("affected":[{"package":{"ecosystem":"Go","name":"example.com/widget"}}]})";
  ASSERT_EQ(Import(domain::RecordKind::kOsv, WriteFile("o.jsonl", osv + "\n"))->inserted, 1);

  EXPECT_EQ(Keys("overflow"), std::vector<std::string>{"CVE-2024-0001"});
  EXPECT_EQ(Keys("sql injection"), std::vector<std::string>{"CVE-2024-0002"});
  EXPECT_EQ(Keys("\"cross-site scripting\""), std::vector<std::string>{"CVE-2024-0003"});
  EXPECT_EQ(Keys("ＳＱＬ"), std::vector<std::string>{"CVE-2024-0002"});  // full-width finds half-width
  // Two characters: one bigram; the title weighs more than the body, so the OSV entry (認証 in its title) leads.
  EXPECT_EQ(Keys("認証"), (std::vector<std::string>{"GO-2024-0001", "CVE-2024-0001"}));
  // Three characters: a phrase of bigrams.
  auto three = Keys("脆弱性");
  std::sort(three.begin(), three.end());
  EXPECT_EQ(three, (std::vector<std::string>{"CVE-2024-0001", "CVE-2024-0002"}));
  EXPECT_EQ(Keys("インジェクション"), std::vector<std::string>{"CVE-2024-0002"});
  EXPECT_TRUE(Keys("脆弱化").empty());
  // Newest first.
  EXPECT_EQ(Keys("脆弱性", store::SearchOrder::kNewest), (std::vector<std::string>{"CVE-2024-0002", "CVE-2024-0001"}));
  // One character: a prefix of tokens, including the last character of a run.
  auto one = Keys("避");  // in 回避 (CVE-2024-0001, GO-2024-0001)
  std::sort(one.begin(), one.end());
  EXPECT_EQ(one, (std::vector<std::string>{"CVE-2024-0001", "GO-2024-0001"}));
  // An ID finds its record; mixed terms AND together; a package name finds the OSV entry.
  EXPECT_EQ(Keys("CVE-2024-0003"), std::vector<std::string>{"CVE-2024-0003"});
  EXPECT_EQ(Keys("gadget 脆弱性"), std::vector<std::string>{"CVE-2024-0002"});
  EXPECT_EQ(Keys("example.com/widget"), std::vector<std::string>{"GO-2024-0001"});

  // The CVE record's page knows the OSV entry that names it.
  auto view = services_->records.Find("CVE-2024-0001");
  ASSERT_TRUE(view.ok());
  ASSERT_EQ(view->named_by.size(), 1u);
  EXPECT_EQ(view->named_by[0].id, "GO-2024-0001");
  EXPECT_EQ(services_->records.Find("GO-2024-0001")->known_aliases, std::vector<std::string>{"CVE-2024-0001"});

  // Snippets mark the matched words.
  auto answer = services_->search.Run("脆弱性", 1, store::SearchOrder::kNewest);
  ASSERT_TRUE(answer.ok() && answer->page != nullptr);
  const auto& snip = answer->page->items[0].snippet;
  ASSERT_FALSE(snip.marks.empty());
  EXPECT_EQ(snip.text.substr(snip.marks[0].first, snip.marks[0].second - snip.marks[0].first), "脆弱性");
}

TEST_F(RecordsTest, BadQueriesAreProblemsNotErrors) {
  for (const auto& [q, problem] : std::vector<std::pair<std::string, domain::QueryProblem>>{
           {"", domain::QueryProblem::kEmpty},
           {"!!!", domain::QueryProblem::kNoWords},
           {std::string(300, 'x'), domain::QueryProblem::kTooLong},
           {"\xff\xfe", domain::QueryProblem::kBadEncoding}}) {
    auto answer = services_->search.Run(q, 1, store::SearchOrder::kRelevance);
    ASSERT_TRUE(answer.ok());
    EXPECT_EQ(answer->problem, problem) << q;
  }
  EXPECT_EQ(services_->search.Run("x", 0, store::SearchOrder::kRelevance).error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(services_->search.Run("x", Search::kMaxPage + 1, store::SearchOrder::kRelevance).error().field, "page");
}

TEST_F(RecordsTest, SearchDocumentsOfOtherKindsComeAndGo) {
  // The publication component adds an advisory's document when it publishes it.
  ASSERT_TRUE(store_->Write([](store::Tx& tx) -> Status {
    return tx.reference().UpsertSearchDoc({.kind = domain::SearchKind::kAdvisory,
                                           .key = "JVN#12345678",
                                           .title = "Widget における認証回避の脆弱性",
                                           .text = "Authentication bypass in Widget. 認証回避。",
                                           .url = "/advisories/JVN%2312345678",
                                           .published_at = At(2026, 1, 5),
                                           .modified_at = At(2026, 1, 5)});
  }).ok());
  EXPECT_EQ(Keys("認証回避"), std::vector<std::string>{"JVN#12345678"});
  EXPECT_EQ(Keys("JVN#12345678"), std::vector<std::string>{"JVN#12345678"});
  ASSERT_TRUE(store_->Write([](store::Tx& tx) -> Status {
    return tx.reference().DeleteSearchDoc(domain::SearchKind::kAdvisory, "JVN#12345678");
  }).ok());
  EXPECT_TRUE(Keys("認証回避").empty());
  // Deleting what is not there is fine.
  EXPECT_TRUE(store_->Write([](store::Tx& tx) -> Status {
    return tx.reference().DeleteSearchDoc(domain::SearchKind::kAdvisory, "JVN#00000000");
  }).ok());
}

// --- The round trip over real data ----------------------------------------------------------------

// Every field the importer keeps, read straight from the wire form (not
// through the importer): the original and the re-export must agree on it.
std::optional<std::int64_t> Micros(const json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end() || !it->is_string()) return std::nullopt;
  auto t = domain::ParseRecordTime(it->get<std::string>());
  EXPECT_TRUE(t.has_value()) << *it;
  if (!t) return std::nullopt;
  return t->time_since_epoch().count();
}
json S(const json& obj, const char* key) { return obj.contains(key) ? obj[key] : json(""); }
json A(const json& obj, const char* key) { return obj.contains(key) ? obj[key] : json::array(); }
json Opt(const json& obj, const char* key) { return obj.contains(key) ? obj[key] : json(nullptr); }

json KeptCveContainer(const json& c) {
  json out;
  const json pm = c.value("providerMetadata", json::object());
  out["orgId"] = S(pm, "orgId");
  out["shortName"] = S(pm, "shortName");
  out["dateUpdated"] = Micros(pm, "dateUpdated") ? json(*Micros(pm, "dateUpdated")) : json(nullptr);
  out["title"] = Opt(c, "title");
  for (const char* key : {"descriptions", "rejectedReasons"}) {
    json list = json::array();
    for (const auto& d : A(c, key)) list.push_back({S(d, "lang"), S(d, "value")});
    out[key] = list;
  }
  json affected = json::array();
  for (const auto& a : A(c, "affected")) {
    json versions = json::array();
    for (const auto& v : A(a, "versions")) {
      versions.push_back({S(v, "version"), S(v, "status"), S(v, "lessThan"), S(v, "lessThanOrEqual"),
                          S(v, "versionType")});
    }
    affected.push_back({S(a, "vendor"), S(a, "product"), S(a, "packageName"), S(a, "collectionURL"), S(a, "repo"),
                        S(a, "defaultStatus"), A(a, "cpes"), A(a, "platforms"), versions});
  }
  out["affected"] = affected;
  json groups = json::array();
  for (const auto& g : A(c, "problemTypes")) {
    json group = json::array();
    for (const auto& d : A(g, "descriptions")) {
      group.push_back({S(d, "lang"), S(d, "type"), S(d, "cweId"), S(d, "description")});
    }
    if (!group.empty()) groups.push_back(group);
  }
  out["problemTypes"] = groups;
  json metrics = json::array();
  for (const auto& m : A(c, "metrics")) {
    for (const auto& [key, cvss] : m.items()) {
      if (key.starts_with("cvssV")) {
        metrics.push_back({key, S(cvss, "vectorString"), Opt(cvss, "baseScore"), S(cvss, "baseSeverity")});
      }
    }
  }
  out["metrics"] = metrics;
  json references = json::array();
  for (const auto& r : A(c, "references")) references.push_back({S(r, "url"), S(r, "name"), A(r, "tags")});
  out["references"] = references;
  return out;
}

json KeptCve(const json& j) {
  const json& m = j["cveMetadata"];
  json out = {{"dataVersion", S(j, "dataVersion")}, {"cveId", m["cveId"]}, {"state", m["state"]},
              {"assignerOrgId", S(m, "assignerOrgId")}, {"assignerShortName", S(m, "assignerShortName")}};
  for (const char* key : {"datePublished", "dateUpdated", "dateReserved", "dateRejected"}) {
    const auto t = Micros(m, key);
    out[key] = t ? json(*t) : json(nullptr);
  }
  json containers = json::array({KeptCveContainer(j["containers"]["cna"])});
  for (const auto& adp : A(j["containers"], "adp")) containers.push_back(KeptCveContainer(adp));
  out["containers"] = containers;
  return out;
}

json KeptOsv(const json& j) {
  json out = {{"id", j["id"]}, {"schema_version", S(j, "schema_version")}, {"aliases", A(j, "aliases")},
              {"related", A(j, "related")}, {"summary", Opt(j, "summary")}, {"details", Opt(j, "details")}};
  for (const char* key : {"modified", "published", "withdrawn"}) {
    const auto t = Micros(j, key);
    out[key] = t ? json(*t) : json(nullptr);
  }
  json severity = json::array();
  for (const auto& s : A(j, "severity")) severity.push_back({S(s, "type"), S(s, "score")});
  out["severity"] = severity;
  json affected = json::array();
  for (const auto& a : A(j, "affected")) {
    const json pkg = a.value("package", json::object());
    json ranges = json::array();
    for (const auto& r : A(a, "ranges")) ranges.push_back({S(r, "type"), S(r, "repo"), A(r, "events")});
    affected.push_back({S(pkg, "ecosystem"), S(pkg, "name"), S(pkg, "purl"), ranges, A(a, "versions")});
  }
  out["affected"] = affected;
  json references = json::array();
  for (const auto& r : A(j, "references")) references.push_back({S(r, "type"), S(r, "url")});
  out["references"] = references;
  return out;
}

// Real lines of a shared data file: every `every`-th line, plus each line containing one of `always`.
std::vector<std::string> SampleLines(const std::string& path, int every, const std::vector<std::string>& always) {
  std::vector<std::string> out;
  auto reader = formats::JsonLinesReader::Open(path);
  EXPECT_TRUE(reader.ok()) << "cannot open " << path << " (CI has ../shared beside the checkout)";
  if (!reader.ok()) return out;
  while (true) {
    auto line = (*reader)->Next();
    EXPECT_TRUE(line.ok());
    if (!line.ok() || !*line) break;
    const auto text = (*line)->text;
    bool take = every <= 1 || (*line)->number % every == 1;
    for (const auto& needle : always) take = take || text.find(needle) != std::string_view::npos;
    if (take) out.emplace_back(text);
  }
  return out;
}

TEST_F(RecordsTest, RoundTripOfRealCveRecordsKeepsEveryKeptField) {
  // Every 40th record, every rejected one and every one carrying CVSS 4.0.
  const auto lines = SampleLines(CVDHUB_SHARED_DIR "/data/cve5-vulnrichment-2024.jsonl.zst", 40,
                                 {"\"state\":\"REJECTED\"", "\"state\": \"REJECTED\"", "cvssV4_0"});
  ASSERT_GT(lines.size(), 3000u);
  std::string text;
  for (const auto& l : lines) text += l + "\n";
  Collect seen;
  auto sum = Import(domain::RecordKind::kCve, WriteFile("cve.jsonl", text), &seen);
  ASSERT_TRUE(sum.ok()) << sum.error().message;
  EXPECT_TRUE(seen.bad.empty()) << seen.bad.front().first << ": " << seen.bad.front().second;
  EXPECT_EQ(sum->inserted, static_cast<std::int64_t>(lines.size()));

  std::map<std::string, int> covered;
  for (const auto& line : lines) {
    const json original = json::parse(line);
    const std::string id = original["cveMetadata"]["cveId"];
    auto view = services_->records.Find(id);
    ASSERT_TRUE(view.ok()) << id;
    const json exported = json::parse(formats::CveReferenceToJson(view->record).dump());
    const json want = KeptCve(original);
    ASSERT_EQ(KeptCve(exported), want) << id << "\n" << KeptCve(exported).dump() << "\n" << want.dump();
    // What the sample exercised, so that the comparison cannot be vacuous.
    covered["rejected"] += original["cveMetadata"]["state"] == "REJECTED";
    covered["zoneless"] += !original["cveMetadata"].value("datePublished", "Z").ends_with("Z");
    for (const auto& c : want["containers"]) {
      covered["affected versions"] += static_cast<int>(c["affected"].size());
      covered["problem types"] += static_cast<int>(c["problemTypes"].size());
      covered["references"] += static_cast<int>(c["references"].size());
      for (const auto& m : c["metrics"]) covered[m[0].get<std::string>()] += 1;
    }
    covered["adp"] += static_cast<int>(want["containers"].size()) - 1;
  }
  for (const char* what : {"rejected", "zoneless", "affected versions", "problem types", "references", "cvssV3_1",
                           "cvssV4_0", "cvssV3_0", "cvssV2_0", "adp"}) {
    EXPECT_GT(covered[what], 0) << what;
  }
  EXPECT_EQ(covered["rejected"], 104);
}

TEST_F(RecordsTest, RoundTripOfRealOsvEntriesKeepsEveryKeptField) {
  const auto lines = SampleLines(CVDHUB_SHARED_DIR "/data/osv-golang-vulndb.jsonl.zst", 1, {});
  ASSERT_EQ(lines.size(), 4291u);
  std::string text;
  for (const auto& l : lines) text += l + "\n";
  auto sum = Import(domain::RecordKind::kOsv, WriteFile("osv.jsonl", text));
  ASSERT_TRUE(sum.ok()) << sum.error().message;
  EXPECT_EQ(sum->inserted, 4291);
  EXPECT_EQ(sum->bad, 0);
  int withdrawn = 0;
  for (const auto& line : lines) {
    const json original = json::parse(line);
    auto view = services_->records.Find(original["id"].get<std::string>());
    ASSERT_TRUE(view.ok()) << original["id"];
    const json exported = json::parse(formats::OsvReferenceToJson(view->record).dump());
    ASSERT_EQ(KeptOsv(exported), KeptOsv(original)) << original["id"];
    withdrawn += original.contains("withdrawn");
  }
  EXPECT_EQ(withdrawn, 17);
}

}  // namespace
}  // namespace cvdhub::app

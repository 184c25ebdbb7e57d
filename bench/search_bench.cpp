// The search tokenizer and query side (domain/search.hpp): what indexing a
// record and answering a query cost in C++, before SQLite.
#include <benchmark/benchmark.h>

#include <string>
#include <variant>

#include "domain/search.hpp"

namespace {

using namespace cvdhub::domain;  // NOLINT(google-build-using-namespace): a benchmark of this namespace

// A typical CVE description (about 400 bytes) and an advisory paragraph in Japanese.
const std::string kEnglish =
    "A heap-based buffer overflow vulnerability exists in the HTTP request parser of Example Web Server "
    "versions 2.0 through 2.4.57 that allows a remote, unauthenticated attacker to execute arbitrary code "
    "by sending a crafted Content-Length header. This issue affects Example Web Server: from 2.0 before "
    "2.4.58. CWE-122 Heap-based Buffer Overflow.";
const std::string kJapanese =
    "Example Web Server の HTTP リクエスト処理には、ヒープベースのバッファオーバーフローの脆弱性が存在します。"
    "遠隔の第三者によって、細工されたリクエストを送信されることで、任意のコードを実行される可能性があります。"
    "開発者が提供する最新版へアップデートしてください。ＳＱＬインジェクション対策も併せて実施してください。";

void BM_IndexTextEnglish(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(IndexText(kEnglish));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * kEnglish.size()));
}
BENCHMARK(BM_IndexTextEnglish);

void BM_IndexTextJapanese(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(IndexText(kJapanese));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * kJapanese.size()));
}
BENCHMARK(BM_IndexTextJapanese);

void BM_ParseQuery(benchmark::State& state) {
  for (auto _ : state) {
    auto q = ParseSearchQuery("認証回避 \"remote code execution\" ＳＱＬ");
    benchmark::DoNotOptimize(std::get<SearchQuery>(q).Fts5Expression());
  }
}
BENCHMARK(BM_ParseQuery);

void BM_SnippetJapanese(benchmark::State& state) {
  const auto q = std::get<SearchQuery>(ParseSearchQuery("任意 コード"));
  for (auto _ : state) benchmark::DoNotOptimize(MakeSnippet(kJapanese, q));
}
BENCHMARK(BM_SnippetJapanese);

}  // namespace

BENCHMARK_MAIN();

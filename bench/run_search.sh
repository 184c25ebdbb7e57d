#!/usr/bin/env bash
# Search benchmark (issue "Publication"): imports the 44,130 real CVE records
# of ../shared/data into a fresh store (timed; target ≤ 15 s) and 5,000
# generated records with Japanese descriptions, starts `cvdhub serve`
# (--threads 2) and reports its RSS (target ≤ 300 MB), then measures
# GET /api/v1/search:
#   - cold: the first request of each distinct query (nothing cached), by curl;
#   - wrk -t2 -c64 -d10s per class of query (English words, 2-character and
#     3-character Japanese terms), each run cycling through several queries;
#     the p99 target is ≤ 20 ms; a /healthz run under the same load first
#     shows what the machine itself adds.
# Then the tokenizer's Google Benchmark when it was built (CVDHUB_BENCH=ON).
# The load generator shares the machine's cores with the server: numbers are
# for this machine, as it was at the time of the run.
# Usage: bench/run_search.sh [BUILD_DIR]   (CVE_DATA=… to use another file)
set -euo pipefail
build=${1:-build}
port=${PORT:-18381}
duration=${DURATION:-10s}
cve_data=${CVE_DATA:-$(dirname "$0")/../../shared/data/cve5-vulnrichment-2024.jsonl.zst}
data=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; [ -n "$pid" ] && wait "$pid" 2>/dev/null; rm -rf "$data"' EXIT
[ -f "$cve_data" ] || { echo "no CVE data at $cve_data (set CVE_DATA)" >&2; exit 1; }

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"

echo "== import of the CVE records into a fresh store =="
/usr/bin/time -f "import wall time: %e s, max RSS of the import: %M KB" \
  "$build/cvdhub" import cve "$cve_data" --data "$data/store"

echo "== 5,000 generated records with Japanese descriptions =="
python3 - "$data/ja.jsonl" <<'PY'
import json, random, sys
random.seed(7)
products = ["Example Router", "サンプル業務システム", "WebMail Pro", "ファイル共有サーバ", "IoT カメラ", "会計パッケージ"]
vulns = ["認証回避", "SQL インジェクション", "クロスサイトスクリプティング", "バッファオーバーフロー",
         "OS コマンドインジェクション", "ディレクトリトラバーサル", "情報漏えい", "権限昇格", "アクセス制限不備"]
impacts = ["遠隔の第三者によって任意のコードを実行される", "管理者権限を取得される", "情報が漏えいする",
           "データを改ざんされる", "サービス運用妨害 (DoS) 状態にされる", "不正なログインを許す"]
with open(sys.argv[1], "w") as out:
    for i in range(5000):
        p, v, imp = random.choice(products), random.choice(vulns), random.choice(impacts)
        ja = f"{p} には{v}の脆弱性が存在します。攻撃者によって{imp}可能性があります。開発者が提供する情報をもとに最新版へアップデートしてください。"
        rec = {"dataType": "CVE_RECORD", "dataVersion": "5.1",
               "cveMetadata": {"cveId": f"CVE-2099-{10000 + i}", "assignerOrgId": "00000000-0000-4000-8000-000000000000",
                               "state": "PUBLISHED", "datePublished": f"2099-{1 + i % 12:02d}-{1 + i % 28:02d}T00:00:00Z",
                               "dateUpdated": f"2099-{1 + i % 12:02d}-{1 + i % 28:02d}T00:00:00Z"},
               "containers": {"cna": {"providerMetadata": {"orgId": "00000000-0000-4000-8000-000000000000"},
                                      "title": f"{p} における{v}の脆弱性",
                                      "descriptions": [{"lang": "ja", "value": ja}],
                                      "affected": [{"vendor": "Example", "product": p, "versions": [{"version": "1.0", "status": "affected"}]}],
                                      "references": [{"url": f"https://example.jp/{i}"}]}}}
        out.write(json.dumps(rec, ensure_ascii=False) + "\n")
PY
"$build/cvdhub" import cve "$data/ja.jsonl" --data "$data/store"
echo "store size: $(du -sh "$data/store" | cut -f1)"

"$build/cvdhub" serve --listen "127.0.0.1:$port" --data "$data/store" --threads 2 > "$data/serve.log" 2>&1 &
pid=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
rss() { echo "$(( $(ps -o rss= -p "$pid") / 1024 )) MB"; }
echo "RSS of cvdhub serve after start: $(rss)"

enc() { python3 -c 'import sys, urllib.parse; print("|".join(urllib.parse.quote(q) for q in sys.argv[1:]))' "$@"; }
english=$(enc overflow "sql injection" "cross-site scripting" "remote code execution" buffer authentication \
  "denial of service" wordpress kernel "use after free")
ja2=$(enc 認証 脆弱 情報 回避 権限 実行 攻撃 製品 管理 最新)
ja3=$(enc 脆弱性 攻撃者 管理者 改ざん 第三者 漏えい 最新版 可能性 開発者 任意の)

echo "== cold queries (first request of each; ms: p50 p90 max) =="
for class in english ja2 ja3; do
  IFS='|' read -r -a qs <<< "${!class}"
  times=()
  for q in "${qs[@]}"; do
    for page in 1 2; do
      times+=("$(curl -fs -o /dev/null -w '%{time_total}' "http://127.0.0.1:$port/api/v1/search?q=$q&page=$page")")
    done
  done
  printf '%s\n' "${times[@]}" | sort -n | awk -v c="$class" '{ t[NR] = $1 * 1000 }
    END { printf "%-8s n=%d  p50 %.1f  p90 %.1f  max %.1f\n", c, NR, t[int(NR * 0.5) + 1], t[int(NR * 0.9)], t[NR] }'
done
for class in english ja2 ja3; do
  IFS='|' read -r -a qs <<< "${!class}"
  total=$(curl -fs "http://127.0.0.1:$port/api/v1/search?q=${qs[0]}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')
  echo "$class: first query matches $total documents"
done

# What the machine gives at all right now: the same load on GET /healthz (no work behind it).
echo "== baseline: wrk -t2 -c64 -d$duration GET /healthz =="
wrk -t2 -c64 -d"$duration" --latency "http://127.0.0.1:$port/healthz" | grep -E '50%|99%|Requests/sec'
for class in english ja2 ja3; do
  echo "== wrk -t2 -c64 -d$duration GET /api/v1/search ($class) =="
  QUERIES=${!class} wrk -t2 -c64 -d"$duration" --latency -s "$(dirname "$0")/search.lua" "http://127.0.0.1:$port" |
    grep -E 'Latency |50%|99%|Requests/sec|Non-2xx|errors'
done
echo "RSS of cvdhub serve after the runs: $(rss)"

for b in "$build"/search_bench; do
  [ -x "$b" ] && "$b" --benchmark_min_time=0.2
done
exit 0

#!/usr/bin/env bash
# Installs what cvdhub needs on Debian bookworm, and only what is missing:
# the build's -dev packages, the test tools (Chromium, wrk), and the npm
# packages of the test suite (npm ci). Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake pkg-config
  librestinio-dev libasio-dev libfmt-dev nlohmann-json3-dev libsqlite3-dev
  libmstch-dev libboost-dev libsodium-dev libhowardhinnant-date-dev tzdata
  libspdlog-dev libcli11-dev libgtest-dev libgmock-dev libbenchmark-dev
  librnp-dev libgmime-3.0-dev libcurl4-openssl-dev zlib1g-dev libzstd-dev
  python3-aiosmtpd gnupg clang libclang-rt-14-dev libxml2-dev rnp
  nodejs npm chromium fonts-noto-cjk wrk
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
# A machine may have node from elsewhere (e.g. /usr/local/bin); then Debian's is not needed.
if command -v node >/dev/null && command -v npm >/dev/null; then
  missing=("${missing[@]/nodejs}"); missing=("${missing[@]/npm}")
fi
read -r -a missing <<< "${missing[*]}"

if ((${#missing[@]})); then
  echo "Installing: ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The test suite's npm packages (playwright-core drives Debian's Chromium).
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then
  npm ci --no-audit --no-fund
fi

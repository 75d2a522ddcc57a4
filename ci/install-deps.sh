#!/usr/bin/env bash
# Installs what pajesim needs to build and test, from Debian 12 packages only.
# Non-interactive, as root; a no-op when everything is already there.
# Usage: ci/install-deps.sh [--fuzz]   (--fuzz: clang and libFuzzer's runtime, for ci/fuzz.sh)
set -euo pipefail

packages=(
  build-essential cmake
  libboost-test-dev
  librapidcheck-dev
  nlohmann-json3-dev
  libbenchmark-dev
  python3
  libopenmpi-dev openmpi-bin openssh-client
)
if [ "${1:-}" = "--fuzz" ]; then
  packages=(clang libclang-rt-dev)
fi

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$package")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing packages: ${missing[*]}; run this script as root" >&2
  exit 1
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

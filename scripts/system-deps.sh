#!/usr/bin/env bash
# Debian packages the tests need: chromium for the end-to-end browser test and the screenshot,
# and fonts so that pages (flags are emoji) render as a person sees them. Installs only what is
# missing, so it is cheap to run before every test run.
set -euo pipefail
packages=(chromium fonts-dejavu-core fonts-noto-color-emoji)
missing=()
for package in "${packages[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi
echo "Installing ${missing[*]} (Debian packages) for the browser tests..."
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null

#!/usr/bin/env bash
# Debian packages the tests need: chromium for the end-to-end browser test and the screenshot.
# Installs only what is missing, so it is cheap to run before every test run.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi
echo "Installing chromium (Debian package) for the browser tests..."
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium fonts-dejavu-core >/dev/null

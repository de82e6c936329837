#!/usr/bin/env bash
# Installs the Debian packages the tests drive as real peers (TOOLING.md): Chromium for E2E, pcscd + vpcd +
# OpenSC + yubico-piv-tool for interop, tshark for capture decoding, OpenSSL for the certificate corpus,
# a CJK font so screenshots show Chinese, redis-server and PostgreSQL for the servers' stores, python3 for the
# independent BOS / MS OS 2.0 descriptor reader (test/unit/canokey). Does nothing when all are present.
set -euo pipefail
packages=(chromium pcscd vsmartcard-vpcd opensc opensc-pkcs11 yubico-piv-tool pcsc-tools tshark openssl fonts-noto-cjk redis-server postgresql python3)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing Debian packages: ${missing[*]}"
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "need root (or passwordless sudo) to install: ${missing[*]}" >&2; exit 1; }
  sudo_cmd=(sudo -n) # never wait for a password: fail with the message above instead
fi
echo 'wireshark-common wireshark-common/install-setuid boolean false' | "${sudo_cmd[@]}" debconf-set-selections
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

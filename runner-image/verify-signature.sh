#!/bin/sh
# verify-signature.sh FILE SIGNATURE PUBLIC_KEY FINGERPRINT
#
# Exits 0 only when SIGNATURE is a valid OpenPGP signature of FILE made by the key whose fingerprint
# is FINGERPRINT (40 hex digits, no spaces), using only the armored PUBLIC_KEY in a throw-away
# keyring. Used by the Dockerfile for the AWS CLI installer; tested in
# test/runner-image/verify-signature.test.ts.
set -eu

if [ "$#" -ne 4 ]; then
  echo "usage: verify-signature.sh FILE SIGNATURE PUBLIC_KEY FINGERPRINT" >&2
  exit 2
fi
file=$1 signature=$2 key=$3 fingerprint=$4

GNUPGHOME=$(mktemp -d)
export GNUPGHOME
trap 'gpgconf --kill all >/dev/null 2>&1 || true; rm -rf "$GNUPGHOME"' EXIT

gpg --batch --quiet --import "$key"
# The whole status output is read (no early exit), so gpg is never killed by SIGPIPE.
if ! status=$(gpg --batch --status-fd 1 --verify "$signature" "$file" 2>/dev/null); then
  echo "verify-signature: no valid signature on $file" >&2
  exit 1
fi
case $status in
  *"[GNUPG:] VALIDSIG $fingerprint "*) ;;
  *)
    echo "verify-signature: $file is not signed by $fingerprint" >&2
    exit 1
    ;;
esac
echo "verify-signature: $file is signed by $fingerprint"

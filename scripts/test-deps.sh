#!/usr/bin/env bash
# The system commands `npm test` needs besides Node.js, installed from Debian's packages when
# missing (as root, or through sudo): openssl (the generated certificate sets are checked with
# `openssl verify -x509_strict`) and a real etcd 3.4 with etcdctl (test/etcd-real.test.ts).
# Elsewhere it says what to install and fails. `.ci/run` and the README's test command run it.
set -euo pipefail

need=""
command -v openssl >/dev/null 2>&1 || need="$need openssl"
command -v etcd >/dev/null 2>&1 || need="$need etcd-server"
command -v etcdctl >/dev/null 2>&1 || need="$need etcd-client"
[ -z "$need" ] && exit 0

if command -v apt-get >/dev/null 2>&1; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  # The etcd-server package's service is not started here (no init system in CI; the tests use
  # free ports, so a system etcd on 2379 never clashes).
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $need >/dev/null
  exit 0
fi
echo "npm test needs:$need (Debian/Ubuntu packages; on macOS: brew install openssl etcd)" >&2
exit 1

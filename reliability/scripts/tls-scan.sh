#!/usr/bin/env bash
# Scans the TLS upload server with testssl.sh and fails on any vulnerability or weak protocol.
#
#   reliability/scripts/tls-scan.sh [transport]      # default: nio; e.g. epoll
#
# 1. installs testssl.sh (Debian package) if missing; falls back to sslscan if it is not served;
# 2. builds the reliability test classes and starts TlsUploadServerMain on loopback (library
#    defaults: TLS 1.3/1.2, AEAD suites; a fresh self-signed EC P-256 certificate);
# 3. scans 127.0.0.1:<port>, writes target/tls-scan/{testssl.json,testssl.log,summary.txt};
# 4. exits non-zero if a finding is MEDIUM, HIGH or CRITICAL, or a weak protocol (SSLv2, SSLv3,
#    TLS 1.0, TLS 1.1) is offered. Two kinds of findings are listed but not counted:
#    - those that only say the test certificate is self-signed (trust chain, revocation URLs, CT,
#      CAA...): they describe the throw-away test certificate, not the server;
#    - testssl's advice on HTTP response headers for browsers (security_headers such as
#      X-Frame-Options/CSP, HSTS, banners, cookies): application policy of an upload API that
#      serves no pages, not a TLS vulnerability or weak protocol.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
root=$(cd "$here/.." && pwd)
transport=${1:-nio}
out="$here/target/tls-scan"
rm -rf "$out"
mkdir -p "$out/uploads"

scanner=""
if command -v testssl >/dev/null 2>&1 || command -v testssl.sh >/dev/null 2>&1; then
  scanner=testssl
else
  echo "== installing testssl.sh (Debian package)"
  if { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq testssl.sh; } >"$out/apt.log" 2>&1; then
    scanner=testssl
  else
    echo "testssl.sh is not served here (see $out/apt.log); trying sslscan instead"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq sslscan >>"$out/apt.log" 2>&1
    scanner=sslscan
  fi
fi
testssl_bin=$(command -v testssl || command -v testssl.sh || true)

echo "== building the server (reliability test classes)"
(cd "$root" && mvn -B -q -pl reliability test-compile dependency:build-classpath \
    -Dmdep.outputFile="$out/classpath.txt" -Dmdep.includeScope=test)

echo "== starting the TLS upload server on loopback (transport $transport)"
java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$here/target/test-classes:$(cat "$out/classpath.txt")" \
  dev.loopwork.reliability.TlsUploadServerMain --transport "$transport" --port-file "$out/port" \
  --dir "$out/uploads" --max-seconds 1800 >"$out/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do
  [ -s "$out/port" ] && break
  kill -0 "$server" 2>/dev/null || { echo "the server died:"; cat "$out/server.log"; exit 1; }
  sleep 0.1
done
[ -s "$out/port" ] || { echo "the server did not start within 60 s"; cat "$out/server.log"; exit 1; }
port=$(cat "$out/port")
cat "$out/server.log"

if [ "$scanner" = testssl ]; then
  echo "== testssl.sh $("$testssl_bin" --version 2>/dev/null | grep -m1 -oE 'testssl(.sh)? +[0-9][0-9.a-z+-]*' || true) on 127.0.0.1:$port"
  set +e
  timeout 1500 "$testssl_bin" --quiet --color 0 --warnings off --ip one --jsonfile "$out/testssl.json" \
    "127.0.0.1:$port" >"$out/testssl.log" 2>&1
  rc=$?
  set -e
  echo "testssl.sh exit code $rc (its code counts findings of any level; the verdict below is ours)"
  [ -s "$out/testssl.json" ] || { echo "no JSON from testssl.sh"; tail -50 "$out/testssl.log"; exit 1; }
  python3 - "$out/testssl.json" "$out/summary.txt" <<'PY'
import json, sys
findings = json.load(open(sys.argv[1]))
# Facts about the throw-away self-signed test certificate, not about the server.
CERT_ONLY = ("cert_chain_of_trust", "cert_trust", "cert_caIssuers", "cert_crlDistributionPoints",
             "cert_ocspURL", "OCSP_stapling", "cert_mustStapleExtension", "cert_certificateTransparency",
             "DNS_CAArecord", "cert_revocation", "cert_validityPeriod", "cert_expirationStatus", "cert_extlifeSpan",
             "cert_subjectAltName", "cert_commonName", "cert_trust_wildcard", "cert_notAfter")
HTTP_ADVICE = ("security_headers", "HSTS", "HPKP", "banner_", "cookie_", "X-")
WEAK = {"SSLv2", "SSLv3", "TLS1", "TLS1_1"}
bad, waived, advice, counts = [], [], [], {}
for f in findings:
    sev, fid, text = f.get("severity", ""), f.get("id", ""), f.get("finding", "")
    counts[sev] = counts.get(sev, 0) + 1
    weak = fid in WEAK and "offered" in text and "not offered" not in text
    serious = sev in ("MEDIUM", "HIGH", "CRITICAL")
    if weak or serious:
        if not weak and fid.startswith(CERT_ONLY):
            waived.append(f)
        elif not weak and fid.startswith(HTTP_ADVICE):
            advice.append(f)
        else:
            bad.append(f)
lines = ["findings by severity: " + ", ".join(f"{k or '-'} {v}" for k, v in sorted(counts.items()))]
for f in findings:
    if f["id"] in ("SSLv2", "SSLv3", "TLS1", "TLS1_1", "TLS1_2", "TLS1_3", "cipherlist_NULL", "cipherlist_aNULL",
                   "cipherlist_EXPORT", "cipherlist_LOW", "cipherlist_3DES_IDEA", "cipherlist_OBSOLETED",
                   "cipherlist_STRONG_NOFS", "cipherlist_STRONG_FS", "FS", "heartbleed", "CCS", "ticketbleed",
                   "ROBOT", "secure_renego", "secure_client_renego", "CRIME_TLS", "BREACH", "POODLE_SSL",
                   "fallback_SCSV", "SWEET32", "FREAK", "DROWN", "LOGJAM", "BEAST", "LUCKY13", "winshock", "RC4",
                   "overall_grade"):
        lines.append(f"  {f['id']:<24} {f.get('severity',''):<8} {f.get('finding','')}")
lines.append(f"waived (self-signed test certificate): {len(waived)}")
for f in waived:
    lines.append(f"  {f['id']:<24} {f.get('severity',''):<8} {f.get('finding','')}")
lines.append(f"not TLS: HTTP header advice for browsers: {len(advice)}")
for f in advice:
    lines.append(f"  {f['id']:<24} {f.get('severity',''):<8} {f.get('finding','')}")
lines.append(f"FAILING findings: {len(bad)}")
for f in bad:
    lines.append(f"  {f['id']:<24} {f.get('severity',''):<8} {f.get('finding','')}")
open(sys.argv[2], "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
sys.exit(1 if bad else 0)
PY
else
  echo "== sslscan on 127.0.0.1:$port"
  sslscan --no-colour "127.0.0.1:$port" | tee "$out/sslscan.log"
  if grep -E '^(SSLv2|SSLv3|TLSv1\.0|TLSv1\.1) +enabled' "$out/sslscan.log" \
     || grep -Ei 'vulnerable to heartbleed|Insecure session renegotiation supported|Compression enabled' "$out/sslscan.log" \
     || grep -E '^(Accepted|Preferred).*(NULL|EXP|RC4|DES|MD5|anon)' "$out/sslscan.log"; then
    echo "FAILING: weak protocol, cipher or vulnerability (above)"; exit 1
  fi
  echo "sslscan: no weak protocol, cipher or vulnerability"
fi

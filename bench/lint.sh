#!/usr/bin/env bash
# Times `understudy lint` (release build, official schema check and every rule on) on the largest corpus
# documents and contract-fit, side by side in one run with openapi-spec-validator 0.9.0 (PyPI, all errors),
# and with PyYAML's libyaml-based CSafeLoader only parsing the same file (no checks at all).
# Medians of 5 runs, peak RSS. Targets: lint at least 5x faster than openapi-spec-validator on the largest
# documents; memory above the process baseline < 10x the file size (the target set when lint was first timed).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
corpus="${UNDERSTUDY_CORPUS:-$root/../shared/corpus}"
venv="${OSV_VENV:-/tmp/venv-osv}"
export PATH="/opt/swift/usr/bin:$PATH"
"$root/scripts/bootstrap"
if [ ! -x "$venv/bin/openapi-spec-validator" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet openapi-spec-validator==0.9.0
fi
swift build -c release --package-path "$root" --product understudy >/dev/null
bin="$root/.build/release/understudy"
runs=5
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
/usr/bin/time -o "$tmp" -f "%M" "$bin" --version >/dev/null
base=$(tail -1 "$tmp")
echo "process baseline RSS (understudy --version): $((base / 1024)) MB"
printf "%-44s %6s %7s %7s %8s %8s %7s %8s %9s\n" document MB lint_s rss_MB net/size osv_s yaml_s osv/lint lint/yaml
for file in public/kubernetes.io_v1.10.0.yaml public/github.com_api.github.com_1.1.4.yaml \
  public/stripe.com_2020-08-27.yaml public/azure.com_web-WebApps_2019-08-01.yaml contract-fit.openapi.yaml; do
  path="$corpus/$file"
  bytes=$(stat -c %s "$path")
  walls=(); rsss=(); osvs=(); refs=()
  for _ in $(seq $runs); do
    /usr/bin/time -o "$tmp" -f "%e %M" "$bin" lint "$path" >/dev/null 2>&1 || true
    out=$(tail -1 "$tmp")
    walls+=("${out% *}"); rsss+=("${out#* }")
    /usr/bin/time -o "$tmp" -f "%e" "$venv/bin/openapi-spec-validator" --validation-errors all "$path" \
      >/dev/null 2>&1 || true
    osvs+=("$(tail -1 "$tmp")")
    /usr/bin/time -o "$tmp" -f "%e" python3 -c \
      "import yaml,sys; yaml.load(open(sys.argv[1]), Loader=yaml.CSafeLoader)" "$path" >/dev/null 2>&1 || true
    refs+=("$(tail -1 "$tmp")")
  done
  wall=$(printf "%s\n" "${walls[@]}" | median)
  rss=$(printf "%s\n" "${rsss[@]}" | median)
  osv=$(printf "%s\n" "${osvs[@]}" | median)
  ref=$(printf "%s\n" "${refs[@]}" | median)
  awk -v f="$(basename "$file")" -v b="$bytes" -v w="$wall" -v r="$rss" -v o="$osv" -v ref="$ref" -v base="$base" 'BEGIN {
    mb = b / 1048576; rmb = r / 1024; net = (r - base) / 1024;
    printf "%-44s %6.2f %7.3f %7.1f %8.1f %8.3f %7.3f %7.1fx %8.2fx\n", f, mb, w, rmb, net / mb, o, ref,
      (w > 0 ? o / w : 0), (ref > 0 ? w / ref : 0) }'
done
echo "(net/size: peak RSS above the process baseline, per MB of document; osv: openapi-spec-validator 0.9.0"
echo " --validation-errors all; yaml: PyYAML CSafeLoader parse only, which"
echo " fails on the Adyen tab; medians of $runs runs)"

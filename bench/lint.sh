#!/usr/bin/env bash
# Times `understudy lint` (release build) on the three largest corpus documents and contract-fit:
# median wall time of 5 runs and peak RSS, next to a reference in the same run: PyYAML's libyaml-based
# CSafeLoader only parsing the same file (no $ref checks, no model). Targets: < 1 s wall, RSS < 10x file size.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
corpus="${UNDERSTUDY_CORPUS:-$root/../shared/corpus}"
export PATH="/opt/swift/usr/bin:$PATH"
"$root/scripts/bootstrap"
swift build -c release --package-path "$root" --product understudy >/dev/null
bin="$root/.build/release/understudy"
runs=5
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
/usr/bin/time -o "$tmp" -f "%M" "$bin" --version >/dev/null
base=$(tail -1 "$tmp")
echo "process baseline RSS (understudy --version): $((base / 1024)) MB"
printf "%-44s %6s %7s %7s %8s %8s %7s %8s\n" document MB wall_s rss_MB rss/size net/size ref_s wall/ref
for file in public/kubernetes.io_v1.10.0.yaml public/github.com_api.github.com_1.1.4.yaml \
  public/stripe.com_2020-08-27.yaml contract-fit.openapi.yaml; do
  path="$corpus/$file"
  bytes=$(stat -c %s "$path")
  walls=(); rsss=(); refs=()
  for _ in $(seq $runs); do
    /usr/bin/time -o "$tmp" -f "%e %M" "$bin" lint --errors-only "$path" >/dev/null 2>&1 || true
    out=$(tail -1 "$tmp")
    walls+=("${out% *}"); rsss+=("${out#* }")
    /usr/bin/time -o "$tmp" -f "%e" python3 -c \
      "import yaml,sys; yaml.load(open(sys.argv[1]), Loader=yaml.CSafeLoader)" "$path" >/dev/null 2>&1 || true
    refs+=("$(tail -1 "$tmp")")
  done
  wall=$(printf "%s\n" "${walls[@]}" | median)
  rss=$(printf "%s\n" "${rsss[@]}" | median)
  ref=$(printf "%s\n" "${refs[@]}" | median)
  awk -v f="$(basename "$file")" -v b="$bytes" -v w="$wall" -v r="$rss" -v ref="$ref" -v base="$base" 'BEGIN {
    mb = b / 1048576; rmb = r / 1024; net = (r - base) / 1024;
    printf "%-44s %6.2f %7.3f %7.1f %8.1f %8.1f %7.3f %8.2f\n", f, mb, w, rmb, rmb / mb, net / mb, ref,
      (ref > 0 ? w / ref : 0) }'
done
echo "(ref: PyYAML CSafeLoader parse only, which fails on the Adyen tab; medians of $runs runs)"

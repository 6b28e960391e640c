#!/usr/bin/env bash
# Runs Schemathesis (PyPI) against `understudy serve` for contract-fit, every corpus public spec and the three
# real-server specs, with the response checks not_a_server_error, status_code_conformance,
# content_type_conformance, response_schema_conformance and response_headers_conformance, valid (positive)
# requests only, a bounded number of examples per operation (EXAMPLES, default 5) and a fixed seed (SEED,
# default 1) so a run can be repeated. Credentials for every
# security scheme of the spec (API key in a header or query, Basic, bearer). Prints one line per spec.
# Usage: scripts/schemathesis.sh [spec...]   (slow: not part of CI)
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
corpus="${UNDERSTUDY_CORPUS:-$root/../shared/corpus}"
examples="${EXAMPLES:-5}"
seed="${SEED:-1}"
venv="${SCHEMATHESIS_VENV:-/tmp/venv-schemathesis}"
export PATH="/opt/swift/usr/bin:$PATH"
"$root/scripts/bootstrap"
[[ -x "$venv/bin/schemathesis" ]] || { python3 -m venv "$venv" && "$venv/bin/pip" install -q schemathesis pyyaml; }
swift build -c release --package-path "$root" --product understudy >/dev/null
bin="$root/.build/release/understudy"
if (($#)); then specs=("$@"); else
  specs=("$corpus/contract-fit.openapi.yaml" "$corpus"/public/*.yaml "$corpus"/real-servers/*.openapi.*)
fi
specs=("${specs[@]/#/$(pwd)/}")
for i in "${!specs[@]}"; do [[ -f "${specs[$i]}" ]] || specs[$i]="${specs[$i]#"$(pwd)/"}"; done
# Schemathesis keeps a cache in its working folder: run it from a scratch one, not the repository.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cd "$scratch"
checks=not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance
printf "%-44s %8s %10s %9s\n" spec cases failures result
for spec in "${specs[@]}"; do
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  "$bin" serve --mount "/=$spec" --port "$port" --log-level error >/dev/null 2>&1 &
  pid=$!
  for _ in $(seq 200); do curl -s -o /dev/null "http://127.0.0.1:$port/__understudy/health" && break; sleep 0.05; done
  # Credentials for the spec's security schemes: header API keys, Basic and bearer as headers (one
  # Authorization header), query API keys through a schemathesis.toml in the scratch folder.
  mapfile -t auth < <("$venv/bin/python" - "$spec" "$scratch/schemathesis.toml" <<'PY'
import json, sys, yaml
text = open(sys.argv[1]).read()
doc = json.loads(text) if sys.argv[1].endswith(".json") else yaml.load(text.replace("\t", " "), Loader=yaml.CSafeLoader)
schemes = (doc.get("components") or {}).get("securitySchemes") or doc.get("securityDefinitions") or {}
headers, toml = {}, []
for name, scheme in schemes.items():
    kind = scheme.get("type")
    if kind == "apiKey" and scheme.get("in") == "header":
        headers.setdefault(scheme["name"].lower(), f"{scheme['name']}: test-key")
    elif kind == "apiKey" and scheme.get("in") == "query":
        toml.append(f'[auth.openapi.{json.dumps(name)}]\napi_key = "test-key"\n')
    elif kind == "basic" or (kind == "http" and scheme.get("scheme", "").lower() == "basic"):
        headers.setdefault("authorization", "Authorization: Basic dXNlcjpwYXNz")
    elif kind in ("http", "oauth2", "openIdConnect"):
        headers.setdefault("authorization", "Authorization: Bearer test-token")
for header in headers.values():
    print("-H"); print(header)
with open(sys.argv[2], "w") as config:
    config.write("".join(toml))
PY
  )
  out=$(timeout 900 "$venv/bin/schemathesis" run "$spec" -u "http://127.0.0.1:$port" "${auth[@]}" -c "$checks" \
    -m positive -n "$examples" --seed "$seed" --no-color --request-timeout 10 2>&1)
  kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
  cases=$(grep -oE '[0-9]+ generated' <<<"$out" | head -1 | cut -d' ' -f1)
  failures=$(grep -oE '[0-9]+ unique failures' <<<"$out" | head -1 | cut -d' ' -f1)
  result=pass; [[ -n "$failures" && "$failures" != 0 ]] && result=FAIL
  grep -q "Schema Loading Error\|Failed to load" <<<"$out" && result=unloadable
  printf "%-44s %8s %10s %9s\n" "$(basename "$spec")" "${cases:-?}" "${failures:-0}" "$result"
  if [[ "$result" != pass ]]; then
    grep -E "^- |Received:|Documented:|is not|ST1[0-9]{2}" <<<"$out" | sort | uniq -c | sort -rn | head -6 | sed 's/^/    /'
    grep -E "^ +curl -X" <<<"$out" | head -4 | cut -c1-220 | sed 's/^ */    reproduce: /'
  fi
done

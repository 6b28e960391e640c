# Shared by the bench scripts (sourced, not run): the tools they need, the release binary, free ports.
# Expects $root (the repository) to be set; sets $bin.

export PATH="/opt/swift/usr/bin:$PATH"

# Installs what is missing from Debian: `bench_require wrk nginx-light` (a package per missing command).
bench_require() {
  local need=() package command
  for package in "$@"; do
    command="${package%-light}"
    command -v "$command" >/dev/null || [[ -x "/usr/sbin/$command" ]] || need+=("$package")
  done
  if ((${#need[@]})); then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null; fi
}

# The release binary: $UNDERSTUDY_BIN when set, else built here.
bench_binary() {
  "$root/scripts/bootstrap"
  bin="${UNDERSTUDY_BIN:-}"
  if [[ -z "$bin" ]]; then
    swift build -c release --package-path "$root" --product understudy >/dev/null
    bin="$root/.build/release/understudy"
  fi
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

wait_for() { for _ in $(seq 200); do curl -s -o /dev/null "$1" && return 0; sleep 0.05; done; echo "no answer from $1" >&2; return 1; }

# The contract the benchmarks serve: /items (a page with limit/offset, a create) and /items/{id}.
bench_contract() {
  cat >"$1" <<'YAML'
openapi: 3.0.3
info: {title: Bench, version: '1'}
paths:
  /items:
    get:
      parameters:
        - {name: limit, in: query, schema: {type: integer, default: 10, maximum: 100}}
        - {name: offset, in: query, schema: {type: integer}}
        - {name: sort, in: query, schema: {type: string}}
      responses:
        '200':
          description: page
          content:
            application/json:
              schema:
                type: object
                properties:
                  count: {type: integer}
                  results: {type: array, items: {$ref: '#/components/schemas/Item'}}
    post:
      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Item'}}}}
      responses:
        '201': {description: created, content: {application/json: {schema: {$ref: '#/components/schemas/Item'}}}}
  /items/{id}:
    get:
      parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
      responses:
        '200': {description: item, content: {application/json: {schema: {$ref: '#/components/schemas/Item'}}}}
        '404': {description: missing}
components:
  schemas:
    Item:
      type: object
      required: [name]
      properties:
        id: {type: integer, readOnly: true}
        name: {type: string}
        price: {type: number}
YAML
}

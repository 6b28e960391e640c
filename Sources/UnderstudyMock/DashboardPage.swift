/// The dashboard at `/__understudy/`: one HTML page with its CSS and JavaScript inline, shipped inside the
/// binary (no build step, no CDN, works offline). It only calls the admin API: the journal live (server-sent
/// events from `/events`), one exchange in full, the state browser (sessions, collections, items edited or
/// removed, a session reset), the mock clock, and forcing the next answer of an operation. With
/// `--admin-token`, open it as `/__understudy/?token=TOKEN`.
enum DashboardPage {
    static var response: MockResponse {
        MockResponse(
            status: 200,
            headers: [
                ("Content-Type", "text/html; charset=utf-8"), ("Cache-Control", "no-store"),
                (
                    "Content-Security-Policy",
                    "default-src 'self'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; connect-src 'self'"
                ),
            ],
            body: Array(html.utf8))
    }

    static let html = #"""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="color-scheme" content="light dark">
        <title>Understudy dashboard</title>
        <style>
          :root { --bg: #fbfbfa; --fg: #1d1f21; --muted: #6b6f76; --line: #dcdfe3; --panel: #ffffff;
                  --accent: #2456c7; --ok: #1f7a3a; --warn: #9a6300; --bad: #b3261e; --pick: #e8effc; }
          @media (prefers-color-scheme: dark) {
            :root { --bg: #15171a; --fg: #e6e8eb; --muted: #9aa0a8; --line: #2e3238; --panel: #1c1f23;
                    --accent: #8ab1ff; --ok: #6fd08c; --warn: #f0b45a; --bad: #ff8a80; --pick: #22304a; }
          }
          * { box-sizing: border-box; }
          body { margin: 0; font: 14px/1.45 system-ui, sans-serif; background: var(--bg); color: var(--fg); }
          header { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; padding: .6rem 1rem;
                   border-bottom: 1px solid var(--line); background: var(--panel); }
          header h1 { font-size: 1rem; margin: 0; }
          header .contracts { color: var(--muted); flex: 1 1 12rem; }
          nav { display: flex; gap: .25rem; }
          nav button[aria-selected="true"] { background: var(--accent); color: var(--bg); border-color: var(--accent); }
          button, input, select, textarea { font: inherit; color: inherit; background: var(--panel);
                   border: 1px solid var(--line); border-radius: 4px; padding: .25rem .5rem; }
          button { cursor: pointer; }
          button.danger { color: var(--bad); }
          main { padding: .75rem 1rem; }
          section[hidden] { display: none; }
          .split { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 1rem; }
          @media (max-width: 800px) { .split { grid-template-columns: minmax(0, 1fr); } }
          table { width: 100%; border-collapse: collapse; }
          th, td { text-align: left; padding: .2rem .4rem; border-bottom: 1px solid var(--line); white-space: nowrap; }
          td.path { white-space: normal; word-break: break-all; }
          tbody tr { cursor: pointer; }
          tbody tr:hover, tbody tr.picked { background: var(--pick); }
          .s2 { color: var(--ok); } .s3 { color: var(--accent); } .s4 { color: var(--warn); } .s5 { color: var(--bad); }
          .muted { color: var(--muted); }
          .panel { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: .75rem; min-width: 0; }
          pre { white-space: pre-wrap; word-break: break-all; margin: .25rem 0 .75rem; font: 12px/1.4 ui-monospace, monospace; }
          h2 { font-size: .95rem; margin: .25rem 0 .5rem; }
          h3 { font-size: .85rem; margin: .5rem 0 .2rem; color: var(--muted); }
          .row { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; margin-bottom: .5rem; }
          textarea { width: 100%; min-height: 10rem; font: 12px/1.4 ui-monospace, monospace; }
          .issues li { color: var(--bad); } .repairs li { color: var(--warn); }
          .list { max-height: 60vh; overflow: auto; }
          #notice { min-height: 1.2rem; color: var(--muted); }
        </style>
        </head>
        <body>
        <header>
          <h1>Understudy</h1>
          <span class="contracts" id="contracts">…</span>
          <span id="clock" title="the mock's clock">…</span>
          <span class="row" style="margin:0">
            <button data-advance="1m">+1m</button><button data-advance="1h">+1h</button><button data-advance="1d">+1d</button>
            <input id="clock-set" placeholder="2024-06-01T12:00:00Z" size="20" aria-label="set the clock to">
            <button id="clock-set-button">Set</button><button id="clock-reset">Real time</button>
          </span>
          <nav role="tablist">
            <button role="tab" data-tab="journal" aria-selected="true">Journal</button>
            <button role="tab" data-tab="state" aria-selected="false">State</button>
            <button role="tab" data-tab="force" aria-selected="false">Force</button>
          </nav>
        </header>
        <main>
          <div id="notice" role="status"></div>
          <section id="journal">
            <div class="row">
              <input id="filter" placeholder="filter: path, operation, status, session" size="36" aria-label="filter">
              <label><input type="checkbox" id="live" checked> live</label>
              <span class="muted" id="count"></span>
            </div>
            <div class="split">
              <div class="panel list">
                <table>
                  <thead><tr><th>#</th><th>time</th><th>method</th><th>path</th><th>operation</th><th>status</th><th>ms</th><th>session</th></tr></thead>
                  <tbody id="requests"></tbody>
                </table>
              </div>
              <div class="panel" id="detail"><p class="muted">Pick a request to see it in full.</p></div>
            </div>
          </section>
          <section id="state" hidden>
            <div class="row">
              <label>session <select id="sessions"></select></label>
              <button id="refresh-state">Refresh</button>
              <button id="reset-session" class="danger">Reset this session</button>
            </div>
            <div class="split">
              <div class="panel list" id="collections"></div>
              <div class="panel" id="item">
                <p class="muted">Pick an item to view, edit or delete it.</p>
              </div>
            </div>
          </section>
          <section id="force" hidden>
            <div class="panel">
              <h2>Force the next answer</h2>
              <div class="row">
                <label>operation <select id="force-operation"></select></label>
                <label>status <select id="force-status"></select></label>
                <label>or <input id="force-custom" size="4" placeholder="500" aria-label="any status"></label>
                <label>example <select id="force-example"></select></label>
              </div>
              <div class="row">
                <label>fault <select id="force-fault"><option value="">none</option><option>close</option><option>truncate</option></select></label>
                <label>latency <input id="force-latency" size="6" placeholder="1500ms"></label>
                <label>times <input id="force-times" size="3" value="1"></label>
                <label>session <input id="force-session" size="10" placeholder="any"></label>
                <button id="force-button">Force</button>
                <button id="force-clear" class="danger">Clear all</button>
              </div>
              <h3>Waiting to be used</h3>
              <pre id="forced">none</pre>
            </div>
          </section>
        </main>
        <script>
        "use strict";
        const base = location.pathname.replace(/\/+$/, "");
        const token = new URLSearchParams(location.search).get("token");
        const headers = token ? { "Authorization": "Bearer " + token } : {};
        const $ = (id) => document.getElementById(id);
        const text = (value) => document.createTextNode(value == null ? "" : String(value));
        function el(name, attributes, ...children) {
          const node = document.createElement(name);
          for (const [key, value] of Object.entries(attributes || {})) node.setAttribute(key, value);
          for (const child of children) node.append(child instanceof Node ? child : text(child));
          return node;
        }
        async function call(method, path, body) {
          const init = { method, headers: { ...headers } };
          if (body !== undefined) { init.body = JSON.stringify(body); init.headers["Content-Type"] = "application/json"; }
          const response = await fetch(base + path, init);
          const type = response.headers.get("Content-Type") || "";
          const data = type.includes("json") ? await response.json() : await response.text();
          if (!response.ok) throw new Error((data && data.detail) || response.status);
          return data;
        }
        function notice(message) { $("notice").textContent = message; }
        const pretty = (value) => JSON.stringify(value, null, 2);

        // Tabs
        for (const tab of document.querySelectorAll("nav [data-tab]")) {
          tab.addEventListener("click", () => {
            for (const other of document.querySelectorAll("nav [data-tab]")) {
              other.setAttribute("aria-selected", String(other === tab));
              $(other.dataset.tab).hidden = other !== tab;
            }
            if (tab.dataset.tab === "state") loadSessions();
            if (tab.dataset.tab === "force") loadForce();
          });
        }

        // Health and clock
        async function loadHealth() {
          const health = await call("GET", "/health");
          $("contracts").textContent = health.contracts.map((c) => `${c.title || c.file} at ${c.mount} (${c.operations} operations)`).join(" · ")
            + (health.persistent ? " · state kept in a file" : "");
        }
        function showClock(clock) { $("clock").textContent = "clock " + clock.now + (clock.advanced ? ` (+${clock.advanced}s)` : ""); }
        async function loadClock() { showClock(await call("GET", "/clock")); }
        for (const button of document.querySelectorAll("[data-advance]")) {
          button.addEventListener("click", async () => showClock(await call("POST", "/clock", { advance: button.dataset.advance })));
        }
        $("clock-set-button").addEventListener("click", async () => {
          try { showClock(await call("POST", "/clock", { set: $("clock-set").value.trim() })); } catch (error) { notice(error.message); }
        });
        $("clock-reset").addEventListener("click", async () => showClock(await call("POST", "/clock", { reset: true })));

        // Journal
        const records = new Map();
        let picked = null;
        function matches(record) {
          const filter = $("filter").value.trim().toLowerCase();
          if (!filter) return true;
          return [record.path, record.operationId, record.status, record.session, record.method].join(" ").toLowerCase().includes(filter);
        }
        function row(record) {
          const tr = el("tr", { "data-id": record.id },
            el("td", {}, record.id), el("td", {}, record.time.slice(11, 19)), el("td", {}, record.method),
            el("td", { class: "path" }, record.path), el("td", {}, record.operationId || "–"),
            el("td", { class: "s" + String(record.status)[0] }, record.status), el("td", {}, record.ms),
            el("td", {}, record.session));
          if (record.validation.length) tr.title = record.validation.join("\n");
          tr.addEventListener("click", () => pick(record.id));
          return tr;
        }
        function render() {
          const body = $("requests");
          body.replaceChildren(...[...records.values()].filter(matches).reverse().map(row));
          $("count").textContent = records.size + " requests";
          if (picked != null) body.querySelector(`[data-id="${picked}"]`)?.classList.add("picked");
        }
        function add(record) {
          records.set(record.id, record);
          while (records.size > 500) records.delete(records.keys().next().value);
        }
        function list(title, items, className) {
          if (!items || !items.length) return [];
          return [el("h3", {}, title), el("ul", { class: className }, ...items.map((item) => el("li", {}, item)))];
        }
        function bodyText(body) { return body == null ? "(none)" : "json" in body ? pretty(body.json) : body.text; }
        function headerText(list) { return list.map(([name, value]) => `${name}: ${value}`).join("\n") || "(none)"; }
        async function pick(id) {
          picked = id;
          render();
          const record = await call("GET", "/requests/" + id);
          $("detail").replaceChildren(
            el("h2", {}, `${record.method} ${record.path} → ${record.status}`),
            el("p", { class: "muted" }, `${record.operationId || "no operation"} · ${record.behavior || "–"} · session ${record.session} · ${record.ms} ms · ${record.time}`),
            ...list("Validation issues", record.validation, "issues"),
            ...list("Repairs the mock made to its answer", record.repairs, "repairs"),
            ...(record.forced ? [el("h3", {}, "Forced through the admin API"), el("pre", {}, pretty(record.forced))] : []),
            el("h3", {}, "Request"), el("pre", { id: "detail-request" }, (record.request.query ? "?" + record.request.query + "\n" : "") + headerText(record.request.headers) + "\n\n" + bodyText(record.request.body)),
            el("h3", {}, "Response"), el("pre", { id: "detail-response" }, headerText(record.response.headers) + "\n\n" + bodyText(record.response.body)));
        }
        $("filter").addEventListener("input", render);
        async function loadJournal() {
          const answer = await call("GET", "/requests?limit=500");
          for (const record of answer.requests) add(record);
          render();
        }
        function listen() {
          const source = new EventSource(base + "/events" + (token ? "?token=" + encodeURIComponent(token) : ""));
          source.addEventListener("request", (event) => {
            add(JSON.parse(event.data));
            if ($("live").checked) render();
          });
          source.addEventListener("open", () => notice("live"));
          source.addEventListener("error", () => notice("live feed lost; retrying…"));
        }

        // State
        let state = null;
        async function loadSessions() {
          const answer = await call("GET", "/sessions");
          const select = $("sessions");
          const current = select.value;
          select.replaceChildren(...answer.sessions.map((s) => el("option", { value: s.name }, s.name)));
          if (answer.sessions.some((s) => s.name === current)) select.value = current;
          await loadState();
        }
        async function loadState() {
          const session = $("sessions").value;
          if (!session) { $("collections").replaceChildren(el("p", { class: "muted" }, "No session holds state yet.")); return; }
          state = await call("GET", "/state?session=" + encodeURIComponent(session));
          const blocks = [];
          for (const [key, collection] of Object.entries(state.collections || {})) {
            if (key.startsWith("\u0001")) continue;
            blocks.push(el("h2", {}, `${key} (${collection.items.length})`));
            const table = el("table", { "data-collection": key });
            const body = el("tbody");
            for (const item of collection.items) {
              const tr = el("tr", { "data-id": item.id }, el("td", {}, item.id), el("td", { class: "path muted" }, JSON.stringify(item.value).slice(0, 80)));
              tr.addEventListener("click", () => showItem(session, key, item));
              body.append(tr);
            }
            table.append(body);
            blocks.push(table);
          }
          $("collections").replaceChildren(...(blocks.length ? blocks : [el("p", { class: "muted" }, "This session holds no items.")]));
        }
        function showItem(session, collection, item) {
          const area = el("textarea", { id: "item-json", "aria-label": "item as JSON" });
          area.value = pretty(item.value);
          const save = el("button", { id: "item-save" }, "Save");
          const remove = el("button", { id: "item-delete", class: "danger" }, "Delete");
          const where = `/items?session=${encodeURIComponent(session)}&collection=${encodeURIComponent(collection)}&id=${encodeURIComponent(item.id)}`;
          save.addEventListener("click", async () => {
            try { await call("PUT", where, JSON.parse(area.value)); notice(`saved ${item.id}`); await loadState(); }
            catch (error) { notice("not saved: " + error.message); }
          });
          remove.addEventListener("click", async () => {
            await call("DELETE", where); notice(`deleted ${item.id}`);
            $("item").replaceChildren(el("p", { class: "muted" }, "Deleted.")); await loadState();
          });
          $("item").replaceChildren(el("h2", {}, `${collection} › ${item.id}`), area, el("div", { class: "row" }, save, remove));
        }
        $("sessions").addEventListener("change", loadState);
        $("refresh-state").addEventListener("click", loadSessions);
        $("reset-session").addEventListener("click", async () => {
          const session = $("sessions").value;
          if (!session || !confirm(`Forget everything session ${session} holds?`)) return;
          await call("POST", "/reset?session=" + encodeURIComponent(session)); notice(`session ${session} reset`); await loadSessions();
        });

        // Forcing
        let operations = [];
        async function loadForce() {
          if (!operations.length) {
            operations = (await call("GET", "/operations")).operations;
            $("force-operation").replaceChildren(el("option", { value: "*" }, "* any operation"),
              ...operations.map((o) => el("option", { value: o.operation }, `${o.operation} (${o.method} ${o.mount === "/" ? "" : o.mount}${o.path})`)));
            fillStatuses();
          }
          showForced((await call("GET", "/force")).forced);
        }
        function fillStatuses() {
          const operation = operations.find((o) => o.operation === $("force-operation").value);
          const statuses = operation ? operation.statuses : [];
          $("force-status").replaceChildren(el("option", { value: "" }, "–"), ...statuses.filter((s) => /^\d+$/.test(s)).map((s) => el("option", { value: s }, s)));
          $("force-example").replaceChildren(el("option", { value: "" }, "–"), ...(operation ? operation.examples : []).map((e) => el("option", { value: e }, e)));
        }
        function showForced(list) { $("forced").textContent = list.length ? list.map((f) => JSON.stringify(f)).join("\n") : "none"; }
        $("force-operation").addEventListener("change", fillStatuses);
        $("force-button").addEventListener("click", async () => {
          const wanted = { operation: $("force-operation").value, times: Number($("force-times").value || 1) };
          const status = $("force-custom").value.trim() || $("force-status").value;
          if (status) wanted.status = Number(status);
          if ($("force-example").value) wanted.example = $("force-example").value;
          if ($("force-fault").value) wanted.fault = $("force-fault").value;
          if ($("force-latency").value.trim()) wanted.latency = $("force-latency").value.trim();
          if ($("force-session").value.trim()) wanted.session = $("force-session").value.trim();
          try { showForced((await call("POST", "/force", wanted)).forced); notice("forced"); }
          catch (error) { notice("not forced: " + error.message); }
        });
        $("force-clear").addEventListener("click", async () => showForced((await call("DELETE", "/force")).forced));

        loadHealth().catch((error) => notice(error.message));
        loadClock();
        setInterval(loadClock, 10000);
        loadJournal().then(listen);
        </script>
        </body>
        </html>
        """#
}

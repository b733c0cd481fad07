// The phone's HTTP side: serves examples/phone, the built rxsip bundle and rxjs to the page,
// and /config.json (which server to connect to). With no `server` it starts rxsip/testing's
// registrar/proxy on a loopback WebSocket in this process. Used by `npm start` and the e2e test.
import { readFile, stat } from "node:fs/promises";
import { createServer } from "node:http";
import { extname, join, normalize, sep } from "node:path";
import { startRegistrar } from "rxsip/testing";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".map": "application/json",
  ".svg": "image/svg+xml",
};

/**
 * Where the page gets `rxsip` and `rxjs`: the browser bundle when it was built
 * (dist/browser/rxsip.min.js, rxjs inside), else the ESM build; rxjs for the page itself
 * comes from its UMD bundle either way.
 */
async function importMap(root) {
  for (const candidate of ["dist/browser/rxsip.min.js"]) {
    if (await isFile(join(root, candidate))) return { imports: { rxsip: `/${candidate}`, rxjs: "/vendor/rxjs.mjs" } };
  }
  return { imports: { rxsip: "/dist/esm/index.js", rxjs: "/vendor/rxjs.mjs" } };
}

/**
 * rxjs for the page as one ES module: its UMD bundle (rxjs's ESM files import paths without
 * extensions, which browsers do not resolve), loaded by index.html, re-exported by name.
 */
async function rxjsModule() {
  const rx = await import("rxjs");
  const names = Object.keys(rx).filter((n) => /^[A-Za-z_$][\w$]*$/.test(n) && n !== "default");
  return `const rx = globalThis.rxjs; // index.html loads rxjs's UMD bundle as a classic script first\nif (!rx) throw new Error("rxjs did not load");\nexport const { ${names.join(", ")} } = rx;\n`;
}

async function isFile(path) {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** The file a URL path names under one of the served roots, or undefined (no escaping the roots). */
function resolvePath(root, urlPath) {
  const mounts = [
    ["/dist/", join(root, "dist")],
    ["/vendor/rxjs/", join(root, "node_modules/rxjs")],
    ["/", join(root, "examples/phone")],
  ];
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes("\0")) return undefined;
  for (const [prefix, dir] of mounts) {
    if (!decoded.startsWith(prefix)) continue;
    const rest = decoded.slice(prefix.length) || "index.html";
    const full = normalize(join(dir, rest));
    if (!full.startsWith(dir + sep)) return undefined;
    if (prefix === "/" && /\.(mjs)$/.test(full) && /server|smoke/.test(full)) return undefined; // Node-side files stay private
    return full;
  }
  return undefined;
}

/**
 * Starts the phone: `{ url, server, registrar, stop() }`.
 * @param {{ root: string, host?: string, port?: number, server?: string, domain?: string }} options
 */
export async function startPhone(options) {
  const host = options.host ?? "127.0.0.1";
  const registrar = options.server ? undefined : await startRegistrar({ ws: true, host });
  const server = options.server ?? registrar.addresses.urls.ws;
  const domain = options.domain ?? (options.server ? new URL(options.server).hostname : "rxsip.test");
  const config = JSON.stringify({ server, domain, embedded: registrar !== undefined });
  let rxjsSource;

  const http = createServer(async (req, res) => {
    const send = (code, type, body) => {
      res.writeHead(code, { "content-type": type, "cache-control": "no-store", "x-content-type-options": "nosniff" });
      res.end(body);
    };
    if (req.method !== "GET" && req.method !== "HEAD") return send(405, "text/plain", "method not allowed\n");
    const path = (req.url ?? "/").split("?")[0];
    if (path === "/config.json") return send(200, "application/json", config);
    if (path === "/vendor/rxjs.mjs") return send(200, TYPES[".mjs"], (rxjsSource ??= await rxjsModule()));
    if (path === "/bindings.json" && registrar) {
      return send(200, "application/json", JSON.stringify(registrar.bindings.map((b) => ({ aor: b.aor, contact: String(b.contact) }))));
    }
    const file = resolvePath(options.root, path);
    if (file === undefined) return send(404, "text/plain", "not found\n");
    try {
      let body = await readFile(file);
      if (file.endsWith(`${sep}index.html`)) {
        body = body.toString("utf8").replace("<!--importmap-->", `<script type="importmap">${JSON.stringify(await importMap(options.root))}</script>`);
      }
      send(200, TYPES[extname(file)] ?? "application/octet-stream", req.method === "HEAD" ? "" : body);
    } catch {
      send(404, "text/plain", "not found\n");
    }
  });
  const listen = (port) =>
    new Promise((resolve, reject) => {
      http.once("error", reject);
      http.listen(port, host, () => {
        http.off("error", reject);
        resolve(http.address().port);
      });
    });
  let port;
  try {
    port = await listen(options.port ?? 8088);
  } catch (e) {
    if (e?.code !== "EADDRINUSE") throw e;
    port = await listen(0); // the usual port is taken: any free one
  }
  const url = `http://${host}:${port}/`;
  return {
    url,
    server,
    domain,
    registrar,
    async stop() {
      http.closeAllConnections?.();
      await new Promise((r) => http.close(() => r(undefined)));
      await registrar?.stop();
    },
  };
}

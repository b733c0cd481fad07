import { join } from "node:path";
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/** examples/phone/server.mjs serves the page and what it imports, and nothing else. */
function get(url: string, path: string, method = "GET"): Promise<{ status: number; body: string; type: string }> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    // a raw path, so "../" reaches the server as typed
    const req = request({ host: u.hostname, port: u.port, path, method }, (res) => {
      let body = "";
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body, type: String(res.headers["content-type"]) }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("the phone's HTTP server", () => {
  let phone: { url: string; server: string; stop(): Promise<void> };
  beforeAll(async () => {
    // @ts-expect-error a plain ES module example without declarations
    const { startPhone } = await import("../../examples/phone/server.mjs");
    phone = await startPhone({ root: join(import.meta.dirname, "../.."), port: 0 });
  });
  afterAll(() => phone?.stop());

  it("serves the page with an import map, its config, rxjs as a module and the built rxsip", async () => {
    const page = await get(phone.url, "/?user=alice");
    expect(page.status).toBe(200);
    expect(page.body).toMatch(/<script type="importmap">\{"imports":\{"rxsip":"\/dist\/[^"]+","rxjs":"\/vendor\/rxjs\.mjs"\}\}<\/script>/);
    expect(JSON.parse((await get(phone.url, "/config.json")).body)).toEqual({ server: phone.server, domain: "rxsip.test", embedded: true });
    const rx = await get(phone.url, "/vendor/rxjs.mjs");
    expect(rx.type).toContain("text/javascript");
    expect(rx.body).toContain("BehaviorSubject");
    expect((await get(phone.url, "/phone.js")).status).toBe(200);
    expect((await get(phone.url, "/dist/esm/index.js")).status).toBe(200);
  });

  it("answers 404 outside what it serves and 405 to other methods", async () => {
    for (const path of ["/../package.json", "/dist/../package.json", "/%2e%2e/package.json", "/vendor/rxjs/../../package.json", "/server.mjs", "/smoke.mjs", "/%E0%A4%A"]) {
      expect((await get(phone.url, path)).status, path).toBe(404);
    }
    expect((await get(phone.url, "/", "POST")).status).toBe(405);
  });
});

/**
 * The hand-written header-value parser against the peggy grammar it replaces (the oracle):
 * every start rule must give the same data, or both must reject the value at the same
 * offset, on (a) every header value of the RFC 4475 / RFC 5118 torture corpus, (b) rxsip's
 * own conformance messages and (c) seeded random values built from SIP syntax and mutated.
 * Every value is tried with every rule, so each rule also meets values of other headers.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { describeWithCorpus } from "../../corpus.js";
import { OWN_FIXTURES } from "../../conformance/fixtures/messages.js";
import { loadManifest, TORTURE_DIR, tortureBytes } from "../../conformance/torture.js";
import { headerValues } from "./differential/headerValues.js";
import { expectSameOutcome, newTally, RULES, type Tally } from "./differential/oracle.js";
import { randomValues } from "./differential/randomValues.js";

function compareMessage(text: string, tally: Tally): void {
  const { requestUri, headers } = headerValues(text);
  const values = requestUri === "" ? headers.map(([, v]) => v) : [requestUri, ...headers.map(([, v]) => v)];
  for (const v of values) for (const rule of RULES) expectSameOutcome(rule, v, tally);
}

describeWithCorpus("hand-written parser = peggy grammar on the RFC torture corpus", () => {
  it("every header value and Request-URI of every message, with every rule", () => {
    const manifest = loadManifest();
    expect(manifest.length).toBeGreaterThan(50);
    // the manifest's messages and the raw archive copies beside them (LF line ends)
    const files = readdirSync(TORTURE_DIR, { recursive: true, encoding: "utf8" }).filter((f) => !/(^|\/)(manifest\.json|README\.md)$/.test(f) && statSync(join(TORTURE_DIR, f)).isFile());
    expect(files).toEqual(expect.arrayContaining(manifest.map((e) => e.file)));
    const tally = newTally();
    for (const file of files) {
      const bytes = tortureBytes(file);
      compareMessage(new TextDecoder().decode(bytes), tally);
      compareMessage(new TextDecoder("latin1").decode(bytes), tally);
    }
    expect(tally.accepted).toBeGreaterThan(1000);
    expect(tally.rejected).toBeGreaterThan(1000);
  });
});

describe("hand-written parser = peggy grammar", () => {
  it("on rxsip's own conformance messages, every header value with every rule", () => {
    const tally = newTally();
    for (const f of OWN_FIXTURES) compareMessage(f.text, tally);
    expect(tally.accepted).toBeGreaterThan(200);
    expect(tally.rejected).toBeGreaterThan(200);
  });

  it("on 6000 seeded random and mutated values, with every rule", () => {
    const samples = OWN_FIXTURES.flatMap((f) => headerValues(f.text).headers.map(([, v]) => v));
    const tally = newTally();
    for (const v of randomValues(0x5eed, 6000, samples)) for (const rule of RULES) expectSameOutcome(rule, v, tally);
    expect(tally.accepted).toBeGreaterThan(3000);
    expect(tally.rejected).toBeGreaterThan(3000);
  });
});

describe("the peggy parser at run time", () => {
  it("no file of src/ imports the generated peggy parser (it is the tests' oracle only)", () => {
    const src = resolve(dirname(fileURLToPath(import.meta.url)), "../../../src");
    const files = readdirSync(src, { recursive: true, encoding: "utf8" }).filter((f) => /\.[cm]?[jt]s$/.test(f) && !f.includes("generated"));
    expect(files.length).toBeGreaterThan(100);
    const importers = files.filter((f) => /from\s+["'][^"']*generated\/sip-parser/.test(readFileSync(join(src, f), "utf8")));
    expect(importers).toEqual([]);
  });
});

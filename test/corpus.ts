import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, it } from "vitest";

/**
 * The RFC 4475 / RFC 5118 torture corpus, read in place from ../shared/rfc-torture beside
 * the checkout (as in CI), never copied into the project. Tests that read it use
 * {@link describeWithCorpus}: under CI=true a missing corpus is a failure; elsewhere (a
 * user's clone) those tests are skipped with a one-line notice, and the project's own
 * conformance messages (test/conformance/fixtures) still cover the same classes of fault.
 */
export const CORPUS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../../shared/rfc-torture");

export const corpusPresent: boolean = existsSync(resolve(CORPUS_DIR, "manifest.json"));

const ci = process.env["CI"] === "true" || process.env["CI"] === "1";

let noticed = false;

/** `describe` for tests that need the corpus: runs when it is there; fails under CI=true when it is not; else skips. */
export function describeWithCorpus(name: string, body: () => void): void {
  if (corpusPresent) {
    describe(name, body);
    return;
  }
  if (ci) {
    describe(name, () => {
      it("needs the RFC torture corpus at ../shared/rfc-torture (required under CI=true)", () => {
        throw new Error(`the RFC torture corpus is missing: ${CORPUS_DIR}`);
      });
    });
    return;
  }
  if (!noticed) {
    noticed = true;
    console.info(`rxsip: ${CORPUS_DIR} not found; RFC torture corpus tests skipped (required under CI=true)`);
  }
  describe.skip(name, body);
}

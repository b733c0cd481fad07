import { readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/**
 * No ECMAScript `#private` members in src/: a method that touches one throws ("Receiver must be
 * an instance of class ...") when it runs on a Proxy of the object, which is how Vue's
 * reactive() and ref() hold an app's objects, deep. Members are TypeScript `private`; the
 * package build gives them short names (scripts/privateNames.mjs), which is what `#` would
 * have saved in an app's bundle. test/package/proxied.test.ts shows a proxied call working.
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

describe("ECMAScript private members", () => {
  it("src/ declares none", () => {
    const files = execFileSync("git", ["ls-files", "src/**/*.ts"], { cwd: root, encoding: "utf8" }).trim().split("\n");
    const found: string[] = [];
    for (const file of files) {
      const sf = ts.createSourceFile(file, readFileSync(resolve(root, file), "utf8"), ts.ScriptTarget.Latest, true);
      const visit = (node: ts.Node): void => {
        if (ts.isPrivateIdentifier(node)) found.push(`${file}:${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1} ${node.text}`);
        ts.forEachChild(node, visit);
      };
      visit(sf);
    }
    expect(found).toEqual([]);
  });
});

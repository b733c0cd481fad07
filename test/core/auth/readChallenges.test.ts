import { describe, expect, it } from "vitest";
import { readChallenges } from "../../../src/core/auth/readChallenges.js";

const realms = (values: string[]) => readChallenges(values).map((c) => `${c.scheme} ${c.params.realm ?? ""} ${c.params.nonce ?? ""}`.trim());

describe("readChallenges: WWW-Authenticate / Proxy-Authenticate values as servers write them", () => {
  it("a comma inside a quoted value does not start a challenge, even when a scheme-like word follows it", () => {
    expect(realms([`Digest realm="a, Digest b=c", nonce="n\\", Basic x", qop="auth,auth-int"`])).toEqual(['Digest a, Digest b=c n", Basic x']);
  });

  it("several challenges in one value and in several values, in order; a bare scheme and a token68 are skipped", () => {
    expect(
      realms([`Negotiate, Digest realm="r1", nonce="1", stale=TRUE, Digest realm = "r2" , nonce = "2"`, "NTLM TlRMTVNTUAACAAAA==", `Basic realm="r3"`]),
    ).toEqual(["Digest r1 1", "Digest r2 2", "Basic r3"]);
  });

  it("huge or malformed values end in an empty or partial list, not an exception", () => {
    const huge = `Digest realm="${"x".repeat(200_000)}", nonce="${",".repeat(100_000)}`;
    expect(readChallenges([huge, "", ",,,", 'Digest realm="unterminated', "Digest ,".repeat(10_000)])).toEqual([]);
    expect(realms([`${"Digest, ".repeat(50_000)}Digest realm="last", nonce="n"`])).toEqual(["Digest last n"]);
  });
});

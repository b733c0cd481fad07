import type { NameAddrData, Params } from "../grammar/ast.js";
import { allIn, quote, TOKEN } from "./charClasses.js";
import { formatParams, Uri } from "./Uri.js";

/**
 * A name-addr / addr-spec with header parameters (From, To, Contact, Route, Refer-To ...),
 * RFC 3261 §20.10, §20.20, §20.39. Always written in name-addr form (`<uri>`), which is
 * valid wherever either form is.
 *
 * @example
 * ```ts
 * import { NameAddr, Uri } from "rxsip/core";
 *
 * const from = new NameAddr({ displayName: "Alice Smith", uri: Uri.sip("alice", "example.com") });
 * from.tag = "1928301774";
 * from.toString(); // '"Alice Smith" <sip:alice@example.com>;tag=1928301774'
 * ```
 */
export class NameAddr {
  displayName?: string;
  uri: Uri;
  params: Params;

  constructor(data: NameAddrData | { displayName?: string; uri: Uri; params?: Params }) {
    if (data.displayName !== undefined) this.displayName = data.displayName;
    this.uri = data.uri instanceof Uri ? data.uri : new Uri(data.uri);
    this.params = data.params ?? {};
  }

  /** The `tag` parameter (From / To), if any. */
  get tag(): string | undefined {
    const t = this.params["tag"];
    return t === null ? undefined : t;
  }

  set tag(value: string | undefined) {
    if (value === undefined) delete this.params["tag"];
    else this.params["tag"] = value;
  }

  /** A copy that can be changed without touching this one (its URI is copied too). */
  clone(): NameAddr {
    // the display name is an own property only when set (the constructor skips an undefined one)
    return new NameAddr({ ...this, uri: this.uri.clone(), params: { ...this.params } });
  }

  /**
   * The name-addr as written in a header: optional display name (quoted when it is not a token), `<uri>`,
   * then the header parameters.
   */
  toString(): string {
    const d = this.displayName;
    return (d ? (allIn(TOKEN, d) ? d : quote(d)) + " " : "") + "<" + this.uri.toString() + ">" + formatParams(this.params);
  }
}

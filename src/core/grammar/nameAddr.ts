/** name-addr and addr-spec with their header parameters (RFC 3261 §20.10, §25.1). */
import type { NameAddrData } from "./ast.js";
import { headerParams } from "./params.js";
import type { Scanner } from "./Scanner.js";
import { anyUri, plainUri } from "./uris.js";

/** display-name = quoted-string / token *(LWS token) (the LWS before "<" may be absent, RFC 4475 §3.1.1.6) */
function display(c: Scanner): string | undefined {
  const q = c.quoted();
  if (q !== undefined) return q;
  const start = c.pos;
  if (c.token() === undefined) return undefined;
  for (;;) {
    const at = c.pos;
    if (!c.lws() || c.token() === undefined) {
      c.pos = at;
      return c.from(start);
    }
  }
}

/** [ display-name ] LAQUOT addr-spec RAQUOT *(SEMI generic-param) */
export function nameAddr(c: Scanner): NameAddrData | undefined {
  const at = c.pos;
  // no display name before "<" (skipping the attempt moves no failure offset: "<" matches)
  const displayName = c.src.charCodeAt(at) === 60 ? undefined : display(c);
  c.sws();
  if (c.eat(60)) {
    const uri = anyUri(c);
    if (uri !== undefined && c.eat(62)) {
      const params = headerParams(c);
      return displayName === undefined ? { uri, params } : { displayName, uri, params };
    }
  }
  c.pos = at;
  return undefined;
}

/** addr-spec written without <> and its header parameters. */
function addrSpec(c: Scanner): NameAddrData | undefined {
  const uri = plainUri(c);
  return uri && { uri, params: headerParams(c) };
}

/** name-addr / addr-spec, each with header parameters (From, To, Contact ...). */
export function nameAddrOrAddrSpec(c: Scanner): NameAddrData | undefined {
  return nameAddr(c) ?? addrSpec(c);
}

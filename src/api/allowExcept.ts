/** The Allow header of a 405 (RFC 3261 §21.4.6): the methods we answer, the one refused left out. */
export function allowExcept(allow: string, method: string): [string, string] {
  return ["Allow", allow.split(", ").filter((m) => m !== method).join(", ")];
}

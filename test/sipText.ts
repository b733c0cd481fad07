/** A SIP message as traced text (tests that read the wire): start line, the values of a header by name, body. */
export function sipText(text: string): { start: string; header(name: string): string[]; body: string } {
  const [head, body = ""] = text.split("\r\n\r\n");
  const lines = head!.split("\r\n");
  const header = (name: string) =>
    lines
      .slice(1)
      .filter((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`))
      .map((l) => l.slice(l.indexOf(":") + 1).trim());
  return { start: lines[0]!, header, body };
}

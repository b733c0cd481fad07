/**
 * A tiny authoritative DNS server for tests: node:dgram on 127.0.0.1, answering A, AAAA,
 * SRV and NAPTR questions from a table (RFC 1035 §4 message format, RFC 2782 SRV and
 * RFC 3403 NAPTR RDATA, encoded here by hand). A name in the table without records of the
 * asked type gets an empty answer (NODATA); a name not in the table gets NXDOMAIN.
 * Every question is recorded, so tests can count lookups.
 */
import { createSocket, type Socket } from "node:dgram";
import { Resolver } from "node:dns/promises";

export type DnsRecord =
  | { type: "A"; address: string; ttl?: number }
  | { type: "AAAA"; address: string; ttl?: number }
  | { type: "SRV"; priority: number; weight: number; port: number; target: string; ttl?: number }
  | { type: "NAPTR"; order: number; preference: number; flags: string; service: string; regexp?: string; replacement: string; ttl?: number };

const TYPE_CODES: Record<DnsRecord["type"], number> = { A: 1, AAAA: 28, SRV: 33, NAPTR: 35 };
const TYPE_NAMES = new Map(Object.entries(TYPE_CODES).map(([name, code]) => [code, name]));

export class DnsServer {
  /** Every question asked: "SRV _sip._udp.example.test". */
  readonly questions: string[] = [];
  /** Names whose questions are never answered (to test time limits). */
  readonly silent = new Set<string>();

  private constructor(
    private readonly socket: Socket,
    private readonly table: Record<string, DnsRecord[]>,
  ) {
    socket.on("message", (query, from) => {
      const answer = this.answer(query);
      if (answer !== undefined) socket.send(answer, from.port, from.address);
    });
  }

  /** Starts on 127.0.0.1 (a free port) with `table`: name -> records (names without the final dot). */
  static async start(table: Record<string, DnsRecord[]>): Promise<DnsServer> {
    const socket = createSocket("udp4");
    await new Promise<void>((resolve, reject) => {
      socket.once("error", reject);
      socket.bind(0, "127.0.0.1", () => resolve());
    });
    return new DnsServer(socket, table);
  }

  get port(): number {
    return this.socket.address().port;
  }

  /** A node:dns/promises Resolver that asks this server only (one try, 1 s). */
  resolver(): Resolver {
    const r = new Resolver({ timeout: 1000, tries: 1 });
    r.setServers([`127.0.0.1:${this.port}`]);
    return r;
  }

  /** Questions of one type and name asked so far. */
  count(type: DnsRecord["type"], name: string): number {
    return this.questions.filter((q) => q === `${type} ${name}`).length;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }

  private answer(query: Buffer): Buffer | undefined {
    if (query.length < 12) return undefined;
    const { name, end } = readName(query, 12);
    const type = query.readUInt16BE(end);
    const questionEnd = end + 4;
    const typeName = TYPE_NAMES.get(type) ?? `TYPE${type}`;
    this.questions.push(`${typeName} ${name}`);
    if (this.silent.has(name)) return undefined;
    const known = Object.keys(this.table).find((n) => n.toLowerCase() === name.toLowerCase());
    const records = known === undefined ? [] : this.table[known]!.filter((r) => TYPE_CODES[r.type] === type);
    const header = Buffer.alloc(12);
    header.writeUInt16BE(query.readUInt16BE(0), 0); // id
    // QR, AA, RD copied, RA; RCODE 3 (NXDOMAIN) for an unknown name
    header.writeUInt16BE(0x8400 | (query.readUInt16BE(2) & 0x0100) | 0x0080 | (known === undefined ? 3 : 0), 2);
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(records.length, 6);
    const parts = [header, query.subarray(12, questionEnd)];
    for (const r of records) parts.push(encodeRecord(r));
    return Buffer.concat(parts);
  }
}

function readName(buf: Buffer, at: number): { name: string; end: number } {
  const labels: string[] = [];
  let i = at;
  while (buf[i]! !== 0) {
    const len = buf[i]!;
    labels.push(buf.toString("ascii", i + 1, i + 1 + len));
    i += 1 + len;
  }
  return { name: labels.join("."), end: i + 1 };
}

function encodeName(name: string): Buffer {
  const labels = name.split(".").filter((l) => l !== "");
  return Buffer.concat([...labels.map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l, "ascii")])), Buffer.from([0])]);
}

function characterString(text: string): Buffer {
  return Buffer.concat([Buffer.from([text.length]), Buffer.from(text, "ascii")]);
}

function u16(...values: number[]): Buffer {
  const b = Buffer.alloc(values.length * 2);
  values.forEach((v, i) => b.writeUInt16BE(v, i * 2));
  return b;
}

function rdataOf(r: DnsRecord): Buffer {
  switch (r.type) {
    case "A":
      return Buffer.from(r.address.split(".").map(Number));
    case "AAAA": {
      const [head = "", tail = ""] = r.address.split("::");
      const h = head === "" ? [] : head.split(":");
      const t = tail === "" ? [] : tail.split(":");
      const groups = r.address.includes("::") ? [...h, ...Array<string>(8 - h.length - t.length).fill("0"), ...t] : h;
      return u16(...groups.map((g) => parseInt(g, 16)));
    }
    case "SRV":
      return Buffer.concat([u16(r.priority, r.weight, r.port), encodeName(r.target)]);
    case "NAPTR":
      return Buffer.concat([u16(r.order, r.preference), characterString(r.flags), characterString(r.service), characterString(r.regexp ?? ""), encodeName(r.replacement)]);
  }
}

function encodeRecord(r: DnsRecord): Buffer {
  const rdata = rdataOf(r);
  const fixed = Buffer.alloc(10);
  fixed.writeUInt16BE(TYPE_CODES[r.type], 0);
  fixed.writeUInt16BE(1, 2); // class IN
  fixed.writeUInt32BE(r.ttl ?? 300, 4);
  fixed.writeUInt16BE(rdata.length, 8);
  // the owner name points at the question's name (offset 12)
  return Buffer.concat([u16(0xc00c), fixed, rdata]);
}

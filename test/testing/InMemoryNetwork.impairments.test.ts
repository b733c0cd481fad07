import { map } from "rxjs";
import { describe, expect, it } from "vitest";
import type { SchedulerLike } from "rxjs";
import { InMemoryNetwork, type InMemoryEndpoint, type InMemoryNetworkOptions, type InMemoryEndpointOptions } from "../../src/testing/index.js";
import { runMarbles } from "../marbles/helpers.js";
import { request, seq } from "./wire.js";

/** Alice sends OPTIONS with CSeq 1..count, one every `gap` ms from 0, to Bob. */
function sendEvery(scheduler: SchedulerLike, from: InMemoryEndpoint, count: number, gap: number): void {
  for (let i = 1; i <= count; i++) scheduler.schedule(() => from.send(request({ cseq: i })), (i - 1) * gap);
}

/** Runs eight OPTIONS 10 ms apart from Alice to Bob through a network with `options`; returns "time:cseq" of each arrival and the log. */
function burst(options: InMemoryNetworkOptions, alice: InMemoryEndpointOptions = {}, bob: InMemoryEndpointOptions = {}) {
  let network!: InMemoryNetwork;
  const arrivals = runMarbles(({ scheduler }) => {
    network = new InMemoryNetwork({ scheduler, ...options });
    const a = network.endpoint("alice.example.test:5060", alice);
    const b = network.endpoint("bob.example.test:5060", bob);
    const got: string[] = [];
    b.onMessage((m) => got.push(`${scheduler.now()}:${seq(m)}`));
    sendEvery(scheduler, a, 8, 10);
    return got;
  });
  const log = network.log.map((r) => {
    const flags = [r.dropped && `dropped(${r.reason})`, r.duplicate && "duplicate", r.reordered && "reordered"].filter(Boolean).join(" ");
    return `${r.at}:${/CSeq: (\d+)/.exec(r.text)![1]}${r.deliverAt !== undefined ? `->${r.deliverAt}` : ""}${flags ? " " + flags : ""}`;
  });
  return { arrivals, log };
}

describe("InMemoryNetwork impairments (seeded, in virtual time)", () => {
  describe("loss", () => {
    it("drops the messages the seed picks, and logs them as dropped", () => {
      const { arrivals, log } = burst({ seed: 42, loss: 0.3 });
      expect(arrivals).toEqual(["0:1", "10:2", "30:4", "40:5", "70:8"]);
      expect(log).toEqual([
        "0:1->0",
        "10:2->10",
        "20:3 dropped(loss)",
        "30:4->30",
        "40:5->40",
        "50:6 dropped(loss)",
        "60:7 dropped(loss)",
        "70:8->70",
      ]);
    });

    it("is visible as gaps in the endpoint's messages$", () => {
      runMarbles(({ scheduler, expectObservable }) => {
        const network = new InMemoryNetwork({ scheduler, seed: 42, loss: 0.3 });
        const alice = network.endpoint("alice.example.test:5060");
        const bob = network.endpoint("bob.example.test:5060");
        sendEvery(scheduler, alice, 8, 10);
        expectObservable(bob.messages$.pipe(map(seq))).toBe("a 9ms b 19ms d 9ms e 29ms h", { a: 1, b: 2, d: 4, e: 5, h: 8 });
      });
    });

    it("loses about the fraction asked for over many messages", () => {
      const lost = runMarbles(({ scheduler }) => {
        const network = new InMemoryNetwork({ scheduler, seed: 7, loss: 0.3 });
        const alice = network.endpoint("alice.example.test:5060");
        network.endpoint("bob.example.test:5060");
        for (let i = 0; i < 2000; i++) alice.send(request({ cseq: i + 1 }));
        return network.log.filter((r) => r.dropped).length;
      });
      expect(lost / 2000).toBeGreaterThan(0.27);
      expect(lost / 2000).toBeLessThan(0.33);
    });
  });

  describe("duplication", () => {
    it("delivers the picked messages twice, each copy parsed on its own, and logs the copy", () => {
      const { arrivals, log } = burst({ seed: 42, duplication: 0.3 });
      expect(arrivals).toEqual(["0:1", "10:2", "20:3", "30:4", "30:4", "40:5", "40:5", "50:6", "60:7", "70:8"]);
      expect(log.filter((l) => l.includes("duplicate"))).toEqual(["30:4->30 duplicate", "40:5->40 duplicate"]);
    });

    it("gives the receiver two distinct message objects", () => {
      const copies = runMarbles(({ scheduler }) => {
        const network = new InMemoryNetwork({ scheduler, duplication: 1 });
        const alice = network.endpoint("alice.example.test:5060");
        const bob = network.endpoint("bob.example.test:5060");
        alice.send(request());
        return bob.received;
      });
      expect(copies).toHaveLength(2);
      expect(copies[0]).not.toBe(copies[1]);
      expect(copies[0]!.toString()).toBe(copies[1]!.toString());
    });
  });

  describe("reorder", () => {
    it("holds the picked messages back by the extra delay so that later ones overtake them", () => {
      const { arrivals, log } = burst({ seed: 2, reorder: { probability: 0.25, delay: 25 } });
      expect(arrivals).toEqual(["0:1", "10:2", "20:3", "30:4", "50:6", "65:5", "70:8", "85:7"]);
      expect(log.filter((l) => l.includes("reordered"))).toEqual(["40:5->65 reordered", "60:7->85 reordered"]);
    });

    it("holds back by 20 ms when only a probability is given", () => {
      const { arrivals } = burst({ seed: 2, reorder: 0.25 });
      expect(arrivals).toEqual(["0:1", "10:2", "20:3", "30:4", "50:6", "60:5", "70:8", "80:7"]);
    });
  });

  describe("delay", () => {
    it("a fixed delay shifts every delivery by that much", () => {
      const { arrivals } = burst({ delay: 30 });
      expect(arrivals).toEqual(["30:1", "40:2", "50:3", "60:4", "70:5", "80:6", "90:7", "100:8"]);
    });

    it("a [min, max] delay draws whole ms in the range, so UDP messages may overtake each other", () => {
      const { arrivals, log } = burst({ seed: 42, delay: [10, 50] });
      expect(arrivals).toEqual(["28:1", "31:2", "52:5", "66:3", "67:6", "68:4", "81:8", "104:7"]);
      expect(log).toEqual(["0:1->28", "10:2->31", "20:3->66", "30:4->68", "40:5->52", "50:6->67", "60:7->104", "70:8->81"]);
    });
  });

  it("all together: the same seed gives the same wire, another seed another", () => {
    const options = { loss: 0.2, duplication: 0.2, reorder: { probability: 0.3, delay: 15 }, delay: [5, 25] as const };
    const first = burst({ seed: 42, ...options });
    expect(first.arrivals).toEqual(["14:1", "20:2", "43:3", "44:4", "46:5", "49:4", "50:5", "90:8"]);
    expect(first.log).toEqual([
      "0:1->14",
      "10:2->20",
      "20:3->43",
      "30:4->49",
      "30:4->44 duplicate",
      "40:5->46",
      "40:5->50 duplicate",
      "50:6 dropped(loss)",
      "60:7 dropped(loss)",
      "70:8->90 reordered",
    ]);
    expect(burst({ seed: 42, ...options })).toEqual(first);
    expect(burst({ seed: 43, ...options }).log).not.toEqual(first.log);
  });

  describe("reliable (TCP-like) endpoints", () => {
    const worst = { seed: 42, loss: 1, duplication: 1, reorder: 1 };

    it("suffer no loss, duplication or reordering", () => {
      const { arrivals, log } = burst(worst, { reliable: true });
      expect(arrivals).toEqual(["0:1", "10:2", "20:3", "30:4", "40:5", "50:6", "60:7", "70:8"]);
      expect(log.every((l) => !l.includes(" "))).toBe(true);
    });

    it("get the delay, but keep their messages in order", () => {
      const { arrivals } = burst({ seed: 42, delay: [10, 50] }, { reliable: true });
      expect(arrivals).toEqual(["28:1", "31:2", "66:3", "68:4", "68:5", "68:6", "104:7", "104:8"]);
    });

    it("the sender decides: a reliable sender is not impaired toward an unreliable receiver, and the reverse is", () => {
      expect(burst(worst, { reliable: true }, { reliable: false }).arrivals).toHaveLength(8);
      expect(burst(worst, { reliable: false }, { reliable: true }).arrivals).toEqual([]);
    });
  });

  describe("configuration", () => {
    it("an endpoint's own impairments replace the network's for what it sends", () => {
      expect(burst({ seed: 42, loss: 1 }, { impairments: {} }).arrivals).toHaveLength(8);
      expect(burst({ seed: 42 }, { impairments: { loss: 1 } }).arrivals).toEqual([]);
    });

    it("impair() changes the impairments from then on", () => {
      const arrivals = runMarbles(({ scheduler }) => {
        const network = new InMemoryNetwork({ scheduler });
        const alice = network.endpoint("alice.example.test:5060");
        const bob = network.endpoint("bob.example.test:5060");
        const got: number[] = [];
        bob.onMessage((m) => got.push(seq(m)));
        sendEvery(scheduler, alice, 6, 10);
        scheduler.schedule(() => network.impair({ loss: 1 }), 25);
        return got;
      });
      expect(arrivals).toEqual([1, 2, 3]);
    });

    it("refuses probabilities outside 0..1 and bad delays with INVALID_IMPAIRMENT", () => {
      for (const bad of [{ loss: 1.5 }, { duplication: -0.1 }, { reorder: Number.NaN }, { reorder: { probability: 0.1, delay: -1 } }, { delay: -5 }, { delay: [50, 10] as const }]) {
        expect(() => new InMemoryNetwork(bad)).toThrow(expect.objectContaining({ name: "NetworkError", code: "INVALID_IMPAIRMENT" }));
      }
    });
  });
});

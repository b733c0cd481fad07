import { createSocket, type RemoteInfo, type Socket } from "node:dgram";

/** A UDP peer on 127.0.0.1 (port 0 unless given) that records every datagram. */
export class UdpPeer {
  readonly received: Array<{ text: string; from: RemoteInfo; at: number }> = [];
  onMessage: ((text: string, from: RemoteInfo) => void) | undefined;

  private constructor(private readonly socket: Socket) {
    socket.on("message", (msg, from) => {
      const text = msg.toString("utf8");
      this.received.push({ text, from, at: Date.now() });
      this.onMessage?.(text, from);
    });
  }

  static async start(port = 0): Promise<UdpPeer> {
    const socket = createSocket("udp4");
    await new Promise<void>((resolve, reject) => {
      socket.once("error", reject);
      socket.bind(port, "127.0.0.1", () => {
        socket.off("error", reject);
        resolve();
      });
    });
    return new UdpPeer(socket);
  }

  get port(): number {
    return this.socket.address().port;
  }

  send(text: string, port: number): Promise<void> {
    return new Promise((resolve, reject) => this.socket.send(text, port, "127.0.0.1", (e) => (e ? reject(e) : resolve())));
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }
}

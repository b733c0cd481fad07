import { connect as netConnect, isIP, type Socket } from "node:net";
import { connect as tlsConnect } from "node:tls";
import { TransportError } from "../../TransportError.js";
import type { Peer } from "../Flow.js";
import { StreamFlow, type StreamFlowOptions } from "./StreamFlow.js";

/**
 * TLS client options for `tls://` and `sips:` servers.
 *
 * @example
 * ```ts
 * import { NodeTransport } from "rxsip/node";
 * import { readFileSync } from "node:fs";
 *
 * // mutual TLS to a proxy with a private CA
 * new NodeTransport(undefined, {
 *   server: "tls://proxy.example.com:5061",
 *   ca: readFileSync("ca.pem"),
 *   cert: readFileSync("client.pem"),
 *   key: readFileSync("client.key"),
 * });
 * ```
 */
export interface TlsClientOptions {
  /** Trusted CA certificates (PEM); default: Node's bundled roots. */
  ca?: string | Uint8Array | Array<string | Uint8Array>;
  /** Client certificate and key (PEM), for mutual TLS. */
  cert?: string | Uint8Array;
  key?: string | Uint8Array;
  /** Verify the server certificate (default true). */
  rejectUnauthorized?: boolean;
  /** SNI and certificate name; default the host when it is a name. */
  servername?: string;
}

export interface OpenStreamOptions extends StreamFlowOptions {
  tls?: TlsClientOptions;
  /** Local address to connect from. */
  localAddress?: string;
}

const CERTIFICATE_ERROR = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ALTNAME/;

/** Opens a TCP or TLS connection to `peer`; gives up (and rejects `ABORTED`) when `signal` aborts. */
export function openStream(peer: Peer, options: OpenStreamOptions, signal: AbortSignal): Promise<StreamFlow> {
  const server = `${peer.protocol} ${peer.host}:${peer.port}`;
  if (peer.protocol !== "TCP" && peer.protocol !== "TLS") {
    return Promise.reject(new TransportError("INVALID_SERVER", "not a stream protocol", { server }));
  }
  if (signal.aborted) return Promise.reject(new TransportError("ABORTED", "connect was cancelled", { server }));
  return new Promise<StreamFlow>((resolve, reject) => {
    let socket: Socket;
    const ready = peer.protocol === "TLS" ? "secureConnect" : "connect";
    if (peer.protocol === "TLS") {
      const tls = options.tls ?? {};
      const servername = tls.servername ?? (isIP(peer.host) ? undefined : peer.host);
      socket = tlsConnect({
        host: peer.host,
        port: peer.port,
        ...(options.localAddress !== undefined ? { localAddress: options.localAddress } : {}),
        ...(tls.ca !== undefined ? { ca: tls.ca as string } : {}),
        ...(tls.cert !== undefined ? { cert: tls.cert as string } : {}),
        ...(tls.key !== undefined ? { key: tls.key as string } : {}),
        ...(servername !== undefined ? { servername } : {}),
        rejectUnauthorized: tls.rejectUnauthorized ?? true,
      });
    } else {
      socket = netConnect({
        host: peer.host,
        port: peer.port,
        ...(options.localAddress !== undefined ? { localAddress: options.localAddress } : {}),
      });
    }
    const cleanup = () => {
      socket.off(ready, onReady);
      socket.off("error", onError);
      signal.removeEventListener("abort", onAbort);
    };
    const onReady = () => {
      cleanup();
      resolve(new StreamFlow(socket, peer.protocol as "TCP" | "TLS", peer, options));
    };
    const onError = (error: Error & { code?: string }) => {
      cleanup();
      socket.destroy();
      const code = error.code ?? "";
      reject(
        CERTIFICATE_ERROR.test(code)
          ? new TransportError("TLS_CERTIFICATE", `the server's TLS certificate was rejected (${code})`, { server, cause: error })
          : new TransportError("CONNECT_FAILED", `could not connect: ${error.message}`, { server, cause: error }),
      );
    };
    const onAbort = () => {
      cleanup();
      socket.destroy();
      reject(new TransportError("ABORTED", "connect was cancelled", { server }));
    };
    socket.once(ready, onReady);
    socket.on("error", onError);
    signal.addEventListener("abort", onAbort);
  });
}

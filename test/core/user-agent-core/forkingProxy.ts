import { parseMessage, SipRequest, Uri } from "../../../src/core/messages/index.js";
import { hostOf, type VirtualNetwork } from "./network.js";

/**
 * A tiny stateless forking proxy (RFC 3261 §16.11) at `hostOf(name)`: every request sent to
 * it (INVITE, CANCEL, the ACK of a non-2xx) is forked to each target, with the Request-URI
 * retargeted, Max-Forwards decremented and its own Via on top, whose branch is derived from
 * the incoming branch and the fork index (so retransmissions, CANCEL and ACK take the same
 * branch as the INVITE they belong to). Responses lose the top Via and go on to the next.
 * It adds no Record-Route: in-dialog requests go straight between the user agents.
 */
export function attachForkingProxy(net: VirtualNetwork, name: string, targets: readonly string[]): void {
  net.attach(name, (text) => {
    const message = parseMessage(text);
    if (!(message instanceof SipRequest)) {
      const vias = message.getHeaders("via");
      message.removeHeader("via");
      for (const via of vias.slice(1)) message.addHeader("Via", via);
      net.send(name, message);
      return;
    }
    targets.forEach((target, i) => {
      const fork = parseMessage(text) as SipRequest;
      fork.ruri = Uri.sip(fork.ruri.user, hostOf(target), 5060);
      fork.setHeader("Max-Forwards", String((fork.maxForwards ?? 70) - 1));
      fork.prependHeader("Via", `SIP/2.0/UDP ${hostOf(name)}:5060;branch=${fork.via.branch}.${i + 1}`);
      net.send(name, fork);
    });
  });
}

import type { SchedulerLike } from "rxjs";
import type { InviteSession } from "../../../src/core/dialogs/index.js";
import { Uri } from "../../../src/core/messages/index.js";
import type { IncomingInvite, OutgoingInviteHandlers, UserAgentCore } from "../../../src/core/user-agent-core/index.js";
import { hostOf } from "../../core/user-agent-core/network.js";
import { SDP } from "./sdp.js";

/** Both ends of a call. */
export interface Call {
  /** The caller's session (dialog UAC). */
  alice?: InviteSession;
  /** The callee's session (dialog UAS). */
  bob?: InviteSession;
  invite?: IncomingInvite;
}

/**
 * Alice calls Bob at once; Bob answers 200 with SDP at once (or runs `onInvite`). The
 * sessions are filled in as the messages arrive (20 ms of virtual time on the default link).
 */
export function call(
  scheduler: SchedulerLike,
  alice: UserAgentCore,
  bob: UserAgentCore,
  options: { onInvite?: (invite: IncomingInvite, call: Call) => void; handlers?: OutgoingInviteHandlers; headers?: Array<[string, string]>; body?: string } = {},
): Call {
  void scheduler;
  const c: Call = {};
  bob.delegate = {
    onInvite(invite) {
      c.invite = invite;
      if (options.onInvite) options.onInvite(invite, c);
      else c.bob = invite.accept({ body: SDP });
    },
  };
  const handlers = options.handlers ?? {};
  alice.invite(
    alice.createRequest("INVITE", Uri.sip("bob", hostOf("bob"), 5060), {
      ...(options.body !== "" ? { body: options.body ?? SDP } : {}),
      extraHeaders: options.headers ?? [],
    }),
    {
      ...handlers,
      onAccept: (res, s) => {
        c.alice = s;
        handlers.onAccept?.(res, s);
      },
    },
  );
  return c;
}

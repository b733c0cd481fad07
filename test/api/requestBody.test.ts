import { describe, expect, it } from "vitest";
import { Inviter, Registerer, SessionState, UserAgent, type Invitation } from "../../src/index.js";
import { fakeSessionDescriptionHandlerFactory, InMemoryNetwork, InMemoryTransport, Registrar, VirtualClock } from "../../src/testing/index.js";

const REGISTRAR = "registrar.example.test:5060";

/**
 * `requestOptions.body` as SIP.js 0.21 types it (`Body`: contentDisposition, contentType,
 * content) and in the `{ body, contentType }` form: both put their text on the wire. Code
 * written for SIP.js (an INFO with DTMF, say) used to send an empty body.
 */
describe("requestOptions.body: SIP.js's Body and the { body, contentType } form", () => {
  it("an INFO with SIP.js's Body arrives with its content, type and Content-Disposition; the other form too", async () => {
    const clock = new VirtualClock();
    const network = new InMemoryNetwork({ scheduler: clock.scheduler, delay: 5 });
    const registrar = new Registrar({ memory: { network, address: REGISTRAR }, scheduler: clock.scheduler });
    await registrar.start();
    const ua = (name: string) =>
      new UserAgent({
        uri: UserAgent.makeURI(`sip:${name}@example.test`)!,
        transportConstructor: InMemoryTransport as never,
        transportOptions: { network, address: `${name}.example.test:5060`, server: REGISTRAR },
        sessionDescriptionHandlerFactory: fakeSessionDescriptionHandlerFactory(),
        scheduler: clock.scheduler,
        logBuiltinEnabled: false,
        contactName: name,
      });
    const alice = ua("alice");
    const bob = ua("bob");
    await Promise.all([alice.start(), bob.start()]);
    await new Registerer(bob, { expires: 300 }).register();
    await clock.advance(100);
    const infos: { body: string; type: string | undefined; disposition: string | undefined }[] = [];
    const invitations: Invitation[] = [];
    bob.delegate = {
      onInvite: (invitation) => {
        invitations.push(invitation);
        invitation.delegate = {
          onInfo: (info) => {
            infos.push({ body: info.request.body, type: info.request.getHeader("content-type"), disposition: info.request.getHeader("content-disposition") });
            void info.accept();
          },
        };
        void invitation.accept();
      },
    };
    const inviter = new Inviter(alice, UserAgent.makeURI("sip:bob@example.test")!);
    await inviter.invite();
    await clock.advance(1000);
    expect(inviter.state).toBe(SessionState.Established);

    await inviter.info({ requestOptions: { body: { contentDisposition: "render", contentType: "application/dtmf-relay", content: "Signal=5\r\nDuration=160\r\n" } } });
    await inviter.info({ requestOptions: { body: { contentType: "text/plain", body: "legacy form" } } });
    await clock.advance(1000);
    expect(infos).toEqual([
      { body: "Signal=5\r\nDuration=160\r\n", type: "application/dtmf-relay", disposition: "render" },
      { body: "legacy form", type: "text/plain", disposition: undefined },
    ]);
    await inviter.bye();
    await clock.advance(1000);
    // bob's stop() unregisters first: the registrar's answer comes in virtual time
    const stopped = Promise.all([alice.stop(), bob.stop()]);
    await clock.advance(1000);
    await stopped;
    await registrar.stop();
  });
});

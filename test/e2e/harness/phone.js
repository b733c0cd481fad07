// A test softphone page on the rxsip browser bundle (global RxSip): registers to Kamailio
// over WebSocket, calls or answers, and reports what a person would notice — is there audio
// (getStats: inbound packets and energy), does hold stop it, are DTMF tones sent and received.
// Driven by the e2e harness through window.phone; reusable by other browser tests.
(() => {
  const { UserAgent, Registerer, Inviter } = window.RxSip;
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const state = { ua: undefined, session: undefined, incoming: [], dtmfSent: [], rtpPayloadTypes: {}, audio: undefined, errors: [], notes: [], messages: [], watched: new WeakSet(), earlyMediaMs: 0, wire: [], trickle: [] };

  /** Keeps the session's trickle ICE events (rxsip sessions have trickleIce$). */
  function watchTrickle(session) {
    session.trickleIce$?.subscribe((e) => state.trickle.push({ direction: e.direction, candidates: e.candidates.length, endOfCandidates: e.endOfCandidates }));
  }

  /** Counts the RTP payload types arriving (RFC 4733 telephone-event included) through an encoded transform. */
  function watchPayloadTypes(receiver) {
    if (typeof receiver.createEncodedStreams !== "function" || state.watched.has(receiver)) return;
    let streams;
    try {
      streams = receiver.createEncodedStreams();
    } catch (e) {
      // only possible while the receiver has had no frame yet (the answerer's side); elsewhere not needed
      state.notes.push(`payload types not watched: ${e.message}`);
      return;
    }
    state.watched.add(receiver);
    const { readable, writable } = streams;
    const count = new TransformStream({
      transform(frame, controller) {
        const pt = frame.getMetadata?.().payloadType;
        if (pt !== undefined) state.rtpPayloadTypes[pt] = (state.rtpPayloadTypes[pt] ?? 0) + 1;
        controller.enqueue(frame);
      },
    });
    readable.pipeThrough(count).pipeTo(writable).catch((e) => state.errors.push(`transform: ${e.message}`));
  }

  /** Plays the remote media (a person hears it) and watches the payload types. */
  function useHandler(sdh) {
    if (!sdh) return;
    sdh.peerConnectionDelegate = { ontrack: (e) => e.track.kind === "audio" && watchPayloadTypes(e.receiver) };
    const play = () => {
      if (!state.audio) {
        state.audio = new Audio();
        state.audio.autoplay = true;
      }
      state.audio.srcObject = sdh.remoteMediaStream;
      state.audio.play().catch(() => undefined);
    };
    // a data channel (ours or the peer's) answers every message with "echo:<message>"
    sdh.dataChannel$?.subscribe((c) => {
      if (!c) return;
      c.addEventListener("message", (e) => {
        state.messages.push(e.data);
        if (!String(e.data).startsWith("echo:")) c.send(`echo:${e.data}`);
      });
    });
    if (sdh.remoteStream$) sdh.remoteStream$.subscribe(play);
    else sdh.peerConnection.addEventListener("track", play);
  }

  const sessionDelegate = { onSessionDescriptionHandler: (sdh) => useHandler(sdh) };

  window.phone = {
    /** Registers `user` (password `<user>-secret`) at ws://127.0.0.1:wsPort; `sipjs` uses SIP.js's own Web handler factory. */
    async start({ user, wsPort, sipjs = false, autoAnswer = true, trickleIce, iceGatheringTimeout = 2000, traceInvites = false }) {
      const options = {
        uri: UserAgent.makeURI(`sip:${user}@127.0.0.1`),
        transportOptions: { server: `ws://127.0.0.1:${wsPort}` },
        authorizationUsername: user,
        authorizationPassword: `${user}-secret`,
        logBuiltinEnabled: false,
        sessionDescriptionHandlerFactoryOptions: { iceGatheringTimeout, peerConnectionConfiguration: { iceServers: [] } },
      };
      if (trickleIce) options.trickleIce = window.RxSip.trickleIce({ full: trickleIce === "full" });
      if (sipjs) options.sessionDescriptionHandlerFactory = window.SipJs.Web.defaultSessionDescriptionHandlerFactory();
      const ua = new UserAgent(options);
      state.ua = ua;
      // the INVITEs, their 200s and the INFOs as they crossed the WebSocket (a SIP trace)
      const traced = (t) => /^(INVITE|INFO) /.test(t) || (/^SIP\/2\.0 /.test(t) && /^CSeq:\s*\d+\s+(INVITE|INFO)\s*$/im.test(t));
      if (traceInvites) ua.wire$.subscribe((w) => traced(w.text) && state.wire.push({ direction: w.direction, text: w.text }));
      ua.delegate = {
        onInvite(invitation) {
          state.incoming.push(invitation);
          state.session = invitation;
          watchTrickle(invitation);
          invitation.delegate = sessionDelegate;
          if (!autoAnswer) return;
          const accept = () => invitation.accept().catch((e) => state.errors.push(`accept: ${e.message}`));
          if (state.earlyMediaMs > 0) {
            // 183 Session Progress with the answer (early media), the 200 later
            invitation
              .progress({ statusCode: 183, earlyMedia: true, rel100: true })
              .then(() => setTimeout(accept, state.earlyMediaMs), (e) => state.errors.push(`183: ${e.message}`));
          } else accept();
        },
      };
      await ua.start();
      const registerer = new Registerer(ua);
      await new Promise((resolve, reject) => {
        registerer.stateChange.addListener((s) => s === "Registered" && resolve());
        registerer.register({ requestDelegate: { onReject: (r) => reject(new Error(`REGISTER ${r.message.statusCode}`)) } }).catch(reject);
      });
      return { defaultFactory: !sipjs && typeof ua.configuration.sessionDescriptionHandlerFactory === "function" };
    },

    /** Answer the next calls with early media: a 183 with the answer, the 200 `ms` later (0: answer at once). */
    answerWithEarlyMedia(ms) {
      state.earlyMediaMs = ms;
    },

    /**
     * Calls `user` and measures the audio that arrives before the call is answered (early
     * media of a 183): inbound packets and energy while the session is still Establishing.
     */
    async callMeasuringEarlyMedia(user, measureMs) {
      const inviter = new Inviter(state.ua, UserAgent.makeURI(`sip:${user}@127.0.0.1`), { delegate: sessionDelegate, earlyMedia: true });
      state.session = inviter;
      await inviter.invite();
      const connected = await this.connected(5000);
      await sleep(measureMs);
      const early = { state: inviter.state, connected, inbound: await this.inbound() };
      const established = await this.established(10000);
      return { early, established };
    },

    /** Calls `user`; resolves once the call is established. */
    async call(user) {
      const inviter = new Inviter(state.ua, UserAgent.makeURI(`sip:${user}@127.0.0.1`), { delegate: sessionDelegate });
      state.session = inviter;
      watchTrickle(inviter);
      const up = new Promise((resolve, reject) => {
        inviter.stateChange.addListener((s) => {
          if (s === "Established") resolve();
          if (s === "Terminated") reject(new Error("call ended before it was established"));
        });
      });
      await inviter.invite();
      await up;
      const sdh = inviter.sessionDescriptionHandler;
      return { handler: sdh?.constructor?.name, rxsipWebHandler: sdh instanceof window.RxSip.WebSessionDescriptionHandler };
    },

    /** Waits until the (incoming or outgoing) call is established. */
    async established(timeoutMs = 10000) {
      const t0 = performance.now();
      while (performance.now() - t0 < timeoutMs) {
        if (state.session?.state === "Established") return true;
        await sleep(50);
      }
      return false;
    },

    /** Waits until the media is connected (ICE + DTLS). */
    async connected(timeoutMs = 10000) {
      const t0 = performance.now();
      while (performance.now() - t0 < timeoutMs) {
        if (state.session?.sessionDescriptionHandler?.peerConnection?.connectionState === "connected") return true;
        await sleep(50);
      }
      return false;
    },

    /** Inbound audio as getStats reports it. */
    async inbound() {
      const pc = state.session?.sessionDescriptionHandler?.peerConnection;
      if (!pc) return undefined;
      let out;
      (await pc.getStats()).forEach((s) => {
        if (s.type === "inbound-rtp" && s.kind === "audio") out = { packetsReceived: s.packetsReceived ?? 0, totalAudioEnergy: s.totalAudioEnergy ?? 0 };
      });
      return out ?? { packetsReceived: 0, totalAudioEnergy: 0 };
    },

    /** The codecs getStats names for the audio received and sent (e.g. "audio/PCMU"). */
    async codecs() {
      const pc = state.session?.sessionDescriptionHandler?.peerConnection;
      if (!pc) return undefined;
      const report = await pc.getStats();
      const mime = (s) => (s?.codecId ? report.get(s.codecId)?.mimeType : undefined);
      const out = {};
      report.forEach((s) => {
        if (s.kind !== "audio") return;
        if (s.type === "inbound-rtp") out.inbound = mime(s);
        if (s.type === "outbound-rtp") out.outbound = mime(s);
      });
      return out;
    },

    /** Packets received in the next `ms` milliseconds. */
    async packetsDuring(ms) {
      const before = (await this.inbound()).packetsReceived;
      await sleep(ms);
      return (await this.inbound()).packetsReceived - before;
    },

    async hold() {
      await state.session.hold();
      return this.waitFor(() => state.session.isOnHold === true);
    },

    async unhold() {
      await state.session.unhold();
      return this.waitFor(() => state.session.isOnHold === false);
    },

    async waitFor(check, timeoutMs = 5000) {
      const t0 = performance.now();
      while (performance.now() - t0 < timeoutMs) {
        if (check()) return true;
        await sleep(25);
      }
      return false;
    },

    /** DTMF through the session (RFC 4733 by RTCDTMFSender); records the tones the sender played. */
    async dtmf(tones) {
      const pc = state.session.sessionDescriptionHandler.peerConnection;
      const sender = pc.getSenders().find((s) => s.track?.kind === "audio");
      if (sender?.dtmf) sender.dtmf.ontonechange = (e) => e.tone && state.dtmfSent.push(e.tone);
      const ok = await state.session.dtmf(tones);
      await this.waitFor(() => state.dtmfSent.length >= tones.length, 5000);
      return { ok, played: state.dtmfSent.join("") };
    },

    /** re-INVITE with these handler options; resolves with the final status code. */
    reinvite(sessionDescriptionHandlerOptions) {
      return new Promise((resolve, reject) => {
        state.session
          .invite({
            sessionDescriptionHandlerOptions,
            requestDelegate: { onAccept: (r) => resolve(r.message.statusCode), onReject: (r) => resolve(r.message.statusCode) },
          })
          .catch(reject);
      });
    },

    /** Opens a data channel by re-offer and sends `text`; resolves with what came back. */
    async dataChannel(text) {
      const status = await this.reinvite({ dataChannel: true, dataChannelLabel: "chat" });
      const c = state.session.sessionDescriptionHandler.dataChannel;
      const open = await this.waitFor(() => c?.readyState === "open", 5000);
      if (open) c.send(text);
      const echoed = await this.waitFor(() => state.messages.includes(`echo:${text}`), 5000);
      return { status, label: c?.label, open, echoed };
    },

    /** ICE restart by re-offer (what call recovery does after a network change). */
    async iceRestart() {
      const pc = state.session.sessionDescriptionHandler.peerConnection;
      const ufrag = () => /a=ice-ufrag:(\S+)/.exec(pc.localDescription?.sdp ?? "")?.[1];
      const before = ufrag();
      const status = await this.reinvite({ iceRestart: true });
      const connected = await this.connected(5000);
      return { status, restarted: before !== undefined && ufrag() !== undefined && ufrag() !== before, connected };
    },

    /** What the page saw: payload types received, errors, the negotiated telephone-event payload type. */
    report() {
      const remote = state.session?.sessionDescriptionHandler?.peerConnection?.remoteDescription?.sdp ?? "";
      const te = [...remote.matchAll(/a=rtpmap:(\d+) telephone-event\/\d+/g)].map((m) => Number(m[1]));
      return { rtpPayloadTypes: state.rtpPayloadTypes, telephoneEvent: te, errors: state.errors, notes: state.notes, messages: state.messages, state: state.session?.state };
    },

    /** The SIP trace kept with `traceInvites`, and the session's trickle ICE events. */
    trace() {
      return { wire: state.wire, trickle: state.trickle };
    },

    async hangup() {
      if (state.session?.state === "Established") await state.session.bye();
    },

    async stop() {
      await state.ua?.stop();
    },
  };
  window.phoneReady = true;
})();

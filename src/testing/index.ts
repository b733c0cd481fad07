/** `rxsip/testing`: test doubles for applications built on rxsip (in-memory network, fake media, loopback registrar). */
export {};

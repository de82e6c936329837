/**
 * The Web Smart Card source reaches the driver worker through the window's relay (issue 15 §4): the spec-following
 * fake `navigator.smartCard` sits in the "window" (SmartCardRelayServer), the worker's device service lists and
 * opens readers through RelayedSmartCardSource over a real MessageChannel, and PIV runs end to end — reads, PIN
 * status, a portal sign-in the verifier accepts, a PC/SC transaction around VERIFY + signature, one exchange at
 * a time, and a token pulled mid-flow.
 */
import { describe, expect, it } from 'vitest';
import { FACTORY_DEFAULTS } from '../../src/cards/piv/constants';
import { PivSession } from '../../src/cards/piv/session';
import { demoCaCertificateDer } from '../../src/virtual/demo-ca';
import { provisionDemoTokenWithCa } from '../../src/virtual/virtual-token/demo';
import { issueChallenge, MemoryChallengeStore, verifyLogin } from '../../src/servers/verifier';
import { RelayedSmartCardManager, RelayedSmartCardSource, SmartCardSource } from '../../src/sources/smart-card';
import { SmartCardRelayServer, type RelayEndpoint } from '../../src/ui/driver-client/smart-card-relay';
import { createDeviceService } from '../../src/worker/device-service';
import { FakeSmartCardSystem } from '../support/fake-smart-card';

const READER = 'Feitian ePass2003 00 00';
const TOKEN_ID = `pcsc:${READER}`;
const PORTAL = 'https://portal.example.cn';
const INS_VERIFY = 0x20;

async function relayed() {
  const { card } = await provisionDemoTokenWithCa();
  const seen: number[] = [];
  const transmit = card.transmit.bind(card);
  card.transmit = (apdu: Uint8Array) => {
    seen.push(apdu[1]!);
    return transmit(apdu);
  };
  const system = new FakeSmartCardSystem({ cardProtocols: ['t1'] });
  system.plugReader(READER, card);
  const channel = new MessageChannel();
  new SmartCardRelayServer(system, channel.port1 as unknown as RelayEndpoint);
  return { card, system, seen, port: channel.port2, close: () => (channel.port1.close(), channel.port2.close()) };
}

describe('Web Smart Card through the window relay (issue 15 §4)', () => {
  it('the worker lists the reader, reads the key and signs a portal login the verifier accepts', async () => {
    const r = await relayed();
    try {
      const source = new RelayedSmartCardSource();
      const service = createDeviceService({ sources: [source], loadDemo: () => Promise.reject(new Error('no demo')) });
      expect(await service.tokens.listPairedTokens()).toEqual([]); // no window relay yet: nothing
      source.attach(r.port);
      expect((await service.tokens.listPairedTokens()).map((t) => [t.id, t.transport])).toEqual([[TOKEN_ID, 'smart-card']]);
      const certificates = await service.tokens.readCertificates(TOKEN_ID);
      expect(certificates.map((c) => c.keyRef)).toContain(0x9a);
      expect((await service.pin.getPinStatus(TOKEN_ID)).pin.attemptsRemaining).toBe(3);

      const store = new MemoryChallengeStore();
      const { challenge } = await issueChallenge(store, { sessionId: 's1' });
      const envelope = await service.signIn.signIn({ tokenId: TOKEN_ID, keyRef: 0x9a, request: { t: 'ukey:get', v: 1, challenge }, origin: PORTAL, pin: FACTORY_DEFAULTS.PIN });
      const identity = await verifyLogin({ response: envelope, store, sessionId: 's1', expectedOrigins: [PORTAL], trust: [demoCaCertificateDer()] });
      expect(JSON.stringify(identity)).toContain('张三');
      expect(r.seen.filter((ins) => ins === INS_VERIFY)).toHaveLength(1);
    } finally {
      r.close();
    }
  });

  it('a transaction opened by the worker holds the window’s PC/SC transaction around VERIFY and the signature', async () => {
    const r = await relayed();
    try {
      const source = await SmartCardSource.open(new RelayedSmartCardManager(r.port));
      const transport = await source.openTransport(READER);
      const session = await PivSession.open(transport);
      const reader = r.system.readers.get(READER)!;
      let heldDuring: unknown = null;
      const signature = await transport.withTransaction(async () => {
        heldDuring = reader.transactionHolder;
        return session.signWithPin(0x9a, new TextEncoder().encode('login'), FACTORY_DEFAULTS.PIN);
      });
      expect(signature.length).toBeGreaterThan(0);
      expect(heldDuring).not.toBeNull();
      expect(reader.transactionHolder).toBeNull();
      // A body that fails ends the transaction with a reset and rejects with its own error.
      await expect(transport.withTransaction(() => Promise.reject(new Error('body failed')))).rejects.toThrow('body failed');
      expect(reader.transactionHolder).toBeNull();
      await transport.close();
    } finally {
      r.close();
    }
  });

  it('one exchange at a time across the port: a second caller is busy, the first completes', async () => {
    const r = await relayed();
    try {
      const source = await SmartCardSource.open(new RelayedSmartCardManager(r.port));
      const transport = await source.openTransport(READER);
      const select = Uint8Array.from([0x00, 0xa4, 0x04, 0x00, 0x09, 0xa0, 0x00, 0x00, 0x03, 0x08, 0x00, 0x00, 0x10, 0x00, 0x00]);
      const first = transport.exchange(select);
      const second = transport.exchange(select).catch((e: unknown) => (e as Error).name);
      expect(await second).toBe('DeviceBusyError');
      const reply = await first;
      expect([reply[reply.length - 2], reply[reply.length - 1]]).toEqual([0x90, 0x00]);
      await transport.close();
    } finally {
      r.close();
    }
  });

  it('a token pulled mid-flow is a disconnect in the worker, and it is found again when plugged back', async () => {
    const r = await relayed();
    try {
      const source = new RelayedSmartCardSource();
      source.attach(r.port);
      const service = createDeviceService({ sources: [source], loadDemo: () => Promise.reject(new Error('no demo')) });
      await service.tokens.readCertificates(TOKEN_ID);
      const card = r.system.readers.get(READER)!.card!;
      r.system.unplugReader(READER);
      const error = await service.pin.getPinStatus(TOKEN_ID).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: expect.stringMatching(/DeviceDisconnectedError|DeviceNotFoundError/) });
      expect(await service.tokens.listPairedTokens()).toEqual([]);
      r.system.plugReader(READER, card);
      expect((await service.pin.getPinStatus(TOKEN_ID)).pin.attemptsRemaining).toBe(3);
    } finally {
      r.close();
    }
  });
});

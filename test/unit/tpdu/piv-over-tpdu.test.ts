/**
 * PIV end to end over the TPDU engines (issue 11 §4): PivSession → host T=0/T=1 engine → wire (with faults
 * for T=1) → card T=0/T=1 engine → the virtual PIV card, opened with openTpduLink (PPS, IFSD) from the card
 * engine's ATR, as the CCID transport will do it.
 */
import { describe, expect, it } from 'vitest';
import { WrongPinError } from '../../../src/apdu/errors';
import type { ApduTransport, TransportCapabilities } from '../../../src/apdu/transport';
import { PivSession } from '../../../src/cards/piv/session';
import { maxCommandLength, openTpduLink, type TpduReaderPort } from '../../../src/tpdu/tpdu-link';
import { PivCard } from '../../../src/virtual/virtual-token/piv-card';
import { EMULATED_VERSION } from '../../../src/virtual/virtual-token/yubikey-extensions';
import { T0CardEngine } from '../../../src/virtual/virtual-token/tpdu/card-t0-engine';
import { T1CardEngine } from '../../../src/virtual/virtual-token/tpdu/card-t1-engine';
import type { TpduCard } from '../../../src/virtual/virtual-token/tpdu/tpdu-card';
import { DEFAULT_MGM_KEY, derToP1363, selfSigned } from '../../session/stack';
import { wire, type WireFault } from './engine-link';

/** HDZB uKeyCI800 reader facts (libccid readers/BZH_uKeyCI800-K1.txt). */
const READER = { features: 0x00010030, protocols: 0x03, maxIfsd: 254, maxCcidMessageLength: 271, defaultClock: 4000, maxDataRate: 344086 };

/** The smallest ApduTransport over a TPDU engine; the CCID transport will do this plus USB. */
class TpduEngineTransport implements ApduTransport {
  readonly isDisconnected = false;
  constructor(
    readonly atr: Uint8Array,
    readonly capabilities: TransportCapabilities,
    private readonly engine: { transmit(apdu: Uint8Array): Promise<Uint8Array> },
  ) {}
  onDisconnect(): () => void {
    return () => undefined;
  }
  exchange(command: Uint8Array): Promise<Uint8Array> {
    return this.engine.transmit(command);
  }
  async close(): Promise<void> {}
  describe(): Record<string, unknown> {
    return {};
  }
}

async function openOver(protocol: 0 | 1, faults = new Map<number, WireFault>()) {
  const card = PivCard.create();
  const tpduCard: TpduCard = protocol === 1 ? new T1CardEngine(card, { ifsc: 128, ta1: 0x13 }) : new T0CardEngine(card, { ta1: 0x13 });
  const link = wire(tpduCard, faults);
  const port: TpduReaderPort = { xfrBlock: link.exchange, setParameters: async () => undefined, coldReset: () => tpduCard.powerOn() };
  const tpdu = await openTpduLink(port, await tpduCard.powerOn(), READER, { preferredProtocol: protocol });
  expect(tpdu.plan.protocol).toBe(protocol);
  expect(tpdu.ppsAccepted).toBe(true);
  const capabilities = { extendedApdu: protocol === 1, maxCommandLength: maxCommandLength(protocol) };
  const transport = new TpduEngineTransport(tpdu.atr, capabilities, tpdu);
  return { card, session: await PivSession.open(transport), plan: tpdu.plan };
}

describe.each([0, 1] as const)('PIV over T=%i', (protocol) => {
  it('reads version, serial, Discovery and PIN status; a wrong PIN costs one try', async () => {
    const { session, card, plan } = await openOver(protocol);
    expect(plan.fiDi).toBe(0x13);
    expect(await session.getVersionText()).toBe(EMULATED_VERSION.join('.'));
    expect(typeof (await session.getSerial())).toBe('number');
    expect((await session.readDiscovery())?.applicationPin).toBe(true);
    expect(await session.getPinStatus()).toMatchObject({ attemptsRemaining: 3, blocked: false });
    await expect(session.verifyPin('000000')).rejects.toBeInstanceOf(WrongPinError);
    expect(card.toJSON().pinRetriesLeft).toBe(2);
  });

  it('generates an RSA-2048 key, stores a certificate and signs with the PIN (chaining both ways)', async () => {
    const { session } = await openOver(protocol);
    await session.authenticate(DEFAULT_MGM_KEY);
    const spki = await session.generateKey(0x9c, 'RSA-2048');
    const cert = await selfSigned('tpdu');
    await session.putCertificate(0x9c, cert);
    expect((await session.listCertificates()).map((c) => c.der)).toEqual([cert]);
    const data = new TextEncoder().encode('签名 over TPDU');
    const signature = await session.signWithPin(0x9c, data, '123456');
    const key = await crypto.subtle.importKey('spki', spki, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['verify']);
    expect(await crypto.subtle.verify({ name: 'RSASSA-PKCS1-v1_5' }, key, signature, data)).toBe(true);
  });
});

describe('PIV over T=1 with a noisy wire', () => {
  it('ECDSA P-256 signing survives broken and lost blocks; the PIN is verified exactly once', async () => {
    const faults = new Map<number, WireFault>();
    const kinds: readonly WireFault[] = ['corrupt-to-host', 'lost-to-host', 'corrupt-to-card', 'lost-to-card', 'wrong-ns-to-host'];
    for (let n = 6; n < 400; n += 7) faults.set(n, kinds[n % kinds.length] as WireFault);
    const { session, card } = await openOver(1, faults);
    const verifies: number[] = [];
    const transmit = card.transmit.bind(card);
    card.transmit = (apdu: Uint8Array) => {
      if (apdu[1] === 0x20 && apdu.length > 5) verifies.push(apdu.length);
      return transmit(apdu);
    };
    await session.authenticate(DEFAULT_MGM_KEY);
    const spki = await session.generateKey(0x9a, 'ECC-P256');
    const data = new TextEncoder().encode('portal login challenge');
    const signature = await session.signWithPin(0x9a, data, '123456');
    const key = await crypto.subtle.importKey('spki', spki, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
    expect(await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, derToP1363(signature, 32), data)).toBe(true);
    expect(verifies).toEqual([13]);
  });
});

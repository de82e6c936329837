/**
 * PIV end to end over a TPDU-level CCID reader (issue 11 §4): PivSession → CcidTransport (T=0 or T=1 engine,
 * PPS, SetParameters, IFSD) → VirtualUsbDevice in TPDU mode → card-side T=0/T=1 engine → the demo PIV card.
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { describe, expect, it } from 'vitest';
import { WrongPinError } from '../../src/apdu/errors';
import { TPDU_FAILURE, TpduLinkError } from '../../src/tpdu/tpdu-errors';
import { PivCard } from '../../src/virtual/virtual-token/piv-card';
import { provisionDemoTokenWithCa } from '../../src/virtual/virtual-token/demo/provision';
import type { TpduProtocols } from '../../src/virtual/virtual-token/virtual-tpdu-slot';
import { VirtualUsb } from '../../src/virtual/virtual-token/virtual-usb-bus';
import { VirtualUsbDevice } from '../../src/virtual/virtual-token/virtual-usb-device';
import { openStack, reopen } from './stack';

const VERIFY = 0x20;
const SIGNATURE_SLOT = 0x9c;

/** Every APDU the card executes, by INS, to count VERIFYs (the card side: after T=0/T=1 reassembly). */
function countInstructions(card: PivCard): number[] {
  const seen: number[] = [];
  const transmit = card.transmit.bind(card);
  card.transmit = (apdu: Uint8Array) => {
    seen.push(apdu[1] ?? -1);
    return transmit(apdu);
  };
  return seen;
}

const CASES: readonly { protocols: TpduProtocols; protocol: 'T=0' | 'T=1' }[] = [
  { protocols: 'T0', protocol: 'T=0' },
  { protocols: 'T0+T1', protocol: 'T=1' },
  { protocols: 'T1', protocol: 'T=1' },
];

describe.each(CASES)('PIV over CcidTransport at TPDU level, token offering $protocols', ({ protocols, protocol }) => {
  it(`speaks ${protocol}: certificates, PIN status, a wrong PIN costs one VERIFY, 9C signs with its PIN`, async () => {
    const { card } = await provisionDemoTokenWithCa();
    const { session, transport } = await openStack(card, { exchangeLevel: 'tpdu', protocols });
    expect(transport.exchangeLevel).toBe('tpdu');
    const described = transport.describe() as { tpdu?: Record<string, unknown> };
    expect(described.tpdu).toMatchObject({ protocol, fiDi: '13' });
    expect(transport.capabilities).toEqual(protocol === 'T=1' ? { extendedApdu: true, maxCommandLength: 65544 } : { extendedApdu: false, maxCommandLength: 261 });

    const certificates = await session.listCertificates();
    expect(certificates.map((c) => c.slot).sort()).toEqual([0x82, 0x9a, 0x9c, 0x9d]);
    expect(await session.getPinStatus()).toMatchObject({ attemptsRemaining: 3, blocked: false });

    const instructions = countInstructions(card);
    const wrong = await session.verifyPin('000000').catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(WrongPinError);
    expect((wrong as WrongPinError).attemptsRemaining).toBe(2);
    expect(instructions.filter((ins) => ins === VERIFY)).toHaveLength(1);
    expect(card.toJSON().pinRetriesLeft).toBe(2);

    const data = new TextEncoder().encode(`合同签署 over ${protocol}`);
    const signature = await session.signWithPin(SIGNATURE_SLOT, data, '123456');
    const der = certificates.find((c) => c.slot === SIGNATURE_SLOT)?.der;
    const publicKey = await new x509.X509Certificate(der as Uint8Array<ArrayBuffer>).publicKey.export({ name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, ['verify']);
    expect(await crypto.subtle.verify({ name: 'RSASSA-PKCS1-v1_5' }, publicKey, signature, data)).toBe(true);
    expect(card.toJSON().pinRetriesLeft).toBe(3);
    await transport.close();
  });
});

describe('PIV over T=1 with block faults on the wire (issue 11 §4)', () => {
  async function faultyStack() {
    const { card } = await provisionDemoTokenWithCa();
    // IFSC 16 and a 64-byte reader message (IFSD 50): the signature's APDUs and answers travel in chains.
    const stack = await openStack(card, { exchangeLevel: 'tpdu', protocols: 'T1', maxMessageLength: 64, t1: { ifsc: 16 } });
    return { ...stack, certificates: await stack.session.listCertificates() };
  }

  it('a lost block, a parity error and two bad EDCs are recovered: one VERIFY, one signature, PIN tries kept', async () => {
    const { card, session, transport, device, certificates } = await faultyStack();
    device.faults.loseBlocks(1);
    expect(await session.getPinStatus()).toMatchObject({ attemptsRemaining: 3 });
    device.faults.parityErrors(1);
    expect(await session.listCertificates()).toHaveLength(certificates.length);
    const instructions = countInstructions(card);
    device.faults.corruptBlocks(2);
    const data = new TextEncoder().encode('带故障的签名');
    const signature = await session.signWithPin(SIGNATURE_SLOT, data, '123456');
    expect(device.faults).toMatchObject({ lostBlocks: 0, corruptedBlocks: 0, parityErrorBlocks: 0 });
    expect(instructions.filter((ins) => ins === VERIFY)).toHaveLength(1);
    expect(instructions.filter((ins) => ins === 0x87)).toHaveLength(1); // GENERAL AUTHENTICATE
    const der = certificates.find((c) => c.slot === SIGNATURE_SLOT)?.der;
    const publicKey = await new x509.X509Certificate(der as Uint8Array<ArrayBuffer>).publicKey.export({ name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, ['verify']);
    expect(await crypto.subtle.verify({ name: 'RSASSA-PKCS1-v1_5' }, publicKey, signature, data)).toBe(true);
    expect(card.toJSON().pinRetriesLeft).toBe(3);
    await transport.close();
  });

  it('more errors than T=1 retransmits: a typed TpduLinkError, the VERIFY never retried, the link usable after RESYNCH', async () => {
    const { card, session, transport, device } = await faultyStack();
    const instructions = countInstructions(card);
    device.faults.corruptBlocks(4); // the answer and three retransmissions (§11.6.3.2 rule 7.4: then RESYNCH)
    const error = await session.verifyPin('000000').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TpduLinkError);
    expect((error as TpduLinkError).failure).toBe(TPDU_FAILURE.Resynchronised);
    expect((error as TpduLinkError).commandMayHaveRun).toBe(true);
    // The card ran the VERIFY once (its answer was lost); the app sent it once and tells the user it may have.
    expect(instructions.filter((ins) => ins === VERIFY)).toHaveLength(1);
    device.faults.clear();
    expect(await session.getPinStatus()).toMatchObject({ attemptsRemaining: 2 });
    expect(instructions.filter((ins) => ins === VERIFY)).toHaveLength(1);
    await transport.close();
  });
});

describe('a token offering T=0 and T=1 (HDZB style)', () => {
  it('its PPS lost: cold reset, T=0 at Fd/Dd (ISO/IEC 7816-3 §9.3), and PIV still signs', async () => {
    const { card } = await provisionDemoTokenWithCa();
    const device = new VirtualUsbDevice(card, { exchangeLevel: 'tpdu', protocols: 'T0+T1' });
    device.faults.loseBlocks(1); // the PPS request never reaches the card
    const usb = new VirtualUsb();
    usb.plug(device);
    const { session, transport } = await reopen(card, device, usb);
    expect(transport.describe()).toMatchObject({ tpdu: { protocol: 'T=0', fiDi: '11', pps: null } });
    expect(transport.capabilities).toEqual({ extendedApdu: false, maxCommandLength: 261 });
    const data = new TextEncoder().encode('T=0 回退');
    const signature = await session.signWithPin(SIGNATURE_SLOT, data, '123456');
    const der = (await session.listCertificates()).find((c) => c.slot === SIGNATURE_SLOT)?.der;
    const publicKey = await new x509.X509Certificate(der as Uint8Array<ArrayBuffer>).publicKey.export({ name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, ['verify']);
    expect(await crypto.subtle.verify({ name: 'RSASSA-PKCS1-v1_5' }, publicKey, signature, data)).toBe(true);
    await transport.close();
  });
});

/**
 * Issue 17 §3 proof: a PKCS#15 card and a PIV card through the worker API (comlink over a MessageChannel) into
 * the dashboard's and PIN screen's own decisions — the role each certificate shows, which buttons are offered,
 * which PIN the form lets through. The UI reads what the profile said (role, PIN policy, capabilities), never
 * PIV slot numbers.
 */
import { expose, type Endpoint } from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import { describeUsbDevice, usbSourceDevice } from '../../src/sources/webusb-ccid-source';
import { keyOffers } from '../../src/ui/key-offers';
import { checkNewPin, checkPin } from '../../src/ui/pin/pin-policy';
import { tokenPinRules } from '../../src/ui/pin/token-pin-rules';
import { certificateRoleKey, sortCertificates } from '../../src/ui/token-view';
import { toCertRecord, toRecord } from '../../src/ui/token-records';
import { provisionPkcs15Card, PKCS15_CARD_PIN } from '../../src/virtual/pkcs15-card';
import { VirtualUsb } from '../../src/virtual/virtual-token/virtual-usb-bus';
import { VirtualUsbDevice } from '../../src/virtual/virtual-token/virtual-usb-device';
import type { CertificateReport } from '../../src/shared/pki/certificate-report';
import { createDeviceService } from '../../src/worker/device-service';
import { wrapDriver, type RemoteDriver } from '../../src/worker/api-surface';
import { installErrorTransfer } from '../../src/worker/error-transfer';
import { SignInRefusedError } from '../../src/worker/sign-in-errors';
import { harness, type Harness } from './demo-service';

const P15 = 'p15-card';
const NOW = '2026-12-06T09:00:00.000Z';
let close: (() => void) | null = null;
let piv: Harness | null = null;

afterEach(() => {
  close?.();
  close = null;
  piv?.close();
  piv = null;
});

async function pkcs15Service(): Promise<RemoteDriver> {
  installErrorTransfer();
  const { card, caCertificate } = await provisionPkcs15Card();
  const device = new VirtualUsbDevice(card, { serialNumber: 'P15-UI' });
  const usb = new VirtualUsb();
  usb.plug(device);
  const source = {
    kind: 'webusb-ccid' as const,
    list: async () => [usbSourceDevice(usb, device, describeUsbDevice(device, P15, 'webusb-ccid', false), [caCertificate])],
  };
  const worker = createDeviceService({ sources: [source], loadDemo: () => Promise.reject(new Error('no demo here')) });
  const channel = new MessageChannel();
  expose(worker, channel.port1 as unknown as Endpoint);
  close = () => (channel.port1.close(), channel.port2.close());
  return wrapDriver(channel.port2 as unknown as Endpoint);
}

/** What the app stores after reading a token (app-model: toRecord + toCertRecord), as the screens see it. */
async function readAsTheAppDoes(remote: RemoteDriver, tokenId: string) {
  const paired = (await remote.tokens.listPairedTokens()).find((t) => t.id === tokenId)!;
  const info = await remote.tokens.open(tokenId);
  const record = toRecord(paired, info, undefined, NOW);
  const certificates = (await remote.tokens.readCertificates(tokenId)).map((c) => toCertRecord(tokenId, c, NOW));
  const reports = certificates.flatMap((c) => (c.report ? [c.report] : [])) as CertificateReport[];
  return { record, certificates, rules: tokenPinRules(reports, record.pinPolicy) };
}

describe('card profiles as the UI sees them (issue 17 §3)', () => {
  it('a PKCS#15 card: its certificates with the roles the profile gave, a 4-digit PIN let through, no unblock or renewal offered', async () => {
    const remote = await pkcs15Service();
    const { record, certificates, rules } = await readAsTheAppDoes(remote, P15);
    // Key references 1 and 2: PIV numbering would call both "retired".
    expect(sortCertificates(certificates).map((c) => certificateRoleKey(c, false))).toEqual(['slotRoleAuth', 'slotRoleSign']);
    expect(certificates.map((c) => c.keyRefLabel)).toEqual(['keyReference 1', 'keyReference 2']);
    expect(keyOffers(record)).toEqual({ pin: true, unblockCode: false, renew: false, sign: false });
    // The unblock code is an optional credential: this card has none, so no PUK status crosses.
    expect((await remote.pin.getPinStatus(P15)).unblockCode).toBeNull();
    // The AODF says 4–8 digits: the card takes a 4-digit PIN, and the verify form (and the change form's current
    // PIN) let it through — PIV's 6–8 refused it. A NEW PIN also meets the CA's rule for its certificates.
    expect(rules.card).toEqual({ minLength: 4, maxLength: 8, charset: 'any' });
    await remote.pin.changePin(P15, PKCS15_CARD_PIN, '2468');
    expect(checkPin('2468', rules.card)).toEqual([]);
    await remote.pin.verifyPin(P15, '2468');
    expect(checkPin('123', rules.card).map((v) => v.code)).toEqual(['too-short']);
    expect(checkNewPin({ current: '2468', next: '13572468', confirm: '13572468', policy: rules.policy, defaults: rules.defaults })).toEqual([]);
  });

  it('a card whose profile cannot sign offers no sign-in choice (it would only be refused at the signature)', async () => {
    const remote = await pkcs15Service();
    // The only key can sign nothing: the popup is told the key is unsupported, before any PIN is asked for.
    const refused = await remote.signIn.signInOptions().then(() => null, (e: unknown) => e);
    expect(refused).toBeInstanceOf(SignInRefusedError);
    expect((refused as SignInRefusedError).code).toBe('UNSUPPORTED_TOKEN');
  });

  it('a PIV card is unchanged: roles of 9A/9C/9D/9E, 6–8 characters, unblock and renewal offered', async () => {
    piv = await harness();
    await piv.remote.tokens.startDemoToken();
    const { record, certificates, rules } = await readAsTheAppDoes(piv.remote, 'demo');
    const sorted = sortCertificates(certificates);
    // The same words and order the slot numbers gave before (SP 800-73-4 Part 1 §3.1: 9A, 9C, 9D, then retired).
    expect(sorted.map((c) => certificateRoleKey(c, false))).toEqual(['slotRoleAuth', 'slotRoleSign', 'slotRoleEncrypt', 'slotRoleRetired']);
    expect(sorted.map((c) => c.keyRef)).toEqual([0x9a, 0x9c, 0x9d, 0x82]);
    expect(sortCertificates(certificates).find((c) => c.keyRef === 0x9a)?.keyRefLabel).toBe('9A');
    expect(keyOffers(record)).toEqual({ pin: true, unblockCode: true, renew: true, sign: true });
    expect((await piv.remote.pin.getPinStatus('demo')).unblockCode).toMatchObject({ blocked: false });
    expect(rules.card).toEqual({ minLength: 6, maxLength: 8, charset: 'any' });
    expect(checkPin('1234', rules.policy).map((v) => v.code)).toEqual(['too-short']);
    expect(checkPin('123456', rules.card)).toEqual([]);
    expect((await piv.remote.signIn.signInOptions()).choices.map((c) => c.role)).toContain('authentication');
  });
});

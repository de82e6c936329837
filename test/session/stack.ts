import * as x509 from '@peculiar/x509';
import { fromHex } from '../../src/apdu/hex';
import { PivSession } from '../../src/cards/piv/session';
import { CcidTransport } from '../../src/usb-driver/ccid-transport';
import { PivCard, type PivCardOptions } from '../../src/virtual/virtual-token/piv-card';
import { VirtualUsb } from '../../src/virtual/virtual-token/virtual-usb-bus';
import { VirtualUsbDevice, type VirtualUsbDeviceOptions } from '../../src/virtual/virtual-token/virtual-usb-device';

export const DEFAULT_MGM_KEY = fromHex('010203040506070801020304050607080102030405060708');

/** The real stack: PivSession → ApduProcessor → CcidTransport → VirtualUsbDevice → PivCard. */
export interface Stack {
  readonly card: PivCard;
  readonly device: VirtualUsbDevice;
  readonly usb: VirtualUsb;
  readonly transport: CcidTransport;
  readonly session: PivSession;
}

export async function openStack(
  card: PivCard = PivCard.create(),
  deviceOptions: VirtualUsbDeviceOptions = {},
): Promise<Stack> {
  const device = new VirtualUsbDevice(card, deviceOptions);
  const usb = new VirtualUsb();
  usb.plug(device);
  return reopen(card, device, usb);
}

export async function reopen(card: PivCard, device: VirtualUsbDevice, usb: VirtualUsb, timeoutMs?: number): Promise<Stack> {
  const transport = await CcidTransport.open(device, timeoutMs === undefined ? { usb } : { usb, timeoutMs });
  const session = await PivSession.open(transport);
  return { card, device, usb, transport, session };
}

export function newCard(options: PivCardOptions = {}): PivCard {
  return PivCard.create(options);
}

/** A small self-signed certificate (any key: the card stores certificates as opaque objects). */
export async function selfSigned(cn: string, days = 365): Promise<Uint8Array> {
  const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
  const keys = await crypto.subtle.generateKey(alg, false, ['sign', 'verify']);
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '0' + Math.floor(Math.random() * 1e9).toString(16),
    name: `CN=${cn}`,
    notBefore: new Date(now - 86_400_000),
    notAfter: new Date(now + days * 86_400_000),
    signingAlgorithm: alg,
    keys,
  });
  return new Uint8Array(cert.rawData);
}

/** DER ECDSA signature (SEQUENCE r, s) → IEEE P1363 r || s, as WebCrypto verifies it. */
export function derToP1363(der: Uint8Array, size: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(size * 2);
  let pos = 2;
  if (der[1]! & 0x80) pos += der[1]! & 0x7f;
  for (let i = 0; i < 2; i++) {
    const len = der[pos + 1]!;
    let value = der.subarray(pos + 2, pos + 2 + len);
    while (value.length > size && value[0] === 0) value = value.subarray(1);
    out.set(value, size * (i + 1) - value.length);
    pos += 2 + len;
  }
  return out;
}

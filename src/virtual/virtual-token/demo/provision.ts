/**
 * The demo token: a PIV card provisioned like a Chinese CA's UKEY for one company clerk (DESIGN.md §2) —
 * 9A authentication (P-256, valid), 9C signature (RSA-2048, valid), 9D key management (P-256, expiring in
 * 10 days) and, in retired slot 82, an SM2 certificate; keys generated on the card, certificates issued by the
 * fixed DEMO-ONLY CA of src/virtual/demo-ca. PIN is the factory default 123456 (what a fresh token ships with).
 */
import '../../reflect-metadata-first';
import * as x509 from '@peculiar/x509';
import { Algorithm, ObjectId, Slot, TAG, certificateObjectFor } from '../piv-tables';
import { concat, findTlv, readTlvs, tlv } from '../card-codec';
import { PivCard } from '../piv-card';
import { cardKind, DEFAULT_CARD_KIND, type CardKind, type CardKindId } from '../card-kinds';
import { CardAdmin } from './card-admin';
import { issueCertificate, loadDemoCa, publicKeyFromTemplate, subjectName, type DemoCa } from './demo-ca';
import { demoSm2CertificateDer } from './sm2-certificate';
import { DEMO_USCI } from './usci';

const DAY = 86_400_000;

/** What the demo token answers to GET VERSION. */
export const DEMO_FIRMWARE_VERSION = [5, 7, 2] as const;

export const DEMO_HOLDER = {
  commonName: '张三',
  organization: '示例科技有限公司',
  usci: DEMO_USCI,
  province: '北京市',
  locality: '海淀区',
} as const;

/** What each demo slot holds; `validFrom`/`validTo` are days relative to provisioning time. */
export const DEMO_SLOTS = [
  { slot: Slot.AUTHENTICATION, algorithm: Algorithm.ECC_P256, validFrom: -30, validTo: 335, purpose: 'authentication' },
  { slot: Slot.SIGNATURE, algorithm: Algorithm.RSA_2048, validFrom: -30, validTo: 335, purpose: 'signature' },
  { slot: Slot.KEY_MANAGEMENT, algorithm: Algorithm.ECC_P256, validFrom: -355, validTo: 10, purpose: 'key-management' },
] as const;

const USAGES = {
  authentication: { usages: x509.KeyUsageFlags.digitalSignature, extended: ['1.3.6.1.5.5.7.3.2'] },
  signature: { usages: x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation, extended: undefined },
  'key-management': { usages: x509.KeyUsageFlags.keyAgreement | x509.KeyUsageFlags.keyEncipherment, extended: undefined },
} as const;

export interface DemoToken {
  readonly card: PivCard;
  /** DER of the fixed demo CA (src/virtual/demo-ca) that issued the 9A/9C/9D certificates (a trust anchor for the demo). */
  readonly caCertificate: Uint8Array;
}

async function certifySlot(admin: CardAdmin, ca: DemoCa, now: Date, spec: (typeof DEMO_SLOTS)[number], serial: number): Promise<void> {
  const template = await admin.generate(spec.slot, spec.algorithm);
  const items = readTlvs(template);
  const publicKey = await publicKeyFromTemplate({
    point: findTlv(items, TAG.EC_POINT),
    modulus: findTlv(items, TAG.RSA_MODULUS),
    exponent: findTlv(items, TAG.RSA_EXPONENT),
  });
  const usage = USAGES[spec.purpose];
  const der = await issueCertificate(ca, {
    subject: subjectName(DEMO_HOLDER),
    publicKey,
    notBefore: new Date(now.getTime() + spec.validFrom * DAY),
    notAfter: new Date(now.getTime() + spec.validTo * DAY),
    serialNumber: `2026${serial.toString(16).padStart(4, '0')}${spec.slot.toString(16)}`,
    usages: usage.usages,
    extendedUsages: usage.extended,
  });
  await admin.putCertificate(certificateObjectFor(spec.slot)!, der);
}

/** Key History content (SP 800-73-4 Part 1 §3.3.3): C1 on-card, C2 off-card counts, F3 offCardCertURL, FE. */
function keyHistory(onCard: number, offCard: number, url: string | null): Uint8Array {
  const urlTlv = url === null ? new Uint8Array(0) : tlv(0xf3, new TextEncoder().encode(url));
  return concat(tlv(0xc1, Uint8Array.of(onCard)), tlv(0xc2, Uint8Array.of(offCard)), urlTlv, tlv(TAG.ERROR_DETECTION_CODE));
}

/**
 * Retired slots as the kind's CA left them (card-kinds.ts `retiredKeys`): the on-card certificates from 82 (the
 * demo's SM2 certificate in 82), then keys whose certificates are kept off the card, and the Key History that
 * lists both. A kind without Key History gets nothing in its retired slots (Part 1 §3.3.3).
 */
async function provisionRetired(admin: CardAdmin, kind: CardKind): Promise<void> {
  const layout = kind.retiredKeys;
  if (!layout) return;
  if (layout.onCard > 0) await admin.putCertificate(certificateObjectFor(0x82)!, demoSm2CertificateDer());
  for (let i = 0; i < layout.offCard; i++) await admin.generate(0x82 + layout.onCard + i, Algorithm.ECC_P256);
  await admin.putObject(ObjectId.KEY_HISTORY, keyHistory(layout.onCard, layout.offCard, layout.offCardCertUrl));
}

export async function provisionDemoTokenWithCa(now: Date = new Date(), kindId?: CardKindId): Promise<DemoToken> {
  const kind = kindId ? cardKind(kindId) : DEFAULT_CARD_KIND;
  // The demo token is a YubiKey 5.7 (renewal there uses MOVE KEY, issue 10 §2); other kinds for the test matrix.
  const card = PivCard.create({ serial: 0x02026112, kind, ...(kindId ? {} : { firmwareVersion: DEMO_FIRMWARE_VERSION }) });
  const admin = new CardAdmin(card);
  await admin.select();
  await admin.authenticate();
  const ca = await loadDemoCa();
  let serial = 1;
  for (const spec of DEMO_SLOTS) await certifySlot(admin, ca, now, spec, serial++);
  await provisionRetired(admin, kind);
  await card.powerOff();
  card.resetApduCount();
  return { card, caCertificate: new Uint8Array(ca.certificate.rawData) };
}

/** The demo token the app shows in demo mode (lazy-loaded: `await import('…/virtual-token/demo')`). */
export async function provisionDemoToken(now: Date = new Date()): Promise<PivCard> {
  return (await provisionDemoTokenWithCa(now)).card;
}

/**
 * `ca enroll` (issue 14 §2): the RA registers, before any ir/cr/p10cr, who may enrol — one subject — and hands the
 * requester a reference and a secret for PBM protection (RFC 9810 §5.1.3.1; RFC 9483 §4.1.1 "MAC-based
 * protection with a shared secret established out of band"). Single use, with an expiry. The secret is kept only
 * sealed to the CA's escrow key: the CA needs the secret itself to check a MAC, so a hash would not do.
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import { seal } from '../../../shared/cmp';
import { readNameDer } from '../../../shared/pki';
import type { CaMaterial } from '../ca-material';
import type { CaRepository } from '../storage/repository';

export const DEFAULT_ENROLLMENT_TTL_SECONDS = 7 * 24 * 3600;

/** Crockford base32 without I, L, O, U: nothing to misread when typed from a letter. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** 26 symbols × 5 bits = 130 bits: beyond offline search of an intercepted PBM for any lifetime. */
const SECRET_SYMBOLS = 26;

export interface Enrollment {
  readonly reference: string;
  readonly secret: string;
  readonly subjectText: string;
  readonly expiresAt: Date;
}

/** The `SealPurpose` and key-serial argument of sealed-box carry our own label, so a sealed secret opens only here. */
export const enrollmentSealLabel = (reference: string): string => `enrollment:${reference}`;

function newSecret(): string {
  const random = globalThis.crypto.getRandomValues(new Uint8Array(SECRET_SYMBOLS));
  // 256 is a multiple of 32: `b % 32` is uniform.
  return Array.from(random, (b) => ALPHABET[b % 32]!).join('');
}

export async function registerEnrollment(
  ca: CaMaterial,
  repository: CaRepository,
  subject: Uint8Array,
  options: { ttlSeconds?: number; now?: Date; keySerial?: string } = {},
): Promise<Enrollment> {
  const now = options.now ?? new Date();
  const reference = bytesToHex(globalThis.crypto.getRandomValues(new Uint8Array(10)));
  const secret = newSecret();
  const expiresAt = new Date(now.getTime() + (options.ttlSeconds ?? DEFAULT_ENROLLMENT_TTL_SECONDS) * 1000);
  const subjectText = readNameDer(subject).text;
  const sealedSecret = await seal(ca.escrowPublicKey, new TextEncoder().encode(secret), enrollmentSealLabel(reference), 'code');
  await repository.putEnrollment({ reference, subject, subjectText, sealedSecret, expiresAt: expiresAt.getTime(), state: 'open', transactionId: null, createdAt: now.getTime(), keySerial: options.keySerial ?? null });
  return { reference, secret, subjectText, expiresAt };
}

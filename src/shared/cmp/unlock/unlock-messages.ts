/**
 * The app's side of PUK escrow and CA-mediated unlock (issue 10 §4) as CMP general messages; see
 * src/servers/ca-server/unlock/unlock-service.ts for the CA's side and ../oids.ts for the infoTypes. Each exchange is
 * its own CMP transaction; every genp is checked with verifyCmpResponse (pinned CA signer) before these
 * readers take its value.
 */
import { GenMsgContent } from '../asn1/bodies';
import { InfoTypeAndValue } from '../asn1/header';
import { buildMacMessage, buildSignedMessage, buildUnprotectedMessage, type SignatureSender } from '../client/protected-message';
import { randomBytes, type BuiltCmpRequest, type CmpTransaction } from '../client/transaction';
import type { CmpOutcome } from '../client/verify-response';
import { CmpVerificationError } from '../errors';
import { UKEY_INFO_TYPE, ukeyInfoTypeName } from '../oids';
import { exportSpki, generateEphemeralKey, open, seal } from './sealed-box';
import { decodeInfoValue, encodeInfoValue, EscrowPendingValue, EscrowReferenceValue, UnlockReleaseValue, UnlockRequestValue } from './unlock-asn1';

/** DER of the empty Name (RFC 9483 §3.1 "NULL-DN") for senders without a certificate. */
const NULL_DN = new Uint8Array([0x30, 0x00]);

const newTransaction = (recipient: Uint8Array): CmpTransaction => ({
  transactionId: randomBytes(16), lastSenderNonce: new Uint8Array(), certReqId: 0, recipient,
});

const genm = (infoType: string, value?: ArrayBuffer) => ({
  type: 'genm' as const,
  content: new GenMsgContent([new InfoTypeAndValue({ infoType, ...(value ? { infoValue: value } : {}) })]),
});

function infoOf(outcome: CmpOutcome, infoType: string): ArrayBuffer {
  const wanted = ukeyInfoTypeName(infoType);
  const info = outcome.kind === 'general' ? outcome.infos.find((i) => ukeyInfoTypeName(i.infoType) === wanted) : undefined;
  if (!info?.infoValue) throw new CmpVerificationError('unexpected-body', `the CA did not answer ${infoType}`);
  return info.infoValue;
}

/** Asks for the CA's P-256 escrow key (answer: readEscrowKey). */
export function buildEscrowKeyQuery(recipient: Uint8Array): BuiltCmpRequest {
  return buildUnprotectedMessage(NULL_DN, newTransaction(recipient), genm(UKEY_INFO_TYPE.escrowKey));
}

export function readEscrowKey(outcome: CmpOutcome): Uint8Array {
  return new Uint8Array(infoOf(outcome, UKEY_INFO_TYPE.escrowKey));
}

export interface EscrowInput {
  /** The token's certificate and key (PIN verified right before): only a key holder escrows its PUK. */
  readonly sender: SignatureSender;
  readonly recipient: Uint8Array;
  readonly keySerial: string;
}

/** Phase 1: the new PUK, sealed to the CA's escrow key, stored pending (answer: readEscrowReference). */
export async function buildEscrowPending(input: EscrowInput & { readonly puk: Uint8Array; readonly escrowKey: Uint8Array }): Promise<BuiltCmpRequest> {
  const sealedPuk = await seal(input.escrowKey, input.puk, input.keySerial, 'escrow');
  const value = new EscrowPendingValue({ keySerial: input.keySerial, sealedPuk: sealedPuk.slice().buffer });
  return buildSignedMessage(input.sender, newTransaction(input.recipient), genm(UKEY_INFO_TYPE.pukEscrowPending, encodeInfoValue(value)));
}

export function readEscrowReference(outcome: CmpOutcome, infoType: string = UKEY_INFO_TYPE.pukEscrowPending): { keySerial: string; escrowId: string } {
  const value = decodeInfoValue(infoOf(outcome, infoType), EscrowReferenceValue, 'escrow reference');
  return { keySerial: value.keySerial, escrowId: value.escrowId };
}

/** Phase 2, after CHANGE REFERENCE DATA of the PUK succeeded on the token. */
export function buildEscrowCommit(input: EscrowInput & { readonly escrowId: string }): Promise<BuiltCmpRequest> {
  const value = new EscrowReferenceValue({ keySerial: input.keySerial, escrowId: input.escrowId });
  return buildSignedMessage(input.sender, newTransaction(input.recipient), genm(UKEY_INFO_TYPE.pukEscrowCommit, encodeInfoValue(value)));
}

/** Files an unlock request; the answer's escrowId field carries the request id (readEscrowReference with unlockRequest). */
export function buildUnlockRequest(input: { recipient: Uint8Array; keySerial: string; name: string; phone: string }): BuiltCmpRequest {
  const value = new UnlockRequestValue({ keySerial: input.keySerial, name: input.name, phone: input.phone });
  return buildUnprotectedMessage(NULL_DN, newTransaction(input.recipient), genm(UKEY_INFO_TYPE.unlockRequest, encodeInfoValue(value)));
}

export interface UnlockRelease {
  readonly request: BuiltCmpRequest;
  /** Keep only in memory until the genp arrives; it opens the PUK. */
  readonly ephemeralPrivateKey: CryptoKey;
}

/** Redeems the 解锁授权码: PBM keyed by the code, senderKID = request id, PUK to be sealed to a fresh key. */
export async function buildUnlockRelease(input: { recipient: Uint8Array; requestId: string; code: string; keySerial: string }): Promise<UnlockRelease> {
  const ephemeral = await generateEphemeralKey();
  const value = new UnlockReleaseValue({ keySerial: input.keySerial, ephemeralKey: (await exportSpki(ephemeral.publicKey)).slice().buffer });
  const request = buildMacMessage(
    { name: NULL_DN, reference: new TextEncoder().encode(input.requestId), secret: new TextEncoder().encode(input.code) },
    newTransaction(input.recipient),
    genm(UKEY_INFO_TYPE.unlockRelease, encodeInfoValue(value)),
  );
  return { request, ephemeralPrivateKey: ephemeral.privateKey };
}

/** The escrowed PUK from a verified genp. Use it once (RESET RETRY COUNTER), then rotate it through escrow. */
export function openReleasedPuk(outcome: CmpOutcome, ephemeralPrivateKey: CryptoKey, keySerial: string): Promise<Uint8Array> {
  return open(ephemeralPrivateKey, new Uint8Array(infoOf(outcome, UKEY_INFO_TYPE.unlockRelease)), keySerial, 'release');
}

/**
 * Every follow-up of a transaction (certConf, pollReq, genm) is protected afresh and chained by nonces
 * (RFC 9810 §5.1.1: recipNonce = the CA's last senderNonce; a new senderNonce each time).
 */
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import type { PkiBody } from '../body-codec';
import { CmpDecodeError } from '../errors';
import { assemblePkiMessage, encodeBody, encodeHeader } from '../message-codec';
import { macProtection, pbmAlgorithm, signProtection } from '../protection';
import { signatureAlgorithmIdentifier, type CmpSigner } from '../signer';
import { buildHeader } from './header';
import { randomBytes, type BuiltCmpRequest, type CmpTransaction } from './transaction';

/** A sender that protects with a signature: its certificate, the chain above it, and its key as a signer. */
export interface SignatureSender {
  readonly certificate: Uint8Array;
  readonly chain?: readonly Uint8Array[];
  readonly signer: CmpSigner;
}

/** A sender that protects with a shared secret (RFC 9810 §5.1.3.1), e.g. the 解锁授权码. */
export interface MacSender {
  /** DER Name the sender claims (RFC 9483 §3.1 allows NULL-DN with a senderKID reference). */
  readonly name: Uint8Array;
  /** Reference of the secret at the CA (senderKID), e.g. the unlock request id as UTF-8. */
  readonly reference: Uint8Array;
  readonly secret: Uint8Array;
}

function subjectOf(certificate: Uint8Array): Uint8Array {
  try {
    const cert = AsnConvert.parse(certificate, Certificate);
    return new Uint8Array(AsnConvert.serialize(cert.tbsCertificate.subject));
  } catch (cause) {
    throw new CmpDecodeError('certificate', 'sender certificate is not a DER X.509 certificate', { cause });
  }
}

function next(transaction: CmpTransaction, senderNonce: Uint8Array): CmpTransaction {
  return { ...transaction, lastSenderNonce: senderNonce };
}

export async function buildSignedMessage(sender: SignatureSender, transaction: CmpTransaction, body: PkiBody): Promise<BuiltCmpRequest> {
  const senderNonce = randomBytes(16);
  const headerDer = encodeHeader(
    buildHeader({
      sender: subjectOf(sender.certificate),
      recipient: transaction.recipient,
      protectionAlg: signatureAlgorithmIdentifier(sender.signer.algorithm),
      transactionId: transaction.transactionId,
      senderNonce,
      ...(transaction.lastRecipNonce ? { recipNonce: transaction.lastRecipNonce } : {}),
    }),
  );
  const bodyDer = encodeBody(body);
  const protection = await signProtection(headerDer, bodyDer, sender.signer);
  return {
    der: assemblePkiMessage(headerDer, bodyDer, protection, [sender.certificate, ...(sender.chain ?? [])]),
    transaction: next(transaction, senderNonce),
  };
}

/**
 * An unprotected message (RFC 9810 §5.1.3 allows it; RFC 9483 §3.2 only for cases like this): filing an unlock
 * request or asking for the escrow key, when the token's key cannot sign because its PIN is blocked.
 */
export function buildUnprotectedMessage(sender: Uint8Array, transaction: CmpTransaction, body: PkiBody): BuiltCmpRequest {
  const senderNonce = randomBytes(16);
  const header = buildHeader({
    sender,
    recipient: transaction.recipient,
    protectionAlg: undefined,
    transactionId: transaction.transactionId,
    senderNonce,
    ...(transaction.lastRecipNonce ? { recipNonce: transaction.lastRecipNonce } : {}),
  });
  return { der: assemblePkiMessage(encodeHeader(header), encodeBody(body), undefined, []), transaction: next(transaction, senderNonce) };
}

export function buildMacMessage(sender: MacSender, transaction: CmpTransaction, body: PkiBody): BuiltCmpRequest {
  const senderNonce = randomBytes(16);
  const protectionAlg = pbmAlgorithm(randomBytes(16));
  const headerDer = encodeHeader(
    buildHeader({
      sender: sender.name,
      recipient: transaction.recipient,
      protectionAlg,
      transactionId: transaction.transactionId,
      senderNonce,
      senderKid: sender.reference,
      ...(transaction.lastRecipNonce ? { recipNonce: transaction.lastRecipNonce } : {}),
    }),
  );
  const bodyDer = encodeBody(body);
  const protection = macProtection(headerDer, bodyDer, protectionAlg, sender.secret);
  return { der: assemblePkiMessage(headerDer, bodyDer, protection, []), transaction: next(transaction, senderNonce) };
}

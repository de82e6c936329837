/** certConf (RFC 9810 §5.3.18) and pollReq (§5.3.22) of a certificate transaction, protected by the old key. */
import { CertConfirmContent, CertStatus, PollReqContent, PollReqEntry } from '../asn1/bodies';
import { PkiFreeText, PkiStatusInfo } from '../asn1/header';
import { certificateHash } from '../cert-hash';
import { failInfoContent, PKI_STATUS, type FailInfoName } from '../status';
import { derTlv } from '../der';
import { buildSignedMessage, type SignatureSender } from './protected-message';
import type { BuiltCmpRequest, CmpTransaction } from './transaction';

export interface CertConfInput {
  readonly sender: SignatureSender;
  readonly transaction: CmpTransaction;
  /** DER of the certificate the CA returned. */
  readonly certificate: Uint8Array;
  /** Accept, or reject with a reason (RFC 9483 §4.1.1: rejection status with failInfo and text). */
  readonly verdict: { readonly accept: true } | { readonly accept: false; readonly failInfo: FailInfoName; readonly reason: string };
}

export async function buildCertConf(input: CertConfInput): Promise<BuiltCmpRequest> {
  const status = new CertStatus({
    certHash: certificateHash(input.certificate).slice().buffer,
    certReqId: input.transaction.certReqId,
  });
  if (!input.verdict.accept) {
    status.statusInfo = new PkiStatusInfo({
      status: PKI_STATUS.rejection,
      statusString: new PkiFreeText([input.verdict.reason]),
      failInfo: derTlv(0x03, failInfoContent([input.verdict.failInfo])).slice().buffer,
    });
  }
  return buildSignedMessage(input.sender, input.transaction, { type: 'certConf', content: new CertConfirmContent([status]) });
}

export async function buildPollReq(sender: SignatureSender, transaction: CmpTransaction): Promise<BuiltCmpRequest> {
  return buildSignedMessage(sender, transaction, {
    type: 'pollReq',
    content: new PollReqContent([new PollReqEntry({ certReqId: transaction.certReqId })]),
  });
}

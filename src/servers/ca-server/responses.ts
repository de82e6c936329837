/**
 * The CA's signed responses (RFC 9810 §5.3, RFC 9483 §4): header echoes transactionID and the request's
 * senderNonce as recipNonce, a fresh senderNonce, protection by the CMP signer, extraCerts = CMP signer then CA.
 */
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate, GeneralName, Name } from '@peculiar/asn1-x509';
import {
  CertRepMessage,
  CertResponse,
  ErrorMsgContent,
  GenMsgContent,
  PollRepContent,
  PollRepEntry,
  InfoTypeAndValue,
  PkiFreeText,
  PkiStatusInfo,
  BODY_TAGS,
  randomBytes,
  derTlv,
  assemblePkiMessage,
  encodeBody,
  signProtection,
  signatureAlgorithmIdentifier,
  failInfoContent,
  PKI_STATUS,
  type PkiBody,
  type FailInfoName,
} from '../../shared/cmp';
import type { CaMaterial } from './ca-material';
import { keyIdentifierOf } from './certificate-builder';
import { responseHeaderDer } from './response-header-der';
import { certRepMessageDer } from './cert-rep-der';

/** What a response needs from the request it answers (absent fields for undecodable requests). */
export interface RequestContext {
  readonly transactionId?: Uint8Array;
  readonly senderNonce?: Uint8Array;
  readonly sender?: GeneralName;
}

export interface SignedResponse {
  readonly der: Uint8Array;
  readonly senderNonce: Uint8Array;
}

export function statusInfo(status: number, text?: string, failInfo?: FailInfoName[]): PkiStatusInfo {
  return new PkiStatusInfo({
    status,
    ...(text ? { statusString: new PkiFreeText([text]) } : {}),
    ...(failInfo && failInfo.length > 0 ? { failInfo: derTlv(0x03, failInfoContent(failInfo)).slice().buffer } : {}),
  });
}

/** GeneralName directoryName with an empty Name (RFC 9810 §5.1.1: the recipient when the sender is unknown). */
const EMPTY_DIRECTORY_NAME = new Uint8Array(AsnConvert.serialize(new GeneralName({ directoryName: new Name() })));

export class ResponseBuilder {
  private readonly senderDer: Uint8Array;
  private readonly senderKid: Uint8Array;
  private readonly protectionAlgDer: Uint8Array;
  private readonly extraCerts: Uint8Array[];

  constructor(private readonly ca: CaMaterial) {
    const cmp = AsnConvert.parse(ca.cmpCertificate, Certificate);
    this.senderDer = new Uint8Array(AsnConvert.serialize(new GeneralName({ directoryName: cmp.tbsCertificate.subject })));
    this.senderKid = keyIdentifierOf(new Uint8Array(AsnConvert.serialize(cmp.tbsCertificate.subjectPublicKeyInfo)));
    this.protectionAlgDer = new Uint8Array(AsnConvert.serialize(signatureAlgorithmIdentifier(ca.cmpSigner.algorithm)));
    const same = ca.cmpCertificate.length === ca.caCertificate.length && ca.cmpCertificate.every((b, i) => b === ca.caCertificate[i]);
    this.extraCerts = same ? [ca.cmpCertificate] : [ca.cmpCertificate, ca.caCertificate];
  }

  async respond(context: RequestContext, body: PkiBody, options: { implicitConfirm?: boolean } = {}): Promise<SignedResponse> {
    const senderNonce = randomBytes(16);
    const headerDer = responseHeaderDer({
      sender: this.senderDer,
      recipient: context.sender ? new Uint8Array(AsnConvert.serialize(context.sender)) : EMPTY_DIRECTORY_NAME,
      messageTime: new Date(Math.floor(Date.now() / 1000) * 1000),
      protectionAlg: this.protectionAlgDer,
      senderKID: this.senderKid,
      ...(context.transactionId ? { transactionID: context.transactionId } : {}),
      senderNonce,
      ...(context.senderNonce ? { recipNonce: context.senderNonce } : {}),
      implicitConfirm: options.implicitConfirm === true,
    });
    const bodyDer = encodeBody(body);
    const protection = await signProtection(headerDer, bodyDer, this.ca.cmpSigner);
    return { der: assemblePkiMessage(headerDer, bodyDer, protection, this.extraCerts), senderNonce };
  }

  error(context: RequestContext, failInfo: FailInfoName, text: string): Promise<SignedResponse> {
    return this.respond(context, {
      type: 'error',
      content: new ErrorMsgContent({ pkiStatusInfo: statusInfo(PKI_STATUS.rejection, text, [failInfo]) }),
    });
  }

  /** ip / cp / kup with one CertResponse: the certificate, or a waiting status. */
  certificate(
    context: RequestContext,
    type: 'ip' | 'cp' | 'kup',
    certReqId: number,
    certificate: Uint8Array | null,
    options: { implicitConfirm?: boolean; waitingText?: string } = {},
  ): Promise<SignedResponse> {
    if (certificate) {
      return this.respond(context, { type: 'opaque', tag: BODY_TAGS[type], content: certRepMessageDer(certReqId, certificate) }, options);
    }
    const response = new CertResponse({ certReqId, status: statusInfo(PKI_STATUS.waiting, options.waitingText) });
    return this.respond(context, { type, content: new CertRepMessage({ response: [response] }) }, options);
  }

  pollRep(context: RequestContext, certReqId: number, checkAfterSeconds: number, reason: string): Promise<SignedResponse> {
    return this.respond(context, {
      type: 'pollRep',
      content: new PollRepContent([new PollRepEntry({ certReqId, checkAfter: checkAfterSeconds, reason: new PkiFreeText([reason]) })]),
    });
  }

  pkiConf(context: RequestContext): Promise<SignedResponse> {
    return this.respond(context, { type: 'pkiconf', content: null });
  }

  genp(context: RequestContext, infos: InfoTypeAndValue[]): Promise<SignedResponse> {
    return this.respond(context, { type: 'genp', content: new GenMsgContent(infos) });
  }
}

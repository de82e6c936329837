/**
 * The reference CA's CMP engine, independent of HTTP: one DER request in, one DER response out.
 * Exactly once (issue 10 §3): transactionID + SHA-256(request) is the idempotency key. A repeated request gets
 * the stored response byte for byte; the same transactionID with another first request gets transactionIdInUse
 * (RFC 9810 §5.2.3). A response is sent only after its exchange (and certificate) is committed.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { decodePkiMessage, CmpDecodeError, type DecodedPkiMessage } from '../../shared/cmp';
import type { CaMaterial } from './ca-material';
import { CertificateFlow, type Outcome } from './certificate-flow';
import { policyFor, type CaProfilePolicy } from './policy';
import { RequestRefused } from './request-checks';
import { ResponseBuilder, type RequestContext } from './responses';
import type { CaRepository } from './storage/repository';
import { UnlockService, type UnlockRequestLimits } from './unlock/unlock-service';

export interface CmpServiceOptions {
  readonly ca: CaMaterial;
  readonly repository: CaRepository;
  /** Profile for requests whose signer certificate is not in the repository (e.g. the demo token's). */
  readonly defaultProfile?: string;
  readonly policyOverrides?: Readonly<Record<string, Partial<CaProfilePolicy>>>;
  /** Offer PUK escrow and unlock general messages (default true). */
  readonly unlock?: boolean;
  /** Limits on unauthenticated unlock requests (default DEFAULT_UNLOCK_REQUEST_LIMITS). */
  readonly unlockRequests?: UnlockRequestLimits;
  readonly now?: () => Date;
}

const MAX_COMMIT_ROUNDS = 4;

export class CmpService {
  private readonly responses: ResponseBuilder;
  private readonly flow: CertificateFlow;
  private readonly unlock: UnlockService | null;

  constructor(private readonly options: CmpServiceOptions) {
    this.responses = new ResponseBuilder(options.ca);
    this.flow = new CertificateFlow({
      ca: options.ca,
      repository: options.repository,
      responses: this.responses,
      policy: (name) => policyFor(name ?? options.defaultProfile ?? 'default', options.policyOverrides),
      now: options.now ?? (() => new Date()),
    });
    this.unlock =
      options.unlock === false
        ? null
        : new UnlockService({
            ca: options.ca, repository: options.repository, responses: this.responses,
            ...(options.now ? { now: options.now } : {}), ...(options.unlockRequests ? { limits: options.unlockRequests } : {}),
          });
  }

  async handle(requestDer: Uint8Array): Promise<Uint8Array> {
    let message: DecodedPkiMessage;
    try {
      message = decodePkiMessage(requestDer);
    } catch (error) {
      if (!(error instanceof CmpDecodeError)) throw error;
      return (await this.responses.error({}, 'badDataFormat', `not a CMP message: ${error.message}`)).der;
    }
    const header = message.header;
    const context: RequestContext = {
      ...(header.transactionID ? { transactionId: new Uint8Array(header.transactionID) } : {}),
      ...(header.senderNonce ? { senderNonce: new Uint8Array(header.senderNonce) } : {}),
      sender: header.sender,
    };
    // RFC 9810 §5.1.1: transactionID and senderNonce carry at least 128 bits of randomness.
    if (!context.transactionId || context.transactionId.length < 16 || !context.senderNonce || context.senderNonce.length < 16) {
      return (await this.responses.error(context, 'badRequest', 'transactionID and senderNonce of at least 16 bytes are required')).der;
    }
    if (header.pvno !== 2 && header.pvno !== 3) {
      return (await this.responses.error(context, 'unsupportedVersion', `pvno ${header.pvno} is not supported`)).der;
    }
    const transactionId = bytesToHex(context.transactionId);
    const requestHash = bytesToHex(sha256(requestDer));
    for (let round = 0; round < MAX_COMMIT_ROUNDS; round++) {
      const stored = await this.options.repository.findExchange(transactionId, requestHash);
      if (stored) return stored;
      const outcome = await this.process(message, context, transactionId, requestHash);
      if (outcome.kind === 'ephemeral') return outcome.response;
      const result = await this.options.repository.commitExchange({ ...outcome.commit, request: requestDer, requestHash });
      if (result.kind === 'stored') return outcome.commit.response;
      if (result.kind === 'replay') return result.response;
      if (result.kind === 'conflict') {
        return (await this.responses.error(context, 'transactionIdInUse', 'this transactionID belongs to another request')).der;
      }
    }
    return (await this.responses.error(context, 'systemUnavail', 'the transaction is busy; retry')).der;
  }

  private async process(message: DecodedPkiMessage, context: RequestContext, transactionId: string, requestHash: string): Promise<Outcome> {
    try {
      switch (message.body.type) {
        case 'ir':
        case 'cr':
        case 'kur':
        case 'p10cr':
          return await this.flow.request(message, context, transactionId, requestHash);
        case 'pollReq':
          return await this.flow.poll(message, context, transactionId);
        case 'certConf':
          return await this.flow.confirm(message, context, transactionId);
        case 'genm':
          if (this.unlock) return await this.unlock.handle(message, context, transactionId, requestHash);
          return { kind: 'ephemeral', response: (await this.responses.error(context, 'badRequest', 'general messages are not offered')).der };
        default:
          return { kind: 'ephemeral', response: (await this.responses.error(context, 'badRequest', `${message.body.type} is not supported`)).der };
      }
    } catch (error) {
      // Security review L1: a malformed value inside a well-formed message (e.g. a genm infoValue) is the
      // requester's error — a CMP error message (RFC 9810 §5.3.21), never a 5xx that clients retry.
      if (error instanceof CmpDecodeError) {
        return { kind: 'ephemeral', response: (await this.responses.error(context, 'badDataFormat', error.message)).der };
      }
      if (!(error instanceof RequestRefused)) throw error;
      return { kind: 'ephemeral', response: (await this.responses.error(context, error.failInfo, error.text)).der };
    }
  }

  /**
   * Revokes the certificates never confirmed by their deadline (RFC 9810 §5.3.18: the CA must not rely on an
   * unconfirmed certificate; RFC 9483 §4.1: revoke it after the time-out). Returns the revoked serials.
   */
  revokeUnconfirmed(): Promise<string[]> {
    return this.options.repository.expireUnconfirmed(this.now().getTime());
  }

  /** Runs revokeUnconfirmed every `intervalMs` (serve); the returned function stops it. */
  startConfirmationSweep(intervalMs = 60_000, onError: (error: unknown) => void = () => undefined): () => void {
    const timer = setInterval(() => void this.revokeUnconfirmed().catch(onError), intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }
}

/**
 * Portal sign-in in the worker (issue 9 §2): the window passes the request it accepted and the origin from the
 * MessageEvent; the worker validates both again, builds the "ukey.get" v1 bytes itself (src/shared/signin), and has
 * the card profile sign them with VERIFY immediately before the key operation. The PIN is used for that one
 * call and never leaves the worker except to the token.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { parseCertificate } from '../shared/pki/parse-certificate';
import { signInAlgForKey } from '../shared/signin/algorithms';
import { matchesCertFilter } from '../shared/signin/cert-filter';
import { completeSignIn, createSignInPayload } from '../shared/signin/payload';
import type { CertFilter } from '../shared/signin/protocol';
import { isAcceptableRequesterOrigin, parseSignRequest } from '../shared/signin/request';
import { SignRequestError } from '../shared/signin/errors';
import type { KeyCertificate, TokenSession } from '../cards/seam/token-session';
import { withKeyMap, type KeyState } from '../flows/renewal/key-map';
import { keyAlgorithmOfCertificate } from './certificate-key-algorithm';
import { certificatePolicyOids } from './certificate-policies';
import type { SignInApi, SignInChoice, SignInEnvelope, SignInHistoryEntry, SignInOptions, SignInParams } from './device-service-api';
import type { OpenTokens } from './open-tokens';
import { SignInRefusedError } from './sign-in-errors';
import { describeFailure, mostTellingFailure, type TokenFailure } from './sign-in-problems';
import type { SignInLog } from './sign-in-log';

export interface SignInServiceOptions {
  /** This app's origin; the payload's agent is "<origin>/v1". */
  readonly appOrigin: string;
  readonly log: SignInLog;
  readonly now?: () => Date;
  /**
   * Where each role's key is after renewals on cards without MOVE KEY (issue 15 §2): the renewed key in a
   * retired slot signs the login, not the old one. Default: no renewals.
   */
  readonly keyState?: (tokenId: string) => Promise<KeyState>;
}

interface Candidate {
  readonly choice: SignInChoice;
  readonly der: Uint8Array;
}

export class SignInService implements SignInApi {
  /**
   * Certificates read for the choice, reused for the signature so a sign-in costs no second read — until a
   * renewal changes the token (the key state's version).
   */
  private readonly certificates = new WeakMap<TokenSession, { readonly version: string; readonly found: readonly KeyCertificate[] }>();

  constructor(
    private readonly tokens: OpenTokens,
    private readonly options: SignInServiceOptions,
  ) {}

  private async certificatesOf(session: TokenSession, version: string): Promise<readonly KeyCertificate[]> {
    const cached = this.certificates.get(session);
    if (cached?.version === version) return cached.found;
    const found = await session.listCertificates();
    this.certificates.set(session, { version, found });
    return found;
  }

  private async candidates(tokenId: string, filter: CertFilter | undefined): Promise<Candidate[]> {
    const { session, info } = await this.tokens.get(tokenId);
    // A card whose profile does not sign (issue 17 §3: a read-only profile) offers no key to log in with.
    if (!info.capabilities.signs) return [];
    const { map, version } = (await this.options.keyState?.(tokenId)) ?? { map: new Map<number, number>(), version: '' };
    const out: Candidate[] = [];
    for (const entry of withKeyMap(await this.certificatesOf(session, version), map)) {
      // The encryption key (PIV 9D) never signs a login (issue 9 §2), nor an old key kept after renewal (the key
      // map marks a role's old key retired and gives the role to the slot holding the renewed key).
      if (!entry.der || entry.role === 'encryption' || entry.role === 'retired') continue;
      const cert = parseCertificate(entry.der);
      const alg = signInAlgForKey({ kind: cert.publicKey.kind, bits: cert.publicKey.bits, ...(cert.publicKey.curve ? { curve: cert.publicKey.curve } : {}) });
      const { keyUsage, hasKeyUsage } = cert.extensions;
      if (alg === null || (hasKeyUsage && !keyUsage.includes('digitalSignature'))) continue;
      const filterable = { issuerText: cert.issuer.text, issuerValues: Object.values(cert.issuer.fields), policyOids: certificatePolicyOids(entry.der) };
      if (!matchesCertFilter(filter, filterable)) continue;
      out.push({
        der: entry.der,
        choice: {
          tokenId,
          slot: entry.keyRef,
          role: entry.role,
          alg,
          subjectDN: cert.subject.text,
          subject: cert.subject.fields,
          issuerDN: cert.issuer.text,
          notAfter: cert.notAfter.toISOString(),
          preferred: entry.role === 'authentication',
        },
      });
    }
    return out;
  }

  async signInChoices(certFilter?: CertFilter): Promise<SignInChoice[]> {
    return (await this.signInOptions(certFilter)).choices;
  }

  async signInOptions(certFilter?: CertFilter): Promise<SignInOptions> {
    const { choices, failures, reachable } = await this.gather(certFilter);
    // A key that could not be read says why (busy in another window, issue 15 §4) — never a bare NO_TOKEN.
    if (reachable === 0) throw mostTellingFailure(failures) ?? new SignInRefusedError('NO_TOKEN', 'no key could be read');
    if (choices.length === 0) throw new SignInRefusedError('UNSUPPORTED_TOKEN', 'no certificate on the keys can sign this login');
    return { choices, problems: failures.map(describeFailure) };
  }

  private async gather(certFilter: CertFilter | undefined): Promise<{ choices: SignInChoice[]; failures: TokenFailure[]; reachable: number }> {
    const paired = await this.tokens.listPaired();
    if (paired.length === 0) throw new SignInRefusedError('NO_TOKEN', 'no key is plugged in and granted');
    const choices: SignInChoice[] = [];
    const failures: TokenFailure[] = [];
    let reachable = 0;
    for (const token of paired) {
      try {
        choices.push(...(await this.candidates(token.id, certFilter)).map((c) => c.choice));
        reachable++;
      } catch (error) {
        failures.push({ tokenId: token.id, error }); // another key may still sign; this one says why it cannot
      }
    }
    return { choices: choices.sort((a, b) => Number(b.preferred) - Number(a.preferred)), failures, reachable };
  }

  async signIn(params: SignInParams): Promise<SignInEnvelope> {
    if (!isAcceptableRequesterOrigin(params.origin)) throw new SignInRefusedError('ORIGIN_REFUSED', `origin ${params.origin} refused`);
    let request;
    try {
      request = parseSignRequest(params.request);
    } catch (error) {
      if (error instanceof SignRequestError) throw new SignInRefusedError('BAD_REQUEST', error.message);
      throw error;
    }
    const candidate = (await this.candidates(params.tokenId, request.certFilter)).find((c) => c.choice.slot === params.slot);
    if (!candidate) throw new SignInRefusedError('UNSUPPORTED_TOKEN', 'the chosen certificate cannot sign this login');
    const cert = parseCertificate(candidate.der);
    const now = this.options.now?.() ?? new Date();
    const payload = createSignInPayload({
      request,
      origin: params.origin,
      certificate: candidate.der,
      key: { kind: cert.publicKey.kind, bits: cert.publicKey.bits, ...(cert.publicKey.curve ? { curve: cert.publicKey.curve } : {}) },
      appOrigin: this.options.appOrigin,
      now,
    });
    const { session } = await this.tokens.get(params.tokenId);
    const signature = await session.signWithPin(params.slot, payload.clientData, params.pin, keyAlgorithmOfCertificate(cert.publicKey));
    await this.options.log
      .add({ tokenId: params.tokenId, origin: params.origin, at: now.toISOString(), certSha256: bytesToHex(sha256(candidate.der)) })
      .catch(() => undefined); // the history is a convenience; a full disk must not fail a good sign-in
    return completeSignIn(payload, signature, candidate.der);
  }

  listSignIns(tokenId: string): Promise<SignInHistoryEntry[]> {
    return this.options.log.list(tokenId);
  }
}

/**
 * Portal sign-in in the worker (issue 9 §2): the window passes the request it accepted and the origin from the
 * MessageEvent; the worker validates both again, builds the "ukey.get" v1 bytes itself (src/shared/signin), and has
 * the card profile sign them with VERIFY immediately before the key operation. The PIN is used for that one
 * call and never leaves the worker except to the token.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { parseCertificate } from '../shared/pki';
import {
  signInAlgForKey,
  matchesCertFilter,
  completeSignIn,
  createSignInPayload,
  isAcceptableRequesterOrigin,
  parseSignRequest,
  SignRequestError,
  type CertFilter,
} from '../shared/signin';
import type { KeyCertificate, TokenSession } from '../cards/seam';
import { withKeyMap, type KeyState } from '../flows/renewal';
import { cardRefOf, keyOf, type CardCache, type CardRef } from './sign-in-card-cache';
import { keyAlgorithmOfCertificate } from './certificate-key-algorithm';
import { certificatePolicyOids } from './certificate-policies';
import type { SignInApi, SignInChoice, SignInEnvelope, SignInHistoryEntry, SignInOptions, SignInParams } from './device-service-api';
import type { OpenToken, OpenTokens } from './open-tokens';
import { SignInCertificateChangedError, SignInRefusedError } from './sign-in-errors';
import { describeFailure, mostTellingFailure, type TokenFailure } from './sign-in-problems';
import type { SignInLog } from './sign-in-log';

export interface SignInServiceOptions {
  /** This app's origin; the payload's agent is "<origin>/v1". */
  readonly appOrigin: string;
  readonly log: SignInLog;
  readonly now?: () => Date;
  /**
   * Where each role's key is after renewals on cards that cannot relocate keys (issue 15 §2): the renewed key in a
   * spare key reference signs the login, not the old one. Default: no renewals.
   */
  readonly keyState?: (tokenId: string) => Promise<KeyState>;
  /** Certificates by card identity, shared by the origin's workers (sign-in-card-cache.ts); default none. */
  readonly cardCache?: CardCache;
}

interface Candidate {
  readonly choice: SignInChoice;
  readonly der: Uint8Array;
}

/** A token's certificates as this worker knows them; `shown`: key references the card showed in this session. */
interface Listing {
  readonly session: TokenSession;
  readonly ref: CardRef | null;
  readonly version: string;
  readonly found: readonly KeyCertificate[];
  readonly shown: Set<number> | 'all';
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

export class SignInService implements SignInApi {
  /**
   * Certificates read for the choice, reused for the signature so a sign-in costs no second read — until a
   * renewal changes the token (the key state's version) or any worker says the card changed (the card cache).
   */
  private readonly listings = new Map<string, Listing>();
  /** Tokens whose certificates changed under a shown choice: nothing is signed until the choices are listed again. */
  private readonly relist = new Set<string>();

  constructor(
    private readonly tokens: OpenTokens,
    private readonly options: SignInServiceOptions,
  ) {
    options.cardCache?.onChanged((cardKey) => {
      for (const [tokenId, listing] of this.listings) if (listing.ref && keyOf(listing.ref) === cardKey) this.listings.delete(tokenId);
    });
  }

  private async listingOf(tokenId: string, open: OpenToken, version: string): Promise<Listing> {
    const held = this.listings.get(tokenId);
    if (held?.session === open.session && held.version === version) return held;
    const cache = this.options.cardCache;
    const ref = cardRefOf(open.session.profileId, open.info);
    const cached = cache && ref && open.session.readCertificate ? await cache.certificates(ref, version) : null;
    if (cache && ref && cached) {
      const proved = cache.provedKeyRef(tokenId, ref);
      const listing = this.keep(tokenId, { session: open.session, ref, version, found: cached.found, shown: new Set(proved === null ? [] : [proved]) });
      // Nothing is offered that the card has not shown in this session: the anchor is read back unless the open did.
      if (cached.anchorKeyRef === null || (await this.shownByCard(listing, cached.anchorKeyRef))) return listing;
      await cache.invalidate(ref); // another card under this identity, or rewritten elsewhere: every worker forgets it
    }
    return this.readCard(tokenId, open, version, ref);
  }

  /** Lists the card's certificates (the open session keeps them by card identity for the other workers too). */
  private async readCard(tokenId: string, open: OpenToken, version: string, ref: CardRef | null): Promise<Listing> {
    const found = await open.session.listCertificates();
    return this.keep(tokenId, { session: open.session, ref, version, found, shown: 'all' });
  }

  private keep(tokenId: string, listing: Listing): Listing {
    this.listings.set(tokenId, listing);
    return listing;
  }

  /** The card, read now (one GET DATA), holds the listed certificate of `keyRef`; remembered for this session. */
  private async shownByCard(listing: Listing, keyRef: number): Promise<boolean> {
    if (listing.shown === 'all' || listing.shown.has(keyRef)) return true;
    const listed = listing.found.find((c) => c.keyRef === keyRef)?.der ?? null;
    const onCard = (await listing.session.readCertificate?.(keyRef)) ?? null;
    const same = listed !== null && onCard !== null && sameBytes(listed, onCard);
    if (same) listing.shown.add(keyRef);
    return same;
  }

  private async candidates(tokenId: string, filter: CertFilter | undefined): Promise<{ candidates: Candidate[]; listing: Listing | null }> {
    const open = await this.tokens.get(tokenId);
    // A card whose profile does not sign (issue 17 §3: a read-only profile) offers no key to log in with.
    if (!open.info.capabilities.signs) return { candidates: [], listing: null };
    const { map, version } = (await this.options.keyState?.(tokenId)) ?? { map: new Map<number, number>(), version: '' };
    const listing = await this.listingOf(tokenId, open, version);
    const out: Candidate[] = [];
    for (const entry of withKeyMap(listing.found, map)) {
      // The encryption key never signs a login (issue 9 §2), nor an old key kept after renewal (the key
      // map marks a role's old key retired and gives the role to the key reference holding the renewed key).
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
          keyRef: entry.keyRef,
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
    return { candidates: out, listing };
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
        choices.push(...(await this.candidates(token.id, certFilter)).candidates.map((c) => c.choice));
        this.relist.delete(token.id); // the window now shows what the card holds
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
    if (this.relist.has(params.tokenId)) throw new SignInCertificateChangedError(params.tokenId);
    const { candidates, listing } = await this.candidates(params.tokenId, request.certFilter);
    const candidate = candidates.find((c) => c.choice.keyRef === params.keyRef);
    if (!candidate || !listing) throw new SignInRefusedError('UNSUPPORTED_TOKEN', 'the chosen certificate cannot sign this login');
    // The certificate the login will carry is the card's own, read in this session — checked before VERIFY, so a
    // stale cache costs one re-read and never a PIN try.
    if (!(await this.shownByCard(listing, params.keyRef))) await this.stale(params.tokenId, listing);
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
    const signature = await listing.session.signWithPin(params.keyRef, payload.clientData, params.pin, keyAlgorithmOfCertificate(cert.publicKey));
    if (listing.ref) await this.options.cardCache?.useAnchor(listing.ref, params.keyRef);
    await this.options.log
      .add({ tokenId: params.tokenId, origin: params.origin, at: now.toISOString(), certSha256: bytesToHex(sha256(candidate.der)) })
      .catch(() => undefined); // the history is a convenience; a full disk must not fail a good sign-in
    return completeSignIn(payload, signature, candidate.der);
  }

  /** A cached certificate the card no longer holds: every worker forgets the card, this one reads it again once. */
  private async stale(tokenId: string, listing: Listing): Promise<never> {
    this.listings.delete(tokenId);
    if (listing.ref) await this.options.cardCache?.invalidate(listing.ref);
    const open = await this.tokens.get(tokenId);
    await this.readCard(tokenId, open, listing.version, listing.ref);
    this.relist.add(tokenId);
    throw new SignInCertificateChangedError(tokenId);
  }

  listSignIns(tokenId: string): Promise<SignInHistoryEntry[]> {
    return this.options.log.list(tokenId);
  }
}

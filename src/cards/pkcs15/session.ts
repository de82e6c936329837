/**
 * PKCS#15 (ISO/IEC 7816-15) as a read-only card profile: certificates with their key's role, the PIN's tries
 * without spending one, VERIFY and CHANGE REFERENCE DATA on the AODF's PIN. Key generation, signing, the
 * unblocking code and administration are not offered by this profile and are refused up front with
 * NotSupportedError (STYLE.md: a capability the card lacks is said before anything is sent).
 */
import { ApduError, NotFoundError, type ApduProcessor, type ApduTransport } from '../../apdu';
import { NotSupportedError } from '../../shared/errors';
import type { PinStatusPair, CardPinPolicy } from '../seam/token-model';
import type { KeyCertificate, TokenFacts, TokenSession } from '../seam/token-session';
import { keysWithCertificates, readCardObjects, userPin, type CardObjects, type KeyWithCertificate } from './card-objects';
import { EF, type CardFiles } from './files';
import { Pkcs15DataError } from './errors';
import type { Odf } from './odf';
import { changePin, readPinStatus, verifyPin } from './pin';
import { parseTokenInfo, type Pkcs15TokenInfo } from './token-info';
import type { PinInfo } from './directory-files';
import { roleOfUsage } from './roles';
import { cardPinPolicy } from './pin-policy';

/** A card whose AODF lists no PIN: nothing to type, the UI offers no PIN form (capabilities.credentials.pin). */
const NO_PIN_POLICY: CardPinPolicy = { minLength: 1, maxLength: 1, charset: 'digits' };

export const PKCS15_PROFILE_ID = 'pkcs15';

function refused(feature: string): Promise<never> {
  return Promise.reject(new NotSupportedError(feature, `The PKCS#15 read-only profile does not offer ${feature}`));
}

/** A failure the card answered (status word, bad data) stays with its certificate; a dead link fails the call. */
function isCardAnswer(error: unknown): error is Error {
  return error instanceof ApduError || error instanceof Pkcs15DataError;
}

export class Pkcs15TokenSession implements TokenSession {
  readonly profileId = PKCS15_PROFILE_ID;
  private objectsPromise: Promise<CardObjects> | null = null;
  /** One card operation at a time: a SELECT of one must not land between another's SELECT and READ BINARY. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly transport: ApduTransport,
    private readonly processor: ApduProcessor,
    private readonly files: CardFiles,
    private readonly odf: Odf,
  ) {}

  private run<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.queue.then(operation, operation);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Read once; a failed read is forgotten so the next call tries again. */
  private objects(): Promise<CardObjects> {
    if (!this.objectsPromise) {
      this.objectsPromise = readCardObjects(this.files, this.odf);
      this.objectsPromise.catch(() => (this.objectsPromise = null));
    }
    return this.objectsPromise;
  }

  private async pin(): Promise<PinInfo> {
    const pin = userPin(await this.objects());
    if (!pin) throw new NotSupportedError('PIN', 'The card lists no PIN in its EF.AODF');
    return pin;
  }

  readFacts(): Promise<TokenFacts> {
    return this.run(async () => {
      const info = await this.tokenInfo();
      const pin = userPin(await this.objects());
      const reading = pin ? await readPinStatus(this.processor, pin) : null;
      return {
        serialNumber: info?.serialHex || null,
        firmwareVersion: null,
        cardIdentifier: info?.serialHex || null,
        readsTriesWithoutSpending: reading?.answered ?? false,
        pinPolicy: pin ? cardPinPolicy(pin) : NO_PIN_POLICY,
        capabilities: { credentials: { pin: pin !== null, unblockCode: false }, signs: false, renews: false },
      };
    });
  }

  /** Who the card is (ISO 7816-15 §8.10 TokenInfo serialNumber), as readFacts names it; null without one. */
  readIdentity(): Promise<string | null> {
    return this.run(async () => (await this.tokenInfo())?.serialHex || null);
  }

  /** EF.TokenInfo, or null when the card has none (ISO 7816-15 §7.5 requires it; some cards still lack it). */
  private async tokenInfo(): Promise<Pkcs15TokenInfo | null> {
    try {
      return parseTokenInfo(await this.files.read({ path: EF.TOKEN_INFO, index: null, length: null }, 'EF.TokenInfo'));
    } catch (error) {
      if (error instanceof NotFoundError) return null;
      throw error;
    }
  }

  listCertificates(): Promise<KeyCertificate[]> {
    return this.run(async () => {
      const out: KeyCertificate[] = [];
      for (const entry of keysWithCertificates(await this.objects())) out.push(await this.certificateOf(entry));
      return out;
    });
  }

  private async certificateOf(entry: KeyWithCertificate): Promise<KeyCertificate> {
    // ISO 7816-15 §8.4.2 keyReference, in hex as a card tool shows it; only 技术详情 shows it.
    const base = { keyRef: entry.keyRef, role: roleOf(entry), keyRefLabel: `keyReference ${entry.keyRef.toString(16).toUpperCase()}` };
    const value = entry.certificate.value;
    if (value.kind === 'direct') return { ...base, der: value.der, error: null };
    try {
      return { ...base, der: await this.files.read(value.where, `certificate ${entry.certificate.id}`), error: null };
    } catch (error) {
      if (isCardAnswer(error)) return { ...base, der: null, error };
      throw error;
    }
  }

  readCertificate(keyRef: number): Promise<Uint8Array | null> {
    return this.listCertificates().then((found) => found.find((entry) => entry.keyRef === keyRef)?.der ?? null);
  }

  pinStatus(): Promise<PinStatusPair> {
    return this.run(async () => {
      const reading = await readPinStatus(this.processor, await this.pin());
      // The unblocking code is outside this profile (capabilities say so): no status for it.
      return { pin: reading.status, unblockCode: null };
    });
  }

  verifyPin(pin: string): Promise<void> {
    return this.run(async () => verifyPin(this.processor, await this.pin(), pin));
  }

  changePin(currentPin: string, newPin: string): Promise<void> {
    return this.run(async () => changePin(this.processor, await this.pin(), currentPin, newPin));
  }

  changeUnblockCode(): Promise<void> {
    return refused('changing the unblocking code');
  }

  unblockPin(): Promise<void> {
    return refused('unblocking the PIN');
  }

  signWithPin(): Promise<Uint8Array> {
    return refused('signing');
  }

  createCsrWithPin(): Promise<Uint8Array> {
    return refused('certificate requests');
  }

  generateKey(): Promise<Uint8Array> {
    return refused('key generation');
  }

  writeCertificate(): Promise<void> {
    return refused('writing certificates');
  }

  close(): Promise<void> {
    return this.run(() => this.transport.close());
  }
}

function roleOf(entry: KeyWithCertificate): KeyCertificate['role'] {
  return roleOfUsage(entry.key.usage);
}

/**
 * PIV as a card profile (issue 7 §5): the worker's TokenSession over a PivSession. PIV words — slots, PUK,
 * CHUID, the YubiKey extensions — stay here; the worker sees key references with roles and neutral facts.
 */
import { InsNotSupportedError, NotFoundError } from '../../apdu';
import { Algorithm, FACTORY_DEFAULTS, Slot, type SlotId } from './constants';
import { canonicalEcdsaSignature } from './csr-signer';
import { PivDataError } from './errors';
import { KEY_ALGORITHM_BY_NAME, type KeyAlgorithm } from './keys';
import type { PivSession } from './session';
import { capabilitiesOf, parseVersionText, versionAtLeast } from './yubikey';
import { buildTokenCsr } from './token-csr';
import { allocateRetiredSlot } from './key-allocator';
import { AdminAuthentication } from './admin-authentication';
import type { CardPinPolicy, KeyRole, PinStatusPair, TokenCapabilities } from '../seam/token-model';
import type { CsrRequest, KeyAlgorithmName, KeyCertificate, KeyRefAllocation, TokenFacts, TokenSession } from '../seam/token-session';

/** Field size of the ECDSA curves PIV keys use (SP 800-78-4 Table 3-1): P-256 and P-384. */
const EC_FIELD_BYTES: ReadonlyMap<number, number> = new Map([
  [Algorithm.ECC_P256, 32],
  [Algorithm.ECC_P384, 48],
  [Algorithm.SM2, 32],
]);

/** SP 800-73-4 Part 1 §3.1 (Table 4b): what each key is for, in the user's words. */
export function roleOfSlot(slot: SlotId): KeyRole {
  switch (slot) {
    case Slot.AUTHENTICATION:
      return 'authentication';
    case Slot.SIGNATURE:
      return 'signature';
    case Slot.KEY_MANAGEMENT:
      return 'encryption';
    case Slot.CARD_AUTH:
      return 'card-authentication';
    default:
      return 'retired';
  }
}

/** SP 800-73-4 Part 2 §2.4.3: a PIV PIN is 6–8 bytes (the card pads it to 8 with FF). */
export const PIV_CARD_PIN_POLICY: CardPinPolicy = { minLength: 6, maxLength: 8, charset: 'any' };

/** PIV has a PIN and a PUK (Part 2 §2.4.3), signs with GENERAL AUTHENTICATE and generates keys (§3.3.2). */
export const PIV_CAPABILITIES: TokenCapabilities = { credentials: { pin: true, unblockCode: true }, signs: true, renews: true };

/**
 * The PUK a card ships with. SP 800-73-4 Part 2 §2.4.3 gives its format only; the issuer sets the value. Cards
 * that answer Yubico's GET VERSION document 12345678: YubiKey 5 ("The PIV PIN, PUK, and management key") and
 * CanoKey (user guide, PIV "Default values"). Any other card: unknown — the holder is asked, never a guess.
 */
function factoryPukOf(caps: { readonly version: unknown }): string | null {
  return caps.version ? FACTORY_DEFAULTS.PUK : null;
}

export class PivTokenSession implements TokenSession {
  readonly profileId = 'piv';

  private readonly admin: AdminAuthentication;

  constructor(private readonly piv: PivSession) {
    this.admin = new AdminAuthentication(piv);
  }

  get transport(): PivSession['transport'] {
    return this.piv.transport;
  }

  async readFacts(): Promise<TokenFacts> {
    const caps = await this.piv.capabilities();
    // A malformed CHUID must not keep the token from opening; a dead link still must fail the open.
    const chuid = await this.piv.readChuid().catch((error: unknown) => {
      if (error instanceof PivDataError) return null;
      throw error;
    });
    const cardIdentifier = chuid?.guidHex ?? chuid?.fascnHex ?? null;
    return {
      serialNumber: caps.serial ? String(await this.piv.getSerial()) : (chuid?.guidHex ?? null),
      firmwareVersion: await this.piv.getVersionText(),
      cardIdentifier,
      readsTriesWithoutSpending: caps.metadata,
      pinPolicy: PIV_CARD_PIN_POLICY,
      capabilities: PIV_CAPABILITIES,
      factoryUnblockCode: factoryPukOf(caps),
    };
  }

  /**
   * Who the card is, as readFacts names it (serialNumber ?? cardIdentifier): the serial where the card reports
   * one (YubiKey GET SERIAL), else the CHUID's GUID or FASC-N (SP 800-73-4 Part 1 §3.1.2). A card with a
   * malformed CHUID has no identity to tell (null), as in readFacts.
   */
  async readIdentity(): Promise<string | null> {
    const caps = await this.piv.capabilities();
    if (caps.serial) return String(await this.piv.getSerial());
    const chuid = await this.piv.readChuid().catch((error: unknown) => {
      if (error instanceof PivDataError) return null;
      throw error;
    });
    return chuid?.guidHex ?? chuid?.fascnHex ?? null;
  }

  /**
   * Facts read from this card before (the caller proved it by a certificate read back): the firmware version
   * they name decides the YubiKey extensions (GET VERSION, Yubico PIV documentation), so no probe is sent.
   */
  adoptFacts(facts: TokenFacts): void {
    this.piv.assumeCapabilities(capabilitiesOf(parseVersionText(facts.firmwareVersion)));
  }

  async listCertificates(): Promise<KeyCertificate[]> {
    const found = await this.piv.listCertificates();
    return found.map((entry) => ({
      keyRef: entry.slot,
      role: roleOfSlot(entry.slot),
      der: entry.der,
      error: entry.error,
      keyRefLabel: entry.slot.toString(16).toUpperCase().padStart(2, '0'),
    }));
  }

  async pinStatus(): Promise<PinStatusPair> {
    return { pin: await this.piv.getPinStatus(), unblockCode: await this.piv.getPukStatus() };
  }

  verifyPin(pin: string): Promise<void> {
    return this.piv.verifyPin(pin);
  }

  changePin(currentPin: string, newPin: string): Promise<void> {
    return this.piv.changePin(currentPin, newPin);
  }

  changeUnblockCode(currentPuk: string, newPuk: string): Promise<void> {
    return this.piv.changePuk(currentPuk, newPuk);
  }

  unblockPin(puk: string, newPin: string): Promise<void> {
    return this.piv.unblockPin(puk, newPin);
  }

  /**
   * RSA: the raw signature block; ECDSA: canonical DER SEQUENCE{r, s} (X.690), whatever padding a card adds.
   * `known`, when the caller knows the key's algorithm (a renewal journal), is used as is: GENERAL AUTHENTICATE
   * names it in P1 (SP 800-73-4 Part 2 §3.2.4), and a card without GET METADATA cannot tell it for a fresh key
   * whose certificate does not exist yet (issue 15 §2).
   */
  async signWithPin(keyRef: number, data: Uint8Array, pin: string, known?: KeyAlgorithmName): Promise<Uint8Array> {
    const algorithm = known === undefined ? await this.piv.slotAlgorithm(keyRef) : KEY_ALGORITHM_BY_NAME[known];
    const signature = await this.piv.signWithPin(keyRef, data, pin, undefined, algorithm);
    const fieldBytes = EC_FIELD_BYTES.get(algorithm);
    return fieldBytes === undefined ? signature : canonicalEcdsaSignature(signature, fieldBytes, `signature ${keyRef.toString(16)}`);
  }

  createCsrWithPin(request: CsrRequest, pin: string): Promise<Uint8Array> {
    return buildTokenCsr(
      this.piv,
      {
        slot: request.keyRef,
        algorithm: request.algorithm,
        ...(request.subjectFromKeyRef === undefined ? {} : { subjectFromSlot: request.subjectFromKeyRef }),
        ...(request.publicKeySpki === undefined ? {} : { publicKeySpki: request.publicKeySpki }),
      },
      pin,
    );
  }

  async generateKey(keyRef: number, algorithm: KeyAlgorithmName, adminKey: Uint8Array): Promise<Uint8Array> {
    return this.admin.run(adminKey, () => this.piv.generateKey(keyRef, algorithm satisfies KeyAlgorithm));
  }

  async writeCertificate(keyRef: number, der: Uint8Array, adminKey: Uint8Array): Promise<void> {
    await this.admin.run(adminKey, () => this.piv.putCertificate(keyRef, der));
  }

  readCertificate(keyRef: number): Promise<Uint8Array | null> {
    return this.piv.readCertificate(keyRef);
  }

  /** PUT DATA with an empty object deletes it (SP 800-73-4 Part 2 §3.3.2; what yubico-piv-tool sends). */
  async deleteCertificate(keyRef: number, adminKey: Uint8Array): Promise<void> {
    await this.admin.run(adminKey, () => this.piv.removeCertificate(keyRef));
  }

  /** A retired slot the card shows empty (key-allocator.ts), never one of `claimed`. */
  allocateKeyRef(claimed: ReadonlySet<number>): Promise<KeyRefAllocation> {
    return allocateRetiredSlot(this.piv, claimed);
  }

  /** Yubico's MOVE KEY extension came with firmware 5.7. */
  async canMoveKeys(): Promise<boolean> {
    const version = (await this.piv.capabilities()).version;
    return version !== null && versionAtLeast(version, { major: 5, minor: 7, patch: 0 });
  }

  /** MOVE KEY `00 F6 P1=to|FF P2=from` (Yubico PIV extension, firmware 5.7): 6D00 unsupported, 6A88 empty source. */
  async relocateKey(from: number, to: number | null, adminKey: Uint8Array): Promise<'moved' | 'unsupported' | 'source-empty'> {
    if (!(await this.canMoveKeys())) return 'unsupported';
    try {
      await this.admin.run(adminKey, () => this.piv.moveKey(from, to));
      return 'moved';
    } catch (error) {
      if (error instanceof InsNotSupportedError) return 'unsupported';
      if (error instanceof NotFoundError) return 'source-empty';
      throw error;
    }
  }

  close(): Promise<void> {
    return this.piv.close();
  }
}


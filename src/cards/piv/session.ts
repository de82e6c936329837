/**
 * One open PIV card application (SP 800-73-4 Part 2) over one transport. Operations run one at a time (a
 * multi-step exchange such as management-key authentication must not interleave with another caller), and
 * every PIN operation is sent exactly once: no automatic retry, ever (DESIGN.md §7).
 */
import { NotFoundError, type ApduTransport } from '../../apdu';
import { NotSupportedError } from '../../shared/errors';
import type { PivChannel } from './channel';
import { selectPivApplication, type PivSessionOptions } from './session-open';
import { checkAlgorithm, checkSlot, slotLabel } from './slot-checks';
import { Algorithm, INS, KEY_REF, ObjectId, type SlotId } from './constants';
import { listCertificates, putCertificate, removeCertificate, type ListOptions, type SlotCertificate } from './certificates';
import { parseCcc, parseChuid, parseDiscovery, parseKeyHistory, type Ccc, type Chuid, type Discovery, type KeyHistory } from './discovery';
import { generateKey, isAsymmetricAlgorithm, KEY_ALGORITHM_BY_NAME, type AsymmetricAlgorithm, type GenerateOptions, type KeyAlgorithm } from './keys';
import { authenticateManagementKey, guessManagementKeyAlgorithm, isManagementKeyAlgorithm, webCryptoRandom, type ManagementKeyAlgorithm, type RandomSource } from './management-key';
import { readCertificate, readObject, writeObject } from './objects';
import { changeReference, readPinStateByEmptyVerify, resetRetryCounter, verifyPin, UNKNOWN_PIN_STATE, type PinState } from './pin';
import { dropPinStatus } from './security-reset';
import { defaultHash, sign, type HashName } from './sign';
import { algorithmFromCertificate } from './slot-algorithm';
import { sm2SlotPoint } from './sm2-sign';
import { formatVersion, probeCapabilities, readMetadata, readSerial, type FirmwareVersion, type SlotMetadata, type YubiKeyCapabilities } from './yubikey';

export type { PivSessionOptions } from './session-open';

/** MOVE KEY's P1 for "no destination": delete the source key. */
const DELETE_KEY_P1 = 0xff;

export class PivSession {
  readonly transport: ApduTransport;
  /** The SELECT answer: application property template (Part 2 §3.1.1). */
  readonly applicationProperties: Uint8Array;
  private readonly channel: PivChannel;
  private readonly random: RandomSource;
  private capabilitiesPromise: Promise<YubiKeyCapabilities> | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  /** This session sent the PIN (or a PUK): close drops the PIN's status before letting go (security-reset.ts). */
  private pinSent = false;

  private constructor(transport: ApduTransport, channel: PivChannel, properties: Uint8Array, random: RandomSource) {
    this.transport = transport;
    this.channel = channel;
    this.applicationProperties = properties;
    this.random = random;
  }

  /** SELECTs the PIV application; 6A82 → PivAppNotFoundError. */
  static async open(transport: ApduTransport, options: PivSessionOptions = {}): Promise<PivSession> {
    const { channel, properties } = await selectPivApplication(transport, options);
    return new PivSession(transport, channel, properties, options.random ?? webCryptoRandom);
  }

  /** Runs `operation` after every earlier one has settled. */
  private run<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.queue.then(operation, operation);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** YubiKey extensions, probed once with GET VERSION and cached. */
  capabilities(): Promise<YubiKeyCapabilities> {
    if (!this.capabilitiesPromise) {
      const pending = this.run(() => probeCapabilities(this.channel));
      this.capabilitiesPromise = pending;
      // A failed probe (e.g. a disconnect) is not cached: the next call asks the card again.
      pending.catch(() => {
        if (this.capabilitiesPromise === pending) this.capabilitiesPromise = null;
      });
    }
    return this.capabilitiesPromise;
  }

  /** What GET VERSION told of this very card before (issue 15 sign-in cache): no probe is sent. */
  assumeCapabilities(capabilities: YubiKeyCapabilities): void {
    this.capabilitiesPromise = Promise.resolve(capabilities);
  }

  async getVersion(): Promise<FirmwareVersion> {
    const caps = await this.capabilities();
    if (!caps.version) throw new NotSupportedError('GET VERSION', 'The card does not report a firmware version');
    return caps.version;
  }

  async getVersionText(): Promise<string | null> {
    const caps = await this.capabilities();
    return caps.version ? formatVersion(caps.version) : null;
  }

  async getSerial(): Promise<number> {
    const caps = await this.capabilities();
    if (!caps.serial) throw new NotSupportedError('GET SERIAL', 'The card does not report a serial number');
    return this.run(() => readSerial(this.channel));
  }

  async getMetadata(reference: number): Promise<SlotMetadata> {
    const caps = await this.capabilities();
    if (!caps.metadata) throw new NotSupportedError('GET METADATA', 'The card does not report key or PIN metadata');
    return this.run(() => readMetadata(this.channel, reference));
  }

  readObject(objectId: number): Promise<Uint8Array<ArrayBuffer> | null> {
    return this.run(() => readObject(this.channel, objectId));
  }

  async readDiscovery(): Promise<Discovery | null> {
    const content = await this.readObject(ObjectId.DISCOVERY);
    return content === null ? null : parseDiscovery(content);
  }

  async readChuid(): Promise<Chuid | null> {
    const content = await this.readObject(ObjectId.CHUID);
    return content === null ? null : parseChuid(content);
  }

  async readCcc(): Promise<Ccc | null> {
    const content = await this.readObject(ObjectId.CCC);
    return content === null ? null : parseCcc(content);
  }

  async readKeyHistory(): Promise<KeyHistory | null> {
    const content = await this.readObject(ObjectId.KEY_HISTORY);
    return content === null ? null : parseKeyHistory(content);
  }

  async readCertificate(slot: SlotId): Promise<Uint8Array<ArrayBuffer> | null> {
    checkSlot(slot);
    return this.run(() => readCertificate(this.channel, slot));
  }

  /** Every certificate on the card; the Key History decides which retired slots to read (see certificates.ts). */
  listCertificates(options: ListOptions = {}): Promise<SlotCertificate[]> {
    return this.run(() => listCertificates(this.channel, options));
  }

  /** PIN tries left without spending one: GET METADATA 80 where the card has it, else an empty VERIFY. */
  async getPinStatus(): Promise<PinState> {
    const caps = await this.capabilities();
    if (caps.metadata) return this.referenceStatus(KEY_REF.PIN);
    const { verified: _verified, ...state } = await this.run(() => readPinStateByEmptyVerify(this.channel));
    return state;
  }

  /** PUK tries left: only GET METADATA 81 can tell without spending one; otherwise unknown. */
  async getPukStatus(): Promise<PinState> {
    const caps = await this.capabilities();
    return caps.metadata ? this.referenceStatus(KEY_REF.PUK) : UNKNOWN_PIN_STATE;
  }

  private async referenceStatus(reference: number): Promise<PinState> {
    const meta = await this.run(() => readMetadata(this.channel, reference));
    return {
      attemptsRemaining: meta.attemptsRemaining,
      totalAttempts: meta.totalAttempts,
      blocked: meta.attemptsRemaining === 0,
      isDefault: meta.isDefault,
    };
  }

  verifyPin(pin: string): Promise<void> {
    this.pinSent = true;
    return this.run(() => verifyPin(this.channel, pin));
  }

  changePin(currentPin: string, newPin: string): Promise<void> {
    this.pinSent = true;
    return this.run(() => changeReference(this.channel, 'PIN', currentPin, newPin));
  }

  changePuk(currentPuk: string, newPuk: string): Promise<void> {
    this.pinSent = true;
    return this.run(() => changeReference(this.channel, 'PUK', currentPuk, newPuk));
  }

  unblockPin(puk: string, newPin: string): Promise<void> {
    this.pinSent = true;
    return this.run(() => resetRetryCounter(this.channel, puk, newPin));
  }

  /**
   * Management-key mutual authentication. Without an explicit algorithm, GET METADATA 9B tells where the card
   * has it; otherwise the key length decides (24 bytes = 3DES).
   */
  async authenticate(managementKey: Uint8Array, algorithm?: ManagementKeyAlgorithm): Promise<void> {
    let chosen = algorithm;
    if (chosen === undefined) {
      const caps = await this.capabilities();
      const fromCard = caps.metadata ? (await this.getMetadata(KEY_REF.MANAGEMENT_KEY)).algorithm : null;
      chosen = fromCard !== null && isManagementKeyAlgorithm(fromCard) ? fromCard : guessManagementKeyAlgorithm(managementKey.length);
    }
    const resolved = chosen;
    return this.run(() => authenticateManagementKey(this.channel, managementKey, resolved, this.random));
  }

  /** GENERATE ASYMMETRIC KEY PAIR; returns the SubjectPublicKeyInfo DER. Needs management-key auth first. */
  async generateKey(slot: SlotId, algorithm: KeyAlgorithm, options: GenerateOptions = {}): Promise<Uint8Array<ArrayBuffer>> {
    checkSlot(slot);
    checkAlgorithm(algorithm);
    return this.run(() => generateKey(this.channel, slot, KEY_ALGORITHM_BY_NAME[algorithm], options));
  }

  /** PUT DATA of the slot's certificate object (+ Key History for retired slots). Needs management-key auth. */
  async putCertificate(slot: SlotId, der: Uint8Array): Promise<void> {
    checkSlot(slot);
    return this.run(() => putCertificate(this.channel, slot, der));
  }

  /** Deletes the slot's certificate; a retired slot's Key History count follows (certificates.ts). Needs management-key auth. */
  async removeCertificate(slot: SlotId): Promise<void> {
    checkSlot(slot);
    return this.run(() => removeCertificate(this.channel, slot));
  }

  /** The slot's key algorithm: GET METADATA where the card has it, else the slot certificate's public key. */
  async slotAlgorithm(slot: SlotId): Promise<AsymmetricAlgorithm> {
    const caps = await this.capabilities();
    if (caps.metadata) {
      try {
        const meta = await this.getMetadata(slot);
        if (isAsymmetricAlgorithm(meta.algorithm)) return meta.algorithm;
      } catch (error) {
        if (!(error instanceof NotFoundError)) throw error;
      }
    }
    const der = await this.readCertificate(slot);
    if (der === null) throw new NotSupportedError('slot algorithm', `Slot ${slotLabel(slot)} has no key metadata and no certificate`);
    return algorithmFromCertificate(der, slotLabel(slot));
  }

  /** Signs `data` with the slot's key (PIN verified first by the caller). Hash defaults per algorithm. */
  async sign(slot: SlotId, data: Uint8Array, hash?: HashName, algorithm?: AsymmetricAlgorithm): Promise<Uint8Array<ArrayBuffer>> {
    checkSlot(slot);
    const alg = algorithm ?? (await this.slotAlgorithm(slot));
    const sm2Point = await this.sm2PointFor(slot, alg);
    return this.run(() => sign(this.channel, slot, alg, data, hash ?? defaultHash(alg), sm2Point));
  }

  /**
   * VERIFY, then the key operation, with nothing in between (issue 7 §3): a "PIN always" key such as 9C
   * (SP 800-73-4 Part 1 §3.2.2) accepts GENERAL AUTHENTICATE only right after VERIFY, so everything the
   * signature needs (the slot's algorithm) is read first and the two commands run in one queue turn.
   */
  async signWithPin(slot: SlotId, data: Uint8Array, pin: string, hash?: HashName, algorithm?: AsymmetricAlgorithm): Promise<Uint8Array<ArrayBuffer>> {
    checkSlot(slot);
    const alg = algorithm ?? (await this.slotAlgorithm(slot));
    const sm2Point = await this.sm2PointFor(slot, alg);
    return this.withPinVerified(pin, () => sign(this.channel, slot, alg, data, hash ?? defaultHash(alg), sm2Point));
  }

  /** SM2's Z_A needs the slot's public key (GB/T 32918.2 §5.5), read before any VERIFY; other keys need none. */
  private async sm2PointFor(slot: SlotId, algorithm: AsymmetricAlgorithm): Promise<Uint8Array | undefined> {
    if (algorithm !== Algorithm.SM2) return undefined;
    const caps = await this.capabilities();
    return sm2SlotPoint(slotLabel(slot), {
      metadataPublicKey: async () => (caps.metadata ? (await this.getMetadata(slot)).publicKey : null),
      certificate: () => this.readCertificate(slot),
    });
  }

  /**
   * Runs `operation` right after a successful VERIFY in the same queue turn, so no other caller's command can
   * slip between them. `operation` must send only the key operation the PIN authorises.
   */
  withPinVerified<T>(pin: string, operation: () => Promise<T>): Promise<T> {
    this.pinSent = true;
    return this.run(async () => {
      await verifyPin(this.channel, pin);
      return operation();
    });
  }

  /**
   * Deletes a data object: PUT DATA with an empty 53 template (SP 800-73-4 Part 2 §3.3.2). Through the session
   * queue and the traffic log like every command. Needs management-key authentication.
   */
  deleteObject(objectId: number): Promise<void> {
    return this.run(() => writeObject(this.channel, objectId, new Uint8Array(0)));
  }

  /** MOVE KEY (Yubico PIV extension, firmware 5.7): `to` null deletes the key. Needs management-key auth. */
  moveKey(from: SlotId, to: SlotId | null): Promise<void> {
    checkSlot(from);
    if (to !== null) checkSlot(to);
    return this.run(async () => {
      await this.channel.send({ ins: INS.MOVE_KEY, p1: to ?? DELETE_KEY_P1, p2: from });
    });
  }

  /** Lets go of the card; a PIN this session sent is first reset on the card (security-reset.ts). */
  close(): Promise<void> {
    return this.run(async () => {
      if (this.pinSent && !this.transport.isDisconnected) await dropPinStatus(this.channel);
      await this.transport.close();
    });
  }
}

/**
 * A PIV card emulator (NIST SP 800-73-4 Part 2 plus the YubiKey extensions, up to 5.7's MOVE KEY) behind the `SmartCard`
 * interface: the dispatcher, command chaining (ISO 7816-4 §5.1.1.1, CLA bit 0x10) and response chaining
 * (61xx + GET RESPONSE, ISO 7816-4 §7.6.1), and the APDU counter the benchmark reads. Which vendor commands it
 * answers, its ATR and its PIN-always slots come from its card kind (card-kinds.ts, issue 15 §1).
 */
import { INS, PIV_AID, PIV_RID, TAG, Algorithm } from './piv-tables';
import { concat, parseCommand, responseApdu, tlv, type CardCommand } from './card-codec';
import { newSession, type CardContext, type CardSession, type CommandHandler } from './card-context';
import { factoryState, padPin, stateFromJson, stateToJson, type CardState, type CardStateJson, type CardStateOptions } from './card-state';
import { VirtualCardStatusError, reject } from './card-status';
import { SW } from './status-words';
import { defaultObjects, getData, putData } from './data-objects';
import { generalAuthenticate } from './general-authenticate';
import { generateKeyPair, importKey } from './key-commands';
import { setManagementKey } from './management-key';
import { moveKey } from './move-key';
import { changeReferenceData, resetRetryCounter, verify } from './pin-handling';
import { verifierMatches } from './pin-verifier';
import type { SmartCard } from './smart-card';
import { EMULATED_VERSION, getMetadata, getSerial, getVersion, resetCard, setPinRetries, type FirmwareVersion } from './yubikey-extensions';
import { cardKind, DEFAULT_CARD_KIND, YUBIKEY_ATR, type CardKind, type CardKindId } from './card-kinds';

/** ATR of a YubiKey 5 (the default kind). */
export const VIRTUAL_PIV_ATR = YUBIKEY_ATR;

/** Yubico's vendor instructions: a card kind without one answers it 6D00 (ISO 7816-4 §5.1.3). */
const VENDOR_INSTRUCTIONS: ReadonlySet<number> = new Set([
  INS.MOVE_KEY, INS.GET_METADATA, INS.GET_SERIAL, INS.SET_PIN_RETRIES, INS.RESET, INS.GET_VERSION, INS.IMPORT_KEY, INS.SET_MANAGEMENT_KEY,
]);

/** Largest chunk sent per short response before 61xx (ISO 7816-4 §5.1: Ne ≤ 256). */
const SHORT_CHUNK = 256;

const HANDLERS: ReadonlyMap<number, CommandHandler> = new Map<number, CommandHandler>([
  [INS.GET_DATA, getData],
  [INS.PUT_DATA, putData],
  [INS.VERIFY, verify],
  [INS.CHANGE_REFERENCE_DATA, changeReferenceData],
  [INS.RESET_RETRY_COUNTER, resetRetryCounter],
  [INS.GENERAL_AUTHENTICATE, generalAuthenticate],
  [INS.GENERATE_ASYMMETRIC_KEY_PAIR, generateKeyPair],
  [INS.GET_VERSION, getVersion],
  [INS.GET_SERIAL, getSerial],
  [INS.GET_METADATA, getMetadata],
  [INS.SET_MANAGEMENT_KEY, setManagementKey],
  [INS.SET_PIN_RETRIES, setPinRetries],
  [INS.RESET, resetCard],
  [INS.IMPORT_KEY, importKey],
  [INS.MOVE_KEY, moveKey],
]);

/** SELECT answer: application property template (SP 800-73-4 Part 2 §3.1.1). */
function applicationPropertyTemplate(): Uint8Array {
  const algorithms = [Algorithm.TDES, Algorithm.AES_128, Algorithm.AES_192, Algorithm.AES_256, Algorithm.RSA_1024,
    Algorithm.RSA_2048, Algorithm.ECC_P256, Algorithm.ECC_P384];
  return tlv(
    TAG.APPLICATION_PROPERTY_TEMPLATE,
    tlv(TAG.APPLICATION_ID, PIV_AID.subarray(PIV_RID.length)),
    tlv(TAG.COEXISTENT_TAG_ALLOCATION_AUTHORITY, tlv(TAG.APPLICATION_ID, PIV_RID)),
    tlv(TAG.APPLICATION_LABEL, new TextEncoder().encode('UKey Virtual PIV')),
    tlv(TAG.CRYPTOGRAPHIC_ALGORITHMS, ...algorithms.map((a) => tlv(0x80, Uint8Array.of(a))), tlv(0x06, new Uint8Array(0))),
  );
}

export interface PivCardOptions extends CardStateOptions {
  /** Source of randomness for challenges (tests may fix it). */
  random?: (length: number) => Uint8Array;
  /**
   * Slots whose default-policy keys are PIN-"always": VERIFY must be the command right before each GENERAL
   * AUTHENTICATE with the key. Default `[0x9c]` (SP 800-73-4 Part 1 §3.2); tests may pass every slot.
   */
  pinAlwaysSlots?: readonly number[];
  /** What GET VERSION answers (default: the kind's); below 5.7.0 MOVE KEY answers 6D00. Not kept in the state file. */
  firmwareVersion?: FirmwareVersion;
  /** Which card this is (default YubiKey 5.7); not kept in the state file. */
  kind?: CardKindId | CardKind;
}

/** What a card rebuilt from its state file may be told; the rest is in the state. */
export type PivCardRuntimeOptions = Pick<PivCardOptions, 'random' | 'pinAlwaysSlots' | 'firmwareVersion' | 'kind'>;

export class PivCard implements SmartCard {
  readonly atr: Uint8Array;
  readonly kind: CardKind;
  private readonly state: CardState;
  private session: CardSession = newSession();
  private chain?: { head: number; parts: Uint8Array[] };
  private pendingResponse?: Uint8Array;
  private count = 0;
  private readonly listeners = new Set<() => void>();
  private readonly random: (length: number) => Uint8Array;
  private readonly pinAlwaysSlots: ReadonlySet<number>;
  private readonly firmwareVersion: readonly [number, number, number];

  private constructor(state: CardState, options: PivCardRuntimeOptions) {
    this.state = state;
    this.kind = typeof options.kind === 'string' ? cardKind(options.kind) : (options.kind ?? DEFAULT_CARD_KIND);
    this.atr = this.kind.atr.slice();
    this.random = options.random ?? ((n) => crypto.getRandomValues(new Uint8Array(n)));
    this.pinAlwaysSlots = new Set(options.pinAlwaysSlots ?? this.kind.pinAlwaysSlots);
    const [major = 5, minor = 7, patch = 2] = options.firmwareVersion ?? this.kind.firmwareVersion ?? EMULATED_VERSION;
    this.firmwareVersion = [major, minor, patch];
  }

  /** A factory-fresh card: default PIN, PUK and management key, Discovery, CHUID and CCC. */
  static create(options: PivCardOptions = {}): PivCard {
    const state = factoryState(options);
    state.objects = defaultObjects(state.serial);
    return new PivCard(state, options);
  }

  /** Rebuilds a card from `toJSON()` output; malformed input throws `InvalidCardStateError`. */
  static fromJSON(json: unknown, options: PivCardRuntimeOptions = {}): PivCard {
    return new PivCard(stateFromJson(json), options);
  }

  toJSON(): CardStateJson {
    return stateToJson(this.state);
  }

  /** For tests and tools: whether `value` is the card's PIN or PUK now (only a verifier is kept, never the value). */
  referenceIs(which: 'pin' | 'puk', value: string): boolean {
    return verifierMatches(which === 'pin' ? this.state.pin : this.state.puk, padPin(value));
  }

  /** APDUs received since creation or the last `resetApduCount()`. */
  get apduCount(): number {
    return this.count;
  }

  resetApduCount(): void {
    this.count = 0;
  }

  /**
   * Fault injection (DESIGN.md §6): the key in `slot` is gone, as after a reset or a card swapped for a fresh one
   * with the same serial — what a host must meet on any card, including those without a delete command.
   */
  eraseKey(slot: number): boolean {
    const had = this.state.keys.delete(slot);
    if (had) this.listeners.forEach((l) => l());
    return had;
  }

  /** Called after every change of persistent state (PIN counters, keys, objects); returns an unsubscribe. */
  onStateChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async powerOn(): Promise<Uint8Array> {
    this.clearVolatile();
    return this.atr.slice();
  }

  async powerOff(): Promise<void> {
    this.clearVolatile();
  }

  /**
   * Forgets only the management-key authentication, keeping the PIN status: what CanoKey firmware 1.x does on an
   * applet switch (canokey-core 1.6.2 applets/piv/piv.c piv_poweroff clears in_admin_status, not the PIN).
   */
  dropManagementKeyStatus(): void {
    this.session.managementKeyAuthenticated = false;
    this.session.pendingAuth = undefined;
  }

  async transmit(apdu: Uint8Array): Promise<Uint8Array> {
    this.count += 1;
    // PIN-always status lives for exactly one command: whatever arrives now (even malformed) ends it.
    const pinJustVerified = this.session.pinFresh;
    this.session.pinFresh = false;
    try {
      return await this.process(parseCommand(apdu), pinJustVerified);
    } catch (error) {
      this.chain = undefined;
      const sw = error instanceof VirtualCardStatusError ? error.sw : SW.NO_PRECISE_DIAGNOSIS;
      return responseApdu(new Uint8Array(0), sw);
    }
  }

  private clearVolatile(): void {
    this.session = newSession();
    this.chain = undefined;
    this.pendingResponse = undefined;
  }

  private async process(command: CardCommand, pinJustVerified: boolean): Promise<Uint8Array> {
    if ((command.cla & ~0x10) !== 0) reject(SW.CLA_NOT_SUPPORTED);
    if (command.ins === INS.GET_RESPONSE && !this.chain) return this.nextChunk(command);
    this.pendingResponse = undefined;
    const full = this.collectChain(command);
    if (!full) {
      // A chained GENERAL AUTHENTICATE (an RSA-2048 block in short APDUs) is one command: keep the status.
      if (command.ins === INS.GENERAL_AUTHENTICATE) this.session.pinFresh = pinJustVerified;
      return responseApdu(new Uint8Array(0), SW.SUCCESS);
    }
    if (full.ins === INS.SELECT) return this.chunked(this.select(full), full);
    const handler = HANDLERS.get(full.ins);
    if (!handler || !this.session.selected) return reject(SW.INS_NOT_SUPPORTED);
    if (VENDOR_INSTRUCTIONS.has(full.ins) && !this.kind.vendorInstructions.has(full.ins)) return reject(SW.INS_NOT_SUPPORTED, 'not on this kind of card');
    const context: CardContext = {
      state: this.state,
      session: this.session,
      pinJustVerified: pinJustVerified && full.ins === INS.GENERAL_AUTHENTICATE,
      pinAlwaysSlots: this.pinAlwaysSlots,
      firmwareVersion: this.firmwareVersion,
      policyTags: this.kind.policyTags,
      changed: () => this.listeners.forEach((l) => l()),
      random: this.random,
    };
    return this.chunked(await handler(full, context), full);
  }

  /** Command chaining: gathers CLA|10 parts; returns the whole command once the last part arrives. */
  private collectChain(command: CardCommand): CardCommand | undefined {
    const head = (command.ins << 16) | (command.p1 << 8) | command.p2;
    if (this.chain && this.chain.head !== head) this.chain = undefined;
    if (command.cla & 0x10) {
      const parts = this.chain?.parts ?? [];
      if (parts.reduce((n, p) => n + p.length, 0) + command.data.length > 0x10000) reject(SW.WRONG_LENGTH);
      this.chain = { head, parts: [...parts, command.data] };
      return undefined;
    }
    if (!this.chain) return command;
    const data = concat(...this.chain.parts, command.data);
    this.chain = undefined;
    return { ...command, cla: command.cla & ~0x10, data };
  }

  private select(command: CardCommand): Uint8Array {
    if (command.p1 !== 0x04) return reject(SW.FILE_NOT_FOUND, 'only select by AID');
    const aid = command.data;
    const matches = aid.length >= PIV_RID.length && aid.length <= PIV_AID.length && aid.every((b, i) => b === PIV_AID[i]);
    // Another application's AID: not here, and PIV is deselected (ISO 7816-4 §7.1.1).
    if (!matches) {
      this.session.selected = false;
      return reject(SW.FILE_NOT_FOUND, 'unknown application');
    }
    // Re-selecting PIV keeps the security status, as clients (OpenSC) re-select before every transaction —
    // except on a kind whose SELECT resets it (card-kinds.ts selectResetsSecurity, e.g. CanoKey's piv_select).
    if (this.kind.selectResetsSecurity) this.session = newSession();
    this.session.selected = true;
    this.session.pendingAuth = undefined;
    return applicationPropertyTemplate();
  }

  /** Sends at most one chunk now; the rest waits for GET RESPONSE (61xx). Extended Le takes it all. */
  private chunked(data: Uint8Array, command: CardCommand): Uint8Array {
    const size = command.extended ? Math.max(command.ne, SHORT_CHUNK) : SHORT_CHUNK;
    if (data.length <= size) return responseApdu(data, SW.SUCCESS);
    this.pendingResponse = data.subarray(size);
    return responseApdu(data.subarray(0, size), this.moreSw());
  }

  private nextChunk(command: CardCommand): Uint8Array {
    const pending = this.pendingResponse;
    if (!pending) return reject(SW.CONDITIONS_NOT_SATISFIED, 'no response data pending');
    if (command.p1 !== 0 || command.p2 !== 0) return reject(SW.INCORRECT_P1P2);
    const size = command.extended ? Math.max(command.ne, SHORT_CHUNK) : Math.min(command.ne || SHORT_CHUNK, SHORT_CHUNK);
    const chunk = pending.subarray(0, size);
    const rest = pending.subarray(size);
    this.pendingResponse = rest.length > 0 ? rest : undefined;
    return responseApdu(chunk, rest.length > 0 ? this.moreSw() : SW.SUCCESS);
  }

  private moreSw(): number {
    const left = this.pendingResponse?.length ?? 0;
    return SW.MORE_DATA | (left >= SHORT_CHUNK ? 0 : left);
  }
}

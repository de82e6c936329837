/**
 * A file-system card with a PKCS#15 application (ISO 7816-4 §7, §11; ISO 7816-15 §7): SELECT by identifier,
 * by DF name or by path, READ BINARY of transparent EFs, VERIFY and CHANGE REFERENCE DATA on its PIN objects.
 * Nothing else: every other instruction answers 6D00. It is a SmartCard, so the virtual USB CCID reader and the
 * vpcd bridge serve it exactly as they serve the PIV card. It imports nothing from the driver.
 */
import { reject, VirtualCardStatusError } from '../virtual-token/card-status';
import { parseCommand, responseApdu, type CardCommand } from '../virtual-token/command-apdu';
import type { SmartCard } from '../virtual-token/smart-card';
import { SW } from '../virtual-token/status-words';
import { der } from './der';
import { childOf, dedicatedFiles, fcpObjects, MF_FID, type CardFile, type DedicatedFile, type ElementaryFile } from './file-system';
import { PinObject, type PinObjectSpec } from './pin-object';

const INS = { SELECT: 0xa4, READ_BINARY: 0xb0, VERIFY: 0x20, CHANGE_REFERENCE_DATA: 0x24 } as const;
/** ISO 7816-4 §11.1.1 Table 39: SELECT P1. */
const BY = { FILE_ID: 0x00, CHILD_DF: 0x01, EF_UNDER_CURRENT: 0x02, PARENT_DF: 0x03, DF_NAME: 0x04, PATH_FROM_MF: 0x08, PATH_FROM_CURRENT: 0x09 } as const;
/** Table 40: SELECT P2 answers (low bits of the "file control information" nibble). */
const ANSWER = { FCI: 0x00, FCP: 0x04, FMD: 0x08, NONE: 0x0c } as const;
/** 6282: end of file reached before Ne bytes (§11.2.3); 6B00: offset beyond the end. */
const SW_END_OF_FILE = 0x6282;
const SW_WRONG_P1P2 = 0x6b00;
/** §11.5.6: VERIFY with P1 = FF resets the verification status (a "logout"). */
const VERIFY_RESET = 0xff;
/** CLA bit 5 (chaining) and the logical-channel bits are not used by this card; anything else is not CLA 00. */
const CLA_INTERINDUSTRY = 0x00;

export interface Pkcs15CardSpec {
  readonly atr: Uint8Array;
  readonly mf: DedicatedFile;
  readonly pins: readonly PinObjectSpec[];
  /** A card that answers SELECT with P2 = 04 (return FCP) with 6A86, as some older cards do. */
  readonly refusesFcp?: boolean;
}

export class Pkcs15Card implements SmartCard {
  readonly atr: Uint8Array;
  readonly pins: ReadonlyMap<number, PinObject>;
  private readonly mf: DedicatedFile;
  /** The current DF and the DFs above it, MF first. */
  private trail: DedicatedFile[];
  private currentEf: ElementaryFile | null = null;
  private count = 0;
  private readonly refusesFcp: boolean;

  constructor(spec: Pkcs15CardSpec) {
    this.refusesFcp = spec.refusesFcp ?? false;
    this.atr = spec.atr.slice();
    this.mf = spec.mf;
    this.trail = [spec.mf];
    this.pins = new Map(spec.pins.map((pin) => [pin.reference, new PinObject(pin)]));
  }

  get apduCount(): number {
    return this.count;
  }

  async powerOn(): Promise<Uint8Array> {
    this.resetVolatile();
    return this.atr.slice();
  }

  async powerOff(): Promise<void> {
    this.resetVolatile();
  }

  async transmit(apdu: Uint8Array): Promise<Uint8Array> {
    this.count += 1;
    try {
      return this.process(parseCommand(apdu));
    } catch (error) {
      return responseApdu(new Uint8Array(0), error instanceof VirtualCardStatusError ? error.sw : SW.NO_PRECISE_DIAGNOSIS);
    }
  }

  private resetVolatile(): void {
    this.trail = [this.mf];
    this.currentEf = null;
    for (const pin of this.pins.values()) pin.reset();
  }

  private process(command: CardCommand): Uint8Array {
    if (command.cla !== CLA_INTERINDUSTRY) reject(SW.CLA_NOT_SUPPORTED);
    switch (command.ins) {
      case INS.SELECT:
        return this.select(command);
      case INS.READ_BINARY:
        return this.readBinary(command);
      case INS.VERIFY:
        return this.verify(command);
      case INS.CHANGE_REFERENCE_DATA:
        return this.changeReferenceData(command);
      default:
        return reject(SW.INS_NOT_SUPPORTED);
    }
  }

  private select(command: CardCommand): Uint8Array {
    if (this.refusesFcp && (command.p2 & ~0x03) === ANSWER.FCP) return reject(SW.INCORRECT_P1P2, 'no FCP on this card');
    const found = this.find(command.p1, command.data);
    if (!found) return reject(SW.FILE_NOT_FOUND);
    const [trail, file] = found;
    this.trail = trail;
    this.currentEf = file.kind === 'ef' ? file : null;
    switch (command.p2 & ~0x03) {
      case ANSWER.FCI:
        return responseApdu(der(0x6f, ...fcpObjects(file)), SW.SUCCESS);
      case ANSWER.FCP:
        return responseApdu(der(0x62, ...fcpObjects(file)), SW.SUCCESS);
      case ANSWER.NONE:
        return responseApdu(new Uint8Array(0), SW.SUCCESS);
      default:
        return reject(SW.INCORRECT_P1P2);
    }
  }

  /** The file a SELECT names, with the DF trail it leaves current (an EF's parent DF becomes current). */
  private find(p1: number, data: Uint8Array): [DedicatedFile[], CardFile] | undefined {
    const current = this.trail[this.trail.length - 1]!;
    const fids = Array.from({ length: data.length >> 1 }, (_, i) => (data[2 * i]! << 8) | data[2 * i + 1]!);
    if (data.length % 2 !== 0 && p1 !== BY.DF_NAME) reject(SW.INCORRECT_DATA, 'odd path');
    switch (p1) {
      case BY.FILE_ID: {
        if (fids.length === 0 || fids[0] === MF_FID) return [[this.mf], this.mf];
        if (fids.length !== 1) return reject(SW.INCORRECT_DATA);
        const child = childOf(current, fids[0]!);
        if (child) return child.kind === 'df' ? [[...this.trail, child], child] : [this.trail, child];
        // §7.1.1: a file identifier may also name the current DF's parent's children.
        const parent = this.trail[this.trail.length - 2];
        const sibling = parent && childOf(parent, fids[0]!);
        if (sibling) return sibling.kind === 'df' ? [[...this.trail.slice(0, -1), sibling], sibling] : [this.trail.slice(0, -1), sibling];
        return undefined;
      }
      case BY.EF_UNDER_CURRENT: {
        const child = fids.length === 1 ? childOf(current, fids[0]!) : undefined;
        return child?.kind === 'ef' ? [this.trail, child] : undefined;
      }
      case BY.DF_NAME: {
        const match = dedicatedFiles(this.mf).find(({ df }) => df.name !== null && sameBytes(df.name, data));
        return match ? [match.trail, match.df] : undefined;
      }
      case BY.PATH_FROM_MF:
        return this.walk([this.mf], fids);
      case BY.PATH_FROM_CURRENT:
        return this.walk(this.trail, fids);
      default:
        return reject(SW.INCORRECT_P1P2);
    }
  }

  private walk(start: DedicatedFile[], fids: readonly number[]): [DedicatedFile[], CardFile] | undefined {
    if (fids.length === 0) return reject(SW.INCORRECT_DATA, 'empty path');
    let trail = start;
    for (let i = 0; i < fids.length; i++) {
      const child = childOf(trail[trail.length - 1]!, fids[i]!);
      if (!child) return undefined;
      if (child.kind === 'ef') return i === fids.length - 1 ? [trail, child] : undefined;
      trail = [...trail, child];
    }
    return [trail, trail[trail.length - 1]!];
  }

  private readBinary(command: CardCommand): Uint8Array {
    // P1 bit 8 set would be a short EF identifier (§11.2.3); this card's EFs have none.
    if (command.p1 & 0x80) return reject(SW.INCORRECT_P1P2, 'short EF identifiers are not used');
    const ef = this.currentEf ?? reject(SW.CONDITIONS_NOT_SATISFIED, 'no EF selected');
    const offset = (command.p1 << 8) | command.p2;
    if (offset > ef.data.length) return reject(SW_WRONG_P1P2, 'offset past the end');
    const wanted = command.ne === 0 ? 256 : command.ne;
    const part = ef.data.subarray(offset, offset + wanted);
    return responseApdu(part, part.length < wanted ? SW_END_OF_FILE : SW.SUCCESS);
  }

  private pin(reference: number): PinObject {
    return this.pins.get(reference) ?? reject(SW.REFERENCE_NOT_FOUND, 'no such PIN');
  }

  private verify(command: CardCommand): Uint8Array {
    const pin = this.pin(command.p2);
    if (command.p1 === VERIFY_RESET && command.data.length === 0) {
      pin.reset();
      return responseApdu(new Uint8Array(0), SW.SUCCESS);
    }
    if (command.p1 !== 0x00) return reject(SW.INCORRECT_P1P2);
    if (command.data.length === 0) return responseApdu(new Uint8Array(0), pin.status());
    pin.check(command.data);
    return responseApdu(new Uint8Array(0), SW.SUCCESS);
  }

  /** §11.5.7: P1 = 00 carries the current and the new value, each of the stored length; P1 = 01 only the new one. */
  private changeReferenceData(command: CardCommand): Uint8Array {
    const pin = this.pin(command.p2);
    if (command.p1 === 0x01) {
      if (!pin.isVerified) return reject(SW.SECURITY_STATUS_NOT_SATISFIED);
      pin.change(command.data);
      return responseApdu(new Uint8Array(0), SW.SUCCESS);
    }
    if (command.p1 !== 0x00) return reject(SW.INCORRECT_P1P2);
    if (command.data.length % 2 !== 0 || command.data.length === 0) return reject(SW.WRONG_LENGTH, 'old and new differ in length');
    const half = command.data.length / 2;
    pin.check(command.data.subarray(0, half));
    pin.change(command.data.subarray(half));
    return responseApdu(new Uint8Array(0), SW.SUCCESS);
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

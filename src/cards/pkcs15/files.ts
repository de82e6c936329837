/**
 * Reading transparent files of a PKCS#15 card: SELECT by path (ISO 7816-4 §11.1.1) answering the FCP for the
 * size, then READ BINARY in 256-byte steps (§11.2.3) with 15-bit offsets. Paths that do not start at the MF
 * are relative to the application DF (ISO 7816-15 §8.2.4): joined to its path when the card gave one, else
 * selected from the application after a SELECT of its AID.
 */
import { errorForStatusWord, SW, type ApduProcessor } from '../../apdu';
import { FID, INS, MAX_BINARY_OFFSET, PKCS15_AID, READ_CHUNK, SELECT_P1, SELECT_P2 } from './constants';
import { Pkcs15DataError } from './errors';
import { fileSizeFromFcp } from './fcp';
import { isAbsolute, partOf, type ObjectPath } from './paths';

/** Interindustry class (ISO 7816-4 §5.4.1); chaining bits are set below us. */
const CLA = 0x00;
/** ISO 7816-4 §5.1.3: 6282 "end of file reached before reading Le bytes" — the data up to the end is valid. */
const SW_END_OF_FILE = 0x6282;

/** A card without the DF, or without SELECT by path (ISO 7816-4 §5.1.3: 6A82, 6A86, 6A81, 6D00, 6E00). */
const NOT_THERE: readonly number[] = [SW.FILE_NOT_FOUND, SW.INCORRECT_P1P2, SW.FUNCTION_NOT_SUPPORTED, SW.INS_NOT_SUPPORTED, SW.CLA_NOT_SUPPORTED];

/** Where the application DF is: an absolute path, or only its AID (selected again before relative paths). */
export type AppLocation = { readonly kind: 'path'; readonly path: Uint8Array } | { readonly kind: 'aid' };

export function fidPath(...fids: number[]): Uint8Array {
  return Uint8Array.from(fids.flatMap((fid) => [fid >> 8, fid & 0xff]));
}

export class CardFiles {
  /** The current DF is the application (after SELECT by AID); an absolute SELECT moves it elsewhere. */
  private inApplication = false;

  constructor(
    private readonly processor: ApduProcessor,
    private location: AppLocation,
  ) {}

  /** The card told us (EF.DIR) where the application DF is: later relative paths join it. */
  locate(path: Uint8Array): void {
    this.location = { kind: 'path', path };
  }

  /** The bytes an ObjectPath names (the whole file, or its index/length part). */
  async read(where: ObjectPath, context: string): Promise<Uint8Array> {
    const size = await this.select(where.path, context);
    return partOf(await this.readBinary(size, context), where, context);
  }

  /** SELECT by DF name: resolves false when the card has no such application (6A82), throws for the rest. */
  async selectApplication(): Promise<boolean> {
    const reply = await this.processor.transmit({ cla: CLA, ins: INS.SELECT, p1: SELECT_P1.DF_NAME, p2: SELECT_P2.NO_DATA, data: PKCS15_AID });
    this.inApplication = reply.sw === SW.SUCCESS;
    if (reply.sw === SW.SUCCESS) return true;
    if (reply.sw === SW.FILE_NOT_FOUND) return false;
    throw errorForStatusWord(reply.sw);
  }

  /**
   * SELECT of a DF by its path from the MF, for a card whose PKCS#15 DF has no AID (ISO 7816-15 §7.1 lets it
   * sit at 3F00/5015). False when the card has no such DF or cannot select by path at all.
   */
  async selectDfByPath(path: Uint8Array): Promise<boolean> {
    const reply = await this.processor.transmit({ cla: CLA, ins: INS.SELECT, p1: SELECT_P1.PATH_FROM_MF, p2: SELECT_P2.NO_DATA, data: path.subarray(2) });
    if (reply.sw === SW.SUCCESS) return true;
    if (NOT_THERE.includes(reply.sw)) return false;
    throw errorForStatusWord(reply.sw);
  }

  /** Selects a file by path; returns its size from the FCP (null when the card does not say). */
  private async select(path: Uint8Array, context: string): Promise<number | null> {
    let p1: number = SELECT_P1.PATH_FROM_MF;
    let data: Uint8Array;
    if (isAbsolute(path)) {
      data = path.subarray(2);
      // §11.1.1: a path from the MF leaves out 3F00 itself; the MF alone is selected by its identifier.
      if (data.length === 0) [p1, data] = [SELECT_P1.FILE_ID, path];
      this.inApplication = false;
    } else if (this.location.kind === 'path') {
      data = Uint8Array.from([...this.location.path.subarray(isAbsolute(this.location.path) ? 2 : 0), ...path]);
      this.inApplication = false;
    } else {
      if (!this.inApplication && !(await this.selectApplication())) throw new Pkcs15DataError(context, 'the PKCS#15 application went away');
      p1 = SELECT_P1.PATH_FROM_CURRENT_DF;
      data = path;
    }
    const reply = await this.processor.transmit({ cla: CLA, ins: INS.SELECT, p1, p2: SELECT_P2.FCP, data, le: 0 });
    if (reply.sw === SW.SUCCESS) return fileSizeFromFcp(reply.data, context);
    // §11.1.1 Table 40 makes the FCP answer optional: a card that refuses P2=04 (6A86) is asked for no answer,
    // and READ BINARY then runs to the end of the file.
    if (reply.sw !== SW.INCORRECT_P1P2) throw errorForStatusWord(reply.sw);
    const bare = await this.processor.transmit({ cla: CLA, ins: INS.SELECT, p1, p2: SELECT_P2.NO_DATA, data });
    if (bare.sw !== SW.SUCCESS) throw errorForStatusWord(bare.sw);
    return null;
  }

  /** READ BINARY of the selected EF: `size` bytes, or up to the end when the size is unknown. */
  private async readBinary(size: number | null, context: string): Promise<Uint8Array> {
    const parts: Uint8Array[] = [];
    let offset = 0;
    while (size === null || offset < size) {
      if (offset > MAX_BINARY_OFFSET) throw new Pkcs15DataError(context, 'file longer than READ BINARY can address');
      const le = size === null ? READ_CHUNK : Math.min(READ_CHUNK, size - offset);
      const reply = await this.processor.transmit({ cla: CLA, ins: INS.READ_BINARY, p1: offset >> 8, p2: offset & 0xff, le });
      // §11.2.3: past the end a card answers 6B00 (offset out of range) when the size was not known.
      if (reply.sw === SW.WRONG_P1P2 && size === null && offset > 0) break;
      if (reply.sw !== SW.SUCCESS && reply.sw !== SW_END_OF_FILE) throw errorForStatusWord(reply.sw);
      parts.push(reply.data);
      offset += reply.data.length;
      if (reply.sw === SW_END_OF_FILE || reply.data.length === 0 || (size === null && reply.data.length < le)) break;
    }
    const out = new Uint8Array(offset);
    let at = 0;
    for (const part of parts) {
      out.set(part, at);
      at += part.length;
    }
    if (size !== null && out.length < size) throw new Pkcs15DataError(context, `file ended after ${out.length} of ${size} bytes`);
    return out;
  }
}

export const EF = {
  DIR: fidPath(FID.MF, FID.DIR),
  ODF: fidPath(FID.ODF),
  TOKEN_INFO: fidPath(FID.TOKEN_INFO),
  APP_DF: fidPath(FID.MF, FID.APP_DF),
} as const;

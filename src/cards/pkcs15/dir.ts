/**
 * EF.DIR (ISO 7816-4 §8.2.1.1, ISO 7816-15 §7.2): application templates `61 { 4F AID, 50 label, 51 path }`,
 * how a card says where each application's DF is. Read as a transparent file (records are the alternative form).
 */
import { decodeTlvs, findTlv, TlvError } from '../../apdu';
import { contentsOf, splitDerElements } from './der-elements';
import { Pkcs15DataError } from './errors';

/** ISO 7816-4 §8.2.1.1 Table 11/12: application template and its data objects (interindustry, APPLICATION class). */
const TAG = { TEMPLATE: 0x61, AID: 0x4f, LABEL: 0x50, PATH: 0x51 } as const;

export interface DirApplication {
  readonly aid: Uint8Array;
  readonly label: string | null;
  /** Absolute path of the application DF, when the card gives one. */
  readonly path: Uint8Array | null;
}

export function parseDir(bytes: Uint8Array): DirApplication[] {
  return splitDerElements(bytes, 'EF.DIR').flatMap((element, i) => {
    if (element.tag !== TAG.TEMPLATE) return [];
    const context = `EF.DIR entry ${i + 1}`;
    try {
      const fields = decodeTlvs(contentsOf(element, context));
      const aid = findTlv(fields, TAG.AID);
      if (!aid) throw new Pkcs15DataError(context, 'application template without AID (4F)');
      const label = findTlv(fields, TAG.LABEL);
      const path = findTlv(fields, TAG.PATH);
      return [{ aid: aid.value.slice(), label: label ? new TextDecoder().decode(label.value) : null, path: path ? path.value.slice() : null }];
    } catch (error) {
      if (error instanceof TlvError) throw new Pkcs15DataError(context, error.message, { cause: error });
      throw error;
    }
  });
}

/**
 * The PKCS#15 card profile (ISO/IEC 7816-15): the application is found by SELECT of its AID, else of the DF
 * 5015 where §7.1 puts it by default; EF.DIR, when present, says where the AID's DF is. A card with neither, or
 * without an EF.ODF, is "not this profile" (null), so the next profile may try (issue 7 §5).
 */
import { NotFoundError, ApduProcessor } from '../../apdu';
import type { CardProfile } from '../seam/token-session';
import { PKCS15_AID } from './constants';
import { parseDir } from './dir';
import { Pkcs15DataError } from './errors';
import { CardFiles, EF } from './files';
import { parseOdf } from './odf';
import { isAbsolute } from './paths';
import { PKCS15_REDACTION_POLICY } from './redaction-policy';
import { PKCS15_PROFILE_ID, Pkcs15TokenSession } from './session';

const WHOLE_FILE = { index: null, length: null } as const;

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/** The application DF's path from EF.DIR (ISO 7816-4 §8.2.1.1 tag 51); null when the card has no usable EF.DIR. */
async function pathFromDir(files: CardFiles): Promise<Uint8Array | null> {
  try {
    const app = parseDir(await files.read({ path: EF.DIR, ...WHOLE_FILE }, 'EF.DIR')).find((entry) => sameBytes(entry.aid, PKCS15_AID));
    return app?.path && isAbsolute(app.path) && app.path.length % 2 === 0 ? app.path : null;
  } catch (error) {
    // EF.DIR is optional (ISO 7816-15 §7.2): missing or unreadable, the AID or 5015 still locate the application.
    if (error instanceof NotFoundError || error instanceof Pkcs15DataError) return null;
    throw error;
  }
}

export const PKCS15_PROFILE: CardProfile = {
  id: PKCS15_PROFILE_ID,
  redaction: PKCS15_REDACTION_POLICY,
  async open(transport, options) {
    const processor = new ApduProcessor(transport, { ...(options.log ? { log: options.log } : {}), redaction: PKCS15_REDACTION_POLICY });
    const files = new CardFiles(processor, { kind: 'aid' });
    if (!(await files.selectApplication())) {
      if (!(await files.selectDfByPath(EF.APP_DF))) return null;
      files.locate(EF.APP_DF);
    }
    const dirPath = await pathFromDir(files);
    if (dirPath) files.locate(dirPath);
    let odf: Uint8Array;
    try {
      odf = await files.read({ path: EF.ODF, ...WHOLE_FILE }, 'EF.ODF');
    } catch (error) {
      if (error instanceof NotFoundError) return null;
      throw error;
    }
    return new Pkcs15TokenSession(transport, processor, files, parseOdf(odf));
  },
};

/**
 * What the window keeps between token reads so the worker can judge offline (issue 3 §3): downloaded CRLs
 * (idb `crls`, handed to every new worker) and the newest certificate notBefore seen (idb setting), one of the
 * clock facts. The window never parses a certificate or CRL: it reads the worker's reports and descriptions.
 */
import { getSetting, listCrls, putCrl, setSetting, type UKeyDb } from '../store';
import type { CrlInfo, DeviceService, TokenCertificate } from '../worker/device-service-api';

export const NEWEST_NOT_BEFORE_SETTING = 'newestNotBeforeSeen';

/**
 * The newest notBefore among `certs` and `previous` (ISO). A certificate whose signature failed is left out:
 * a forged far-future notBefore must not make every later clock look wrong.
 */
export function newestNotBefore(certs: readonly Pick<TokenCertificate, 'report'>[], previous: string | null): string | null {
  let newest = previous !== null && !Number.isNaN(Date.parse(previous)) ? previous : null;
  for (const { report } of certs) {
    if (!report || report.signatureValid === false) continue;
    const at = Date.parse(report.notBefore);
    if (!Number.isNaN(at) && (newest === null || at > Date.parse(newest))) newest = new Date(at).toISOString();
  }
  return newest;
}

export async function loadNewestNotBefore(db: UKeyDb): Promise<string | null> {
  return getSetting(db, NEWEST_NOT_BEFORE_SETTING);
}

export async function saveNewestNotBefore(db: UKeyDb, iso: string): Promise<void> {
  await setSetting(db, NEWEST_NOT_BEFORE_SETTING, iso);
}

/** Hands every kept CRL to a (new) worker; one the worker cannot read is skipped, the rest still go. */
export async function seedCrls(db: UKeyDb, driver: DeviceService): Promise<number> {
  let seeded = 0;
  for (const record of await listCrls(db)) {
    try {
      await driver.importCrl(new Uint8Array(record.der));
      seeded++;
    } catch {
      // a damaged record: the next online read downloads the CRL again
    }
  }
  return seeded;
}

/** Keeps the CRLs the worker downloaded during the last read. */
export async function keepFetchedCrls(db: UKeyDb, fetched: readonly CrlInfo[], storedAt: string): Promise<void> {
  for (const info of fetched) {
    await putCrl(db, {
      id: info.sha256,
      // A fresh ArrayBuffer: the DER may be a view into a larger buffer from the worker.
      der: info.der.slice().buffer as ArrayBuffer,
      issuer: info.issuerDN,
      thisUpdate: info.thisUpdate,
      nextUpdate: info.nextUpdate,
      storedAt,
    });
  }
}

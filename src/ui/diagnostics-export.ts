import type { CheckResult } from './env-check/types';
import { describeHidDevice, type HidDeviceSummary } from './hid-discovery';
import type { DeviceService } from '../worker';
import { currentReachContext } from './reach-context';
import { diagnosticsSummaryZh } from './diagnostics-summary';
import type { TokenView } from './token-view';

/**
 * "导出诊断信息" (issue 8 §5): one JSON file the helpdesk can read — the environment and check results, each key's
 * PUBLIC facts (no notes: they may hold a person's phone), the worker's APDU log (PIN/PUK data already redacted
 * by the card profile's policy, DESIGN.md §7), the USB capture as base64 (secrets zeroed), and the WebHID
 * descriptor summaries. Never a PIN: the window never has one to put in.
 */
export const DIAGNOSTICS_FORMAT = 'ukey-assistant-diagnostics/1';

function base64(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

/** A failure to read one part is written into the file, not thrown: the rest is still useful. */
async function attempt<T>(read: () => Promise<T>): Promise<T | { readonly unavailable: string }> {
  try {
    return await read();
  } catch (error) {
    return { unavailable: error instanceof Error ? error.name : String(error) };
  }
}

async function hidSummaries(): Promise<HidDeviceSummary[] | { readonly unavailable: string }> {
  const hid = (navigator as Navigator & { hid?: { getDevices(): Promise<HIDDevice[]> } }).hid;
  if (!hid) return { unavailable: 'no WebHID' };
  return attempt(async () => (await hid.getDevices()).map((d) => describeHidDevice(d)));
}

export async function buildDiagnostics(input: {
  readonly checks: readonly CheckResult[];
  readonly views: readonly TokenView[];
  readonly driver: DeviceService | null;
  readonly now: Date;
}): Promise<Record<string, unknown>> {
  const { driver } = input;
  const keys = [];
  for (const view of input.views) {
    const { record } = view;
    const live = view.live && driver !== null;
    keys.push({
      id: record.id,
      label: record.label,
      vendor: record.vendor, model: record.model, productName: record.productName,
      serialNumber: record.serialNumber, firmwareVersion: record.firmwareVersion, transport: record.transport,
      isDemo: record.isDemo, live, lastReadAt: record.lastReadAt,
      pinStatus: view.pinStatus,
      certificates: view.certificates.map((c) => ({
        keyRef: c.keyRefLabel ?? c.keyRef.toString(16).toUpperCase(),
        parseError: c.parseError,
        report: c.report && {
          subjectDN: c.report.subjectDN, issuerDN: c.report.issuerDN, serialNumber: c.report.serialNumber,
          notBefore: c.report.notBefore, notAfter: c.report.notAfter, status: c.report.status, chain: c.report.chain,
          revocation: c.report.revocation, publicKey: c.report.publicKey, signatureAlgorithm: c.report.signatureAlgorithm,
          sha256: c.report.fingerprints.sha256, caProfileId: c.report.caProfileId, clockSuspect: c.report.clockSuspect,
        },
      })),
      link: live ? await attempt(() => driver.diagnostics.describeLink(record.id)) : null,
      apduLog: live ? await attempt(() => driver.diagnostics.getTrafficLog(record.id)) : null,
      usbCapturePcapBase64: live ? await attempt(async () => base64(await driver.diagnostics.getUsbCapture(record.id))) : null,
    });
  }
  return {
    // First in the file: a summary in Chinese a CA hotline can read (issue 16 §3), then the technical data.
    说明: diagnosticsSummaryZh({ checks: input.checks, views: input.views, now: input.now }),
    format: DIAGNOSTICS_FORMAT,
    createdAt: input.now.toISOString(),
    environment: {
      userAgent: navigator.userAgent,
      languages: navigator.languages,
      online: navigator.onLine,
      reachContext: currentReachContext(),
      checks: input.checks.map((c) => ({ id: c.id, status: c.status, cause: c.cause.en, guideId: c.guideId })),
    },
    keys,
    hid: await hidSummaries(),
  };
}

/** Offers the JSON as a download (a Blob URL on a click: no server involved). */
export function downloadJson(name: string, data: unknown): void {
  const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

import type { CertificateRecord, TokenRecord } from '../store';
import type { PairedToken, TokenCertificate, TokenInfo } from '../worker';

/** The idb records of one token read: what the driver told, over what the store already had. */
export function toRecord(token: PairedToken, info: TokenInfo | null, previous: TokenRecord | undefined, now: string): TokenRecord {
  return {
    id: token.id,
    label: previous?.label ?? '',
    vendor: info?.vendor ?? token.vendor ?? previous?.vendor ?? null,
    model: info?.model ?? token.model ?? previous?.model ?? null,
    productName: token.productName,
    serialNumber: info?.serialNumber ?? previous?.serialNumber ?? null,
    firmwareVersion: info?.firmwareVersion ?? previous?.firmwareVersion ?? null,
    transport: token.transport,
    isDemo: token.isDemo,
    lastReadAt: info ? now : (previous?.lastReadAt ?? null),
    pairedAt: previous?.pairedAt ?? now,
    ...(previous?.notes !== undefined ? { notes: previous.notes } : {}),
    // What the card's profile said at this read (issue 17 §3); kept from the last read while the key is away.
    ...((info?.pinPolicy ?? previous?.pinPolicy) ? { pinPolicy: info?.pinPolicy ?? previous?.pinPolicy } : {}),
    ...((info?.capabilities ?? previous?.capabilities) ? { capabilities: info?.capabilities ?? previous?.capabilities } : {}),
  };
}

export function toCertRecord(tokenId: string, cert: TokenCertificate, now: string): CertificateRecord {
  // Copy into a fresh ArrayBuffer: the DER may be a view into a larger buffer from the worker.
  const der = cert.der.slice().buffer as ArrayBuffer;
  return {
    tokenId,
    keyRef: cert.keyRef,
    role: cert.role,
    ...(cert.keyRefLabel !== undefined ? { keyRefLabel: cert.keyRefLabel } : {}),
    der,
    report: cert.report,
    parseError: cert.parseError,
    readAt: now,
  };
}

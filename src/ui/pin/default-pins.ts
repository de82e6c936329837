import type { CertificateReport } from '../../shared/pki';

/**
 * Default PINs found in the CA tools' manuals (DESIGN.md §2): 888888 (CFCA/长江), 12345678 (四川CA),
 * 111111 (12309), and 123456, the factory PIN of the most common card profile (the demo token's too). BJCA's 公积金 tokens start with the
 * last six characters of the company's unified social credit code, read from the certificate.
 */
export const FACTORY_DEFAULT_PINS: readonly string[] = ['888888', '12345678', '111111', '123456'];

const USCI_LENGTH = 18;

/** Known defaults for a token: the fixed list plus the last six of every USCI in its certificates. */
export function knownDefaultPins(reports: readonly CertificateReport[], extra: readonly string[] = []): string[] {
  const fromUsci = reports
    .map((r) => r.identifiers.usci)
    .filter((usci): usci is string => typeof usci === 'string' && usci.length === USCI_LENGTH)
    .map((usci) => usci.slice(-6));
  return [...new Set([...FACTORY_DEFAULT_PINS, ...extra, ...fromUsci])];
}

/** The PIN just used is a known default: compared in memory only, never stored. */
export function isKnownDefault(pin: string, defaults: readonly string[]): boolean {
  return defaults.includes(pin);
}

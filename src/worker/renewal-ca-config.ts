/**
 * Which CA renews a certificate, and how (issue 10 §2, issue 14 §3): the CA profile's online service
 * (src/shared/ca-profiles/ca-services.ts: CMP endpoint, the pinned CMP signer certificate, the issuing CA
 * certificate), the administrative-key policy of that CA — the demo token's own factory key (which the composition root
 * gives, device-service.ts), or asked from an administrator. The app never stores an administrative key and never takes a CA address from the user; the demo
 * CA serves only the demo token.
 */
import { CA_ONLINE_SERVICES, type CaOnlineService } from '../shared/ca-profiles';
import { readChildren, readTlv } from '../shared/pki';

export type AdminKeyPolicy = { readonly kind: 'demo-token' } | { readonly kind: 'administrator' };

export interface RenewalCaConfig {
  /** Row of src/shared/ca-profiles whose renewal rule applies. */
  readonly caProfileId: string;
  /** CMP endpoint (RFC 9811 §3), from the CA profile. */
  readonly cmpUrl: string;
  readonly caCertificate: Uint8Array;
  readonly cmpCertificate: Uint8Array;
  readonly adminKey: AdminKeyPolicy;
  /** Serves only the demo token (its CA key is public). */
  readonly demoOnly: boolean;
}

function fromBase64(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

function configOf(service: CaOnlineService): RenewalCaConfig {
  return {
    caProfileId: service.caProfileId,
    cmpUrl: service.cmpUrl.value,
    caCertificate: fromBase64(service.issuingCaCertificate.value),
    cmpCertificate: fromBase64(service.cmpSignerCertificate.value),
    // The demo token keeps its card's factory administrative key; every other CA's keys are set by an administrator.
    adminKey: service.demoOnly ? { kind: 'demo-token' } : { kind: 'administrator' },
    demoOnly: service.demoOnly,
  };
}

export function builtInRenewalCas(): RenewalCaConfig[] {
  return CA_ONLINE_SERVICES.map(configOf);
}

const SEQUENCE = 0x30;
const CONTEXT_0_CONSTRUCTED = 0xa0;

/**
 * The encoded issuer or subject Name of a certificate, as the bytes stand in tbsCertificate (RFC 5280 §4.1:
 * version [0] optional, serialNumber, signature, issuer, validity, subject).
 */
export function encodedName(certificate: Uint8Array, which: 'issuer' | 'subject'): Uint8Array | null {
  const tbs = readChildren(readTlv(certificate)?.content ?? new Uint8Array(0))?.[0];
  const fields = tbs?.tag === SEQUENCE ? readChildren(tbs.content) : null;
  if (!fields) return null;
  const base = fields[0]?.tag === CONTEXT_0_CONSTRUCTED ? 1 : 0;
  const field = fields[base + (which === 'issuer' ? 2 : 4)];
  return field?.tag === SEQUENCE ? field.raw : null;
}

function sameBytes(a: Uint8Array | null, b: Uint8Array | null): boolean {
  return a !== null && b !== null && a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * The configured CA that issued `certificate`: its issuer Name equals the CA certificate's subject Name byte
 * for byte (the rendered text could make two different names look alike). A demo-only CA answers only for the
 * demo token. Null: no online service for this certificate's CA.
 */
export function renewalCaFor(certificate: Uint8Array, configs: readonly RenewalCaConfig[], token: { readonly demo: boolean }): RenewalCaConfig | null {
  const issuer = encodedName(certificate, 'issuer');
  return configs.find((c) => (!c.demoOnly || token.demo) && sameBytes(encodedName(c.caCertificate, 'subject'), issuer)) ?? null;
}

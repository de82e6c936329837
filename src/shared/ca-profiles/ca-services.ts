/**
 * The online services of a CA the app talks to (issue 14 §3): where its CMP endpoint is (RFC 9811 §3) and which
 * certificate signs its CMP responses (RFC 9483 §3.5: the client pins it), per CA profile row, each fact with
 * its source. The app never takes a CA address from the user. A CA profile without a row here has no online
 * service we know of: the app says so and points to the CA's own renewal route (guide 'renewal-rules').
 */

/** A fact and where it comes from. */
export interface SourcedFact<T> {
  readonly value: T;
  readonly source: string;
}

export interface CaOnlineService {
  /** Row of CA_PROFILES (profiles.ts) this service belongs to. */
  readonly caProfileId: string;
  /** CMP endpoint for key update and online unlock (RFC 9811 §3: POST application/pkixcmp). */
  readonly cmpUrl: SourcedFact<string>;
  /** DER (base64) of the certificate that signs the CA's CMP responses; the app accepts no other signer. */
  readonly cmpSignerCertificate: SourcedFact<string>;
  /**
   * DER (base64) of the issuing CA certificate: the service renews exactly the certificates whose issuer Name
   * equals this certificate's subject Name byte for byte (RFC 5280 §7.1 name chaining), and sends it in extraCerts.
   */
  readonly issuingCaCertificate: SourcedFact<string>;
  /** Trusted only for the demo token (a public, demo-only key): never for a real token. */
  readonly demoOnly: boolean;
}

/** The fixed DEMO-ONLY CA certificate (src/virtual/demo-ca/demo-ca-material.ts holds the same bytes; a test keeps them equal). */
const DEMO_CA_CERTIFICATE_BASE64 =
  'MIIBxzCCAW6gAwIBAgIEDecMoDAKBggqhkjOPQQDAjBKMQswCQYDVQQGEwJDTjEcMBoGA1UECgwTVUtleSBBc3Npc3RhbnQgRGVtbzEd' +
  'MBsGA1UEAwwUVUtleSDliqnmiYvmvJTnpLogQ0EwHhcNMjUwMTAxMDAwMDAwWhcNNDUxMjMxMjM1OTU5WjBKMQswCQYDVQQGEwJDTjEc' +
  'MBoGA1UECgwTVUtleSBBc3Npc3RhbnQgRGVtbzEdMBsGA1UEAwwUVUtleSDliqnmiYvmvJTnpLogQ0EwWTATBgcqhkjOPQIBBggqhkjO' +
  'PQMBBwNCAAQ8pYutouQjPqm8vGU6Nq4d0ONYUT5KLV0BuhNto1Lkde5fUSQCOReQqdc2GD175pUmTO7EgEJasWrQdJqtlHKUo0IwQDAP' +
  'BgNVHRMBAf8EBTADAQH/MA4GA1UdDwEB/wQEAwIBBjAdBgNVHQ4EFgQUpNMFSxSpGzuBTx1mtfDScUT736EwCgYIKoZIzj0EAwIDRwAw' +
  'RAIgWgbGAHXvdimbdxtpWGofhbKT4sHmmNbIv+v+cIuWuvoCIHRFR0nzLzC5ut37b2jaaTxwDlhqM63Qk+fHflxrs6lB';

/**
 * The services we know. The CAs of the seeds (BJCA, 四川CA, CFCA, 12309) publish no CMP endpoint: their manuals
 * renew through the CA's own assistant program or counter, so they have no row and the app sends their users
 * there (seeds 000–003, renewal and unlock chapters).
 */
export const CA_ONLINE_SERVICES: readonly CaOnlineService[] = [
  {
    caProfileId: 'demo',
    cmpUrl: {
      value: 'http://127.0.0.1:8829/.well-known/cmp',
      source: 'the reference RA/CA: `npm run ca -- serve --demo` listens on port 8829 by default (src/servers/ca-server/cli.ts)',
    },
    cmpSignerCertificate: {
      value: DEMO_CA_CERTIFICATE_BASE64,
      source: '`ca serve --demo` signs CMP responses with the demo CA key itself (src/servers/ca-server/demo-material.ts)',
    },
    issuingCaCertificate: {
      value: DEMO_CA_CERTIFICATE_BASE64,
      source: 'the fixed DEMO-ONLY CA that issues the demo token certificates (src/virtual/demo-ca)',
    },
    demoOnly: true,
  },
];

export function caOnlineService(caProfileId: string): CaOnlineService | null {
  return CA_ONLINE_SERVICES.find((s) => s.caProfileId === caProfileId) ?? null;
}

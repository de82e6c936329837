/**
 * DEMO-ONLY certificate authority material: PUBLIC, committed on purpose, NEVER a secret.
 *
 * Anyone can sign with this key, so nothing real may ever trust this CA. It exists so that the demo token,
 * the reference portal (`--demo`) and the reference RA/CA (`--demo`) agree on one fixed trust anchor
 * instead of a fresh random CA per provisioning, which no server could trust.
 *
 * Made once (2026-11-30) with WebCrypto + @peculiar/x509: a P-256 key, and a self-signed X.509 v3 certificate
 * (RFC 5280 §4.1) with serial 0x0DE70CA0, subject = issuer = CN=UKey 助手演示 CA,O=UKey Assistant Demo,C=CN,
 * validity 2025-01-01T00:00:00Z – 2045-12-31T23:59:59Z, basicConstraints cA critical (§4.2.1.9),
 * keyUsage keyCertSign + cRLSign critical (§4.2.1.3), subjectKeyIdentifier (§4.2.1.2), ecdsa-with-SHA256.
 * ECDSA signatures are randomised, so the certificate is kept as bytes rather than re-made.
 */

/** The P-256 key as JWK coordinates (RFC 7518 §6.2): x, y public; d the (public, demo-only) private scalar. */
export const DEMO_CA_KEY_JWK = {
  kty: 'EC',
  crv: 'P-256',
  x: 'PKWLraLkIz6pvLxlOjauHdDjWFE-Si1dAboTbaNS5HU',
  y: '7l9RJAI5F5Cp1zYYPXvmlSZM7sSAQlqxatB0mq2UcpQ',
  d: 'GyOxoSCD_TCr3jONcUjJPYCgHbXMo5IHAdSlDb3yd9A',
} as const;

/** DER of the self-signed demo CA certificate, base64. */
export const DEMO_CA_CERTIFICATE_BASE64 =
  'MIIBxzCCAW6gAwIBAgIEDecMoDAKBggqhkjOPQQDAjBKMQswCQYDVQQGEwJDTjEcMBoGA1UECgwTVUtleSBBc3Npc3RhbnQgRGVtbzEd' +
  'MBsGA1UEAwwUVUtleSDliqnmiYvmvJTnpLogQ0EwHhcNMjUwMTAxMDAwMDAwWhcNNDUxMjMxMjM1OTU5WjBKMQswCQYDVQQGEwJDTjEc' +
  'MBoGA1UECgwTVUtleSBBc3Npc3RhbnQgRGVtbzEdMBsGA1UEAwwUVUtleSDliqnmiYvmvJTnpLogQ0EwWTATBgcqhkjOPQIBBggqhkjO' +
  'PQMBBwNCAAQ8pYutouQjPqm8vGU6Nq4d0ONYUT5KLV0BuhNto1Lkde5fUSQCOReQqdc2GD175pUmTO7EgEJasWrQdJqtlHKUo0IwQDAP' +
  'BgNVHRMBAf8EBTADAQH/MA4GA1UdDwEB/wQEAwIBBjAdBgNVHQ4EFgQUpNMFSxSpGzuBTx1mtfDScUT736EwCgYIKoZIzj0EAwIDRwAw' +
  'RAIgWgbGAHXvdimbdxtpWGofhbKT4sHmmNbIv+v+cIuWuvoCIHRFR0nzLzC5ut37b2jaaTxwDlhqM63Qk+fHflxrs6lB';

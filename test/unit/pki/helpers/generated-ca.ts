/** A small ECDSA P-256 CA made with @peculiar/x509, for tests that need exact validity dates. */
import * as x509 from '@peculiar/x509';

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

export interface GeneratedCa {
  readonly der: Uint8Array;
  readonly name: string;
  /** A leaf signed by this CA, valid from `notBefore` to `notAfter`. */
  leaf(serialNumber: string, notBefore: Date, notAfter: Date, crlUrls?: readonly string[]): Promise<Uint8Array>;
  /** A CRL signed by this CA listing `revokedSerials`. */
  crl(thisUpdate: Date, nextUpdate: Date, revokedSerials?: readonly string[]): Promise<Uint8Array>;
}

export async function generateCa(name: string, notBefore: Date, notAfter: Date): Promise<GeneratedCa> {
  const keys = await crypto.subtle.generateKey(ALG, true, ['sign', 'verify']);
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01', name, notBefore, notAfter, signingAlgorithm: ALG, keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    ],
  });
  return {
    der: new Uint8Array(ca.rawData),
    name,
    async leaf(serialNumber, leafNotBefore, leafNotAfter, crlUrls = []) {
      const leafKeys = await crypto.subtle.generateKey(ALG, true, ['sign', 'verify']);
      const cert = await x509.X509CertificateGenerator.create({
        serialNumber, subject: `CN=持有人 ${serialNumber}, C=CN`, issuer: ca.subject,
        notBefore: leafNotBefore, notAfter: leafNotAfter, signingAlgorithm: ALG, publicKey: leafKeys.publicKey, signingKey: keys.privateKey,
        extensions: [
          new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
          ...(crlUrls.length > 0 ? [new x509.CRLDistributionPointsExtension([...crlUrls])] : []),
        ],
      });
      return new Uint8Array(cert.rawData);
    },
    async crl(thisUpdate, nextUpdate, revokedSerials = []) {
      const crl = await x509.X509CrlGenerator.create({
        issuer: name, thisUpdate, nextUpdate,
        entries: revokedSerials.map((serialNumber) => ({ serialNumber, revocationDate: thisUpdate })),
        signingAlgorithm: ALG, signingKey: keys.privateKey,
      });
      return new Uint8Array(crl.rawData);
    },
  };
}

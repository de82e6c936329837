/**
 * The verifier's mapping of chain statuses to its error codes (src/servers/verifier/certificate-check.ts
 * checkChain) for the review's sign-in attacks (H1, L3): each was accepted as a login before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkChain } from '../../../src/servers/verifier/certificate-check';
import { LoginVerificationError } from '../../../src/servers/verifier/errors';
import { parseCertificate } from '../../../src/shared/pki/parse-certificate';
import { MemoryTrustStore } from '../../../src/shared/pki/trust-store';
import { CA_EXT, LEAF_EXT, makeForge, type Forge } from './helpers/forge';

let f: Forge;
const NOW = new Date(Date.now() + 86_400_000);
const VICTIM = '/C=CN/O=Victim Corp/CN=Victim Boss';

beforeAll(() => {
  f = makeForge('vcodes');
  f.root('root', '/C=CN/O=UKey Test/CN=Verifier Root');
  f.issue('int', '/C=CN/O=UKey Test/CN=Verifier Intermediate', 'root', CA_EXT);
  f.issue('mallory', '/C=CN/O=Mallory/CN=Mallory', 'int', 'keyUsage=critical,digitalSignature\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n');
  f.issue('victim', VICTIM, 'mallory', LEAF_EXT);
  f.issue('server-only', VICTIM, 'int', LEAF_EXT.replace('clientAuth', 'serverAuth'));
  f.issue('good', '/C=CN/O=UKey Test/CN=Alice', 'int', LEAF_EXT);
}, 60_000);

afterAll(() => f.dir.remove());

async function codeFor(name: string, chain: readonly string[]): Promise<string> {
  const trust = new MemoryTrustStore();
  trust.addAnchor(f.der('root'));
  try {
    await checkChain(parseCertificate(f.der(name)), trust, chain.map((n) => f.der(n)), NOW);
    return 'accepted';
  } catch (error) {
    if (!(error instanceof LoginVerificationError)) throw error;
    expect(error.message).toMatch(/RFC 5280 §/);
    return error.code;
  }
}

describe('verifier: chain statuses become error codes naming the rule', () => {
  it('a "Victim Corp" login issued by an end-entity certificate is CERT_UNTRUSTED (issuer-not-ca)', async () => {
    expect(await codeFor('victim', ['int', 'mallory'])).toBe('CERT_UNTRUSTED');
  });

  it('a serverAuth-only certificate is CERT_KEY_USAGE', async () => {
    expect(await codeFor('server-only', ['int'])).toBe('CERT_KEY_USAGE');
  });

  it('a clientAuth certificate under a proper CA is accepted', async () => {
    expect(await codeFor('good', ['int'])).toBe('accepted');
  });
});

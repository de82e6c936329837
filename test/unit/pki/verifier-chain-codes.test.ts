/**
 * The verifier's mapping of chain statuses to its error codes (src/servers/verifier/certificate-check.ts
 * checkChain) for the review's sign-in attacks (H1, L3): each was accepted as a login before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkChain, checkIssuerRevocation } from '../../../src/servers/verifier/certificate-check';
import { LoginVerificationError } from '../../../src/servers/verifier/errors';
import { issueChallenge, MemoryChallengeStore, verifyLogin } from '../../../src/servers/verifier';
import { buildClientDataJson } from '../../../src/shared/signin/client-data';
import { buildEnvelope } from '../../../src/shared/signin/envelope';
import { certificateHash } from '../../../src/shared/signin/payload';
import { openssl } from './helpers/openssl';
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
  // M2: an intermediate revoked in the root's CRL, and a leaf under it.
  f.issue('int-revoked', '/C=CN/O=UKey Test/CN=Revoked Intermediate', 'root', CA_EXT);
  f.issue('under-revoked', '/C=CN/O=UKey Test/CN=Bob', 'int-revoked', LEAF_EXT);
  f.crl('root', ['int-revoked']);
  f.crl('int-revoked', []);
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

describe('verifier: intermediates against the configured CRLs (review M2)', () => {
  async function pathOf(name: string, chain: readonly string[]) {
    const trust = new MemoryTrustStore();
    trust.addAnchor(f.der('root'));
    return checkChain(parseCertificate(f.der(name)), trust, chain.map((n) => f.der(n)), NOW);
  }

  it('a login under an intermediate revoked in the root\'s CRL is CERT_REVOKED', async () => {
    const { certificates } = await pathOf('under-revoked', ['int-revoked']);
    const crls = [f.dir.read('root.crl'), f.dir.read('int-revoked.crl')];
    await expect(checkIssuerRevocation(certificates, crls, NOW)).rejects.toMatchObject({ code: 'CERT_REVOKED' });
  });

  it('an intermediate whose issuer\'s CRL is not configured is not refused by the verifier', async () => {
    const { certificates } = await pathOf('under-revoked', ['int-revoked']);
    await expect(checkIssuerRevocation(certificates, [f.dir.read('int-revoked.crl')], NOW)).resolves.toBeUndefined();
  });
});

describe('verifyLogin end to end (review M2, as reproduced with verify-login --crl root --crl intermediate)', () => {
  const PORTAL = 'https://portal.example.cn';

  async function login(name: string, chain: readonly string[], crls: readonly string[]): Promise<string> {
    const store = new MemoryChallengeStore();
    const { challenge } = await issueChallenge(store, { sessionId: 's1' });
    const clientData = new TextEncoder().encode(buildClientDataJson({
      challenge, origin: PORTAL, iat: 1_790_000_000, certHash: certificateHash(f.der(name)), agent: 'https://ukey.example.cn/v1',
    }));
    f.dir.write('client-data.bin', clientData);
    openssl(['dgst', '-sha256', '-sign', `${name}.key`, '-out', 'client-data.sig', 'client-data.bin'], f.dir.path);
    const envelope = buildEnvelope({ alg: 'ES256', clientData, signature: f.dir.read('client-data.sig'), certificate: f.der(name), chain: chain.map((n) => f.der(n)) });
    try {
      await verifyLogin({ response: JSON.stringify(envelope), store, sessionId: 's1', expectedOrigins: [PORTAL], trust: [f.der('root')],
        crls: crls.map((c) => f.dir.read(`${c}.crl`)) });
      return 'accepted';
    } catch (error) {
      if (!(error instanceof LoginVerificationError)) throw error;
      return error.code;
    }
  }

  it('refuses a login under an intermediate revoked in the root\'s CRL; the same login without that revocation passes', async () => {
    expect(await login('under-revoked', ['int-revoked'], ['root', 'int-revoked'])).toBe('CERT_REVOKED');
    expect(await login('under-revoked', ['int-revoked'], ['int-revoked'])).toBe('accepted');
  });
});

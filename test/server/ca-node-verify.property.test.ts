// The CA's node:crypto signature check (issue 14 §4) gives the shared registry's verdict: on real signatures by
// P-256 and RSA keys, and on every mutation of signature, data, algorithm or key, both say the same.
import 'reflect-metadata';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import { verifyFast } from '../../src/servers/ca-server/node-verify';
import { generateKeyPair, softwareSigner, spkiOf } from '../../src/servers/ca-server/software-signer';
import { verifySignature } from '../../src/shared/pki/signature-registry';

const RUNS = 10_000;
interface Sample { spki: Uint8Array; tbs: Uint8Array; signature: Uint8Array; algorithm: string }
const samples: Sample[] = [];
const ALGORITHMS = ['1.2.840.10045.4.3.2', '1.2.840.10045.4.3.3', '1.2.840.113549.1.1.11', '1.2.840.113549.1.1.12', '1.2.156.10197.1.501'];

beforeAll(async () => {
  for (const kind of ['ec', 'rsa'] as const) {
    const pair = await generateKeyPair(kind);
    const spki = await spkiOf(pair.publicKey);
    const signer = softwareSigner(pair.privateKey);
    for (const text of ['kur', '证书更新', '']) {
      const tbs = new TextEncoder().encode(text);
      samples.push({ spki, tbs, signature: await signer.sign(tbs), algorithm: kind === 'ec' ? ALGORITHMS[0]! : ALGORITHMS[2]! });
    }
  }
}, 60_000);

const verdicts = async (s: Sample): Promise<[boolean, boolean]> => {
  const data = { tbs: s.tbs, signatureAlgorithm: new AlgorithmIdentifier({ algorithm: s.algorithm }), signature: s.signature };
  return [await verifyFast(data, s.spki), await verifySignature(data, s.spki).catch(() => false)];
};

describe('verifyFast', () => {
  it('accepts the real signatures, as the registry does', async () => {
    for (const s of samples) expect(await verdicts(s)).toEqual([true, true]);
  });

  it('agrees with the registry on any mutation', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: samples.length - 1 }),
        fc.constantFrom('signature', 'tbs', 'spki', 'algorithm', 'key-swap'),
        fc.nat(),
        fc.integer({ min: 0, max: 255 }),
        async (which, field, at, value) => {
          const base = samples[which]!;
          const s: Sample = { ...base, signature: base.signature.slice(), tbs: base.tbs.slice(), spki: base.spki.slice() };
          if (field === 'signature') s.signature[at % s.signature.length] = value;
          if (field === 'tbs') s.tbs = new Uint8Array([...s.tbs, value]);
          if (field === 'spki') s.spki[at % s.spki.length] = value;
          if (field === 'algorithm') s.algorithm = ALGORITHMS[at % ALGORITHMS.length]!;
          if (field === 'key-swap') s.spki = samples[(which + 3) % samples.length]!.spki;
          const [fast, registry] = await verdicts(s);
          expect(fast).toBe(registry);
        },
      ),
      { numRuns: RUNS },
    );
  }, 300_000);
});

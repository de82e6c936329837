/**
 * x509-limbo (C2SP/x509-limbo, Apache-2.0; test/fixtures/x509-limbo/README.md says how the JSON was made): every
 * testcase goes through pki — the leaf's validity, buildChain to the given anchors, revocation of every link
 * against the given CRLs — and the verdict is compared with limbo's expected result. Where we answer differently
 * the case is listed below with the reason; the test fails when a listed case starts to agree (drop it from the
 * list) or an unlisted one disagrees (a regression, or a difference to explain).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildChain } from '../../../src/shared/pki/chain';
import { checkRevocation, MemoryCrlCache } from '../../../src/shared/pki/crl-cache';
import { CertificateParseError, CrlError } from '../../../src/shared/pki/errors';
import { parseCertificate } from '../../../src/shared/pki/parse-certificate';
import { checkPathRevocation } from '../../../src/shared/pki/path-revocation';
import { base64Bytes, readPemBlocks } from '../../../src/shared/pki/pem';
import { MemoryTrustStore } from '../../../src/shared/pki/trust-store';
import { LIMBO_DIFFERENCES, LIMBO_NOT_APPLICABLE } from './x509-limbo-differences';

interface LimboCase {
  readonly id: string;
  readonly validation_kind: 'SERVER' | 'CLIENT';
  readonly trusted_certs: readonly string[];
  readonly untrusted_intermediates: readonly string[];
  readonly peer_certificate: string;
  readonly validation_time: string | null;
  readonly extended_key_usage: readonly string[];
  readonly expected_result: 'SUCCESS' | 'FAILURE';
  readonly max_chain_depth: number | null;
  readonly crls: readonly string[];
}

const limbo = JSON.parse(readFileSync(new URL('../../fixtures/x509-limbo/limbo.json', import.meta.url), 'utf8')) as { testcases: LimboCase[] };

const der = (pem: string): Uint8Array => base64Bytes(readPemBlocks(pem)[0]!.body.replace(/\s+/g, ''))!;

/** Revocation verdicts that mean "a CRL was given for this link and it does not vouch for the certificate". */
const CRL_REFUSALS = new Set(['crl-unverifiable', 'crl-unreadable', 'crl-stale']);

/** limbo's purpose names are the RFC 5280 short names we use (clientAuth, serverAuth, …). */
async function verdict(c: LimboCase): Promise<{ result: 'SUCCESS' | 'FAILURE'; why: string }> {
  const now = c.validation_time ? new Date(c.validation_time) : new Date();
  let leaf;
  try {
    leaf = parseCertificate(der(c.peer_certificate));
  } catch (error) {
    if (!(error instanceof CertificateParseError)) throw error;
    return { result: 'FAILURE', why: `leaf unreadable: ${error.message}` };
  }
  const second = Math.floor(now.getTime() / 1000) * 1000; // RFC 5280 §4.1.2.5: validity is to the second
  if (second < leaf.notBefore.getTime() || second > leaf.notAfter.getTime()) return { result: 'FAILURE', why: 'leaf outside its validity' };
  const store = new MemoryTrustStore();
  for (const pem of c.trusted_certs) store.addAnchor(der(pem));
  for (const pem of c.untrusted_intermediates) store.addIntermediate(der(pem));
  const chain = await buildChain(leaf, store, {
    now,
    ...(c.extended_key_usage.length > 0 ? { purpose: { extKeyUsages: c.extended_key_usage } } : {}),
    ...(c.max_chain_depth === null ? {} : { maxIntermediates: c.max_chain_depth }),
  });
  if (chain.status !== 'trusted') return { result: 'FAILURE', why: `${chain.status}${chain.rule ? `: ${chain.rule}` : ''}` };
  if (c.crls.length > 0) {
    const cache = new MemoryCrlCache();
    for (const pem of c.crls) {
      try {
        await cache.add(der(pem));
      } catch (error) {
        if (!(error instanceof CrlError)) throw error;
      }
    }
    const leafRevocation = await checkRevocation(leaf, chain.issuer, cache, { now });
    const { revocation, failure } = await checkPathRevocation(chain.certificates, leafRevocation, cache, { now });
    if (failure) return { result: 'FAILURE', why: failure.rule };
    if (revocation.status === 'revoked') return { result: 'FAILURE', why: revocation.reason };
    // A link with no CRL given is not refused here (limbo gives the CRLs that matter); a given CRL that does not
    // vouch (bad signature, issuer without cRLSign, stale) is.
    if (revocation.status === 'unknown' && CRL_REFUSALS.has(revocation.unchecked ?? '')) return { result: 'FAILURE', why: revocation.reason };
  }
  return { result: 'SUCCESS', why: 'trusted' };
}

describe('x509-limbo through pki', () => {
  it('agrees with every testcase except the listed, explained ones', async () => {
    const tally = { pass: 0, differ: 0, notApplicable: 0 };
    const unexpected: string[] = [];
    const nowAgree: string[] = [];
    for (const c of limbo.testcases) {
      const { result, why } = await verdict(c);
      const agrees = result === c.expected_result;
      const listed = LIMBO_DIFFERENCES[c.id] ?? LIMBO_NOT_APPLICABLE[c.id];
      if (agrees && listed) nowAgree.push(c.id);
      if (!agrees && !listed) unexpected.push(`${c.id}: expected ${c.expected_result}, got ${result} (${why})`);
      if (agrees) tally.pass += 1;
      else if (LIMBO_NOT_APPLICABLE[c.id]) tally.notApplicable += 1;
      else tally.differ += 1;
    }
    process.stdout.write(`x509-limbo: ${limbo.testcases.length} cases — ${tally.pass} pass, ${tally.differ} differ, ${tally.notApplicable} not applicable\n`);
    expect(unexpected).toEqual([]);
    expect(nowAgree).toEqual([]);
  }, 120_000);
});

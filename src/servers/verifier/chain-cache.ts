/**
 * Chain building (pki buildChain, RFC 5280 §6) remembered between logins. A "trusted" verdict depends only on
 * the certificates in play (the trust store's entries, the envelope's intermediates, the leaf) and on `now`
 * through the validity of the issuers (RFC 5280 §6.1.3 (a)(2)). So it is reused for the same certificates while
 * `now` lies inside the validity of every certificate whose name is on the path — inside that window pki would
 * find the same path again. Any other verdict is recomputed every time.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import {
  buildChain,
  parseCertificate,
  type ChainVerdict,
  type ParsedCertificate,
  type TrustStore,
} from '../../shared/pki';

interface Entry {
  readonly verdict: ChainVerdict;
  readonly from: number;
  readonly until: number;
}

const CACHE_SIZE = 1024;
const verdicts = new Map<string, Entry>();
const fingerprints = new WeakMap<Uint8Array, string>();
const parsed = new WeakMap<Uint8Array, ParsedCertificate | null>();

function fingerprint(der: Uint8Array): string {
  let value = fingerprints.get(der);
  if (value === undefined) fingerprints.set(der, (value = bytesToHex(sha256(der))));
  return value;
}

function parsedOrNull(der: Uint8Array): ParsedCertificate | null {
  if (!parsed.has(der)) {
    try {
      parsed.set(der, parseCertificate(der));
    } catch {
      parsed.set(der, null); // pki's chain builder skips unreadable store entries too
    }
  }
  return parsed.get(der) ?? null;
}

export async function buildChainRemembered(
  leaf: ParsedCertificate,
  store: TrustStore,
  extra: readonly Uint8Array[],
  now: Date,
): Promise<ChainVerdict> {
  const entries = await store.certificates();
  const storeKey = entries.map((e) => `${e.anchor ? 'a' : 'i'}${fingerprint(e.der)}`).sort().join(',');
  const key = `${leaf.fingerprints.sha256}|${extra.map(fingerprint).sort().join(',')}|${storeKey}`;
  const time = now.getTime();
  const hit = verdicts.get(key);
  if (hit && hit.from <= time && time <= hit.until) return hit.verdict;

  const verdict = await buildChain(leaf, store, { now, extraCertificates: extra });
  if (verdict.status !== 'trusted') return verdict;
  const names = new Set(verdict.path.slice(1));
  let from = Number.NEGATIVE_INFINITY;
  let until = Number.POSITIVE_INFINITY;
  for (const der of [...entries.map((e) => e.der), ...extra]) {
    const cert = parsedOrNull(der);
    if (!cert || !names.has(cert.subject.text)) continue;
    from = Math.max(from, cert.notBefore.getTime());
    until = Math.min(until, cert.notAfter.getTime());
  }
  if (from <= time && time <= until) {
    if (verdicts.size >= CACHE_SIZE) verdicts.delete(verdicts.keys().next().value!);
    verdicts.set(key, { verdict, from, until });
  }
  return verdict;
}

/**
 * Issue 7 §1 "revocation truth": a CRL that could not be had is never a bare "unknown". Downloads run against a
 * real HTTP server (node:http on a free port) through createCrlFetcher with Node's own fetch.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryCrlCache } from '../../../src/shared/pki/crl-cache';
import { CrlFetchError, createCrlFetcher, crlUrlReach, type CrlFetcher } from '../../../src/shared/pki/crl-fetch';
import { inspectCertificate } from '../../../src/shared/pki/inspect';
import { MemoryTrustStore } from '../../../src/shared/pki/trust-store';
import { generateCa, type GeneratedCa } from './helpers/generated-ca';

const DAY = 86_400_000;
const T0 = Date.parse('2026-06-01T00:00:00Z');
const NOW = new Date(T0 + DAY);

let ca: GeneratedCa;
let other: GeneratedCa;
let crlDer: Uint8Array;
let server: Server;
let base: string;
/** Paths the server was asked for, in order. */
const asked: string[] = [];

beforeAll(async () => {
  ca = await generateCa('CN=吊销原因 CA, C=CN', new Date(T0 - 365 * DAY), new Date(T0 + 3650 * DAY));
  other = await generateCa('CN=吊销原因 CA, C=CN', new Date(T0 - 365 * DAY), new Date(T0 + 3650 * DAY)); // same name, other key
  crlDer = await ca.crl(new Date(T0), new Date(T0 + 7 * DAY));
  const foreignCrl = await other.crl(new Date(T0), new Date(T0 + 7 * DAY));
  server = createServer((req, res) => {
    asked.push(req.url ?? '');
    if (req.url === '/ca.crl') res.end(Buffer.from(crlDer));
    else if (req.url === '/foreign.crl') res.end(Buffer.from(foreignCrl));
    else if (req.url === '/junk.crl') res.end('<html>not a CRL</html>');
    else if (req.url === '/huge.crl') res.end(Buffer.alloc(64 * 1024));
    else if (req.url === '/hang.crl') res.flushHeaders(); // headers, then no body ever
    else {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const nodeFetcher = (extra: { pageProtocol?: string | null; timeoutMs?: number; maxBytes?: number; isOnline?: () => boolean } = {}): CrlFetcher =>
  createCrlFetcher({ fetch: (url, init) => fetch(url, init), pageProtocol: null, ...extra });

async function revocation(urls: readonly string[], options: { fetchCrl?: CrlFetcher; cached?: Uint8Array; now?: Date; anchor?: boolean } = {}) {
  const der = await ca.leaf('0a01', new Date(T0 - DAY), new Date(T0 + 365 * DAY), urls);
  const crlCache = new MemoryCrlCache();
  if (options.cached) await crlCache.add(options.cached);
  const trustStore = new MemoryTrustStore(options.anchor === false ? [] : [{ der: ca.der, anchor: true }]);
  const report = await inspectCertificate(der, {
    now: options.now ?? NOW, trustStore, crlCache, ...(options.fetchCrl ? { fetchCrl: options.fetchCrl } : {}),
  });
  return report.revocation;
}

describe('crlUrlReach: what a page can fetch at all', () => {
  it('an https page cannot fetch an http distribution point (mixed content), except on loopback', () => {
    expect(crlUrlReach('https:', 'http://crl.example.test/ca.crl')).toBe('mixed-content');
    expect(crlUrlReach('https:', 'https://crl.example.test/ca.crl')).toBe('fetchable');
    expect(crlUrlReach('https:', 'http://127.0.0.1:8080/ca.crl')).toBe('fetchable');
    expect(crlUrlReach('https:', 'http://localhost/ca.crl')).toBe('fetchable');
    expect(crlUrlReach('http:', 'http://crl.example.test/ca.crl')).toBe('fetchable');
    expect(crlUrlReach(null, 'http://crl.example.test/ca.crl')).toBe('fetchable');
  });
  it('non-web schemes and junk are unsupported', () => {
    expect(crlUrlReach(null, 'ldap://dir.example.test/cn=CA?certificateRevocationList')).toBe('unsupported-scheme');
    expect(crlUrlReach('https:', 'not a url')).toBe('unsupported-scheme');
  });
});

describe('createCrlFetcher against a real HTTP server', () => {
  it('downloads a CRL', async () => {
    expect([...(await nodeFetcher()(`${base}/ca.crl`))]).toEqual([...crlDer]);
  });
  it('throws CrlFetchError with the reason: http-error (with status), too-large, timeout, network, offline', async () => {
    const reasonOf = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => (e instanceof CrlFetchError ? [e.reason, e.httpStatus] : e));
    expect(await reasonOf(nodeFetcher()(`${base}/missing.crl`))).toEqual(['http-error', 404]);
    expect(await reasonOf(nodeFetcher({ maxBytes: 1024 })(`${base}/huge.crl`))).toEqual(['too-large', null]);
    expect(await reasonOf(nodeFetcher({ timeoutMs: 200 })(`${base}/hang.crl`))).toEqual(['timeout', null]);
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    expect(await reasonOf(nodeFetcher()(`http://127.0.0.1:${port}/ca.crl`))).toEqual(['blocked-by-cors-or-network', null]);
    expect(await reasonOf(nodeFetcher({ isOnline: () => false })(`${base}/ca.crl`))).toEqual(['offline', null]);
  });
  it('never asks the network for what an https page cannot fetch', async () => {
    const before = asked.length;
    const error = await nodeFetcher({ pageProtocol: 'https:' })('http://crl.example.test/ca.crl').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CrlFetchError);
    expect((error as CrlFetchError).reason).toBe('mixed-content');
    expect(asked.length).toBe(before);
  });
});

describe('regression: revocation failures are not swallowed — the report says why and where', () => {
  it('a downloaded CRL decides: good', async () => {
    expect(await revocation([`${base}/ca.crl`], { fetchCrl: nodeFetcher() })).toMatchObject({ status: 'good' });
  });
  it('HTTP 404 → http-error with the URL', async () => {
    const url = `${base}/missing.crl`;
    expect(await revocation([url], { fetchCrl: nodeFetcher() })).toMatchObject({
      status: 'unknown', unchecked: 'http-error', url, reason: 'CRL download failed: http-error (HTTP 404)',
    });
  });
  it('an http distribution point from an https worker → mixed-content with the URL', async () => {
    const url = 'http://crl.example.test/ca.crl';
    expect(await revocation([url], { fetchCrl: nodeFetcher({ pageProtocol: 'https:' }) })).toMatchObject({ status: 'unknown', unchecked: 'mixed-content', url });
  });
  it('https is tried first, so a reachable https point wins over an unreachable http one', async () => {
    const verdict = await revocation(['http://crl.example.test/ca.crl', `${base}/ca.crl`], { fetchCrl: nodeFetcher({ pageProtocol: 'https:' }) });
    expect(verdict.status).toBe('good'); // loopback http counts as reachable
  });
  it('a download that is not a CRL, or a CRL that does not verify', async () => {
    expect(await revocation([`${base}/junk.crl`], { fetchCrl: nodeFetcher() })).toMatchObject({ unchecked: 'crl-unreadable', url: `${base}/junk.crl` });
    expect(await revocation([`${base}/foreign.crl`], { fetchCrl: nodeFetcher() })).toMatchObject({ unchecked: 'crl-unverifiable', url: `${base}/foreign.crl` });
  });
  it('no distribution point, only ldap, none cached without a fetcher, or no issuer', async () => {
    expect(await revocation([], { fetchCrl: nodeFetcher() })).toMatchObject({ status: 'unknown', unchecked: 'no-distribution-point' });
    expect(await revocation(['ldap://dir.example.test/cn=CA'], { fetchCrl: nodeFetcher() })).toMatchObject({ unchecked: 'unsupported-scheme' });
    expect(await revocation([`${base}/ca.crl`])).toMatchObject({ status: 'unknown', unchecked: 'no-crl' });
    expect(await revocation([`${base}/ca.crl`], { anchor: false })).toMatchObject({ status: 'unknown', unchecked: 'issuer-unknown' });
  });
  it('a stale cached CRL: crl-stale with since, or the refresh failure with since', async () => {
    const later = new Date(T0 + 30 * DAY);
    const since = new Date(T0 + 7 * DAY).toISOString();
    expect(await revocation([`${base}/ca.crl`], { cached: crlDer, now: later })).toMatchObject({ status: 'unknown', unchecked: 'crl-stale', since });
    const url = `${base}/missing.crl`;
    expect(await revocation([url], { cached: crlDer, now: later, fetchCrl: nodeFetcher() })).toMatchObject({ status: 'unknown', unchecked: 'http-error', url, since });
  });
  it('a good or revoked verdict carries no unchecked reason', async () => {
    const verdict = await revocation([], { cached: crlDer });
    expect(verdict.status).toBe('good');
    expect(verdict.unchecked).toBeUndefined();
  });
});

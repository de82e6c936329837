// HTTP faults between the app and the CA (issue 10 §3, §6): a fault-injecting proxy in front of the real
// reference CA answers 500, 503 + Retry-After, 429 or cuts the response mid-body. postCmpMessage classifies each
// as "retry", and the retry gets the CA's stored answer byte for byte with a single certificate.
import { createServer, request as httpRequest, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCertRequest, parseRetryAfter, postCmpMessage, verifyCmpResponse } from '../../src/shared/cmp';
import { freePort, issue, softwareKey, startCa, type RunningCa } from '../unit/cmp/support/ca-fixture';

type Fault = 'none' | '500' | '503' | '429' | 'cut' | 'html';

let ca: RunningCa;
let proxy: Server;
let proxyUrl: string;
const faults: Fault[] = [];

beforeAll(async () => {
  ca = await startCa();
  proxy = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (c: Buffer) => chunks.push(c));
    incoming.on('end', () => {
      const fault = faults.shift() ?? 'none';
      if (fault === '500' || fault === '503' || fault === '429') {
        // The request never reaches the CA for these: like an overloaded gateway.
        outgoing.writeHead(Number(fault), fault === '500' ? {} : { 'retry-after': fault === '503' ? '7' : '2' }).end('busy');
        return;
      }
      if (fault === 'html') {
        outgoing.writeHead(200, { 'content-type': 'text/html' }).end('<html>captive portal</html>');
        return;
      }
      const upstream = httpRequest(`${ca.url}${incoming.url}`, { method: 'POST', headers: { 'content-type': incoming.headers['content-type'] ?? '' } }, (answer) => {
        const body: Buffer[] = [];
        answer.on('data', (c: Buffer) => body.push(c));
        answer.on('end', () => {
          const all = Buffer.concat(body);
          if (fault === 'cut') {
            // The CA processed and stored it; the client sees half a body and a reset.
            outgoing.writeHead(200, { 'content-type': 'application/pkixcmp', 'content-length': String(all.length) });
            outgoing.write(all.subarray(0, all.length >> 1));
            setTimeout(() => outgoing.socket?.destroy(), 20);
            return;
          }
          outgoing.writeHead(answer.statusCode ?? 502, { 'content-type': answer.headers['content-type'] ?? '' }).end(all);
        });
      });
      upstream.end(Buffer.concat(chunks));
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => proxy.listen(port, '127.0.0.1', resolve));
  proxyUrl = `http://127.0.0.1:${port}/.well-known/cmp`;
});

afterAll(async () => {
  await new Promise((resolve) => proxy?.close(resolve));
  await ca?.close();
});

async function renewalRequest() {
  const old = await softwareKey();
  const cert = await issue(ca, old.spki);
  const next = await softwareKey();
  return buildCertRequest({ kind: 'kur', signerCertificate: cert.der, newPublicKey: next.spki, newKeySigner: next.signer, protectionSigner: old.signer });
}

describe('CMP transfer faults', () => {
  it('classifies 500, 503 and 429 as retry with Retry-After, then delivers', async () => {
    const request = await renewalRequest();
    faults.push('500', '503', '429');
    expect(await postCmpMessage(proxyUrl, request.der)).toMatchObject({ kind: 'retry', status: 500, retryAfterSeconds: null });
    expect(await postCmpMessage(proxyUrl, request.der)).toMatchObject({ kind: 'retry', status: 503, retryAfterSeconds: 7 });
    expect(await postCmpMessage(proxyUrl, request.der)).toMatchObject({ kind: 'retry', status: 429, retryAfterSeconds: 2 });
    const delivered = await postCmpMessage(proxyUrl, request.der);
    expect(delivered.kind).toBe('response');
  });

  it('after a response cut mid-body, the retry gets the stored answer and the CA holds one certificate', async () => {
    const request = await renewalRequest();
    faults.push('cut');
    const cut = await postCmpMessage(proxyUrl, request.der);
    expect(cut.kind).toBe('retry');
    const retried = await postCmpMessage(proxyUrl, request.der);
    if (retried.kind !== 'response') throw new Error(retried.kind);
    const direct = await postCmpMessage(`${ca.url}/pkix/`, request.der);
    expect(direct).toEqual(retried);
    expect((await verifyCmpResponse(retried.der, { transaction: request.transaction, caCmpCertificate: ca.ca.cmpCertificate })).kind).toBe('certificate');
    const tid = Buffer.from(request.transaction.transactionId).toString('hex');
    expect((await ca.repository.listCertificates()).filter((c) => c.transactionId === tid)).toHaveLength(1);
  });

  it('never takes a non-CMP 200 (a captive portal page) for the CA answer, and retries when the network is down', async () => {
    const request = await renewalRequest();
    faults.push('html');
    expect(await postCmpMessage(proxyUrl, request.der)).toMatchObject({ kind: 'failed', status: 200 });
    const down = await postCmpMessage(`http://127.0.0.1:${await freePort()}/.well-known/cmp`, request.der);
    expect(down).toMatchObject({ kind: 'retry', status: null });
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = new Date('2026-11-30T12:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120);
    expect(parseRetryAfter('Mon, 30 Nov 2026 12:01:00 GMT', now)).toBe(60);
    expect(parseRetryAfter('soon', now)).toBeNull();
  });
});

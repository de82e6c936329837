// Exactly once at the reference CA (issue 10 §3, §6): our client's kur sent again gets the stored kup byte for
// byte; concurrent duplicates issue one certificate; the same transactionID with another body is
// transactionIdInUse; a lost poll answer is re-sent without a second certificate; certConf(reject) revokes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildCertConf,
  buildCertRequest,
  buildPollReq,
  CmpRejectedError,
  postCmpMessage,
  verifyCmpResponse,
  type BuiltCmpRequest,
} from '../../src/shared/cmp';
import { MemoryTrustStore } from '../../src/shared/pki/trust-store';
import { DAY_MS, issue, softwareKey, startCa, type RunningCa } from '../unit/cmp/support/ca-fixture';

let ca: RunningCa;
let url: string;

beforeAll(async () => {
  ca = await startCa({ policyOverrides: { review: { issuanceDelaySeconds: 1 } } });
  url = `${ca.url}/.well-known/cmp/p/default/keyupdate`;
});

afterAll(async () => {
  await ca?.close();
});

async function token(profile = 'default') {
  const old = await softwareKey();
  const cert = await issue(ca, old.spki, { profile });
  const next = await softwareKey();
  const sender = { certificate: cert.der, chain: [ca.ca.caCertificate], signer: old.signer };
  return { old, cert, next, sender };
}

async function kur(t: Awaited<ReturnType<typeof token>>, transactionId?: Uint8Array): Promise<BuiltCmpRequest> {
  return buildCertRequest({
    kind: 'kur', signerCertificate: t.cert.der, chain: [ca.ca.caCertificate], newPublicKey: t.next.spki, newKeySigner: t.next.signer,
    protectionSigner: t.old.signer, ...(transactionId ? { transactionId } : {}),
  });
}

async function post(der: Uint8Array): Promise<Uint8Array> {
  const result = await postCmpMessage(url, der);
  if (result.kind !== 'response') throw new Error(`no CMP response: ${JSON.stringify(result)}`);
  return result.der;
}

const tidHex = (request: BuiltCmpRequest): string => Buffer.from(request.transaction.transactionId).toString('hex');

describe('reference CA: exactly once', () => {
  it('replays the stored kup byte for byte when the same kur arrives again, and confirms once', async () => {
    const t = await token();
    const request = await kur(t);
    const first = await post(request.der);
    const second = await post(request.der);
    expect(second).toEqual(first);
    const outcome = await verifyCmpResponse(second, {
      transaction: request.transaction, caCmpCertificate: ca.ca.cmpCertificate, newPublicKey: t.next.spki,
      trustStore: new MemoryTrustStore([{ der: ca.ca.caCertificate, anchor: true }]),
    });
    if (outcome.kind !== 'certificate') throw new Error(outcome.kind);
    const conf = await buildCertConf({ sender: t.sender, transaction: outcome.transaction, certificate: outcome.certificate, verdict: { accept: true } });
    const pkiconf = await post(conf.der);
    expect(await post(conf.der)).toEqual(pkiconf);
    expect((await verifyCmpResponse(pkiconf, { transaction: conf.transaction, caCmpCertificate: ca.ca.cmpCertificate })).kind).toBe('confirmed');
    expect((await ca.repository.findCertificateOfTransaction(tidHex(request)))?.status).toBe('confirmed');
  });

  it('issues one certificate for eight concurrent copies of one kur (two tabs and the service worker)', async () => {
    const t = await token();
    const request = await kur(t);
    const answers = await Promise.all(Array.from({ length: 8 }, () => post(request.der)));
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    const certificates = (await ca.repository.listCertificates()).filter((c) => c.transactionId === tidHex(request));
    expect(certificates).toHaveLength(1);
  });

  it('answers transactionIdInUse to another request under a used transactionID', async () => {
    const t = await token();
    const request = await kur(t);
    await post(request.der);
    const other = await kur({ ...t, next: await softwareKey() }, request.transaction.transactionId);
    const error = await verifyCmpResponse(await post(other.der), { transaction: other.transaction, caCmpCertificate: ca.ca.cmpCertificate }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CmpRejectedError);
    expect((error as CmpRejectedError).failInfo).toEqual(['transactionIdInUse']);
  });

  it('revokes the certificate when the client rejects it in certConf', async () => {
    const t = await token();
    const request = await kur(t);
    const outcome = await verifyCmpResponse(await post(request.der), { transaction: request.transaction, caCmpCertificate: ca.ca.cmpCertificate });
    if (outcome.kind !== 'certificate') throw new Error(outcome.kind);
    const conf = await buildCertConf({
      sender: t.sender, transaction: outcome.transaction, certificate: outcome.certificate,
      verdict: { accept: false, failInfo: 'badCertTemplate', reason: 'read-back differs' },
    });
    expect((await verifyCmpResponse(await post(conf.der), { transaction: conf.transaction, caCmpCertificate: ca.ca.cmpCertificate })).kind).toBe('confirmed');
    expect((await ca.repository.findCertificateOfTransaction(tidHex(request)))?.status).toBe('revoked');
    expect((await ca.repository.findTransaction(tidHex(request)))?.state).toBe('rejected');
  });

  it('delayed issuance: the poll that issues is replayed identically and never makes a second certificate', async () => {
    const t = await token('review');
    const request = await kur(t);
    let outcome = await verifyCmpResponse(await post(request.der), { transaction: request.transaction, caCmpCertificate: ca.ca.cmpCertificate });
    expect(outcome.kind).toBe('waiting');
    let answers: Uint8Array[] = [];
    while (outcome.kind === 'waiting') {
      await new Promise((resolve) => setTimeout(resolve, (outcome.kind === 'waiting' ? outcome.checkAfterSeconds ?? 1 : 1) * 1000));
      const poll = await buildPollReq(t.sender, outcome.transaction);
      answers = [await post(poll.der), await post(poll.der)];
      expect(answers[1]).toEqual(answers[0]);
      outcome = await verifyCmpResponse(answers[0]!, { transaction: poll.transaction, caCmpCertificate: ca.ca.cmpCertificate, newPublicKey: t.next.spki });
    }
    expect(outcome.kind).toBe('certificate');
    expect((await ca.repository.listCertificates()).filter((c) => c.transactionId === tidHex(request))).toHaveLength(1);
  });

  it('refuses a kur signed with a certificate expired more than 30 days, with the reason in both languages', async () => {
    const old = await softwareKey();
    const cert = await issue(ca, old.spki, { profile: '12309', notBefore: new Date(Date.now() - 400 * DAY_MS), notAfter: new Date(Date.now() - 35 * DAY_MS) });
    const next = await softwareKey();
    const request = await buildCertRequest({ kind: 'kur', signerCertificate: cert.der, newPublicKey: next.spki, newKeySigner: next.signer, protectionSigner: old.signer });
    const error = await verifyCmpResponse(await post(request.der), { transaction: request.transaction, caCmpCertificate: ca.ca.cmpCertificate }).catch((e: unknown) => e);
    expect((error as CmpRejectedError).failInfo).toEqual(['notAuthorized']);
    expect((error as CmpRejectedError).reason).toContain('需要重新申请');
    expect((error as CmpRejectedError).reason).toContain('apply anew');
  });

  it('answers 503 with Retry-After, never 200, when its storage fails', async () => {
    const broken = await startCa();
    try {
      const t = await token();
      const request = await kur(t);
      await broken.repository.close(); // storage gone under a running server (disk failure, lost database)
      const result = await postCmpMessage(`${broken.url}/.well-known/cmp`, request.der);
      expect(result).toMatchObject({ kind: 'retry', status: 503, retryAfterSeconds: 5 });
    } finally {
      await broken.close(); // closing the database a second time is a no-op
    }
  });

  it('speaks CORS to the app origin only, and answers a wrong content type with 415', async () => {
    const withOrigin = await startCa({ appOrigin: 'https://app.example' });
    try {
      const preflight = await fetch(`${withOrigin.url}/.well-known/cmp`, { method: 'OPTIONS', headers: { origin: 'https://app.example', 'access-control-request-method': 'POST' } });
      expect(preflight.headers.get('access-control-allow-origin')).toBe('https://app.example');
      expect(preflight.headers.get('access-control-allow-headers')).toContain('Content-Type');
      const foreign = await fetch(`${withOrigin.url}/.well-known/cmp`, { method: 'OPTIONS', headers: { origin: 'https://evil.example' } });
      expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
      const wrongType = await fetch(`${withOrigin.url}/.well-known/cmp`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' });
      expect(wrongType.status).toBe(415);
    } finally {
      await withOrigin.close();
    }
  });
});

// The reference RA/CA issues only what the requester holds (issue 14 §2; security review C1, M1; code review
// defect 3). `openssl cmp` as the attacker: Alice's certificate and key asking cr/ir/p10cr/kur for other subjects,
// a second open kur for one old certificate, enrollment secrets (PBM, RFC 9810 §5.1.3.1) used twice, for another
// subject, or after expiry; and follow-ups (certConf, pollReq) from someone who is not the requester.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromPem } from '../../src/servers/ca-server/ca-material';
import { nameFromDnString } from '../../src/servers/ca-server/dn-string';
import { registerEnrollment } from '../../src/servers/ca-server/enrollment/enroll';
import {
  buildCertConf,
  buildCertRequest,
  buildPollReq,
  CmpRejectedError,
  postCmpMessage,
  verifyCmpResponse,
  type BuiltCmpRequest,
} from '../../src/shared/cmp';
import { parseCertificate } from '../../src/shared/pki/parse-certificate';
import { issue, opensslKey, run, softwareKey, startCa, type RunningCa } from '../unit/cmp/support/ca-fixture';

let ca: RunningCa;

const cmp = (args: string[]): ReturnType<typeof run> =>
  run('openssl', ['cmp', '-server', `127.0.0.1:${ca.port}`, '-path', 'pkix/', '-srvcert', join(ca.dir, 'cmp-signer.pem'), ...args], ca.dir);

const certOf = (name: string): ReturnType<typeof parseCertificate> => parseCertificate(fromPem(readFileSync(join(ca.dir, name), 'utf8')));
const alice = ['-cert', 'alice.pem', '-key', 'alice.key'];

beforeAll(async () => {
  ca = await startCa({ policyOverrides: { review: { issuanceDelaySeconds: 30 } } });
  const key = await opensslKey(ca.dir, 'alice');
  // `CN=Alice,O=Alice Co` is written most specific first (RFC 4514 §2.1): in DER, O comes first.
  await issue(ca, key.spki, { name: 'alice', subject: 'CN=Alice,O=Alice Co' });
  await opensslKey(ca.dir, 'new');
  await run('openssl', ['req', '-new', '-utf8', '-key', 'new.key', '-subj', '/CN=Victim Boss/O=Victim Corp/serialNumber=91110000MA00000000', '-out', 'victim.csr'], ca.dir);
  await run('openssl', ['req', '-new', '-utf8', '-key', 'new.key', '-subj', '/O=Alice Co/CN=Alice', '-out', 'alice.csr'], ca.dir);
});

afterAll(async () => {
  await ca?.close();
});

describe('a holder asks for someone else’s subject', () => {
  it.each([
    ['cr for CN=Bob', ['-cmd', 'cr', '-newkey', 'new.key', '-subject', '/CN=Bob/O=Bob Co']],
    ['ir for CN=Root Admin', ['-cmd', 'ir', '-newkey', 'new.key', '-subject', '/CN=Root Admin/O=UKey Assistant']],
    ['p10cr with a Victim Corp CSR', ['-cmd', 'p10cr', '-csr', 'victim.csr']],
    ['kur asking another subject', ['-cmd', 'kur', '-newkey', 'new.key', '-subject', '/CN=Root Admin']],
    ['kur asking another subjectAltName', ['-cmd', 'kur', '-newkey', 'new.key', '-sans', 'admin@victim.example']],
  ])('refuses %s with badCertTemplate and issues nothing', async (_label, args) => {
    const before = (await ca.repository.listCertificates()).length;
    const result = await cmp([...args, ...alice, '-certout', 'x.pem']);
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('PKIFailureInfo: badCertTemplate');
    expect((await ca.repository.listCertificates()).length).toBe(before);
  });

  it('issues a cr and a p10cr for the holder’s own subject', async () => {
    const cr = await cmp(['-cmd', 'cr', '-newkey', 'new.key', '-subject', '/O=Alice Co/CN=Alice', ...alice, '-certout', 'own-cr.pem']);
    expect(cr.output).toContain('received PKICONF');
    expect(certOf('own-cr.pem').subject.key).toBe(certOf('alice.pem').subject.key);
    const p10 = await cmp(['-cmd', 'p10cr', '-csr', 'alice.csr', ...alice, '-certout', 'own-p10.pem']);
    expect(p10.output).toContain('received PKICONF');
  });
});

describe('kur', () => {
  it('copies the old certificate’s subject and subjectAltName into the new one', async () => {
    const key = await opensslKey(ca.dir, 'san');
    await issue(ca, key.spki, { name: 'san', subject: 'CN=Carol', subjectAltName: { rfc822Name: 'carol@example.cn' } });
    const result = await cmp(['-cmd', 'kur', '-newkey', 'new.key', '-san_nodefault', '-cert', 'san.pem', '-key', 'san.key', '-certout', 'san-new.pem']);
    expect(result.output).toContain('received PKICONF');
    const text = (await run('openssl', ['x509', '-in', 'san-new.pem', '-noout', '-ext', 'subjectAltName', '-subject'], ca.dir)).stdout;
    expect(text).toContain('email:carol@example.cn');
    expect(text).toContain('CN = Carol');
  });

  it('allows one open key update per old certificate: a second kur while the first is unconfirmed is refused', async () => {
    const key = await opensslKey(ca.dir, 'twice');
    await issue(ca, key.spki, { name: 'twice' });
    const first = await cmp(['-cmd', 'kur', '-newkey', 'new.key', '-cert', 'twice.pem', '-key', 'twice.key', '-certout', 'twice-1.pem', '-disable_confirm']);
    expect(first.output).toContain('received KUP');
    const second = await cmp(['-cmd', 'kur', '-newkey', 'new.key', '-cert', 'twice.pem', '-key', 'twice.key', '-certout', 'twice-2.pem']);
    expect(second.code).not.toBe(0);
    expect(second.output).toContain('PKIFailureInfo: duplicateCertReq');
    expect(second.output).toContain('key update');
  });
});

describe('enrollment registered beforehand (PBM reference + secret)', () => {
  it('issues ir once for the registered subject, then refuses the same secret', async () => {
    const enrollment = await registerEnrollment(ca.ca, ca.repository, nameFromDnString('CN=Dave,O=Dave Co'));
    const args = ['-cmd', 'ir', '-newkey', 'new.key', '-subject', '/O=Dave Co/CN=Dave', '-ref', enrollment.reference, '-secret', `pass:${enrollment.secret}`, '-mac', 'hmacWithSHA256'];
    const ok = await cmp([...args, '-certout', 'dave.pem']);
    expect(ok.output).toContain('received PKICONF');
    expect(certOf('dave.pem').subject.text).toContain('Dave');
    const again = await cmp([...args, '-certout', 'dave2.pem']);
    expect(again.code).not.toBe(0);
    expect(again.output).toMatch(/PKIFailureInfo: (notAuthorized|badMessageCheck)/);
  });

  it('refuses another subject than the registered one, and an expired enrollment', async () => {
    const enrollment = await registerEnrollment(ca.ca, ca.repository, nameFromDnString('CN=Erin'));
    const other = await cmp(['-cmd', 'cr', '-newkey', 'new.key', '-subject', '/CN=Root Admin', '-ref', enrollment.reference, '-secret', `pass:${enrollment.secret}`, '-mac', 'hmacWithSHA256', '-certout', 'x.pem']);
    expect(other.output).toContain('PKIFailureInfo: badCertTemplate');
    const p10 = await cmp(['-cmd', 'p10cr', '-csr', 'victim.csr', '-ref', enrollment.reference, '-secret', `pass:${enrollment.secret}`, '-mac', 'hmacWithSHA256', '-certout', 'x.pem']);
    expect(p10.output).toContain('PKIFailureInfo: badCertTemplate');
    const expired = await registerEnrollment(ca.ca, ca.repository, nameFromDnString('CN=Erin'), { ttlSeconds: 60, now: new Date(Date.now() - 3600_000) });
    const late = await cmp(['-cmd', 'ir', '-newkey', 'new.key', '-subject', '/CN=Erin', '-ref', expired.reference, '-secret', `pass:${expired.secret}`, '-mac', 'hmacWithSHA256', '-certout', 'x.pem']);
    expect(late.code).not.toBe(0);
    expect(late.output).toContain('PKIFailureInfo: notAuthorized');
  });

  it('refuses a wrong secret and an unknown reference', async () => {
    const enrollment = await registerEnrollment(ca.ca, ca.repository, nameFromDnString('CN=Frank'));
    const wrong = await cmp(['-cmd', 'ir', '-newkey', 'new.key', '-subject', '/CN=Frank', '-ref', enrollment.reference, '-secret', 'pass:guess', '-mac', 'hmacWithSHA256', '-certout', 'x.pem']);
    expect(wrong.output).toContain('PKIFailureInfo: badMessageCheck');
    const unknown = await cmp(['-cmd', 'ir', '-newkey', 'new.key', '-subject', '/CN=Frank', '-ref', 'no-such-ref', '-secret', `pass:${enrollment.secret}`, '-mac', 'hmacWithSHA256', '-certout', 'x.pem']);
    expect(unknown.output).toContain('PKIFailureInfo: badMessageCheck');
  });
});

describe('follow-ups only from the requester', () => {
  async function post(der: Uint8Array): Promise<Uint8Array> {
    const result = await postCmpMessage(`${ca.url}/.well-known/cmp`, der);
    if (result.kind !== 'response') throw new Error(JSON.stringify(result));
    return result.der;
  }
  async function holder(profile = 'default') {
    const old = await softwareKey();
    const cert = await issue(ca, old.spki, { profile });
    return { old, cert, sender: { certificate: cert.der, signer: old.signer } };
  }
  const kur = async (t: Awaited<ReturnType<typeof holder>>): Promise<BuiltCmpRequest> => {
    const next = await softwareKey();
    return buildCertRequest({ kind: 'kur', signerCertificate: t.cert.der, newPublicKey: next.spki, newKeySigner: next.signer, protectionSigner: t.old.signer });
  };

  it('refuses a certConf(reject) signed by another holder; the certificate stays issued and the requester confirms', async () => {
    const alice = await holder();
    const bob = await holder();
    const request = await kur(alice);
    const outcome = await verifyCmpResponse(await post(request.der), { transaction: request.transaction, caCmpCertificate: ca.ca.cmpCertificate });
    if (outcome.kind !== 'certificate') throw new Error(outcome.kind);
    const forged = await buildCertConf({ sender: bob.sender, transaction: outcome.transaction, certificate: outcome.certificate, verdict: { accept: false, failInfo: 'badCertTemplate', reason: 'x' } });
    const error = await verifyCmpResponse(await post(forged.der), { transaction: forged.transaction, caCmpCertificate: ca.ca.cmpCertificate }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CmpRejectedError);
    expect((error as CmpRejectedError).failInfo).toEqual(['notAuthorized']);
    const tid = Buffer.from(request.transaction.transactionId).toString('hex');
    expect((await ca.repository.findCertificateOfTransaction(tid))?.status).toBe('issued');
    const conf = await buildCertConf({ sender: alice.sender, transaction: outcome.transaction, certificate: outcome.certificate, verdict: { accept: true } });
    expect((await verifyCmpResponse(await post(conf.der), { transaction: conf.transaction, caCmpCertificate: ca.ca.cmpCertificate })).kind).toBe('confirmed');
    expect((await ca.repository.findCertificateOfTransaction(tid))?.status).toBe('confirmed');
  });

  it('refuses a pollReq signed by another holder', async () => {
    const alice = await holder('review');
    const bob = await holder();
    const request = await kur(alice);
    const outcome = await verifyCmpResponse(await post(request.der), { transaction: request.transaction, caCmpCertificate: ca.ca.cmpCertificate });
    if (outcome.kind !== 'waiting') throw new Error(outcome.kind);
    const poll = await buildPollReq(bob.sender, outcome.transaction);
    const error = await verifyCmpResponse(await post(poll.der), { transaction: poll.transaction, caCmpCertificate: ca.ca.cmpCertificate }).catch((e: unknown) => e);
    expect((error as CmpRejectedError).failInfo).toEqual(['notAuthorized']);
  });
});

describe('confirmation deadline (RFC 9810 §5.3.18, RFC 9483 §4.1)', () => {
  it('revokes a certificate never confirmed once the deadline has passed, and refuses its late certConf', async () => {
    let now = Date.now() + 5000;
    const clock = await startCa({ now: () => new Date(now), policyOverrides: { default: { confirmDeadlineSeconds: 600 } } });
    try {
      const old = await softwareKey();
      const cert = await issue(clock, old.spki);
      const next = await softwareKey();
      const request = await buildCertRequest({ kind: 'kur', signerCertificate: cert.der, newPublicKey: next.spki, newKeySigner: next.signer, protectionSigner: old.signer });
      const sent = await postCmpMessage(`${clock.url}/pkix/`, request.der);
      if (sent.kind !== 'response') throw new Error('no response');
      const outcome = await verifyCmpResponse(sent.der, { transaction: request.transaction, caCmpCertificate: clock.ca.cmpCertificate });
      if (outcome.kind !== 'certificate') throw new Error(outcome.kind);
      const tid = Buffer.from(request.transaction.transactionId).toString('hex');
      now += 601_000;
      expect(await clock.service.revokeUnconfirmed()).toEqual([(await clock.repository.findCertificateOfTransaction(tid))!.serial]);
      expect((await clock.repository.findCertificateOfTransaction(tid))?.status).toBe('revoked');
      const conf = await buildCertConf({ sender: { certificate: cert.der, signer: old.signer }, transaction: outcome.transaction, certificate: outcome.certificate, verdict: { accept: true } });
      const late = await postCmpMessage(`${clock.url}/pkix/`, conf.der);
      if (late.kind !== 'response') throw new Error('no response');
      const error = await verifyCmpResponse(late.der, { transaction: conf.transaction, caCmpCertificate: clock.ca.cmpCertificate }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CmpRejectedError);
      // The old certificate may be renewed again: the expired transaction is no longer open.
      const next2 = await softwareKey();
      const retry = await buildCertRequest({ kind: 'kur', signerCertificate: cert.der, newPublicKey: next2.spki, newKeySigner: next2.signer, protectionSigner: old.signer });
      const again = await postCmpMessage(`${clock.url}/pkix/`, retry.der);
      if (again.kind !== 'response') throw new Error('no response');
      expect((await verifyCmpResponse(again.der, { transaction: retry.transaction, caCmpCertificate: clock.ca.cmpCertificate })).kind).toBe('certificate');
    } finally {
      await clock.close();
    }
  });
});


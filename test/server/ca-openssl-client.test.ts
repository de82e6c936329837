// OpenSSL 3.0's `openssl cmp` client against our reference CA over HTTP (issue 10 §6): kur, p10cr, ir, polling,
// duplicates by -reqin (same response byte for byte, one certificate), and the negatives it can produce.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromPem } from '../../src/servers/ca-server/ca-material';
import { decodePkiMessage } from '../../src/shared/cmp';
import { parseCertificate } from '../../src/shared/pki/parse-certificate';
import { DAY_MS, issue, opensslKey, run, startCa, type RunningCa } from '../unit/cmp/support/ca-fixture';

let ca: RunningCa;

const cmp = (args: string[]): ReturnType<typeof run> =>
  run('openssl', ['cmp', '-server', `127.0.0.1:${ca.port}`, '-srvcert', join(ca.dir, 'cmp-signer.pem'), ...args], ca.dir);

const certOf = (name: string): ReturnType<typeof parseCertificate> => parseCertificate(fromPem(readFileSync(join(ca.dir, name), 'utf8')));

beforeAll(async () => {
  // Polls in this file: the review profile answers `waiting` for 1 s instead of 15 minutes.
  ca = await startCa({ policyOverrides: { review: { issuanceDelaySeconds: 1 } } });
  const key = await opensslKey(ca.dir, 'old');
  await issue(ca, key.spki, { name: 'old' });
  await opensslKey(ca.dir, 'new');
});

afterAll(async () => {
  await ca?.close();
});

describe('openssl cmp client → reference CA', () => {
  it('renews with kur: new key, same subject, chain to the CA, one confirmed certificate for the transaction', async () => {
    const result = await cmp(['-path', 'pkix/', '-cmd', 'kur', '-cert', 'old.pem', '-key', 'old.key', '-newkey', 'new.key', '-certout', 'kur.pem', '-reqout', 'kur-req.der,kur-conf.der', '-rspout', 'kur-rsp.der,kur-pkiconf.der']);
    expect(result.output).toContain('received PKICONF');
    expect(result.code).toBe(0);
    const renewed = certOf('kur.pem');
    expect(renewed.spki).toEqual(fromPem(readFileSync(join(ca.dir, 'new.pub'), 'utf8')));
    expect(renewed.subject.key).toBe(certOf('old.pem').subject.key);
    const verify = await run('openssl', ['verify', '-CAfile', 'ca.pem', 'kur.pem'], ca.dir);
    expect(verify.stdout).toContain('kur.pem: OK');
    const tid = Buffer.from(decodePkiMessage(new Uint8Array(readFileSync(join(ca.dir, 'kur-req.der')))).header.transactionID!).toString('hex');
    const stored = await ca.repository.findCertificateOfTransaction(tid);
    expect(stored?.serial).toBe(renewed.serialNumber);
    expect(stored?.status).toBe('confirmed');
    expect((await ca.repository.findTransaction(tid))?.state).toBe('confirmed');
  });

  it('answers a duplicate kur (-reqin) with the stored kup byte for byte and issues nothing new', async () => {
    const before = (await ca.repository.listCertificates()).length;
    const result = await cmp(['-path', 'pkix/', '-cmd', 'kur', '-cert', 'old.pem', '-key', 'old.key', '-newkey', 'new.key', '-certout', 'dup.pem', '-reqin', 'kur-req.der', '-rspout', 'dup-rsp.der,dup-pkiconf.der']);
    expect(result.output).toContain('received PKICONF');
    expect(readFileSync(join(ca.dir, 'dup-rsp.der'))).toEqual(readFileSync(join(ca.dir, 'kur-rsp.der')));
    expect((await ca.repository.listCertificates()).length).toBe(before);
  });

  it('refuses the certificate a confirmed kur replaced: a second kur from old.pem is certRevoked (review defect 5)', async () => {
    const result = await cmp(['-path', 'pkix/', '-cmd', 'kur', '-cert', 'old.pem', '-key', 'old.key', '-newkey', 'new.key', '-certout', 'x.pem']);
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('PKIFailureInfo: certRevoked');
  });

  it('an implicitly confirmed kur retires the old certificate too: its second kur is certRevoked (review defect 5)', async () => {
    const key = await opensslKey(ca.dir, 'imp');
    await issue(ca, key.spki, { name: 'imp' });
    const first = await cmp(['-path', 'pkix/', '-cmd', 'kur', '-cert', 'imp.pem', '-key', 'imp.key', '-newkey', 'new.key', '-certout', 'imp-kur.pem', '-implicit_confirm']);
    expect(first.output).toContain('received KUP');
    expect(first.output).not.toContain('sending CERTCONF');
    const second = await cmp(['-path', 'pkix/', '-cmd', 'kur', '-cert', 'imp.pem', '-key', 'imp.key', '-newkey', 'new.key', '-certout', 'x.pem', '-implicit_confirm']);
    expect(second.code).not.toBe(0);
    expect(second.output).toContain('PKIFailureInfo: certRevoked');
  });

  it('issues for p10cr and ir to the holder’s own subject (issue 14 §2: a holder gets only its own names)', async () => {
    // old.pem was retired by the confirmed kur above (review defect 5): its renewal kur.pem is the holder now.
    // `CN=张三,O=单位` is written most specific first (RFC 4514): in DER and in OpenSSL's -subj, O comes first.
    await run('openssl', ['req', '-new', '-utf8', '-key', 'new.key', '-subj', '/O=单位/CN=张三', '-out', 'p10.csr'], ca.dir);
    const p10 = await cmp(['-path', 'pkix/', '-cmd', 'p10cr', '-csr', 'p10.csr', '-cert', 'kur.pem', '-key', 'new.key', '-certout', 'p10.pem']);
    expect(p10.output).toContain('received PKICONF');
    expect(certOf('p10.pem').subject.text).toContain('张三');
    const ir = await cmp(['-path', '.well-known/cmp', '-cmd', 'ir', '-newkey', 'new.key', '-subject', '/O=单位/CN=张三', '-cert', 'kur.pem', '-key', 'new.key', '-certout', 'ir.pem']);
    expect(ir.output).toContain('received PKICONF');
    expect(certOf('ir.pem').subject.key).toBe(certOf('old.pem').subject.key);
  });

  it('grants implicitConfirm when asked: no certConf, the certificate is confirmed at once', async () => {
    const result = await cmp(['-path', 'pkix/', '-cmd', 'cr', '-newkey', 'new.key', '-cert', 'kur.pem', '-key', 'new.key', '-certout', 'implicit.pem', '-implicit_confirm', '-reqout', 'implicit-req.der']);
    expect(result.output).toContain('received CP');
    expect(result.output).not.toContain('sending CERTCONF');
    const tid = Buffer.from(decodePkiMessage(new Uint8Array(readFileSync(join(ca.dir, 'implicit-req.der')))).header.transactionID!).toString('hex');
    expect((await ca.repository.findCertificateOfTransaction(tid))?.status).toBe('confirmed');
  });

  it('-repeat 2 makes two transactions and two certificates', async () => {
    const before = (await ca.repository.listCertificates()).length;
    const result = await cmp(['-path', 'pkix/', '-cmd', 'ir', '-newkey', 'new.key', '-cert', 'kur.pem', '-key', 'new.key', '-certout', 'rep.pem', '-repeat', '2']);
    expect(result.output.match(/received PKICONF/g)).toHaveLength(2);
    expect((await ca.repository.listCertificates()).length).toBe(before + 2);
  });

  it.each([
    ['unprotected requests', ['-unprotected_requests'], 'badMessageCheck'],
    ['POPO raVerified', ['-popo', '0'], 'badPOP'],
    ['POPO missing', ['-popo', '-1'], 'badPOP'],
  ])('refuses %s', async (_label, extra, failInfo) => {
    const result = await cmp(['-path', 'pkix/', '-cmd', 'ir', '-newkey', 'new.key', '-cert', 'kur.pem', '-key', 'new.key', '-certout', 'x.pem', ...extra]);
    expect(result.code).not.toBe(0);
    expect(result.output).toContain(`PKIFailureInfo: ${failInfo}`);
  });

  it('refuses a signer the CA did not issue', async () => {
    await run('openssl', ['req', '-x509', '-new', '-key', 'old.key', '-subj', '/CN=self', '-out', 'self.pem'], ca.dir);
    const result = await cmp(['-path', 'pkix/', '-cmd', 'kur', '-cert', 'self.pem', '-key', 'old.key', '-newkey', 'new.key', '-certout', 'x.pem']);
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('PKIFailureInfo: signerNotTrusted');
  });

  it('renews a certificate expired 29 days ago and refuses one expired 31 days ago with the reason', async () => {
    const key = await opensslKey(ca.dir, 'late');
    await issue(ca, key.spki, { name: 'expired29', notBefore: new Date(Date.now() - 394 * DAY_MS), notAfter: new Date(Date.now() - 29 * DAY_MS) });
    await issue(ca, key.spki, { name: 'expired31', notBefore: new Date(Date.now() - 396 * DAY_MS), notAfter: new Date(Date.now() - 31 * DAY_MS) });
    // OpenSSL checks its own certificate's validity unless told the time: -attime puts it inside the validity.
    const attime = String(Math.floor((Date.now() - 30 * DAY_MS - 3600_000) / 1000));
    const ok = await cmp(['-path', 'pkix/', '-cmd', 'kur', '-cert', 'expired29.pem', '-key', 'late.key', '-newkey', 'new.key', '-certout', 'late.pem', '-attime', attime]);
    expect(ok.output).toContain('received PKICONF');
    const refused = await cmp(['-path', 'pkix/', '-cmd', 'kur', '-cert', 'expired31.pem', '-key', 'late.key', '-newkey', 'new.key', '-certout', 'x.pem', '-attime', String(Math.floor((Date.now() - 32 * DAY_MS) / 1000))]);
    expect(refused.code).not.toBe(0);
    expect(refused.output).toContain('PKIFailureInfo: notAuthorized');
    expect(refused.output).toContain('需要重新申请');
  });

  it('delays issuance for the review profile: waiting, pollReq/pollRep with checkAfter, then the certificate', async () => {
    const key = await opensslKey(ca.dir, 'review');
    await issue(ca, key.spki, { name: 'review', profile: 'review' });
    const result = await cmp(['-path', 'pkix/', '-cmd', 'kur', '-cert', 'review.pem', '-key', 'review.key', '-newkey', 'new.key', '-certout', 'reviewed.pem']);
    expect(result.output).toContain("received 'waiting' PKIStatus");
    expect(result.output).toContain('received PKICONF');
    expect(certOf('reviewed.pem').spki).toEqual(fromPem(readFileSync(join(ca.dir, 'new.pub'), 'utf8')));
  });
});

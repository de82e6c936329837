// Two reference CA instances sharing one real PostgreSQL (issue 10 §5 "several server instances"): the same kur
// sent to both at once gets one certificate and byte-identical answers; a poll may land on either instance.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CmpService } from '../../src/servers/ca-server/cmp-service';
import { PostgresDriver } from '../../src/servers/ca-server/storage/postgres-driver';
import { SqlCaRepository } from '../../src/servers/ca-server/storage/sql-repository';
import { buildCertRequest, buildPollReq, verifyCmpResponse } from '../../src/shared/cmp';
import { issue, softwareKey, startCa, type RunningCa } from '../unit/cmp/support/ca-fixture';
import { startPostgres, type RunningPostgres } from '../unit/cmp/support/postgres';

let postgres: RunningPostgres;
let ca: RunningCa;
let repositories: SqlCaRepository[];
let instances: CmpService[];

beforeAll(async () => {
  postgres = await startPostgres();
  ca = await startCa(); // CA material and the operator's certificates (SQLite); the instances below use PostgreSQL
  repositories = [new SqlCaRepository(new PostgresDriver(postgres.url)), new SqlCaRepository(new PostgresDriver(postgres.url))];
  await repositories[0]!.migrate();
  instances = repositories.map((repository) => new CmpService({ ca: ca.ca, repository, policyOverrides: { default: { issuanceDelaySeconds: 1 } } }));
});

afterAll(async () => {
  for (const repository of repositories ?? []) await repository.close();
  await ca?.close();
  await postgres?.stop();
});

describe('two CA instances on one PostgreSQL', () => {
  it('answer concurrent copies of a kur identically with one transaction, and either serves the poll', async () => {
    const old = await softwareKey();
    const cert = await issue(ca, old.spki);
    const next = await softwareKey();
    const request = await buildCertRequest({ kind: 'kur', signerCertificate: cert.der, newPublicKey: next.spki, newKeySigner: next.signer, protectionSigner: old.signer });
    const answers = await Promise.all([0, 1, 0, 1, 0, 1].map((i) => instances[i]!.handle(request.der)));
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    let outcome = await verifyCmpResponse(answers[0]!, { transaction: request.transaction, caCmpCertificate: ca.ca.cmpCertificate });
    expect(outcome.kind).toBe('waiting');
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const poll = await buildPollReq({ certificate: cert.der, signer: old.signer }, outcome.transaction);
    const polled = await Promise.all([instances[1]!.handle(poll.der), instances[0]!.handle(poll.der)]);
    expect(polled[1]).toEqual(polled[0]);
    outcome = await verifyCmpResponse(polled[0]!, { transaction: poll.transaction, caCmpCertificate: ca.ca.cmpCertificate, newPublicKey: next.spki });
    expect(outcome.kind).toBe('certificate');
    const tid = Buffer.from(request.transaction.transactionId).toString('hex');
    expect((await repositories[0]!.listCertificates()).filter((c) => c.transactionId === tid)).toHaveLength(1);
  });
});

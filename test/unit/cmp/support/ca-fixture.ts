/**
 * Test fixture for the reference CA (server tests): a CA in a temp dir, the CMP engine on SQLite, the HTTP
 * server on a free port, OpenSSL as a child process, and software keys standing in for the token.
 */
import 'reflect-metadata';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { AsnConvert } from '@peculiar/asn1-schema';
import { GeneralName, SubjectAlternativeName } from '@peculiar/asn1-x509';
import { fromPem, initCa, loadCa, toPem, type CaMaterial } from '../../../../src/servers/ca-server/ca-material';
import { CmpService, type CmpServiceOptions } from '../../../../src/servers/ca-server/cmp-service';
import { nameFromDnString } from '../../../../src/servers/ca-server/dn-string';
import { buildHttpServer } from '../../../../src/servers/ca-server/http-server';
import { issueEndEntity } from '../../../../src/servers/ca-server/issuance';
import { openRepository } from '../../../../src/servers/ca-server/open-repository';
import { policyFor } from '../../../../src/servers/ca-server/policy';
import { importSigningKey } from '../../../../src/servers/ca-server/ca-material';
import { generateKeyPair, softwareSigner, spkiOf } from '../../../../src/servers/ca-server/software-signer';
import type { CaRepository } from '../../../../src/servers/ca-server/storage/repository';
import type { CmpSigner } from '../../../../src/shared/cmp/signer';

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout then stderr: `openssl cmp` writes its info lines to stdout when it is not a terminal. */
  readonly output: string;
}

/** Runs a command without blocking the event loop (the server under test lives in this process). */
export function run(command: string, args: readonly string[], cwd?: string): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(command, [...args], { cwd, encoding: 'utf8', maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : 1) : 0;
      resolve({ code, stdout, stderr, output: `${stdout}\n${stderr}` });
    });
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface RunningCa {
  readonly dir: string;
  readonly ca: CaMaterial;
  readonly repository: CaRepository;
  readonly service: CmpService;
  readonly http: FastifyInstance;
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

export async function startCa(options: Partial<Omit<CmpServiceOptions, 'ca' | 'repository'>> & { keyKind?: 'ec' | 'rsa'; appOrigin?: string } = {}): Promise<RunningCa> {
  const dir = mkdtempSync(join(tmpdir(), 'ukey-ca-'));
  await initCa(dir, { keyKind: options.keyKind ?? 'ec' });
  const ca = await loadCa(dir);
  const repository = await openRepository(dir);
  const service = new CmpService({ ...options, ca, repository });
  const http = buildHttpServer({ service, ...(options.appOrigin ? { appOrigin: options.appOrigin } : {}) });
  const port = await freePort();
  await http.listen({ port, host: '127.0.0.1' });
  return {
    dir, ca, repository, service, http, port, url: `http://127.0.0.1:${port}`,
    async close() {
      await http.close();
      await repository.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** An OpenSSL-made P-256 key in `dir/name.key` (PKCS#8) with its public key `dir/name.pub`. */
export async function opensslKey(dir: string, name: string): Promise<{ keyPath: string; pubPath: string; signer: CmpSigner; spki: Uint8Array }> {
  const keyPath = join(dir, `${name}.key`);
  const pubPath = join(dir, `${name}.pub`);
  await run('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', keyPath]);
  await run('openssl', ['pkey', '-in', keyPath, '-pubout', '-out', pubPath]);
  const signer = softwareSigner(await importSigningKey(fromPem(readFileSync(keyPath, 'utf8'))));
  return { keyPath, pubPath, signer, spki: fromPem(readFileSync(pubPath, 'utf8')) };
}

/** A software key standing in for a key the token generated. */
export async function softwareKey(): Promise<{ signer: CmpSigner; spki: Uint8Array }> {
  const pair = await generateKeyPair('ec');
  return { signer: softwareSigner(pair.privateKey), spki: await spkiOf(pair.publicKey) };
}

/** Issues a certificate through the operator path and writes it as `dir/name.pem`. */
export async function issue(
  running: RunningCa,
  spki: Uint8Array,
  options: { subject?: string; profile?: string; notBefore?: Date; notAfter?: Date; name?: string; subjectAltName?: { rfc822Name?: string; dNSName?: string } } = {},
): Promise<{ der: Uint8Array; pemPath: string; serial: string }> {
  const record = await issueEndEntity(running.ca, {
    subject: nameFromDnString(options.subject ?? 'CN=张三,O=单位'),
    publicKey: spki,
    policy: policyFor(options.profile ?? 'default'),
    now: new Date(),
    ...(options.notBefore ? { notBefore: options.notBefore } : {}),
    ...(options.notAfter ? { notAfter: options.notAfter } : {}),
    transactionId: null,
    ...(options.subjectAltName
      ? { subjectAltName: new Uint8Array(AsnConvert.serialize(new SubjectAlternativeName([new GeneralName(options.subjectAltName)]))) }
      : {}),
  });
  await running.repository.insertCertificate(record);
  const pemPath = join(running.dir, `${options.name ?? `ee-${record.serial}`}.pem`);
  writeFileSync(pemPath, toPem('CERTIFICATE', record.der));
  return { der: record.der, pemPath, serial: record.serial };
}

export async function postCmp(url: string, der: Uint8Array): Promise<{ status: number; body: Uint8Array }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/pkixcmp' }, body: der.slice() });
  return { status: response.status, body: new Uint8Array(await response.arrayBuffer()) };
}

export const DAY_MS = 24 * 3600 * 1000;

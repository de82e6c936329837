/**
 * `npm run ca -- <command>`: the reference RA/CA (issue 10 §5).
 *   init --dir DIR [--key ec|rsa]
 *   issue --dir DIR --pubkey PUB.pem --subject 'CN=张三,O=单位' [--profile NAME] [--not-before T] [--not-after T] --out CERT.pem
 *   serve --dir DIR [--port P] [--host H] [--app-origin URL] [--postgres URL] [--demo] [--profile NAME]
 *   enroll --dir DIR --subject 'CN=张三,O=单位' [--ttl SECONDS] [--key-serial SN]   prints a one-time reference + secret (PBM) for ir/cr/p10cr
 *   unlock-requests --dir DIR                      lists filed unlock requests
 *   approve-unlock --dir DIR --request ID [--ttl SECONDS] [--attempts N]   prints the one-time 解锁授权码
 */
import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadCa, initCa, fromPem, toPem, type CaMaterial } from './ca-material';
import { CmpService } from './cmp-service';
import { loadDemoCa } from './demo-material';
import { nameFromDnString } from './dn-string';
import { buildHttpServer } from './http-server';
import { issueEndEntity } from './issuance';
import { openRepository } from './open-repository';
import { policyFor } from './policy';
import { approveUnlock } from './unlock/approve';
import { caDemoBanner, refuseCaDemoInProduction } from './demo-guard';
import { registerEnrollment } from './enrollment/enroll';

const out = (line: string): void => void process.stdout.write(`${line}\n`);

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    dir: { type: 'string' },
    key: { type: 'string', default: 'ec' },
    pubkey: { type: 'string' },
    subject: { type: 'string' },
    profile: { type: 'string' },
    'not-before': { type: 'string' },
    'not-after': { type: 'string' },
    out: { type: 'string' },
    port: { type: 'string', default: '8829' },
    host: { type: 'string', default: '127.0.0.1' },
    'app-origin': { type: 'string' },
    postgres: { type: 'string' },
    demo: { type: 'boolean', default: false },
    request: { type: 'string' },
    ttl: { type: 'string' },
    'key-serial': { type: 'string' },
    attempts: { type: 'string' },
  },
});

function need(name: string, value: string | undefined): string {
  if (!value) throw new Error(`--${name} is required`);
  return value;
}

function date(name: string, value: string | undefined): Date | undefined {
  if (!value) return undefined;
  const parsed = new Date(value);
  if (Number.isNaN(parsed.getTime())) throw new Error(`--${name} is not a date/time: ${value}`);
  return parsed;
}

async function material(dir: string): Promise<CaMaterial> {
  return values.demo ? loadDemoCa(dir) : loadCa(dir);
}

async function main(): Promise<void> {
  const command = positionals[0];
  const dir = need('dir', values.dir);
  if (command === 'init') {
    if (values.key !== 'ec' && values.key !== 'rsa') throw new Error('--key is ec or rsa');
    await initCa(dir, { keyKind: values.key });
    out(`CA created in ${dir}: ca.pem, cmp-signer.pem (pin this one in the app), escrow.key`);
    return;
  }
  // Issue 14 §3: the demo CA's key is public; never in production, and said loudly on every start.
  if (values.demo) refuseCaDemoInProduction(process.env.NODE_ENV);
  const ca = await material(dir); // first: --demo makes DIR on first use
  const repository = await openRepository(dir, values.postgres);
  if (values.demo) process.stderr.write(caDemoBanner());
  if (command === 'issue') {
    const policy = policyFor(values.profile ?? 'default');
    const record = await issueEndEntity(ca, {
      subject: nameFromDnString(need('subject', values.subject)),
      publicKey: fromPem(readFileSync(need('pubkey', values.pubkey), 'utf8')),
      policy,
      now: new Date(),
      notBefore: date('not-before', values['not-before']),
      notAfter: date('not-after', values['not-after']),
      transactionId: null,
    });
    await repository.insertCertificate(record);
    writeFileSync(need('out', values.out), toPem('CERTIFICATE', record.der));
    out(`issued serial ${record.serial} to ${record.subject} (profile ${policy.name})`);
  } else if (command === 'serve') {
    const service = new CmpService({ ca, repository, ...(values.profile ? { defaultProfile: values.profile } : {}) });
    const app = buildHttpServer({
      service,
      ...(values['app-origin'] ? { appOrigin: values['app-origin'] } : {}),
      onError: (error) => process.stderr.write(`ca: ${error instanceof Error ? error.stack : String(error)}\n`),
    });
    const address = await app.listen({ port: Number(values.port), host: values.host });
    const stopSweep = service.startConfirmationSweep(60_000, (error) => process.stderr.write(`ca: confirmation sweep: ${String(error)}\n`));
    out(`CMP at ${address}/.well-known/cmp and ${address}/pkix/${values.demo ? ' (demo CA)' : ''}`);
    const stop = (): void => void (stopSweep(), app.close().then(() => repository.close()));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    return;
  } else if (command === 'enroll') {
    const enrollment = await registerEnrollment(ca, repository, nameFromDnString(need('subject', values.subject)), {
      ...(values.ttl ? { ttlSeconds: Number(values.ttl) } : {}),
      ...(values['key-serial'] ? { keySerial: values['key-serial'] } : {}),
    });
    out(`登记 / enrollment for ${enrollment.subjectText}${values['key-serial'] ? ` (UKEY ${values['key-serial']})` : ''}`);
    out(`reference: ${enrollment.reference}`);
    out(`secret: ${enrollment.secret}`);
    out(`有效至 / valid until ${enrollment.expiresAt.toISOString()}，仅可使用一次 / single use (ir, cr or p10cr protected with this secret, RFC 9810 §5.1.3.1)`);
  } else if (command === 'unlock-requests') {
    for (const r of await repository.listUnlockRequests()) {
      out(`${r.requestId}\t${r.state}\t${new Date(r.createdAt).toISOString()}\t${r.keySerial}\t${r.name}\t${r.phone}`);
    }
  } else if (command === 'approve-unlock') {
    const approval = await approveUnlock(ca, repository, need('request', values.request), {
      ...(values.ttl ? { ttlSeconds: Number(values.ttl) } : {}),
      ...(values.attempts ? { attempts: Number(values.attempts) } : {}),
    });
    if (!approval) throw new Error('no such unlock request, or it is already used');
    out(`请求 ${approval.request.requestId}：${approval.request.name} ${approval.request.phone}，UKEY ${approval.request.keySerial}`);
    out(`解锁授权码 / unlock code: ${approval.code}`);
    out(`有效至 / valid until ${approval.expiresAt.toISOString()}，可尝试 ${approval.attempts} 次 / ${approval.attempts} attempts`);
  } else {
    throw new Error(`unknown command ${command ?? '(none)'}; use init, issue, serve, enroll, unlock-requests, approve-unlock`);
  }
  await repository.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`ca: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

/**
 * `npm run portal -- [--trust DIR] [--demo] [--crl FILE]… [--app-url URL] [--origin ORIGIN] [--redis URL]
 * [--audit-log FILE] [--trust-proxy ADDRESS|CIDR]…` (issue 9 §5, issue 14 §4). PORT (default 4180) and HOST
 * (default 127.0.0.1) come from the environment.
 */
import 'reflect-metadata';
import { createClient } from 'redis';
import { demoCaCertificateDer } from '../../virtual/demo-ca';
import { MemoryTrustStore } from '../../shared/pki';
import { MemoryChallengeStore, type ChallengeStore } from '../verifier/challenge-store';
import { RedisChallengeStore } from '../verifier/redis-challenge-store';
import { loadTrustDirectory, readCrlFile } from '../verifier/trust-files';
import { FileAuditLog } from './audit-log';
import { portalDemoBanner, refusePortalDemoInProduction } from './demo-guard';
import { buildPortal } from './server';

const USAGE = 'usage: npm run portal -- [--trust DIR] [--demo] [--crl FILE] [--app-url URL] [--origin ORIGIN] [--redis URL] [--audit-log FILE] ' +
  '[--trust-proxy ADDRESS|CIDR]';

interface Args {
  trustDirs: string[];
  crlFiles: string[];
  demo: boolean;
  appUrl: string;
  origin?: string;
  redisUrl?: string;
  auditLog: string;
  trustProxy: string[];
}

function parseArgs(argv: string[]): Args {
  const args: Args = { trustDirs: [], crlFiles: [], demo: false, appUrl: 'http://127.0.0.1:4173/sign', auditLog: 'portal-audit.log',
    trustProxy: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = (): string => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value\n${USAGE}`);
      return next;
    };
    if (arg === '--trust') args.trustDirs.push(value());
    else if (arg === '--crl') args.crlFiles.push(value());
    else if (arg === '--demo') args.demo = true;
    else if (arg === '--app-url') args.appUrl = value();
    else if (arg === '--origin') args.origin = value();
    else if (arg === '--redis') args.redisUrl = value();
    else if (arg === '--audit-log') args.auditLog = value();
    else if (arg === '--trust-proxy') args.trustProxy.push(...value().split(','));
    else throw new Error(`unknown argument ${arg}\n${USAGE}`);
  }
  return args;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const port = Number(process.env.PORT ?? 4180);
  const host = process.env.HOST ?? '127.0.0.1';
  const origin = args.origin ?? `http://127.0.0.1:${port}`;
  if (args.demo) {
    refusePortalDemoInProduction(process.env.NODE_ENV);
    process.stdout.write(portalDemoBanner());
  }
  const trust = new MemoryTrustStore();
  for (const dir of args.trustDirs) loadTrustDirectory(dir, trust);
  if (args.demo) trust.addAnchor(demoCaCertificateDer()); // DEMO ONLY: the demo token's CA
  if ((await trust.certificates()).length === 0) throw new Error(`no trust anchors: pass --trust DIR or --demo\n${USAGE}`);
  let store: ChallengeStore = new MemoryChallengeStore();
  if (args.redisUrl) store = new RedisChallengeStore(await createClient({ url: args.redisUrl }).connect());
  const crls = args.crlFiles.map(readCrlFile);
  const app = await buildPortal({
    origin,
    appUrl: args.appUrl,
    trust,
    store,
    audit: new FileAuditLog(args.auditLog),
    ...(args.trustProxy.length > 0 ? { trustProxy: args.trustProxy } : {}),
    ...(crls.length > 0 ? { crls } : {}),
  });
  await app.listen({ port, host });
  process.stdout.write(`示例门户 / reference portal: ${origin}/ (listening on ${host}:${port}; app ${args.appUrl})\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`portal: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});

/**
 * `ukey inspect FILE [--trust DIR] [--crl FILE] [--at TIME] [--server-date TIME] [--threshold-days N]`
 * (issue 3 §5, issue 7 §1). Prints {"certificates":[…]} as JSON; unreadable input or bad options: exit 2 with a
 * one-line reason. In --trust DIR, self-issued certificates are trust anchors and the others intermediates.
 *
 * Clock: --at is the PC's clock under examination (default: this machine's), --server-date a trusted reference
 * (ISO 8601 or an HTTP Date, as a server's Date header gives). clockSuspect follows pki's one rule. Without
 * --server-date the CLI has no evidence against --at, so it never names the clock: this tool's build time is
 * not evidence (it runs from source, and --at is set before it on purpose to ask "what did this say in 2019?"),
 * and a certificate's notBefore counts only once a trusted time has passed it (pki/clock-evidence.ts).
 * The CLI never downloads CRLs: revocation comes from --crl files only.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { inspectWithCaProfiles } from '../shared/ca-profiles';
import { UKeyError } from '../shared/errors';
import {
  parseCertificateFile,
  MemoryCrlCache,
  crlDerFromFile,
  parseCertificate,
  MemoryTrustStore,
} from '../shared/pki';

class UsageError extends Error {}

const USAGE = 'usage: ukey inspect FILE [--trust DIR] [--crl FILE] [--at ISO-8601-TIME] [--server-date TIME] [--threshold-days N]';

interface Options {
  file: string;
  trustDir?: string;
  crlFiles: string[];
  at: Date;
  serverDate?: Date;
  thresholdDays?: number;
}

/** ISO 8601 or an IMF-fixdate (RFC 9110 §5.6.7), both of which Date.parse reads. */
function parseTime(option: string, text: string, what: string): Date {
  const at = new Date(text);
  if (Number.isNaN(at.getTime())) throw new UsageError(`${option}: not ${what}: ${text}`);
  return at;
}

function parseArgs(args: string[]): Options {
  const crlFiles: string[] = [];
  let file: string | undefined;
  let trustDir: string | undefined;
  let at = new Date();
  let serverDate: Date | undefined;
  let thresholdDays: number | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const value = (): string => {
      const next = args[++i];
      if (next === undefined) throw new UsageError(`${arg} needs a value`);
      return next;
    };
    if (arg === '--trust') trustDir = value();
    else if (arg === '--crl') crlFiles.push(value());
    else if (arg === '--at') at = parseTime(arg, value(), 'an ISO-8601 time');
    else if (arg === '--server-date') serverDate = parseTime(arg, value(), 'an ISO-8601 or HTTP date');
    else if (arg === '--threshold-days') {
      const text = value();
      thresholdDays = Number(text);
      if (!/^\d+$/.test(text)) throw new UsageError(`--threshold-days: not a whole number of days: ${text}`);
    } else if (arg.startsWith('--')) throw new UsageError(`unknown option ${arg}`);
    else if (file === undefined) file = arg;
    else throw new UsageError(`unexpected argument ${arg}`);
  }
  if (!file) throw new UsageError(USAGE);
  return {
    file,
    crlFiles,
    at,
    ...(trustDir ? { trustDir } : {}),
    ...(serverDate ? { serverDate } : {}),
    ...(thresholdDays === undefined ? {} : { thresholdDays }),
  };
}

function readBytes(path: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(path));
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
}

function loadTrustDir(dir: string, store: MemoryTrustStore): void {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch (error) {
    throw new UsageError(`cannot read trust directory ${dir}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  for (const name of names) {
    const path = join(dir, name);
    if (!statSync(path).isFile()) continue;
    let certs: Uint8Array[];
    try {
      certs = parseCertificateFile(readBytes(path));
    } catch {
      continue; // keys, CRLs and notes may sit beside the CA certificates
    }
    for (const der of certs) {
      const cert = parseCertificate(der);
      store.add({ der, anchor: cert.subject.key === cert.issuer.key });
    }
  }
}

async function inspect(options: Options): Promise<string> {
  const certificates = parseCertificateFile(readBytes(options.file));
  const trustStore = new MemoryTrustStore();
  if (options.trustDir) loadTrustDir(options.trustDir, trustStore);
  const crlCache = new MemoryCrlCache();
  for (const crlFile of options.crlFiles) await crlCache.add(crlDerFromFile(readBytes(crlFile)));
  const reports = [];
  for (const der of certificates) {
    reports.push(
      await inspectWithCaProfiles(der, {
        now: options.at,
        trustStore,
        crlCache,
        extraCertificates: certificates,
        ...(options.serverDate ? { clock: { serverDate: options.serverDate } } : {}),
        ...(options.thresholdDays === undefined ? {} : { thresholdDays: options.thresholdDays }),
      }),
    );
  }
  return `${JSON.stringify({ certificates: reports }, null, 2)}\n`;
}

export async function run(args: string[]): Promise<number> {
  try {
    process.stdout.write(await inspect(parseArgs(args)));
    return 0;
  } catch (error) {
    if (error instanceof UsageError || error instanceof UKeyError) {
      const reason = error.message.replace(/\s+/g, ' ');
      process.stderr.write(`ukey inspect: ${error instanceof UKeyError ? `${error.name}: ` : ''}${reason}\n`);
      return 2;
    }
    throw error;
  }
}

/**
 * `ukey verify-login RESPONSE.json --challenge B64URL --origin ORIGIN --trust DIR [--crl FILE]… [--at TIME]`
 * (issue 9 §4): checks a login envelope as a portal would, for operators and tests. Exit 0 with the identity as
 * JSON, exit 1 with {"error":"<CODE>"} when the login is refused, exit 2 on bad usage or unreadable files.
 * The challenge given is treated as issued to this one run, so the same checks as a portal apply.
 */
import { readFileSync } from 'node:fs';
import type { MemoryTrustStore } from '../shared/pki';
import {
  MemoryChallengeStore,
  LoginVerificationError,
  loadTrustDirectory,
  readCrlFile,
  verifyLogin,
} from '../servers/verifier';

const USAGE = 'usage: ukey verify-login RESPONSE.json --challenge B64URL --origin ORIGIN --trust DIR [--crl FILE] [--at ISO-8601-TIME]';
const SESSION = 'cli';

class UsageError extends Error {}

interface Options {
  readonly file: string;
  readonly challenge: string;
  readonly origins: string[];
  readonly trustDir: string;
  readonly crlFiles: string[];
  readonly at: Date;
}

function parseArgs(args: string[]): Options {
  let file: string | undefined;
  let challenge: string | undefined;
  let trustDir: string | undefined;
  let at = new Date();
  const origins: string[] = [];
  const crlFiles: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const value = (): string => {
      const next = args[++i];
      if (next === undefined) throw new UsageError(`${arg} needs a value`);
      return next;
    };
    if (arg === '--challenge') challenge = value();
    else if (arg === '--origin') origins.push(value());
    else if (arg === '--trust') trustDir = value();
    else if (arg === '--crl') crlFiles.push(value());
    else if (arg === '--at') {
      const text = value();
      at = new Date(text);
      if (Number.isNaN(at.getTime())) throw new UsageError(`--at: not an ISO-8601 time: ${text}`);
    } else if (arg.startsWith('--')) throw new UsageError(`unknown option ${arg}`);
    else if (file === undefined) file = arg;
    else throw new UsageError(`unexpected argument ${arg}`);
  }
  if (!file || !challenge || origins.length === 0 || !trustDir) throw new UsageError(USAGE);
  return { file, challenge, origins, trustDir, crlFiles, at };
}

function read(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
}

export async function run(args: string[]): Promise<number> {
  let options: Options;
  let response: string;
  let trust: MemoryTrustStore;
  let crls: Uint8Array[];
  try {
    options = parseArgs(args);
    response = read(options.file).toString('utf8');
    trust = loadTrustDirectory(options.trustDir);
    crls = options.crlFiles.map(readCrlFile);
  } catch (error) {
    if (!(error instanceof Error)) throw error;
    process.stderr.write(`ukey verify-login: ${error.message}\n`);
    return 2;
  }
  const store = new MemoryChallengeStore();
  await store.save(options.challenge, { sessionId: SESSION, expiresAt: options.at.getTime() + 60_000 }, 60_000);
  try {
    const identity = await verifyLogin({
      response,
      store,
      sessionId: SESSION,
      expectedOrigins: options.origins,
      trust,
      now: options.at,
      ...(crls.length > 0 ? { crls } : {}),
    });
    process.stdout.write(`${JSON.stringify(identity, null, 2)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof LoginVerificationError) {
      process.stdout.write(`${JSON.stringify({ error: error.code })}\n`);
      return 1;
    }
    if (error instanceof Error && error.name === 'VerifierConfigError') {
      process.stderr.write(`ukey verify-login: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

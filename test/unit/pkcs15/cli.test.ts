/**
 * `ukey virtual-token --vpcd --card pkcs15` serves the PKCS#15 test card over the vpcd protocol (what pcscd's
 * vsmartcard driver speaks), and its --trace keeps PIN data out under the PKCS#15 profile's redaction policy.
 * A fake vpcd reader side stands in for pcscd; the interop tier does the same against the real one.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../../../src/cli/virtual-token-command';
import { VpcdFrameReader, vpcdFrame } from '../../../src/virtual/virtual-token/vpcd-bridge';

const REPO = join(__dirname, '../../..');
let child: ChildProcess | null = null;
let server: Server | null = null;

afterEach(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child!.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  child = null;
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
  server = null;
});

/** The reader side: one connection, request/response over 2-byte-length frames. */
async function readerSide(): Promise<{ port: number; connected: Promise<(payload: Uint8Array) => Promise<Uint8Array>> }> {
  let accept: (socket: Socket) => void = () => undefined;
  const socketReady = new Promise<Socket>((r) => (accept = r));
  server = createServer((socket) => accept(socket));
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const connected = socketReady.then((socket) => {
    const reader = new VpcdFrameReader();
    const frames: Uint8Array[] = [];
    let wake: () => void = () => undefined;
    socket.on('data', (chunk: Buffer) => {
      frames.push(...reader.push(new Uint8Array(chunk)));
      wake();
    });
    return async (payload: Uint8Array): Promise<Uint8Array> => {
      socket.write(vpcdFrame(payload));
      while (frames.length === 0) await new Promise<void>((r) => (wake = r));
      return frames.shift()!;
    };
  });
  return { port, connected };
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const bytes = (h: string): Uint8Array => Uint8Array.from(Buffer.from(h.replace(/ /g, ''), 'hex'));

describe('ukey virtual-token --card pkcs15', () => {
  it('serves the PKCS#15 card on vpcd; the trace shows the SELECT but never the PIN', async () => {
    const { port, connected } = await readerSide();
    let stderr = '';
    child = spawn(process.execPath, ['--import', 'tsx', join(REPO, 'src/cli/main.ts'), 'virtual-token', '--vpcd', '--card', 'pkcs15', '--port', String(port), '--trace'], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const exchange = await connected;
    const atr = await exchange(Uint8Array.of(0x04)); // GET ATR
    expect(new TextDecoder().decode(atr.subarray(4, 12))).toBe('UKEY-P15');
    expect(hex(await exchange(bytes('00 a4 04 0c 0c a000000063504b43532d3135')))).toBe('9000');
    expect(hex(await exchange(bytes('00 20 00 81')))).toBe('63c3');
    expect(hex(await exchange(bytes('00 20 00 81 08 313233343536ffff')))).toBe('9000');
    await exchange(bytes('00 a4 04 0c 05 a000000308')); // one more round trip so the trace of the VERIFY is written
    expect(stderr).toContain('> 00a4040c0ca000000063504b43532d3135');
    expect(stderr).toContain('> 0020008108');
    expect(stderr).not.toContain('313233343536');
  });

  it('refuses --state and --demo with the PKCS#15 card, and an unknown card name', async () => {
    const written: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string | Uint8Array) => (written.push(String(chunk)), true)) as typeof process.stderr.write;
    try {
      expect(await run(['--vpcd', '--card', 'pkcs15', '--state', '/tmp/x.json'])).toBe(2);
      expect(await run(['--vpcd', '--card', 'pkcs15', '--demo'])).toBe(2);
      expect(await run(['--vpcd', '--card', 'gmt0016'])).toBe(2);
    } finally {
      process.stderr.write = write;
    }
    expect(written.join('')).toMatch(/--state and --demo are for the PIV card[\s\S]*--card needs piv or pkcs15/);
  });
});

/**
 * Issue 17 §3, the outside judge of the second card profile: OpenSC's pkcs15-tool reads the PKCS#15 emulator
 * through pcscd + vsmartcard-vpcd, and the app's PKCS#15 profile reads the same card over the virtual USB CCID
 * stack, chosen from the worker's CARD_PROFILES by SELECT. They must agree on the token, the certificates (with
 * key references and roles), the PIN reference, and each other's PIN tries and PIN changes. OpenSC checks the
 * emulator; the emulator checks the profile.
 *
 * The card sits on vpcd's second slot (port 35964, reader "Virtual PCD 00 01"), apart from the PIV interop
 * card on 35963. OpenSC needs its generic ISO 7816 driver for a card no vendor driver claims
 * (`enable_default_driver`, opensc.conf(5)); file caching is off so each run reads this run's certificates.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TokenSession } from '../../src/cards/seam/token-session';
import { openTokenSession } from '../../src/cards/seam/open-session';
import { CcidTransport } from '../../src/usb-driver/ccid-transport';
import { provisionPkcs15Card, type Pkcs15Card } from '../../src/virtual/pkcs15-card';
import { VirtualUsb } from '../../src/virtual/virtual-token/virtual-usb-bus';
import { VirtualUsbDevice } from '../../src/virtual/virtual-token/virtual-usb-device';
import { VpcdBridge } from '../../src/virtual/virtual-token/vpcd-bridge';
import { CARD_PROFILES } from '../../src/worker/device-service';
import { ensurePcscd, ensureSystemDeps, type RunResult } from './support/virtual-card-env';

const VPCD_PORT = 35964;
const READER = 'Virtual PCD 00 01';
const VERIFY = 0x20;

let card: Pkcs15Card;
let bridge: VpcdBridge;
let session: TokenSession;
let sent: Uint8Array[] = [];
let conf: string;

function tool(file: string, args: string[]): Promise<RunResult> {
  return new Promise((done) => {
    execFile(file, args, { timeout: 60_000, encoding: 'utf8', env: { ...process.env, OPENSC_CONF: conf } }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

const pkcs15Tool = (...args: string[]): Promise<RunResult> => tool('pkcs15-tool', ['--reader', READER, ...args]);

async function cardInReader(): Promise<boolean> {
  const { stdout } = await tool('opensc-tool', ['-l']);
  return stdout.split('\n').some((line) => line.includes(READER) && /^\s*\d+\s+Yes\b/.test(line));
}

beforeAll(async () => {
  ensureSystemDeps();
  await ensurePcscd();
  const dir = mkdtempSync(join(tmpdir(), 'ukey-pkcs15-'));
  conf = join(dir, 'opensc.conf');
  writeFileSync(conf, 'app default {\n  enable_default_driver = true;\n  framework pkcs15 {\n    use_file_caching = no;\n  }\n}\n');
  ({ card } = await provisionPkcs15Card());
  bridge = new VpcdBridge(card, { port: VPCD_PORT, retryMs: 250 });
  bridge.start();
  const end = Date.now() + 30_000;
  while (!(await cardInReader())) {
    if (Date.now() > end) throw new Error(`no card in "${READER}"`);
    await new Promise((r) => setTimeout(r, 250));
  }
  // The app's side: the same card behind the virtual USB CCID reader, the worker's profile registry deciding.
  const device = new VirtualUsbDevice(card);
  const usb = new VirtualUsb();
  usb.plug(device);
  const transport = await CcidTransport.open(device, { usb });
  const exchange = transport.exchange.bind(transport);
  transport.exchange = (command: Uint8Array) => {
    sent.push(command.slice());
    return exchange(command);
  };
  session = await openTokenSession(transport, CARD_PROFILES);
});

afterAll(async () => {
  await session?.close();
  await bridge?.stop();
});

interface Dumped {
  readonly kind: string;
  readonly label: string;
  readonly fields: ReadonlyMap<string, string>;
}

/** `pkcs15-tool -D` prints one block per object: "Kind [label]" then "\tField : value" lines. */
function objectsOf(dump: string): Dumped[] {
  return dump.split(/\n\s*\n/).flatMap((block) => {
    const [head, ...lines] = block.trim().split('\n');
    const match = head?.match(/^(.+?) \[(.*)\]:?$/);
    if (!match) return [];
    const fields = new Map(lines.map((line) => line.trim().split(/\s*:\s(.*)/s).slice(0, 2) as [string, string]));
    return [{ kind: match[1]!, label: match[2]!, fields }];
  });
}

/** The role rule of the profile, applied to OpenSC's reading of the PrKDF usage (ISO 7816-15 §8.4.1). */
function roleFromOpenScUsage(usage: string): string {
  if (/nonRepudiation/.test(usage)) return 'signature';
  if (/\bsign\b|signRecover/.test(usage)) return 'authentication';
  return 'encryption';
}

/** Key references, roles and IDs of the certificates OpenSC sees with a private key of the same ID. */
async function openScKeyCertificates(): Promise<Array<{ id: string; keyRef: number; role: string }>> {
  const dump = await pkcs15Tool('-D');
  expect(dump.code, dump.stderr).toBe(0);
  const objects = objectsOf(dump.stdout);
  const keys = objects.filter((o) => /^Private .* Key$/.test(o.kind));
  return objects
    .filter((o) => o.kind === 'X.509 Certificate' && o.fields.get('Authority') === 'no')
    .flatMap((cert) => {
      const key = keys.find((k) => k.fields.get('ID') === cert.fields.get('ID'));
      if (!key) return [];
      return [{ id: cert.fields.get('ID')!, keyRef: Number(/^(\d+)/.exec(key.fields.get('Key ref') ?? '')?.[1]), role: roleFromOpenScUsage(key.fields.get('Usage') ?? '') }];
    });
}

function derOfPem(pem: string): string {
  const body = pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
  return Buffer.from(body, 'base64').toString('hex');
}

describe('OpenSC pkcs15-tool and the PKCS#15 profile read the same card', () => {
  it('the profile is the one the registry picks, and -D agrees on the serial number and the PIN reference', async () => {
    expect(session.profileId).toBe('pkcs15');
    const dump = await pkcs15Tool('-D');
    expect(dump.code, dump.stderr).toBe(0);
    expect(dump.stdout).toMatch(/PKCS#15 Card \[UKey PKCS#15 test card\]/);
    const serial = /Serial number\s*:\s*(\S+)/.exec(dump.stdout)?.[1];
    expect((await session.readFacts()).serialNumber).toBe(serial?.toLowerCase());
    const pin = objectsOf(dump.stdout).find((o) => o.kind === 'PIN')!;
    const reference = Number(/^(\d+)/.exec(pin.fields.get('Reference') ?? '')?.[1]);
    sent = [];
    await session.pinStatus();
    const query = sent.find((c) => c[1] === VERIFY)!;
    expect(query.length).toBe(4); // VERIFY without data: no try spent
    expect(query[3]).toBe(reference);
  });

  it('-D: the same certificates with private keys, the same key references, the same roles from the PrKDF usage', async () => {
    const expected = await openScKeyCertificates();
    expect(expected.length).toBe(2);
    const listed = await session.listCertificates();
    expect(listed.map((c) => ({ keyRef: c.keyRef, role: c.role }))).toEqual(expected.map(({ keyRef, role }) => ({ keyRef, role })));
  });

  it('--list-certificates / --read-certificate: every key certificate OpenSC reads has the DER the profile reads', async () => {
    const list = await pkcs15Tool('--list-certificates');
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout.match(/X\.509 Certificate \[/g)?.length).toBe(3); // the two key certificates and the CA's
    const listed = await session.listCertificates();
    for (const { id, keyRef } of await openScKeyCertificates()) {
      const read = await pkcs15Tool('--read-certificate', id);
      expect(read.code, read.stderr).toBe(0);
      const ours = listed.find((c) => c.keyRef === keyRef)!;
      expect(derOfPem(read.stdout)).toBe(Buffer.from(ours.der!).toString('hex'));
    }
  });

  it('PIN: tries OpenSC spends are read by the profile without spending; a PIN changed on either side verifies on the other', async () => {
    expect((await session.pinStatus()).pin.attemptsRemaining).toBe(3);
    expect((await pkcs15Tool('--verify-pin', '--auth-id', '01', '--pin', '0000')).code).not.toBe(0);
    sent = [];
    expect((await session.pinStatus()).pin).toMatchObject({ attemptsRemaining: 2, blocked: false });
    expect(sent.filter((c) => c[1] === VERIFY && c.length > 5)).toEqual([]);

    await session.changePin('123456', '24680');
    const verified = await pkcs15Tool('--verify-pin', '--auth-id', '01', '--pin', '24680');
    expect(verified.code, verified.stderr + verified.stdout).toBe(0);
    expect((await pkcs15Tool('--verify-pin', '--auth-id', '01', '--pin', '123456')).code).not.toBe(0);
    expect((await session.pinStatus()).pin.attemptsRemaining).toBe(2);

    const changed = await pkcs15Tool('--change-pin', '--auth-id', '01', '--pin', '24680', '--new-pin', '123456');
    expect(changed.code, changed.stderr + changed.stdout).toBe(0);
    await session.verifyPin('123456');
    expect(card.pins.get(0x81)!.triesLeft).toBe(3);
  });
});

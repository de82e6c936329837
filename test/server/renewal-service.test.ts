/**
 * The worker's RenewalService behind comlink (the worker hop) with the demo token, against the reference CA
 * (`serve --demo` material: the fixed demo CA issues and signs CMP responses) on a free port over real HTTP.
 * Issue 10 §2: the demo 9A certificate is renewed and chains to the demo CA; the old key signs until the new
 * one is installed; 12309-style window rule refuses before any key is generated; delayed issuance is polled;
 * every key signature comes right after its VERIFY; no PIN or management key in the journal.
 */
import { expose, type Endpoint } from 'comlink';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildHttpServer } from '../../src/servers/ca-server/http-server';
import { CmpService } from '../../src/servers/ca-server/cmp-service';
import { postCmpMessage } from '../../src/shared/cmp/client/transfer';
import { loadDemoCa } from '../../src/servers/ca-server/demo-material';
import { openRepository } from '../../src/servers/ca-server/open-repository';
import { demoCaCertificateDer, demoCaCertificatePem } from '../../src/virtual/demo-ca';
import { DEMO_TOKEN_ID } from '../../src/sources/demo-source';
import { describeUsbDevice, usbSourceDevice } from '../../src/sources/webusb-ccid-source';
import { FACTORY_DEFAULTS } from '../../src/cards/piv/constants';
import { parseCertificate } from '../../src/shared/pki/parse-certificate';
import { MemoryRenewalJournalStore } from '../../src/flows/renewal/journal';
import { provisionDemoTokenWithCa } from '../../src/virtual/virtual-token/demo';
import { VirtualUsb } from '../../src/virtual/virtual-token/virtual-usb-bus';
import { VirtualUsbDevice } from '../../src/virtual/virtual-token/virtual-usb-device';
import { createDeviceService } from '../../src/worker/device-service';
import { wrapDriver, type RemoteDriver } from '../../src/worker/api-surface';
import { installErrorTransfer } from '../../src/worker/error-transfer';
import '../../src/flows/renewal/errors';
import { base64UrlToBytes } from '../../src/shared/signin/base64';
import { issueChallenge, MemoryChallengeStore, verifyLogin } from '../../src/servers/verifier';
import { CARD_KINDS, type CardKindId } from '../../src/virtual/virtual-token/card-kinds';
import type { PivCard } from '../../src/virtual/virtual-token/piv-card';
import { InProcessLocks, tokenAdminLock } from '../../src/worker/token-locks';
import { run } from '../unit/cmp/support/ca-fixture';

const dir = mkdtempSync(join(tmpdir(), 'ukey-renewal-server-'));
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
  rmSync(dir, { recursive: true, force: true });
});

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** The demo CA on a free port; `now` moves the CA's clock (delayed issuance). */
async function startDemoCa(now: () => Date, delaySeconds = 0): Promise<string> {
  const caDir = mkdtempSync(join(dir, 'ca-'));
  const repository = await openRepository(caDir);
  const service = new CmpService({
    ca: await loadDemoCa(caDir),
    repository,
    now,
    ...(delaySeconds ? { defaultProfile: 'review', policyOverrides: { review: { issuanceDelaySeconds: delaySeconds } } } : {}),
  });
  const http = buildHttpServer({ service });
  await http.listen({ port: 0, host: '127.0.0.1' });
  cleanups.push(async () => {
    await http.close();
    await repository.close();
  });
  const address = http.server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/.well-known/cmp`;
}

interface World {
  readonly remote: RemoteDriver;
  readonly apdus: Uint8Array[];
  readonly journal: MemoryRenewalJournalStore;
  /** Pulls the key out after this many more APDUs (null: never). */
  unplugAfter(n: number | null): void;
  replug(): void;
}

interface WorldOptions {
  /** The card kind (issue 15 §1); default the demo's YubiKey 5.7. */
  readonly kind?: CardKindId;
  /** The card itself (another window of the same browser reaches the same card). */
  readonly card?: PivCard;
  readonly journal?: MemoryRenewalJournalStore;
  readonly locks?: InProcessLocks;
  /** A paired real token (not the demo) whose certificates the demo CA happens to have issued. */
  readonly real?: boolean;
}

async function world(now: () => Date, provisionedAt = new Date(), options: WorldOptions = {}): Promise<World & { readonly tokenId: string }> {
  installErrorTransfer();
  const { card, caCertificate } = options.card ? { card: options.card, caCertificate: demoCaCertificateDer() } : await provisionDemoTokenWithCa(provisionedAt, options.kind);
  const apdus: Uint8Array[] = [];
  const transmit = card.transmit.bind(card);
  let unplugAt: number | null = null;
  const device = new VirtualUsbDevice(card, { serialNumber: 'DEMO-R' });
  const usb = new VirtualUsb();
  card.transmit = async (apdu: Uint8Array) => {
    apdus.push(apdu.slice());
    const answer = await transmit(apdu);
    if (unplugAt !== null && apdus.length >= unplugAt) {
      unplugAt = null;
      usb.unplug(device); // after the card acted: the answer is lost with the key
    }
    return answer;
  };
  usb.plug(device);
  const journal = options.journal ?? new MemoryRenewalJournalStore();
  const tokenId = options.real ? 'usb:real' : DEMO_TOKEN_ID;
  const paired = usbSourceDevice(usb, device, describeUsbDevice(device, tokenId, options.real ? 'webusb-ccid' : 'virtual', !options.real), [caCertificate]);
  const service = createDeviceService({
    sources: options.real ? [{ kind: 'webusb-ccid', list: async () => [paired] }] : [],
    loadDemo: async () => paired,
    now,
    renewalJournal: journal,
    ...(options.locks ? { renewalLocks: options.locks } : {}),
    // No service worker in Node: the test sends directly (the app's only transfer is the outbox).
    renewalSend: (url, der, transactionIdHex) => postCmpMessage(url, der, { transactionIdHex }),
  });
  const channel = new MessageChannel();
  expose(service, channel.port1 as unknown as Endpoint);
  cleanups.push(async () => (channel.port1.close(), channel.port2.close()));
  const remote = wrapDriver(channel.port2 as unknown as Endpoint);
  if (!options.real) await remote.tokens.startDemoToken();
  return {
    tokenId,
    remote,
    apdus,
    journal,
    unplugAfter: (n) => (unplugAt = n === null ? null : apdus.length + n),
    replug: () => usb.plug(device),
  };
}

/** Every signature by a token key (GENERAL AUTHENTICATE to a slot other than the management key 9B) follows VERIFY. */
function signaturesFollowVerify(apdus: readonly Uint8Array[]): number {
  let signatures = 0;
  apdus.forEach((apdu, i) => {
    if (apdu[1] === 0x87 && apdu[3] !== 0x9b && (apdu[0]! & 0x10) === 0) {
      signatures++;
      // A chained command's earlier parts (CLA 10) sit between; find the first part.
      let j = i - 1;
      while (j >= 0 && apdus[j]![1] === 0x87 && (apdus[j]![0]! & 0x10) !== 0) j--;
      expect(apdus[j]?.[1]).toBe(0x20);
    }
  });
  return signatures;
}

async function signsFor(remote: RemoteDriver, keyRef: number, certificate: Uint8Array, name: string): Promise<boolean> {
  const data = new TextEncoder().encode(`签名 ${name}`);
  const signature = await remote.pin.sign(DEMO_TOKEN_ID, { keyRef, data, pin: FACTORY_DEFAULTS.PIN });
  writeFileSync(join(dir, `${name}.der`), certificate);
  writeFileSync(join(dir, `${name}.bin`), data);
  writeFileSync(join(dir, `${name}.sig`), signature);
  await run('openssl', ['x509', '-inform', 'DER', '-in', join(dir, `${name}.der`), '-pubkey', '-noout', '-out', join(dir, `${name}.pub`)]);
  return (await run('openssl', ['dgst', '-sha256', '-verify', join(dir, `${name}.pub`), '-signature', join(dir, `${name}.sig`), join(dir, `${name}.bin`)])).output.includes('Verified OK');
}

describe('RenewalService against the reference CA (demo)', () => {
  it('renews the demo 9A certificate: chains to the demo CA, installed in 9A, VERIFY right before each signature', async () => {
    const url = await startDemoCa(() => new Date());
    const w = await world(() => new Date());
    const before = (await w.remote.tokens.readCertificates(DEMO_TOKEN_ID)).find((c) => c.keyRef === 0x9a)!;
    const window = await w.remote.renewal.renewalWindow(DEMO_TOKEN_ID, 0x9a);
    expect(window.caConfigured).toBe(true);
    expect(window.window?.kind).toBe('early');
    w.apdus.length = 0;
    const status = await w.remote.renewal.startRenewal({ tokenId: DEMO_TOKEN_ID, keyRef: 0x9a, caUrl: url, pin: FACTORY_DEFAULTS.PIN });
    expect(status.step).toBe('done');
    expect(status.stepNumber).toBe(status.stepCount);
    expect(status.activeKeyRef).toBeNull();
    // kur: POPO (new key) + protection (old key); test signature; certConf → four signatures, each after VERIFY.
    expect(signaturesFollowVerify(w.apdus)).toBe(4);
    const after = (await w.remote.tokens.readCertificates(DEMO_TOKEN_ID)).find((c) => c.keyRef === 0x9a)!;
    expect(after.der).toEqual(status.newCertificate);
    expect(parseCertificate(after.der).serialNumber).not.toBe(parseCertificate(before.der).serialNumber);
    expect(parseCertificate(after.der).subject.text).toBe(parseCertificate(before.der).subject.text);
    writeFileSync(join(dir, 'demo-ca.pem'), demoCaCertificatePem());
    writeFileSync(join(dir, 'new.der'), after.der);
    await run('openssl', ['x509', '-inform', 'DER', '-in', join(dir, 'new.der'), '-out', join(dir, 'new.pem')]);
    expect((await run('openssl', ['verify', '-CAfile', join(dir, 'demo-ca.pem'), join(dir, 'new.pem')])).output).toContain('new.pem: OK');
    expect(await signsFor(w.remote, 0x9a, after.der, 'renewed')).toBe(true);
    // The retired slot that held the new key is empty again; no PIN or management key in the journal.
    expect((await w.remote.tokens.readCertificates(DEMO_TOKEN_ID)).some((c) => c.keyRef === status.newKeyRef)).toBe(false);
    const stored = JSON.stringify(await w.journal.listByToken(DEMO_TOKEN_ID), (_k, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v));
    expect(stored).not.toContain(FACTORY_DEFAULTS.MANAGEMENT_KEY_HEX);
    expect(stored).not.toContain(Buffer.from(FACTORY_DEFAULTS.PIN).toString('hex'));
    expect(stored).not.toContain(FACTORY_DEFAULTS.PIN);
  });

  it('the key pulled out after every APDU of a renewal: the run stops, nothing is lost; plugged back in, Continue finishes it', { timeout: 600_000 }, async () => {
    const url = await startDemoCa(() => new Date());
    const w = await world(() => new Date());
    const start = w.apdus.length;
    const first = await w.remote.renewal.startRenewal({ tokenId: DEMO_TOKEN_ID, keyRef: 0x9a, caUrl: url, pin: FACTORY_DEFAULTS.PIN });
    expect(first.step).toBe('done');
    const total = w.apdus.length - start;
    expect(total).toBeGreaterThan(20);
    for (let k = 1; k <= total; k++) {
      const old = (await w.remote.tokens.readCertificates(DEMO_TOKEN_ID)).find((c) => c.keyRef === 0x9a)!;
      const before = (await w.remote.renewal.listRenewals(DEMO_TOKEN_ID)).length;
      w.unplugAfter(k);
      const error = await w.remote.renewal.startRenewal({ tokenId: DEMO_TOKEN_ID, keyRef: 0x9a, caUrl: url, pin: FACTORY_DEFAULTS.PIN }).catch((e: unknown) => e);
      w.unplugAfter(null);
      w.replug();
      const renewals = await w.remote.renewal.listRenewals(DEMO_TOKEN_ID);
      const latest = renewals.at(-1)!;
      // Pulled out before the plan was saved: nothing started, start again; otherwise Continue.
      const done = !(error instanceof Error)
        ? latest
        : renewals.length === before
          ? await w.remote.renewal.startRenewal({ tokenId: DEMO_TOKEN_ID, keyRef: 0x9a, caUrl: url, pin: FACTORY_DEFAULTS.PIN })
          : await w.remote.renewal.resumeRenewal({ id: latest.id, pin: FACTORY_DEFAULTS.PIN });
      expect(done.step).toBe('done');
      const after = (await w.remote.tokens.readCertificates(DEMO_TOKEN_ID)).find((c) => c.keyRef === 0x9a)!;
      expect(after.der).toEqual(done.newCertificate);
      expect(after.der).not.toEqual(old.der);
    }
    const last = (await w.remote.tokens.readCertificates(DEMO_TOKEN_ID)).find((c) => c.keyRef === 0x9a)!;
    expect(await signsFor(w.remote, 0x9a, last.der, 'replugged')).toBe(true);
    expect((await w.remote.renewal.listRenewals(DEMO_TOKEN_ID)).every((r) => r.step === 'done')).toBe(true);
  });

  it('refuses a certificate expired more than 30 days (demo/12309 rule) with the reason, before any key is generated', async () => {
    const url = await startDemoCa(() => new Date());
    // Provisioned 400 days ago: 9A (valid 335 days) expired 65 days ago.
    const w = await world(() => new Date(), new Date(Date.now() - 400 * DAY));
    const window = await w.remote.renewal.renewalWindow(DEMO_TOKEN_ID, 0x9a);
    expect(window.window).toMatchObject({ kind: 'closed', graceDays: 30 });
    const expiredDays = window.window?.kind === 'closed' ? window.window.expiredDays : 0;
    expect(expiredDays).toBeGreaterThanOrEqual(65);
    w.apdus.length = 0;
    const error = await w.remote.renewal.startRenewal({ tokenId: DEMO_TOKEN_ID, keyRef: 0x9a, caUrl: url, pin: FACTORY_DEFAULTS.PIN }).catch((e: unknown) => e);
    expect((error as Error).name).toBe('RenewalClosedError');
    expect(error).toMatchObject({ expiredDays, graceDays: 30 });
    expect(w.apdus.some((a) => a[1] === 0x47 || a[1] === 0x20)).toBe(false); // no GENERATE, no VERIFY
    expect(await w.remote.renewal.listRenewals(DEMO_TOKEN_ID)).toEqual([]);
  });

  it('delayed issuance: waiting with checkAfter, the old key still signs, a later run polls and installs', async () => {
    let clock = Date.now();
    const now = () => new Date(clock);
    const url = await startDemoCa(now, 15 * 60);
    const w = await world(now);
    const old = (await w.remote.tokens.readCertificates(DEMO_TOKEN_ID)).find((c) => c.keyRef === 0x9a)!;
    const first = await w.remote.renewal.startRenewal({ tokenId: DEMO_TOKEN_ID, keyRef: 0x9a, caUrl: url, pin: FACTORY_DEFAULTS.PIN });
    expect(first.step).toBe('waiting');
    // The first pollReq went at once; the pollRep's checkAfter is the CA's remaining review time.
    expect(Date.parse(first.checkAfter!) - clock).toBeGreaterThan(14 * MINUTE);
    expect(Date.parse(first.checkAfter!) - clock).toBeLessThanOrEqual(15 * MINUTE);
    expect(first.waiting?.retryAfterSeconds).toBeGreaterThan(14 * 60);
    // Until promotion the old key and certificate are untouched and still sign.
    expect(await signsFor(w.remote, 0x9a, old.der, 'old-key')).toBe(true);
    // Too early: nothing is sent, the run waits again.
    const early = await w.remote.renewal.resumeRenewal({ id: first.id, pin: FACTORY_DEFAULTS.PIN });
    expect(early.step).toBe('waiting');
    clock += 16 * MINUTE;
    const done = await w.remote.renewal.resumeRenewal({ id: first.id, pin: FACTORY_DEFAULTS.PIN });
    expect(done.step).toBe('done');
    const after = (await w.remote.tokens.readCertificates(DEMO_TOKEN_ID)).find((c) => c.keyRef === 0x9a)!;
    expect(after.der).toEqual(done.newCertificate);
    expect(await signsFor(w.remote, 0x9a, after.der, 'polled')).toBe(true);
  });
});

describe.each(CARD_KINDS.map((k) => k.id))('renewal through the worker on a %s (issue 15 §2)', (kind) => {
  it('ends done; the dashboard shows the renewed certificate as the authentication key, and that key signs (OpenSSL verifies)', async () => {
    const url = await startDemoCa(() => new Date());
    const w = await world(() => new Date(), new Date(), { kind });
    const status = await w.remote.renewal.startRenewal({ tokenId: DEMO_TOKEN_ID, keyRef: 0x9a, caUrl: url, pin: FACTORY_DEFAULTS.PIN });
    expect(status.step).toBe('done');
    const authentication = (await w.remote.tokens.readCertificates(DEMO_TOKEN_ID)).filter((c) => c.role === 'authentication');
    expect(authentication.length).toBe(1);
    expect(authentication[0]!.der).toEqual(status.newCertificate);
    expect(authentication[0]!.keyRef).toBe(status.activeKeyRef ?? 0x9a);
    expect(await signsFor(w.remote, authentication[0]!.keyRef, authentication[0]!.der, `kind-${kind}`)).toBe(true);
  });
});

describe('renewal in the app off the YubiKey 5.7 path (issue 15 §2, issue 14 §3)', () => {
  it('YubiKey 5.4 (no MOVE KEY): the dashboard and the next portal sign-in use the renewed key in its retired slot', async () => {
    const url = await startDemoCa(() => new Date());
    const w = await world(() => new Date(), new Date(), { kind: 'yubikey-5.4' });
    const status = await w.remote.renewal.startRenewal({ tokenId: DEMO_TOKEN_ID, keyRef: 0x9a, caUrl: url, pin: FACTORY_DEFAULTS.PIN });
    expect(status.step).toBe('done');
    expect(status.activeKeyRef).toBe(status.newKeyRef);
    expect(status.roleKeyRef).toBe(0x9a);
    const listed = await w.remote.tokens.readCertificates(DEMO_TOKEN_ID);
    expect(listed.filter((c) => c.role === 'authentication').map((c) => c.keyRef)).toEqual([status.newKeyRef]);
    expect(listed.find((c) => c.keyRef === 0x9a)?.role).toBe('retired');
    const choices = await w.remote.signIn.signInChoices();
    expect(choices[0]).toMatchObject({ keyRef: status.newKeyRef, role: 'authentication', preferred: true });
    expect(choices.map((c) => c.keyRef)).not.toContain(0x9a);
    const store = new MemoryChallengeStore();
    const { challenge } = await issueChallenge(store, { sessionId: 's' });
    const portal = 'https://portal.example.cn';
    const envelope = await w.remote.signIn.signIn({ tokenId: DEMO_TOKEN_ID, keyRef: choices[0]!.keyRef, request: { t: 'ukey:get', v: 1, challenge }, origin: portal, pin: FACTORY_DEFAULTS.PIN });
    expect(Buffer.from(envelope.cert, 'base64')).toEqual(Buffer.from(status.newCertificate!));
    expect(JSON.stringify(await verifyLogin({ response: envelope, store, sessionId: 's', expectedOrigins: [portal], trust: [demoCaCertificateDer()] }))).toContain('张三');
    expect(base64UrlToBytes(envelope.clientDataJSON).length).toBeGreaterThan(0);
    // Renewing again renews the key in the retired slot, and the role moves on with it.
    const again = await w.remote.renewal.startRenewal({ tokenId: DEMO_TOKEN_ID, keyRef: 0x9a, caUrl: url, pin: FACTORY_DEFAULTS.PIN });
    expect(again).toMatchObject({ step: 'done', mainKeyRef: status.newKeyRef, roleKeyRef: 0x9a });
    expect((await w.remote.signIn.signInChoices())[0]?.keyRef).toBe(again.newKeyRef);
  });

  it('two windows renew one key at once: the second waits for the first and joins it — one slot, one certificate', async () => {
    const url = await startDemoCa(() => new Date());
    const { card } = await provisionDemoTokenWithCa(new Date(), 'yubikey-5.7');
    const journal = new MemoryRenewalJournalStore();
    const locks = new InProcessLocks();
    const tab = await world(() => new Date(), new Date(), { card, journal, locks });
    const popup = await world(() => new Date(), new Date(), { card, journal, locks });
    await tab.remote.tokens.readCertificates(DEMO_TOKEN_ID);
    await popup.remote.tokens.readCertificates(DEMO_TOKEN_ID);
    const [a, b] = await Promise.all([
      tab.remote.renewal.startRenewal({ tokenId: DEMO_TOKEN_ID, keyRef: 0x9a, caUrl: url, pin: FACTORY_DEFAULTS.PIN }),
      popup.remote.renewal.startRenewal({ tokenId: DEMO_TOKEN_ID, keyRef: 0x9a, caUrl: url, pin: FACTORY_DEFAULTS.PIN }),
    ]);
    expect(a.step).toBe('done');
    expect(b).toMatchObject({ id: a.id, step: 'done' });
    expect((await journal.listByToken(DEMO_TOKEN_ID)).length).toBe(1);
    expect(await signsFor(tab.remote, 0x9a, a.newCertificate!, 'two-windows')).toBe(true);
  });

  it('a real token is never renewed through the demo CA, even when the demo CA issued its certificate; no address is asked', async () => {
    const url = await startDemoCa(() => new Date());
    const w = await world(() => new Date(), new Date(), { real: true });
    const window = await w.remote.renewal.renewalWindow(w.tokenId, 0x9a);
    expect(window.caConfigured).toBe(false);
    w.apdus.length = 0;
    const error = await w.remote.renewal.startRenewal({ tokenId: w.tokenId, keyRef: 0x9a, caUrl: url, pin: FACTORY_DEFAULTS.PIN }).catch((e: unknown) => e);
    expect((error as Error).name).toBe('RenewalCaUnknownError');
    expect(error).toMatchObject({ guideId: 'renewal-rules', caProfileId: 'demo' });
    expect(w.apdus.some((a) => a[1] === 0x47 || a[1] === 0x20)).toBe(false);
  });

  it('PUK escrow waits for the token admin lock another window holds (renewal and escrow share it)', async () => {
    const locks = new InProcessLocks();
    const w = await world(() => new Date(), new Date(), { locks });
    const serial = (await w.remote.tokens.open(DEMO_TOKEN_ID)).serialNumber!;
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const otherWindow = locks.request(tokenAdminLock(serial), () => held);
    w.apdus.length = 0;
    const register = w.remote.unlock.registerOnlineUnlock({ tokenId: DEMO_TOKEN_ID, pin: FACTORY_DEFAULTS.PIN }).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 300));
    // While the other window holds the lock, nothing of the escrow reaches the card (not even its PUK status read).
    expect(w.apdus).toEqual([]);
    release();
    await otherWindow;
    await register; // the demo CA is not running here: what happens next is the unlock tests' business
    expect(w.apdus.length).toBeGreaterThan(0);
  });

  it('online unlock of a real token never reaches the demo CA: registration and requests are refused before any card change', async () => {
    const w = await world(() => new Date(), new Date(), { real: true });
    w.apdus.length = 0;
    const register = await w.remote.unlock.registerOnlineUnlock({ tokenId: w.tokenId, pin: FACTORY_DEFAULTS.PIN }).catch((e: unknown) => e);
    expect((register as Error).name).toBe('UnlockCaUnknownError');
    expect(register).toMatchObject({ guideId: 'unlock' });
    const request = await w.remote.unlock.fileUnlockRequest({ tokenId: w.tokenId, name: '张三', phone: '13800000000' }).catch((e: unknown) => e);
    expect((request as Error).name).toBe('UnlockCaUnknownError');
    // No VERIFY, no PUK change (CHANGE REFERENCE DATA 24), no RESET RETRY COUNTER (2C) was sent.
    expect(w.apdus.some((a) => a[1] === 0x20 || a[1] === 0x24 || a[1] === 0x2c)).toBe(false);
  });
});

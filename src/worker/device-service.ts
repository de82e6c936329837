/**
 * The driver worker's DeviceService (device-service-api.ts): finds granted tokens, opens one CcidTransport +
 * PivSession per token, and answers the UI with plain data. PINs arrive only as call arguments, go straight
 * to the session, and are not kept, logged or traced (DESIGN.md §7); no PIN operation is ever retried.
 */
import { fromHex, toHex } from '../apdu/hex';
import { TrafficLog } from '../apdu/traffic-log';
import { PivSession } from '../piv/session';
import type { SlotCertificate } from '../piv/certificates';
import { PivDataError } from '../piv/errors';
import { CcidTransport } from '../usb-driver/ccid-transport';
import { DeviceNotFoundError } from '../usb-driver/device-errors';
import type { UsbLike } from '../usb-driver/usb-like';
import { UsbCapture } from '../usb-driver/usbpcap';
import { crlDerFromFile, describeCrl, readCaFile } from './ca-files';
import { CertificateReporter, type ReportMaker } from './certificate-reports';
import type {
  CaCertificateInfo,
  ClockEvidenceInput,
  CrlInfo,
  DeviceService,
  GeneratedPublicKey,
  KeyAlgorithmName,
  PairedToken,
  PinStatusPair,
  SignRequest,
  TokenCsrParams,
  TokenCertificate,
  TokenInfo,
} from './device-service-api';
import { buildTokenCsr } from './token-csr';
import { listReachable, type ReachableToken } from './token-directory';

export interface DeviceServiceDeps {
  /** navigator.usb in the worker; null where WebUSB is missing (the demo token still works). */
  readonly usb: UsbLike | null;
  /** Starts the demo token; a dynamic import, so the virtual token is a separate lazy chunk. */
  readonly loadDemo: () => Promise<ReachableToken>;
  /** Holds the user's trust anchors and the CRL cache; default: one that never fetches CRLs. */
  readonly reporter?: CertificateReporter;
  /** Replaces the reporter's report function (tests). */
  readonly makeReport?: ReportMaker;
}

interface OpenToken {
  readonly session: PivSession;
  readonly transport: CcidTransport;
  readonly info: TokenInfo;
  readonly trustAnchors: readonly Uint8Array[];
}

/** Per token: the diagnostics that outlive a session (helpdesk export), PIN data redacted by both. */
interface Diagnostics {
  readonly log: TrafficLog;
  readonly capture: UsbCapture;
}

export class DeviceServiceImpl implements DeviceService {
  private readonly tokens = new Map<string, OpenToken>();
  private readonly opening = new Map<string, Promise<OpenToken>>();
  private readonly diagnostics = new Map<string, Diagnostics>();
  private readonly reporter: CertificateReporter;
  private readonly makeReport: ReportMaker;
  private demo: ReachableToken | null = null;

  constructor(private readonly deps: DeviceServiceDeps) {
    this.reporter = deps.reporter ?? new CertificateReporter();
    this.makeReport = deps.makeReport ?? this.reporter.report;
  }

  async listPairedTokens(): Promise<PairedToken[]> {
    return (await listReachable(this.deps.usb, this.demo)).map((token) => token.paired);
  }

  async startDemoToken(): Promise<PairedToken> {
    this.demo ??= await this.deps.loadDemo();
    return this.demo.paired;
  }

  async open(tokenId: string): Promise<TokenInfo> {
    return (await this.session(tokenId)).info;
  }

  async close(tokenId: string): Promise<void> {
    // An open still in flight would otherwise register its session after this close.
    await this.opening.get(tokenId)?.catch(() => undefined);
    const token = this.tokens.get(tokenId);
    this.tokens.delete(tokenId);
    await token?.session.close();
  }

  async getTokenInfo(tokenId: string): Promise<TokenInfo> {
    return (await this.session(tokenId)).info;
  }

  async readCertificates(tokenId: string): Promise<TokenCertificate[]> {
    const { session, trustAnchors } = await this.session(tokenId);
    const found = await session.listCertificates();
    const ders = found.flatMap((entry) => (entry.der ? [entry.der] : []));
    return Promise.all(found.map((entry) => this.describeCertificate(entry, ders, trustAnchors)));
  }

  async getPinStatus(tokenId: string): Promise<PinStatusPair> {
    const { session } = await this.session(tokenId);
    return { pin: await session.getPinStatus(), puk: await session.getPukStatus() };
  }

  async verifyPin(tokenId: string, pin: string): Promise<void> {
    await (await this.session(tokenId)).session.verifyPin(pin);
  }

  async changePin(tokenId: string, oldPin: string, newPin: string): Promise<void> {
    await (await this.session(tokenId)).session.changePin(oldPin, newPin);
  }

  async changePuk(tokenId: string, oldPuk: string, newPuk: string): Promise<void> {
    await (await this.session(tokenId)).session.changePuk(oldPuk, newPuk);
  }

  async unblockPin(tokenId: string, puk: string, newPin: string): Promise<void> {
    await (await this.session(tokenId)).session.unblockPin(puk, newPin);
  }

  /** VERIFY once, then sign; the hash follows the key (SHA-384 for P-384, else SHA-256). */
  async sign(tokenId: string, request: SignRequest): Promise<Uint8Array> {
    const { session } = await this.session(tokenId);
    await session.verifyPin(request.pin);
    return session.sign(request.slot, request.data);
  }

  async createCsr(tokenId: string, request: TokenCsrParams): Promise<Uint8Array> {
    const { session } = await this.session(tokenId);
    await session.verifyPin(request.pin);
    return buildTokenCsr(session, {
      slot: request.slot,
      algorithm: request.algorithm,
      subjectFromSlot: request.subjectFromSlot,
      publicKeySpki: request.publicKeySpki,
    });
  }

  async generateKey(tokenId: string, slot: number, algorithm: KeyAlgorithmName, managementKeyHex: string): Promise<GeneratedPublicKey> {
    const { session } = await this.session(tokenId);
    await session.authenticate(fromHex(managementKeyHex));
    return { slot, algorithm, spki: await session.generateKey(slot, algorithm) };
  }

  async writeCertificate(tokenId: string, slot: number, der: Uint8Array, managementKeyHex: string): Promise<void> {
    const { session } = await this.session(tokenId);
    await session.authenticate(fromHex(managementKeyHex));
    await session.putCertificate(slot, der);
  }

  async getTrafficLog(tokenId: string): Promise<string[]> {
    return this.diagnostics.get(tokenId)?.log.lines() ?? [];
  }

  async getUsbCapture(tokenId: string): Promise<Uint8Array> {
    return this.diagnosticsFor(tokenId).capture.toBytes();
  }

  async setTrustAnchors(ders: Uint8Array[]): Promise<void> {
    this.reporter.setUserAnchors(ders);
  }

  async parseCaFile(bytes: Uint8Array): Promise<CaCertificateInfo[]> {
    return readCaFile(bytes);
  }

  async importCrl(bytes: Uint8Array): Promise<void> {
    await this.reporter.crlCache.add(crlDerFromFile(bytes));
  }

  async setClockEvidence(evidence: ClockEvidenceInput): Promise<void> {
    this.reporter.setClockEvidence(evidence);
  }

  async takeFetchedCrls(): Promise<CrlInfo[]> {
    // Only verified CRLs reach the cache, so each parses; a failure here would be a bug, not user input.
    return this.reporter.takeFetchedCrls().map(describeCrl);
  }

  private diagnosticsFor(tokenId: string): Diagnostics {
    let entry = this.diagnostics.get(tokenId);
    if (!entry) {
      entry = { log: new TrafficLog(), capture: new UsbCapture() };
      this.diagnostics.set(tokenId, entry);
    }
    return entry;
  }

  private async describeCertificate(
    entry: SlotCertificate,
    siblings: readonly Uint8Array[],
    anchors: readonly Uint8Array[],
  ): Promise<TokenCertificate> {
    if (!entry.der) return { slot: entry.slot, der: new Uint8Array(0), report: null, parseError: entry.error?.message ?? 'unreadable' };
    try {
      return { slot: entry.slot, der: entry.der, report: await this.makeReport(entry.der, siblings, anchors), parseError: null };
    } catch (error) {
      return { slot: entry.slot, der: entry.der, report: null, parseError: error instanceof Error ? error.message : String(error) };
    }
  }

  /** The open session of a token, opening it on first use; one session per token, concurrent callers share it. */
  private async session(tokenId: string): Promise<OpenToken> {
    const current = this.tokens.get(tokenId);
    if (current && !current.transport.isDisconnected) return current;
    if (current) this.tokens.delete(tokenId);
    let pending = this.opening.get(tokenId);
    if (!pending) {
      pending = this.openToken(tokenId).finally(() => this.opening.delete(tokenId));
      this.opening.set(tokenId, pending);
    }
    return pending;
  }

  private async openToken(tokenId: string): Promise<OpenToken> {
    const reachable = (await listReachable(this.deps.usb, this.demo)).find((token) => token.paired.id === tokenId);
    if (!reachable) throw new DeviceNotFoundError(tokenId, `Token ${tokenId} is not plugged in or no longer granted`);
    const { log, capture } = this.diagnosticsFor(tokenId);
    const transport = await CcidTransport.open(reachable.device, { usb: reachable.usb, capture });
    let session: PivSession;
    let info: TokenInfo;
    try {
      session = await PivSession.open(transport, { log });
      info = await readTokenInfo(reachable.paired, session, transport);
    } catch (error) {
      await transport.close(); // a failed open must not keep the device claimed
      throw error;
    }
    const token: OpenToken = { session, transport, info, trustAnchors: reachable.trustAnchors ?? [] };
    this.tokens.set(tokenId, token);
    // A pulled token drops its session, so the next call opens afresh instead of failing forever.
    transport.onDisconnect(() => {
      if (this.tokens.get(tokenId) === token) this.tokens.delete(tokenId);
    });
    return token;
  }
}

async function readTokenInfo(paired: PairedToken, session: PivSession, transport: CcidTransport): Promise<TokenInfo> {
  const caps = await session.capabilities();
  // A malformed CHUID must not keep the token from opening; a dead link still must fail the open.
  const chuid = await session.readChuid().catch((error: unknown) => {
    if (error instanceof PivDataError) return null;
    throw error;
  });
  const serial = caps.serial ? String(await session.getSerial()) : (chuid?.guidHex ?? null);
  return {
    tokenId: paired.id,
    vendor: paired.vendor,
    model: paired.model,
    serialNumber: serial,
    firmwareVersion: await session.getVersionText(),
    chuidGuid: chuid?.guidHex ?? chuid?.fascnHex ?? null,
    atrHex: toHex(transport.atr),
    supportsMetadata: caps.metadata,
  };
}

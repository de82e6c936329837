/**
 * The worker's open tokens: one transport + card-profile session per token, opened on first use, shared by
 * concurrent callers, dropped when the device goes away so the next call opens afresh. Diagnostics (traffic
 * log, USB capture) outlive sessions and are redacted by every registered profile's policy (issue 7 §4).
 */
import { toHex } from '../apdu/hex';
import type { RedactionPolicy } from '../apdu/redaction';
import { TrafficLog } from '../apdu/traffic-log';
import type { DeviceSourceRegistry } from '../sources/device-source';
import type { PairedToken } from '../cards/seam/token-model';
import { openTokenSession, redactionForProfiles } from '../cards/seam/open-session';
import type { CardProfile, TokenSession } from '../cards/seam/token-session';
import { DeviceNotFoundError } from '../usb-driver/device-errors';
import { UsbCapture } from '../usb-driver/usbpcap';
import type { TokenInfo } from './device-service-api';

export interface OpenToken {
  readonly session: TokenSession;
  readonly info: TokenInfo;
  readonly trustAnchors: readonly Uint8Array[];
}

export interface Diagnostics {
  readonly log: TrafficLog;
  readonly capture: UsbCapture;
}

export class OpenTokens {
  private readonly tokens = new Map<string, OpenToken>();
  private readonly opening = new Map<string, Promise<OpenToken>>();
  private readonly diagnostics = new Map<string, Diagnostics>();
  private readonly redaction: RedactionPolicy;

  constructor(
    readonly sources: DeviceSourceRegistry,
    private readonly profiles: readonly CardProfile[],
  ) {
    this.redaction = redactionForProfiles(profiles);
  }

  async listPaired(): Promise<PairedToken[]> {
    return (await this.sources.list()).map((device) => device.paired);
  }

  /** The open session of a token, opening it on first use; concurrent callers share one open. */
  get(tokenId: string): Promise<OpenToken> {
    const current = this.tokens.get(tokenId);
    if (current && !current.session.transport.isDisconnected) return Promise.resolve(current);
    if (current) this.tokens.delete(tokenId);
    let pending = this.opening.get(tokenId);
    if (!pending) {
      pending = this.open(tokenId).finally(() => this.opening.delete(tokenId));
      this.opening.set(tokenId, pending);
    }
    return pending;
  }

  /** The token if it is open now, without opening it. */
  peek(tokenId: string): OpenToken | null {
    return this.tokens.get(tokenId) ?? null;
  }

  async close(tokenId: string): Promise<void> {
    // An open still in flight would otherwise register its session after this close.
    await this.opening.get(tokenId)?.catch(() => undefined);
    const token = this.tokens.get(tokenId);
    this.tokens.delete(tokenId);
    await token?.session.close();
  }

  diagnosticsFor(tokenId: string): Diagnostics {
    let entry = this.diagnostics.get(tokenId);
    if (!entry) {
      entry = { log: new TrafficLog({ redaction: this.redaction }), capture: new UsbCapture({ redaction: this.redaction }) };
      this.diagnostics.set(tokenId, entry);
    }
    return entry;
  }

  private async open(tokenId: string): Promise<OpenToken> {
    const device = await this.sources.find(tokenId);
    if (!device) throw new DeviceNotFoundError(tokenId, `Token ${tokenId} is not plugged in or no longer granted`);
    const { log, capture } = this.diagnosticsFor(tokenId);
    const transport = await device.openTransport({ redaction: this.redaction, capture });
    let token: OpenToken;
    try {
      const session = await openTokenSession(transport, this.profiles, { log });
      const facts = await session.readFacts();
      const info: TokenInfo = {
        tokenId,
        profileId: session.profileId,
        vendor: device.paired.vendor,
        model: device.paired.model,
        serialNumber: facts.serialNumber,
        firmwareVersion: facts.firmwareVersion,
        cardIdentifier: facts.cardIdentifier,
        atrHex: toHex(transport.atr),
        readsTriesWithoutSpending: facts.readsTriesWithoutSpending,
      };
      token = { session, info, trustAnchors: device.trustAnchors ?? [] };
    } catch (error) {
      await transport.close(); // a failed open must not keep the device claimed
      throw error;
    }
    this.tokens.set(tokenId, token);
    // A pulled token drops its session, so the next call opens afresh instead of failing forever.
    transport.onDisconnect(() => {
      if (this.tokens.get(tokenId) === token) this.tokens.delete(tokenId);
    });
    return token;
  }
}

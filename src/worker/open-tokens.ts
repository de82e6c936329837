/**
 * The worker's open tokens: one transport + card-profile session per token, opened on first use, shared by
 * concurrent callers, dropped when the device goes away so the next call opens afresh. Diagnostics (traffic
 * log, USB capture) outlive sessions and are redacted by every registered profile's policy (issue 7 §4).
 * One key, many windows (issue 15 §4): a session lets go of its device when idle or when another window asks
 * (token-handover.ts), and an open that finds the device claimed asks the holder and waits, bounded.
 */
import { toHex, TrafficLog, type RedactionPolicy } from '../apdu';
import type { DeviceSourceRegistry, SourceDevice } from '../sources';
import {
  openTokenSession,
  redactionForProfiles,
  type PairedToken,
  type CardProfile,
  type TokenSession,
} from '../cards/seam';
import { AccessDeniedError, DeviceBusyError, DeviceNotFoundError, UsbCapture } from '../usb-driver';
import type { TokenInfo } from './device-service-api';
import type { TokenHandover } from './token-handover';
import { TokenInUseElsewhereError } from './token-handover-errors';
import { HandoverSession } from './token-handover-session';
import { cardRefOf, type CardCache } from './sign-in-card-cache';

export interface OpenToken {
  readonly session: HandoverSession;
  readonly info: TokenInfo;
  readonly trustAnchors: readonly Uint8Array[];
}

export interface Diagnostics {
  readonly log: TrafficLog;
  readonly capture: UsbCapture;
}

/** How long a worker that handed a token over waits before claiming it again. */
const HANDOVER_YIELD_MS = 1_000;
/** Asks for a token held by another of our windows before giving up with TokenInUseElsewhereError. */
const MAX_HANDOVER_ASKS = 3;

interface Opened {
  readonly session: TokenSession;
  readonly device: SourceDevice;
}

export interface OpenTokensOptions {
  /** The cross-window handover; null = this worker is alone (tests, contexts without BroadcastChannel). */
  readonly handover?: TokenHandover | null;
  /** Release the device this long after the last card operation (default 2 s). */
  readonly idleMs?: number;
  /** What every worker knows of a card by its identity (issue 15 sign-in cache); null = read every card in full. */
  readonly cardCache?: CardCache | null;
}

/** An open that fails this way may meet another window's claim (WebUSB claimInterface: NetworkError/InvalidStateError). */
function mayBeClaimedElsewhere(error: unknown): boolean {
  return error instanceof AccessDeniedError || error instanceof DeviceBusyError;
}

export class OpenTokens {
  private readonly tokens = new Map<string, OpenToken>();
  private readonly unhold = new Map<string, () => void>();
  private readonly opening = new Map<string, Promise<OpenToken>>();
  private readonly diagnostics = new Map<string, Diagnostics>();
  private readonly redaction: RedactionPolicy;

  constructor(
    readonly sources: DeviceSourceRegistry,
    private readonly profiles: readonly CardProfile[],
    private readonly options: OpenTokensOptions = {},
  ) {
    this.redaction = redactionForProfiles(profiles);
  }

  async listPaired(): Promise<PairedToken[]> {
    return (await this.sources.list()).map((device) => device.paired);
  }

  /** The open session of a token, opening it on first use; concurrent callers share one open. */
  get(tokenId: string): Promise<OpenToken> {
    const current = this.tokens.get(tokenId);
    if (current && !current.session.isGone) return Promise.resolve(current);
    if (current) this.forget(tokenId, current);
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
    if (token) this.forget(tokenId, token);
    await token?.session.close();
  }

  private forget(tokenId: string, token: OpenToken): void {
    if (this.tokens.get(tokenId) !== token) return;
    this.tokens.delete(tokenId);
    this.unhold.get(tokenId)?.();
    this.unhold.delete(tokenId);
  }

  diagnosticsFor(tokenId: string): Diagnostics {
    let entry = this.diagnostics.get(tokenId);
    if (!entry) {
      entry = { log: new TrafficLog({ redaction: this.redaction }), capture: new UsbCapture({ redaction: this.redaction }) };
      this.diagnostics.set(tokenId, entry);
    }
    return entry;
  }

  /**
   * Opens the device and its card profile; a claim held by another of our windows is asked for. The holder may
   * take it back between its operations, so asking is repeated a few times (each ask is bounded).
   */
  private async openSession(tokenId: string): Promise<Opened> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.openSessionOnce(tokenId);
      } catch (error) {
        const handover = this.options.handover;
        if (!handover || !mayBeClaimedElsewhere(error)) throw error;
        if (attempt > MAX_HANDOVER_ASKS) throw new TokenInUseElsewhereError(tokenId);
        const outcome = await handover.ask(tokenId);
        if (outcome === 'busy') throw new TokenInUseElsewhereError(tokenId);
        if (outcome === 'nobody') throw error; // not one of our windows: another program holds it
      }
    }
  }

  private async openSessionOnce(tokenId: string): Promise<Opened> {
    const device = await this.sources.find(tokenId);
    if (!device) throw new DeviceNotFoundError(tokenId, `Token ${tokenId} is not plugged in or no longer granted`);
    const { log, capture } = this.diagnosticsFor(tokenId);
    const transport = await device.openTransport({ redaction: this.redaction, capture });
    try {
      return { device, session: await openTokenSession(transport, this.profiles, { log }) };
    } catch (error) {
      await transport.close(); // a failed open must not keep the device claimed
      throw error;
    }
  }

  private async open(tokenId: string): Promise<OpenToken> {
    // The claim is ours as soon as openSession makes it: a window that asks while we power the card and read its
    // facts (several APDUs, seconds on a slow card) is told so at once and served once the open has settled.
    let token: OpenToken | null = null;
    let opened: () => void = () => undefined;
    const ready = new Promise<void>((resolve) => (opened = resolve));
    const unhold = this.options.handover?.hold(
      tokenId,
      async () => {
        await ready;
        await token?.session.release({ yieldMs: HANDOVER_YIELD_MS });
      },
      // Claimed while opening (token still null) and while the session holds or is taking the device again.
      () => token === null || token.session.isClaiming,
    );
    try {
      token = await this.build(tokenId);
    } catch (error) {
      unhold?.();
      throw error;
    } finally {
      opened();
    }
    this.tokens.set(tokenId, token);
    if (unhold) this.unhold.set(tokenId, unhold);
    return token;
  }

  private async build(tokenId: string): Promise<OpenToken> {
    const { session: first, device } = await this.openSession(tokenId);
    try {
      const cache = this.options.cardCache;
      const facts = cache ? await cache.factsAtOpen(tokenId, first) : await first.readFacts();
      const ref = cardRefOf(first.profileId, facts);
      let token: OpenToken | null = null;
      const session = new HandoverSession(first, {
        tokenId,
        idleMs: this.options.idleMs ?? 2_000,
        identity: facts.serialNumber ?? facts.cardIdentifier,
        ...(device.watchGone ? { watchGone: (listener: () => void) => device.watchGone!(listener) } : {}),
        reopen: async () => (await this.openSession(tokenId)).session,
        // Whatever any worker cached of this card's certificates is stale once a certificate or key is written.
        ...(cache && ref ? { onCardWrite: () => cache.invalidate(ref), onListing: () => cache.beginListing(tokenId, ref, facts) } : {}),
        // A pulled token drops its session, so the next call opens afresh instead of failing forever.
        onGone: () => {
          if (token) this.forget(tokenId, token);
        },
      });
      const info: TokenInfo = {
        tokenId,
        profileId: session.profileId,
        vendor: device.paired.vendor ?? null,
        model: device.paired.model ?? null,
        serialNumber: facts.serialNumber,
        firmwareVersion: facts.firmwareVersion,
        cardIdentifier: facts.cardIdentifier,
        atrHex: toHex(first.transport.atr),
        readsTriesWithoutSpending: facts.readsTriesWithoutSpending,
        pinPolicy: facts.pinPolicy,
        capabilities: facts.capabilities,
      };
      token = { session, info, trustAnchors: device.trustAnchors ?? [] };
      return token;
    } catch (error) {
      await first.close().catch(() => undefined); // a failed open must not keep the device claimed
      throw error;
    }
  }
}

/**
 * The interface-device side of T=1 (ISO/IEC 7816-3 §11): one APDU in, one response out, over an injected
 * `BlockExchange` (one PC_to_RDR_XfrBlock round trip on a TPDU-level CCID reader). Chaining both ways
 * (§11.6.2.3), S(IFS) and S(WTX) (§11.6.2.3 rules 3–4), error recovery with R-blocks and S(RESYNCH)
 * (§11.6.3.2 rules 7.1–7.4), S(ABORT) (rule 9). Every loop is bounded by `T1Limits`.
 *
 * Security: a command is never sent twice. Retransmitting a block the card asked for again is not a retry of
 * the command; after S(RESYNCH) the command's outcome is unknown, so we raise instead of resending (a VERIFY
 * must never be repeated automatically).
 */
import { concatBytes } from '../shared/bytes';
import { MalformedApduError } from '../apdu';
import {
  decodeT1Block, encodeT1Block, iBlock, R_ERROR, rBlock, S_BLOCK, sBlock,
  type RBlockError, type SBlockType, type T1Block,
} from './t1-block';
import { DEFAULT_T1_LIMITS, type BlockExchange, type T1DriverSettings, type T1Limits } from './t1-settings';
import { T1BlockFormatError, TPDU_FAILURE, TpduLinkError, type TpduFailure } from './tpdu-errors';

export { DEFAULT_T1_LIMITS, type BlockExchange, type T1DriverSettings, type T1Limits };

/** S(IFS request) blocks accepted per command; more is a card going round in circles (counted as errors). */
const MAX_IFS_REQUESTS = 4;

type Round = { readonly ok: true; readonly block: T1Block } | { readonly ok: false; readonly error: RBlockError };
type Sent = { readonly bytes: Uint8Array; readonly kind: T1Block['kind'] };

export class T1Driver {
  private ns: 0 | 1 = 0;
  private nr: 0 | 1 = 0;
  private ifscNow: number;
  private waitingTimeMultiplier = 1;
  private needsResynch = false;
  private dead = false;
  /** The IFSD the card accepted, to announce again after S(RESYNCH) put it back to 32 (§11.4.2). */
  private announcedIfsd: number | null = null;
  private ifsdStale = false;
  private readonly limits: T1Limits;

  constructor(
    private readonly settings: T1DriverSettings,
    private readonly exchange: BlockExchange,
    limits: Partial<T1Limits> = {},
  ) {
    const inRange = (v: number, min: number, max: number): boolean => Number.isInteger(v) && v >= min && v <= max;
    // Bounded loops need at least one byte per block (§11.4.2: IFS 01–FE).
    if (!inRange(settings.ifsc, 1, 254) || !inRange(settings.ifsd, 1, 254) || !inRange(settings.maxInfPerBlock, 1, 254) || !(settings.blockTimeoutMs > 0)) {
      throw new RangeError('T=1 settings need IFSC, IFSD and the block INF in 1–254 and a positive timeout');
    }
    this.ifscNow = settings.ifsc;
    this.limits = { ...DEFAULT_T1_LIMITS, ...limits };
  }

  /** The card's current information field size (changed by its S(IFS request)). */
  get ifsc(): number {
    return this.ifscNow;
  }

  /** §11.4.2: announce our IFSD with S(IFS request) and require the echo (rule 4; rule 7.3 resends it). */
  async negotiateIfsd(ifsd: number = this.settings.ifsd): Promise<void> {
    this.checkAlive();
    for (let failures = 0; ; failures++) {
      if (failures > this.limits.maxRetransmissions) {
        const resynched = await this.resynchronise();
        throw this.failure(resynched ? TPDU_FAILURE.IfsNegotiationFailed : TPDU_FAILURE.Unrecoverable, false, `S(IFS request ${ifsd}) was not echoed`);
      }
      const round = await this.roundTrip(encodeT1Block(sBlock(S_BLOCK.Ifs, false, Uint8Array.of(ifsd)), this.settings.edc));
      if (round.ok && isS(round.block, S_BLOCK.Ifs, true) && round.block.inf[0] === ifsd) {
        this.announcedIfsd = ifsd;
        this.ifsdStale = false;
        return;
      }
    }
  }

  /** Sends one command APDU and returns the whole response APDU (data + SW1 SW2). */
  async transmit(apdu: Uint8Array): Promise<Uint8Array> {
    this.checkAlive();
    if (apdu.length < 4 || apdu.length > this.limits.maxCommandLength) {
      throw new MalformedApduError(apdu.length, `a command APDU of ${apdu.length} bytes cannot be sent over T=1`);
    }
    if (this.needsResynch && !(await this.resynchronise())) {
      throw this.failure(TPDU_FAILURE.Unrecoverable, false, 'the link could not be resynchronised before the command');
    }
    if (this.ifsdStale && this.announcedIfsd !== null) await this.negotiateIfsd(this.announcedIfsd);
    const iBlocks: Uint8Array[] = [];
    try {
      return await this.run(apdu, iBlocks);
    } catch (error) {
      // Anything but our own classified failures leaves the block state unknown.
      if (!(error instanceof TpduLinkError)) this.needsResynch = true;
      throw error;
    } finally {
      // The I-blocks hold the command (a PIN in a VERIFY): none outlives the exchange (issue 7 §3).
      for (const block of iBlocks) block.fill(0);
    }
  }

  /** `iBlocks` collects every I-block encoded for this command, for the caller to wipe. */
  private async run(apdu: Uint8Array, iBlocks: Uint8Array[]): Promise<Uint8Array> {
    const edc = this.settings.edc;
    let offset = 0;
    let finalSent = false;
    let current = { ns: this.ns as 0 | 1, more: false, bytes: new Uint8Array(0) };
    const nextIBlock = (): Sent => {
      const end = Math.min(apdu.length, offset + Math.min(this.ifscNow, this.settings.maxInfPerBlock));
      const more = end < apdu.length;
      current = { ns: this.ns, more, bytes: encodeT1Block(iBlock(this.ns, more, apdu.subarray(offset, end)), edc) };
      iBlocks.push(current.bytes);
      this.ns = this.ns === 0 ? 1 : 0;
      offset = end;
      finalSent ||= !more;
      return { bytes: current.bytes, kind: 'I' };
    };
    const parts: Uint8Array[] = [];
    let received = 0;
    let responseBlocks = 0;
    let receiving = false;
    let failures = 0;
    let extensions = 0;
    let ifsRequests = 0;
    let sent = nextIBlock();
    for (;;) {
      const round = await this.roundTrip(sent.bytes);
      let next: Sent | null = null;
      let failedWith: RBlockError | null = round.ok ? null : round.error;
      if (round.ok) {
        const block = round.block;
        if (block.kind === 'I') {
          if ((current.more && !receiving) || block.ns !== this.nr) failedWith = R_ERROR.Other;
          else {
            this.nr = this.nr === 0 ? 1 : 0;
            receiving = true;
            failures = 0;
            parts.push(block.inf);
            received += block.inf.length;
            // Empty chained blocks add nothing, so the block count is bounded too.
            if (received > this.limits.maxResponseLength || ++responseBlocks > this.limits.maxResponseLength) {
              return this.abortResponse(received);
            }
            if (!block.more) return concatBytes(...parts);
            next = { bytes: encodeT1Block(rBlock(this.nr), edc), kind: 'R' };
          }
        } else if (block.kind === 'R') {
          if (!receiving && block.nr === current.ns) {
            // Rule 7.2 seen from the sender: the card asks for our last I-block again.
            next = { bytes: current.bytes, kind: 'I' };
            failures++;
          } else if (!receiving && current.more) {
            failures = 0;
            next = nextIBlock();
          } else if (sent.kind === 'R') {
            next = sent;
            failures++;
          } else failedWith = R_ERROR.Other;
        } else if (!block.response && block.type === S_BLOCK.Wtx) {
          if (++extensions > this.limits.maxWaitingTimeExtensions) {
            this.needsResynch = true;
            throw this.failure(TPDU_FAILURE.TooManyWaitingTimeExtensions, finalSent, `more than ${this.limits.maxWaitingTimeExtensions} S(WTX) for one command`);
          }
          this.waitingTimeMultiplier = block.inf[0] as number;
          next = { bytes: encodeT1Block(sBlock(S_BLOCK.Wtx, true, block.inf), edc), kind: 'S' };
        } else if (!block.response && block.type === S_BLOCK.Ifs && ++ifsRequests <= MAX_IFS_REQUESTS) {
          this.ifscNow = block.inf[0] as number;
          next = { bytes: encodeT1Block(sBlock(S_BLOCK.Ifs, true, block.inf), edc), kind: 'S' };
        } else if (!block.response && block.type === S_BLOCK.Abort) {
          return this.acceptAbort(finalSent);
        } else failedWith = R_ERROR.Other;
      }
      if (failedWith !== null) {
        failures++;
        // Rule 7.2: an R-block we sent is resent as it was; otherwise rule 7.1: R(N(R)) with the error.
        next = sent.kind === 'R' ? sent : { bytes: encodeT1Block(rBlock(this.nr, failedWith), edc), kind: 'R' };
      }
      if (failures > this.limits.maxRetransmissions) {
        const resynched = await this.resynchronise();
        throw this.failure(
          resynched ? TPDU_FAILURE.Resynchronised : TPDU_FAILURE.Unrecoverable,
          finalSent,
          resynched ? 'T=1 errors persisted; the link was resynchronised and the command not repeated' : 'the card does not answer S(RESYNCH)',
        );
      }
      sent = next as Sent;
    }
  }

  /** One block out and one back, decoded; a mute card or a broken block becomes an error round (rule 7.1). */
  private async roundTrip(bytes: Uint8Array): Promise<Round> {
    const multiplier = this.waitingTimeMultiplier;
    this.waitingTimeMultiplier = 1;
    const raw = await this.exchange(bytes, this.settings.blockTimeoutMs * multiplier, multiplier);
    if (raw === null) return { ok: false, error: R_ERROR.Other };
    try {
      const { nad, block } = decodeT1Block(raw, this.settings.edc);
      return nad === 0 ? { ok: true, block } : { ok: false, error: R_ERROR.Other };
    } catch (error) {
      if (error instanceof T1BlockFormatError) return { ok: false, error: error.fault === 'bad-edc' ? R_ERROR.Edc : R_ERROR.Other };
      throw error;
    }
  }

  /**
   * §11.6.3.2 rule 6.4: S(RESYNCH) resets both sequence numbers. We also go back to the ATR's IFSC and announce
   * our IFSD again before the next command, so both sides agree whatever the card resets. At most
   * `maxResynchAttempts` tries; then the link is dead until the card is reset.
   */
  private async resynchronise(): Promise<boolean> {
    const request = encodeT1Block(sBlock(S_BLOCK.Resynch, false), this.settings.edc);
    for (let attempt = 0; attempt < this.limits.maxResynchAttempts; attempt++) {
      const round = await this.roundTrip(request);
      if (round.ok && isS(round.block, S_BLOCK.Resynch, true)) {
        this.ns = 0;
        this.nr = 0;
        this.ifscNow = this.settings.ifsc;
        this.needsResynch = false;
        this.ifsdStale = this.announcedIfsd !== null;
        return true;
      }
    }
    this.dead = true;
    return false;
  }

  /** Rule 9: the response chain is too long; S(ABORT request) and expect S(ABORT response). */
  private async abortResponse(received: number): Promise<never> {
    const round = await this.roundTrip(encodeT1Block(sBlock(S_BLOCK.Abort, false), this.settings.edc));
    if (!(round.ok && isS(round.block, S_BLOCK.Abort, true))) this.needsResynch = true;
    throw this.failure(TPDU_FAILURE.ResponseTooLong, true, `response chain passed ${received} bytes (limit ${this.limits.maxResponseLength})`);
  }

  /** Rule 9: the card aborts; answer S(ABORT response); its R-block gives the turn back and says which N(S) it expects. */
  private async acceptAbort(finalSent: boolean): Promise<never> {
    const round = await this.roundTrip(encodeT1Block(sBlock(S_BLOCK.Abort, true), this.settings.edc));
    if (round.ok && round.block.kind === 'R') this.ns = round.block.nr;
    else this.needsResynch = true;
    throw this.failure(TPDU_FAILURE.AbortedByCard, finalSent, 'the card aborted the chain (S(ABORT request))');
  }

  private checkAlive(): void {
    if (this.dead) throw this.failure(TPDU_FAILURE.LinkDead, false, 'the T=1 link is dead; reset the card first');
  }

  private failure(failure: TpduFailure, commandMayHaveRun: boolean, message: string): TpduLinkError {
    return new TpduLinkError(failure, 1, commandMayHaveRun, message);
  }
}

function isS(block: T1Block, type: SBlockType, response: boolean): block is Extract<T1Block, { kind: 'S' }> {
  return block.kind === 'S' && block.type === type && block.response === response;
}

import { APDU_LIMITS, CLA_CHAINING, encodeCommand, type CommandApdu } from './command';
import { errorForStatusWord } from './errors';
import { MalformedApduError } from './format-errors';
import { concatBytes } from './hex';
import { parseResponse, type ResponseApdu } from './response';
import { isMoreData, isWrongLe, SW, sw2 } from './status-words';
import type { TrafficLog } from './traffic-log';
import type { ApduTransport } from './transport';

/** ISO 7816-4 §7.6.1 GET RESPONSE. */
const INS_GET_RESPONSE = 0xc0;
/** Header (4) + extended Lc (3) + extended Le (2): the most a command adds around its data. */
const MAX_OVERHEAD = 9;
/** Header (4) + short Lc (1) + short Le (1). */
const SHORT_OVERHEAD = 6;
/** Guard against a card that keeps answering 61xx: no PIV object comes near this. */
const DEFAULT_MAX_RESPONSE = 1 << 20;

export interface ApduProcessorOptions {
  readonly log?: TrafficLog;
  /** Largest response (after 61xx chaining) accepted before giving up with MalformedApduError. */
  readonly maxResponseLength?: number;
}

/**
 * The stack of small processors over one transport (STYLE.md, yubikit `core/smartcard`): command chaining or
 * extended length going down, 6Cxx re-send and 61xx response chaining coming back. It never interprets a status
 * word beyond those three; `send` hands anything but 9000 to errorForStatusWord.
 */
export class ApduProcessor {
  private readonly transport: ApduTransport;
  private readonly log: TrafficLog | undefined;
  private readonly maxResponseLength: number;
  /** Tail of the queue of transmits: one chained flow must not interleave with another (61xx, CLA|10). */
  private tail: Promise<unknown> = Promise.resolve();

  constructor(transport: ApduTransport, options: ApduProcessorOptions = {}) {
    this.transport = transport;
    this.log = options.log;
    this.maxResponseLength = options.maxResponseLength ?? DEFAULT_MAX_RESPONSE;
  }

  /**
   * Sends with chaining; returns the final response with its SW un-interpreted. Calls are queued: a GET
   * RESPONSE or chained part of one caller can never land between the exchanges of another.
   */
  transmit(cmd: CommandApdu): Promise<ResponseApdu> {
    // `tail` never rejects (see below), so one caller's failure does not fail the next.
    const run = this.tail.then(() => this.transmitNow(cmd));
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async transmitNow(cmd: CommandApdu): Promise<ResponseApdu> {
    let last = cmd;
    let response: ResponseApdu;
    if (this.fitsOneCommand(cmd)) {
      response = await this.exchange(cmd);
    } else {
      const chunks = this.split(cmd.data ?? new Uint8Array(0));
      // ISO 7816-4 §5.1.1.1: every part but the last carries the chaining bit and no Le; a part answered with
      // anything but 9000 ends the chain and that answer is the result.
      for (const chunk of chunks.slice(0, -1)) {
        const part = await this.exchange({ cla: cmd.cla | CLA_CHAINING, ins: cmd.ins, p1: cmd.p1, p2: cmd.p2, data: chunk });
        if (part.sw !== SW.SUCCESS) return part;
      }
      last = { ...cmd, data: chunks[chunks.length - 1]! };
      response = await this.exchange(last);
    }
    if (isWrongLe(response.sw)) {
      // ISO 7816-4 §5.1.3: 6Cxx = wrong Le, xx is the exact length available. Re-send once with it.
      last = { ...last, le: sw2(response.sw) || APDU_LIMITS.SHORT_MAX_LE };
      response = await this.exchange(last);
    }
    return this.collectMoreData(response, cmd.cla & ~CLA_CHAINING);
  }

  /** transmit + throws errorForStatusWord unless 9000; returns data. */
  async send(cmd: CommandApdu): Promise<Uint8Array> {
    const response = await this.transmit(cmd);
    if (response.sw !== SW.SUCCESS) throw errorForStatusWord(response.sw, { command: cmd });
    return response.data;
  }

  private get extended(): boolean {
    return this.transport.capabilities.extendedApdu;
  }

  private fitsOneCommand(cmd: CommandApdu): boolean {
    const length = cmd.data?.length ?? 0;
    const limit = this.extended ? APDU_LIMITS.EXTENDED_MAX_DATA : APDU_LIMITS.SHORT_MAX_DATA;
    if (length > limit) return false;
    return length === 0 || encodeCommand(cmd, { extended: this.extended }).length <= this.maxCommandLength();
  }

  private maxCommandLength(): number {
    const max = this.transport.capabilities.maxCommandLength;
    return Number.isFinite(max) && max > 0 ? max : APDU_LIMITS.SHORT_MAX_DATA + SHORT_OVERHEAD;
  }

  /** Parts of at most 255 bytes that also fit the link's largest command with the worst-case overhead. */
  private split(data: Uint8Array): Uint8Array[] {
    const overhead = this.extended ? MAX_OVERHEAD : SHORT_OVERHEAD;
    const size = Math.max(1, Math.min(APDU_LIMITS.SHORT_MAX_DATA, this.maxCommandLength() - overhead));
    const chunks: Uint8Array[] = [];
    for (let offset = 0; offset < data.length; offset += size) chunks.push(data.subarray(offset, offset + size));
    return chunks;
  }

  /** ISO 7816-4 §5.1.3 / §7.6.1: 61xx → GET RESPONSE with Le = xx, concatenating the data until the last SW. */
  private async collectMoreData(first: ResponseApdu, cla: number): Promise<ResponseApdu> {
    if (!isMoreData(first.sw)) return first;
    const parts: Uint8Array[] = [];
    let total = 0;
    let response = first;
    while (isMoreData(response.sw)) {
      parts.push(response.data);
      total += response.data.length;
      if (total > this.maxResponseLength) {
        throw new MalformedApduError(total, `response chaining passed ${this.maxResponseLength} bytes`);
      }
      const le = sw2(response.sw) || APDU_LIMITS.SHORT_MAX_LE;
      response = await this.exchange({ cla, ins: INS_GET_RESPONSE, p1: 0, p2: 0, le });
    }
    parts.push(response.data);
    return { data: concatBytes(...parts), sw: response.sw };
  }

  private async exchange(cmd: CommandApdu): Promise<ResponseApdu> {
    const bytes = encodeCommand(cmd, { extended: this.extended });
    let raw: Uint8Array;
    try {
      raw = await this.transport.exchange(bytes);
    } catch (error) {
      this.log?.recordFailure(bytes, error instanceof Error ? error.name : 'exchange failed');
      throw error;
    }
    this.log?.record(bytes, raw);
    return parseResponse(raw);
  }
}

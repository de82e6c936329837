/**
 * The APDU processor: the stack of small layers over one transport, composed here and only here (STYLE.md,
 * yubikit `core/smartcard`). Top to bottom: response chaining (61xx), command chaining (CLA b5) or extended
 * length, wrong-length re-send (6Cxx), the layers a profile injects (`linkLayers`: secure messaging, ISO 7816-4
 * §10, protects every APDU that crosses the link, chained parts and GET RESPONSE included), then the transport. `send` hands anything but 9000 to errorForStatusWord, with the caller's context.
 */
import type { CommandApdu } from './command';
import type { ApduLayer } from './apdu-layer';
import { CommandChainingLayer } from './command-chaining';
import { errorForStatusWord, type StatusContext } from './errors';
import { REDACT_ALL_DATA, type RedactionPolicy } from './redaction';
import type { ResponseApdu } from './response';
import { ResponseChainingLayer } from './response-chaining';
import { SW } from './status-words';
import type { TrafficLog } from './traffic-log';
import type { ApduTransport } from './transport';
import { TransportLayer } from './transport-layer';
import { WrongLengthLayer } from './wrong-length';

export interface ApduProcessorOptions {
  readonly log?: TrafficLog;
  /**
   * The card profile's policy: which commands carry a secret (never re-sent, wiped after the exchange). Without
   * one every command with data counts as secret (fail closed), so nothing with data is re-sent on 6Cxx.
   */
  readonly redaction?: RedactionPolicy;
  /** Largest response (after 61xx chaining) accepted before giving up with MalformedApduError. */
  readonly maxResponseLength?: number;
  /** Most GET RESPONSE rounds of one command before giving up with MalformedApduError. */
  readonly maxResponseRounds?: number;
  /**
   * Layers a card profile adds just above the transport, outermost first: each gets the layer below it and
   * returns its own. A card with secure messaging adds its wrapping here instead of forking the stack.
   */
  readonly linkLayers?: readonly LinkLayerFactory[];
}

/** Builds one injected layer over the layer below it (see ApduProcessorOptions.linkLayers). */
export type LinkLayerFactory = (below: ApduLayer) => ApduLayer;

export class ApduProcessor {
  private readonly stack: ApduLayer;
  /** Tail of the queue of transmits: one chained flow must not interleave with another (61xx, CLA|10). */
  private tail: Promise<unknown> = Promise.resolve();

  constructor(transport: ApduTransport, options: ApduProcessorOptions = {}) {
    const bottom = new TransportLayer(transport, options.redaction ?? REDACT_ALL_DATA, options.log);
    const link = (options.linkLayers ?? []).reduceRight<ApduLayer>((below, make) => make(below), bottom);
    const wrongLength = new WrongLengthLayer(link, (command) => bottom.carriesSecret(command));
    const commandChaining = new CommandChainingLayer(wrongLength, transport.capabilities);
    this.stack = new ResponseChainingLayer(commandChaining, {
      maxResponseLength: options.maxResponseLength,
      maxRounds: options.maxResponseRounds,
    });
  }

  /**
   * Sends with chaining; returns the final response with its SW un-interpreted. Calls are queued: a GET
   * RESPONSE or chained part of one caller can never land between the exchanges of another.
   */
  transmit(command: CommandApdu): Promise<ResponseApdu> {
    // `tail` never rejects (see below), so one caller's failure does not fail the next.
    const run = this.tail.then(() => this.stack.transmit(command));
    this.tail = run.catch(() => undefined);
    return run;
  }

  /**
   * transmit + throws errorForStatusWord unless 9000; returns data. `context.pinCommand` tells the status-word
   * table that this is a PIN command, where the 630X quirk means tries left (status-words.ts).
   */
  async send(command: CommandApdu, context: Omit<StatusContext, 'command'> = {}): Promise<Uint8Array> {
    const response = await this.transmit(command);
    if (response.sw !== SW.SUCCESS) throw errorForStatusWord(response.sw, { ...context, command });
    return response.data;
  }
}

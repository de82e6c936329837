import { decodeCommand } from './command';
import { toHex } from './hex';

/** ISO 7816-4 interindustry instructions whose data field is a PIN or PUK (SP 800-73-4 Part 2 §3.2). */
export const PIN_INS = {
  VERIFY: 0x20,
  CHANGE_REFERENCE_DATA: 0x24,
  RESET_RETRY_COUNTER: 0x2c,
} as const;

/**
 * Instructions whose data is secret beyond PINs: the YubiKey PIV extensions SET MANAGEMENT KEY (FF, carries
 * the new key) and IMPORT ASYMMETRIC KEY (FE, carries a private key). Redacted like PINs.
 */
const OTHER_SECRET_INS: readonly number[] = [0xff, 0xfe];

export function isPinCommand(ins: number): boolean {
  return ins === PIN_INS.VERIFY || ins === PIN_INS.CHANGE_REFERENCE_DATA || ins === PIN_INS.RESET_RETRY_COUNTER;
}

/** Whether the data field of a command with this INS must never be logged or captured. */
export function isSecretCommand(ins: number): boolean {
  return isPinCommand(ins) || OTHER_SECRET_INS.includes(ins);
}

/** Where the data field sits: [start, end). Undefined when there is none; the whole body when malformed. */
function dataRange(command: Uint8Array): [number, number] | undefined {
  if (command.length <= 4) return undefined;
  try {
    const data = decodeCommand(command).data;
    if (!data) return undefined;
    // ISO 7816-4 §5.1: short Lc is one non-zero byte at offset 4; extended Lc is 00 + two bytes.
    const start = command[4] === 0 ? 7 : 5;
    return [start, start + data.length];
  } catch {
    // Not a valid APDU: we cannot tell where the data is, so treat everything after the header as secret.
    return [4, command.length];
  }
}

/**
 * A copy of `command` of the same length with the data bytes of PIN-carrying (and other secret) commands
 * zeroed, so the header and length fields stay readable. Also used by the USB capture writer.
 */
export function redactCommand(command: Uint8Array): Uint8Array<ArrayBuffer> {
  const copy = command.slice();
  const range = command.length > 1 && isSecretCommand(command[1]!) ? dataRange(command) : undefined;
  if (range) copy.fill(0, range[0], range[1]);
  return copy;
}

/** "HEADER LC DATA LE" with the secret data shown as "**" per byte. */
function formatCommand(command: Uint8Array): string {
  const range = dataRange(command);
  if (!range) return toHex(command.subarray(0, 4)) + (command.length > 4 ? ' ' + toHex(command.subarray(4)) : '');
  const secret = command.length > 1 && isSecretCommand(command[1]!);
  const data = secret ? '**'.repeat(range[1] - range[0]) : toHex(command.subarray(range[0], range[1]));
  const parts = [toHex(command.subarray(0, 4)), toHex(command.subarray(4, range[0])), data, toHex(command.subarray(range[1]))];
  return parts.filter((part) => part.length > 0).join(' ');
}

function formatResponse(response: Uint8Array): string {
  if (response.length < 2) return toHex(response) + ' (no status word)';
  const data = toHex(response.subarray(0, response.length - 2));
  const sw = toHex(response.subarray(response.length - 2));
  return data ? `${data} ${sw}` : sw;
}

export interface TrafficLogOptions {
  /** Most lines kept; older lines are dropped first. */
  readonly capacity?: number;
}

const DEFAULT_CAPACITY = 2000;

/** One line kept in the log, formatted only when someone reads it (the exchange path stays cheap). */
type LogEntry =
  | { readonly mark: '>'; readonly command: Uint8Array }
  | { readonly mark: '<'; readonly response: Uint8Array }
  | { readonly mark: '!'; readonly reason: string };

function formatEntry(entry: LogEntry): string {
  switch (entry.mark) {
    case '>':
      return `> ${formatCommand(entry.command)}`;
    case '<':
      return `< ${formatResponse(entry.response)}`;
    case '!':
      return `! ${entry.reason}`;
  }
}

/**
 * Diagnostic APDU trace for the helpdesk export: "> command" / "< response" lines in a capped ring buffer.
 * PINs never reach it: a command is stored only as its redacted copy, and secret data is shown as "**"
 * (issue 2 §2). Lines are formatted when read, not on every exchange.
 */
export class TrafficLog {
  private readonly capacity: number;
  private readonly buffer: LogEntry[] = [];
  private droppedLines = 0;

  constructor(options: TrafficLogOptions = {}) {
    this.capacity = Math.max(2, Math.floor(options.capacity ?? DEFAULT_CAPACITY));
  }

  record(command: Uint8Array, response: Uint8Array): void {
    this.push({ mark: '>', command: redactCommand(command) });
    this.push({ mark: '<', response: response.slice() });
  }

  /** An exchange that ended without a response (disconnect, timeout): `reason` is the error's name. */
  recordFailure(command: Uint8Array, reason: string): void {
    this.push({ mark: '>', command: redactCommand(command) });
    this.push({ mark: '!', reason });
  }

  lines(): string[] {
    return this.buffer.map(formatEntry);
  }

  /** How many lines fell out of the ring buffer since the last clear. */
  get dropped(): number {
    return this.droppedLines;
  }

  clear(): void {
    this.buffer.length = 0;
    this.droppedLines = 0;
  }

  private push(entry: LogEntry): void {
    this.buffer.push(entry);
    if (this.buffer.length > this.capacity) {
      this.buffer.shift();
      this.droppedLines++;
    }
  }
}

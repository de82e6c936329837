import { toHex } from './hex';
import { inRanges, redactBytes, REDACT_ALL_DATA, type ByteRange, type RedactionPolicy } from './redaction';

/** ISO 7816-4 §5.1.3: SW1 61 = more data, fetched by the GET RESPONSE commands that follow. */
const SW1_MORE_DATA = 0x61;

/**
 * A copy of `command` of the same length with the bytes `policy` calls secret zeroed, so the header and length
 * fields stay readable. Without a policy every data byte is zeroed (fail closed).
 */
export function redactCommand(command: Uint8Array, policy: RedactionPolicy = REDACT_ALL_DATA): Uint8Array<ArrayBuffer> {
  return redactBytes(command, policy.commandSecrets(command));
}

/** Hex of `bytes` split at the given boundaries, secret bytes shown as "**" each (the zeros would mislead). */
function formatBytes(bytes: Uint8Array, secrets: readonly ByteRange[], cuts: readonly number[]): string {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < bytes.length; i++) {
    if (cuts.includes(i) && current) {
      parts.push(current);
      current = '';
    }
    current += inRanges(i, secrets) ? '**' : toHex(bytes.subarray(i, i + 1));
  }
  if (current) parts.push(current);
  return parts.join(' ');
}

/** Where a command's fields begin (ISO 7816-4 §5.1): header, Lc, data, Le; from the stored length fields. */
function commandCuts(command: Uint8Array): number[] {
  const n = command.length;
  if (n <= 4) return [];
  const b4 = command[4]!;
  if (b4 !== 0) return n >= 5 + b4 ? [4, 5, 5 + b4] : [4];
  if (n <= 7) return [4];
  const lc = (command[5]! << 8) | command[6]!;
  return [4, 7, 7 + lc];
}

function formatResponse(response: Uint8Array, secrets: readonly ByteRange[]): string {
  if (response.length < 2) return formatBytes(response, secrets, []) + ' (no status word)';
  return formatBytes(response, secrets, [response.length - 2]);
}

export interface TrafficLogOptions {
  /** Most lines kept; older lines are dropped first. */
  readonly capacity?: number;
  /** What is secret, from the card profile; defaults to REDACT_ALL_DATA (every data byte hidden). */
  readonly redaction?: RedactionPolicy;
}

const DEFAULT_CAPACITY = 2000;

/** One line kept in the log, formatted only when someone reads it (the exchange path stays cheap). */
type LogEntry =
  | { readonly mark: '>'; readonly command: Uint8Array; readonly secrets: readonly ByteRange[]; readonly cuts: readonly number[] }
  | { readonly mark: '<'; readonly response: Uint8Array; readonly secrets: readonly ByteRange[] }
  | { readonly mark: '!'; readonly reason: string };

function formatEntry(entry: LogEntry): string {
  switch (entry.mark) {
    case '>':
      return `> ${formatBytes(entry.command, entry.secrets, entry.cuts)}`;
    case '<':
      return `< ${formatResponse(entry.response, entry.secrets)}`;
    case '!':
      return `! ${entry.reason}`;
  }
}

/**
 * Diagnostic APDU trace for the helpdesk export: "> command" / "< response" lines in a capped ring buffer.
 * Secrets never reach it: commands and responses are stored only as copies with the ranges the card profile's
 * policy names zeroed, shown as "**" (issue 7 §4). A GET RESPONSE answer after 61xx is judged against the command
 * it continues too, so a secret response stays hidden when it arrives in parts. Lines are formatted when read.
 */
export class TrafficLog {
  private readonly capacity: number;
  private readonly buffer: LogEntry[] = [];
  private droppedLines = 0;
  private policy: RedactionPolicy;
  /** Copy of the command whose answer said 61xx, while its continuation lasts; wiped when it ends. */
  private continuing: Uint8Array | null = null;

  constructor(options: TrafficLogOptions = {}) {
    this.capacity = Math.max(2, Math.floor(options.capacity ?? DEFAULT_CAPACITY));
    this.policy = options.redaction ?? REDACT_ALL_DATA;
  }

  /** Replaces the policy, e.g. once the card profile is known after detection. */
  setRedaction(policy: RedactionPolicy): void {
    this.policy = policy;
  }

  record(command: Uint8Array, response: Uint8Array): void {
    this.pushCommand(command);
    const secrets = [...this.policy.responseSecrets(command, response)];
    if (this.continuing) secrets.push(...this.policy.responseSecrets(this.continuing, response));
    this.push({ mark: '<', response: redactBytes(response, secrets), secrets });
    const more = response.length >= 2 && response[response.length - 2] === SW1_MORE_DATA;
    if (more) {
      this.continuing ??= command.slice();
    } else {
      this.endContinuation();
    }
  }

  /** An exchange that ended without a response (disconnect, timeout): `reason` is the error's name. */
  recordFailure(command: Uint8Array, reason: string): void {
    this.pushCommand(command);
    this.push({ mark: '!', reason });
    this.endContinuation();
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
    this.endContinuation();
  }

  private pushCommand(command: Uint8Array): void {
    const secrets = this.policy.commandSecrets(command);
    // Field boundaries come from the command as sent: its redacted copy may have lost its Lc.
    this.push({ mark: '>', command: redactBytes(command, secrets), secrets, cuts: commandCuts(command) });
  }

  private endContinuation(): void {
    this.continuing?.fill(0);
    this.continuing = null;
  }

  private push(entry: LogEntry): void {
    this.buffer.push(entry);
    if (this.buffer.length > this.capacity) {
      this.buffer.shift();
      this.droppedLines++;
    }
  }
}

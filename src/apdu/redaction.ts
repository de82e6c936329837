/**
 * What of an APDU is secret, decided by the card profile that knows the command set (issue 7 §4, each profile's
 * redaction-policy.ts): one says the data of VERIFY is a PIN, a GM/T 0017 profile would say which CLA 80/84
 * commands carry one. `apdu/` only applies
 * the ranges a policy returns (traffic log, no re-send of secret commands); it keeps no instruction list.
 */
import type { ByteRange, RedactionPolicy } from '../shared/redaction';
import { CLA_CHAINING } from './command';

export type { ByteRange, RedactionPolicy } from '../shared/redaction';

const NONE: readonly ByteRange[] = Object.freeze([]);

/** Nothing is secret: for tests and for command sets that carry no secret at all. */
export const NO_REDACTION: RedactionPolicy = Object.freeze({
  commandSecrets: () => NONE,
  responseSecrets: () => NONE,
});

/**
 * The fail-closed default when no profile said anything: every command data field and every response data
 * field is secret (headers, Lc/Le and status words stay readable), so a forgotten policy hides too much, never
 * too little.
 */
export const REDACT_ALL_DATA: RedactionPolicy = Object.freeze({
  commandSecrets: (command: Uint8Array) => listOf(commandDataRange(command)),
  responseSecrets: (_command: Uint8Array, response: Uint8Array) => listOf(responseDataRange(response)),
});

function listOf(range: ByteRange | undefined): readonly ByteRange[] {
  return range ? [range] : NONE;
}

/** A command "carries a secret" when its policy names any range of it; such a command is never re-sent. */
export function carriesSecret(policy: RedactionPolicy, command: Uint8Array): boolean {
  return policy.commandSecrets(command).length > 0;
}

/**
 * Where the data field of a command APDU sits (ISO 7816-4 §5.1: short Lc is one non-zero byte at offset 4,
 * extended Lc is 00 + two bytes). Undefined when there is none (cases 1 and 2); everything after the header
 * when the length fields do not add up, since then nobody can tell where the data is.
 */
export function commandDataRange(command: Uint8Array): ByteRange | undefined {
  const n = command.length;
  if (n <= 5) return undefined; // case 1, case 2S
  const b4 = command[4]!;
  if (b4 !== 0) {
    if (n === 5 + b4 || n === 6 + b4) return { start: 5, end: 5 + b4 }; // cases 3S, 4S
    return { start: 4, end: n };
  }
  if (n === 7) return undefined; // case 2E
  if (n < 7) return { start: 4, end: n };
  const lc = (command[5]! << 8) | command[6]!;
  if (lc !== 0 && (n === 7 + lc || n === 9 + lc)) return { start: 7, end: 7 + lc }; // cases 3E, 4E
  return { start: 4, end: n };
}

/** The data of a response APDU (all but SW1 SW2); all of it when there is no status word to keep. */
export function responseDataRange(response: Uint8Array): ByteRange | undefined {
  if (response.length < 2) return response.length === 0 ? undefined : { start: 0, end: response.length };
  return response.length === 2 ? undefined : { start: 0, end: response.length - 2 };
}

/** A copy of `bytes` with every range zeroed (clamped to the bytes); the input is never changed. */
export function redactBytes(bytes: Uint8Array, ranges: readonly ByteRange[]): Uint8Array<ArrayBuffer> {
  const copy = bytes.slice();
  for (const { start, end } of ranges) copy.fill(0, Math.max(0, start), Math.min(copy.length, end));
  return copy;
}

/** Whether offset `index` falls in any of `ranges`. */
export function inRanges(index: number, ranges: readonly ByteRange[]): boolean {
  return ranges.some((range) => index >= range.start && index < range.end);
}

/** One policy that hides what any of `policies` hides (a profile adds its own rules to a base). */
export function combineRedaction(...policies: readonly RedactionPolicy[]): RedactionPolicy {
  return {
    commandSecrets: (command) => policies.flatMap((policy) => policy.commandSecrets(command)),
    responseSecrets: (command, response) => policies.flatMap((policy) => policy.responseSecrets(command, response)),
  };
}

/**
 * A command whose data field, response data, or both are secret, recognised by its header. The CLA is compared
 * with the chaining bit (ISO 7816-4 §5.4.1 b5) cleared, so every part of a chained command matches.
 */
export interface SecretInstruction {
  readonly ins: number;
  /** CLA bytes (chaining bit clear), e.g. [0x80, 0x84] for a proprietary class; omitted = any class. */
  readonly classes?: readonly number[];
  /** Only this P1 / P2 (e.g. a key reference); omitted = any. */
  readonly p1?: number;
  readonly p2?: number;
  readonly commandData: boolean;
  readonly responseData: boolean;
}

function matches(rule: SecretInstruction, command: Uint8Array): boolean {
  if (command.length < 4 || command[1] !== rule.ins) return false;
  if (rule.classes && !rule.classes.includes(command[0]! & ~CLA_CHAINING)) return false;
  if (rule.p1 !== undefined && command[2] !== rule.p1) return false;
  return rule.p2 === undefined || command[3] === rule.p2;
}

/** A policy from header rules: how a profile declares its secret commands, proprietary CLA 80/84 ones included. */
export function secretInstructions(rules: readonly SecretInstruction[]): RedactionPolicy {
  return {
    commandSecrets(command) {
      const secret = rules.some((rule) => rule.commandData && matches(rule, command));
      return secret ? listOf(commandDataRange(command)) : NONE;
    },
    responseSecrets(command, response) {
      const secret = rules.some((rule) => rule.responseData && matches(rule, command));
      return secret ? listOf(responseDataRange(response)) : NONE;
    },
  };
}

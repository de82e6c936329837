/**
 * Typed errors across the worker boundary. comlink's own "throw" handler keeps only message, name and stack
 * (STYLE.md, errors across the worker boundary), so a WrongPinError would arrive as a plain Error without
 * attemptsRemaining. Both sides call `installErrorTransfer()`: thrown UKeyErrors then travel as
 * serializeError() data and are rebuilt as the registered class by deserializeError(); UKeyErrors passed as
 * values use the 'ukey-error' handler. Anything else keeps comlink's default behaviour. A side rebuilds the
 * classes it loaded itself; another error arrives with its name, fields, guide and texts (issue 17 §3), so no
 * list of every group's error modules is kept.
 */
import { transferHandlers, type TransferHandler } from 'comlink';
import {
  deserializeError,
  isSerializedUKeyError,
  serializeError,
  UKeyError,
  type SerializedUKeyError,
} from '../shared/errors';

export const UKEY_ERROR_HANDLER = 'ukey-error';
const THROW_HANDLER = 'throw';

/** Wire form of a thrown UKeyError (comlink's own form is { isError, value }). */
interface ThrownUKeyError {
  readonly ukeyError: SerializedUKeyError;
}

function isThrownUKeyError(value: unknown): value is ThrownUKeyError {
  return typeof value === 'object' && value !== null && isSerializedUKeyError((value as { ukeyError?: unknown }).ukeyError);
}

const valueHandler: TransferHandler<UKeyError, SerializedUKeyError> = {
  canHandle: (value): value is UKeyError => value instanceof UKeyError,
  serialize: (error) => [serializeError(error), []],
  deserialize: (data) => deserializeError(data) as UKeyError,
};

let installed = false;

export function installErrorTransfer(): void {
  if (installed) return;
  const original = transferHandlers.get(THROW_HANDLER) as TransferHandler<{ value: unknown }, unknown> | undefined;
  if (!original) throw new Error('comlink has no "throw" transfer handler to extend');
  const throwHandler: TransferHandler<{ value: unknown }, unknown> = {
    canHandle: (value): value is { value: unknown } => original.canHandle(value),
    serialize: (thrown) => {
      if (thrown.value instanceof UKeyError) return [{ ukeyError: serializeError(thrown.value) } satisfies ThrownUKeyError, []];
      return original.serialize(thrown);
    },
    deserialize: (data) => {
      if (isThrownUKeyError(data)) throw deserializeError(data.ukeyError);
      return original.deserialize(data);
    },
  };
  transferHandlers.set(THROW_HANDLER, throwHandler);
  transferHandlers.set(UKEY_ERROR_HANDLER, valueHandler as TransferHandler<unknown, unknown>);
  installed = true;
}

import { UKeyError } from './ukey-error';

/** Plain data form of a UKeyError, safe for structured clone (postMessage) and JSON. */
export interface SerializedUKeyError {
  readonly isUKeyError: true;
  readonly name: string;
  readonly message: string;
  readonly fields: Record<string, string | number | boolean | null>;
}

type Rebuild = (message: string, fields: Record<string, string | number | boolean | null>) => UKeyError;

const registry = new Map<string, Rebuild>();

/**
 * Registers how to rebuild an error class from its serialized form. Each module that defines errors calls
 * this once at load; the worker and the window import the same modules, so both sides know every class.
 */
export function registerError(name: string, rebuild: Rebuild): void {
  registry.set(name, rebuild);
}

export function serializeError(error: UKeyError): SerializedUKeyError {
  return { isUKeyError: true, name: error.name, message: error.message, fields: error.toFields() };
}

export function isSerializedUKeyError(value: unknown): value is SerializedUKeyError {
  return typeof value === 'object' && value !== null && (value as { isUKeyError?: unknown }).isUKeyError === true;
}

/** Rebuilds the registered class; an unknown name falls back to a generic error that keeps name and fields. */
export function deserializeError(data: SerializedUKeyError): Error {
  const rebuild = registry.get(data.name);
  if (rebuild) return rebuild(data.message, data.fields);
  const generic = new Error(data.message);
  generic.name = data.name;
  return generic;
}

/** Every registered error name (the UI checks each has a user-facing text in every language). */
export function registeredErrorNames(): string[] {
  return [...registry.keys()].sort();
}

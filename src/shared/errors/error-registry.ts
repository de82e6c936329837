import { errorTextsOf, learnErrorTexts, type ErrorTextPair } from './error-text-registry';
import { UKeyError } from './ukey-error';

/** Plain data form of a UKeyError, safe for structured clone (postMessage) and JSON. */
export interface SerializedUKeyError {
  readonly isUKeyError: true;
  readonly name: string;
  readonly message: string;
  readonly fields: Record<string, string | number | boolean | null>;
  /** The guide of the error, so a side that never loaded its class still links the right guide. */
  readonly guideId?: string;
  /**
   * The error's texts as the sending side registered them (issue 17 §3): the window shows them without loading
   * the module of every group whose errors may cross (a card profile's, a lazily loaded emulator's).
   */
  readonly texts?: ErrorTextPair;
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
  const texts = errorTextsOf(error.name);
  return { isUKeyError: true, name: error.name, message: error.message, fields: error.toFields(), guideId: error.guideId, ...(texts ? { texts } : {}) };
}

export function isSerializedUKeyError(value: unknown): value is SerializedUKeyError {
  return typeof value === 'object' && value !== null && (value as { isUKeyError?: unknown }).isUKeyError === true;
}

/**
 * Rebuilds the registered class; a class this side never loaded becomes a plain Error that keeps the name, the
 * typed fields (also as properties, as the class had them), the guide and the texts it carried.
 */
export function deserializeError(data: SerializedUKeyError): Error {
  learnErrorTexts(data.name, data.texts);
  const rebuild = registry.get(data.name);
  if (rebuild) return rebuild(data.message, data.fields);
  const generic = Object.assign(new Error(data.message), data.fields, { fields: data.fields });
  generic.name = data.name;
  if (data.guideId !== undefined) Object.assign(generic, { guideId: data.guideId });
  return generic;
}

/** Every registered error name (the UI checks each has a user-facing text in every language). */
export function registeredErrorNames(): string[] {
  return [...registry.keys()].sort();
}

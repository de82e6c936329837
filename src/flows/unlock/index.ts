export * from './code-refusal';
export * from './errors';
export * from './escrow-machine';
export * from './escrow-record';
export * from './unblock-code-generator';
export * from './escrow-record-reader';
export { UNLOCK_ERROR_TEXTS } from './error-texts';
import './errors';

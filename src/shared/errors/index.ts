export { errorText, errorTextsOf, learnErrorTexts, registerErrorTexts } from './error-text-registry';
export type { ErrorText, ErrorTextPair } from './error-text-registry';
export { deserializeError, isSerializedUKeyError, registerError, serializeError } from './error-registry';
export type { SerializedUKeyError } from './error-registry';
export { UKeyError } from './ukey-error';
export { GUIDE_IDS } from './guide-ids';
export type { GuideId } from './guide-ids';
export { NotSupportedError } from './common-errors';
export { CorruptRecordError } from './corrupt-record-error';

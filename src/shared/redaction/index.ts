export type { ByteRange, RedactionPolicy } from './redaction-policy';

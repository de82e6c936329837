/**
 * Shape check of an escrow record read back from storage (the lead's IndexedDB store): a record from an older
 * or damaged build becomes CorruptRecordError, never a wrong phase acted on — a bad phase could send an unblock code
 * change the card does not expect. Every field is checked, bytes must be Uint8Array.
 */
import type { CmpTransaction } from '../../shared/cmp';
import { CorruptRecordError } from '../../shared/errors';
import type { EscrowPhase, EscrowRecord, UnlockRequestEntry } from './escrow-record';

const PHASES: readonly EscrowPhase[] = ['resetting', 'at-factory', 'pending', 'changing', 'changed', 'committed', 'kept-old'];
/** Phases after the CA answered phase 1: they need the escrow id and the signed commit. */
const HAS_COMMIT: readonly EscrowPhase[] = ['pending', 'changing', 'changed', 'committed'];

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
const isBytes = (v: unknown): v is Uint8Array => v instanceof Uint8Array;
const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

function isTransaction(v: unknown): v is CmpTransaction {
  return (
    isObj(v) &&
    isBytes(v.transactionId) && v.transactionId.length > 0 &&
    isBytes(v.lastSenderNonce) &&
    (v.lastRecipNonce === undefined || isBytes(v.lastRecipNonce)) &&
    Number.isInteger(v.certReqId) &&
    isBytes(v.recipient)
  );
}

export function readEscrowRecord(value: unknown, key: string): EscrowRecord {
  const bad = (): never => {
    throw new CorruptRecordError('unlockEscrows', key);
  };
  if (!isObj(value)) return bad();
  const phase = value.phase;
  if (!PHASES.includes(phase as EscrowPhase)) return bad();
  if (!isStr(value.tokenId) || value.tokenId !== key || !isStr(value.keySerial) || !isTime(value.updatedAt)) return bad();
  if (typeof value.committedBefore !== 'boolean') return bad();
  if (value.directChange !== undefined && typeof value.directChange !== 'boolean') return bad();
  const needsCommit = HAS_COMMIT.includes(phase as EscrowPhase);
  if (needsCommit ? !isStr(value.escrowId) || value.escrowId === '' : value.escrowId !== null && !isStr(value.escrowId)) return bad();
  if (needsCommit ? !isBytes(value.commitDer) || !isTransaction(value.commitTransaction) : !(value.commitDer === null || isBytes(value.commitDer))) return bad();
  if (!needsCommit && value.commitTransaction !== null && !isTransaction(value.commitTransaction)) return bad();
  return value as unknown as EscrowRecord;
}

export function readUnlockRequestEntry(value: unknown, key: string): UnlockRequestEntry {
  if (isObj(value) && isStr(value.keySerial) && isStr(value.requestId) && value.requestId !== '' && isTime(value.filedAt)) return value as unknown as UnlockRequestEntry;
  throw new CorruptRecordError('unlockRequests', key);
}

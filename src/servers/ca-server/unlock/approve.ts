/** Operator approval of an unlock request (reference server: `ca approve-unlock`): produces the one-time code. */
import { seal } from '../../../shared/cmp';
import type { CaMaterial } from '../ca-material';
import type { CaRepository, UnlockRequestRecord } from '../storage/repository';
import { DEFAULT_CODE_ATTEMPTS, DEFAULT_CODE_TTL_SECONDS, newUnlockCode } from './unlock-codes';

export interface Approval {
  readonly request: UnlockRequestRecord;
  readonly code: string;
  readonly expiresAt: Date;
  readonly attempts: number;
}

export async function approveUnlock(
  ca: CaMaterial,
  repository: CaRepository,
  requestId: string,
  options: { ttlSeconds?: number; attempts?: number; now?: Date } = {},
): Promise<Approval | null> {
  const request = await repository.findUnlockRequest(requestId);
  if (!request || (request.state !== 'filed' && request.state !== 'approved')) return null;
  const code = newUnlockCode();
  const now = options.now ?? new Date();
  const expiresAt = new Date(now.getTime() + (options.ttlSeconds ?? DEFAULT_CODE_TTL_SECONDS) * 1000);
  const attempts = options.attempts ?? DEFAULT_CODE_ATTEMPTS;
  const sealedCode = await seal(ca.escrowPublicKey, new TextEncoder().encode(code), request.requestId, 'code');
  if (!(await repository.approveUnlockRequest(requestId, { sealedCode, expiresAt: expiresAt.getTime(), attempts }))) return null;
  return { request, code, expiresAt, attempts };
}

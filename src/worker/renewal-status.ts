/** A journal as the UI sees it: plain data, no request bytes, progress as "step n of m" (issue 10 §2). */
import { RENEWAL_STEPS, stepIndex, roleOf, type RenewalJournal } from '../flows/renewal';
import type { RenewalStatus } from './device-service-api';

export function renewalStatus(journal: RenewalJournal, wait: { retryAfterSeconds: number | null; reason: string } | null): RenewalStatus {
  return {
    id: journal.id,
    tokenId: journal.tokenId,
    tokenSerial: journal.tokenSerial,
    mainKeyRef: journal.mainKeyRef,
    newKeyRef: journal.newKeyRef,
    step: journal.step,
    stepNumber: stepIndex(journal.step) + 1,
    stepCount: RENEWAL_STEPS.indexOf('done') + 1,
    activeKeyRef: journal.activeKeyRef ?? null,
    roleKeyRef: roleOf(journal),
    newCertificate: journal.newCertificate ?? null,
    failure: journal.failure ?? null,
    keyKept: journal.keyKept === true,
    checkAfter: journal.checkAfter ?? null,
    waiting: wait,
    caUrl: journal.caUrl,
    createdAt: journal.createdAt,
    updatedAt: journal.updatedAt,
  };
}

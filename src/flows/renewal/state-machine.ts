/**
 * The resumable renewal state machine (issue 10 §2). `runRenewal` performs steps until the renewal is final or
 * must wait (network down, CA `waiting`); each step's outcome is saved in the journal before the next begins,
 * and every step is safe to repeat, so a crash or an unplugged key at any point resumes from the journal.
 * The old key stays usable until the new key and certificate are installed in its place.
 */
import {
  buildCertConf,
  buildPollReq,
  buildCertRequest,
  verifyCmpResponse,
  CmpDecodeError,
  CmpRejectedError,
  CmpVerificationError,
  type CmpOutcome,
} from '../../shared/cmp';
import { toHex } from '../../apdu';
import { subjectFromCertificate } from '../../shared/pki';
import { RenewalStateError, RenewalTokenMismatchError } from './errors';
import { isFinal, type RenewalFailure, type RenewalJournal } from './journal';
import type { RenewalContext } from './ports';
import { bytesEqual, clearNewSlot, isMissingKeyError, keyMatchesCertificate, tokenSigner } from './token-steps';

export type RenewalRunResult =
  | { readonly kind: 'final'; readonly journal: RenewalJournal }
  /** Try again later: the CA is unreachable (retryAfterSeconds from Retry-After) or asked to poll after checkAfter. */
  | { readonly kind: 'wait'; readonly journal: RenewalJournal; readonly retryAfterSeconds: number | null; readonly reason: string };

type StepResult = RenewalJournal | { wait: number | null; reason: string };

/** Key generations per renewal: the first, and one re-make when the card lost the key before the request left. */
const MAX_KEY_GENERATIONS = 2;

/** When each run began: a message built before it waited in the outbox and may have outlived the CA's window. */
const runStarts = new WeakMap<RenewalContext, number>();

/** RFC 9483 §3.1: the CA refused a message that waited longer than its messageTime window (issue 15 §3). Only a
 * message queued before this run counts, so a CA that refuses a fresh one (a wrong clock) cannot loop us. */
function refusedAsLate(ctx: RenewalContext, j: RenewalJournal, error: unknown): boolean {
  return error instanceof CmpRejectedError && error.failInfo.includes('badTime') && Date.parse(j.updatedAt) < (runStarts.get(ctx) ?? 0);
}

async function save(ctx: RenewalContext, journal: RenewalJournal, changes: Partial<RenewalJournal>): Promise<RenewalJournal> {
  const next: RenewalJournal = { ...journal, ...changes, updatedAt: ctx.now().toISOString() };
  await ctx.store.save(next);
  return next;
}

const oldSender = (ctx: RenewalContext, j: RenewalJournal) => ({ certificate: j.oldCertificate, chain: j.chain, signer: tokenSigner(ctx, j, j.mainKeyRef) });

function failureOf(error: unknown): RenewalFailure {
  if (error instanceof CmpRejectedError) return { code: error.name, message: error.reason || error.message };
  return { code: error instanceof Error ? error.name : 'Error', message: error instanceof Error ? error.message : String(error) };
}

/** Ends without a new certificate: the new key reference is cleared first, then the journal says failed. */
async function fail(ctx: RenewalContext, journal: RenewalJournal, failure: RenewalFailure): Promise<RenewalJournal> {
  await clearNewSlot(ctx, journal);
  return save(ctx, journal, { step: 'failed', failure, pendingRequest: undefined });
}

/**
 * After `answered` the CA has certified the new key: the key reference is never cleared again (issue 15 §2, review
 * defect 3). A certConf the CA refused in a verified CMP error ends the renewal with the key and certificate
 * kept in the new key reference; the old key in the main key reference is untouched.
 */
function keepAndFail(ctx: RenewalContext, journal: RenewalJournal, failure: RenewalFailure): Promise<RenewalJournal> {
  return save(ctx, journal, { step: 'failed', failure, keyKept: true, pendingRequest: undefined });
}

/**
 * The code failureOf gives a verified CA error: the error's own `name` string. Never `CmpRejectedError.name`
 * (Function.name), which the app bundle minifies — there a CA's verified refusal read as "not answered" and the
 * certConf was re-sent without end (E2E test/e2e/renewal-kept.test.ts).
 */
const CMP_REJECTED: CmpRejectedError['name'] = 'CmpRejectedError';

/**
 * The certConf got no answer we can act on: a proxy's 200 text/html, a body that does not decode or verify
 * (RFC 9810 §5.1.3: never act on it). That is not the CA's word, so the stored certConf is sent again later
 * (the CA replays its answer to a repeat); a refusal as late rebuilds it (above). Only a verified CA error ends it.
 */
function certConfNotAnswered(ctx: RenewalContext, journal: RenewalJournal, failure: RenewalFailure): StepResult | Promise<RenewalJournal> {
  if (failure.code === CMP_REJECTED) return keepAndFail(ctx, journal, failure);
  return { wait: null, reason: `certConf not answered by the CA (${failure.code}: ${failure.message}); sent again later` };
}

/** A check on our side failed after the CA issued: certConf(reject) (RFC 9483 §4.1.1) so the CA revokes it. */
async function reject(ctx: RenewalContext, journal: RenewalJournal, check: string, reason: string): Promise<RenewalJournal> {
  const conf = await buildCertConf({
    sender: oldSender(ctx, journal),
    transaction: journal.transaction!,
    certificate: journal.newCertificate!,
    verdict: { accept: false, failInfo: 'badCertTemplate', reason },
  });
  return save(ctx, journal, { step: 'rejecting', pendingRequest: conf.der, transaction: conf.transaction, failure: { code: check, message: reason } });
}

/** Sends the journal's pending message; the CA replays its stored answer for a repeat (issue 10 §3). */
async function exchange(ctx: RenewalContext, j: RenewalJournal, expectCertificate: boolean): Promise<CmpOutcome | { wait: number | null; reason: string } | { failure: RenewalFailure } | { late: true }> {
  const sent = await ctx.send(j.caUrl, j.pendingRequest!, toHex(j.transaction!.transactionId));
  if (sent.kind === 'retry') return { wait: sent.retryAfterSeconds, reason: sent.reason };
  if (sent.kind === 'failed') return { failure: { code: 'TransferFailed', message: sent.reason } };
  try {
    return await verifyCmpResponse(sent.der, {
      transaction: j.transaction!,
      caCmpCertificate: j.caCmpCertificate,
      now: ctx.now(),
      ...(expectCertificate ? { newPublicKey: j.newPublicKey!, subject: subjectFromCertificate(j.oldCertificate) } : {}),
      ...(ctx.trustStore ? { trustStore: ctx.trustStore } : {}),
    });
  } catch (error) {
    if (refusedAsLate(ctx, j, error)) return { late: true };
    // Never act on a response that did not verify (RFC 9810 §5.1.3): the renewal ends with the reason.
    if (error instanceof CmpRejectedError || error instanceof CmpVerificationError || error instanceof CmpDecodeError) return { failure: failureOf(error) };
    throw error;
  }
}

async function sendCertificateRequest(ctx: RenewalContext, j: RenewalJournal): Promise<StepResult> {
  const outcome = await exchange(ctx, j, true);
  // Refused as late: the key stays, the request is built and signed again (now, with this run's PIN).
  if ('late' in outcome) return save(ctx, j, j.step === 'waiting' ? { pendingRequest: undefined } : { step: 'key-generated', pendingRequest: undefined });
  if ('failure' in outcome) return fail(ctx, j, outcome.failure);
  if ('wait' in outcome) return outcome;
  if (outcome.kind === 'certificate') {
    return save(ctx, j, { step: 'answered', newCertificate: outcome.certificate, transaction: outcome.transaction, pendingRequest: undefined });
  }
  if (outcome.kind === 'waiting') {
    // RFC 9483 §4.4: an ip/cp with status waiting carries no checkAfter; the first pollReq goes at once and the
    // pollRep says when to ask again.
    const checkAfter = new Date(ctx.now().getTime() + (outcome.checkAfterSeconds ?? 0) * 1000).toISOString();
    return save(ctx, j, { step: 'waiting', transaction: outcome.transaction, checkAfter, pendingRequest: undefined });
  }
  return fail(ctx, j, { code: 'UnexpectedAnswer', message: `CA answered ${outcome.kind} to a certificate request` });
}

async function step(ctx: RenewalContext, j: RenewalJournal): Promise<StepResult> {
  const token = ctx.token;
  switch (j.step) {
    case 'planned': {
      // At most one re-make (issue 15 §2): a key that vanishes twice is not a card reset but a card we misread.
      const generations = j.keyGenerations ?? 0;
      if (generations >= MAX_KEY_GENERATIONS) return fail(ctx, j, { code: 'new-key-missing', message: `the new key in ${j.newKeyRef.toString(16)} vanished after ${generations} generations` });
      return save(ctx, j, { step: 'key-generated', newPublicKey: await token.generateKey(j.newKeyRef, j.algorithm), keyGenerations: generations + 1 });
    }
    case 'key-generated': {
      const popo = tokenSigner(ctx, j, j.newKeyRef);
      let newKeyMissing = false;
      const built = await buildCertRequest({
        kind: 'kur',
        signerCertificate: j.oldCertificate,
        chain: j.chain,
        newPublicKey: j.newPublicKey!,
        newKeySigner: {
          algorithm: popo.algorithm,
          sign: (data) =>
            popo.sign(data).catch((error: unknown) => {
              newKeyMissing = isMissingKeyError(error);
              throw error;
            }),
        },
        protectionSigner: tokenSigner(ctx, j, j.mainKeyRef),
        messageTime: ctx.now(),
      }).catch((error: unknown) => {
        // The new key is gone (card reset) before anything was sent: make it again.
        if (newKeyMissing) return null;
        throw error;
      });
      if (!built) return save(ctx, j, { step: 'planned', newPublicKey: undefined });
      return save(ctx, j, { step: 'request-built', pendingRequest: built.der, transaction: built.transaction });
    }
    case 'request-built':
      return sendCertificateRequest(ctx, j);
    case 'waiting': {
      if (j.pendingRequest) return sendCertificateRequest(ctx, j);
      const left = Math.ceil((Date.parse(j.checkAfter ?? '') - ctx.now().getTime()) / 1000);
      if (left > 0) return { wait: left, reason: 'CA review: poll later (RFC 9810 §5.3.22)' };
      const poll = await buildPollReq(oldSender(ctx, j), j.transaction!);
      return save(ctx, j, { pendingRequest: poll.der, transaction: poll.transaction });
    }
    case 'answered': {
      await token.writeCertificate(j.newKeyRef, j.newCertificate!);
      const back = await token.readCertificate(j.newKeyRef);
      if (back === null || !bytesEqual(back, j.newCertificate!)) return reject(ctx, j, 'certificate-readback', 'certificate read back differs');
      return save(ctx, j, { step: 'certificate-written' });
    }
    case 'certificate-written':
      if (!(await keyMatchesCertificate(ctx, j, j.newKeyRef, j.newCertificate!))) return reject(ctx, j, 'test-signature', 'test signature does not verify');
      return save(ctx, j, { step: 'tested' });
    case 'tested': {
      const conf = await buildCertConf({ sender: oldSender(ctx, j), transaction: j.transaction!, certificate: j.newCertificate!, verdict: { accept: true } });
      return save(ctx, j, { step: 'confirm-built', pendingRequest: conf.der, transaction: conf.transaction });
    }
    case 'confirm-built': {
      const outcome = await exchange(ctx, j, false);
      if ('wait' in outcome) return outcome;
      // A late certConf is signed again with the same verdict (the certificate is already on the token).
      if ('late' in outcome) return save(ctx, j, { step: 'tested', pendingRequest: undefined });
      if ('failure' in outcome) return certConfNotAnswered(ctx, j, outcome.failure);
      if (outcome.kind !== 'confirmed') return keepAndFail(ctx, j, { code: 'UnexpectedAnswer', message: `CA answered ${outcome.kind} to certConf` });
      return save(ctx, j, { step: 'confirmed', transaction: outcome.transaction, pendingRequest: undefined });
    }
    case 'confirmed':
      // Without key relocation the new key reference stays where it is and is marked active for signing and sign-in.
      if (!(await token.canMoveKeys())) return save(ctx, j, { step: 'done', activeKeyRef: j.newKeyRef });
      // Certificate first: until the relocation, the new key reference still holds the new key AND the new certificate.
      await token.writeCertificate(j.mainKeyRef, j.newCertificate!);
      return save(ctx, j, { step: 'main-certificate-written' });
    case 'main-certificate-written': {
      const moved = await token.relocateKey(j.newKeyRef, j.mainKeyRef);
      // A crash after the relocation but before the journal write: the key is already in the main key reference; prove it.
      if (moved === 'source-empty' && !(await keyMatchesCertificate(ctx, j, j.mainKeyRef, j.newCertificate!))) {
        throw new RenewalStateError('inconsistent-token', 'The new key is neither in the spare key reference nor in the main key reference');
      }
      if (moved === 'unsupported') return save(ctx, j, { step: 'done', activeKeyRef: j.newKeyRef });
      await token.deleteCertificate(j.newKeyRef);
      return save(ctx, j, { step: 'done' });
    }
    case 'rejecting': {
      await clearNewSlot(ctx, j);
      const outcome = await exchange(ctx, j, false);
      if ('wait' in outcome) return outcome;
      if ('late' in outcome) return reject(ctx, j, j.failure?.code ?? 'rejected', j.failure?.message ?? 'rejected');
      return save(ctx, j, { step: 'failed', pendingRequest: undefined });
    }
    case 'done':
    case 'failed':
      return j;
  }
}

/** Runs steps until final or waiting. Errors from the token (wrong PIN, unplugged) leave the journal as it was. */
export async function runRenewal(ctx: RenewalContext, start: RenewalJournal): Promise<RenewalRunResult> {
  let journal = start;
  runStarts.set(ctx, ctx.now().getTime());
  while (!isFinal(journal)) {
    const serial = await ctx.token.serial();
    if (serial !== journal.tokenSerial) throw new RenewalTokenMismatchError(journal.tokenSerial, serial);
    const result = await step(ctx, journal);
    if ('wait' in result) return { kind: 'wait', journal, retryAfterSeconds: result.wait, reason: result.reason };
    journal = result;
  }
  return { kind: 'final', journal };
}

/**
 * The PIV card profile (SP 800-73-4): SELECT of the PIV AID decides whether the card has it; 6A82 means
 * "not this profile", so the next one may try (issue 7 §5).
 */
import type { CardProfile } from '../seam/token-session';
import { PivAppNotFoundError } from './errors';
import { PIV_REDACTION_POLICY } from './redaction-policy';
import { PivSession } from './session';
import { PivTokenSession } from './token-session';

export const PIV_PROFILE: CardProfile = {
  id: 'piv',
  redaction: PIV_REDACTION_POLICY,
  async open(transport, options) {
    try {
      const session = await PivSession.open(transport, { ...(options.log ? { log: options.log } : {}), redaction: PIV_REDACTION_POLICY });
      return new PivTokenSession(session);
    } catch (error) {
      if (error instanceof PivAppNotFoundError) return null;
      throw error;
    }
  },
};

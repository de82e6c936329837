/**
 * Detection by SELECT (issue 7 §5): each registered profile tries its application in order; the first that
 * finds it owns the session. A card none of them knows is UnsupportedCardError, with the guide that says
 * which keys work here — never a raw status word.
 */
import { combineRedaction, type RedactionPolicy, type ApduTransport } from '../../apdu';
import { UnsupportedCardError } from './errors';
import type { CardProfile, ProfileOpenOptions, TokenSession } from './token-session';

export async function openTokenSession(
  transport: ApduTransport,
  profiles: readonly CardProfile[],
  options: ProfileOpenOptions = {},
): Promise<TokenSession> {
  for (const profile of profiles) {
    const session = await profile.open(transport, options);
    if (session) return session;
  }
  throw new UnsupportedCardError(profiles.map((profile) => profile.id).join(', '));
}

/**
 * Before detection nobody knows which command set the card speaks, so the link's capture and log hide what
 * ANY registered profile calls secret (DESIGN.md §7: a PIN never reaches a trace, whichever profile wins).
 */
export function redactionForProfiles(profiles: readonly CardProfile[]): RedactionPolicy {
  return combineRedaction(...profiles.map((profile) => profile.redaction));
}

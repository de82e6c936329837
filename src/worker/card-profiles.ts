/**
 * The card profiles this build speaks (issue 17 §3), tried in order on each new token: detection is by SELECT of
 * the profile's application, so a card without the first profile's reaches the next. A new card is its folder
 * under src/cards/ plus one line here; nothing else in the worker names a profile.
 */
import { PIV_PROFILE } from '../cards/piv';
import { PKCS15_PROFILE } from '../cards/pkcs15';
import type { CardProfile } from '../cards/seam';

export const CARD_PROFILES: readonly CardProfile[] = [
  PIV_PROFILE,
  PKCS15_PROFILE,
];

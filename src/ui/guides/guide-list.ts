import { GUIDE_IDS, type GuideId } from '../../shared/errors';
import type { Lang } from './guide-types';
import { searchGuides } from './guide-search';
import { isGuideId } from './guides';

/** What the guides screen lists: every guide for a blank query, otherwise the ranked search hits. */
export function listGuideIds(query: string, lang: Lang): readonly GuideId[] {
  return query.trim() === '' ? GUIDE_IDS : searchGuides(query, lang);
}

/** The deep link of a guide, as the app's hash router reads it (`#/guides/<id>`). */
export function guideHref(id: GuideId): string {
  return `#/guides/${encodeURIComponent(id)}`;
}

/**
 * The guide id in a location hash such as `#/guides/clock-wrong`; null for any other hash or an unknown id.
 * Never throws (a malformed %-escape is just not a guide).
 */
export function guideIdFromHash(hash: string): GuideId | null {
  const match = /^#\/guides\/([^/?#]+)\/?$/.exec(hash);
  if (!match) return null;
  let id: string;
  try {
    id = decodeURIComponent(match[1]!);
  } catch {
    return null;
  }
  return isGuideId(id) ? id : null;
}

import { GUIDE_IDS, type GuideId } from '../../shared/errors';
import type { Guide } from './guide-types';
import { TOKEN_PROBLEM_GUIDES } from './content/token-problems';
import { PORTAL_PROBLEM_GUIDES } from './content/portal-problems';
import { PIN_PROBLEM_GUIDES } from './content/pin-problems';
import { CA_SERVICE_GUIDES } from './content/ca-services';
import { BROWSER_ACCESS_GUIDES } from './content/browser-access';
import { BROWSER_SUPPORT_GUIDES } from './content/browser-support';
import { DEVICE_STATE_GUIDES } from './content/device-state';
import { CERTIFICATE_AND_APP_GUIDES } from './content/certificates-and-app';
import { EXPORT_CERTIFICATE_GUIDES } from './content/export-certificate';

const BY_ID: ReadonlyMap<GuideId, Guide> = new Map(
  [
    ...TOKEN_PROBLEM_GUIDES,
    ...PORTAL_PROBLEM_GUIDES,
    ...PIN_PROBLEM_GUIDES,
    ...CA_SERVICE_GUIDES,
    ...BROWSER_ACCESS_GUIDES,
    ...BROWSER_SUPPORT_GUIDES,
    ...DEVICE_STATE_GUIDES,
    ...CERTIFICATE_AND_APP_GUIDES,
    ...EXPORT_CERTIFICATE_GUIDES,
  ].map((g) => [g.id, g] as const),
);

/** Every guide, in the order of GUIDE_IDS (the order the guides screen lists them when nothing is searched). */
export const GUIDES: readonly Guide[] = GUIDE_IDS.flatMap((id) => {
  const guide = BY_ID.get(id);
  return guide ? [guide] : [];
});

const GUIDE_ID_SET: ReadonlySet<string> = new Set(GUIDE_IDS);

/** Narrows a string from a URL (`#/guides/<id>`) or an error field to a known guide id. */
export function isGuideId(value: string): value is GuideId {
  return GUIDE_ID_SET.has(value);
}

/** The guide for an id, or undefined for an unknown string (deep links may carry anything). */
export function getGuide(id: string): Guide | undefined {
  return isGuideId(id) ? BY_ID.get(id) : undefined;
}

import { errorText, learnErrorTexts, GUIDE_IDS, type GuideId } from '../../shared/errors';
import { ERROR_TEXTS_EN, GENERIC_EN, GUIDE_FALLBACK_EN } from './error-texts-en';
import { ERROR_TEXTS_ZH, GENERIC_ZH, GUIDE_FALLBACK_ZH, type ErrorText } from './error-texts-zh';
import { format, type Lang } from './lang';

export interface ErrorDescription {
  readonly cause: string;
  readonly whatToDo: string;
  readonly guideId: GuideId;
  /** The error's stable name, shown small for support. */
  readonly name: string;
}

type Fields = Record<string, string | number>;

const BY_NAME: Readonly<Record<Lang, Readonly<Record<string, ErrorText>>>> = { 'zh-CN': ERROR_TEXTS_ZH, en: ERROR_TEXTS_EN };
const BY_GUIDE: Readonly<Record<Lang, Readonly<Partial<Record<GuideId, ErrorText>>>>> = {
  'zh-CN': GUIDE_FALLBACK_ZH,
  en: GUIDE_FALLBACK_EN,
};
const GENERIC: Readonly<Record<Lang, ErrorText>> = { 'zh-CN': GENERIC_ZH, en: GENERIC_EN };

/** Guide for an error that arrives without a usable `guideId` (e.g. a plain DOMException). */
const GUIDE_BY_NAME: Readonly<Record<string, GuideId>> = {
  SecurityError: 'protected-interface',
  NotFoundError: 'no-device-chosen',
  NetworkError: 'device-disconnected',
  InvalidStateError: 'device-busy',
  QuotaExceededError: 'storage-problem',
};

export function isGuideId(value: unknown): value is GuideId {
  return typeof value === 'string' && (GUIDE_IDS as readonly string[]).includes(value);
}

function readObject(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

/** Name and fields of anything thrown: a rebuilt UKeyError, its serialized form, a DOMException, a string. */
function inspect(error: unknown): { name: string; fields: Fields; guideId: unknown } {
  const rawName = readObject(error, 'name');
  const name = typeof rawName === 'string' && rawName.length > 0 ? rawName : typeof error === 'string' ? 'Error' : 'UnknownError';
  const fields: Fields = {};
  const toFields = readObject(error, 'toFields');
  const raw = typeof toFields === 'function' ? (toFields as () => unknown).call(error) : readObject(error, 'fields');
  if (typeof raw === 'object' && raw !== null) {
    for (const [key, value] of Object.entries(raw)) {
      if (typeof value === 'string' || typeof value === 'number') fields[key] = value;
      else if (typeof value === 'boolean') fields[key] = String(value);
    }
  }
  // A status word reads best as hex (ISO 7816-4 §5.1.3 writes them as 4 hex digits).
  if (typeof fields.sw === 'number') fields.sw = fields.sw.toString(16).toUpperCase().padStart(4, '0');
  if (fields.attemptsRemaining === undefined) fields.attemptsRemaining = '?';
  return { name, fields, guideId: readObject(error, 'guideId') ?? fields.guideId };
}

/** The error's own text: registered by its group (issue 17 §3), else one of the few names kept centrally. */
function ownText(name: string, lang: Lang): ErrorText | undefined {
  return errorText(name, lang) ?? (Object.prototype.hasOwnProperty.call(BY_NAME[lang], name) ? BY_NAME[lang][name] : undefined);
}

/** Whether `name` has its own text in both languages (the test checks every registered error). */
export function hasErrorText(name: string): boolean {
  return ownText(name, 'zh-CN') !== undefined && ownText(name, 'en') !== undefined;
}

/**
 * What the UI says about an error: cause, what to do, and the guide — from the error's `name` and fields,
 * never from its message text. Unknown errors still get a cause, a next step and a guide.
 */
export function describeError(error: unknown, lang: Lang): ErrorDescription {
  const { name, fields, guideId: rawGuide } = inspect(error);
  // A problem the worker described as plain data (a sign-in key it could not read) carries its error's texts.
  learnErrorTexts(name, readObject(error, 'texts'));
  const explicit = isGuideId(rawGuide);
  const byName = Object.prototype.hasOwnProperty.call(GUIDE_BY_NAME, name) ? GUIDE_BY_NAME[name] : undefined;
  const guideId: GuideId = explicit ? rawGuide : (byName ?? 'card-error');
  const own = ownText(name, lang);
  // A guide's generic text only when the error named that guide itself; otherwise say plainly it is unexpected.
  const text = own ?? (explicit ? BY_GUIDE[lang][guideId] : undefined) ?? GENERIC[lang];
  const params = { ...fields, name };
  return { cause: format(text.cause, params), whatToDo: format(text.whatToDo, params), guideId, name };
}

/**
 * What the user reads about each error, registered by the group that defines the error (issue 17 §3): a card
 * profile, source or flow brings its errors' zh-CN and English texts with it, so a new profile touches no
 * central table. The window looks texts up here (ui/i18n/describe-error.ts); an error that crossed from the
 * worker carries its own texts (error-registry.ts), so the window need not load every group's modules.
 */

/** Cause and what to do, as templates over the error's fields (`{attemptsRemaining}`, `{sw}`, `{feature}`). */
export interface ErrorText {
  readonly cause: string;
  readonly whatToDo: string;
}

/** The languages every error text comes in, zh-CN first (DESIGN.md: the users are Chinese clerks). */
export const ERROR_TEXT_LANGS = ['zh-CN', 'en'] as const;
export type ErrorTextLang = (typeof ERROR_TEXT_LANGS)[number];

/** One error's texts in every language. */
export type ErrorTextPair = Readonly<Record<ErrorTextLang, ErrorText>>;

/** A group's texts: per language, per error class name. */
export type GroupErrorTexts = Readonly<Record<ErrorTextLang, Readonly<Record<string, ErrorText>>>>;

const byName = new Map<string, ErrorTextPair>();

function isErrorText(value: unknown): value is ErrorText {
  const v = value as Partial<ErrorText> | null;
  return typeof v === 'object' && v !== null && typeof v.cause === 'string' && v.cause !== '' && typeof v.whatToDo === 'string' && v.whatToDo !== '';
}

/** Registers a group's texts; an error named in one language must be named in the other too. */
export function registerErrorTexts(texts: GroupErrorTexts): void {
  const names = new Set(ERROR_TEXT_LANGS.flatMap((lang) => Object.keys(texts[lang])));
  for (const name of names) {
    const zh = texts['zh-CN'][name];
    const en = texts.en[name];
    if (!isErrorText(zh) || !isErrorText(en)) throw new TypeError(`${name} needs a zh-CN and an English text`);
    byName.set(name, { 'zh-CN': zh, en });
  }
}

/** Registers the texts an error carried across the worker boundary, unless this side knows that error already. */
export function learnErrorTexts(name: string, texts: unknown): void {
  if (byName.has(name) || typeof texts !== 'object' || texts === null) return;
  const pair = texts as Partial<Record<ErrorTextLang, unknown>>;
  if (isErrorText(pair['zh-CN']) && isErrorText(pair.en)) byName.set(name, { 'zh-CN': pair['zh-CN'], en: pair.en });
}

export function errorTextsOf(name: string): ErrorTextPair | undefined {
  return byName.get(name);
}

export function errorText(name: string, lang: ErrorTextLang): ErrorText | undefined {
  return byName.get(name)?.[lang];
}

/** Every text registered on this side, by error name (the glossary test reads them all). */
export function registeredErrorTexts(): [name: string, texts: ErrorTextPair][] {
  return [...byName.entries()].sort(([a], [b]) => a.localeCompare(b));
}

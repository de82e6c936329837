export { DEFAULT_LANG, LANGS, format, isLang, type Lang } from './lang';
export { t, type UiKey } from './messages';
export { describeError, hasErrorText, isGuideId, type ErrorDescription } from './describe-error';

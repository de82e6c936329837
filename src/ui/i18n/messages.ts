import { format, type Lang } from './lang';
import { UI_EN } from './ui-en';
import { UI_ZH, type UiKey } from './ui-zh';

const TABLES: Readonly<Record<Lang, Readonly<Record<UiKey, string>>>> = { 'zh-CN': UI_ZH, en: UI_EN };

/** The interface text `key` in `lang`, with `{name}` placeholders filled. */
export function t(lang: Lang, key: UiKey, params?: Readonly<Record<string, string | number>>): string {
  return format(TABLES[lang][key], params);
}

export type { UiKey };

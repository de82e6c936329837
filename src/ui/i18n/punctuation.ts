/** A label's colon: full-width in Chinese (GB/T 15834-2011 §4.7), ": " in English ("Cause：" in English is a defect, issue 16). */
import type { Lang } from './lang';

export function labelColon(lang: Lang): string {
  return lang === 'zh-CN' ? '：' : ': ';
}

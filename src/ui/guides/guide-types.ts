import type { GuideId } from '../../shared/errors';

/** Languages every guide is written in: zh-CN first (our users), English as the switch (issue 4). */
export const LANGS = ['zh-CN', 'en'] as const;
export type Lang = (typeof LANGS)[number];

/** A text in every supported language. */
export type Localised<T> = Record<Lang, T>;

/**
 * One troubleshooting guide. Facts come from the CA tools' manuals and DESIGN.md §2–§3; the wording is ours.
 * `contactCa` is present only where the fix needs the certificate authority (unlock, re-issue, renewal).
 */
export interface Guide {
  readonly id: GuideId;
  readonly title: Localised<string>;
  /** One line: what the user sees and the short answer. */
  readonly summary: Localised<string>;
  readonly causes: Localised<readonly string[]>;
  /**
   * What the first list holds: 'causes' (default, "可能的原因") for a problem, 'facts' ("须知") for a page of rules,
   * default PINs or how-to facts, whose list is not a set of causes (UX walk 2026-12-06 finding 11).
   */
  readonly causesKind?: 'causes' | 'facts';
  /** What the numbered list holds: 'fix' (default, "解决步骤") or 'howto' ("操作步骤") for a how-to page. */
  readonly stepsKind?: 'fix' | 'howto';
  /** Numbered steps, in the order a clerk should try them. */
  readonly steps: Localised<readonly string[]>;
  readonly contactCa?: Localised<string>;
  /** Extra search words: synonyms and the exact messages users type in (e.g. "E1000", "尚未生效"). */
  readonly keywords: Localised<readonly string[]>;
  readonly related?: readonly GuideId[];
}

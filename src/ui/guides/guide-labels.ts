import type { Lang } from './guide-types';

/** The guides screen's own words (kept beside the guides so the screen and its texts ship in one lazy chunk). */
export interface GuideScreenText {
  readonly heading: string;
  readonly intro: string;
  readonly searchLabel: string;
  readonly searchPlaceholder: string;
  readonly searchHelp: string;
  readonly listLabel: string;
  /** `{count}` is replaced with the number of guides found. */
  readonly resultsCount: string;
  readonly noResults: string;
  readonly causes: string;
  /** Heading of a guide whose first list is facts, not causes. */
  readonly facts: string;
  readonly steps: string;
  /** Heading of a how-to guide's steps. */
  readonly howto: string;
  readonly contactCa: string;
  readonly related: string;
  readonly unknownGuide: string;
  readonly chooseGuide: string;
  readonly offlineNote: string;
  /** Back from an article to the list (phones show the article as its own view, issue 8 §6). */
  readonly backToList: string;
}

export const GUIDE_SCREEN_TEXT: Readonly<Record<Lang, GuideScreenText>> = {
  'zh-CN': {
    heading: '帮助指南',
    intro: '遇到问题时按步骤排查。所有指南都保存在本机，断网也能查看。',
    searchLabel: '搜索指南',
    searchPlaceholder: '例如：证书过期、PIN 锁定、E1000、代理',
    searchHelp: '可以输入屏幕上看到的提示文字或错误代码。',
    listLabel: '指南列表',
    resultsCount: '找到 {count} 篇相关指南',
    noResults: '没有找到相关指南，换个说法试试，或者从下面的完整列表中查找。',
    causes: '可能的原因',
    facts: '须知',
    steps: '解决步骤',
    howto: '操作步骤',
    contactCa: '什么时候联系 CA',
    related: '相关指南',
    unknownGuide: '找不到这篇指南，请从列表中选择。',
    chooseGuide: '从列表中选择一篇指南查看详细步骤。',
    offlineNote: '离线可用',
    backToList: '返回指南列表',
  },
  en: {
    heading: 'Help guides',
    intro: 'Step-by-step fixes for common problems. Every guide is stored on this device and works offline.',
    searchLabel: 'Search the guides',
    searchPlaceholder: 'e.g. certificate expired, PIN locked, E1000, proxy',
    searchHelp: 'You can type the message or error code you see on screen.',
    listLabel: 'Guide list',
    resultsCount: 'Guides found: {count}',
    noResults: 'No guide matched. Try other words, or pick from the full list below.',
    causes: 'Possible causes',
    facts: 'Good to know',
    steps: 'How to fix it',
    howto: 'Steps',
    contactCa: 'When to contact your CA',
    related: 'Related guides',
    unknownGuide: 'That guide does not exist; please pick one from the list.',
    chooseGuide: 'Pick a guide from the list to see the steps.',
    offlineNote: 'Works offline',
    backToList: 'Back to the guide list',
  },
};

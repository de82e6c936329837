/**
 * Texts of the dashboard, cards and shared bits added for issue 8 (§1, §3, §6), zh-CN first. Spread into
 * UI_ZH / UI_EN so `t()` knows them.
 */
export const SCREEN_ZH = {
  techDetails: '技术详情',
  demoKeyName: '演示 UKEY',
} as const;

export const SCREEN_EN: Readonly<Record<keyof typeof SCREEN_ZH, string>> = {
  techDetails: 'Technical details',
  demoKeyName: 'Demo UKEY',
};

import { render } from 'preact';
import { DEFAULT_LANG, isLang, t } from '../i18n';
import { loadDriver } from '../driver-loader';
import { SignPage } from './sign-page';

/**
 * Entry of the sign popup (path /sign, issue 9 §2): the same app and worker, one screen. The demo key starts
 * when the portal asked for it (?demo=1) or this browser has used the demo before.
 */
export async function startSignPopup(root: HTMLElement): Promise<void> {
  let lang = DEFAULT_LANG;
  let demo = new URLSearchParams(location.search).get('demo') === '1';
  const keys = new Map<string, { label: string; serialNumber: string | null; isDemo: boolean }>();
  try {
    // Through the popup's own worker, the only side that opens the app database (issue 17 §4).
    const records = (await loadDriver()).records;
    const saved = await records.getSetting('lang');
    if (isLang(saved)) lang = saved;
    const snapshot = await records.snapshot();
    demo ||= snapshot.tokens.some((token) => token.isDemo);
    // The popup names the key that will sign as the clerk knows it (label, 介质序列号: issue 16 §2).
    for (const token of snapshot.tokens) keys.set(token.id, { label: token.label, serialNumber: token.serialNumber, isDemo: token.isDemo });
  } catch {
    // storage unavailable: defaults, and the demo only on request
  }
  document.documentElement.lang = lang;
  document.title = t(lang, 'signTitle');
  render(
    <main id="main" class="sign-main">
      <SignPage lang={lang} loadDriver={loadDriver} demo={demo} keys={keys} />
    </main>,
    root,
  );
}

import { render } from 'preact';
import { DEFAULT_LANG, isLang, t } from '../i18n';
import { getSetting, loadSnapshot, openAppDb } from '../../store';
import { loadDriver } from '../driver-loader';
import { SignPage } from './sign-page';

/**
 * Entry of the sign popup (path /sign, issue 9 §2): the same app and worker, one screen. The demo key starts
 * when the portal asked for it (?demo=1) or this browser has used the demo before.
 */
export async function startSignPopup(root: HTMLElement): Promise<void> {
  let lang = DEFAULT_LANG;
  let demo = new URLSearchParams(location.search).get('demo') === '1';
  try {
    const db = await openAppDb();
    const saved = await getSetting(db, 'lang');
    if (isLang(saved)) lang = saved;
    demo ||= (await loadSnapshot(db)).tokens.some((token) => token.isDemo);
    db.close();
  } catch {
    // storage unavailable: defaults, and the demo only on request
  }
  document.documentElement.lang = lang;
  document.title = t(lang, 'signTitle');
  render(
    <main id="main" class="sign-main">
      <SignPage lang={lang} loadDriver={loadDriver} demo={demo} />
    </main>,
    root,
  );
}

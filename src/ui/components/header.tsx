import { t, type Lang } from '../i18n';
import { useInstallOffer } from '../install-prompt';
import { hrefFor, type Route } from '../router';

const NAV: ReadonlyArray<{ route: Route; key: 'navDashboard' | 'navPair' | 'navEnv' | 'navTrust' | 'navGuides' }> = [
  { route: { name: 'dashboard' }, key: 'navDashboard' },
  { route: { name: 'pair' }, key: 'navPair' },
  { route: { name: 'env' }, key: 'navEnv' },
  { route: { name: 'guides', guideId: null }, key: 'navGuides' },
  // Trusted roots and CRLs are expert settings, last (issue 8 §6: the main menu carries the jobs).
  { route: { name: 'trust' }, key: 'navTrust' },
];

/**
 * 'page' for the screen itself; 'true' for a key's detail and PIN pages, which sit under 我的 UKEY (issue 8 §6:
 * the active item is right on every screen — a sub-page is not the dashboard page itself).
 */
function currentness(current: Route, item: Route): 'page' | 'true' | undefined {
  if (current.name === item.name) return 'page';
  if (item.name === 'dashboard' && (current.name === 'token' || current.name === 'pin' || current.name === 'renew')) return 'true';
  return undefined;
}

export interface HeaderProps {
  readonly lang: Lang;
  readonly route: Route;
  readonly online: boolean;
  readonly demo: boolean;
  readonly onLang: (lang: Lang) => void;
}

export function Header({ lang, route, online, demo, onLang }: HeaderProps) {
  const other: Lang = lang === 'zh-CN' ? 'en' : 'zh-CN';
  const offer = useInstallOffer();
  return (
    <header class="app-header">
      <div class="brand">
        <a href="#/">{t(lang, 'appName')}</a>
        {demo ? <span class="demo-label" data-testid="demo-label">{t(lang, 'demo')}</span> : null}
      </div>
      <nav aria-label={t(lang, 'appName')}>
        <ul>
          {NAV.map((item) => (
            <li key={item.key}>
              <a href={hrefFor(item.route)} aria-current={currentness(route, item.route)}>
                {t(lang, item.key)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div class="header-tools">
        {offer.available ? (
          <button type="button" data-testid="install-button" onClick={() => void offer.install()}>
            {t(lang, 'installButton')}
          </button>
        ) : null}
        <span class={online ? 'net online' : 'net offline'} role="status" data-testid="network-status">
          {online ? t(lang, 'online') : t(lang, 'offline')}
        </span>
        {/* WCAG 2.5.3 label in name: the accessible name is the visible word; what it does is its description. */}
        <button type="button" lang={other} title={t(lang, 'langSwitchLabel')} onClick={() => onLang(other)}>
          {t(lang, 'langSwitch')}
        </button>
      </div>
    </header>
  );
}

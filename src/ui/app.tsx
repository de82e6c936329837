import { useEffect, useRef } from 'preact/hooks';
import { t, type Lang } from './i18n';
import { ErrorBoundary } from './components/error-boundary';
import { ConfirmAction } from './components/key-editors';
import { Header } from './components/header';
import { UpdatePrompt } from './components/update-prompt';
import { loadDriver } from './driver-loader';
import { Lazy } from './lazy';
import { parseRoute, hrefFor, type Route } from './router';
import { DashboardScreen } from './screens/dashboard-screen';
import { TokenDetailScreen } from './screens/token-detail-screen';
import { useAppState, useHash, useModel, useOnline } from './use-app';

// Heavy or rarely used screens are separate chunks: USB error classes, CA profiles, guide texts and search.
const loadPair = () => import('./screens/pair-screen');
const loadPin = () => import('./screens/pin-screen');
const loadGuides = () => import('./screens/guides-screen');
const loadEnv = () => import('./screens/env-check-screen');
const loadTrust = () => import('./screens/trust-screen');
const loadRenewal = () => import('./renewal/renewal-screen');
const loadUnlock = () => import('./unlock/unlock-screen');

function Screen({ route, lang }: { route: Route; lang: Lang }) {
  const loading = <p role="status">{t(lang, 'loading')}</p>;
  switch (route.name) {
    case 'dashboard':
      return <DashboardScreen />;
    case 'token':
      return <TokenDetailScreen tokenId={route.tokenId} />;
    case 'pin':
      return <Lazy load={loadPin} loading={loading} failed={<p role="alert">{t(lang, 'notFoundTitle')}</p>} render={(m) => <m.PinScreen tokenId={route.tokenId} />} />;
    case 'renew':
      return <Lazy load={loadRenewal} loading={loading} failed={<p role="alert">{t(lang, 'notFoundTitle')}</p>} render={(m) => <m.RenewalScreen tokenId={route.tokenId} keyRef={route.keyRef} />} />;
    case 'unlock':
      return <Lazy load={loadUnlock} loading={loading} failed={<p role="alert">{t(lang, 'notFoundTitle')}</p>} render={(m) => <m.UnlockScreen tokenId={route.tokenId} load={loadDriver} />} />;
    case 'pair':
      return <Lazy load={loadPair} loading={loading} failed={<p role="alert">{t(lang, 'notFoundTitle')}</p>} render={(m) => <m.PairScreen />} />;
    case 'guides':
      return <Lazy load={loadGuides} loading={loading} failed={<p role="alert">{t(lang, 'guidesUnavailable')}</p>} render={(m) => <m.GuidesScreen lang={lang} initialGuideId={route.guideId} />} />;
    case 'env':
      return <Lazy load={loadEnv} loading={loading} failed={<p role="alert">{t(lang, 'envUnavailable')}</p>} render={(m) => <m.EnvCheckScreen lang={lang} />} />;
    case 'trust':
      return <Lazy load={loadTrust} loading={loading} failed={<p role="alert">{t(lang, 'notFoundTitle')}</p>} render={(m) => <m.TrustScreen />} />;
    case 'not-found':
      return (
        <section>
          <h1>{t(lang, 'notFoundTitle')}</h1>
          <a href={hrefFor({ name: 'dashboard' })}>{t(lang, 'back')}</a>
        </section>
      );
  }
}

/** The shell: header with nav, language switch, offline indicator, demo label, update prompt, the screen. */
export function App() {
  const model = useModel();
  const state = useAppState();
  const online = useOnline();
  const hash = useHash();
  const route = parseRoute(hash);
  const { lang } = state;

  const previousScreen = useRef<string | null>(null);
  useEffect(() => {
    // Focus moves to the new screen's heading on navigation (issue 8 §6), not on the first load nor within one
    // screen (a guide opened from the list focuses its own heading); lazy screens render a moment later, so
    // look for the heading for up to a second.
    const previous = previousScreen.current;
    previousScreen.current = route.name;
    if (previous === null || previous === route.name) return;
    let tries = 0;
    const timer = setInterval(() => {
      const heading = document.querySelector<HTMLElement>('#main h1');
      if (heading || ++tries > 20) clearInterval(timer);
      if (heading) {
        if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
        heading.focus();
      }
    }, 50);
    return () => clearInterval(timer);
  }, [hash]);

  useEffect(() => {
    document.documentElement.lang = lang; // <html lang> follows the switch (screen readers, fonts)
    document.title = t(lang, 'appName');
  }, [lang]);

  return (
    <>
      <a
        class="skip"
        href="#main"
        onClick={(e) => {
          e.preventDefault(); // the hash is the router's: focus instead of navigating
          document.getElementById('main')?.focus();
        }}
      >
        {lang === 'zh-CN' ? '跳到主要内容' : 'Skip to content'}
      </a>
      <Header lang={lang} route={route} online={online} demo={state.demo} onLang={(l) => void model.setLang(l)} />
      {state.demo ? (
        <aside class="demo-banner" aria-label={t(lang, 'demo')} data-testid="demo-banner">
          <span class="demo-label">{t(lang, 'demo')}</span> {t(lang, 'demoBanner')} <span data-testid="demo-secrets">{t(lang, 'demoSecrets')}</span>{' '}
          <ConfirmAction
            label={t(lang, 'leaveDemo')}
            question={t(lang, 'leaveDemoConfirm')}
            yes={t(lang, 'leaveDemoYes')}
            lang={lang}
            testId="leave-demo"
            onConfirm={() => void model.leaveDemo().then(() => location.replace(`${location.pathname}#/`))}
          />
        </aside>
      ) : null}
      <UpdatePrompt lang={lang} />
      {state.dbNotice ? (
        <p class="notice warn" role="alert" data-testid="db-notice">
          {t(lang, state.dbNotice === 'db-blocked' ? 'dbBlocked' : 'dbUpgraded')}{' '}
          <button type="button" onClick={() => location.reload()}>
            {t(lang, 'screenErrorReload')}
          </button>
        </p>
      ) : null}
      <main id="main" tabIndex={-1}>
        <ErrorBoundary key={JSON.stringify(route)} lang={lang}>
          <Screen route={route} lang={lang} />
        </ErrorBoundary>
      </main>
    </>
  );
}

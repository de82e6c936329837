/**
 * The environment check screen (issue 4 §1): every check with its status in words (not colour alone), the
 * cause, a guide link and a fix button where the web can fix it. Probes and fixes are injectable for tests.
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import {
  applyFix,
  browserEnvironment,
  browserFixes,
  CHECK_TITLES,
  ENV_SCREEN_TEXT,
  pairedRefFromRecord,
  runEnvironmentChecks,
  STATUS_TEXT,
  type CheckResult,
  type EnvProbe,
  type FixAction,
  type FixDependencies,
  type PairedTokenRef,
} from '../../env-check';
import { format, type Lang } from '../../i18n/lang';
import { loadSnapshot, openAppDb } from '../../store';

export interface EnvCheckScreenProps {
  readonly lang: Lang;
  readonly probe?: EnvProbe;
  readonly fixes?: FixDependencies;
}

async function pairedFromStore(): Promise<PairedTokenRef[]> {
  const db = await openAppDb();
  try {
    const snapshot = await loadSnapshot(db);
    return snapshot.tokens.map(pairedRefFromRecord).filter((t): t is PairedTokenRef => t !== null);
  } finally {
    db.close();
  }
}

const STATUS_MARK = { pass: '✓', warn: '!', fail: '✗' } as const;
/** Badge colours with at least 7:1 contrast (WCAG 1.4.6); the word carries the meaning, colour only helps. */
const BADGE_STYLE = {
  pass: { color: '#14532d', background: '#dcfce7' },
  warn: { color: '#713f12', background: '#fef9c3' },
  fail: { color: '#7f1d1d', background: '#fee2e2' },
} as const;

function CheckItem({ item, lang, onFix }: { item: CheckResult; lang: Lang; onFix: (a: FixAction) => void }) {
  const titleId = `env-check-${item.id}`;
  return (
    <li class={`env-check env-check--${item.status}`} data-check-id={item.id} data-status={item.status} aria-labelledby={titleId}>
      <h2 id={titleId} class="env-check__title">
        <span class="env-check__badge" style={{ ...BADGE_STYLE[item.status], padding: '0 0.4em', borderRadius: '0.3em' }}>
          <span aria-hidden="true">{STATUS_MARK[item.status]} </span>
          {STATUS_TEXT[item.status][lang]}
        </span>{' '}
        {CHECK_TITLES[item.id][lang]}
      </h2>
      <p class="env-check__cause">{item.cause[lang]}</p>
      <p class="env-check__actions">
        <a
          href={`#/guides/${encodeURIComponent(item.guideId)}`}
          aria-label={`${ENV_SCREEN_TEXT[lang].guide}: ${CHECK_TITLES[item.id][lang]}`}
        >
          {ENV_SCREEN_TEXT[lang].guide}
        </a>
        {item.fix ? (
          <>
            {' '}
            <button type="button" class="env-check__fix" onClick={() => item.fix && onFix(item.fix.action)}>
              {item.fix.label[lang]}
            </button>
          </>
        ) : null}
      </p>
    </li>
  );
}

export function EnvCheckScreen({ lang, probe, fixes }: EnvCheckScreenProps) {
  const text = ENV_SCREEN_TEXT[lang];
  const [results, setResults] = useState<CheckResult[] | null>(null);
  const [running, setRunning] = useState(false);
  const [notice, setNotice] = useState('');

  const run = useCallback(async () => {
    setRunning(true);
    try {
      const env = probe ?? browserEnvironment({ listPairedTokens: pairedFromStore });
      setResults(await runEnvironmentChecks(env));
    } finally {
      setRunning(false);
    }
  }, [probe]);

  useEffect(() => {
    void run();
    // Network and service-worker state change under our feet (first install claims the page; offline).
    const again = () => void run();
    const sw = typeof navigator !== 'undefined' && 'serviceWorker' in navigator ? navigator.serviceWorker : null;
    sw?.addEventListener('controllerchange', again);
    window.addEventListener('online', again);
    window.addEventListener('offline', again);
    return () => {
      sw?.removeEventListener('controllerchange', again);
      window.removeEventListener('online', again);
      window.removeEventListener('offline', again);
    };
  }, [run]);

  const onFix = useCallback(
    async (action: FixAction) => {
      setNotice('');
      const done = await applyFix(action, fixes ?? browserFixes()).catch(() => false);
      if (!done) setNotice(text.fixFailed);
      await run();
    },
    [fixes, run, text.fixFailed],
  );

  const count = (status: CheckResult['status']) => results?.filter((r) => r.status === status).length ?? 0;
  const summary = results ? format(text.summary, { pass: count('pass'), warn: count('warn'), fail: count('fail') }) : '';

  return (
    <section class="env-check-screen" aria-labelledby="env-check-heading" aria-busy={running}>
      <h1 id="env-check-heading">{text.title}</h1>
      <p>{text.intro}</p>
      <p>
        <button type="button" onClick={() => void run()} disabled={running}>
          {text.rerun}
        </button>
      </p>
      <p role="status" aria-live="polite" class="env-check-screen__summary">
        {running ? text.running : summary} {notice}
      </p>
      {results ? (
        <ul class="env-check-list">
          {results.map((item) => (
            <CheckItem key={item.id} item={item} lang={lang} onFix={(a) => void onFix(a)} />
          ))}
        </ul>
      ) : null}
    </section>
  );
}

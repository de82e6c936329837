/**
 * 全面检查 (issue 8 §5): one overall verdict first, problems first, each with cause, what to do and a fix where
 * the web can fix it; what could not be checked says "未检查" and why; per paired key: certificates and PIN.
 * "导出诊断信息" writes a JSON file for the helpdesk. Probes and fixes are injectable for tests.
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import {
  applyFix, browserEnvironment, browserFixes, ENV_SCREEN_TEXT, isOneEn, pairedRefFromRecord, runEnvironmentChecks,
  type CheckResult, type EnvProbe, type FixAction, type FixDependencies, type PairedTokenRef,
} from '../env-check';
import { format, type Lang } from '../i18n/lang';
import { buildDiagnostics, downloadJson } from '../diagnostics-export';
import { loadDriver } from '../driver-loader';
import { keyFacts } from '../key-facts';
import type { AppModel } from '../app-model';
import type { TokenView } from '../token-view';
import { useAppState, useModel } from '../use-app';
import { CheckItem } from './env-check-item';
import { RenewLinks } from './env-renew-links';

export interface EnvCheckScreenProps {
  readonly lang: Lang;
  readonly probe?: EnvProbe;
  readonly fixes?: FixDependencies;
}

async function pairedFromStore(): Promise<PairedTokenRef[]> {
  // Saved keys through the worker's records service: only the worker opens the app database (issue 17 §4).
  const snapshot = await (await loadDriver()).records.snapshot();
  return snapshot.tokens.map(pairedRefFromRecord).filter((t): t is PairedTokenRef => t !== null);
}

/** The distinct sites the keys signed in to (worker's history); none when the driver is not there. */
async function signedInSites(model: AppModel, views: readonly TokenView[]): Promise<string[]> {
  const lists = await Promise.all(views.map((v) => model.listSignIns(v.record.id).catch(() => [])));
  return [...new Set(lists.flat().map((entry) => entry.origin))];
}

const ORDER = { fail: 0, warn: 1, unchecked: 2, pass: 3 } as const;

export function EnvCheckScreen({ lang, probe, fixes }: EnvCheckScreenProps) {
  const state = useAppState();
  const model = useModel();
  const text = ENV_SCREEN_TEXT[lang];
  const [results, setResults] = useState<CheckResult[] | null>(null);
  const [running, setRunning] = useState(false);
  const [fixFailed, setFixFailed] = useState<FixAction | null>(null);
  const [exported, setExported] = useState('');
  const views = [...state.tokens.values()];
  const keysKey = views.map((v) => `${v.record.id}:${String(v.live)}:${v.pinStatus?.pin.attemptsRemaining ?? ''}`).join('|');

  const run = useCallback(async () => {
    setRunning(true);
    try {
      const env = probe ?? browserEnvironment({ listPairedTokens: pairedFromStore });
      const now = new Date();
      setResults(await runEnvironmentChecks(env, views.map((v) => keyFacts(v, now, lang)), await signedInSites(model, views)));
    } finally {
      setRunning(false);
    }
  }, [probe, keysKey, lang]); // the views are captured through keysKey (a new Map each render)

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

  const onFix = async (action: FixAction) => {
    setFixFailed(null);
    const done = await applyFix(action, fixes ?? browserFixes()).catch(() => false);
    if (!done) setFixFailed(action); // said next to the button that failed, with the next step
    await run();
  };

  const exportDiagnostics = async () => {
    const now = new Date();
    const driver = await loadDriver().catch(() => null);
    const data = await buildDiagnostics({ checks: results ?? [], views, driver, now });
    const file = `ukey-diagnostics-${now.toISOString().slice(0, 19).replace(/[:T]/g, '-')}.json`;
    downloadJson(file, data);
    setExported(format(text.exported, { file }));
  };

  const sorted = [...(results ?? [])].sort((a, b) => ORDER[a.status] - ORDER[b.status]);
  const problems = sorted.filter((r) => r.status === 'fail' || r.status === 'warn');
  const unchecked = sorted.filter((r) => r.status === 'unchecked');
  const fine = sorted.filter((r) => r.status === 'pass');
  const item = (r: CheckResult) => (
    <CheckItem
      key={r.id}
      item={r}
      lang={lang}
      onFix={(a) => void onFix(a)}
      fixNotice={r.fix && fixFailed === r.fix.action ? text.fixFailed : ''}
      extra={r.id === 'key-certificates' ? <RenewLinks views={views} lang={lang} now={new Date()} /> : undefined}
    />
  );

  return (
    <section class="env-check-screen" aria-labelledby="env-check-heading" aria-busy={running}>
      <h1 id="env-check-heading" tabIndex={-1}>{text.title}</h1>
      <p>{text.intro}</p>
      {results ? (
        <div class={`card verdict ${problems.length ? 'bad' : 'ok'}`} role="status" data-testid="env-verdict" data-problems={problems.length}>
          <p class="verdict-line">{problems.length ? format(isOneEn(problems.length) ? text.verdictProblemsOne : text.verdictProblems, { n: problems.length }) : text.verdictOk}</p>
          {unchecked.length ? <p class="small">{format(text.verdictUnchecked, { n: unchecked.length })}</p> : null}
        </div>
      ) : (
        <p role="status">{text.running}</p>
      )}
      <p class="actions">
        <button type="button" onClick={() => void run()} disabled={running}>{text.rerun}</button>
        <button type="button" onClick={() => void exportDiagnostics()} disabled={results === null} data-testid="export-diagnostics">{text.export}</button>
      </p>
      <p class="small muted">{text.exportHint}</p>
      {exported ? <p role="status" class="ok-text" data-testid="exported">{exported}</p> : null}
      {results ? (
        <>
          <ul class="env-check-list" data-testid="env-problems">{[...problems, ...unchecked].map(item)}</ul>
          <details class="env-ok" open={problems.length + unchecked.length === 0}>
            <summary>{format(text.okTitle, { n: fine.length })}</summary>
            <ul class="env-check-list">{fine.map(item)}</ul>
          </details>
        </>
      ) : null}
    </section>
  );
}

import { t, type Lang, type UiKey } from '../i18n';
import { CONTEXT_LABELS } from '../reach/contexts';
import { FAMILY_IDS, familyOf } from '../reach/families';
import { reachVerdict, type Verdict } from '../reach/verdict';
import { currentReachContext } from '../reach-context';
import { hrefFor } from '../router';

const VERDICT_KEY: Readonly<Record<Verdict, UiKey>> = {
  works: 'reachWorks',
  'needs-iwa': 'reachNeedsIwa',
  'needs-winusb': 'reachNeedsWinusb',
  'no-web-path': 'reachNoWay',
  unknown: 'reachUnknown',
};
const TONE: Readonly<Record<Verdict, 'ok' | 'warn' | 'bad'>> = { works: 'ok', 'needs-iwa': 'bad', 'needs-winusb': 'warn', 'no-web-path': 'bad', unknown: 'warn' };

/**
 * "Which keys work here" (issue 8 §1), per key family of the known-token table, for THIS browser context —
 * shown before the chooser opens, so nobody learns it from a failure. The verdicts and ways out are the reach
 * module's (src/ui/reach); the demo key is left out (it always works).
 */
export function ReachList({ lang }: { lang: Lang }) {
  const context = currentReachContext();
  const families = FAMILY_IDS.filter((id) => id !== 'virtual');
  return (
    <section class="card reach" aria-labelledby="reach-title" data-testid="reach-list" data-context={context}>
      <h2 id="reach-title">{t(lang, 'reachTitle')}</h2>
      <p class="muted">{t(lang, 'reachContext', { context: CONTEXT_LABELS[context][lang] })}</p>
      <ul class="reach-list">
        {families.map((id) => {
          const verdict = reachVerdict(id, context);
          return (
            <li key={id} data-family={id} data-verdict={verdict.verdict}>
              <span class="reach-name">{familyOf(id).name[lang]}</span>{' '}
              <span class={`badge ${TONE[verdict.verdict]}`}>{t(lang, VERDICT_KEY[verdict.verdict])}</span>
              <details>
                <summary>{t(lang, 'reachWhatToDo')}</summary>
                <p>{verdict.wayOut[lang]}</p>
                {verdict.guideId ? <a href={hrefFor({ name: 'guides', guideId: verdict.guideId })}>{t(lang, 'guideLink')}</a> : null}
              </details>
            </li>
          );
        })}
      </ul>
      <p class="small">{t(lang, 'reachPortalNote')}</p>
    </section>
  );
}

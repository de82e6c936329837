/**
 * The guides screen (issue 4 §1 "Guides"): a search box, the matching guides, and the chosen guide in full.
 * Everything it shows is bundled with the app, so it works with no network. Deep link: `#/guides/<id>`.
 * The search index is built on the first search only (src/ui/guides/guide-search.ts).
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import {
  getGuide,
  guideHref,
  guideIdFromHash,
  GUIDE_SCREEN_TEXT,
  isGuideId,
  listGuideIds,
  type GuideId,
  type Lang,
} from '../guides';
import { GUIDE_GROUPS } from '../guides/guide-groups';
import { GuideArticle } from './guides-article';
import './guides.css';
import { GuideText } from './guide-text';

export interface GuidesScreenProps {
  readonly lang: Lang;
  /** From the route `#/guides/<id>`; any string (a typed URL may carry anything), null for the list only. */
  readonly initialGuideId?: string | null;
}

function fill(template: string, count: number): string {
  return template.replace('{count}', String(count));
}

export function GuidesScreen({ lang, initialGuideId = null }: GuidesScreenProps) {
  const text = GUIDE_SCREEN_TEXT[lang];
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState<string | null>(initialGuideId);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const userNavigated = useRef(false);

  // The shell re-renders us with a new id when the hash changes; follow it.
  useEffect(() => setSelected(initialGuideId), [initialGuideId]);

  // Also follow `#/guides/<id>` by ourselves, so links work even where no router re-renders this screen.
  useEffect(() => {
    const onHash = () => {
      const id = guideIdFromHash(window.location.hash);
      if (id) setSelected(id);
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  // Move focus to the guide the user just opened (not on first render: the page heading keeps it then).
  useEffect(() => {
    if (userNavigated.current) headingRef.current?.focus();
  }, [selected]);

  const ids = useMemo(() => listGuideIds(query, lang), [query, lang]);
  const searching = query.trim() !== '';
  const guide = selected === null ? undefined : getGuide(selected);
  const open = (id: GuideId) => {
    userNavigated.current = true;
    setSelected(id);
  };
  const item = (id: GuideId) => {
    const entry = getGuide(id);
    if (!entry) return null;
    const current = id === selected;
    return (
      <li key={id} class={current ? 'guide-list__item guide-list__item--current' : 'guide-list__item'}>
        <a href={guideHref(id)} aria-current={current ? 'page' : undefined} onClick={() => open(id)}>
          <span class="guide-list__title">{entry.title[lang]}</span>
          <span class="guide-list__summary"><GuideText text={entry.summary[lang]} /></span>
        </a>
      </li>
    );
  };
  const back = () => {
    setSelected(null);
    location.hash = '#/guides';
  };

  return (
    <section class="guide-screen" aria-labelledby="guide-screen-heading" lang={lang}>
      <h1 id="guide-screen-heading">{text.heading}</h1>
      <p class="guide-intro">
        {text.intro} <span class="guide-offline">{text.offlineNote}</span>
      </p>

      <form class="guide-search" role="search" onSubmit={(e) => e.preventDefault()}>
        <label for="guide-search-input">{text.searchLabel}</label>
        <input
          id="guide-search-input"
          type="search"
          value={query}
          placeholder={text.searchPlaceholder}
          aria-describedby="guide-search-help"
          autocomplete="off"
          onInput={(e) => setQuery(e.currentTarget.value)}
        />
        <p id="guide-search-help" class="guide-search__help">
          {text.searchHelp}
        </p>
      </form>

      <p class="guide-results-count" role="status">
        {searching ? (ids.length > 0 ? fill(text.resultsCount, ids.length) : text.noResults) : ''}
      </p>

      <div class={guide ? 'guide-layout guide-layout--article' : 'guide-layout'}>
        <nav class="guide-nav" aria-label={text.listLabel}>
          {searching && ids.length > 0 ? (
            <ul class="guide-list">{ids.map(item)}</ul>
          ) : (
            // Grouped by the clerk's job when nothing is searched (issue 8 §6).
            GUIDE_GROUPS.map((group) => (
              <section key={group.id} class="guide-group" aria-labelledby={`guide-group-${group.id}`}>
                <h2 id={`guide-group-${group.id}`} class="guide-group__title">{group.title[lang]}</h2>
                <ul class="guide-list">{group.guides.map(item)}</ul>
              </section>
            ))
          )}
        </nav>

        <div class="guide-detail">
          {guide ? (
            <>
              <button type="button" class="guide-back" onClick={back} data-testid="guide-back">← {text.backToList}</button>
              <GuideArticle guide={guide} lang={lang} headingRef={headingRef} onOpen={open} />
            </>
          ) : (
            <p class="guide-detail__empty">
              {selected !== null && !isGuideId(selected) ? text.unknownGuide : text.chooseGuide}
            </p>
          )}
        </div>
      </div>
    </section>
  );
}

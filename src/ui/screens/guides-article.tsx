/**
 * One guide in full: summary, causes, numbered steps, when to contact the CA, related guides.
 * Plain semantic HTML so screen readers announce the structure (issue 4 §4 accessibility scan).
 */
import type { Ref } from 'preact';
import { getGuide, guideHref, GUIDE_SCREEN_TEXT, type Guide, type GuideId, type Lang } from '../guides';
import { GuideText } from './guide-text';

export interface GuideArticleProps {
  readonly guide: Guide;
  readonly lang: Lang;
  /** Receives the title so the screen can move focus to it when the user opens another guide. */
  readonly headingRef?: Ref<HTMLHeadingElement>;
  readonly onOpen: (id: GuideId) => void;
}

export function GuideArticle({ guide, lang, headingRef, onOpen }: GuideArticleProps) {
  const text = GUIDE_SCREEN_TEXT[lang];
  const titleId = `guide-title-${guide.id}`;
  const related = (guide.related ?? []).flatMap((id) => {
    const other = getGuide(id);
    return other ? [other] : [];
  });
  return (
    <article class="guide-article" aria-labelledby={titleId} data-guide-id={guide.id}>
      <h2 id={titleId} class="guide-article__title" tabIndex={-1} ref={headingRef}>
        {guide.title[lang]}
      </h2>
      <p class="guide-article__summary"><GuideText text={guide.summary[lang]} /></p>

      <h3 class="guide-article__section">{guide.causesKind === 'facts' ? text.facts : text.causes}</h3>
      <ul class="guide-article__causes">
        {guide.causes[lang].map((cause, i) => (
          <li key={i}><GuideText text={cause} /></li>
        ))}
      </ul>

      <h3 class="guide-article__section">{guide.stepsKind === 'howto' ? text.howto : text.steps}</h3>
      <ol class="guide-article__steps">
        {guide.steps[lang].map((step, i) => (
          <li key={i}><GuideText text={step} /></li>
        ))}
      </ol>

      {guide.contactCa ? (
        <>
          <h3 class="guide-article__section">{text.contactCa}</h3>
          <p class="guide-article__contact"><GuideText text={guide.contactCa[lang]} /></p>
        </>
      ) : null}

      {related.length > 0 ? (
        <>
          <h3 class="guide-article__section">{text.related}</h3>
          <ul class="guide-article__related">
            {related.map((other) => (
              <li key={other.id}>
                <a href={guideHref(other.id)} onClick={() => onOpen(other.id)}>
                  {other.title[lang]}
                </a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </article>
  );
}

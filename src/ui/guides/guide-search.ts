import MiniSearch from 'minisearch';
import type { GuideId } from '../../shared/errors';
import type { Guide, Lang } from './guide-types';
import { GUIDES, isGuideId } from './guides';
import { MAX_QUERY_CHARS, tokenizeForIndex, tokenizeForQuery } from './guide-tokenizer';

/** One flattened guide text per language: the fields minisearch indexes. */
interface GuideDoc {
  readonly id: GuideId;
  readonly title: string;
  readonly summary: string;
  readonly keywords: string;
  readonly causes: string;
  readonly steps: string;
  readonly contactCa: string;
}

const FIELDS = ['title', 'keywords', 'summary', 'causes', 'steps', 'contactCa'] as const;

/** Titles and the curated keywords (exact messages users type) weigh most; long step texts least. */
const BOOST: Record<(typeof FIELDS)[number], number> = {
  title: 4,
  keywords: 3,
  summary: 2,
  causes: 1.2,
  steps: 1,
  contactCa: 0.5,
};

/** English words that would match every guide and only blur the ranking. */
const STOP_WORDS: ReadonlySet<string> = new Set(
  'a an the and or of to in on at is it its my i be for with this that are was from by as do does can how what why'.split(' '),
);

const LATIN_TERM = /^[a-z0-9]+$/;

function processTerm(term: string): string | null {
  return term.length === 0 || STOP_WORDS.has(term) ? null : term;
}

function toDoc(guide: Guide, lang: Lang): GuideDoc {
  return {
    id: guide.id,
    title: guide.title[lang],
    summary: guide.summary[lang],
    keywords: guide.keywords[lang].join('\n'),
    causes: guide.causes[lang].join('\n'),
    steps: guide.steps[lang].join('\n'),
    contactCa: guide.contactCa?.[lang] ?? '',
  };
}

function buildIndex(lang: Lang): MiniSearch<GuideDoc> {
  const index = new MiniSearch<GuideDoc>({
    idField: 'id',
    fields: [...FIELDS],
    tokenize: tokenizeForIndex,
    processTerm,
    searchOptions: {
      tokenize: tokenizeForQuery,
      processTerm,
      boost: BOOST,
      combineWith: 'OR',
      // Typos only make sense for Latin words ("udve", "revokd"); CJK bigrams are matched exactly.
      fuzzy: (term) => (LATIN_TERM.test(term) && term.length >= 4 ? 0.3 : false),
      prefix: (term) => LATIN_TERM.test(term) && term.length >= 3,
    },
  });
  index.addAll(GUIDES.map((g) => toDoc(g, lang)));
  return index;
}

// Built on first use only: the guides screen is not on the first-load path (issue 4 §3 budget).
const indexes = new Map<Lang, MiniSearch<GuideDoc>>();

function indexFor(lang: Lang): MiniSearch<GuideDoc> {
  let index = indexes.get(lang);
  if (!index) {
    index = buildIndex(lang);
    indexes.set(lang, index);
  }
  return index;
}

/** Case-, width- and space-insensitive form used to compare a whole query with a curated keyword. */
function squash(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
}

// Keyword → guides that list it verbatim, per language (built with the index).
const exactKeywords = new Map<Lang, ReadonlyMap<string, ReadonlySet<GuideId>>>();

function keywordTable(lang: Lang): ReadonlyMap<string, ReadonlySet<GuideId>> {
  let table = exactKeywords.get(lang);
  if (!table) {
    const built = new Map<string, Set<GuideId>>();
    for (const guide of GUIDES) {
      for (const keyword of guide.keywords[lang]) {
        const key = squash(keyword);
        built.set(key, (built.get(key) ?? new Set<GuideId>()).add(guide.id));
      }
    }
    table = built;
    exactKeywords.set(lang, table);
  }
  return table;
}

/** Hits scoring below this share of the best hit are noise (a shared bigram such as "证书"), not answers. */
const RELATIVE_CUTOFF = 0.3;
/** A curated keyword this long is a whole message users copy from a portal (issue 8 §6): it names its guide. */
const MESSAGE_CHARS = 6;

function rankedIds(lang: Lang, query: string): GuideId[] {
  const hits = indexFor(lang).search(query);
  const top = hits[0]?.score ?? 0;
  const ids = hits
    .filter((r) => r.score >= top * RELATIVE_CUTOFF)
    .map((r) => String(r.id))
    .filter(isGuideId);
  // A query that IS one of a guide's curated keywords ("锁", "E1000") names that guide: put it first,
  // whatever the term statistics say (a one-character query cannot carry enough signal for BM25 alone).
  const squashed = squash(query.slice(0, MAX_QUERY_CHARS));
  const exact = keywordTable(lang).get(squashed);
  if (!exact) return ids;
  // An exact portal message ("证书尚未生效或已过期") leads to its guide alone, not to every guide sharing words.
  if ([...squashed].length >= MESSAGE_CHARS) return [...exact];
  return [...ids.filter((id) => exact.has(id)), ...ids.filter((id) => !exact.has(id))];
}

/**
 * Full-text search over the guides, offline. Returns guide ids, best first: hits in `lang` first, then hits
 * found only in the other language (a clerk may type an English message into the Chinese UI).
 * A query with no searchable characters returns []. Never throws, whatever the string.
 */
export function searchGuides(query: string, lang: Lang): GuideId[] {
  if (tokenizeForQuery(query).length === 0) return [];
  const other: Lang = lang === 'zh-CN' ? 'en' : 'zh-CN';
  const primary = rankedIds(lang, query);
  // An exact message in this language is the answer; the other language could only add noise.
  if (primary.length > 0 && keywordTable(lang).has(squash(query.slice(0, MAX_QUERY_CHARS))) && [...squash(query)].length >= MESSAGE_CHARS) return primary;
  const seen = new Set<GuideId>(primary);
  return [...primary, ...rankedIds(other, query).filter((id) => !seen.has(id))];
}

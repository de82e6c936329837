export { GUIDE_IDS, type GuideId } from '../../shared/errors';
export { LANGS, type Lang, type Localised, type Guide } from './guide-types';
export { GUIDES, getGuide, isGuideId } from './guides';
export { searchGuides } from './guide-search';
export { tokenizeForIndex, tokenizeForQuery } from './guide-tokenizer';
export { GUIDE_SCREEN_TEXT, type GuideScreenText } from './guide-labels';
export { guideHref, guideIdFromHash, listGuideIds } from './guide-list';

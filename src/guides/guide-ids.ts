/** The guide ids live in src/errors/guide-ids.ts (issue 7 §5: pki names guides without importing guides/). */
export { GUIDE_IDS, type GuideId } from '../errors/guide-ids';

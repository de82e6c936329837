/** The guide ids live in src/shared/errors/guide-ids.ts (issue 7 §5: pki names guides without importing guides/). */
export { GUIDE_IDS, type GuideId } from '../../shared/errors/guide-ids';

export { concatBytes } from './concat-bytes';

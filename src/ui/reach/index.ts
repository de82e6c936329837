export * from './contexts';
export * from './families';
export * from './verdict';
export { wayOutText } from './way-out';
export { reachTableMarkdown } from './reach-table';

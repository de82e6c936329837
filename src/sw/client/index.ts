export { enqueueOutbox, DEFAULT_MESSAGE_WINDOW_MS, type EnqueueInput } from './enqueue';
export { describeOutbox, collectAnswers, acknowledgeOutbox, readOutboxEntry, type OutboxAnswer } from './read';
export { kickOutbox } from './kick';
export { startOutboxTriggers, watchOutbox, DEFAULT_TIMER_MS } from './triggers';
export { summarize, type OutboxEntrySummary } from './summary';
export { outboxStatusText, type OutboxStatusText } from './status-text';
export { useOutboxFactory } from './connection';
export { OutboxConflictError, OutboxInputError } from '../outbox/errors';
export type { OutboxState, OutboxError } from '../outbox/entry';

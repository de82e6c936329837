/**
 * A sentence whose ISO dates (2026-12-26) never break at their hyphens (UAX #14 allows a break after "-"): each
 * date goes in a `.date` span, which does not wrap (issue 16 §3: dates never wrap mid-word at 390 px).
 */
const ISO_DATE = /(\d{4}-\d{2}-\d{2})/;

export function WithDates({ text }: { text: string }) {
  // split with a capture group keeps the dates at the odd indexes.
  return <>{text.split(ISO_DATE).map((part, i) => (i % 2 === 1 ? <span key={i} class="date">{part}</span> : part))}</>;
}

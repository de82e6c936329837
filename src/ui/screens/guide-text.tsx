/**
 * A guide sentence with what the clerk must type or read exactly — commands, file names, addresses, codes —
 * written between backticks in the guide texts and shown as code (issue 16 §3: a sentence in Chinese, the
 * literal Latin text set apart, copyable as is, and marked lang="en" for screen readers).
 */
export function GuideText({ text }: { text: string }) {
  const parts = text.split('`');
  return <>{parts.map((part, i) => (i % 2 === 1 ? <code key={i} lang="en" translate={false}>{part}</code> : part))}</>;
}

/** The plain text of a guide sentence (search, titles): backticks removed. */
export function plainGuideText(text: string): string {
  return text.replaceAll('`', '');
}

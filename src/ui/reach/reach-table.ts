/**
 * The reach map as a Markdown table (issue 11 "Done when": a table in the closing note with the source of each
 * fact). One row per family: identity, interface, exchange, the verdict per context, and the sources.
 */
import { BROWSER_RULES, CONTEXT_LABELS, REACH_CONTEXTS, type BrowserRule } from './contexts';
import { KEY_FAMILIES, type KeyFamily } from './families';
import { reachVerdict, type ReachVerdict } from './verdict';

const hex4 = (n: number): string => n.toString(16).toUpperCase().padStart(4, '0');
const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function ids(family: KeyFamily): string {
  return family.tokens.map((t) => `${hex4(t.vendorId)}:${t.productId === null ? '*' : hex4(t.productId)}`).join(', ');
}

function exchange(family: KeyFamily): string {
  const t = family.tokens[0];
  if (!t || t.exchangeLevel === null) return 'unknown';
  const protocols = t.protocols ? ` ${t.protocols.map((p) => p.toUpperCase().replace('T', 'T=')).join('+')}` : '';
  return `${t.exchangeLevel}${protocols}`;
}

function interfaces(family: KeyFamily): string {
  const t = family.tokens[0];
  if (!t) return 'unknown';
  return t.interfaces.length > 1 ? `${t.interfaceKind} (${t.interfaces.join(' + ')})` : t.interfaceKind;
}

function verdictCell(v: ReachVerdict): string {
  const profile = v.cardProfile === 'missing' ? ' · no card profile yet' : v.cardProfile === 'unknown' ? ' · command set unknown' : '';
  const via = v.verdict === 'works' && v.path !== 'none' ? ` via ${v.path}` : '';
  return `${v.verdict}${via}${profile}`;
}

/** Markdown: the family table, then the browser rules the verdicts cite. */
export function reachTableMarkdown(families: readonly KeyFamily[] = KEY_FAMILIES): string {
  const head = ['Family', 'VID:PID', 'Interface', 'Exchange', ...REACH_CONTEXTS.map((c) => CONTEXT_LABELS[c].en), 'Sources'];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  const usedRules = new Set<BrowserRule>();
  for (const family of families) {
    const t = family.tokens[0];
    const verdicts = REACH_CONTEXTS.map((c) => reachVerdict(family.id, c));
    for (const v of verdicts) for (const r of v.rules) usedRules.add(r);
    const sources = t ? [...new Set([t.sources.identity, t.sources.interface, t.sources.exchange])].join('; ') : '';
    const libccid = family.inLibccidList ? '; in libccid list' : '';
    const row = [family.name.en, ids(family), interfaces(family), exchange(family), ...verdicts.map(verdictCell), sources + libccid];
    lines.push(`| ${row.map(cell).join(' | ')} |`);
  }
  lines.push('', 'Browser rules the verdicts stand on:');
  for (const rule of [...usedRules].sort()) lines.push(`- \`${rule}\`: ${BROWSER_RULES[rule]}`);
  return lines.join('\n');
}

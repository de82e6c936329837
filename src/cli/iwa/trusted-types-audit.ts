/**
 * What in the built JavaScript would break under `require-trusted-types-for 'script'` (the IWA CSP): the
 * injection sinks of the Trusted Types spec (W3C Trusted Types §4 "Integrations": HTML sinks take TrustedHTML,
 * script-URL sinks such as `new Worker(url)` and `serviceWorker.register(url)` take TrustedScriptURL, string
 * eval takes TrustedScript). A text scan of minified output: it finds call sites, not whether they run.
 */
export type TrustedTypeKind = 'TrustedHTML' | 'TrustedScriptURL' | 'TrustedScript';

export interface SinkPattern {
  readonly sink: string;
  readonly kind: TrustedTypeKind;
  readonly pattern: RegExp;
}

export const TRUSTED_TYPES_SINKS: readonly SinkPattern[] = [
  { sink: 'Element.innerHTML', kind: 'TrustedHTML', pattern: /\.innerHTML\s*=(?!=)/g },
  { sink: 'Element.outerHTML', kind: 'TrustedHTML', pattern: /\.outerHTML\s*=(?!=)/g },
  { sink: 'insertAdjacentHTML', kind: 'TrustedHTML', pattern: /\.insertAdjacentHTML\s*\(/g },
  { sink: 'document.write', kind: 'TrustedHTML', pattern: /\bdocument\.write(?:ln)?\s*\(/g },
  { sink: 'DOMParser.parseFromString', kind: 'TrustedHTML', pattern: /\.parseFromString\s*\(/g },
  { sink: 'Range.createContextualFragment', kind: 'TrustedHTML', pattern: /\.createContextualFragment\s*\(/g },
  { sink: 'iframe.srcdoc', kind: 'TrustedHTML', pattern: /\.srcdoc\s*=(?!=)/g },
  { sink: 'new Worker(url)', kind: 'TrustedScriptURL', pattern: /\bnew\s+Worker\s*\(/g },
  { sink: 'new SharedWorker(url)', kind: 'TrustedScriptURL', pattern: /\bnew\s+SharedWorker\s*\(/g },
  { sink: 'serviceWorker.register(url)', kind: 'TrustedScriptURL', pattern: /\bserviceWorker\.register\s*\(/g },
  { sink: 'importScripts(url)', kind: 'TrustedScriptURL', pattern: /\bimportScripts\s*\(/g },
  { sink: 'eval(string)', kind: 'TrustedScript', pattern: /(?<![\w$.])eval\s*\(/g },
  { sink: 'new Function(string)', kind: 'TrustedScript', pattern: /\bnew\s+Function\s*\(/g },
];

export interface SinkFinding {
  readonly file: string;
  readonly sink: string;
  readonly kind: TrustedTypeKind;
  readonly count: number;
  /** A few characters around the first hit, to find it in the minified file. */
  readonly excerpt: string;
}

const EXCERPT_RADIUS = 40;

export function auditTrustedTypes(file: string, source: string): SinkFinding[] {
  const findings: SinkFinding[] = [];
  for (const { sink, kind, pattern } of TRUSTED_TYPES_SINKS) {
    const hits = [...source.matchAll(pattern)];
    const first = hits[0];
    if (!first || first.index === undefined) continue;
    const excerpt = source.slice(Math.max(0, first.index - EXCERPT_RADIUS), first.index + EXCERPT_RADIUS).replace(/\s+/g, ' ');
    findings.push({ file, sink, kind, count: hits.length, excerpt });
  }
  return findings;
}

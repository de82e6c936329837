/**
 * What every server started with `--demo` owes its operator (issue 14 §3): the demo CA's private key ships in
 * this folder, so anyone can sign as it. A server that signs with it or trusts it says so on every start and
 * refuses to run where NODE_ENV=production. Each server words the danger its own way; the rule is one.
 */
export class DemoInProductionError extends Error {
  override readonly name = 'DemoInProductionError';
}

/** Throws DemoInProductionError with `why` (zh-CN and English) when NODE_ENV says production. */
export function refuseDemoInProduction(nodeEnv: string | undefined, why: string): void {
  if (nodeEnv === 'production') throw new DemoInProductionError(why);
}

/** The start banner: the server's own lines between two rules, so it cannot be missed in a log. */
export function demoBanner(lines: readonly string[]): string {
  const rule = '='.repeat(78);
  return [rule, ...lines.map((text) => ` ${text}`), rule, ''].join('\n');
}

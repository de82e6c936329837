/**
 * The two languages the outbox speaks and a placeholder filler. The service-worker group imports only shared code
 * (.dependency-cruiser.cjs), so it does not take these from src/ui/i18n; the UI's Lang is the same union.
 */
export type Lang = 'zh-CN' | 'en';

/** Fills `{name}` placeholders; an unknown one stays visible rather than printing "undefined". */
export function fill(template: string, params: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (Object.prototype.hasOwnProperty.call(params, key) ? String(params[key]) : whole));
}

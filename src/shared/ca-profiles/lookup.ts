/** Finding the CA profile row for an issuer, and what the row tells about a certificate. */
import { isValidOrgCode, isValidUsci, orgCodeFromUsci } from './identifiers';
import { CA_PROFILES, COMMON_IDENTIFIERS } from './profiles';
import type { CaProfile, IssuerMatch, PinPolicy } from './types';

type NameFields = Readonly<Record<string, string>>;

/** Splits an RFC 4514 string ("CN=a\, b, O=c") into attribute → value (repeated keys joined by ", "). */
export function parseDnString(dn: string): Record<string, string> {
  const fields: Record<string, string> = {};
  let part = '';
  const parts: string[] = [];
  for (let i = 0; i < dn.length; i++) {
    const c = dn[i]!;
    if (c === '\\' && i + 1 < dn.length) {
      part += dn[++i];
    } else if (c === ',' || c === '+') {
      parts.push(part);
      part = '';
    } else {
      part += c;
    }
  }
  parts.push(part);
  for (const p of parts) {
    const eq = p.indexOf('=');
    if (eq <= 0) continue;
    const key = p.slice(0, eq).trim();
    const value = p.slice(eq + 1).trim();
    fields[key] = fields[key] === undefined ? value : `${fields[key]}, ${value}`;
  }
  return fields;
}

/** The first profile whose issuer match fits; null for CAs we have no row for. */
export function findCaProfile(issuer: string | NameFields, profiles: readonly CaProfile[] = CA_PROFILES): CaProfile | null {
  const fields = typeof issuer === 'string' ? parseDnString(issuer) : issuer;
  for (const profile of profiles) {
    if (profile.issuerMatch.some((match) => issuerMatches(match, fields))) return profile;
  }
  return null;
}

function issuerMatches(match: IssuerMatch, fields: NameFields): boolean {
  if ('name' in match) {
    const keys = Object.keys(match.name);
    return keys.length === Object.keys(fields).length && keys.every((key) => fields[key] === match.name[key]);
  }
  const value = fields[match.field]?.toLowerCase();
  return value !== undefined && value !== '' && match.contains.some((needle) => value.includes(needle.toLowerCase()));
}

/** Identifiers users are asked for (USCI, organisation code, …), found by the profile's rules. */
export function extractIdentifiers(profile: CaProfile | null, subject: NameFields): Record<string, string> {
  const found: Record<string, string> = {};
  const rules = profile?.identifiers ?? COMMON_IDENTIFIERS;
  for (const rule of rules) {
    if (found[rule.kind] !== undefined) continue;
    const values = (subject[rule.field] ?? '').split(', ');
    for (const value of values) {
      const candidate = new RegExp(rule.pattern).exec(value)?.[1];
      if (!candidate) continue;
      if (rule.kind === 'usci' && !isValidUsci(candidate)) continue;
      if (rule.kind === 'orgCode' && candidate.replace('-', '').length === 9 && !isValidOrgCode(candidate)) continue;
      found[rule.kind] = candidate;
      break;
    }
  }
  if (found.usci && !found.orgCode) {
    const org = orgCodeFromUsci(found.usci);
    if (org) found.orgCode = org;
  }
  return found;
}

/** Initial PINs the CA documents for this certificate (to suggest, never to try automatically). */
export function defaultPinsFor(profile: CaProfile | null, report: { readonly identifiers: NameFields }): string[] {
  if (!profile) return [];
  const pins: string[] = [];
  for (const rule of profile.defaultPins) {
    if (rule.kind === 'fixed') pins.push(rule.pin);
    else if (report.identifiers.usci) pins.push(report.identifiers.usci.slice(-rule.length));
  }
  return pins;
}

export type PinPolicyProblem = 'too-short' | 'too-long' | 'digits-only-required' | 'letters-and-digits-required';

/** What is wrong with a new PIN under the CA's policy (empty when acceptable). The PIN is not kept. */
export function checkPinPolicy(policy: PinPolicy, pin: string): PinPolicyProblem[] {
  const problems: PinPolicyProblem[] = [];
  if (pin.length < policy.minLength) problems.push('too-short');
  if (pin.length > policy.maxLength) problems.push('too-long');
  if (policy.charset === 'digits' && !/^\d*$/.test(pin)) problems.push('digits-only-required');
  if (policy.charset === 'letters-digits' && !(/[A-Za-z]/.test(pin) && /\d/.test(pin) && /^[A-Za-z\d]*$/.test(pin))) {
    problems.push('letters-and-digits-required');
  }
  return problems;
}

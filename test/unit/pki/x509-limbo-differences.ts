/**
 * x509-limbo cases where pki answers differently from limbo's expected result, each with the reason. Two lists:
 * NOT_APPLICABLE — the expected result rests on a check that does not apply to the client certificates on our
 * users' tokens (a hostname/peer-name match, or a CA/Browser Forum Baseline Requirement for TLS server
 * certificates); DIFFERENCES — RFC 5280 questions where we deliberately stop short of limbo, usually because the
 * rule binds the CA that issues certificates (RFC 5280 §4: "conforming CAs MUST …") rather than being a step of
 * the §6.1 path-validation algorithm. Every one here is accepted by pki where limbo expects a refusal.
 */

const HOSTNAME = 'needs a hostname/peer-name match (RFC 6125/9525): a sign-in certificate names a person or company, not a server we connect to';
const CABF = 'a CA/Browser Forum Baseline Requirement for TLS server certificates (Web PKI), not RFC 5280 path validation';
const CA_RULE = 'a rule for the issuing CA (RFC 5280 §4.2.1.1/§4.2.1.2 key identifiers), not a §6.1 step; path building uses the identifiers when present';

export const LIMBO_NOT_APPLICABLE: Readonly<Record<string, string>> = {
  'rfc5280::ca-as-leaf-wrong-san': HOSTNAME,
  'webpki::cn::ipv4-hex-mismatch': HOSTNAME,
  'webpki::cn::ipv4-leading-zeros-mismatch': HOSTNAME,
  'webpki::cn::ipv6-uppercase-mismatch': HOSTNAME,
  'webpki::cn::ipv6-uncompressed-mismatch': HOSTNAME,
  'webpki::cn::ipv6-non-rfc5952-mismatch': HOSTNAME,
  'webpki::cn::punycode-not-in-san': HOSTNAME,
  'webpki::cn::utf8-vs-punycode-mismatch': HOSTNAME,
  'webpki::cn::not-in-san': HOSTNAME,
  'webpki::cn::case-mismatch': HOSTNAME,
  'webpki::san::mismatch-domain-san': HOSTNAME,
  'webpki::san::mismatch-subdomain-san': HOSTNAME,
  'webpki::san::mismatch-subdomain-apex-san': HOSTNAME,
  'webpki::san::mismatch-apex-subdomain-san': HOSTNAME,
  'webpki::san::public-suffix-wildcard-san': HOSTNAME,
  'webpki::san::public-suffix-multi-label-wildcard-san': HOSTNAME,
  'webpki::san::public-suffix-private-namespace-wildcard-san': HOSTNAME,
  'webpki::san::wildcard-embedded-leftmost-san': HOSTNAME,
  'webpki::san::wildcard-not-in-leftmost-san': HOSTNAME,
  'webpki::san::wildcard-match-across-labels-san': HOSTNAME,
  'webpki::san::wildcard-embedded-ulabel-san': HOSTNAME,
  'webpki::san::san-wildcard-only': HOSTNAME,
  'webpki::san::san-wildcard-only-tld': HOSTNAME,
  'webpki::san::no-san': `${CABF} (a TLS leaf must carry subjectAltName; Chinese sign-in certificates often carry none)`,
  'webpki::san::san-critical-with-nonempty-subject': CABF,
  'webpki::aki::root-with-aki-missing-keyidentifier': CABF,
  'webpki::aki::root-with-aki-authoritycertissuer': CABF,
  'webpki::aki::root-with-aki-authoritycertserialnumber': CABF,
  'webpki::aki::root-with-aki-all-fields': CABF,
  'webpki::aki::root-with-aki-ski-mismatch': `${CABF}; an anchor's own AKI is never used (the anchor is an input, §6.1.1 (d))`,
  'webpki::eku::ee-anyeku': `${CABF}; RFC 5280 §4.2.1.12 lets anyExtendedKeyUsage stand for every purpose`,
  'webpki::eku::ee-critical-eku': CABF,
  'webpki::eku::ee-without-eku': `${CABF}; RFC 5280 §4.2.1.12: without the extension the key may serve any purpose`,
  'webpki::eku::root-has-eku': CABF,
  'webpki::malformed-aia': `${CABF}; we never read authorityInfoAccess (it is not critical here)`,
  'webpki::forbidden-p192-leaf': `${CABF}; the leaf's key is judged by the verifier (ALG_MISMATCH/WEAK_KEY), not by path validation`,
  'webpki::forbidden-dsa-leaf': `${CABF}; the leaf's key is judged by the verifier, not by path validation`,
  'webpki::forbidden-weak-rsa-key-in-root': `${CABF}; key-size policy for anchors is the operator's choice of trust anchors`,
  'webpki::forbidden-weak-rsa-in-leaf': `${CABF}; the verifier refuses RSA below 2048 bits (WEAK_KEY) at sign-in`,
  'webpki::forbidden-rsa-not-divisible-by-8-in-root': CABF,
  'webpki::forbidden-rsa-key-not-divisible-by-8-in-leaf': CABF,
  'webpki::v1-cert': `${CABF}; RFC 5280 allows a v1 end-entity certificate (only an issuer must be v3, §6.1.4 (k))`,
  'webpki::ee-basicconstraints-ca': `${CABF}; RFC 5280 §6.1 does not forbid a CA certificate as the target`,
  'webpki::ca-as-leaf': `${CABF}; RFC 5280 §6.1 does not forbid a CA certificate as the target`,
};

export const LIMBO_DIFFERENCES: Readonly<Record<string, string>> = {
  'crl::crlnumber-missing': 'RFC 5280 §5.2.3 obliges the CRL issuer to include cRLNumber; we rely on the CRL signature, issuer and thisUpdate/nextUpdate, and keep the newest by thisUpdate',
  'crl::crlnumber-critical': 'RFC 5280 §5.2.3 says cRLNumber is non-critical (a CRL issuer rule); we read no CRL extension, so its criticality changes nothing for us',
  'rfc5280::aki::critical-aki': `${CA_RULE} (criticality is the CA's error; the identifier still only helps find the issuer)`,
  'rfc5280::aki::leaf-missing-aki': CA_RULE,
  'rfc5280::aki::intermediate-missing-aki': CA_RULE,
  'rfc5280::aki::cross-signed-root-missing-aki': CA_RULE,
  'rfc5280::ski::root-missing-ski': CA_RULE,
  'rfc5280::ski::intermediate-missing-ski': CA_RULE,
  'rfc5280::nc::permitted-dns-match-noncritical': 'RFC 5280 §4.2.1.10 tells CAs to mark nameConstraints critical; we apply the constraints whatever their criticality, and refusing a path because its restriction is marked non-critical adds no safety',
  'rfc5280::nc::invalid-dnsname-leading-period': 'a dNSName constraint with a leading period is outside RFC 5280\'s syntax; we read it as "subdomains only", as many validators do, rather than refusing it',
  'rfc5280::pc::ica-noncritical-pc': 'RFC 5280 §4.2.1.11 tells CAs to mark policyConstraints critical; we do no policy processing (user-initial-policy-set = anyPolicy, §6.1.1) and refuse a critical policyConstraints as unprocessed instead',
  'rfc5280::san::noncritical-with-empty-subject': 'RFC 5280 §4.2.1.6 tells CAs to mark subjectAltName critical when the subject is empty (an issuing rule); the names are read either way',
  'rfc5280::san::underscore-dns': 'dNSName syntax (RFC 1034 preferred name syntax) matters for hostname matching, which does not apply to client certificates',
  'rfc5280::san::ip-in-dns': 'dNSName syntax matters for hostname matching, which does not apply to client certificates',
  'rfc5280::serial::too-long': 'RFC 5280 §4.1.2.2 limits serials to 20 octets for CAs issuing them; we read longer ones and compare them as hex strings',
  'rfc5280::serial::zero': 'RFC 5280 §4.1.2.2 requires positive serials of issuing CAs; a zero serial is still a distinct identifier for CRL lookup',
  'rfc5280::serial::negative': 'RFC 5280 §4.1.2.2: "certificate users SHOULD be prepared to gracefully handle" non-conforming negative serials — we do',
  'rfc5280::ca-empty-subject': 'an empty CA subject breaks RFC 5280 §4.1.2.6 for issuers; our path building matches it by name and key identifier like any other and signatures still have to verify',
  'rfc5280::root-non-critical-basic-constraints': 'RFC 5280 §4.2.1.9 tells CAs to mark basicConstraints critical in CA certificates; we require cA=TRUE whatever its criticality',
  'rfc5280::leaf-ku-keycertsign': 'RFC 5280 §4.2.1.9 forbids keyCertSign without cA=TRUE for issuing CAs; such a leaf can still never issue here (§6.1.4 (k) needs cA=TRUE), so accepting it as a target is harmless',
};

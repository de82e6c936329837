/** The reach verdict's vocabulary, apart from the code that decides it (way-out.ts words each value). */
export type Verdict = 'works' | 'needs-iwa' | 'needs-winusb' | 'no-web-path' | 'unknown';
/** 'supported': we speak its command set (PIV); 'missing': a vendor set we do not speak yet; 'unknown'. */
export type CardProfileState = 'supported' | 'missing' | 'unknown';

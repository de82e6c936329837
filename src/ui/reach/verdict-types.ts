/** The reach verdict's vocabulary, apart from the code that decides it (way-out.ts words each value). */
export type Verdict = 'works' | 'needs-iwa' | 'needs-winusb' | 'no-web-path' | 'unknown';
/** 'supported': a registered card profile speaks its command set; 'missing': a vendor set none speaks yet; 'unknown'. */
export type CardProfileState = 'supported' | 'missing' | 'unknown';

import type { GuideId, ErrorText } from '../../shared/errors';


export type { ErrorText };

/**
 * zh-CN texts of names no error class defines (each class's texts are registered by its group, issue 17 §3):
 * kept so an older or foreign error of that name still reads well.
 */
export const ERROR_TEXTS_ZH: Readonly<Record<string, ErrorText>> = {
  CertificateUntrustedError: { cause: '无法确认证书的颁发机构是否可信。', whatToDo: '导入 CA 证书，或联系 CA 确认。' },
};

/** zh-CN fallback per guide: used for an error class without its own text, so nothing is a bare "failed". */
export const GUIDE_FALLBACK_ZH: Readonly<Partial<Record<GuideId, ErrorText>>> = {
  'card-error': { cause: 'UKEY 报告了一个错误。', whatToDo: '重新插拔 UKEY 后再试；仍然失败时查看指南。' },
  'token-unsupported': { cause: '这支 UKEY 或浏览器还不支持这个功能。', whatToDo: '查看指南了解可用的 UKEY 和浏览器。' },
  'certificate-unreadable': { cause: '证书无法读取或解析。', whatToDo: '重新读取；仍然失败时联系 CA。' },
  'certificate-untrusted': { cause: '无法确认证书的颁发机构。', whatToDo: '导入 CA 证书，或联系 CA。' },
  'revocation-unknown': { cause: '证书的吊销状态暂时未知。', whatToDo: '联网后重新检查。' },
  'storage-problem': { cause: '本地存储出现问题。', whatToDo: '查看指南检查浏览器的存储设置。' },
};

export const GENERIC_ZH: ErrorText = {
  cause: '出现了一个意外的问题（{name}）。',
  whatToDo: '重新插拔 UKEY、刷新页面后再试；仍然失败时查看指南，并把这段说明告诉技术支持。',
};

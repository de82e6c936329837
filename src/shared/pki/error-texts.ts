/**
 * The zh-CN and English texts of this group's errors (issue 17 §3): registered by the group that defines the
 * errors, imported by its errors module, so a new group or card profile brings its texts with it.
 */
import { registerErrorTexts } from '../errors/error-text-registry';

registerErrorTexts({
  'zh-CN': {
    CertificateParseError: { cause: 'UKEY 中的证书无法解析。', whatToDo: '重新读取；仍然失败时证书可能损坏，请联系 CA。' },
    UnsupportedAlgorithmError: { cause: '证书使用了本应用还不支持的算法。', whatToDo: '证书本身可能没有问题；查看指南，或联系 CA 确认。' },
    CaImportError: {
      cause: '所选文件不能作为 CA 证书导入：文件无法解析，或其中只有个人（终端实体）证书。',
      whatToDo: '请选择 CA 提供的根证书或中级 CA 证书文件（.cer .crt .pem .der .p7b）；已导入的证书不受影响。',
    },
    CrlError: { cause: '证书吊销列表（CRL）无法读取或验证。', whatToDo: '联网后重新检查；吊销状态暂时未知。' },
  },
  en: {
    CertificateParseError: { cause: 'A certificate on the token could not be parsed.', whatToDo: 'Read it again; if it persists the certificate may be damaged, contact your CA.' },
    UnsupportedAlgorithmError: { cause: 'The certificate uses an algorithm this app does not support yet.', whatToDo: 'The certificate itself may be fine; read the guide or ask your CA.' },
    CaImportError: {
      cause: 'The chosen file cannot be imported as a CA certificate: it cannot be parsed, or it holds only end-entity certificates.',
      whatToDo: "Choose the root or intermediate CA certificate file your CA provides (.cer .crt .pem .der .p7b); the certificates already imported are kept.",
    },
    CrlError: { cause: 'The revocation list (CRL) could not be read or verified.', whatToDo: 'Check again when online; revocation status is unknown for now.' },
  },
});

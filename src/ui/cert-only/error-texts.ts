/**
 * The zh-CN and English texts of this group's errors (issue 17 §3): registered by the group that defines the
 * errors, imported by its errors module, so a new group or card profile brings its texts with it.
 */
import { registerErrorTexts } from '../../shared/errors';

registerErrorTexts({
  'zh-CN': {
    CertificateFileError: {
      cause: '所选文件或粘贴的文字里没有这支 UKEY 的证书：文件无法读取（可能是私钥文件、损坏的文件或不完整的粘贴），或其中只有 CA 的根证书、中级证书。',
      whatToDo: '按指南从 CA 的证书助手或 Windows 证书管理器导出 UKEY 里的证书（.cer .crt .pem .der .p7b），再选择该文件或粘贴全部文字。',
    },
  },
  en: {
    CertificateFileError: {
      cause: "The chosen file or pasted text holds no certificate of this key: it cannot be read (a private-key file, a damaged file or an incomplete paste), or it holds only the CA's root or intermediate certificates.",
      whatToDo: "Export the key's certificate from the CA's assistant or the Windows certificate manager as the guide shows (.cer .crt .pem .der .p7b), then choose that file or paste all of its text.",
    },
  },
});

export { CertificateFormatError } from './certificate-format.error';
export type { CertificateFormatReason } from './certificate-format.error';
export { assertKeyMatchesCertificate, assertPrivateKeyPem, parseX509Der, parseX509Pem, subjectCommonName } from './x509';
export type { CertificateSummary } from './x509';
export { JKS_ALIAS_FIELD, JKS_ALIAS_PASSWORD_FIELD, parseJks } from './jks';
export { parseP12 } from './pkcs12';
export { parseMobileProvision } from './mobile-provision';
export type { MobileProvisionSummary } from './mobile-provision';

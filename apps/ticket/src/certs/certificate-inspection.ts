import { CertType } from './entities/certificate.entity';
import { TicketError, TicketErrorCode } from '../ticket.errors';
import {
  assertKeyMatchesCertificate,
  CertificateFormatError,
  JKS_ALIAS_PASSWORD_FIELD,
  parseJks,
  parseMobileProvision,
  parseP12,
  parseX509Pem,
} from './parsers';

/** The upload fields of each type: files it needs, files it may have, and whether it needs password credentials. */
export const CERT_FILES: Record<CertType, { required: string[]; optional: string[]; credentials: Array<'credentialId' | 'aliasCredentialId'> }> = {
  ios: { required: ['fileP12', 'fileMobileProvision'], optional: [], credentials: ['credentialId'] },
  android: { required: ['fileJks'], optional: [], credentials: ['credentialId', 'aliasCredentialId'] },
  enterprise: { required: ['fileMobileProvision'], optional: [], credentials: [] },
  tls: { required: ['serverCrt', 'serverKey'], optional: ['clientCrt', 'clientKey'], credentials: [] },
};

/** What a certificate's files tell about it, kept in the clear for listing. */
export interface CertificateDetails {
  subject: string;
  developerName: string | null;
  teamName: string | null;
  uuid: string | null;
  expiresAt: Date;
}

/** Passwords read from the credentials the form names. */
export interface CertPasswords {
  credentialId?: string;
  aliasCredentialId?: string;
}

/**
 * Opens the files of one certificate the way its user will (passwords, alias, key pairs) and reads
 * what the list shows: subject, team, expiry (the earliest of the files'). A file that does not
 * open is a 400 naming its field.
 */
export function inspectCertificate(type: CertType, files: Record<string, Buffer>, passwords: CertPasswords, alias: string | undefined): CertificateDetails {
  try {
    return inspect(type, files, passwords, alias);
  } catch (error) {
    if (!(error instanceof CertificateFormatError)) throw error;
    const field = error.field === JKS_ALIAS_PASSWORD_FIELD ? 'aliasCredentialId' : error.field;
    const code =
      error.reason === 'WRONG_PASSWORD' ? TicketErrorCode.CERT_PASSWORD_WRONG : error.reason === 'ALIAS_NOT_FOUND' ? TicketErrorCode.CERT_ALIAS_NOT_FOUND : TicketErrorCode.FIELD_INVALID;
    throw new TicketError(code, error.message, { field });
  }
}

function inspect(type: CertType, files: Record<string, Buffer>, passwords: CertPasswords, alias: string | undefined): CertificateDetails {
  switch (type) {
    case 'ios': {
      const p12 = parseP12('fileP12', files.fileP12, passwords.credentialId ?? '');
      const profile = parseMobileProvision('fileMobileProvision', files.fileMobileProvision);
      return { subject: p12.subject, developerName: profile.developerName, teamName: profile.teamName, uuid: profile.uuid, expiresAt: earliest(p12.notAfter, profile.expirationDate) };
    }
    case 'android': {
      const key = parseJks('fileJks', files.fileJks, passwords.credentialId ?? '', alias ?? '', passwords.aliasCredentialId ?? '');
      return { subject: key.subject, developerName: null, teamName: null, uuid: null, expiresAt: key.notAfter };
    }
    case 'enterprise': {
      const profile = parseMobileProvision('fileMobileProvision', files.fileMobileProvision);
      return { subject: profile.name, developerName: profile.developerName, teamName: profile.teamName, uuid: profile.uuid, expiresAt: profile.expirationDate };
    }
    case 'tls': {
      const server = keyPair(files, 'serverCrt', 'serverKey');
      const client = files.clientCrt || files.clientKey ? keyPair(files, 'clientCrt', 'clientKey') : null;
      return { subject: server.subject, developerName: null, teamName: null, uuid: null, expiresAt: client ? earliest(server.notAfter, client.notAfter) : server.notAfter };
    }
  }
}

function keyPair(files: Record<string, Buffer>, certField: string, keyField: string) {
  const cert = files[certField]?.toString('utf8');
  const key = files[keyField]?.toString('utf8');
  if (cert === undefined) throw new CertificateFormatError(certField, 'MALFORMED', `is required together with ${keyField}`);
  if (key === undefined) throw new CertificateFormatError(keyField, 'MALFORMED', `is required together with ${certField}`);
  const summary = parseX509Pem(certField, cert);
  assertKeyMatchesCertificate(keyField, key, cert);
  return summary;
}

function earliest(a: Date, b: Date): Date {
  return a.getTime() <= b.getTime() ? a : b;
}

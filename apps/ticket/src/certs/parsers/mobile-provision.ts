import { CertificateFormatError } from './certificate-format.error';
import { parsePlistXml, PlistDict, PlistSyntaxError, PlistValue } from './plist';
import { subjectCommonName } from './x509';

export interface MobileProvisionSummary {
  name: string;
  teamName: string;
  uuid: string;
  /** Common name of the profile's first developer certificate ("Apple Distribution: Foo (TEAMID)"), else the team name. */
  developerName: string;
  expirationDate: Date;
}

const PLIST_START = '<?xml';
const PLIST_END = '</plist>';

/**
 * An iOS .mobileprovision is a CMS signed envelope around an XML plist. The signature is not checked (Xcode does
 * that when the profile is used); we only read what the certificate list shows.
 */
export function parseMobileProvision(field: string, bytes: Buffer): MobileProvisionSummary {
  const plist = readPlist(field, bytes);
  const teamName = requireString(field, plist, 'TeamName');
  return {
    name: requireString(field, plist, 'Name'),
    teamName,
    uuid: requireString(field, plist, 'UUID'),
    developerName: firstDeveloperName(field, plist) ?? teamName,
    expirationDate: requireDate(field, plist, 'ExpirationDate'),
  };
}

// The envelope keeps the plist in one DER OCTET STRING, so its bytes sit together in the file and need no CMS parsing.
function readPlist(field: string, bytes: Buffer): PlistDict {
  const start = bytes.indexOf(PLIST_START);
  const end = start < 0 ? -1 : bytes.indexOf(PLIST_END, start);
  if (end < 0) {
    throw new CertificateFormatError(field, 'MALFORMED', 'not an iOS provisioning profile (no property list inside); upload the .mobileprovision file from Apple');
  }
  let root: PlistValue;
  try {
    root = parsePlistXml(bytes.subarray(start, end + PLIST_END.length).toString('utf8'));
  } catch (error) {
    if (!(error instanceof PlistSyntaxError)) throw error;
    throw new CertificateFormatError(field, 'MALFORMED', `the provisioning profile's property list cannot be read (${error.message})`);
  }
  if (!isDict(root)) throw new CertificateFormatError(field, 'MALFORMED', "the provisioning profile's property list is not a dictionary");
  return root;
}

function firstDeveloperName(field: string, plist: PlistDict): string | undefined {
  const certificates = plist.DeveloperCertificates;
  if (certificates === undefined) return undefined;
  if (!Array.isArray(certificates)) throw new CertificateFormatError(field, 'MALFORMED', 'DeveloperCertificates in the provisioning profile is not a list');
  if (certificates.length === 0) return undefined;
  const first = certificates[0];
  if (!Buffer.isBuffer(first)) {
    throw new CertificateFormatError(field, 'MALFORMED', 'the first DeveloperCertificates entry in the provisioning profile is not <data>');
  }
  try {
    return subjectCommonName(field, first);
  } catch {
    throw new CertificateFormatError(field, 'MALFORMED', 'the first DeveloperCertificates entry in the provisioning profile is not a valid X.509 certificate');
  }
}

function requireString(field: string, plist: PlistDict, key: string): string {
  const value = plist[key];
  if (typeof value !== 'string') throw new CertificateFormatError(field, 'MALFORMED', `the provisioning profile has no ${key} string`);
  return value;
}

function requireDate(field: string, plist: PlistDict, key: string): Date {
  const value = plist[key];
  if (!(value instanceof Date)) throw new CertificateFormatError(field, 'MALFORMED', `the provisioning profile has no ${key} date`);
  return value;
}

function isDict(value: PlistValue): value is PlistDict {
  return typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date) && !Buffer.isBuffer(value);
}

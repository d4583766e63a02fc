import { TicketError, TicketErrorCode } from '../ticket.errors';

export const CREDENTIAL_TYPES = [
  'PASSWORD',
  'ACCESSTOKEN',
  'OAUTHTOKEN',
  'USERNAME_PASSWORD',
  'SECRETKEY',
  'APPID_SECRETKEY',
  'SSH_PRIVATEKEY',
  'TOKEN_SSH_PRIVATEKEY',
  'TOKEN_USERNAME_PASSWORD',
  'COS_APPID_SECRETID_SECRETKEY_REGION',
  'MULTI_LINE_PASSWORD',
] as const;

export type CredentialType = (typeof CREDENTIAL_TYPES)[number];

export const SLOT_NAMES = ['v1', 'v2', 'v3', 'v4'] as const;
export type SlotName = (typeof SLOT_NAMES)[number];
export type CredentialSlots = Partial<Record<SlotName, string>>;

/** What a slot holds: its BK-CI key name (what builds see), whether it is required, and its form. */
interface SlotRule {
  key: string;
  required: boolean;
  form: 'line' | 'multiline' | 'ssh-private-key';
}

const line = (key: string, required = true): SlotRule => ({ key, required, form: 'line' });

/**
 * BK-CI's CredentialType slots (reference §1.1), stricter where BK-CI's users asked for it:
 * every slot a type cannot work without is required, and single-line secrets may not hold newlines.
 */
const SLOTS: Record<CredentialType, SlotRule[]> = {
  PASSWORD: [line('password')],
  ACCESSTOKEN: [line('access_token')],
  OAUTHTOKEN: [line('oauth_token')],
  USERNAME_PASSWORD: [line('username'), line('password')],
  SECRETKEY: [line('secretKey')],
  APPID_SECRETKEY: [line('appId'), line('secretKey')],
  SSH_PRIVATEKEY: [{ key: 'privateKey', required: true, form: 'ssh-private-key' }, line('passphrase', false)],
  TOKEN_SSH_PRIVATEKEY: [line('token'), { key: 'privateKey', required: true, form: 'ssh-private-key' }, line('passphrase', false)],
  TOKEN_USERNAME_PASSWORD: [line('token'), line('username'), line('password')],
  COS_APPID_SECRETID_SECRETKEY_REGION: [line('cosappId'), line('secretId'), line('secretKey'), line('region')],
  MULTI_LINE_PASSWORD: [{ key: 'password', required: true, form: 'multiline' }],
};

/** Larger than any key or token in use (a 4096-bit RSA key in PEM is about 3.3 KB). */
export const MAX_SLOT_CHARS = 16_384;
const SSH_PRIVATE_KEY = /^-----BEGIN (RSA |OPENSSH |EC |DSA )?PRIVATE KEY-----\r?\n[\s\S]+\r?\n-----END (RSA |OPENSSH |EC |DSA )?PRIVATE KEY-----\s*$/;

/** The slots a type uses, in order. */
export function slotsOf(type: CredentialType): SlotName[] {
  return SLOTS[type].map((_, index) => SLOT_NAMES[index]);
}

/** The BK-CI key names of a type's values, e.g. USERNAME_PASSWORD → { v1: 'username', v2: 'password' }. */
export function keyNamesOf(type: CredentialType): Record<string, string> {
  return Object.fromEntries(SLOTS[type].map((rule, index) => [SLOT_NAMES[index], rule.key]));
}

/**
 * Checks the complete values of a credential of `type`: each required slot present, no slot the
 * type does not use, each value within size and in its form. Throws FIELD_INVALID naming the field.
 */
export function validateSlots(type: CredentialType, slots: CredentialSlots): void {
  const rules = SLOTS[type];
  SLOT_NAMES.forEach((slot, index) => {
    const value = slots[slot];
    const rule = rules[index];
    if (!rule) {
      if (value !== undefined && value !== '') fail(slot, `${type} has no ${slot}; it uses ${slotsOf(type).join(', ')}`);
      return;
    }
    const field = `${slot} (${rule.key})`;
    if (value === undefined || value === '') {
      if (rule.required) fail(slot, `${field} is required for ${type}`);
      return;
    }
    if (value.length > MAX_SLOT_CHARS) fail(slot, `${field} is longer than ${MAX_SLOT_CHARS} characters`);
    if (rule.form === 'line' && /[\r\n]/.test(value)) fail(slot, `${field} must be one line; use MULTI_LINE_PASSWORD for multi-line secrets`);
    if (rule.form === 'ssh-private-key' && !SSH_PRIVATE_KEY.test(value)) {
      fail(slot, `${field} must be a PEM private key, from "-----BEGIN … PRIVATE KEY-----" to "-----END … PRIVATE KEY-----"`);
    }
  });
}

function fail(field: string, message: string): never {
  throw new TicketError(TicketErrorCode.FIELD_INVALID, message, { field });
}

import { TicketError, TicketErrorCode } from './ticket.errors';

const ID_PATTERN = /^[0-9a-zA-Z_]+$/;
const MAX_ID_LENGTH = 40;

/** BK-CI's rules for credential and certificate ids, with its codes: at most 40 characters (2118007), letters, digits and "_" (2118003). */
export function validateTicketId(field: 'credentialId' | 'certId', id: string): void {
  if (id.length > MAX_ID_LENGTH) throw new TicketError(TicketErrorCode.ID_TOO_LONG, `${field} must be at most ${MAX_ID_LENGTH} characters`, { field });
  if (!ID_PATTERN.test(id)) throw new TicketError(TicketErrorCode.ID_INVALID, `${field} may hold only letters, digits and "_"`, { field });
}

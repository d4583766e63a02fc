import { Injectable } from '@nestjs/common';
import { DecryptionError, EnvelopeCipher, SealedSecret } from '../crypto/envelope-cipher';
import { TicketError, TicketErrorCode } from '../ticket.errors';
import { CredentialSlots } from './credential-types';

/** Seals a credential's slots bound to its project and id, so a row's ciphertext opens only in that row. */
@Injectable()
export class CredentialVault {
  constructor(private readonly cipher: EnvelopeCipher) {}

  seal(projectId: string, credentialId: string, slots: CredentialSlots): SealedSecret {
    return this.cipher.seal(Buffer.from(JSON.stringify(slots), 'utf8'), binding(projectId, credentialId));
  }

  open(projectId: string, credentialId: string, sealed: SealedSecret): CredentialSlots {
    try {
      return JSON.parse(this.cipher.open(sealed, binding(projectId, credentialId)).toString('utf8')) as CredentialSlots;
    } catch (error) {
      if (!(error instanceof DecryptionError)) throw error;
      throw new TicketError(
        TicketErrorCode.DECRYPTION_FAILED,
        `Credential ${credentialId} of project ${projectId} cannot be decrypted (${error.message}); its stored data was altered or its master key is missing`,
        { projectId, credentialId },
      );
    }
  }

  rewrap(projectId: string, credentialId: string, sealed: SealedSecret): SealedSecret {
    return this.cipher.rewrap(sealed, binding(projectId, credentialId));
  }
}

function binding(projectId: string, credentialId: string): string {
  return JSON.stringify(['credential', projectId, credentialId]);
}

import { Injectable } from '@nestjs/common';
import { TicketError, TicketErrorCode } from '../ticket.errors';
import { DecryptionError, EnvelopeCipher, SealedSecret } from '@bkci/secrets';

/** What is sealed: a credential's values or a certificate's files. */
export type SecretKind = 'credential' | 'cert';

/** Seals a secret bound to its kind, project and id, so a row's ciphertext opens only in that row. */
@Injectable()
export class SecretVault {
  constructor(private readonly cipher: EnvelopeCipher) {}

  seal<T>(kind: SecretKind, projectId: string, id: string, value: T): SealedSecret {
    return this.cipher.seal(Buffer.from(JSON.stringify(value), 'utf8'), binding(kind, projectId, id));
  }

  open<T>(kind: SecretKind, projectId: string, id: string, sealed: SealedSecret): T {
    try {
      return JSON.parse(this.cipher.open(sealed, binding(kind, projectId, id)).toString('utf8')) as T;
    } catch (error) {
      if (!(error instanceof DecryptionError)) throw error;
      throw new TicketError(
        TicketErrorCode.DECRYPTION_FAILED,
        `The ${kind} ${id} of project ${projectId} cannot be decrypted (${error.message}); its stored data was altered or its master key is missing`,
        { projectId, [kind === 'credential' ? 'credentialId' : 'certId']: id },
      );
    }
  }

  rewrap(kind: SecretKind, projectId: string, id: string, sealed: SealedSecret): SealedSecret {
    return this.cipher.rewrap(sealed, binding(kind, projectId, id));
  }
}

function binding(kind: SecretKind, projectId: string, id: string): string {
  return JSON.stringify([kind, projectId, id]);
}

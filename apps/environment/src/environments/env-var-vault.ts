import { Injectable } from '@nestjs/common';
import { DecryptionError, EnvelopeCipher, SealedSecret } from '@bkci/secrets';
import { EnvironmentError, EnvironmentErrorCode } from '../environment.errors';

/**
 * Seals the values of an env's secure variables (a JSON map name → value), bound to the project
 * and env id, so a row's ciphertext opens only in that row.
 */
@Injectable()
export class EnvVarVault {
  constructor(private readonly cipher: EnvelopeCipher) {}

  seal(projectId: string, envId: number, values: Record<string, string>): SealedSecret {
    return this.cipher.seal(Buffer.from(JSON.stringify(values), 'utf8'), binding(projectId, envId));
  }

  open(projectId: string, envId: number, sealed: SealedSecret): Record<string, string> {
    try {
      return JSON.parse(this.cipher.open(sealed, binding(projectId, envId)).toString('utf8')) as Record<string, string>;
    } catch (error) {
      if (!(error instanceof DecryptionError)) throw error;
      throw new EnvironmentError(
        EnvironmentErrorCode.DECRYPTION_FAILED,
        `The secure env vars of env ${envId} in project ${projectId} cannot be decrypted (${error.message}); the stored data was altered or its master key is missing`,
        { projectId },
      );
    }
  }
}

function binding(projectId: string, envId: number): string {
  return JSON.stringify(['env-vars', projectId, envId]);
}

import { DataSource, Not } from 'typeorm';
import { CredentialVault } from '../credentials/credential-vault';
import { CredentialEntity } from '../credentials/entities/credential.entity';

const BATCH = 200;

/**
 * Re-wraps every data key not under the active master key, one row at a time with
 * compare-and-set, so the app keeps serving reads and writes meanwhile; ciphertexts stay as they
 * are. A row that changed between read and write is read again in the next round. Returns how
 * many data keys it re-wrapped.
 */
export async function rewrapDataKeys(dataSource: DataSource, vault: CredentialVault, activeKeyId: string): Promise<number> {
  const repository = dataSource.getRepository(CredentialEntity);
  let rewrapped = 0;
  for (;;) {
    const rows = await repository.find({ where: { keyId: Not(activeKeyId) }, order: { projectId: 'ASC', credentialId: 'ASC' }, take: BATCH });
    if (rows.length === 0) return rewrapped;
    for (const row of rows) {
      const sealed = vault.rewrap(row.projectId, row.credentialId, row);
      const update = await repository.update(
        { projectId: row.projectId, credentialId: row.credentialId, revision: row.revision },
        { keyId: sealed.keyId, wrappedKey: sealed.wrappedKey, revision: row.revision + 1 },
      );
      rewrapped += update.affected ?? 0;
    }
  }
}

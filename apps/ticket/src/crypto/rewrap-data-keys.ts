import { DataSource, FindOptionsWhere, Not } from 'typeorm';
import { CertificateEntity } from '../certs/entities/certificate.entity';
import { CredentialEntity } from '../credentials/entities/credential.entity';
import { SecretKind, SecretVault } from './secret-vault';

const BATCH = 200;

type SealedRow = CredentialEntity | CertificateEntity;

/** The tables of sealed rows: the kind each seals, and the column that, with the project, names a row. */
const SEALED_TABLES: Array<{ kind: SecretKind; entity: typeof CredentialEntity | typeof CertificateEntity; idColumn: 'credentialId' | 'certId' }> = [
  { kind: 'credential', entity: CredentialEntity, idColumn: 'credentialId' },
  { kind: 'cert', entity: CertificateEntity, idColumn: 'certId' },
];

/**
 * Re-wraps every data key (credentials and certificates) not under the active master key, one row
 * at a time with compare-and-set, so the app keeps serving reads and writes meanwhile; ciphertexts
 * stay as they are. A row that changed between read and write is read again in the next round.
 * Returns how many data keys it re-wrapped.
 */
export async function rewrapDataKeys(dataSource: DataSource, vault: SecretVault, activeKeyId: string): Promise<number> {
  let rewrapped = 0;
  for (const table of SEALED_TABLES) {
    const repository = dataSource.getRepository<SealedRow>(table.entity);
    for (;;) {
      const rows = await repository.find({ where: { keyId: Not(activeKeyId) }, order: { projectId: 'ASC', createdAt: 'ASC' }, take: BATCH });
      if (rows.length === 0) break;
      for (const row of rows) {
        const id = (row as unknown as Record<string, string>)[table.idColumn];
        const sealed = vault.rewrap(table.kind, row.projectId, id, row);
        const where = { projectId: row.projectId, [table.idColumn]: id, revision: row.revision } as FindOptionsWhere<SealedRow>;
        const update = await repository.update(where, { keyId: sealed.keyId, wrappedKey: sealed.wrappedKey, revision: row.revision + 1 });
        rewrapped += update.affected ?? 0;
      }
    }
  }
  return rewrapped;
}

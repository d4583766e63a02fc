import { Injectable } from '@nestjs/common';
import { DataSource, FindOptionsWhere, Not } from 'typeorm';
import { CertificateEntity } from '../certs/entities/certificate.entity';
import { CredentialEntity } from '../credentials/entities/credential.entity';
import { SealedSecret } from '@bkci/secrets';
import { SecretKind } from './secret-vault';

/** A row holding a sealed secret, named by its kind, project and id, at the revision it was read. */
export interface SealedRow extends SealedSecret {
  kind: SecretKind;
  projectId: string;
  id: string;
  revision: number;
}

type SealedEntity = CredentialEntity | CertificateEntity;

/** The tables of sealed rows: the entity of each kind, and the column that, with the project, names a row. */
const SEALED_TABLES: Record<SecretKind, { entity: typeof CredentialEntity | typeof CertificateEntity; idColumn: 'credentialId' | 'certId' }> = {
  credential: { entity: CredentialEntity, idColumn: 'credentialId' },
  cert: { entity: CertificateEntity, idColumn: 'certId' },
};

/** Every kind of sealed row, in the order a key rotation goes through them. */
export const SEALED_KINDS: readonly SecretKind[] = ['credential', 'cert'];

/** The sealed columns of credentials and certificates, read and written without opening them (key rotation). */
@Injectable()
export class SealedRowRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Up to `limit` rows of `kind` whose data key is not wrapped under master key `keyId`, by project then age. */
  async notUnderKey(kind: SecretKind, keyId: string, limit: number): Promise<SealedRow[]> {
    const { entity, idColumn } = SEALED_TABLES[kind];
    const rows = await this.dataSource.getRepository<SealedEntity>(entity).find({ where: { keyId: Not(keyId) }, order: { projectId: 'ASC', createdAt: 'ASC' }, take: limit });
    return rows.map((row) => ({
      kind,
      projectId: row.projectId,
      id: (row as unknown as Record<string, string>)[idColumn],
      revision: row.revision,
      keyId: row.keyId,
      wrappedKey: row.wrappedKey,
      ciphertext: row.ciphertext,
    }));
  }

  /** Stores a re-wrapped data key and bumps the revision, only if the row is still at `row.revision`; whether it did. */
  async replaceDataKey(row: SealedRow, key: Pick<SealedSecret, 'keyId' | 'wrappedKey'>): Promise<boolean> {
    const { entity, idColumn } = SEALED_TABLES[row.kind];
    const where = { projectId: row.projectId, [idColumn]: row.id, revision: row.revision } as FindOptionsWhere<SealedEntity>;
    const result = await this.dataSource.getRepository<SealedEntity>(entity).update(where, { keyId: key.keyId, wrappedKey: key.wrappedKey, revision: row.revision + 1 });
    return !!result.affected;
  }
}

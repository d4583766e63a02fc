import { SEALED_KINDS, SealedRowRepository } from './sealed-row.repository';
import { SecretVault } from './secret-vault';

const BATCH = 200;

/**
 * Re-wraps every data key (credentials and certificates) not under the active master key, one row
 * at a time with compare-and-set, so the app keeps serving reads and writes meanwhile; ciphertexts
 * stay as they are. A row that changed between read and write is read again in the next round.
 * Returns how many data keys it re-wrapped.
 */
export async function rewrapDataKeys(rows: SealedRowRepository, vault: SecretVault, activeKeyId: string): Promise<number> {
  let rewrapped = 0;
  for (const kind of SEALED_KINDS) {
    for (;;) {
      const batch = await rows.notUnderKey(kind, activeKeyId, BATCH);
      if (batch.length === 0) break;
      for (const row of batch) {
        const sealed = vault.rewrap(kind, row.projectId, row.id, row);
        if (await rows.replaceDataKey(row, sealed)) rewrapped += 1;
      }
    }
  }
  return rewrapped;
}

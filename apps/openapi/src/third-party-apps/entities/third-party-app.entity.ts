import { CreationColumns } from '@bkci/persistence';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A registered third-party app: what BK-CI's clients name in `X-DEVOPS-APP-CODE`. */
@Entity('third_party_apps')
export class ThirdPartyAppEntity extends CreationColumns {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  appCode: string;

  @Column({ type: 'varchar', length: 64 })
  name: string;

  @Column({ type: 'varchar', length: 512 })
  description: string;

  /**
   * How many of its secrets are not revoked. Adding a secret raises it only while it is below the
   * limit, in one conditional update, so two concurrent additions cannot both pass the check.
   */
  @Column({ type: 'integer' })
  activeSecrets: number;
}

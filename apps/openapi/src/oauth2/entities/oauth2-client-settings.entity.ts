import { AuditColumns } from '@bkci/persistence';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * What a third-party app may do as an OAuth2 client (BK-CI's T_AUTH_OAUTH2_CLIENT_DETAILS, minus the
 * secret: the client secret is one of the app's own secrets). An app without a row may use only
 * `client_credentials`.
 */
@Entity('oauth2_client_settings')
export class Oauth2ClientSettingsEntity extends AuditColumns {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  appCode: string;

  /** The redirect URIs an authorization may name, matched exactly; space-separated (a URI holds no space). */
  @Column({ type: 'text' })
  redirectUris: string;

  /** The grant types the client may use, space-separated. */
  @Column({ type: 'varchar', length: 128 })
  grantTypes: string;

  /** The scope entries (`scopeEntries`) the client may be granted, space-separated; '' when not limited. */
  @Column({ type: 'varchar', length: 1024 })
  scopes: string;
}

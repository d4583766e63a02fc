import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One env var as stored in the clear: a secure one keeps its name and flag here, its value only in `ciphertext`. */
export interface StoredEnvVar {
  name: string;
  value: string;
  secure: boolean;
  lastUpdateUser: string;
  lastUpdateTime: number;
}

/**
 * BK-CI T_ENV. Unlike BK-CI, the values of secure env vars are sealed (EnvelopeCipher): `ciphertext`
 * holds the JSON map name → value under the row's data key, `wrappedKey` that key under master key `keyId`.
 */
@Entity('envs')
@Index('idx_envs_project_name', ['projectId', 'envName'])
export class EnvEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  envId: number;

  @Column({ type: 'varchar', length: 64 })
  envHashId: string;

  @Column({ type: 'varchar', length: 64 })
  projectId: string;

  @Column({ type: 'varchar', length: 128 })
  envName: string;

  @Column({ type: 'varchar', length: 128 })
  envDesc: string;

  /** BUILD, DEV, TEST or PROD. */
  @Column({ type: 'varchar', length: 64 })
  envType: string;

  /** NODE: the members are listed in env_nodes. */
  @Column({ type: 'varchar', length: 32 })
  envNodeType: string;

  /** The OS a BUILD env is restricted to (BK-CI T_ENV.OS), null for any. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  os: string | null;

  @Column({ type: 'json' })
  envVars: StoredEnvVar[];

  @Column({ type: 'varchar', length: 32 })
  keyId: string;

  @Column({ type: 'text' })
  wrappedKey: string;

  @Column({ type: 'text' })
  ciphertext: string;

  @Column({ type: 'varchar', length: 64 })
  createdUser: string;

  @Column({ type: 'datetime' })
  createdTime: Date;

  @Column({ type: 'varchar', length: 64 })
  updatedUser: string;

  @Column({ type: 'datetime' })
  updatedTime: Date;

  @Column({ type: 'boolean' })
  isDeleted: boolean;
}

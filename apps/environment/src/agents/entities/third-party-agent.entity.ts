import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** An agent's own env var (BK-CI EnvVar), handed to it with every heartbeat. */
export interface AgentEnvVar {
  name: string;
  value: string;
  secure: boolean;
}

/** What an agent reports about its machine (BK-CI AGENT_PROPS, the parts kept). */
export interface AgentProps {
  arch?: string;
  osVersion?: string;
}

/**
 * A third-party build agent (BK-CI T_ENVIRONMENT_THIRDPARTY_AGENT). Its secret and install token are
 * kept only as SHA-256 hashes; `boundHost` is the host its first startup came from.
 */
@Entity('third_party_agents')
@Index('uni_third_party_agents_agent_id', ['agentId'], { unique: true })
@Index('idx_third_party_agents_project', ['projectId', 'status'])
@Index('idx_third_party_agents_node', ['nodeId'])
@Index('idx_third_party_agents_status', ['status', 'lastHeartbeatTime'])
export class ThirdPartyAgentEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  /** The id on the wire: the hash of `id` (BK-CI's agentHashId); set right after the row is made. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  agentId: string | null;

  @Column({ type: 'varchar', length: 64 })
  projectId: string;

  /** The THIRDPARTY node it became when imported. */
  @Column({ type: 'integer', nullable: true })
  nodeId: number | null;

  /** AgentStatus: 0 UN_IMPORT … 4 DELETE. */
  @Column({ type: 'integer' })
  status: number;

  /** LINUX, MACOS or WINDOWS, as the install link was made for. */
  @Column({ type: 'varchar', length: 16 })
  os: string;

  /** What the agent reports it runs on. */
  @Column({ type: 'varchar', length: 128, default: '' })
  detectOs: string;

  @Column({ type: 'varchar', length: 128, default: '' })
  hostname: string;

  @Column({ type: 'varchar', length: 64, default: '' })
  ip: string;

  @Column({ type: 'varchar', length: 256, nullable: true })
  boundHost: string | null;

  /** SHA-256 of the secret, hex; null until the install script made one. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  secretHash: string | null;

  /** SHA-256 of the pending single-use install token, hex; null once used. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  installTokenHash: string | null;

  @Column({ type: 'datetime', nullable: true })
  installTokenExpiresAt: Date | null;

  /** The worker version the agent reports (BK-CI VERSION). */
  @Column({ type: 'varchar', length: 128, default: '' })
  version: string;

  /** The agent program's version (BK-CI MASTER_VERSION). */
  @Column({ type: 'varchar', length: 128, default: '' })
  masterVersion: string;

  /** Set from the first heartbeat; the server's value wins afterwards (BK-CI). */
  @Column({ type: 'integer', nullable: true })
  parallelTaskCount: number | null;

  /** Jobs running on it, as its last heartbeat listed them. */
  @Column({ type: 'integer', default: 0 })
  runningTaskCount: number;

  @Column({ type: 'varchar', length: 512, default: '' })
  agentInstallPath: string;

  @Column({ type: 'varchar', length: 64, default: '' })
  startedUser: string;

  /** The env vars in order; a secure one's value is '' here and sealed in `envsCiphertext`. */
  @Column({ type: 'json', nullable: true })
  agentEnvs: AgentEnvVar[] | null;

  /** The secure env vars' values (a JSON map name → value) sealed by EnvelopeCipher: the master key's id, the wrapped data key, the ciphertext. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  envsKeyId: string | null;

  @Column({ type: 'text', nullable: true })
  envsWrappedKey: string | null;

  @Column({ type: 'text', nullable: true })
  envsCiphertext: string | null;

  /** What the agent reports about itself (arch, osVersion). */
  @Column({ type: 'json', nullable: true })
  props: AgentProps | null;

  /** BUILD (BK-CI also has CREATE for creative-stream workstations). */
  @Column({ type: 'varchar', length: 16 })
  agentType: string;

  /** Usable from every project: the default pool. */
  @Column({ type: 'boolean', default: false })
  sharedWithAll: boolean;

  @Column({ type: 'varchar', length: 64 })
  createdUser: string;

  @Column({ type: 'datetime' })
  createdTime: Date;

  @Column({ type: 'datetime', nullable: true })
  lastHeartbeatTime: Date | null;
}

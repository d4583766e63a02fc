import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { arch, hostname, networkInterfaces, NetworkInterfaceInfo, platform, release, userInfo } from 'node:os';

/** Where the agent runs, as it reports it to the server. */
export interface HostFacts {
  /** Sent in X-DEVOPS-AGENT-HOST: the server binds the agent to it at the first startup. */
  identity: string;
  hostname: string;
  ip: string;
  /** BK-CI's detectOS: linux, macos, windows or other. */
  os: string;
  /** BK-CI's AgentArchType where there is one (amd64, arm64, mips64), else Node's name. */
  arch: string;
  osVersion: string;
  user: string;
}

export const MACHINE_ID_FILE = '/etc/machine-id';

/**
 * `<hostname>#<first 16 hex of sha256(machine id)>`, or the bare hostname when the machine has no
 * id file. The machine id tells two hosts with the same name apart (a cloned install keeps its
 * name but not its machine); BKCI_AGENT_HOSTNAME replaces the hostname so a test can play a second
 * host on one machine.
 */
export function hostIdentity(name: string, machineId: string | null): string {
  const id = machineId?.trim();
  if (!id) return name;
  return `${name}#${createHash('sha256').update(id).digest('hex').slice(0, 16)}`;
}

export function readMachineId(file = MACHINE_ID_FILE): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/** The first external IPv4 address, else the first external IPv6 one, else loopback. */
export function primaryIp(interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>): string {
  const addresses = Object.values(interfaces)
    .flatMap((list) => list ?? [])
    .filter((address) => !address.internal);
  return (addresses.find((address) => address.family === 'IPv4') ?? addresses[0])?.address ?? '127.0.0.1';
}

const OS_NAMES: Record<string, string> = { linux: 'linux', darwin: 'macos', win32: 'windows' };
const ARCH_NAMES: Record<string, string> = { x64: 'amd64', arm64: 'arm64', mips64el: 'mips64', mips64: 'mips64' };

export function detectOs(nodePlatform: string): string {
  return OS_NAMES[nodePlatform] ?? 'other';
}

export function agentArch(nodeArch: string): string {
  return ARCH_NAMES[nodeArch] ?? nodeArch;
}

export function hostFacts(env: NodeJS.ProcessEnv): HostFacts {
  const name = env.BKCI_AGENT_HOSTNAME?.trim() || hostname();
  return {
    identity: hostIdentity(name, readMachineId()),
    hostname: name,
    ip: primaryIp(networkInterfaces()),
    os: detectOs(platform()),
    arch: agentArch(arch()),
    osVersion: release(),
    user: currentUser(),
  };
}

function currentUser(): string {
  try {
    return userInfo().username;
  } catch {
    // A uid without a passwd entry (some containers) has no name.
    return String(process.getuid?.() ?? '');
  }
}

import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { NetworkInterfaceInfo, tmpdir } from 'node:os';
import { join } from 'node:path';
import { agentArch, detectOs, hostIdentity, primaryIp, readMachineId } from './host-identity';

function address(family: 'IPv4' | 'IPv6', value: string, internal: boolean): NetworkInterfaceInfo {
  return { family, address: value, internal, netmask: '', mac: '00:00:00:00:00:00', cidr: null, ...(family === 'IPv6' ? { scopeid: 0 } : {}) } as NetworkInterfaceInfo;
}

describe('host identity', () => {
  it('is the hostname and the first 16 hex of the sha256 of the machine id', () => {
    const machineId = '0123456789abcdef0123456789abcdef\n';
    const hash = createHash('sha256').update('0123456789abcdef0123456789abcdef').digest('hex').slice(0, 16);
    expect(hostIdentity('build-01', machineId)).toBe(`build-01#${hash}`);
    expect(hash).toHaveLength(16);
  });

  it('is the bare hostname when there is no machine id', () => {
    expect(hostIdentity('build-01', null)).toBe('build-01');
    expect(hostIdentity('build-01', ' \n')).toBe('build-01');
  });

  it('differs between two machines of the same name, and between two names on one machine', () => {
    expect(hostIdentity('build-01', 'aaaa')).not.toBe(hostIdentity('build-01', 'bbbb'));
    expect(hostIdentity('build-01', 'aaaa')).not.toBe(hostIdentity('other', 'aaaa'));
  });

  it('reads the machine id file, null when it is absent', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bkci-agent-host-'));
    try {
      writeFileSync(join(dir, 'machine-id'), 'abc\n');
      expect(readMachineId(join(dir, 'machine-id'))).toBe('abc\n');
      expect(readMachineId(join(dir, 'none'))).toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports the first external IPv4 address, else IPv6, else loopback', () => {
    const lo = [address('IPv4', '127.0.0.1', true), address('IPv6', '::1', true)];
    expect(primaryIp({ lo, eth0: [address('IPv6', 'fe80::1', false), address('IPv4', '10.0.0.5', false)], eth1: [address('IPv4', '10.0.1.5', false)] })).toBe('10.0.0.5');
    expect(primaryIp({ lo, eth0: [address('IPv6', 'fe80::1', false)] })).toBe('fe80::1');
    expect(primaryIp({ lo })).toBe('127.0.0.1');
  });

  it("names the OS and the architecture as BK-CI's agent does", () => {
    expect([detectOs('linux'), detectOs('darwin'), detectOs('win32'), detectOs('freebsd')]).toEqual(['linux', 'macos', 'windows', 'other']);
    expect([agentArch('x64'), agentArch('arm64'), agentArch('mips64el'), agentArch('riscv64')]).toEqual(['amd64', 'arm64', 'mips64', 'riscv64']);
  });
});

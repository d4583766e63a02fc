import { BlockList, isIP } from 'node:net';

/**
 * The address of the client a request comes from. The peer of the connection, unless that peer
 * is a trusted proxy (BKCI_TRUSTED_PROXIES): then X-Forwarded-For is read from the right, each
 * trusted proxy skipped, and the first address not trusted is the client. Addresses left of it
 * are whatever the client wrote and are never believed.
 */
export class ClientAddress {
  private readonly trusted = new BlockList();

  constructor(trustedProxies: string[]) {
    for (const entry of trustedProxies) {
      const [address, prefix] = entry.split('/');
      const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
      if (prefix === undefined) this.trusted.addAddress(address, family);
      else this.trusted.addSubnet(address, Number(prefix), family);
    }
  }

  of(peer: string | undefined, forwardedFor: string | undefined): string | null {
    if (!peer) return null;
    let client = peer;
    const hops = (forwardedFor ?? '').split(',').map((hop) => hop.trim()).reverse();
    for (const hop of hops) {
      if (!this.isTrusted(client) || isIP(hop) === 0) break;
      client = hop;
    }
    return client;
  }

  private isTrusted(address: string): boolean {
    const family = isIP(address);
    return family !== 0 && this.trusted.check(address, family === 6 ? 'ipv6' : 'ipv4');
  }
}

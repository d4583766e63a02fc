import { ClientAddress } from './client-address';

describe('ClientAddress', () => {
  it('is the peer when no proxy is trusted, whatever X-Forwarded-For says', () => {
    const none = new ClientAddress([]);

    expect(none.of('203.0.113.9', '6.6.6.6')).toBe('203.0.113.9');
    expect(none.of('::ffff:127.0.0.1', '6.6.6.6, 7.7.7.7')).toBe('::ffff:127.0.0.1');
    expect(none.of('203.0.113.9', undefined)).toBe('203.0.113.9');
    expect(none.of(undefined, '6.6.6.6')).toBeNull();
  });

  it('believes a trusted proxy, reading X-Forwarded-For from the right past every trusted hop', () => {
    const behind = new ClientAddress(['10.0.0.0/8', '192.168.1.7', 'fd00::/8']);

    expect(behind.of('10.1.2.3', '203.0.113.9')).toBe('203.0.113.9');
    expect(behind.of('192.168.1.7', '6.6.6.6, 203.0.113.9, 10.9.9.9')).toBe('203.0.113.9');
    expect(behind.of('fd00::1', '2001:db8::5')).toBe('2001:db8::5');
    // All hops trusted: the leftmost one is the client.
    expect(behind.of('10.1.2.3', '10.4.4.4')).toBe('10.4.4.4');
    // A proxy that sent no header, or garbage, leaves the proxy as the client.
    expect(behind.of('10.1.2.3', undefined)).toBe('10.1.2.3');
    expect(behind.of('10.1.2.3', 'unknown')).toBe('10.1.2.3');
  });

  it('does not believe a peer outside the trusted ranges', () => {
    const behind = new ClientAddress(['10.0.0.0/8', '192.168.1.7']);

    expect(behind.of('192.168.1.8', '6.6.6.6')).toBe('192.168.1.8');
    expect(behind.of('11.0.0.1', '6.6.6.6')).toBe('11.0.0.1');
  });

  it('matches IPv4-mapped IPv6 peers against IPv4 ranges', () => {
    expect(new ClientAddress(['127.0.0.0/8']).of('::ffff:127.0.0.1', '6.6.6.6')).toBe('6.6.6.6');
  });
});

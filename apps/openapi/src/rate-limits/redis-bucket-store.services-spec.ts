import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { createServer, connect, Server, Socket } from 'node:net';
import { AddressInfo } from 'node:net';
import Redis from 'ioredis';
import { waitFor } from '@bkci/testing';
import { FailOpenBucketStore } from './fail-open-bucket-store';
import { InProcessBucketStore } from './in-process-bucket-store';
import { connectRateLimitRedis, RedisBucketStore } from './redis-bucket-store';

const REDIS_URL = new URL(process.env.BKCI_REDIS_URL ?? 'redis://127.0.0.1:6379');
const prefix = `test:${randomBytes(4).toString('hex')}:`;
const rule = { ratePerSecond: 1, burst: 3 };

/** A TCP relay to Redis that the test can cut and restore, as a network outage would. */
class Relay {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  port = 0;

  async open(): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect(Number(REDIS_URL.port || 6379), REDIS_URL.hostname);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('error', () => socket.destroy());
        socket.on('close', () => this.sockets.delete(socket));
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async cut(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => server?.close(resolve));
  }
}

describe('RedisBucketStore', () => {
  const clients: Redis[] = [];
  const connectTo = (url: string) => {
    const redis = connectRateLimitRedis(url);
    clients.push(redis);
    return redis;
  };

  afterAll(() => {
    for (const client of clients) client.disconnect();
  });

  it('shares one bucket between stores on separate connections, and lets it expire once full again', async () => {
    // Plain connections: the limiter's own give up after 250 ms, which a loaded CI machine can take to
    // connect; what this test is about is the sharing.
    const plain = () => {
      const redis = new Redis(REDIS_URL.href);
      clients.push(redis);
      return redis;
    };
    const one = new RedisBucketStore(plain(), prefix);
    const two = new RedisBucketStore(plain(), prefix);
    expect(await one.take('user:alice', rule)).toEqual({ allowed: true, limit: 3, remaining: 2, resetSeconds: 1, retryAfterSeconds: 0 });
    expect(await two.take('user:alice', rule)).toMatchObject({ allowed: true, remaining: 1 });
    expect(await one.take('user:alice', rule)).toMatchObject({ allowed: true, remaining: 0, retryAfterSeconds: 1 });
    expect(await two.take('user:alice', rule)).toMatchObject({ allowed: false, remaining: 0, retryAfterSeconds: 1 });
    expect(await two.take('user:bob', rule)).toMatchObject({ allowed: true, remaining: 2 });

    const ttl = await clients[0].pttl(`${prefix}rate-limit:user:alice`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(4000);
  });

  it('fails open to buckets in this process while Redis is unreachable, and goes back when it answers', async () => {
    const relay = new Relay();
    await relay.open();
    const redis = connectTo(`redis://127.0.0.1:${relay.port}`);
    // Connected first: the limiter's connection gives a command 250 ms, connecting included.
    await waitFor(() => redis.status === 'ready', 10_000, 'the connection through the relay');
    const store = new FailOpenBucketStore(new RedisBucketStore(redis, prefix), new InProcessBucketStore());
    for (let i = 0; i < 3; i++) await store.take('user:carol', rule);
    expect(await store.take('user:carol', rule)).toMatchObject({ allowed: false });
    expect(store.state()).toBe('redis');

    const warn = jest.spyOn(Logger.prototype, 'warn');
    await relay.cut();
    // The local bucket is a fresh one: carol is served again, within a limit of this process.
    expect(await store.take('user:carol', rule)).toMatchObject({ allowed: true, remaining: 2 });
    expect(store.state()).toBe('degraded');
    for (let i = 0; i < 2; i++) await store.take('user:carol', rule);
    expect(await store.take('user:carol', rule)).toMatchObject({ allowed: false });
    expect(warn).toHaveBeenCalledTimes(1);
    warn.mockRestore();

    await relay.open();
    await waitFor(async () => {
      await store.take('user:dave', rule);
      return store.state() === 'redis';
    }, 10_000, 'the store to use Redis again');
    await relay.cut();
  });
});

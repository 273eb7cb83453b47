import { QueryObserver } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { makeQueryClient } from './query-client';

/** A server whose reads answer with the value at the moment they are read, after a delay. */
function slowServer() {
  let value = 'unread';
  let reads = 0;
  return {
    write: (v: string) => (value = v),
    get reads() {
      return reads;
    },
    read: async () => {
      reads += 1;
      const seen = value;
      await new Promise((r) => setTimeout(r, 40));
      return seen;
    },
  };
}

describe('invalidation after a write', () => {
  it('replaces a first read that was taken before the write, instead of keeping its stale answer', async () => {
    const qc = makeQueryClient();
    const server = slowServer();
    const observer = new QueryObserver(qc, { queryKey: ['inbox'], queryFn: server.read });
    const seen: string[] = [];
    const stop = observer.subscribe((r) => r.data !== undefined && seen.push(r.data));
    await new Promise((r) => setTimeout(r, 5)); // the first read is in flight and has read 'unread'
    server.write('read');
    await qc.invalidateQueries({ queryKey: ['inbox'] });
    await expect.poll(() => observer.getCurrentResult().data).toBe('read');
    expect(seen).not.toContain('unread');
    expect(server.reads).toBe(2);
    stop();
  });

  it('leaves alone a first read of a query the filters do not name', async () => {
    const qc = makeQueryClient();
    const server = slowServer();
    const observer = new QueryObserver(qc, { queryKey: ['receipts'], queryFn: server.read });
    const stop = observer.subscribe(() => undefined);
    await new Promise((r) => setTimeout(r, 5));
    await qc.invalidateQueries({ queryKey: ['inbox'] });
    await expect.poll(() => observer.getCurrentResult().data).toBe('unread');
    expect(server.reads).toBe(1);
    stop();
  });

  it('lets a first read run on when the invalidation will not read again (refetchType none)', async () => {
    const qc = makeQueryClient();
    const server = slowServer();
    const observer = new QueryObserver(qc, { queryKey: ['inbox'], queryFn: server.read });
    const stop = observer.subscribe(() => undefined);
    await new Promise((r) => setTimeout(r, 5));
    await qc.invalidateQueries({ queryKey: ['inbox'], refetchType: 'none' });
    await expect.poll(() => observer.getCurrentResult().data).toBe('unread');
    expect(server.reads).toBe(1);
    stop();
  });
});

import { EventIdLocks } from '../../src/ingest/event-id-locks';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('EventIdLocks', () => {
  it('runs holders of disjoint ids at the same time', async () => {
    const locks = new EventIdLocks();
    const running: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const a = locks.withLocks(['a'], async () => {
      running.push('a');
      await gate;
    });
    const b = locks.withLocks(['b'], async () => {
      running.push('b');
      await gate;
    });
    await tick();
    expect(running).toEqual(['a', 'b']);
    release();
    await Promise.all([a, b]);
  });

  it('makes a holder of an overlapping id wait until the first is done, even when it fails', async () => {
    const locks = new EventIdLocks();
    const order: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const first = locks.withLocks(['x', 'y'], async () => {
      order.push('first starts');
      await gate;
      order.push('first ends');
      throw new Error('insert failed');
    });
    const second = locks.withLocks(['y', 'z'], async () => {
      order.push('second runs');
    });
    await tick();
    expect(order).toEqual(['first starts']);
    release();
    await expect(first).rejects.toThrow('insert failed');
    await second;
    expect(order).toEqual(['first starts', 'first ends', 'second runs']);
  });
});

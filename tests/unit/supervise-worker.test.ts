import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { superviseWorker, type WorkerFailure } from '@/lib/workers/supervise-worker';

const Message = z.discriminatedUnion('type', [
  z.object({ type: z.literal('progress'), done: z.number() }),
  z.object({ type: z.literal('done') }),
  z.object({ type: z.literal('failed'), why: z.string() }),
]);
type Message = z.infer<typeof Message>;

/** The parts of a Worker the supervisor touches, with a way to play the worker's side. */
function fakeWorker() {
  const worker = {
    terminated: 0,
    onmessage: null as ((event: MessageEvent<unknown>) => void) | null,
    onerror: null as ((event: ErrorEvent) => void) | null,
    onmessageerror: null as (() => void) | null,
    terminate() {
      this.terminated++;
    },
    send(data: unknown) {
      this.onmessage?.({ data } as MessageEvent<unknown>);
    },
    crash(message: string) {
      let prevented = false;
      this.onerror?.({ message, preventDefault: () => (prevented = true) } as unknown as ErrorEvent);
      return prevented;
    },
  };
  return worker;
}

function supervised() {
  const worker = fakeWorker();
  const received: Message[] = [];
  const run = superviseWorker(worker as unknown as Worker, Message, {
    isFinal: (m) => m.type !== 'progress',
    onMessage: (m) => received.push(m),
    failure: (kind: WorkerFailure, detail?: string) => ({ type: 'failed' as const, why: `${kind}${detail ? ` (${detail})` : ''}` }),
  });
  return { worker, received, run };
}

describe('superviseWorker', () => {
  it('passes messages on, ends the worker at the final one, and hears nothing after it', () => {
    const { worker, received, run } = supervised();
    worker.send({ type: 'progress', done: 1 });
    worker.send({ type: 'done' });
    worker.send({ type: 'progress', done: 2 });
    expect(received).toEqual([{ type: 'progress', done: 1 }, { type: 'done' }]);
    expect(worker.terminated).toBe(1);
    expect(run.ended).toBe(true);
  });

  it('turns a message it does not understand, an unreadable one and a crash into the caller\'s own failure message', () => {
    const strange = supervised();
    strange.worker.send({ type: 'progress', done: 'half' });
    expect(strange.received).toEqual([{ type: 'failed', why: 'not-understood' }]);

    const unreadable = supervised();
    unreadable.worker.onmessageerror?.();
    expect(unreadable.received).toEqual([{ type: 'failed', why: 'unreadable' }]);

    const crashed = supervised();
    expect(crashed.worker.crash('out of memory'), 'the page keeps the error to itself').toBe(true);
    expect(crashed.received).toEqual([{ type: 'failed', why: 'crashed (out of memory)' }]);
    expect(crashed.worker.terminated).toBe(1);
  });

  it('end() stops the worker once, with or without a last message', () => {
    const { worker, received, run } = supervised();
    run.end();
    run.end({ type: 'done' });
    expect(worker.terminated).toBe(1);
    expect(received).toEqual([]);
  });
});

import type { z } from 'zod';

/** How a worker can fail without saying so itself. */
export type WorkerFailure = 'not-understood' | 'crashed' | 'unreadable';

export interface SupervisedWorker<M> {
  /** Ends the worker at once, then delivers `last` when given; later calls do nothing. */
  end(last?: M): void;
  readonly ended: boolean;
}

/**
 * The page's side of a worker that answers one request (a training run, a file read): every
 * message is checked with `schema`; a final one (`isFinal`) ends the worker and is then delivered,
 * the others are delivered as they come. A message the page does not understand or cannot read,
 * and a crash, end the worker with the message `failure` words for it, so the caller hears of
 * every way a worker can fail as one of its own messages. The caller constructs the worker: the
 * bundler finds a worker only in a literal `new Worker(new URL(...), { type: 'module' })`.
 */
export function superviseWorker<M>(
  worker: Worker,
  schema: z.ZodType<M>,
  handlers: {
    isFinal: (message: M) => boolean;
    onMessage: (message: M) => void;
    /** `detail`: what the browser said of a crash, when it said anything. */
    failure: (kind: WorkerFailure, detail?: string) => M;
  },
): SupervisedWorker<M> {
  let ended = false;
  const end = (last?: M) => {
    if (ended) return;
    ended = true;
    worker.terminate();
    if (last !== undefined) handlers.onMessage(last);
  };
  worker.onmessage = (event: MessageEvent<unknown>) => {
    if (ended) return;
    const parsed = schema.safeParse(event.data);
    if (!parsed.success) end(handlers.failure('not-understood'));
    else if (handlers.isFinal(parsed.data)) end(parsed.data);
    else handlers.onMessage(parsed.data);
  };
  worker.onerror = (event: ErrorEvent) => {
    event.preventDefault();
    end(handlers.failure('crashed', event.message || undefined));
  };
  worker.onmessageerror = () => end(handlers.failure('unreadable'));
  return {
    end,
    get ended() {
      return ended;
    },
  };
}

/** ": <detail>" after "… crashed", when the browser said why. */
export function crashDetail(detail: string | undefined): string {
  return detail ? `: ${detail}` : '';
}

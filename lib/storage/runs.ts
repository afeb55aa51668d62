import { RunRecord } from '@/lib/runs/record';
import { openDatabase } from './db';

/**
 * The training runs kept in this browser, so a run can be reopened after a reload and compared
 * with another run of its pipeline. Records are parsed on the way out: a record this version
 * cannot read (written by an older app, or damaged) is left out of what the page sees, never
 * thrown at it.
 */

/**
 * How many runs each pipeline keeps. A run holds its trained model's weights (hundreds of KB for
 * the digit CNN, megabytes for bigger models) and every batch's loss, and the browser gives a
 * site a limited share of the disk: an unbounded history would one day make saving a pipeline
 * fail. Twenty is more than anyone compares by hand.
 */
export const runsKeptPerPipeline = 20;

function parse(value: unknown): RunRecord | null {
  const parsed = RunRecord.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** The key range of one pipeline's runs in the `pipeline` index ([pipelineId, startedAt]). */
function ofPipeline(pipelineId: string): IDBKeyRange {
  return IDBKeyRange.bound([pipelineId, -Infinity], [pipelineId, Infinity]);
}

/**
 * Writes a run (a new one, or the next state of one already kept). A new run drops its
 * pipeline's oldest runs beyond the cap, except paused ones: a paused run is work waiting to be
 * resumed. Updates (every few seconds while training) skip that pass.
 */
export async function saveRun(record: RunRecord): Promise<void> {
  const db = await openDatabase();
  const tx = db.transaction('runs', 'readwrite');
  const isNew = (await tx.store.getKey(record.id)) === undefined;
  await tx.store.put(record);
  if (isNew && record.pipelineId !== null) {
    // Keys only, newest first: the pass reads a record's value (its weights) only to spare a paused one.
    let kept = 0;
    let cursor = await tx.store.index('pipeline').openKeyCursor(ofPipeline(record.pipelineId), 'prev');
    while (cursor) {
      if (++kept > runsKeptPerPipeline) {
        const old = await tx.store.get(cursor.primaryKey);
        if (old?.status !== 'paused') await tx.store.delete(cursor.primaryKey);
      }
      cursor = await cursor.continue();
    }
  }
  await tx.done;
}

/** One kept run; null when there is none or it cannot be read. */
export async function readRun(id: string): Promise<RunRecord | null> {
  const db = await openDatabase();
  return parse(await db.get('runs', id));
}

/** A pipeline's readable runs, the newest first. */
export async function listRuns(pipelineId: string): Promise<RunRecord[]> {
  const db = await openDatabase();
  const all = await db.getAllFromIndex('runs', 'pipeline', ofPipeline(pipelineId));
  return all
    .map(parse)
    .filter((r): r is RunRecord => r !== null)
    .reverse();
}

export async function deleteRun(id: string): Promise<void> {
  const db = await openDatabase();
  await db.delete('runs', id);
}

/** The pipeline's most recently started paused run, which a reload shows ready to resume. */
export async function latestPaused(pipelineId: string): Promise<RunRecord | null> {
  const db = await openDatabase();
  const paused = (await db.getAllFromIndex('runs', 'status', 'paused'))
    .filter((r) => r.pipelineId === pipelineId)
    .sort((a, b) => b.startedAt - a.startedAt);
  return paused.map(parse).find((r) => r !== null) ?? null;
}

/**
 * Marks as failed every run still `running` in storage, with `message`, and returns how many.
 * Called once on page load, before this page starts a run: a record left running belongs to a
 * page that was closed or crashed mid-run. (Another tab training right now writes its run again
 * at its next epoch, putting it back to running.)
 */
export async function failAbandonedRuns(message: string, now = Date.now()): Promise<number> {
  const db = await openDatabase();
  const tx = db.transaction('runs', 'readwrite');
  const running = await tx.store.index('status').getAll('running');
  let failed = 0;
  for (const raw of running) {
    const record = parse(raw);
    if (!record) continue;
    await tx.store.put({ ...record, status: 'failed', endedAt: record.endedAt ?? now, error: { message } });
    failed++;
  }
  await tx.done;
  return failed;
}

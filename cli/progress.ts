import type { EpochReport } from '@/lib/engine/protocol';
import { runJson } from '@/lib/engine/run-json';
import type { Io } from './io';

/** What `pipeline train` shows on stderr while it runs. */
export interface Progress {
  /** A phase begins ("Preparing data…"), or a word from the command ("Stopping after this batch…"). */
  status: (message: string) => void;
  batch: (epoch: number, batch: number, batches: number, loss: number | undefined) => void;
  epoch: (report: EpochReport) => void;
  /** The run is over: leaves stderr at the start of a line, showing where an unfinished epoch stopped. */
  end: () => void;
}

/** A terminal is redrawn at most this often (ms): a small model runs through hundreds of batches a second. */
const redrawEvery = 100;
const barWidth = { max: 30, min: 10 };

/**
 * The progress bar: epoch, batch x/y, a bar and the last batch's loss, redrawn in place (`\r`)
 * when stderr is a terminal; when it is a log file or a pipe, one line per epoch instead, so a
 * CI log is not thousands of lines long. Each finished epoch keeps its line, with its metrics.
 */
export function progressBar(io: Io, epochs: number, now: () => number = () => performance.now()): Progress {
  const terminal = io.errTerminal;
  let shown: { epoch: number; batch: number; batches: number; loss: number | undefined } | undefined;
  let lineOpen = false;
  let drawnAt = -Infinity;

  const closeLine = () => {
    if (lineOpen) io.err('\n');
    lineOpen = false;
  };

  return {
    status: (message) => {
      if (lineOpen) io.err('\r\x1b[K');
      lineOpen = false;
      io.err(`${message}\n`);
      // The bar is drawn again on the next batch, under the message.
      drawnAt = -Infinity;
    },
    batch: (epoch, batch, batches, loss) => {
      shown = { epoch, batch, batches, loss };
      if (!terminal || (batch < batches && now() - drawnAt < redrawEvery)) return;
      drawnAt = now();
      // The loss is read back a few batches at a time: none yet in the first few.
      const text = loss === undefined ? '' : `loss ${loss.toFixed(4)}`;
      io.err(`\r${line(epoch, epochs, batch, batches, text, terminal.columns)}\x1b[K`);
      lineOpen = true;
    },
    epoch: (report) => {
      const text = metricsText(runJson({ outcome: 'finished', history: [report] }).metrics);
      const batches = shown?.batches ?? 1;
      io.err(`${terminal ? '\r' : ''}${line(report.epoch, epochs, batches, batches)}  ${text}${terminal ? '\x1b[K' : ''}\n`);
      lineOpen = false;
      shown = undefined;
    },
    end: () => {
      if (!terminal && shown) io.err(`${line(shown.epoch, epochs, shown.batch, shown.batches, shown.loss === undefined ? '' : `loss ${shown.loss.toFixed(4)}`)}\n`);
      closeLine();
      shown = undefined;
    },
  };
}

/** "loss 0.4321  accuracy 0.9125  val_loss 0.5012  val_f1 0.8800": the Keras names `--json` prints, for people; n/a where a value is not a number. */
export function metricsText(metrics: Record<string, number | null>): string {
  return Object.entries(metrics)
    .map(([name, value]) => `${name} ${value === null ? 'n/a' : value.toFixed(4)}`)
    .join('  ');
}

/** "Epoch 2/6 [######......] 125/250  loss 0.4321", fitted into `columns` when given (a redrawn line must not wrap). */
function line(epoch: number, epochs: number, batch: number, batches: number, after = '', columns?: number): string {
  const head = `Epoch ${epoch}/${epochs} `;
  const tail = ` ${batch}/${batches}${after ? `  ${after}` : ''}`;
  const room = columns === undefined ? barWidth.max : columns - 1 - head.length - tail.length - 2;
  const width = Math.max(barWidth.min, Math.min(barWidth.max, room));
  const filled = Math.round((width * batch) / batches);
  const text = `${head}[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]${tail}`;
  return columns === undefined ? text : text.slice(0, Math.max(columns - 1, 0));
}

/**
 * How fast a run goes and how long it has left, in words, from what the store keeps of it: time
 * spent training and samples seen so far, against all the samples the run will see.
 */

export interface RunPace {
  /** Time spent training (pauses excluded), in ms. */
  elapsedMs: number;
  /** Training samples seen so far, across epochs. */
  samples: number;
  /** Training samples the whole run will see (samples per epoch × epochs). */
  totalSamples: number;
}

export interface PaceAccount {
  /** null before any sample is seen or any time has passed. */
  samplesPerSecond: number | null;
  elapsedMs: number;
  /** null until the estimate means something (see `etaAfterMs`), and once the run is through. */
  remainingMs: number | null;
}

/**
 * No estimate in the first seconds: the first batches include tfjs compiling its kernels (shaders
 * on a GPU), so an ETA from them would promise minutes that turn into seconds, or the reverse.
 */
export const etaAfterMs = 3_000;

export function paceOf({ elapsedMs, samples, totalSamples }: RunPace): PaceAccount {
  const samplesPerSecond = elapsedMs > 0 && samples > 0 ? (samples / elapsedMs) * 1000 : null;
  const left = totalSamples - samples;
  const remainingMs = samplesPerSecond !== null && elapsedMs >= etaAfterMs && left > 0 ? (left / samplesPerSecond) * 1000 : null;
  return { samplesPerSecond, elapsedMs, remainingMs };
}

/** A clock: "0:42", "12:05", "1:02:03". */
export function formatClock(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/**
 * What is left, as roughly as an estimate deserves: "about 40 s left" under a minute (in 5 s steps
 * from 10 s on, so it does not flicker every batch), then "about 3:10 left".
 */
export function formatRemaining(ms: number): string {
  const seconds = ms / 1000;
  if (seconds < 10) return `about ${Math.max(1, Math.ceil(seconds))} s left`;
  if (seconds < 60) return `about ${Math.min(55, Math.round(seconds / 5) * 5)} s left`;
  return `about ${formatClock(Math.round(seconds / 5) * 5000)} left`;
}

/** "1,240 samples/s", "8.5 samples/s": whole numbers where the decimals say nothing. */
export function formatRate(perSecond: number): string {
  const shown = perSecond >= 100 ? Math.round(perSecond) : Number(perSecond.toFixed(1));
  return `${shown.toLocaleString('en-US')} sample${shown === 1 ? '' : 's'}/s`;
}

/** The pace line under the progress bar: "1,240 samples/s · 0:42 elapsed · about 1:10 left". */
export function paceLine(pace: RunPace): string {
  const { samplesPerSecond, elapsedMs, remainingMs } = paceOf(pace);
  return [samplesPerSecond === null ? null : formatRate(samplesPerSecond), `${formatClock(elapsedMs)} elapsed`, remainingMs === null ? null : formatRemaining(remainingMs)]
    .filter((part) => part !== null)
    .join(' · ');
}

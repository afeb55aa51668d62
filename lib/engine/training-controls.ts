import type * as Tf from '@tensorflow/tfjs';

/**
 * What an optimizer node's run settings ask of a training run beyond a fixed step: a learning-rate
 * schedule, gradient clipping and early stopping. It imports nothing but tfjs's types, so the
 * exported project ships this file as it is and trains exactly as the app does.
 *
 * Usage, in the engine's epoch loop and in the exported program's (one fit() per epoch):
 *
 *   model.compile({ optimizer, loss, metrics });
 *   const controls = trainingControls(tf, model, settings);   // after compile: clips model.optimizer
 *   try {
 *     for (let epoch = 0; epoch < settings.epochs; epoch++) {
 *       controls.startEpoch(epoch);                            // this epoch's learning rate
 *       await model.fit(xs, ys, { epochs: epoch + 1, initialEpoch: epoch, validationData, ... });
 *       if (controls.endEpoch(epoch, logsInKerasNames)) break; // { loss, val_loss, val_accuracy, ... }
 *     }
 *     const early = controls.finish();                         // puts back the best epoch's weights
 *     if (early) console.log(earlyStoppingSummary(early));     // or the run's result says it
 *   } finally {
 *     controls.dispose();                                      // frees the copies if finish() was not reached
 *   }
 */

type TfModule = typeof Tf;

/** How the learning rate changes over the epochs (`epoch` counts from 0). */
export type LearningRateSchedule =
  | { kind: 'constant' }
  /** Multiplied by `factor` every `every` epochs. */
  | { kind: 'step'; every: number; factor: number }
  /** Multiplied by `factor` each epoch. */
  | { kind: 'exponential'; factor: number }
  /** From the rate down to `minRate` along half a cosine over the run. */
  | { kind: 'cosine'; minRate: number };

export interface EarlyStoppingSettings {
  /** The value watched after each epoch, in Keras naming: 'val_loss', 'val_accuracy', 'val_mae', ... */
  monitor: string;
  /** Epochs without improvement before the run stops. */
  patience: number;
  /** Put back the weights of the best epoch when the run stops. */
  restoreBestWeights: boolean;
}

/** The part of a run's settings (TrainingSettings in nodes/define-node.ts) the controls read. */
export interface ControlSettings {
  learningRate: number;
  epochs: number;
  schedule?: LearningRateSchedule;
  /** Gradients are scaled down so that their global norm is at most this. */
  clipNorm?: number;
  earlyStopping?: EarlyStoppingSettings;
}

/** The learning rate of epoch `epoch` (from 0). Past the planned epochs a cosine stays at its floor. */
export function learningRateAt(settings: Pick<ControlSettings, 'learningRate' | 'epochs' | 'schedule'>, epoch: number): number {
  const { learningRate } = settings;
  const schedule: LearningRateSchedule = settings.schedule ?? { kind: 'constant' };
  switch (schedule.kind) {
    case 'constant':
      return learningRate;
    case 'step':
      return learningRate * schedule.factor ** Math.floor(epoch / schedule.every);
    case 'exponential':
      return learningRate * schedule.factor ** epoch;
    case 'cosine': {
      // epoch / epochs, not / (epochs - 1): the last epoch still learns a little instead of at the floor.
      const progress = Math.min(1, epoch / settings.epochs);
      return schedule.minRate + ((learningRate - schedule.minRate) * (1 + Math.cos(Math.PI * progress))) / 2;
    }
  }
}

/**
 * Changes the step of an optimizer already training. tfjs's SGD and momentum optimizers step with
 * a tensor they make from the rate (`c`, remade by their setLearningRate); Adam, Adamax, RMSprop,
 * Adagrad and Adadelta read the `learningRate` field each time they apply gradients.
 */
export function setLearningRate(optimizer: Tf.Optimizer, rate: number): void {
  const adjustable = optimizer as Tf.Optimizer & { learningRate: number; setLearningRate?: (rate: number) => void };
  if (typeof adjustable.setLearningRate === 'function') adjustable.setLearningRate(rate);
  else adjustable.learningRate = rate;
}

/**
 * `gradients` scaled by clipNorm / max(globalNorm, clipNorm), as tf.clip_by_global_norm does:
 * the direction of the whole update is kept and only its length is capped. Call inside tidy().
 */
export function clipByGlobalNorm(tf: TfModule, gradients: Tf.Tensor[], clipNorm: number): Tf.Tensor[] {
  if (gradients.length === 0) return [];
  const globalNorm = tf.sqrt(tf.addN(gradients.map((g) => tf.sum(tf.square(g)))));
  const scale = tf.div(clipNorm, tf.maximum(globalNorm, clipNorm));
  return gradients.map((g) => tf.mul(g, scale));
}

const clipped = Symbol.for('pipeline-builder.clip-norm');

/**
 * Makes `optimizer` clip its gradients by global norm before every update. model.fit() calls
 * optimizer.minimize(), which computes the gradients and hands them to applyGradients(): clipping
 * there covers fit() and any other caller. Clipping twice would be harmless but wasteful, so an
 * optimizer is wrapped once; a later call only changes the norm.
 */
export function clipGradients(tf: TfModule, optimizer: Tf.Optimizer, clipNorm: number): void {
  const target = optimizer as Tf.Optimizer & { [clipped]?: { clipNorm: number } };
  if (target[clipped]) {
    target[clipped].clipNorm = clipNorm;
    return;
  }
  const state = { clipNorm };
  target[clipped] = state;
  const apply = optimizer.applyGradients.bind(optimizer);
  optimizer.applyGradients = (gradients: Parameters<Tf.Optimizer['applyGradients']>[0]) => {
    const named = Array.isArray(gradients) ? gradients : Object.entries(gradients).map(([name, tensor]) => ({ name, tensor }));
    const scaled = tf.tidy(() => clipByGlobalNorm(tf, named.map((g) => g.tensor), state.clipNorm));
    try {
      apply(named.map((g, i) => ({ name: g.name, tensor: scaled[i] })));
    } finally {
      tf.dispose(scaled);
    }
  };
}

/** Lower is better for losses and errors; every other watched value is a score, where higher is better. */
export function lowerIsBetter(monitor: string): boolean {
  return /(^|_)(loss|mae|mse|rmse)$/.test(monitor);
}

/** An epoch's numbers by Keras name: loss, val_loss, val_accuracy, val_f1, ... */
export type EpochLogs = Readonly<Record<string, number | undefined>>;

export interface EarlyStoppingVerdict {
  /** This epoch is the best so far. */
  improved: boolean;
  /** Stop the run after this epoch. */
  stop: boolean;
  /** The epoch (from 0) with the best value so far. */
  bestEpoch: number;
}

/**
 * Pure early stopping as Keras does it: an epoch improves when its watched value is strictly better
 * than the best so far; after `patience` epochs in a row without improvement the run stops. A value
 * that is not a number (a diverged run) never improves.
 */
export class EarlyStoppingTracker {
  private best: number | undefined;
  private bestEpochSoFar = -1;
  private epochsWithoutImprovement = 0;
  private readonly lowerIsBetter: boolean;

  constructor(private readonly settings: Pick<EarlyStoppingSettings, 'monitor' | 'patience'>) {
    this.lowerIsBetter = lowerIsBetter(settings.monitor);
  }

  /** The epoch (from 0) with the best value, or undefined before the first epoch. */
  get bestEpoch(): number | undefined {
    return this.bestEpochSoFar < 0 ? undefined : this.bestEpochSoFar;
  }

  /** The best value watched so far. */
  get bestValue(): number | undefined {
    return this.best;
  }

  observe(epoch: number, logs: EpochLogs): EarlyStoppingVerdict {
    const { monitor, patience } = this.settings;
    if (!(monitor in logs)) {
      // compile() only allows watching a value the run reports: a missing one is a bug.
      throw new Error(`Early stopping watches ${monitor}, but this epoch reported only ${Object.keys(logs).join(', ') || 'nothing'}.`);
    }
    const value = logs[monitor];
    const improved =
      value !== undefined &&
      Number.isFinite(value) &&
      (this.best === undefined || (this.lowerIsBetter ? value < this.best : value > this.best));
    if (improved) {
      this.best = value;
      this.bestEpochSoFar = epoch;
      this.epochsWithoutImprovement = 0;
    } else {
      this.epochsWithoutImprovement += 1;
    }
    return { improved, stop: this.epochsWithoutImprovement >= patience, bestEpoch: this.bestEpochSoFar };
  }
}

/**
 * A copy of a model's weights (trainable and not, e.g. batch-norm statistics). tf.clone shares the
 * data until the model's variables are assigned new values, so a copy costs no memory until then.
 */
export class WeightsCopy {
  private values: Tf.Tensor[] = [];

  constructor(private readonly tf: TfModule) {}

  get held(): boolean {
    return this.values.length > 0;
  }

  take(model: Tf.LayersModel): void {
    const next = model.getWeights().map((w) => this.tf.clone(w));
    this.dispose();
    this.values = next;
  }

  /** Holds these tensors as the copy (a resumed run's best weights); they are the copy's to dispose. */
  hold(values: Tf.Tensor[]): void {
    this.dispose();
    this.values = values;
  }

  /** The copy itself, for a checkpoint to read (still the copy's to dispose). */
  get tensors(): readonly Tf.Tensor[] {
    return this.values;
  }

  /** Puts the copy back into `model` (the copy stays held until dispose()). */
  restore(model: Tf.LayersModel): void {
    if (this.held) model.setWeights(this.values);
  }

  dispose(): void {
    this.tf.dispose(this.values);
    this.values = [];
  }
}

/** What early stopping did in a run, for its result. Epochs count from 0. */
export interface EarlyStoppingReport {
  monitor: string;
  bestEpoch: number;
  bestValue: number;
  /** The epoch after which it stopped the run; undefined when the run went on to its last epoch. */
  stoppedAfter?: number;
  /** The model ends with the best epoch's weights (put back, or the last epoch was the best). */
  endsWithBest: boolean;
}

/** One sentence for the run's result: "Early stopping: val_loss stopped improving after epoch 8 (0.312): stopped at epoch 13 and put back epoch 8's weights." */
export function earlyStoppingSummary(report: EarlyStoppingReport): string {
  const best = `epoch ${report.bestEpoch + 1} (${Number(report.bestValue.toPrecision(3))})`;
  const weights = report.endsWithBest ? `epoch ${report.bestEpoch + 1}'s weights` : "the last epoch's weights";
  if (report.stoppedAfter === undefined) {
    return `Early stopping: the best ${report.monitor} was at ${best}; the run went to its last epoch and ends with ${weights}.`;
  }
  // A stopped run's last epoch was not its best, so ending with the best means putting it back.
  return `Early stopping: ${report.monitor} stopped improving after ${best}, so the run stopped at epoch ${report.stoppedAfter + 1} and ${report.endsWithBest ? 'put back' : 'kept'} ${weights}.`;
}

export interface TrainingControls {
  /** Call before training epoch `epoch` (from 0): sets its learning rate; returns it. */
  startEpoch(epoch: number): number;
  /** Call with the finished epoch's logs: true when early stopping ends the run here. */
  endEpoch(epoch: number, logs: EpochLogs): boolean;
  /**
   * Call once training is over: with restoreBestWeights, puts back the weights of the best epoch.
   * Returns what early stopping did, or undefined without early stopping or before any epoch ended.
   */
  finish(): EarlyStoppingReport | undefined;
  /**
   * The best epoch's weights, held for restoreBestWeights (a checkpoint keeps them, so a resumed
   * run can still put them back); undefined when none are held.
   */
  heldBestWeights(): readonly Tf.Tensor[] | undefined;
  /** Frees the weight copy; safe to call more than once. */
  dispose(): void;
}

/**
 * Where a resumed run's controls pick up: the finished epochs' logs, replayed into early stopping
 * so its best value and patience count go on as if never paused, and the best weights it held.
 */
export interface ControlsResume {
  history: EpochLogs[];
  /** Taken over by the controls (they dispose them). */
  bestWeights?: Tf.Tensor[];
}

/**
 * The run settings applied to a compiled `model` (clipping wraps `model.optimizer` now; the rate
 * and early stopping act through startEpoch and endEpoch).
 */
export function trainingControls(tf: TfModule, model: Tf.LayersModel, settings: ControlSettings, resume?: ControlsResume): TrainingControls {
  const optimizer = model.optimizer;
  if (settings.clipNorm !== undefined) clipGradients(tf, optimizer, settings.clipNorm);
  const early = settings.earlyStopping;
  const tracker = early ? new EarlyStoppingTracker(early) : undefined;
  const bestWeights = early?.restoreBestWeights ? new WeightsCopy(tf) : undefined;
  let lastEpoch: number | undefined;
  let stoppedAfter: number | undefined;
  if (resume) {
    resume.history.forEach((logs, epoch) => {
      tracker?.observe(epoch, logs);
      lastEpoch = epoch;
    });
    if (resume.bestWeights) {
      if (bestWeights) bestWeights.hold(resume.bestWeights);
      else tf.dispose(resume.bestWeights);
    }
  }
  return {
    startEpoch(epoch) {
      const rate = learningRateAt(settings, epoch);
      setLearningRate(optimizer, rate);
      return rate;
    },
    endEpoch(epoch, logs) {
      lastEpoch = epoch;
      if (!tracker) return false;
      const verdict = tracker.observe(epoch, logs);
      if (verdict.improved) bestWeights?.take(model);
      if (verdict.stop) stoppedAfter = epoch;
      return verdict.stop;
    },
    finish() {
      const bestEpoch = tracker?.bestEpoch;
      const bestValue = tracker?.bestValue;
      // The model already holds the last epoch's weights: copying them back would change nothing.
      // (A run resumed from a checkpoint saved before checkpoints kept the copy has none to put back.)
      const putBack = !!bestWeights?.held && bestEpoch !== undefined && bestEpoch !== lastEpoch;
      if (putBack) bestWeights!.restore(model);
      bestWeights?.dispose();
      if (!early || bestEpoch === undefined || bestValue === undefined) return undefined;
      return { monitor: early.monitor, bestEpoch, bestValue, stoppedAfter, endsWithBest: putBack || bestEpoch === lastEpoch };
    },
    heldBestWeights() {
      return bestWeights?.held ? bestWeights.tensors : undefined;
    },
    dispose() {
      bestWeights?.dispose();
    },
  };
}

import { z } from 'zod';
import type * as Tf from '@tensorflow/tfjs';
import type { Shape } from '@/lib/shape/shape';
import type { Code, CodeValue } from '@/lib/export/code';
import type { StepFunctions, TableInfo, Target, TargetInfo } from '@/lib/data/table';
import type { MetricValue } from '@/lib/metrics/metrics';
import type { DataSourceSpec } from '@/lib/spec/spec';

/**
 * What flows along an edge. Only ports of the same type may be connected. A `table` (typed
 * columns, lib/data/table.ts) flows from a dataset through row-wise preprocessing and the split;
 * column selection turns it into a `tensor` the model reads or the `labels` the loss compares with.
 */
export type PortType = 'table' | 'tensor' | 'labels' | 'loss';

export interface PortDefinition {
  id: string;
  label: string;
  type: PortType;
}

export type Category = 'data' | 'preprocess' | 'layer' | 'loss' | 'optimizer' | 'metric';

export type TfModule = typeof Tf;

/** A shape problem found by a node; compile() turns it into an issue on the node. */
export interface ShapeFailure {
  ok: false;
  code: string;
  message: string;
  hint: string;
  /** Blame the node wired into this input port instead of this node (it is the one to change). */
  blamePort?: string;
  /** A one-click fix: params to merge into the blamed node. */
  fix?: { label: string; params: Record<string, unknown> };
}
/**
 * What compile knows about a port beyond its shape. Table ports carry their columns, labels ports
 * what the target is (classes or numbers), tensor ports whether they hold integer ids. Shapes of
 * table ports are [null, columns]; of labels ports [null, classes] or [null, numbers per row].
 */
export interface PortInfo {
  table?: TableInfo;
  target?: TargetInfo;
  /** Tensors of integer ids (token ids, category codes): values lie in [0, ids). Absent: measurements (float). */
  ids?: number;
}

export type ShapeResult = { ok: true; shapes: Shape[]; info?: PortInfo[] } | ShapeFailure;

/** The output shapes in `outputs` order and, for data ports, what else is known about each. */
export const ok = (shapes: Shape[], info?: PortInfo[]): ShapeResult => (info ? { ok: true, shapes, info } : { ok: true, shapes });
export const fail = (
  code: string,
  message: string,
  hint: string,
  extra: Pick<ShapeFailure, 'blamePort' | 'fix'> = {},
): ShapeFailure => ({ ok: false, code, message, hint, ...extra });

/** Passed to build(): tf is handed in so node files never import a backend themselves. */
export interface BuildContext {
  tf: TfModule;
  /** Deterministic per-node seed for initializers and dropout. */
  seed: number;
}

/** Defined beside the code that applies them, which the exported project ships as it is. */
export type { EarlyStoppingSettings, LearningRateSchedule } from '@/lib/engine/training-controls';
import type { EarlyStoppingSettings, LearningRateSchedule } from '@/lib/engine/training-controls';

export interface TrainingSettings {
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: number;
  schedule?: LearningRateSchedule;
  /** Gradients are scaled down so that their global norm is at most this. */
  clipNorm?: number;
  earlyStopping?: EarlyStoppingSettings;
}

/** What compile knows about the data the pipeline trains on, for the values it picks itself. */
export interface DataFacts {
  /** Samples the model trains on: after the dataset's sample limit and the validation share. */
  trainSamples: number;
  /** Values per sample (4 for Iris, 784 for MNIST). */
  featureSize: number;
}

/** A value compile picked for a field left empty, and why, in words for the inspector. */
export interface AutoValue {
  /** A number, or text for text fields (a list of column names). */
  value: number | string;
  reason: string;
}

/** A loss as model.compile() takes a function: the loss of a batch from its targets and predictions. */
export type LossFunction = (yTrue: Tf.Tensor, yPred: Tf.Tensor) => Tf.Tensor;

/** What build() returns depends on the node's category: the engine knows what to do with each. */
interface BuildByCategory {
  data: undefined;
  /** Preprocessing runs as `data` steps instead (see NodeDefinition.data). */
  preprocess: undefined;
  layer: Tf.layers.Layer;
  /** A tfjs loss name, or a function for a loss tfjs has no name for (Huber with its delta). */
  loss: string | LossFunction;
  optimizer: Tf.Optimizer;
  metric: string;
}

/**
 * What a node contributes to the exported TypeScript (lib/export). Everything is `Code` made with
 * the `ts` tag of lib/export/code.ts, so params and labels can only become literals and comments.
 */
export interface EmitParts {
  /** What the emitted code imports; imports of one module from several nodes are merged into one line. */
  imports?: ExportImport[];
  /** Named constants at the top of the program: the values an engineer would tune. */
  constants?: ExportConstant[];
  /** Top-level helper declarations (a function, an interface); identical ones are written once. */
  declarations?: Code[];
  /** Extra files of the exported project, e.g. a type declaration for an untyped package. */
  files?: { path: string; text: string }[];
  /** npm packages the project needs that pipeline.ts does not import (a dataset read from its package's files). */
  packages?: string[];
  /** The app's shipped modules pipeline.ts loads with a dynamic import() (Node-only code), as project paths: 'datasets/package-files.ts'. */
  modules?: string[];
}

/**
 * `import def, { named } from 'module'`. A bare module name is an npm package: the exported
 * package.json lists it, at the version this app has installed (lib/export/sources.generated.ts).
 */
export interface ExportImport {
  module: string;
  default?: string;
  named?: string[];
}

export interface ExportConstant {
  /** SCREAMING_SNAKE_CASE. */
  name: string;
  value: CodeValue;
  /** One line saying what it is, shown above the constant. */
  comment?: string;
}

/** What emit() returns, by category: the parts, plus what the program needs from the node. */
export interface EmitByCategory {
  /** `load`: the body of `async loadData(): Promise<Table>`, returning the dataset's table (lib/data/table.ts) as the app loads it. */
  data: EmitParts & { load: Code };
  /** Preprocessing runs its `data` step module, which the export ships as it is: emit adds only what else it needs. */
  preprocess: EmitParts;
  /** An expression that creates the layer, e.g. tf.layers.dense({ ... }). */
  layer: EmitParts & { layer: Code };
  /** The loss as model.compile() takes it, e.g. 'categoricalCrossentropy'. */
  loss: EmitParts & { loss: Code };
  /**
   * An expression that creates the optimizer. The parts must declare the run settings EPOCHS,
   * BATCH_SIZE and SEED, which the program's training loop reads.
   */
  optimizer: EmitParts & { optimizer: Code };
  /**
   * `name`: its Keras name ('accuracy', 'f1'), the key of its value in the RunJson. `measure`: an
   * expression of a function `(truth: Target, prediction: Float32Array, outputs: number) => MetricValue`
   * calling lib/metrics (shipped as ./metrics), as `measure` does in the app. `metric`/`logKey`: for
   * metrics tfjs also logs on training batches, what model.compile() takes ('accuracy') and the name
   * tfjs logs it under ('acc').
   */
  metric: EmitParts & { name: string; measure?: Code; metric?: Code; logKey?: string };
}

/**
 * How a loss wants the target: one-hot rows of class probabilities, the class index, one 0/1
 * column (two classes), or the numbers themselves.
 */
export type TargetEncoding = 'oneHot' | 'classIndex' | 'binary' | 'numbers';

/** A metric's value (lib/metrics defines it: the exported project ships that file and needs the type). */
export type { MetricValue };

/** Passed to emit(). */
export interface EmitContext {
  /** An expression for this node's seed in the generated program, e.g. layerSeed(2), as build() gets it. */
  seed: Code;
}

/**
 * One step that brings a node's stored params from one version of its kind to the next. Params
 * come from outside (a file, a link, an old save): the step must expect anything in them.
 */
export interface NodeMigration {
  /** Stable name, e.g. 'layer.dense/2-rename-units'; shown when the step fails. */
  id: string;
  up: (params: Record<string, unknown>) => Record<string, unknown>;
}

export interface NodeDefinition<C extends Category = Category, P extends z.ZodObject = z.ZodObject> {
  kind: string;
  /** The version of this kind's params. Raising it means adding the step from the previous one to `migrations`. */
  version: number;
  /** `migrations[i]` takes params from version i + 1 to i + 2, so there are `version - 1` of them. */
  migrations?: NodeMigration[];
  category: C;
  ui: {
    label: string;
    description: string;
    /** For data-stage nodes: what is lost when the node feeds nothing that trains, finishing "so …". */
    whenUnused?: string;
  };
  params: P;
  inputs: PortDefinition[];
  outputs: PortDefinition[];
  /**
   * Pure: shapes of the outputs, in `outputs` order, from the shapes of the inputs, in `inputs`
   * order, with what else is known about each input (`info`, same order). Data-stage nodes return
   * the info of their outputs too.
   */
  inferShape: (params: z.output<P>, inputs: Shape[], info: PortInfo[]) => ShapeResult;
  /**
   * Parameters, for the count shown on layer nodes: every weight the layer holds, as tfjs's
   * countParams() and the "Param #" of Keras's model.summary() count them.
   */
  paramCount?: (params: z.output<P>, inputs: Shape[]) => number;
  /**
   * The part of `paramCount` that training leaves to the layer itself, not to the optimizer
   * (BatchNormalization's moving mean and variance). Absent: every parameter is trainable.
   */
  nonTrainableParamCount?: (params: z.output<P>, inputs: Shape[]) => number;
  build?: (params: z.output<P>, ctx: BuildContext) => BuildByCategory[C];
  /**
   * Values for fields marked `.meta({ auto: true })` and left empty, picked from the data the
   * pipeline trains on (undefined while there is no single dataset). compile() fills them in
   * before anything reads the params, so build() and training() see concrete numbers.
   */
  auto?: (params: z.output<P>, data: DataFacts | undefined) => Record<string, AutoValue>;
  /**
   * Values for `.meta({ auto: true })` fields picked from what flows into the node (an Embedding's
   * vocabulary size from the ids it reads, a column selection's columns from the table). Runs in
   * the shapes pass, before inferShape, whose params then hold these values.
   */
  autoFromInputs?: (params: z.output<P>, inputs: Shape[], info: PortInfo[]) => Record<string, AutoValue>;
  /**
   * Data-stage nodes (preprocessing): what runs on the data. The functions live in a module of
   * lib/data/steps/ that imports nothing but lib/data/table.ts (and lib/engine/random.ts), so the
   * exported project ships that module as it is and computes exactly what the app does.
   */
  data?: {
    /** The file under lib/data/steps/, without `.ts`. */
    module: string;
    /** The name `step` is exported under from that module. */
    exportName: string;
    step: StepFunctions<z.output<P>, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
  /**
   * Data steps that must change training rows only (augmentation, outlier removal): wired before
   * the split they would change the rows that validate and test as well, so compile reports this
   * issue on the node when it is upstream of the split.
   */
  trainingOnly?: { severity: 'error' | 'warning'; code: string; message: string; hint: string };
  /** Losses only: how the engine hands the target to tfjs. */
  targetEncoding?: TargetEncoding;
  /**
   * Losses only: the activation the prediction should end in (softmax for class probabilities,
   * sigmoid for one probability, linear for numbers), for the warning on a model that ends otherwise.
   */
  outputActivation?: 'softmax' | 'sigmoid' | 'linear';
  /**
   * Metrics only: the value on the validation (and test) rows, from the truth and the model's
   * outputs (`prediction` holds `outputs` numbers per row). A pure function of lib/metrics, so
   * the engine, the command line and the exported code compute the same number.
   */
  measure?: (params: z.output<P>, truth: Target, prediction: Float32Array, outputs: number) => MetricValue;
  /** Metrics only: the Keras name its value is reported under ('accuracy', 'f1', 'top_3_accuracy'). */
  metricName?: (params: z.output<P>) => string;
  /**
   * The node as TypeScript, for the exported program: must do exactly what build() does (the
   * export parity test trains both and compares the numbers). Params are compiled ones.
   */
  emit?: (params: z.output<P>, ctx: EmitContext) => EmitByCategory[C];
  /** Optimizers only: the run settings they carry. */
  training?: (params: z.output<P>) => TrainingSettings;
  /** Optimizers only: the learning rate it usually works well from, suggested when a run diverges. */
  typicalLearningRate?: number;
  /** Short text shown under the title on the canvas. */
  summary?: (params: z.output<P>) => string;
  /**
   * Data nodes only: the table the node gives (its columns, rows and usual target), and where its
   * rows come from at run time. compile() reads both; the engine loads the rows from the source.
   */
  source?: {
    table: (params: z.output<P>) => TableInfo;
    spec: (params: z.output<P>) => DataSourceSpec;
  };
}

export function defineNode<C extends Category, P extends z.ZodObject>(
  definition: NodeDefinition<C, P>,
): NodeDefinition<C, P> {
  return definition;
}

/** Type-erased view used by generic code (compile, canvas, engine). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyNodeDefinition = NodeDefinition<Category, any>;

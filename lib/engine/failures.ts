import type { BackendName, FailureKind } from './protocol';

/**
 * What a training error means, in words a product manager can act on. tfjs reports a GPU that ran
 * out of memory, or a GPU device that was lost (a driver reset, the tab put to sleep, another app
 * taking the GPU), as plain errors whose messages differ by backend; these patterns are the ones
 * tfjs, WebGL and WebGPU use. Anything else is an unexpected failure.
 */

const outOfMemory = [
  /out of memory/i,
  /\bOOM\b/,
  /failed to allocate/i,
  /allocation failed/i,
  /array buffer allocation/i,
  /requested texture size .* greater than/i,
  /exceeds? (the )?(max|maximum) (buffer|binding|texture)/i,
  /GPUOutOfMemoryError/i,
];
const deviceLost = [/device (was |is )?lost/i, /context (was |is )?lost/i, /CONTEXT_LOST/i, /GPUDevice .*destroyed/i, /device.*destroyed/i];

export interface Failure {
  kind: Extract<FailureKind, 'out-of-memory' | 'device-lost' | 'failed'>;
  message: string;
  hint: string;
}

/** A smaller batch to try after running out of memory: a quarter of it, at least 1. */
export function smallerBatch(batchSize: number): number {
  return Math.max(1, Math.floor(batchSize / 4));
}

export function classifyFailure(error: unknown, context: { backend: BackendName | string; batchSize: number }): Failure {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const backend = backendLabel(context.backend);
  if (outOfMemory.some((pattern) => pattern.test(text))) {
    const smaller = smallerBatch(context.batchSize);
    return {
      kind: 'out-of-memory',
      message: `A batch of ${context.batchSize} does not fit in the memory of ${backend}: try ${smaller}.`,
      hint:
        context.batchSize > 1
          ? `Set the batch size to ${smaller} on the optimizer node and train again; the pipeline is unchanged.`
          : 'The model itself is too big for this device: use fewer units or filters, or pick the CPU backend.',
    };
  }
  if (deviceLost.some((pattern) => pattern.test(text))) {
    return {
      kind: 'device-lost',
      message: `The GPU stopped responding (${backend} lost its device), so training stopped.`,
      hint: 'Resume on the CPU from the last completed epoch, or train again once the GPU is back.',
    };
  }
  return {
    kind: 'failed',
    message: `Training failed: ${error instanceof Error ? error.message : String(error)}`,
    hint: 'Try the CPU backend; if it fails there too, the pipeline hit a bug: please report it.',
  };
}

function backendLabel(name: string): string {
  return name === 'webgpu' ? 'WebGPU' : name === 'webgl' ? 'WebGL' : name === 'cpu' ? 'the CPU' : name;
}

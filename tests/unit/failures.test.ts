import { describe, expect, it } from 'vitest';
import { classifyFailure, smallerBatch } from '@/lib/engine/failures';

describe('training failures in words', () => {
  it('names the batch that did not fit and a smaller one to try', () => {
    const failure = classifyFailure(new Error('Failed to allocate buffer of size 805306368 bytes: out of memory'), { backend: 'webgpu', batchSize: 512 });
    expect(failure.kind).toBe('out-of-memory');
    expect(failure.message).toBe('A batch of 512 does not fit in the memory of WebGPU: try 128.');
    expect(failure.hint).toContain('batch size to 128');
  });

  it('recognises WebGL running out of texture space', () => {
    const failure = classifyFailure(new Error('Requested texture size [8192x65536] greater than WebGL maximum on this browser / GPU [16384x16384].'), { backend: 'webgl', batchSize: 64 });
    expect(failure.kind).toBe('out-of-memory');
    expect(failure.message).toContain('try 16');
  });

  it('tells a lost GPU device from a bug', () => {
    expect(classifyFailure(new Error('Device was lost: destroyed'), { backend: 'webgpu', batchSize: 32 }).kind).toBe('device-lost');
    expect(classifyFailure(new Error('WebGL context lost.'), { backend: 'webgl', batchSize: 32 }).kind).toBe('device-lost');
    const bug = classifyFailure(new TypeError("Cannot read properties of undefined (reading 'shape')"), { backend: 'cpu', batchSize: 32 });
    expect(bug.kind).toBe('failed');
    expect(bug.message).toBe("Training failed: Cannot read properties of undefined (reading 'shape')");
  });

  it('never suggests a batch below one', () => {
    expect(smallerBatch(3)).toBe(1);
    expect(smallerBatch(1)).toBe(1);
    expect(classifyFailure(new Error('out of memory'), { backend: 'webgl', batchSize: 1 }).hint).toContain('too big for this device');
  });
});

/// <reference lib="webworker" />
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { z } from 'zod';
import { fetchDatasetFile } from '@/lib/datasets/fetch-file';
import { BenchSettings, compareEngineWithHandwritten, type Comparison } from '../engine-vs-handwritten';

/**
 * Runs the engine-vs-hand-written comparison in a Web Worker, where the app trains too (and where
 * WebGPU on SwiftShader keeps working: on the page's main thread its buffers fail to map after a
 * few batches). The engine's live-chart messages cross a real MessageChannel.
 */

declare const self: DedicatedWorkerGlobalScope;

export const BenchRequest = z.object({ backend: z.enum(['webgl', 'webgpu']), settings: BenchSettings });
export type BenchRequest = z.infer<typeof BenchRequest>;

export type BenchReply =
  | { type: 'log'; line: string }
  | { type: 'done'; comparison: Comparison; adapter: string }
  | { type: 'failed'; message: string };

const post = (reply: BenchReply) => self.postMessage(reply);

self.onmessage = async (event: MessageEvent<unknown>) => {
  try {
    const { backend, settings } = BenchRequest.parse(event.data);
    tf.enableProdMode();
    if (!(await tf.setBackend(backend))) throw new Error(`tfjs could not start its ${backend} backend in this browser.`);
    await tf.ready();
    if (backend === 'webgpu') {
      // A lost device fails every later call with an unrelated-looking error: say why it was lost.
      const device = (tf.backend() as unknown as { device: { lost: Promise<{ reason: string; message: string }> } }).device;
      void device.lost.then((info) => post({ type: 'log', line: `webgpu: the device was lost (${info.reason}): ${info.message}` }));
    }
    const comparison = await compareEngineWithHandwritten(tf, { readFile: fetchDatasetFile, readUpload: async () => undefined }, settings, (line) =>
      post({ type: 'log', line: `${backend}: ${line}` }),
    );
    post({ type: 'done', comparison, adapter: await adapterName(backend) });
  } catch (error) {
    post({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
};

/** The GPU tfjs ran on, as the browser names it (WebGPU here is SwiftShader, software). */
async function adapterName(backend: BenchRequest['backend']): Promise<string> {
  if (backend === 'webgpu') {
    // adapter.info is newer than the WebGPU typings tfjs brings.
    const adapter = (await navigator.gpu?.requestAdapter()) as { info?: { vendor: string; architecture: string; description: string } } | null | undefined;
    const info = adapter?.info;
    return info ? [info.vendor, info.architecture, info.description].filter(Boolean).join(' ') || 'unnamed adapter' : 'no adapter';
  }
  const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
  const renderer = gl?.getExtension('WEBGL_debug_renderer_info');
  return gl && renderer ? String(gl.getParameter(renderer.UNMASKED_RENDERER_WEBGL)) : 'unknown renderer';
}

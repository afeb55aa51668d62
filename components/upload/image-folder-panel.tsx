'use client';

import { useEffect, useId, useRef, useState } from 'react';
import type { ClassShare, TablePreview } from '@/lib/data/stats';
import { previewPlan } from '@/lib/preview/plan';
import { requestPreview } from '@/lib/preview/client';
import { useUploadPresent } from './use-upload-present';
import { useCompiled } from '@/lib/store/compiled';
import { usePipeline } from '@/lib/store/pipeline';
import { classMismatch } from '@/lib/upload/images/expected-classes';
import { readImagesInWorker, type ImageReading } from '@/lib/upload/images/read-in-worker';
import type { ImageReadSummary, ToImageWorker } from '@/lib/upload/images/worker-protocol';
import { imageFolderParams } from '@/nodes/data/image-folder';
import { formatCount } from '@/components/ui/theme';
import { ImageGrid } from '@/components/preview/samples';

/**
 * The Image folder node's panel in the inspector: choose a folder (one sub-folder per class) or a
 * zip, the size and colour the images are resized to, read them in a worker with progress and
 * Cancel, and see the count per class, the images that could not be read and a few samples. On a
 * shared pipeline (or cleared storage) it says which images the pipeline expects.
 */

const sizePresets = [28, 32, 64];
const samplesShown = 16;

type Stored = 'none' | 'checking' | 'present' | 'missing';

export function ImageFolderPanel({ nodeId }: { nodeId: string }) {
  const node = usePipeline((s) => s.doc.nodes.find((n) => n.id === nodeId));
  if (node?.kind !== 'data.images') return null;
  return <Panel nodeId={nodeId} params={node.params} />;
}

function Panel({ nodeId, params: raw }: { nodeId: string; params: Record<string, unknown> }) {
  const parsed = imageFolderParams.safeParse(raw);
  const params = parsed.success ? parsed.data : imageFolderParams.parse({});
  const updateParams = usePipeline((s) => s.updateParams);
  const doc = usePipeline((s) => s.doc);
  const compiled = useCompiled();
  const ids = useId();

  const [height, setHeight] = useState(params.height);
  const [width, setWidth] = useState(params.width);
  const [channels, setChannels] = useState<1 | 3>(params.channels);
  const [progress, setProgress] = useState<{ done: number; total: number } | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [summary, setSummary] = useState<ImageReadSummary | undefined>();
  const [overview, setOverview] = useState<TablePreview | undefined>();
  const reading = useRef<ImageReading | undefined>(undefined);

  // Whether this browser holds the images the node names: a shared link or cleared storage has none.
  const present = useUploadPresent(params.fingerprint || undefined);
  const stored: Stored = !params.fingerprint ? 'none' : present === undefined ? 'checking' : present ? 'present' : 'missing';

  // The counts per class and the sample images come from the stored table, through the preview worker.
  const plan = stored === 'present' ? previewPlan(doc, compiled, nodeId) : undefined;
  const planKey = plan?.ok ? JSON.stringify(plan.plan.source) : undefined;
  useEffect(() => {
    if (!plan?.ok) return setOverview(undefined);
    let current = true;
    void requestPreview(plan.plan, () => {}).then((outcome) => {
      if (!current) return;
      if (outcome.ok && outcome.result.outputs[0]?.kind === 'table') setOverview(outcome.result.outputs[0].preview);
      else if (!outcome.ok) setError(`${outcome.message} ${outcome.hint}`);
    });
    return () => {
      current = false;
    };
    // The plan object is new on every render; its source is what the overview depends on.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [planKey]);

  useEffect(() => () => reading.current?.cancel(), []);

  const start = (name: string, source: Extract<ToImageWorker, { type: 'read' }>['source']) => {
    setError(undefined);
    setSummary(undefined);
    setProgress({ done: 0, total: 0 });
    const expected = stored === 'missing' ? params.classes : undefined;
    reading.current = readImagesInWorker({ type: 'read', name, source, size: [height, width], channels }, (message) => {
      if (message.type === 'progress') return setProgress({ done: message.done, total: message.total });
      reading.current = undefined;
      setProgress(undefined);
      if (message.type === 'failed') return setError(message.message);
      const mismatch = expected && classMismatch(expected, message.classes.map((c) => c.name));
      if (mismatch) return setError(`These images do not fit the pipeline: ${mismatch} Choose the folder or zip the pipeline was built on.`);
      // Saved by the worker, which tells useUploadPresent: the same images chosen again keep their fingerprint.
      setSummary(message);
      // One edit, so one undo step puts the previous images back.
      updateParams(nodeId, {
        file: message.file,
        fingerprint: message.fingerprint,
        rows: message.rows,
        height,
        width,
        channels,
        classes: message.classes.map((c) => c.name),
      });
    });
  };

  const chooseZip = async (files: FileList | null) => {
    const file = files?.[0];
    if (file) start(file.name, { kind: 'zip', bytes: new Uint8Array(await file.arrayBuffer()) });
  };
  const chooseFolder = (files: FileList | null) => {
    if (!files || files.length === 0) return;
    const list = Array.from(files, (file) => ({ path: file.webkitRelativePath || file.name, file }));
    start(list[0].path.split('/')[0] || 'images', { kind: 'folder', files: list });
  };

  const busy = progress !== undefined;
  const shares: ClassShare[] | undefined = overview?.classBalance?.shares;
  const counts = summary?.classes ?? shares?.map((s) => ({ name: s.name, count: s.count }));
  const samples = overview?.samples.find((s) => s.type === 'image' && s.rows > 0);

  return (
    <section data-testid="images-panel" aria-labelledby={`${ids}-title`} className="space-y-3 border-b border-zinc-800/80 px-4 py-3.5">
      <h3 id={`${ids}-title`} className="text-[10.5px] font-semibold tracking-wider text-zinc-500 uppercase">
        Images
      </h3>

      {stored === 'missing' && (
        <div data-testid="images-missing" role="status" className="space-y-1 rounded-lg border border-amber-500/30 bg-amber-500/10 px-3 py-2 text-[12px] leading-[1.45] text-amber-100">
          <p>
            This pipeline trains on <span className="font-mono">{params.file}</span>: {formatCount(params.rows)} images, {params.width}x{params.height},{' '}
            {params.classes.length} classes ({params.classes.join(', ')}).
          </p>
          <p className="text-amber-100/75">Images are kept only in the browser they were uploaded in. Choose the same folder or zip below.</p>
        </div>
      )}

      <fieldset disabled={busy} className="space-y-2.5">
        <legend className="sr-only">Size and colour the images are resized to</legend>
        <div className="flex items-end gap-2">
          <NumberField label="Height" value={height} onChange={setHeight} testId="images-height" />
          <span className="pb-1.5 text-zinc-500" aria-hidden>
            ×
          </span>
          <NumberField label="Width" value={width} onChange={setWidth} testId="images-width" />
          <div className="flex gap-1 pb-0.5" role="group" aria-label="Size presets">
            {sizePresets.map((size) => (
              <button
                key={size}
                type="button"
                aria-pressed={height === size && width === size}
                onClick={() => {
                  setHeight(size);
                  setWidth(size);
                }}
                className="h-7 rounded-md border border-zinc-700 px-1.5 text-[11.5px] text-zinc-300 hover:border-indigo-500/60 focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:outline-none aria-pressed:border-indigo-500 aria-pressed:bg-indigo-500/15 aria-pressed:text-indigo-200"
              >
                {size}
              </button>
            ))}
          </div>
        </div>
        <div role="radiogroup" aria-label="Colour" className="flex gap-3 text-[12.5px] text-zinc-300">
          {([1, 3] as const).map((value) => (
            <label key={value} className="flex items-center gap-1.5">
              <input type="radio" name={`${ids}-channels`} checked={channels === value} onChange={() => setChannels(value)} className="accent-indigo-500" />
              {value === 1 ? 'Grayscale' : 'Colour (RGB)'}
            </label>
          ))}
        </div>
        <div className="flex gap-2">
          <FileButton label="Choose folder" testId="images-choose-folder" folder onFiles={chooseFolder} />
          <FileButton label="Choose zip" testId="images-choose-zip" accept=".zip,application/zip" onFiles={(files) => void chooseZip(files)} />
        </div>
        <p className="text-[11.5px] leading-[1.4] text-zinc-500">One sub-folder per class, named after it (cat/, dog/). The size and colour apply when the images are read.</p>
      </fieldset>

      {progress && (
        <div data-testid="images-progress" role="status" className="space-y-1.5">
          <div className="flex items-center justify-between gap-2 text-[12px] text-zinc-300">
            <span>{progress.total > 0 ? `Reading images: ${formatCount(progress.done)} of ${formatCount(progress.total)}` : 'Opening the files…'}</span>
            <button
              type="button"
              data-testid="images-cancel"
              onClick={() => reading.current?.cancel()}
              className="h-6 rounded-md border border-zinc-700 px-2 text-[11.5px] text-zinc-300 hover:border-red-500/50 hover:text-red-300 focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:outline-none"
            >
              Cancel
            </button>
          </div>
          <progress className="h-1.5 w-full accent-indigo-500" value={progress.done} max={Math.max(progress.total, 1)} aria-label="Images read" />
        </div>
      )}

      {error && (
        <p data-testid="images-error" role="alert" className="rounded-lg border border-red-500/30 bg-red-500/10 px-3 py-2 text-[12px] leading-[1.45] text-red-200">
          {error}
        </p>
      )}

      {params.fingerprint && stored === 'present' && (
        <p data-testid="images-summary" className="text-[12px] text-zinc-400">
          {formatCount(params.rows)} images from <span className="font-mono text-zinc-200">{params.file}</span>, {params.width}x{params.height},{' '}
          {params.channels === 1 ? 'grayscale' : 'colour'}.
        </p>
      )}

      {counts && stored === 'present' && (
        <ul data-testid="images-classes" aria-label="Images per class" className="space-y-0.5 text-[12px]">
          {counts.map((c) => (
            <li key={c.name} className="flex justify-between gap-2">
              <span className="truncate font-mono text-zinc-200" title={c.name}>
                {c.name}
              </span>
              <span className="text-zinc-400 tabular-nums">{formatCount(c.count)}</span>
            </li>
          ))}
        </ul>
      )}

      {summary && summary.unreadable.length > 0 && (
        <PathList testId="images-unreadable" title={`Could not be read (${formatCount(summary.unreadable.length)}), left out`} items={summary.unreadable} />
      )}
      {summary && summary.skipped.length > 0 && <PathList testId="images-skipped" title={`Not used (${formatCount(summary.skipped.length)})`} items={summary.skipped} />}
      {summary?.problems.map((p) => (
        <p key={p} className="text-[12px] leading-[1.45] text-amber-200/90">
          {p}
        </p>
      ))}

      {samples && stored === 'present' && (
        <div data-testid="images-samples">
          <ImageGrid samples={{ ...samples, rows: Math.min(samples.rows, samplesShown) }} size={44} />
        </div>
      )}
    </section>
  );
}

function NumberField({ label, value, onChange, testId }: { label: string; value: number; onChange: (v: number) => void; testId: string }) {
  return (
    <label className="flex flex-col gap-1 text-[11px] text-zinc-500">
      {label}
      <input
        type="number"
        min={4}
        max={512}
        value={value}
        data-testid={testId}
        onChange={(e) => {
          const v = Math.round(Number(e.target.value));
          if (Number.isFinite(v)) onChange(Math.min(512, Math.max(4, v)));
        }}
        className="h-7 w-16 rounded-md border border-zinc-700 bg-zinc-900 px-2 text-[12.5px] text-zinc-100 tabular-nums focus:border-indigo-500 focus:outline-none"
      />
    </label>
  );
}

/** A file input that looks like a button: the input stays focusable (visually hidden) for the keyboard and for tests. */
function FileButton({ label, testId, folder, accept, onFiles }: { label: string; testId: string; folder?: boolean; accept?: string; onFiles: (files: FileList | null) => void }) {
  const id = useId();
  return (
    <span className="flex-1">
      <input
        id={id}
        type="file"
        data-testid={testId}
        accept={accept}
        className="peer sr-only"
        // React does not know webkitdirectory; set as a plain attribute, the browser then picks a folder.
        {...(folder ? { webkitdirectory: '', directory: '' } : {})}
        onChange={(e) => {
          onFiles(e.target.files);
          e.target.value = '';
        }}
      />
      <label
        htmlFor={id}
        className="flex h-8 cursor-pointer items-center justify-center rounded-lg border border-zinc-700 bg-zinc-900 text-[12.5px] font-medium text-zinc-200 peer-focus-visible:ring-2 peer-focus-visible:ring-indigo-500 peer-disabled:cursor-not-allowed peer-disabled:opacity-50 hover:border-indigo-500/60 hover:bg-indigo-500/10"
      >
        {label}
      </label>
    </span>
  );
}

function PathList({ testId, title, items }: { testId: string; title: string; items: { path: string; reason: string }[] }) {
  return (
    <details data-testid={testId} open className="rounded-lg border border-zinc-800 bg-zinc-900/60 px-3 py-2 text-[12px]">
      <summary className="cursor-pointer text-zinc-300">{title}</summary>
      <ul className="mt-1.5 max-h-40 space-y-1 overflow-y-auto">
        {items.map((item) => (
          <li key={item.path}>
            <span className="font-mono break-all text-zinc-200">{item.path}</span>
            <span className="text-zinc-500">: {item.reason}</span>
          </li>
        ))}
      </ul>
    </details>
  );
}

'use client';

import { useEffect, useId, useRef, useState } from 'react';
import { getNodeDefinition } from '@/nodes';
import { csvFileParams, type CsvFileColumn, type CsvFileParams } from '@/nodes/data/csv-file';
import { usePipeline } from '@/lib/store/pipeline';
import { useUi } from '@/lib/store/ui';
import { formatBytes } from '@/lib/summary/model-summary';
import { starterPipeline } from '@/lib/templates/starter';
import type { CsvColumnType } from '@/lib/upload/csv/detect-types';
import { askCsvWorker } from '@/lib/upload/csv/read-in-worker';
import type { CsvDescription } from '@/lib/upload/csv/read-protocol';
import { formatCount } from '@/components/ui/theme';
import { AlertIcon, FileIcon, OpenFileIcon, WandIcon } from '@/components/ui/icons';
import { csvNodeParamsOf, fullParamsPatch, startCsvRead, useCsvReads, type CsvReadState } from './csv-reads';

/**
 * The CSV file node's own part of the inspector: the file (choose one, watch it being read,
 * cancel), what is wrong in it by row and column, each column's type and role, and a starter
 * model in one click. Everything from the file (names, cells) is shown as React text.
 */

type Stored = { state: 'loading' } | { state: 'missing' } | { state: 'ready'; upload: CsvDescription };

const typeLabels: Record<CsvColumnType, string> = { number: 'Number', category: 'Category', text: 'Text', date: 'Date' };
type Role = 'feature' | 'target' | 'ignore';
const roleLabels: Record<Role, string> = { feature: 'Feature', target: 'Target', ignore: 'Leave out' };
/** Problems shown before "Show all": enough to see what kind they are. */
const PROBLEMS_SHOWN = 6;

export function CsvFilePanel({ nodeId, params: raw }: { nodeId: string; params: unknown }) {
  const parsed = csvFileParams.safeParse(raw);
  const reading = useCsvReads((s) => s.reading[nodeId]);
  const error = useCsvReads((s) => s.errors[nodeId]);
  const stored = useCsvDescription(parsed.success ? parsed.data : undefined);
  if (!parsed.success) return null;
  const params = parsed.data;

  return (
    <>
      <PanelSection title="File">
        {reading ? (
          <ReadProgress reading={reading} />
        ) : !params.fingerprint ? (
          <p className="text-[12.5px] leading-[1.45] text-zinc-400">No file yet. Drop a CSV file on the canvas, or choose one here.</p>
        ) : stored.state === 'missing' ? (
          <MissingFile params={params} />
        ) : (
          <FileFacts params={params} upload={stored.state === 'ready' ? stored.upload : undefined} />
        )}
        {error && (
          <p role="alert" data-testid="csv-read-error" className="mt-2.5 flex gap-2 rounded-lg border border-red-500/30 bg-red-500/5 px-2.5 py-2 text-[12px] leading-[1.4] text-zinc-100">
            <AlertIcon width={14} height={14} className="mt-0.5 shrink-0 text-red-400" />
            <span className="min-w-0 break-words">{error}</span>
          </p>
        )}
        {/* While looking for the stored rows the button waits: it reads "Choose another" only for a file that is here. */}
        {!reading && !(params.fingerprint && stored.state === 'loading') && <ChooseFile nodeId={nodeId} again={!!params.fingerprint && stored.state !== 'missing'} />}
      </PanelSection>
      {!reading && stored.state === 'ready' && <LoadedFile nodeId={nodeId} params={params} upload={stored.upload} />}
    </>
  );
}

/**
 * What the CSV worker tells of the file kept under the node's fingerprint, asked again when the
 * node gets another file or another column type. Until the new answer comes, the last one for
 * the same file stays up, so a type change does not blank the panel.
 */
function useCsvDescription(params: CsvFileParams | undefined): Stored {
  const fingerprint = params?.fingerprint ?? '';
  const typesKey = JSON.stringify(params?.columns.map((c) => [c.name, c.type]) ?? []);
  const [stored, setStored] = useState<{ fingerprint: string; value: Stored }>({ fingerprint, value: { state: 'loading' } });
  // A file read again under the same fingerprint (the very file a shared pipeline asked for) is there now.
  const saved = useCsvReads((s) => s.saved);
  useEffect(() => {
    if (!fingerprint) return;
    const types = Object.fromEntries(JSON.parse(typesKey) as [string, CsvColumnType][]);
    const work = askCsvWorker({ type: 'describe', fingerprint, types });
    void work.done.then((answer) => {
      if (answer.type === 'described') setStored({ fingerprint, value: answer.upload ? { state: 'ready', upload: answer.upload } : { state: 'missing' } });
      // An error here (a crashed worker) leaves the panel as it was; the file can be chosen again.
    });
    return work.cancel;
  }, [fingerprint, typesKey, saved]);
  return stored.fingerprint === fingerprint ? stored.value : { state: 'loading' };
}

function PanelSection({ title, children, aside, testId }: { title: string; children: React.ReactNode; aside?: React.ReactNode; testId?: string }) {
  return (
    <section data-testid={testId} className="border-b border-zinc-800/80 px-4 py-3.5">
      <div className="mb-2.5 flex items-center justify-between gap-2">
        <h3 className="text-[10.5px] font-semibold tracking-wider text-zinc-500 uppercase">{title}</h3>
        {aside}
      </div>
      {children}
    </section>
  );
}

function ReadProgress({ reading }: { reading: CsvReadState }) {
  const share = reading.total > 0 ? reading.bytes / reading.total : 0;
  return (
    <div>
      <p className="truncate text-[12.5px] text-zinc-200" title={reading.file}>
        Reading {reading.file}…
      </p>
      <div
        role="progressbar"
        aria-label={`Reading ${reading.file}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(share * 100)}
        data-testid="csv-progress"
        className="mt-2 h-1.5 overflow-hidden rounded-full bg-zinc-800"
      >
        <div className="h-full rounded-full bg-indigo-400 transition-[width]" style={{ width: `${share * 100}%` }} />
      </div>
      <div className="mt-1.5 flex items-center justify-between gap-2">
        <span className="text-[11.5px] text-zinc-500 tabular-nums">
          {formatBytes(reading.bytes)} of {formatBytes(reading.total)}
        </span>
        <button
          type="button"
          data-testid="csv-cancel"
          onClick={reading.cancel}
          className="h-7 rounded-md border border-zinc-700 px-2.5 text-[12px] font-medium text-zinc-200 hover:border-zinc-500 hover:bg-zinc-800"
        >
          Cancel
        </button>
      </div>
    </div>
  );
}

function FileFacts({ params, upload }: { params: CsvFileParams; upload?: CsvDescription }) {
  return (
    <dl data-testid="csv-file" className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-[12.5px]">
      <dt className="text-zinc-400">File</dt>
      <dd className="flex min-w-0 items-center gap-1.5 text-zinc-100">
        <FileIcon width={13} height={13} className="shrink-0 text-zinc-500" />
        <span className="truncate" title={params.file}>
          {params.file}
        </span>
      </dd>
      <dt className="text-zinc-400">Rows</dt>
      <dd data-testid="csv-rows" className="text-zinc-100 tabular-nums">
        {formatCount(params.rows)}
      </dd>
      <dt className="text-zinc-400">Size</dt>
      <dd className="text-zinc-100 tabular-nums">{upload ? formatBytes(upload.bytes) : '…'}</dd>
    </dl>
  );
}

/** A pipeline built on a file this browser does not have: a shared link, another browser, cleared storage. */
function MissingFile({ params }: { params: CsvFileParams }) {
  return (
    <div data-testid="csv-missing-file" className="rounded-lg border border-amber-400/30 bg-amber-400/5 px-2.5 py-2 text-[12.5px] leading-[1.45] text-zinc-100">
      <p>
        This pipeline was built on <span className="font-medium">{params.file}</span> ({formatCount(params.rows)} rows), whose rows are not in this browser.
      </p>
      <p className="mt-1 text-zinc-300">Choose a CSV with these columns: {params.columns.map((c) => c.name).join(', ')}</p>
    </div>
  );
}

function ChooseFile({ nodeId, again }: { nodeId: string; again: boolean }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <input
        ref={input}
        type="file"
        accept=".csv,.tsv,text/csv,text/tab-separated-values"
        data-testid="csv-file-input"
        aria-label="CSV file"
        className="hidden"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void startCsvRead(nodeId, file);
        }}
      />
      <button
        type="button"
        data-testid="csv-choose"
        onClick={() => input.current?.click()}
        className="mt-3 flex h-8 w-full items-center justify-center gap-2 rounded-lg border border-zinc-700 text-[12.5px] font-medium text-zinc-200 hover:border-zinc-500 hover:bg-zinc-800"
      >
        <OpenFileIcon width={14} height={14} />
        {again ? 'Choose another CSV file…' : 'Choose CSV file…'}
      </button>
    </>
  );
}

/** The parts that need the rows: the problems (which follow the chosen types), the columns and the starter model. */
function LoadedFile({ nodeId, params, upload }: { nodeId: string; params: CsvFileParams; upload: CsvDescription }) {
  const [typeError, setTypeError] = useState<string | null>(null);
  const update = (next: Partial<CsvFileParams>) => {
    usePipeline.getState().breakCoalescing();
    usePipeline.getState().updateParams(nodeId, fullParamsPatch({ ...params, ...next }));
  };
  // Categories and gaps follow a column's type, and only the kept rows know them: the worker works them out.
  const changeType = async (name: string, type: CsvColumnType) => {
    const previous = { ...params, columns: params.columns.map((c) => (c.name === name ? { ...c, type } : c)) };
    const answer = await askCsvWorker({ type: 'retype', params: previous }).done;
    if (answer.type !== 'retyped') {
      setTypeError(answer.type === 'error' ? answer.message : `Could not change the type of "${name}". Try again.`);
      return;
    }
    setTypeError(null);
    // The node may have changed (another file, undo) while the worker was at it: those params are no longer the ones to extend.
    if (csvNodeParamsOf(nodeId)?.fingerprint === params.fingerprint) update(answer.params);
  };
  const changeRole = (name: string, role: Role) => {
    const ignore = params.ignore.filter((n) => n !== name);
    if (role === 'target') update({ target: name, ignore });
    else update({ target: params.target === name ? undefined : params.target, ignore: role === 'ignore' ? [...ignore, name] : ignore });
  };

  return (
    <>
      <ProblemList problems={upload.problems} />
      <PanelSection title="Columns" aside={<span className="text-[11px] text-zinc-500">{formatCount(params.columns.length)}</span>}>
        <ul data-testid="csv-columns" className="space-y-2">
          {params.columns.map((column) => (
            <ColumnRow
              key={column.name}
              column={column}
              reason={upload.detected[column.name]}
              role={params.target === column.name ? 'target' : params.ignore.includes(column.name) ? 'ignore' : 'feature'}
              onType={(type) => void changeType(column.name, type)}
              onRole={(role) => changeRole(column.name, role)}
            />
          ))}
        </ul>
        {typeError && (
          <p role="alert" className="mt-2 text-[12px] leading-[1.4] text-red-300">
            {typeError}
          </p>
        )}
      </PanelSection>
      <StarterModel nodeId={nodeId} params={params} />
    </>
  );
}

function ProblemList({ problems }: { problems: CsvDescription['problems'] }) {
  const [all, setAll] = useState(false);
  const shown = all ? problems : problems.slice(0, PROBLEMS_SHOWN);
  return (
    <PanelSection
      title="Problems in the file"
      aside={problems.length > 0 ? <span className="text-[11px] text-amber-300">{formatCount(problems.length)}</span> : undefined}
    >
      {problems.length === 0 ? (
        <p className="text-[12.5px] text-emerald-300">None found: every row has every column, and every value fits its column&apos;s type.</p>
      ) : (
        <>
          <ul data-testid="csv-problems" className="space-y-1.5">
            {shown.map((problem, i) => (
              <li key={i} data-testid="csv-problem" data-code={problem.code} className="rounded-lg border border-amber-400/25 bg-amber-400/5 px-2.5 py-1.5">
                {(problem.row !== undefined || problem.column !== undefined) && (
                  <span className="block truncate font-mono text-[10.5px] text-amber-200/80">
                    {[problem.row !== undefined && `row ${problem.row}`, problem.column].filter(Boolean).join(' · ')}
                  </span>
                )}
                <span className="block text-[12px] leading-[1.4] break-words text-zinc-200">{problem.message}</span>
              </li>
            ))}
          </ul>
          {problems.length > PROBLEMS_SHOWN && (
            <button type="button" onClick={() => setAll(!all)} className="mt-2 text-[12px] font-medium text-indigo-300 hover:text-indigo-200">
              {all ? 'Show fewer' : `and ${formatCount(problems.length - PROBLEMS_SHOWN)} more: show all`}
            </button>
          )}
        </>
      )}
    </PanelSection>
  );
}

function ColumnRow({
  column,
  reason,
  role,
  onType,
  onRole,
}: {
  column: CsvFileColumn;
  reason?: { type: CsvColumnType; reason: string };
  role: Role;
  onType: (type: CsvColumnType) => void;
  onRole: (role: Role) => void;
}) {
  const id = useId();
  return (
    <li data-testid={`csv-column-${column.name}`} className="rounded-lg border border-zinc-800 bg-zinc-900/60 px-2.5 py-2">
      <div className="flex items-center gap-2">
        <label htmlFor={`${id}-type`} className="min-w-0 flex-1 truncate text-[12.5px] font-medium text-zinc-100" title={column.name}>
          {column.name}
        </label>
        <select
          id={`${id}-type`}
          data-testid={`csv-type-${column.name}`}
          value={column.type}
          onChange={(e) => onType(e.target.value as CsvColumnType)}
          className="h-7 w-[6.75rem] shrink-0 rounded-md border border-zinc-700 bg-zinc-900 px-1.5 text-[12px] text-zinc-100 focus:border-indigo-500 focus:outline-none"
        >
          {(Object.keys(typeLabels) as CsvColumnType[]).map((type) => (
            <option key={type} value={type}>
              {typeLabels[type]}
            </option>
          ))}
        </select>
      </div>
      {reason && (
        <p className="mt-0.5 text-[11px] leading-[1.35] text-zinc-500">
          {reason.type === column.type ? 'Detected' : `Detected as ${typeLabels[reason.type].toLowerCase()}`}: {reason.reason}
          {column.missing ? '; some values missing' : ''}
        </p>
      )}
      <div role="radiogroup" aria-label={`Role of ${column.name}`} data-testid={`csv-role-${column.name}`} className="mt-1.5 grid grid-cols-3 rounded-md border border-zinc-800 p-0.5">
        {(Object.keys(roleLabels) as Role[]).map((value) => (
          <label
            key={value}
            className={`flex h-6 cursor-pointer items-center justify-center rounded text-[11.5px] font-medium has-focus-visible:outline has-focus-visible:outline-indigo-400 ${
              role === value ? (value === 'target' ? 'bg-indigo-500/25 text-indigo-100' : value === 'ignore' ? 'bg-zinc-800 text-zinc-300' : 'bg-zinc-700/70 text-zinc-100') : 'text-zinc-500 hover:text-zinc-300'
            }`}
          >
            <input type="radio" name={`${id}-role`} value={value} checked={role === value} onChange={() => onRole(value)} className="sr-only" />
            {roleLabels[value]}
          </label>
        ))}
      </div>
    </li>
  );
}

/** One click from a file to a model that trains: the starter pipeline, wired to this node, then tidied. */
function StarterModel({ nodeId, params }: { nodeId: string; params: CsvFileParams }) {
  const feeds = usePipeline((s) => s.doc.edges.filter((e) => e.source === nodeId).length);
  const otherModel = usePipeline((s) => s.doc.nodes.find((n) => getNodeDefinition(n.kind)?.category === 'optimizer'));
  const [refusal, setRefusal] = useState<string | null>(null);

  const build = () => {
    const { doc, commit, breakCoalescing } = usePipeline.getState();
    const node = doc.nodes.find((n) => n.id === nodeId);
    if (!node) return;
    const result = starterPipeline(nodeId, params, node.position, doc.nodes.map((n) => n.id));
    if (!result.ok) {
      setRefusal(result.message);
      return;
    }
    setRefusal(null);
    breakCoalescing();
    commit((d) => ({ ...d, nodes: [...d.nodes, ...result.nodes], edges: [...d.edges, ...result.edges] }));
    useUi.getState().requestTidy();
  };

  const blocked =
    feeds > 0
      ? `This file already feeds ${feeds === 1 ? 'a node' : `${feeds} nodes`}: the model is on the canvas.`
      : otherModel
        ? 'The canvas already has a model (it has an optimizer): wire this file into it, or build the starter model on an empty canvas.'
        : null;

  return (
    <PanelSection title="Model">
      {blocked ? (
        <p className="text-[12.5px] leading-[1.45] text-zinc-400">{blocked}</p>
      ) : (
        <>
          <p className="text-[12.5px] leading-[1.45] text-zinc-400">
            {params.target ? (
              <>
                Predicts <span className="font-medium text-zinc-200">{params.target}</span> from the feature columns: split, gaps filled, categories
                encoded, then a small neural network.
              </>
            ) : (
              'Set one column’s role to Target: the column the model learns to predict.'
            )}
          </p>
          <button
            type="button"
            data-testid="csv-build-model"
            onClick={build}
            className="mt-2.5 flex h-8 w-full items-center justify-center gap-2 rounded-lg bg-indigo-500 text-[12.5px] font-semibold text-white hover:bg-indigo-400"
          >
            <WandIcon width={14} height={14} />
            Build a starter model
          </button>
        </>
      )}
      {refusal && (
        <p role="alert" data-testid="csv-build-error" className="mt-2 text-[12px] leading-[1.4] text-red-300">
          {refusal}
        </p>
      )}
    </PanelSection>
  );
}

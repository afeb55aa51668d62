import { createReadStream, statSync } from 'node:fs';
import path from 'node:path';
import type { PipelineDocument, PipelineNode } from '@/lib/document/document';
import { nodeName } from '@/lib/document/node-name';
import type { StoredUpload } from '@/lib/storage/uploads';
import { Fingerprint, fingerprinted } from '@/lib/upload/fingerprint';
import { csvNodeParams } from '@/lib/upload/csv/node-params';
import { decodeUtf8, readCsvChunks } from '@/lib/upload/csv/read-csv-chunks';
import { missingColumns } from '@/lib/upload/csv/source-table';
import type { CsvProblem } from '@/lib/upload/csv/problems';
import { csvFile, csvFileParams, usedColumns } from '@/nodes/data/csv-file';
import { imageFolder } from '@/nodes/data/image-folder';
import type { Io } from './io';

/**
 * `--data KEY=PATH` of train and export: the CSV file each CSV file node of the pipeline reads
 * from disk, where the app reads the rows it keeps in the browser. The file is read with the
 * app's own reader, the node's params become the file's schema as the app would set them when the
 * file is picked again (types, target and left-out columns chosen before are kept), and the rows
 * are handed to the run as the upload of that fingerprint.
 */

/** The flag's usage lines, shared by train and export. */
export const dataUsage = `  --data KEY=PATH   The CSV file a CSV file node reads (repeat it for each such node). KEY is
                    the node's id, its name on the canvas or the file name it was built on
                    ("flowers.csv"); with a single CSV file node, --data PATH will do. A path
                    holding "=" is given with its KEY. Relative paths start where the
                    command is typed.`;

/** One --data value as typed. */
export interface DataArg {
  /** Absent for `--data PATH`. */
  key?: string;
  path: string;
}

/** A problem in words (what is wrong) and what to do about it, printed on two lines. */
export interface DataProblem {
  message: string;
  hint: string;
}

type Checked<T> = ({ ok: true } & T) | { ok: false; problem: DataProblem };

/** `KEY=PATH` or `PATH`: the key is what comes before the first "=". */
export function parseDataArg(text: string): Checked<{ arg: DataArg }> {
  const at = text.indexOf('=');
  const key = at < 0 ? undefined : text.slice(0, at).trim();
  const file = at < 0 ? text : text.slice(at + 1);
  if (file.trim() === '') {
    return { ok: false, problem: { message: `--data "${text}" names no file.`, hint: 'Write it as --data KEY=path/to/file.csv, or --data path/to/file.csv when the pipeline has a single CSV file node.' } };
  }
  if (key === '') return { ok: false, problem: { message: `--data "${text}" has nothing before "=".`, hint: 'Write the CSV file node\'s id, name or file name before "=", or leave the "=" out.' } };
  return { ok: true, arg: { ...(key !== undefined && { key }), path: file } };
}

/** A CSV file node as the messages name it. */
export interface CsvNodeRef {
  node: PipelineNode;
  name: string;
  /** The file it was built on; empty when it has none yet. */
  file: string;
}

export function csvNodesOf(doc: PipelineDocument): CsvNodeRef[] {
  return doc.nodes.filter((n) => n.kind === csvFile.kind).map((node) => ({ node, name: nodeName(node), file: fileOf(node) }));
}

function fileOf(node: PipelineNode): string {
  return typeof node.params.file === 'string' ? node.params.file : '';
}

/** '"Flowers" (node dataset, built on flowers.csv)'. */
export function describeCsvNode(ref: CsvNodeRef): string {
  return `"${ref.name}" (node ${ref.node.id}, ${ref.file ? `built on ${ref.file}` : 'no file yet'})`;
}

/**
 * The path `--data` gives each CSV file node, by node id: at most one each, and exactly one each
 * when `everyNode` (a run needs the rows of all; an export can do without them).
 */
export function matchDataArgs(nodes: readonly CsvNodeRef[], args: readonly DataArg[], everyNode = true): Checked<{ paths: Map<string, string> }> {
  const listed = nodes.map(describeCsvNode).join(', ');
  if (nodes.length === 0 && args.length > 0) {
    return { ok: false, problem: { message: 'This pipeline has no CSV file node, so --data has nothing to read into.', hint: 'Leave --data out: the pipeline trains on its built-in dataset.' } };
  }
  const paths = new Map<string, string>();
  for (const arg of args) {
    const given = arg.key === undefined ? `--data ${arg.path}` : `--data ${arg.key}=${arg.path}`;
    let matches: CsvNodeRef[];
    if (arg.key === undefined) {
      if (nodes.length > 1) {
        return { ok: false, problem: { message: `${given} does not say which CSV file node it is for: the pipeline has ${nodes.length}, ${listed}.`, hint: `Give each with its node's id: --data ${nodes[0].node.id}=${arg.path}.` } };
      }
      matches = [...nodes];
    } else {
      const key = arg.key;
      // The id first: ids are unique; then the name people see, then the file name.
      matches = [nodes.filter((n) => n.node.id === key), nodes.filter((n) => n.name === key), nodes.filter((n) => n.file === key)].find((m) => m.length > 0) ?? [];
      if (matches.length === 0) {
        return { ok: false, problem: { message: `${given}: the pipeline has no CSV file node "${key}". Its CSV file ${nodes.length === 1 ? 'node is' : 'nodes are'} ${listed}.`, hint: `Use a node's id, its name or the file it was built on: --data ${nodes[0].node.id}=${arg.path}.` } };
      }
      if (matches.length > 1) {
        return { ok: false, problem: { message: `${given}: "${key}" names ${matches.length} CSV file nodes, ${matches.map(describeCsvNode).join(', ')}.`, hint: `Use the node's id instead: --data ${matches[0].node.id}=${arg.path}.` } };
      }
    }
    const id = matches[0].node.id;
    if (paths.has(id)) {
      return { ok: false, problem: { message: `--data gives ${describeCsvNode(matches[0])} two files: ${paths.get(id)} and ${arg.path}.`, hint: 'Give each CSV file node one file.' } };
    }
    paths.set(id, arg.path);
  }
  const left = everyNode ? nodes.find((n) => !paths.has(n.node.id)) : undefined;
  if (left) {
    const example = left.file || 'file.csv';
    const message = left.file
      ? `Node ${left.node.id} ("${left.name}") was built on ${left.file}, whose rows stay in the browser it was uploaded in.`
      : `Node ${left.node.id} ("${left.name}") is a CSV file node with no file yet.`;
    return { ok: false, problem: { message, hint: `Give it with --data ${left.node.id}=path/to/${example}.` } };
  }
  return { ok: true, paths };
}

/** A file read for a CSV file node: its rows as the app keeps an upload, and what the reader found wrong in it. */
export interface ReadDataFile {
  upload: Extract<StoredUpload, { kind: 'csv' }>;
  problems: CsvProblem[];
}

/** Listed one per line on stderr; the rest are counted. */
const PROBLEMS_SHOWN = 5;

/**
 * Reads `file` with the app's reader, fingerprinting it on the way; progress on stderr. A file
 * that cannot be read, or is not a table, is a problem in words (the reader's, with its row).
 */
export async function readDataFile(file: string, io: Io): Promise<Checked<ReadDataFile>> {
  let size: number;
  try {
    const stat = statSync(file);
    if (stat.isDirectory()) return { ok: false, problem: { message: `--data "${file}" is a folder, not a CSV file.`, hint: 'Give the path of the CSV file inside it.' } };
    size = stat.size;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    return code === 'ENOENT'
      ? { ok: false, problem: { message: `There is no file "${file}" (from --data).`, hint: 'Check the path: a relative one starts from the folder the command is typed in.' } }
      : { ok: false, problem: { message: `The file "${file}" could not be read (${code}).`, hint: 'Check that --data names a file you may read.' } };
  }
  const name = path.basename(file);
  const progress = readingProgress(io, name, size);
  const fingerprint = new Fingerprint();
  let result;
  try {
    result = await readCsvChunks(decodeUtf8(progress.counted(fingerprinted(createReadStream(file), fingerprint))));
  } catch (error) {
    // The file went away or became unreadable after it was found: a stream error, in words.
    const code = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
    return { ok: false, problem: { message: `The file "${file}" could not be read (${code}).`, hint: 'Check that --data names a file you may read.' } };
  } finally {
    progress.end();
  }
  if (!result.ok) {
    return { ok: false, problem: { message: `${file} cannot be used: ${result.error.message}`, hint: 'Fix the file, or give another with --data.' } };
  }
  const upload = { kind: 'csv' as const, fingerprint: fingerprint.digest('csv'), file: name, bytes: size, savedAt: Date.now(), data: result.data, problems: result.problems };
  const rows = result.data.rows.toLocaleString('en-US');
  io.err(`Read ${name}: ${rows} rows, ${result.data.columns.length} columns.\n`);
  if (result.problems.length > 0) io.err(problemSummary(name, result.problems));
  return { ok: true, upload, problems: result.problems };
}

/** The reader's problems on stderr: the first few as the app lists them (row, column, what to do), then how many more. */
export function problemSummary(name: string, problems: readonly CsvProblem[]): string {
  const shown = problems.slice(0, PROBLEMS_SHOWN);
  const lines = [`${name} has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`} (the pipeline may still train: its nodes decide what to do with gaps):`];
  // The reader's messages name the row and the column themselves.
  for (const p of shown) lines.push(`  ${p.message}`);
  if (problems.length > shown.length) lines.push(`  …and ${problems.length - shown.length} more; the app lists them all when the file is picked on the canvas.`);
  return `${lines.join('\n')}\n`;
}

/**
 * "Reading flowers.csv… 45%": redrawn in place on a terminal (at most every 100 ms); in a log
 * one line before and none during, so a CI log stays short.
 */
function readingProgress(io: Io, name: string, size: number) {
  const terminal = io.errTerminal !== undefined;
  let read = 0;
  let drawnAt = -Infinity;
  io.err(`Reading ${name} (${megabytes(size)})…${terminal ? '' : '\n'}`);
  return {
    async *counted(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
      for await (const chunk of chunks) {
        read += chunk.length;
        if (terminal && performance.now() - drawnAt > 100) {
          drawnAt = performance.now();
          io.err(`\rReading ${name} (${megabytes(size)})… ${Math.floor((100 * read) / Math.max(size, 1))}%\x1b[K`);
        }
        yield chunk;
      }
    },
    end: () => {
      if (terminal) io.err('\r\x1b[K');
    },
  };
}

function megabytes(bytes: number): string {
  return bytes < 100_000 ? `${(bytes / 1000).toFixed(1)} kB` : `${(bytes / 1_000_000).toFixed(1)} MB`;
}

export type WithData =
  | {
      ok: true;
      doc: PipelineDocument;
      uploads: Record<string, StoredUpload>;
      /** The path --data gives each CSV file node, by node id, as typed. */
      paths: Record<string, string>;
    }
  | { ok: false; problem: DataProblem };

/**
 * The document with each CSV file node set to the file `--data` gives it, and the rows read, by
 * fingerprint. A file that lacks a column the node reads is refused here, naming the columns,
 * rather than failing in the middle of the run. `forRun`: every CSV file node needs a file, and
 * uploaded images cannot be read; an export writes a program that reads the files itself, so it
 * needs neither.
 */
export async function withDataFiles(doc: PipelineDocument, args: readonly DataArg[], io: Io, forRun: boolean): Promise<WithData> {
  const images = forRun ? doc.nodes.find((n) => n.kind === imageFolder.kind) : undefined;
  if (images) {
    return {
      ok: false,
      problem: {
        message: `Node ${images.id} ("${nodeName(images)}") trains on images uploaded in the app, which the command line cannot read yet.`,
        hint: 'Train this pipeline in the app.',
      },
    };
  }
  const nodes = csvNodesOf(doc);
  const matched = matchDataArgs(nodes, args, forRun);
  if (!matched.ok) return matched;
  const uploads: Record<string, StoredUpload> = {};
  const params = new Map<string, Record<string, unknown>>();
  for (const ref of nodes) {
    const file = matched.paths.get(ref.node.id);
    if (file === undefined) continue;
    const read = await readDataFile(file, io);
    if (!read.ok) return read;
    // The node's params as compile reads them: an old or hand-written file gets the defaults.
    const previous = csvFileParams.safeParse(ref.node.params);
    const before = previous.success ? previous.data : undefined;
    const missing = before ? missingColumns(usedColumns(before), read.upload.data) : [];
    if (missing.length > 0) {
      return {
        ok: false,
        problem: {
          message: `${file} has no column ${missing.map((c) => `"${c}"`).join(', ')}, which node ${ref.node.id} ("${ref.name}") reads${ref.file ? ` (it was built on ${ref.file})` : ''}.`,
          hint: `Give a file with ${missing.length === 1 ? 'that column' : 'those columns'}, or leave ${missing.length === 1 ? 'it' : 'them'} out on the CSV file node in the app.`,
        },
      };
    }
    uploads[read.upload.fingerprint] = read.upload;
    params.set(ref.node.id, csvNodeParams(read.upload.file, read.upload.fingerprint, read.upload.data, before));
  }
  return {
    ok: true,
    doc: { ...doc, nodes: doc.nodes.map((n) => (params.has(n.id) ? { ...n, params: params.get(n.id)! } : n)) },
    uploads,
    paths: Object.fromEntries(matched.paths),
  };
}

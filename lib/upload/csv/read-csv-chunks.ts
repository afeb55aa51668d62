import Papa from 'papaparse';
import { createCsvReader, csvParseConfig, notText, type CsvResult } from './read-csv';

/**
 * Reading a CSV from any source of text chunks, in a browser worker or in Node alike.
 *
 * Why not hand papaparse the File or the Node stream: papaparse decodes each chunk of bytes on
 * its own (FileReader.readAsText per slice, Buffer.toString per stream chunk), so a character
 * of several UTF-8 bytes that straddles two chunks turns into two "�" with no error
 * (mholt/PapaParse issues #751 and #908, open). Decoding here with one streaming TextDecoder
 * keeps every character whole. Feed it:
 * - in a worker: `readCsvChunks(decodeUtf8(file.stream()), onProgress)`;
 * - in Node: `readCsvChunks(decodeUtf8(fs.createReadStream(path)), onProgress)`.
 * Both sources are async iterables of bytes; neither this file nor papaparse touches the DOM or Node.
 */

/** Text handed to papaparse at a time: big enough that the first chunk shows the delimiter, small enough to report progress often. */
export const BATCH_CHARS = 1 << 20;

/** UTF-8 bytes to text, a character split between two chunks kept whole; a byte-order mark is dropped. */
export async function* decodeUtf8(bytes: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of bytes) {
    const text = decoder.decode(chunk, { stream: true });
    if (text) yield text;
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

/**
 * Parses the text as it comes, keeping only the reader's compact columns (see createCsvReader).
 * `onProgress` gets the characters parsed so far. Stops reading early when the file turns out
 * not to be text. To cancel, end the source (a worker can simply be terminated).
 */
export async function readCsvChunks(chunks: AsyncIterable<string>, onProgress?: (charsParsed: number) => void): Promise<CsvResult> {
  const reader = createCsvReader();
  const source = new TextSource();
  const parsed = new Promise<CsvResult>((resolve) => {
    // papaparse reads any object shaped like a Node readable stream; strings pass through it undecoded.
    Papa.parse(source as unknown as NodeJS.ReadableStream, { ...csvParseConfig(reader, onProgress), complete: () => resolve(reader.finish()) });
  });
  let batch = '';
  let first = true;
  for await (const text of chunks) {
    batch += text;
    if (batch.length < BATCH_CHARS) continue;
    // papaparse holds back a row until its line ends, and binary data may have no line break for megabytes.
    if (first && batch.includes('\u0000')) return { ok: false, error: notText(rowOfNul(batch)) };
    first = false;
    source.emit('data', batch);
    batch = '';
    if (reader.failure) break;
  }
  if (batch) source.emit('data', batch);
  source.emit('end', '');
  return parsed;
}

/** The line (1-based) of the first NUL character: close to the row a spreadsheet would show, quotes aside. */
function rowOfNul(text: string): number {
  const before = text.slice(0, text.indexOf('\u0000'));
  return before.split('\n').length;
}

type Listener = (chunk: string) => void;

/**
 * The part of a Node readable stream papaparse uses (`on`, `removeListener`, `pause`, `resume`):
 * each emit is parsed synchronously, so nothing queues up and pausing has nothing to hold back.
 */
export class TextSource {
  readonly readable = true;
  private readonly listeners = new Map<string, Listener[]>();

  on(event: string, listener: Listener): void {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
  }

  removeListener(event: string, listener: Listener): void {
    this.listeners.set(event, (this.listeners.get(event) ?? []).filter((l) => l !== listener));
  }

  emit(event: 'data' | 'end', chunk: string): void {
    for (const listener of this.listeners.get(event) ?? []) listener(chunk);
  }

  read(): void {}
  pause(): void {}
  resume(): void {}
}

import { longLinkChars } from '@/lib/files/share-link';
import { encodeLink } from '@/lib/share/link';
import { readInput } from './input';
import { exit, type Io } from './io';
import { reportUnreadable } from './report';

/** `pipeline link <input> [--base URL]`: the share link alone on stdout, so it can be piped or pasted. */
export function link(input: string, options: { base: string }, io: Io): number {
  const read = readInput(input);
  if (!read.ok) return reportUnreadable(read.error, false, io);
  const url = encodeLink(read.doc, options.base);
  io.out(`${url}\n`);
  if (url.length > longLinkChars) {
    io.err(`This link is ${url.length.toLocaleString('en-US')} characters long; some apps cut links over ${longLinkChars.toLocaleString('en-US')}. A .pipeline.json file is safer to send.\n`);
  }
  return exit.ok;
}

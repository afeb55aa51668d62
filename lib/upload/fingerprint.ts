/**
 * A fingerprint of a file's bytes, fed chunk by chunk while it is read: the key its rows are
 * kept under. Two independent 32-bit multiply-xor hashes (as in cyrb53) and the length, so two
 * different files share one only by a very unlikely accident; not a security measure, and fast
 * enough (a few hundred ms for 100 MB) to run beside parsing in the upload worker.
 */
export class Fingerprint {
  private h1 = 0xdeadbeef;
  private h2 = 0x41c6ce57;
  private length = 0;

  update(bytes: Uint8Array): void {
    let { h1, h2 } = this;
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i];
      h1 = Math.imul(h1 ^ b, 2654435761);
      h2 = Math.imul(h2 ^ b, 1597334677);
    }
    this.h1 = h1;
    this.h2 = h2;
    this.length += bytes.length;
  }

  /** "csv-1a2b3c4d5e6f7081-52341": hex of both hashes (finalised) and the byte count. */
  digest(prefix: string): string {
    let h1 = Math.imul(this.h1 ^ (this.h1 >>> 16), 2246822507) ^ Math.imul(this.h2 ^ (this.h2 >>> 13), 3266489909);
    let h2 = Math.imul(this.h2 ^ (this.h2 >>> 16), 2246822507) ^ Math.imul(this.h1 ^ (this.h1 >>> 13), 3266489909);
    h1 >>>= 0;
    h2 >>>= 0;
    return `${prefix}-${h1.toString(16).padStart(8, '0')}${h2.toString(16).padStart(8, '0')}-${this.length}`;
  }
}

/** Passes the chunks through unchanged, feeding each to `fingerprint` on the way. */
export async function* fingerprinted(bytes: AsyncIterable<Uint8Array>, fingerprint: Fingerprint): AsyncGenerator<Uint8Array> {
  for await (const chunk of bytes) {
    fingerprint.update(chunk);
    yield chunk;
  }
}

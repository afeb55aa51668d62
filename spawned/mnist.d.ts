// The mnist package ships no types: this declares the part of it that pipeline.ts reads.
declare module 'mnist' {
  /** The images of one digit: `raw` holds them one after another, 28x28 pixels each, in [0, 1]. */
  interface Digit {
    id: number;
    raw: number[];
  }
  const digits: Digit[];
  export default digits;
}

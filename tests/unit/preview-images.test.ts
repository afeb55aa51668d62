import { describe, expect, it } from 'vitest';
import { classMismatch } from '@/lib/upload/images/expected-classes';

/** Images chosen again for a shared pipeline must hold its classes: the message names the ones that differ. */
describe('classMismatch', () => {
  it('accepts the same classes in any order', () => {
    expect(classMismatch(['circle', 'square'], ['square', 'circle'])).toBeUndefined();
  });

  it('names the classes without a folder and the ones the pipeline does not know', () => {
    expect(classMismatch(['circle', 'square', 'triangle'], ['circle', 'square'])).toBe('there is no folder for triangle.');
    expect(classMismatch(['circle', 'square'], ['circle', 'square', 'star'])).toBe("star is not among the pipeline's classes (circle, square).");
    expect(classMismatch(['cat', 'dog'], ['Cat', 'dog', 'bird'])).toBe("there is no folder for cat. Cat, bird are not among the pipeline's classes (cat, dog).");
  });
});

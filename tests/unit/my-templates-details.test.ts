import { describe, expect, it } from 'vitest';
import {
  cleanTags,
  readTemplateDetails,
  splitTags,
  templateDescriptionMax,
  templateNameMax,
  templateTagMax,
  templateTagsMax,
} from '@/lib/templates/details';

const input = (over: Partial<{ name: string; description: string; tags: string }> = {}) => ({
  name: 'My digits',
  description: 'A CNN on MNIST',
  tags: '',
  ...over,
});

describe('template details', () => {
  it('holds the name and description to the document limits', () => {
    expect(templateNameMax).toBe(200);
    expect(templateDescriptionMax).toBe(5000);
  });

  it('splits tags on commas, trimmed, spaces collapsed, repeats in any case dropped', () => {
    expect(splitTags(' images,  deep   learning ,, Images, cnn ,')).toEqual(['images', 'deep learning', 'cnn']);
    expect(splitTags('')).toEqual([]);
  });

  it('accepts good details, trimmed', () => {
    expect(readTemplateDetails(input({ name: '  My digits ', description: ' d ', tags: 'a, b' }))).toEqual({
      ok: true,
      details: { name: 'My digits', description: 'd', tags: ['a', 'b'] },
    });
  });

  it('says in plain words what is wrong with each field', () => {
    const result = readTemplateDetails({
      name: '   ',
      description: 'x'.repeat(templateDescriptionMax + 1),
      tags: Array.from({ length: templateTagsMax + 1 }, (_, i) => `t${i}`).join(','),
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.name).toMatch(/Give the template a name/);
    expect(result.errors.description).toMatch(new RegExp(`${templateDescriptionMax} characters or fewer`));
    expect(result.errors.tags).toMatch(new RegExp(`at most ${templateTagsMax} tags \\(there are ${templateTagsMax + 1}\\)`));
  });

  it('refuses a name over the limit and names a tag that is too long', () => {
    const result = readTemplateDetails(input({ name: 'n'.repeat(templateNameMax + 1), tags: `ok, ${'long'.repeat(10)}` }));
    expect(result).toEqual({
      ok: false,
      errors: {
        name: `Keep the name to ${templateNameMax} characters or fewer.`,
        tags: expect.stringMatching(new RegExp(`“longlong.*” is too long: keep each tag to ${templateTagMax} characters`)),
      },
    });
    expect(readTemplateDetails(input({ name: 'n'.repeat(templateNameMax) })).ok).toBe(true);
  });

  it('cleans tags read back from storage into today’s limits', () => {
    expect(cleanTags(['a', 7, ' A ', 'b'.repeat(50), null])).toEqual(['a', 'b'.repeat(templateTagMax)]);
    expect(cleanTags(Array.from({ length: 20 }, (_, i) => `t${i}`))).toHaveLength(templateTagsMax);
    expect(cleanTags('a,b')).toEqual([]);
  });
});

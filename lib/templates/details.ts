import { z } from 'zod';
import { PipelineDocument } from '@/lib/document/document';

/**
 * What a person gives a template of their own: a name, a description and tags. The name and
 * description become the document's own, so they are held to the document's limits.
 */
export const templateNameMax = PipelineDocument.shape.name.maxLength ?? 200;
export const templateDescriptionMax = PipelineDocument.shape.description.unwrap().maxLength ?? 5000;
/** Tags are for telling templates apart at a glance: a few short words, not a second description. */
export const templateTagsMax = 8;
export const templateTagMax = 30;

export interface TemplateDetails {
  name: string;
  description: string;
  tags: string[];
}

/** The form's fields as typed: tags as one comma-separated line. */
export interface TemplateDetailsInput {
  name: string;
  description: string;
  tags: string;
}

export type TemplateDetailsErrors = Partial<Record<keyof TemplateDetailsInput, string>>;

/** "a, b ,, A" -> ["a", "b"]: trimmed, inner spaces collapsed, empty ones and repeats (any case) dropped. */
export function splitTags(text: string): string[] {
  const seen = new Set<string>();
  const tags: string[] = [];
  for (const part of text.split(',')) {
    const tag = part.trim().replace(/\s+/g, ' ');
    const key = tag.toLowerCase();
    if (!tag || seen.has(key)) continue;
    seen.add(key);
    tags.push(tag);
  }
  return tags;
}

/** Tags read back from storage, which another version of the app may have written: kept within today's limits. */
export function cleanTags(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  const words = value.filter((t): t is string => typeof t === 'string').map((t) => t.slice(0, templateTagMax));
  return splitTags(words.join(',')).slice(0, templateTagsMax);
}

const TemplateDetailsForm = z.object({
  name: z
    .string()
    .trim()
    .min(1, 'Give the template a name, so you can find it under My templates.')
    .max(templateNameMax, `Keep the name to ${templateNameMax} characters or fewer.`),
  description: z
    .string()
    .trim()
    .max(templateDescriptionMax, `Keep the description to ${templateDescriptionMax} characters or fewer.`),
  tags: z
    .string()
    .transform(splitTags)
    .superRefine((tags, ctx) => {
      const long = tags.find((t) => t.length > templateTagMax);
      if (tags.length > templateTagsMax) {
        ctx.addIssue({ code: 'custom', message: `Use at most ${templateTagsMax} tags (there are ${tags.length}): remove a few.` });
      } else if (long) {
        ctx.addIssue({
          code: 'custom',
          message: `The tag “${long.slice(0, 40)}${long.length > 40 ? '…' : ''}” is too long: keep each tag to ${templateTagMax} characters.`,
        });
      }
    }),
});

/** Checks the form; on failure, one message per field that is wrong, in plain words. */
export function readTemplateDetails(
  input: TemplateDetailsInput,
): { ok: true; details: TemplateDetails } | { ok: false; errors: TemplateDetailsErrors } {
  const parsed = TemplateDetailsForm.safeParse(input);
  if (parsed.success) return { ok: true, details: parsed.data };
  const errors: TemplateDetailsErrors = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0] as keyof TemplateDetailsInput;
    errors[field] ??= issue.message;
  }
  return { ok: false, errors };
}

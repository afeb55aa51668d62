'use client';

import { useId, useRef, useState } from 'react';
import {
  readTemplateDetails,
  splitTags,
  templateTagsMax,
  type TemplateDetails,
  type TemplateDetailsErrors,
  type TemplateDetailsInput,
} from '@/lib/templates/details';
import { AlertIcon } from '@/components/ui/icons';
import { CloseButton, Modal } from '@/components/ui/modal';

/**
 * The form for a template's name, description and tags: saving the pipeline as a new template,
 * and changing one later. Mount it only while open, so each opening starts from `initial`.
 * Enter saves from any field (Shift+Enter starts a new line in the description), Escape cancels,
 * and focus goes back to whatever opened it.
 */
export function TemplateDetailsDialog({
  title,
  intro,
  initial,
  submitLabel,
  busyLabel,
  testId,
  blocked,
  onSubmit,
  onClose,
}: {
  title: string;
  intro: string;
  initial: TemplateDetailsInput;
  submitLabel: string;
  busyLabel: string;
  testId: string;
  /** Why there is nothing to save; the Save button stays off while set. */
  blocked?: string | null;
  /** Stores the details; resolves with words for the person when that failed, null when done. */
  onSubmit: (details: TemplateDetails) => Promise<string | null>;
  onClose: () => void;
}) {
  const ids = useId();
  const nameRef = useRef<HTMLInputElement>(null);
  const [input, setInput] = useState(initial);
  // Messages appear once a save was tried, then follow the typing.
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const checked = readTemplateDetails(input);
  const errors: TemplateDetailsErrors = tried && !checked.ok ? checked.errors : {};
  const tags = splitTags(input.tags);

  const submit = async (event?: React.FormEvent) => {
    event?.preventDefault();
    if (busy || blocked) return;
    setTried(true);
    if (!checked.ok) {
      // Focus the first field that needs fixing, where its message is.
      const first = (['name', 'description', 'tags'] as const).find((f) => checked.errors[f]);
      document.getElementById(`${ids}-${first}`)?.focus();
      return;
    }
    setBusy(true);
    setProblem(null);
    const failed = await onSubmit(checked.details);
    if (failed) {
      setProblem(failed);
      setBusy(false);
    }
  };

  const field = (name: keyof TemplateDetailsInput) => ({
    id: `${ids}-${name}`,
    'data-testid': `template-${name}`,
    value: input[name],
    onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => setInput({ ...input, [name]: e.target.value }),
    'aria-invalid': errors[name] ? true : undefined,
    'aria-describedby': errors[name] ? `${ids}-${name}-error` : `${ids}-${name}-help`,
    className: `w-full rounded-lg border bg-zinc-900 px-3 py-2 text-[13.5px] text-zinc-100 placeholder:text-zinc-600 focus:outline-none ${
      errors[name] ? 'border-red-500/70 focus:border-red-400' : 'border-zinc-700 focus:border-indigo-500'
    }`,
  });

  const message = (name: keyof TemplateDetailsInput, help?: string) =>
    errors[name] ? (
      <p id={`${ids}-${name}-error`} data-testid={`template-${name}-error`} className="mt-1.5 text-[12px] leading-[1.4] text-red-300">
        {errors[name]}
      </p>
    ) : help ? (
      <p id={`${ids}-${name}-help`} className="mt-1.5 text-[12px] leading-[1.4] text-zinc-500">
        {help}
      </p>
    ) : null;

  return (
    <Modal open onClose={onClose} labelledBy={`${ids}-title`} testId={testId} initialFocus={nameRef} className="max-w-[520px]">
      <form onSubmit={submit} noValidate>
        <div className="flex items-start justify-between px-6 pt-5">
          <div>
            <h2 id={`${ids}-title`} className="text-[17px] font-semibold tracking-tight text-zinc-50">
              {title}
            </h2>
            <p className="mt-1 text-[13px] leading-[1.45] text-zinc-400">{intro}</p>
          </div>
          <CloseButton onClick={onClose} className="-mr-2" />
        </div>

        <div className="flex flex-col gap-4 px-6 pt-5">
          {blocked && <Problem testId="template-details-blocked" text={blocked} />}
          <div>
            <label htmlFor={`${ids}-name`} className="mb-1.5 block text-[12.5px] font-medium text-zinc-300">
              Name
            </label>
            <input ref={nameRef} type="text" autoComplete="off" {...field('name')} />
            {message('name')}
          </div>
          <div>
            <label htmlFor={`${ids}-description`} className="mb-1.5 block text-[12.5px] font-medium text-zinc-300">
              Description <span className="font-normal text-zinc-500">(optional)</span>
            </label>
            <textarea
              rows={3}
              {...field('description')}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
                  e.preventDefault();
                  void submit();
                }
              }}
              className={`${field('description').className} resize-none leading-[1.45]`}
            />
            {message('description', 'What it is for and what to change first. Shift+Enter starts a new line.')}
          </div>
          <div>
            <label htmlFor={`${ids}-tags`} className="mb-1.5 block text-[12.5px] font-medium text-zinc-300">
              Tags <span className="font-normal text-zinc-500">(optional)</span>
            </label>
            <input type="text" autoComplete="off" placeholder="images, baseline" {...field('tags')} />
            {message('tags', `Separate tags with commas; up to ${templateTagsMax}.`)}
            {tags.length > 0 && (
              <ul className="mt-2 flex flex-wrap gap-1.5" aria-label="Tags as they will be saved">
                {tags.map((tag) => (
                  <li key={tag} data-testid="template-tag-chip" className="max-w-[200px] truncate rounded-full bg-zinc-800 px-2.5 py-0.5 text-[11.5px] text-zinc-300">
                    {tag}
                  </li>
                ))}
              </ul>
            )}
          </div>
          {problem && <Problem testId="template-details-problem" text={problem} />}
        </div>

        <div className="mt-6 flex justify-end gap-2 border-t border-zinc-800 px-6 py-4">
          <button
            type="button"
            data-testid="template-details-cancel"
            onClick={onClose}
            className="h-9 rounded-lg px-3.5 text-[13px] font-medium text-zinc-300 hover:bg-zinc-800"
          >
            Cancel
          </button>
          <button
            type="submit"
            data-testid="template-details-submit"
            disabled={busy || Boolean(blocked)}
            className="h-9 rounded-lg bg-indigo-500 px-4 text-[13px] font-semibold text-white hover:bg-indigo-400 disabled:bg-zinc-800 disabled:text-zinc-500"
          >
            {busy ? busyLabel : submitLabel}
          </button>
        </div>
      </form>
    </Modal>
  );
}

function Problem({ text, testId }: { text: string; testId: string }) {
  return (
    <div role="alert" data-testid={testId} className="flex gap-2.5 rounded-xl border border-amber-400/30 bg-amber-400/10 px-3.5 py-2.5">
      <AlertIcon className="mt-0.5 shrink-0 text-amber-400" />
      <p className="text-[12.5px] leading-[1.45] text-amber-100">{text}</p>
    </div>
  );
}

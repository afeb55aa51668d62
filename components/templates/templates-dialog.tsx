'use client';

import { useEffect, useRef, useState } from 'react';
import { templates } from '@/lib/templates';
import { datasets, type DatasetId, type DatasetInfo } from '@/lib/datasets/catalog';
import type { PipelineDocument } from '@/lib/document/document';
import type { MyTemplate } from '@/lib/storage/templates';
import { blankDocument } from '@/lib/store/pipeline';
import { useMyTemplates } from '@/lib/store/my-templates';
import { openIncomingDocument } from '@/lib/store/open-document';
import { useUi } from '@/lib/store/ui';
import { AlertIcon, ErrorIcon, PlusIcon, TrashIcon } from '@/components/ui/icons';
import { CloseButton, Modal } from '@/components/ui/modal';
import { MiniGraph } from './mini-graph';
import { TemplateDetailsDialog } from './template-details-dialog';

type ReadableTemplate = Extract<MyTemplate, { ok: true }>;

const cardClass = 'rounded-xl border border-zinc-800 bg-zinc-900';
const focusRing = 'focus-visible:border-indigo-500 focus-visible:outline-none';
const emptyBox = 'flex min-h-[140px] flex-col items-center justify-center rounded-xl border border-dashed border-zinc-800 px-5 py-6 text-center';

export function TemplatesDialog() {
  const open = useUi((s) => s.templatesOpen);
  const notice = useUi((s) => s.restoreNotice);
  const setOpen = useUi((s) => s.setTemplatesOpen);
  const setNotice = useUi((s) => s.setRestoreNotice);
  const [editing, setEditing] = useState<ReadableTemplate | null>(null);

  useEffect(() => {
    // Read on every opening: another tab may have saved or deleted one since.
    if (open) void useMyTemplates.getState().load();
  }, [open]);

  if (!open) return null;

  // openIncomingDocument asks first during a run, copies the document and fits the view.
  const choose = (doc: PipelineDocument, origin: 'template' | 'my-template') => {
    setOpen(false);
    setNotice(null);
    void openIncomingDocument(structuredClone(doc), { origin });
  };

  return (
    <>
      <Modal
        open={open}
        onClose={() => setOpen(false)}
        labelledBy="templates-title"
        testId="templates-dialog"
        className="flex max-h-full max-w-[880px] flex-col"
      >
        <div className="flex items-start justify-between px-6 pt-5 pb-1">
          <div>
            <h2 id="templates-title" className="text-[18px] font-semibold tracking-tight text-zinc-50">
              Start a pipeline
            </h2>
            <p className="mt-1 text-[13px] text-zinc-400">
              Pick a working example or one of your own templates to explore and change, or start from an empty canvas.
            </p>
          </div>
          <CloseButton onClick={() => setOpen(false)} />
        </div>

        <div className="min-h-0 overflow-y-auto px-6 pb-6" data-testid="templates-scroll">
          {notice && (
            <div data-testid="restore-notice" role="alert" className="mt-3 flex gap-2.5 rounded-xl border border-amber-400/30 bg-amber-400/10 px-3.5 py-2.5">
              <AlertIcon className="mt-0.5 shrink-0 text-amber-400" />
              <p className="text-[12.5px] leading-[1.45] text-amber-100">{notice}</p>
            </div>
          )}

          <SectionTitle>Examples</SectionTitle>
          <div className="grid grid-cols-3 gap-3">
            {templates.map((t) => (
              <button
                key={t.id}
                type="button"
                data-testid={`template-card-${t.id}`}
                onClick={() => choose(t.document, 'template')}
                className={`${cardClass} group flex flex-col p-4 text-left transition hover:border-indigo-500/70 hover:bg-zinc-900/60 ${focusRing}`}
              >
                <MiniGraph doc={t.document} />
                <span className="mt-3.5 text-[14px] font-semibold text-zinc-100">{t.document.name}</span>
                <span className="mt-1 text-[12.5px] leading-[1.45] text-zinc-400">{t.document.description}</span>
                {t.result && (
                  <span data-testid="template-result" className="mt-2 text-[12px] leading-[1.4] font-medium text-emerald-300">
                    {t.result.words}
                  </span>
                )}
                <span className="mt-auto pt-3 text-[11.5px] text-zinc-500">
                  {graphSize(t.document)}
                  <DatasetName doc={t.document} />
                </span>
              </button>
            ))}
            <button
              type="button"
              data-testid="template-card-blank"
              onClick={() => choose(blankDocument(), 'template')}
              className={`flex flex-col rounded-xl border border-dashed border-zinc-700 p-4 text-left transition hover:border-indigo-500/70 hover:bg-zinc-900/60 ${focusRing}`}
            >
              <div className="flex h-[92px] items-center justify-center rounded-lg bg-zinc-900/70">
                <PlusIcon width={22} height={22} className="text-zinc-500" />
              </div>
              <span className="mt-3.5 text-[14px] font-semibold text-zinc-100">Blank canvas</span>
              <span className="mt-1 text-[12.5px] leading-[1.45] text-zinc-400">
                Build from scratch: drag a dataset, layers, a loss and an optimizer from the palette.
              </span>
            </button>
          </div>

          <MyTemplates onOpen={(t) => choose(t.doc, 'my-template')} onEdit={setEditing} />
        </div>
      </Modal>
      {editing && <EditTemplateDialog template={editing} onClose={() => setEditing(null)} />}
    </>
  );
}

function SectionTitle({ children, id, flush = false }: { children: React.ReactNode; id?: string; flush?: boolean }) {
  return (
    <h3 id={id} className={`${flush ? '' : 'mt-5 mb-2.5 '}text-[12px] font-semibold tracking-wide text-zinc-400 uppercase`}>
      {children}
    </h3>
  );
}

function MyTemplates({ onOpen, onEdit }: { onOpen: (t: ReadableTemplate) => void; onEdit: (t: ReadableTemplate) => void }) {
  const status = useMyTemplates((s) => s.status);
  const items = useMyTemplates((s) => s.templates);
  const error = useMyTemplates((s) => s.error);
  const setSaveOpen = useUi((s) => s.setSaveTemplateOpen);
  const saveButton = useRef<HTMLButtonElement>(null);
  const list = useRef<HTMLUListElement>(null);

  /** A deleted card takes the focus with it: it goes to the card after it, else before it, else to Save. */
  const focusAfterDelete = (id: string): HTMLElement | null => {
    const cards = Array.from(list.current?.querySelectorAll<HTMLElement>('[data-testid="my-template-card"]') ?? []);
    const at = cards.findIndex((c) => c.dataset.templateId === id);
    const next = cards[at + 1] ?? cards[at - 1];
    return next?.querySelector<HTMLElement>('button') ?? saveButton.current;
  };

  return (
    <section aria-labelledby="my-templates-title" data-testid="my-templates">
      {/* The section's own action sits on its title line, clear of the example cards above. */}
      <div className="mt-7 mb-2.5 flex items-center justify-between gap-3">
        <SectionTitle id="my-templates-title" flush>
          My templates{status === 'ready' && items.length > 0 ? ` · ${items.length}` : ''}
        </SectionTitle>
        <button
          ref={saveButton}
          type="button"
          data-testid="save-as-template"
          onClick={() => setSaveOpen(true)}
          className="flex h-7 items-center gap-1.5 rounded-md border border-zinc-700 bg-zinc-900 px-2.5 text-[12px] font-medium text-zinc-200 hover:bg-zinc-800 focus-visible:border-indigo-500 focus-visible:outline-none"
        >
          <PlusIcon width={14} height={14} />
          Save current pipeline as a template
        </button>
      </div>

      {status === 'loading' || status === 'idle' ? (
        // As tall as the empty state, which is what most people see next: the centred dialog does not jump.
        <div data-testid="my-templates-loading" aria-busy="true" className={`${emptyBox} animate-pulse`}>
          <p className="text-[12.5px] text-zinc-500">Reading your templates…</p>
        </div>
      ) : status === 'error' ? (
        <div data-testid="my-templates-error" role="alert" className="flex items-start gap-2.5 rounded-xl border border-red-500/30 bg-red-500/5 px-3.5 py-3">
          <ErrorIcon className="mt-0.5 shrink-0 text-red-400" />
          <p className="flex-1 text-[12.5px] leading-[1.45] text-zinc-300">Your templates could not be read. {error}</p>
          <button
            type="button"
            onClick={() => void useMyTemplates.getState().load()}
            className="h-7 shrink-0 rounded-md border border-zinc-700 px-2.5 text-[12px] text-zinc-200 hover:bg-zinc-800"
          >
            Try again
          </button>
        </div>
      ) : items.length === 0 ? (
        <div data-testid="my-templates-empty" className={emptyBox}>
          <p className="text-[13px] font-medium text-zinc-300">No templates of your own yet</p>
          <p className="mx-auto mt-1 max-w-[520px] text-[12.5px] leading-[1.5] text-zinc-500">
            Shape a pipeline the way you like to start, then choose “Save current pipeline as a template”. It appears here,
            with its name, description and tags, ready to start new pipelines from.
          </p>
        </div>
      ) : (
        <ul ref={list} className="grid grid-cols-3 gap-3">
          {items.map((t) => (
            <MyTemplateCard key={t.id} template={t} onOpen={onOpen} onEdit={onEdit} focusAfterDelete={focusAfterDelete} />
          ))}
        </ul>
      )}
    </section>
  );
}

function MyTemplateCard({
  template,
  onOpen,
  onEdit,
  focusAfterDelete,
}: {
  template: MyTemplate;
  onOpen: (t: ReadableTemplate) => void;
  onEdit: (t: ReadableTemplate) => void;
  /** Asked while the card is still in the list, so its neighbours can be found. */
  focusAfterDelete: (id: string) => HTMLElement | null;
}) {
  const [confirming, setConfirming] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const keepButton = useRef<HTMLButtonElement>(null);
  const deleteButton = useRef<HTMLButtonElement>(null);
  const name = template.ok ? template.doc.name : template.name;
  const shownName = name ?? 'Unnamed template';

  // The question and its answer swap places with the Delete button, so the focus follows them.
  // The safe answer takes it, so an Enter pressed twice by habit keeps the template.
  const asked = useRef(false);
  useEffect(() => {
    if (confirming) keepButton.current?.focus();
    else if (asked.current) deleteButton.current?.focus();
    asked.current = confirming;
  }, [confirming]);

  const remove = async () => {
    setDeleting(true);
    const next = focusAfterDelete(template.id);
    const removed = await useMyTemplates.getState().remove(template.id);
    if (removed.ok) next?.focus();
    else {
      setDeleting(false);
      setConfirming(false);
      useUi.getState().toast({ tone: 'error', title: 'The template was not deleted', detail: removed.message });
    }
  };

  return (
    <li
      data-testid="my-template-card"
      data-template-id={template.id}
      data-readable={template.ok}
      className={`flex flex-col overflow-hidden ${cardClass} ${template.ok ? 'transition hover:border-indigo-500/70 focus-within:border-indigo-500/70' : 'border-red-500/30'}`}
    >
      {template.ok ? (
        <button
          type="button"
          data-testid="my-template-open"
          onClick={() => onOpen(template)}
          className="flex flex-1 flex-col p-4 pb-3 text-left hover:bg-zinc-900/60 focus-visible:outline-none"
        >
          <MiniGraph doc={template.doc} />
          <span data-testid="my-template-name" className="mt-3.5 line-clamp-2 text-[14px] font-semibold break-words text-zinc-100">
            {template.doc.name}
          </span>
          {template.doc.description && (
            <span data-testid="my-template-description" className="mt-1 line-clamp-3 text-[12.5px] leading-[1.45] break-words text-zinc-400">
              {template.doc.description}
            </span>
          )}
          {template.tags.length > 0 && (
            <span className="mt-2.5 flex flex-wrap gap-1.5">
              {template.tags.map((tag) => (
                <span key={tag} data-testid="my-template-tag" className="max-w-full truncate rounded-full bg-zinc-800 px-2 py-0.5 text-[11px] text-zinc-300">
                  {tag}
                </span>
              ))}
            </span>
          )}
          <span className="mt-auto pt-3 text-[11.5px] text-zinc-500">{graphSize(template.doc)}</span>
        </button>
      ) : (
        <div className="flex flex-1 flex-col p-4 pb-3">
          <div className="flex h-[92px] items-center justify-center rounded-lg bg-red-500/5">
            <ErrorIcon width={22} height={22} className="text-red-400" />
          </div>
          <span data-testid="my-template-name" className="mt-3.5 line-clamp-2 text-[14px] font-semibold break-words text-zinc-300">
            {shownName}
          </span>
          <p data-testid="my-template-problem" className="mt-1 text-[12.5px] leading-[1.45] text-red-200/90">
            This template cannot be opened: {template.error.message} It can only be deleted.
          </p>
        </div>
      )}

      <div className="flex min-h-[45px] items-center gap-1 border-t border-zinc-800 px-3 py-2">
        {confirming ? (
          <>
            <span className="mr-auto text-[12px] text-zinc-300" id={`confirm-${template.id}`}>
              Delete for good?
            </span>
            <button
              ref={keepButton}
              type="button"
              data-testid="my-template-delete-cancel"
              disabled={deleting}
              onClick={() => setConfirming(false)}
              className="h-7 rounded-md px-2.5 text-[12px] text-zinc-300 hover:bg-zinc-800"
            >
              Keep
            </button>
            <button
              type="button"
              data-testid="my-template-delete-confirm"
              aria-describedby={`confirm-${template.id}`}
              aria-label={`Delete “${shownName}”`}
              disabled={deleting}
              onClick={() => void remove()}
              className="h-7 rounded-md bg-red-500/90 px-2.5 text-[12px] font-semibold text-white hover:bg-red-500 disabled:opacity-60"
            >
              {deleting ? 'Deleting…' : 'Delete'}
            </button>
          </>
        ) : (
          <>
            <span className="mr-auto truncate text-[11.5px] text-zinc-500">Saved {formatDay(template.createdAt)}</span>
            {template.ok && (
              <button
                type="button"
                data-testid="my-template-rename"
                aria-label={`Rename “${shownName}”`}
                title="Rename, or change the description and tags"
                onClick={() => onEdit(template)}
                className="h-7 rounded-md px-2 text-[12px] text-zinc-400 hover:bg-zinc-800 hover:text-zinc-100"
              >
                Rename
              </button>
            )}
            <button
              ref={deleteButton}
              type="button"
              data-testid="my-template-delete"
              aria-label={`Delete “${shownName}”`}
              title="Delete this template"
              onClick={() => setConfirming(true)}
              className="flex h-7 w-7 items-center justify-center rounded-md text-zinc-500 hover:bg-zinc-800 hover:text-red-300"
            >
              <TrashIcon width={14} height={14} />
            </button>
          </>
        )}
      </div>
    </li>
  );
}

function EditTemplateDialog({ template, onClose }: { template: ReadableTemplate; onClose: () => void }) {
  const update = useMyTemplates((s) => s.update);
  return (
    <TemplateDetailsDialog
      title="Rename template"
      intro="Change how this template is named, described and tagged. Pipelines already started from it keep their own names."
      initial={{ name: template.doc.name, description: template.doc.description, tags: template.tags.join(', ') }}
      submitLabel="Save changes"
      busyLabel="Saving…"
      testId="edit-template-dialog"
      onSubmit={async (details) => {
        const result = await update(template.id, details);
        if (!result.ok) return result.message;
        onClose();
        return null;
      }}
      onClose={onClose}
    />
  );
}

/** The data an example trains on: named on the card, its source line (the catalogue's) as the tooltip, which is too long for the card. */
function DatasetName({ doc }: { doc: PipelineDocument }) {
  const id = doc.nodes.find((n) => n.kind === 'data.dataset')?.params.dataset;
  const info: DatasetInfo | undefined = typeof id === 'string' && id in datasets ? datasets[id as DatasetId] : undefined;
  if (!info) return null;
  return (
    <span data-testid="template-data" title={info.source}>
      {' · '}
      {info.label}
    </span>
  );
}

function graphSize(doc: PipelineDocument): string {
  const nodes = doc.nodes.length;
  const edges = doc.edges.length;
  return `${nodes} node${nodes === 1 ? '' : 's'} · ${edges} connection${edges === 1 ? '' : 's'}`;
}

function formatDay(time: number): string {
  if (!time) return 'at an unknown date';
  return new Date(time).toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
}

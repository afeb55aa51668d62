'use client';

import { usePipeline } from '@/lib/store/pipeline';
import { useMyTemplates } from '@/lib/store/my-templates';
import { useUi } from '@/lib/store/ui';
import { TemplateDetailsDialog } from './template-details-dialog';

/** "Save as template": keeps a copy of the pipeline on the canvas under My templates. */
export function SaveTemplateDialog() {
  const open = useUi((s) => s.saveTemplateOpen);
  const setOpen = useUi((s) => s.setSaveTemplateOpen);
  if (!open) return null;
  return <SaveTemplateForm onClose={() => setOpen(false)} />;
}

function SaveTemplateForm({ onClose }: { onClose: () => void }) {
  const doc = usePipeline((s) => s.doc);
  const save = useMyTemplates((s) => s.save);
  const toast = useUi((s) => s.toast);
  return (
    <TemplateDetailsDialog
      title="Save as template"
      intro="Keep this pipeline as a starting point for new ones. It is saved in this browser, under My templates in the Templates dialog."
      initial={{ name: doc.name, description: doc.description, tags: '' }}
      submitLabel="Save template"
      busyLabel="Saving…"
      testId="save-template-dialog"
      blocked={doc.nodes.length === 0 ? 'The canvas is empty. Add nodes or pick an example first, then save it as a template.' : null}
      onSubmit={async (details) => {
        const saved = await save(doc, details);
        if (!saved.ok) return `The template was not saved. ${saved.message}`;
        toast({ tone: 'info', title: `Saved as template “${details.name}”`, detail: 'Find it under My templates in the Templates dialog.' });
        onClose();
        return null;
      }}
      onClose={onClose}
    />
  );
}

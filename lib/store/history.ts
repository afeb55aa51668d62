import { usePipeline } from './pipeline';
import { useTraining } from './training';
import { useUi } from './ui';

/**
 * Undo or redo, as the buttons and the shortcuts both do. A step across the opening of a document
 * swaps in another pipeline, so while a run is in progress it asks first, as opening a template
 * does; the swap ends the run (see the training store) and shows the whole pipeline.
 */
export function stepHistory(direction: 'undo' | 'redo') {
  const pipeline = usePipeline.getState();
  const target = direction === 'undo' ? pipeline.past.at(-1) : pipeline.future[0];
  if (!target) return;
  if (!pipeline.stepOpensDocument(direction)) {
    pipeline[direction]();
    return;
  }
  useTraining.getState().confirmLeave(target.name, () => {
    usePipeline.getState()[direction]();
    useUi.getState().requestFitView();
  });
}

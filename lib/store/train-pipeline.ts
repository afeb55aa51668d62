import { nodeNames } from '@/lib/document/node-name';
import { compileCached } from './compiled';
import { usePipeline } from './pipeline';
import { inProgress, useTraining } from './training';

/**
 * Trains the pipeline on the canvas, as the Train button and Ctrl/Cmd+Enter both do. When it
 * cannot, it starts nothing and says why, for the caller to show.
 */
export function trainPipeline(): { started: true } | { started: false; reason: string } {
  const training = useTraining.getState();
  if (inProgress(training.state)) return { started: false, reason: 'A run is already in progress: stop it first.' };
  const { doc } = usePipeline.getState();
  const result = compileCached(doc);
  if (!result.ok) {
    const errors = result.issues.filter((i) => i.severity === 'error');
    return {
      started: false,
      reason: `Fix ${errors.length} problem${errors.length === 1 ? '' : 's'} to train: ${errors[0]?.message ?? 'the pipeline does not compile.'}`,
    };
  }
  void training.start(result.spec, doc.name, nodeNames(doc));
  return { started: true };
}

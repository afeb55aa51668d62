import { beforeEach, describe, expect, it } from 'vitest';
import { blankDocument, usePipeline } from '@/lib/store/pipeline';
import { useTraining } from '@/lib/store/training';
import { stepHistory } from '@/lib/store/history';
import { irisMlp } from '@/lib/templates/iris-mlp';
import { digitCnn } from '@/lib/templates/digit-cnn';

const pipeline = () => usePipeline.getState();

describe('undo and redo across the opening of a document', () => {
  beforeEach(() => {
    usePipeline.setState({ doc: blankDocument(), past: [], future: [], opened: 0 });
    useTraining.setState({ state: 'idle', leaving: null });
    pipeline().loadDocument(structuredClone(digitCnn));
    pipeline().loadDocument(structuredClone(irisMlp));
    pipeline().updateParams('optimizer', { epochs: 500 });
  });

  it('marks only the steps that opened a document', () => {
    expect(pipeline().stepOpensDocument('undo')).toBe(false);
    pipeline().undo();
    expect(pipeline().stepOpensDocument('undo')).toBe(true);
    expect(pipeline().stepOpensDocument('redo')).toBe(false);
    const opened = pipeline().opened;
    pipeline().undo();
    expect(pipeline().doc.name).toBe(digitCnn.name);
    expect(pipeline().opened).toBe(opened + 1);
    expect(pipeline().stepOpensDocument('redo')).toBe(true);
  });

  it('asks before swapping the pipeline while a run is in progress, and changes nothing until answered', () => {
    stepHistory('undo');
    useTraining.setState({ state: 'training' });
    stepHistory('undo');
    expect(pipeline().doc.name).toBe(irisMlp.name);
    expect(useTraining.getState().leaving?.target).toBe(digitCnn.name);
    useTraining.getState().answerLeave(false);
    expect(pipeline().doc.name).toBe(irisMlp.name);

    stepHistory('undo');
    useTraining.getState().answerLeave(true);
    expect(pipeline().doc.name).toBe(digitCnn.name);
    // Opening the other pipeline ended the run.
    expect(useTraining.getState().state).toBe('idle');
  });

  it('steps without asking when no run is in progress', () => {
    stepHistory('undo');
    stepHistory('undo');
    expect(pipeline().doc.name).toBe(digitCnn.name);
    expect(useTraining.getState().leaving).toBeNull();
  });
});

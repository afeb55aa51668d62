import { usePipeline } from './pipeline';

/**
 * Calls `save` shortly after each change to the document, and at once when the page is hidden or
 * closed, so the last edit before a reload or a closed tab is kept. Returns the stop function.
 */
export function startAutosave(save: () => void, delayMs = 250): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const fire = () => {
    timer = undefined;
    save();
  };
  const unsubscribe = usePipeline.subscribe((state, previous) => {
    if (state.doc === previous.doc) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(fire, delayMs);
  });
  const flush = () => {
    if (!timer) return;
    clearTimeout(timer);
    fire();
  };
  const onVisibility = () => {
    if (document.visibilityState === 'hidden') flush();
  };
  window.addEventListener('pagehide', flush);
  document.addEventListener('visibilitychange', onVisibility);
  return () => {
    flush();
    unsubscribe();
    window.removeEventListener('pagehide', flush);
    document.removeEventListener('visibilitychange', onVisibility);
  };
}

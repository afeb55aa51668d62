'use client';

import { useEffect, useRef } from 'react';

const focusableSelector = [
  'a[href]',
  'button:not([disabled])',
  'input:not([disabled]):not([type="hidden"])',
  'select:not([disabled])',
  'textarea:not([disabled])',
  '[tabindex]:not([tabindex="-1"])',
].join(',');

/** Open dialogs, innermost last: only the top one answers Tab and Escape. */
const openDialogs: object[] = [];

/** True while any dialog holds the focus: app-wide shortcuts must not act on the page beneath it. */
export function isDialogOpen(): boolean {
  return openDialogs.length > 0;
}

function focusables(container: HTMLElement): HTMLElement[] {
  return Array.from(container.querySelectorAll<HTMLElement>(focusableSelector)).filter(
    (el) => el.getClientRects().length > 0,
  );
}

/**
 * Makes a modal dialog behave as keyboard users expect: while `open`, focus moves to its first
 * control (or `initialFocus`), Tab and Shift+Tab cycle inside it, Escape calls `onClose`, and on
 * close focus returns to whatever had it before, so the user carries on where they were.
 * Give the returned ref to the dialog element (render it with tabIndex={-1} and the `nokey`
 * class, which keeps React Flow's Delete and arrow keys off the canvas beneath).
 */
export function useDialogFocus<T extends HTMLElement = HTMLDivElement>(
  open: boolean,
  onClose: () => void,
  options: { initialFocus?: React.RefObject<HTMLElement | null> } = {},
) {
  const ref = useRef<T>(null);
  // The latest callbacks without re-running the effect, which would move focus again on each render.
  const latest = useRef({ onClose, initialFocus: options.initialFocus });
  latest.current = { onClose, initialFocus: options.initialFocus };

  useEffect(() => {
    if (!open) return;
    const token = {};
    openDialogs.push(token);
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const container = ref.current;
    if (container) {
      const first = latest.current.initialFocus?.current ?? focusables(container)[0] ?? container;
      first.focus();
    }

    const onKey = (event: KeyboardEvent) => {
      if (openDialogs[openDialogs.length - 1] !== token || !ref.current) return;
      if (event.key === 'Escape') {
        event.preventDefault();
        event.stopPropagation();
        latest.current.onClose();
      } else if (event.key === 'Tab') {
        // Moving focus here rather than letting the browser do it also pulls focus back in when
        // a click landed on the page outside.
        const items = focusables(ref.current);
        event.preventDefault();
        if (items.length === 0) return ref.current.focus();
        const at = items.indexOf(document.activeElement as HTMLElement);
        const next = event.shiftKey
          ? at <= 0 ? items.length - 1 : at - 1
          : at < 0 || at === items.length - 1 ? 0 : at + 1;
        items[next].focus();
      }
    };
    // Capture: Escape closes the dialog before any handler beneath (the palette search, the canvas) sees it.
    window.addEventListener('keydown', onKey, true);
    return () => {
      window.removeEventListener('keydown', onKey, true);
      openDialogs.splice(openDialogs.indexOf(token), 1);
      if (opener?.isConnected) opener.focus();
    };
  }, [open]);

  return ref;
}

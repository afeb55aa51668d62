'use client';

import { useDialogFocus } from './use-dialog-focus';

/**
 * The frame every modal of the app shares: a dimmed backdrop that closes it on a click outside,
 * and a dialog that keeps the keyboard inside while open (see useDialogFocus). The `nokey` class
 * keeps React Flow's Delete and arrow keys off the canvas beneath.
 */
export function Modal({
  open,
  onClose,
  labelledBy,
  describedBy,
  testId,
  role = 'dialog',
  initialFocus,
  placement = 'center',
  className = '',
  children,
}: {
  open: boolean;
  onClose: () => void;
  labelledBy: string;
  describedBy?: string;
  testId: string;
  role?: 'dialog' | 'alertdialog';
  initialFocus?: React.RefObject<HTMLElement | null>;
  /** A picker that filters as you type sits high, so its list grows downwards without moving its search box. */
  placement?: 'center' | 'top';
  className?: string;
  children: React.ReactNode;
}) {
  const dialog = useDialogFocus(open, onClose, { initialFocus });
  if (!open) return null;
  return (
    <div
      className={`fixed inset-0 z-40 flex justify-center bg-black/60 p-4 backdrop-blur-sm ${placement === 'top' ? 'items-start pt-[12vh]' : 'items-center'}`}
      onMouseDown={(e) => {
        if (e.target === e.currentTarget) onClose();
      }}
    >
      <div
        ref={dialog}
        role={role}
        aria-modal="true"
        aria-labelledby={labelledBy}
        aria-describedby={describedBy}
        tabIndex={-1}
        data-testid={testId}
        className={`nokey w-full rounded-2xl border border-zinc-800 bg-zinc-925 shadow-2xl shadow-black/60 outline-none ${className}`}
      >
        {children}
      </div>
    </div>
  );
}

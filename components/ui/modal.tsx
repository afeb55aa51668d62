'use client';

import { CloseIcon } from './icons';
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

/** The ✕ in the corner of a dialog or panel: one look, one label and one focus ring wherever something closes. */
export function CloseButton({
  onClick,
  testId,
  size = 'md',
  className = '',
}: {
  onClick: () => void;
  testId?: string;
  /** `sm` for a small panel's corner. */
  size?: 'md' | 'sm';
  /** Placement only (margins). */
  className?: string;
}) {
  const small = size === 'sm';
  return (
    <button
      type="button"
      aria-label="Close"
      data-testid={testId}
      onClick={onClick}
      className={`flex shrink-0 items-center justify-center rounded-lg text-zinc-500 hover:bg-zinc-800 hover:text-zinc-200 focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:outline-none ${small ? 'h-7 w-7' : 'h-8 w-8'} ${className}`}
    >
      <CloseIcon width={small ? 14 : 16} height={small ? 14 : 16} />
    </button>
  );
}

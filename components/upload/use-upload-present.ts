'use client';

import { useEffect, useState } from 'react';
import { hasUpload, onUploadSaved } from '@/lib/storage/uploads';

/**
 * Whether this browser holds the upload kept under `fingerprint`: undefined while looking (or
 * with no fingerprint), then true or false, looked at again whenever an upload is saved. Compile
 * cannot see the browser's storage, so a node built on a file shared by link says it here.
 */
export function useUploadPresent(fingerprint: string | undefined): boolean | undefined {
  const [present, setPresent] = useState<{ fingerprint: string; present: boolean }>();
  useEffect(() => {
    if (!fingerprint) return;
    let current = true;
    const look = () =>
      void hasUpload(fingerprint).then(
        (found) => current && setPresent({ fingerprint, present: found }),
        // No IndexedDB (a private window that refuses it): the run says what is missing instead.
        () => current && setPresent({ fingerprint, present: true }),
      );
    look();
    const stop = onUploadSaved(look);
    return () => {
      current = false;
      stop();
    };
  }, [fingerprint]);
  return fingerprint && present?.fingerprint === fingerprint ? present.present : undefined;
}

import { test as base, expect } from '@playwright/test';
import { BuilderPage } from './pages/builder';

/**
 * Every spec gets a BuilderPage, and fails if the page threw an uncaught error: a crash in a
 * React effect or the training worker must not hide behind a UI that still looks fine.
 */
export const test = base.extend<{ builder: BuilderPage; pageErrors: string[] }>({
  pageErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.stack ?? error.message));
      await use(errors);
      expect(errors, 'uncaught errors in the page').toEqual([]);
    },
    { auto: true },
  ],
  builder: async ({ page }, use) => {
    await use(new BuilderPage(page));
  },
});

export { expect };

import { expect, test as base } from "@playwright/test";

/**
 * Every test fails if the page throws in the browser. In particular a hydration mismatch
 * (React errors 418, 423, 425) makes React throw away the server's HTML, and with it anything
 * the user typed before the page became interactive.
 */
export const test = base.extend<{ failOnPageErrors: void }>({
  failOnPageErrors: [
    async ({ context }, use) => {
      const errors: string[] = [];
      context.on("page", (page) => page.on("pageerror", (error) => errors.push(error.message)));
      for (const page of context.pages()) page.on("pageerror", (error) => errors.push(error.message));
      await use();
      expect(errors, "errors thrown in the browser").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
export type { Page } from "@playwright/test";

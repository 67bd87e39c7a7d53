/**
 * The axe-core check every accessibility test uses: no violation of the given WCAG tags on
 * the page as it is now. Run in axe's "legacy" mode: the scan runs in the page itself
 * (`axe.run`) instead of gathering partial results and finishing them in a new blank tab
 * that loads axe's 650 kB script again. That tab is a new renderer per scan: about half of
 * each scan's time (1.4 s against 3.6 s for the first scan of a page on a busy 2-core
 * machine), with the same results (decision 100). What legacy mode gives up is scanning
 * cross-origin frames, and the app has no frames at all (sign-in renewal uses the refresh
 * token, no hidden iframe); axe's `frame-tested` rule would name any frame it could not scan.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/** WCAG 2.1 A and AA. */
export const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
/** WCAG 2.2 AA on top of 2.1 A/AA. */
export const WCAG_22_AA = [...WCAG_21_AA, 'wcag22aa'];

export async function expectNoAxeViolations(page: Page, state: string, tags: readonly string[] = WCAG_21_AA): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).withTags([...tags]).setLegacyMode(true).analyze();
  const found = violations.map((v) => `${v.id} (${v.impact ?? ''}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(found, `axe violations in state "${state}"`).toEqual([]);
}

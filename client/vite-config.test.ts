import { createRequire } from 'node:module';
import { build, createLogger, type Plugin } from 'vite';
import { describe, expect, it } from 'vitest';
import { standardPlaceholder } from './vite.config';

const TODOMVC_CSS = createRequire(import.meta.url).resolve('todomvc-app-css/index.css');

/** Builds todomvc-app-css the way the UI build does (Vite, minified) and returns what Vite warned and the CSS. */
async function buildTodoMvcCss(plugins: Plugin[]): Promise<{ warnings: string[]; css: string }> {
  const warnings: string[] = [];
  const logger = createLogger('warn');
  logger.warn = (message) => warnings.push(message);
  logger.warnOnce = (message) => warnings.push(message);
  const output = await build({
    configFile: false,
    logLevel: 'warn',
    customLogger: logger,
    plugins,
    build: { write: false, rollupOptions: { input: TODOMVC_CSS } },
  });
  const outputs = Array.isArray(output) ? output : [output];
  const css = outputs
    .flatMap((result) => ('output' in result ? result.output : []))
    .map((file) => (file.type === 'asset' ? String(file.source) : ''))
    .join('');
  return { warnings, css };
}

describe('todomvc-app-css in the UI build', () => {
  it('builds without warnings, with the standard ::placeholder', async () => {
    const { warnings, css } = await buildTodoMvcCss([standardPlaceholder()]);
    expect(warnings).toEqual([]);
    expect(css).toContain('::placeholder');
    expect(css).not.toContain('input-placeholder');
  });

  it('would warn without the plugin (what it is for)', async () => {
    const { warnings } = await buildTodoMvcCss([]);
    expect(warnings.join('\n')).toContain('input-placeholder');
  });
});

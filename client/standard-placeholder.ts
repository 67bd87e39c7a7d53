/**
 * A Vite plugin that spells todomvc-app-css's `::input-placeholder` (a draft name no
 * browser shipped) as the standard `::placeholder`. The CSS minifier (lightningcss)
 * otherwise warns about it on every build, a warning nobody can act on.
 */
import type { Plugin } from 'vite';

const TODOMVC_CSS = /[\\/]todomvc-app-css[\\/]index\.css$/;

export function standardPlaceholder(): Plugin {
  return {
    name: 'todomvc-standard-placeholder',
    enforce: 'pre',
    transform(code, id) {
      if (!TODOMVC_CSS.test(id.split('?')[0] ?? id)) return undefined;
      return { code: code.replaceAll('::input-placeholder', '::placeholder'), map: null };
    },
  };
}

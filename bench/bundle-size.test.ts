import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { attribute, ownerOf } from './bundle-size';

const repo = path.join(import.meta.dirname, '..');

describe('bundle size attribution', () => {
  it('names the npm package or the folder of ours a source file belongs to', () => {
    expect(ownerOf('/x/node_modules/react-dom/cjs/react-dom.production.js')).toBe('react-dom');
    expect(ownerOf('/x/node_modules/@tanstack/db/dist/esm/index.js')).toBe('@tanstack/db');
    expect(ownerOf('/x/node_modules/a/node_modules/@scope/b/index.js')).toBe('@scope/b');
    expect(ownerOf(path.join(repo, 'client/src/app/App.tsx'))).toBe('client/src/app');
    expect(ownerOf(path.join(repo, 'client/api/trpc-links.ts'))).toBe('client/api');
    expect(ownerOf(path.join(repo, 'shared/todo.ts'))).toBe('shared');
    expect(ownerOf('\0rolldown/runtime.js')).toBe('(bundler runtime)');
  });

  it('gives each byte of the output to the source its mapping points at', () => {
    // "aaaBBBcc": columns 0-2 from source 0, 3-5 from source 1, 6-7 from source 0 again.
    // Segments (VLQ): [0,0,0,0] = AAAA, [+3,+1,0,0] = GCAA, [+3,-1,0,0] = GDAA.
    const map = { sources: ['node_modules/react/index.js', 'node_modules/@tanstack/db/x.js'], mappings: 'AAAA,GCAA,GDAA' };
    const pieces = attribute('aaaBBBcc', map, '/dist');
    expect(pieces.get('react')).toBe('aaacc');
    expect(pieces.get('@tanstack/db')).toBe('BBB');
  });
});

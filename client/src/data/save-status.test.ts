/** Which rows are being saved (per row, counted). */
import { describe, expect, it, vi } from 'vitest';
import { savingRows } from './save-status';

describe('savingRows', () => {
  it('counts overlapping saves of a row and tells only that row', () => {
    const a = vi.fn();
    const b = vi.fn();
    const stopA = savingRows.subscribe('a', a);
    const stopB = savingRows.subscribe('b', b);
    savingRows.add(['a']);
    savingRows.add(['a']);
    expect(savingRows.has('a')).toBe(true);
    expect(a).toHaveBeenCalledTimes(2);
    expect(b).not.toHaveBeenCalled();
    savingRows.remove(['a']);
    expect(savingRows.has('a')).toBe(true);
    savingRows.remove(['a']);
    expect(savingRows.has('a')).toBe(false);
    expect(a).toHaveBeenCalledTimes(4);
    // A remove without an add (a write that settled twice) leaves nothing behind.
    savingRows.remove(['b']);
    expect(savingRows.has('b')).toBe(false);
    stopA();
    stopB();
    savingRows.add(['a']);
    expect(a).toHaveBeenCalledTimes(4);
    savingRows.remove(['a']);
  });

  it('keeps other listeners of a row when one leaves', () => {
    const first = vi.fn();
    const second = vi.fn();
    const stopFirst = savingRows.subscribe('r', first);
    const stopSecond = savingRows.subscribe('r', second);
    stopFirst();
    savingRows.add(['r']);
    expect(first).not.toHaveBeenCalled();
    expect(second).toHaveBeenCalledTimes(1);
    stopSecond();
    savingRows.remove(['r']);
  });
});

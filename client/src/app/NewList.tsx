/**
 * "New list": a button that shows a text field named "List name"; Enter creates the list
 * (optimistically, through the lists outbox: it works offline too) and opens it, Escape
 * closes the field and gives focus back to the button.
 */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { v7 as uuidv7 } from 'uuid';
import { LIST_NAME_MAX_LENGTH } from '../../../shared/limits';
import { useUserData } from '../data/user-data';
import { outcomeOf } from '../data/write-outcome';
import { announcer, focusNewTodo } from './announcer';
import { hrefOf } from './use-hash-route';

export function NewList() {
  const { lists, userId } = useUserData();
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const field = useRef<HTMLInputElement>(null);
  // Shown by the button's press: focus goes where the person types next.
  useEffect(() => {
    if (open) field.current?.focus();
  }, [open]);

  function close() {
    setOpen(false);
    // After the field is gone: the button is back.
    setTimeout(() => button.current?.focus(), 0);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'Escape') close();
    if (event.key !== 'Enter') return;
    const name = event.currentTarget.value.trim();
    if (name === '') return;
    const now = new Date().toISOString();
    const id = uuidv7();
    const transaction = lists.insert({ id, name, role: 'owner', isDefault: false, ownerId: userId, memberCount: 1, createdAt: now, updatedAt: now, version: 0 });
    setOpen(false);
    window.location.hash = hrefOf(id);
    // The list is open: its first todo is typed next (after the field is gone and the list shown).
    setTimeout(focusNewTodo, 0);
    void outcomeOf(transaction).then(
      (outcome) => {
        if (outcome === 'stored') announcer.say(`List “${name}” created.`);
      },
      () => undefined, // refused: the error banner says why, and the list is gone again
    );
  }

  if (!open)
    return (
      <button ref={button} type="button" className="new-list" onClick={() => setOpen(true)}>
        New list
      </button>
    );
  return (
    <input
      className="new-list-name"
      aria-label="List name"
      placeholder="List name"
      ref={field}
      maxLength={LIST_NAME_MAX_LENGTH}
      onKeyDown={onKeyDown}
      onBlur={(event) => {
        if (event.currentTarget.value.trim() === '') setOpen(false);
      }}
    />
  );
}

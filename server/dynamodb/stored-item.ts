/** An item as stored in the table, attribute by attribute (the document client's plain values). */
export type StoredItem = Record<string, unknown>;

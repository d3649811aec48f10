// What a catalog operation produces: the mutations to commit and the value to answer with.
// Operations are pure functions of (state, request, clock); the engine commits their mutations
// in one store transaction and only then swaps the new state in.
import { databaseNotFound } from '../errors.js';
import type { DatabaseRecord, Mutation } from './records.js';
import type { CatalogState } from './state.js';

export interface Change<T = void> {
  mutations: Mutation[];
  result: T;
}

/** The clock an operation stamps records with: Milvus hybrid timestamps as decimal strings. */
export interface Clock {
  now(): string;
}

export function noChange(): Change<void>;
export function noChange<T>(result: T): Change<T>;
export function noChange<T>(result?: T): Change<T | undefined> {
  return { mutations: [], result };
}

export function requireDatabase(state: CatalogState, db: string): DatabaseRecord {
  const record = state.database(db);
  if (!record) throw databaseNotFound(db);
  return record;
}

/** Hands out ids from state.nextId and records the new high-water mark as a mutation. */
export class IdAllocator {
  private next: number;
  constructor(state: CatalogState) {
    this.next = state.nextId;
  }
  allocate(): number {
    return this.next++;
  }
  /** The setNextId mutation to commit with the records that use the ids. */
  mutation(): Mutation {
    return { op: 'setNextId', value: this.next };
  }
}

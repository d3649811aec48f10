// What a request carries besides its body: the database it runs in.
import type { RequestMetadata as Metadata } from './handler.js';
import { DEFAULT_DATABASE } from '../catalog/index.js';

/** The request's db_name if non-empty, else the `dbname` metadata if non-empty, else `default`. */
export function requestDatabase(request: { db_name?: string }, metadata: Metadata): string {
  if (request.db_name) return request.db_name;
  return metadataDatabase(metadata);
}

/** The `dbname` metadata alone (Connect and privilege checks use only this). */
export function metadataDatabase(metadata: Metadata): string {
  const value = metadata.get('dbname')[0];
  const text = typeof value === 'string' ? value : value?.toString('utf8');
  return text ? text : DEFAULT_DATABASE;
}

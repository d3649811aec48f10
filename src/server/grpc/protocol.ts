// The Milvus protocol definitions, taken from the descriptors the pinned official Node SDK ships
// (milvus-proto 3.0, a superset of 2.4-2.6 on the wire), so field numbers are exactly the
// clients' without a copy of the .proto files here.
import { createRequire } from 'node:module';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import protobuf from 'protobufjs';

const require = createRequire(import.meta.url);
const descriptor = (require('@zilliz/milvus2-sdk-node/dist/milvus/proto-json/milvus.js') as { default: protobuf.INamespace }).default;

/** The loader options every Milvus client uses. */
export const LOADER_OPTIONS: protoLoader.Options = { keepCase: true, longs: String, enums: String, defaults: true, oneofs: true };

const packageDefinition = protoLoader.fromJSON(descriptor as never, LOADER_OPTIONS);
const grpcObject = grpc.loadPackageDefinition(packageDefinition) as unknown as {
  milvus: { proto: { milvus: Record<string, grpc.ServiceClientConstructor> } };
};

export const MILVUS_SERVICE = grpcObject.milvus.proto.milvus.MilvusService!.service;
export const TELEMETRY_SERVICE = grpcObject.milvus.proto.milvus.ClientTelemetryService!.service;

/** protobufjs types, for the payloads that travel as nested bytes (schemas, placeholder groups). */
export const protoRoot = protobuf.Root.fromJSON(descriptor);

export const CONVERSION: protobuf.IConversionOptions = { longs: String, enums: String, defaults: true, oneofs: true, bytes: String };

/** True when a method of `service` answers a bare common.Status rather than {status, ...}. */
export function repliesWithBareStatus(serviceName: string, method: string): boolean {
  const service = protoRoot.lookupService(serviceName);
  const m = service.methods[method];
  if (!m) return false;
  m.resolve();
  return m.resolvedResponseType?.fullName === '.milvus.proto.common.Status';
}

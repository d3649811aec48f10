// The Milvus protocol definitions, taken from the descriptors the pinned official Node SDK ships
// (milvus-proto 3.0, a superset of 2.4-2.6 on the wire), so field numbers are exactly the
// clients' without a copy of the .proto files here.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import protobuf from 'protobufjs';
import { installFloatArrayCodec } from './float-array-codec.js';

const require = createRequire(import.meta.url);
const descriptor = (require('@zilliz/milvus2-sdk-node/dist/milvus/proto-json/milvus.js') as { default: protobuf.INamespace }).default;

/** The loader options every Milvus client uses. */
export const LOADER_OPTIONS: protoLoader.Options = { keepCase: true, longs: String, enums: String, defaults: true, oneofs: true };

/** Elanus's own alias service (proto/elanus_alias.proto, shipped in the package). */
const elanusDefinition = protoLoader.loadSync(fileURLToPath(new URL('../../../proto/elanus_alias.proto', import.meta.url)), LOADER_OPTIONS);
export const ELANUS_ALIAS_SERVICE = (
  grpc.loadPackageDefinition(elanusDefinition) as unknown as { elanus: { v1: Record<string, grpc.ServiceClientConstructor> } }
).elanus.v1.ElanusAliasService!.service;
export const ELANUS_ALIAS_SERVICE_NAME = 'elanus.v1.ElanusAliasService';

/** protobufjs types of every Milvus message, with FloatArray's fast codec (float-array-codec.ts). */
export const protoRoot = protobuf.Root.fromJSON(descriptor);
protoRoot.resolveAll();
installFloatArrayCodec(protoRoot.lookupType('milvus.proto.schema.FloatArray'));

/**
 * A Milvus service's method definitions (paths, streaming flags, codecs) made from protoRoot,
 * with proto-loader's conversions (fromObject + encode; decode + toObject with LOADER_OPTIONS)
 * and FloatArray carried as Float32Array.
 */
function serviceDefinition(serviceName: string): grpc.ServiceDefinition {
  const serializer = (type: protobuf.Type) => (value: unknown) => {
    if (Array.isArray(value)) throw new Error(`Failed to serialize message: expected object with ${type.name} structure, got array instead`);
    const bytes = type.encode(type.fromObject(value as Record<string, unknown>)).finish();
    return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  };
  const deserializer = (type: protobuf.Type) => (bytes: Buffer) =>
    type.toObject(type.decode(bytes), LOADER_OPTIONS as protobuf.IConversionOptions);
  const out: Record<string, grpc.MethodDefinition<unknown, unknown>> = {};
  for (const method of protoRoot.lookupService(serviceName).methodsArray) {
    method.resolve();
    const request = method.resolvedRequestType!;
    const response = method.resolvedResponseType!;
    out[method.name] = {
      path: `/${serviceName}/${method.name}`,
      requestStream: method.requestStream === true,
      responseStream: method.responseStream === true,
      requestSerialize: serializer(request),
      requestDeserialize: deserializer(request),
      responseSerialize: serializer(response),
      responseDeserialize: deserializer(response),
    };
  }
  return out as grpc.ServiceDefinition;
}

export const MILVUS_SERVICE = serviceDefinition('milvus.proto.milvus.MilvusService');
export const TELEMETRY_SERVICE = serviceDefinition('milvus.proto.milvus.ClientTelemetryService');

export const CONVERSION: protobuf.IConversionOptions = { longs: String, enums: String, defaults: true, oneofs: true, bytes: String };

const STATUS_TYPE = '.milvus.proto.common.Status';

/**
 * Where a method's reply carries its Status: 'bare' when the reply is a common.Status, the name
 * of its Status field (usually `status`), or undefined for the few replies that have none.
 */
export function statusPlacement(serviceName: string, method: string): 'bare' | string | undefined {
  // Elanus's own services are not in the Milvus descriptors: their replies all have `status`.
  const service = protoRoot.lookup(serviceName);
  if (!(service instanceof protobuf.Service)) return 'status';
  const m = service.methods[method];
  if (!m) return undefined;
  m.resolve();
  const reply = m.resolvedResponseType;
  if (!reply) return undefined;
  if (reply.fullName === STATUS_TYPE) return 'bare';
  reply.resolveAll();
  return reply.fieldsArray.find((f) => f.resolvedType?.fullName === STATUS_TYPE)?.name;
}

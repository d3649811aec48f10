// The Milvus protocol, as the transports see it: the service descriptors, the dispatch of a call
// to its handler (shared by the network server and the embedded client), and gRPC's framing and
// statuses (shared by the server and the client's channel).
export {
  CONVERSION,
  ELANUS_ALIAS_SERVICE,
  ELANUS_ALIAS_SERVICE_NAME,
  LOADER_OPTIONS,
  MILVUS_SERVICE,
  TELEMETRY_SERVICE,
  protoRoot,
} from './descriptors.js';
export {
  MILVUS_SERVICE_NAME,
  TELEMETRY_SERVICE_NAME,
  aliasExtraHandlers,
  methodDispatch,
  milvusHandlers,
  telemetryHandlers,
  type MethodDispatch,
} from './dispatch.js';
export type { CallContext, Handler, HandlerTable, Reply, RequestMetadata } from './handler.js';
export type { ServiceRequests } from './messages.js';
export { sparseRowFromBytes, sparseRowToBytes } from './sparse-codec.js';
export {
  FRAME_HEADER_BYTES,
  FrameError,
  FrameReader,
  checkPayloadFormat,
  endWithFrame,
  inflateMessage,
  receivedTooLarge,
  sendTooLarge,
} from './grpc-frame.js';
export { GrpcStatus, GrpcStatusError, decodeGrpcMessage, encodeGrpcMessage } from './grpc-status.js';

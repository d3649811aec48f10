// The handshake and housekeeping calls every client makes first.
import { databaseNotFound } from '../../errors.js';
import { metadataDatabase } from '../request-context.js';
import type { HandlerTable } from '../handler.js';
import type { ClientTelemetryServiceRequests } from '../messages.js';
import { ELANUS_VERSION, MILVUS_COMPAT_VERSION } from '../../version.js';

export const sessionHandlers: HandlerTable = {
  Connect(_req, ctx) {
    const db = metadataDatabase(ctx.metadata);
    if (!ctx.engine.snapshot().database(db)) throw databaseNotFound(db);
    return {
      server_info: {
        build_tags: MILVUS_COMPAT_VERSION,
        build_time: '',
        git_commit: '',
        go_version: `Elanus ${ELANUS_VERSION} on Node.js ${process.version}`,
        deploy_mode: 'STANDALONE',
        reserved: { elanus_version: ELANUS_VERSION },
      },
      identifier: ctx.nextIdentifier(),
    };
  },
  GetVersion() {
    return { version: MILVUS_COMPAT_VERSION };
  },
  CheckHealth() {
    return { isHealthy: true, reasons: [], quota_states: [] };
  },
  AllocTimestamp(_req, ctx) {
    return { timestamp: ctx.engine.allocTimestamp() };
  },
};

/** ClientTelemetryService: newer SDKs report every 10 s; Elanus has no commands for them. */
export const telemetryHandlers: HandlerTable<ClientTelemetryServiceRequests> = {
  ClientHeartbeat() {
    return { server_timestamp: String(Date.now()), commands: [] };
  },
};

// Writes src/protocol/messages.ts: TypeScript types of the request messages of MilvusService,
// ClientTelemetryService and ElanusAliasService (and of every message and enum they reference),
// exactly as the handlers receive them: decoded by protobufjs and converted by toObject with
// LOADER_OPTIONS (descriptors.ts). Run after a build:
//
//   npm run build && node dist/scripts/generate-message-types.js
//
// test/unit/message-types.test.ts regenerates the text in memory and fails when the committed
// file differs, so a new SDK (new descriptors) or a change here cannot go unnoticed.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import protobuf from 'protobufjs';
import { LOADER_OPTIONS, protoRoot } from '../src/protocol/descriptors.js';

const require = createRequire(import.meta.url);

/** Where the output goes, from the repository root. */
export const MESSAGES_FILE = 'src/protocol/messages.ts';
/** The repository root (this file runs from dist/scripts/). */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ELANUS_PROTO = 'proto/elanus_alias.proto';
const SDK = '@zilliz/milvus2-sdk-node';

/** The services whose requests are typed, and the root that holds each. */
function services(): { name: string; root: protobuf.Root }[] {
  // proto-loader parses with keepCase (snake_case field names, as on the wire): so do we.
  const elanus = new protobuf.Root().loadSync(`${REPO_ROOT}${ELANUS_PROTO}`, { keepCase: true });
  elanus.resolveAll();
  return [
    { name: 'milvus.proto.milvus.MilvusService', root: protoRoot },
    { name: 'milvus.proto.milvus.ClientTelemetryService', root: protoRoot },
    { name: 'elanus.v1.ElanusAliasService', root: elanus },
  ];
}

/**
 * Fields whose decoded value is not what protobufjs's generated toObject makes, because
 * descriptors.ts installs another codec; each is checked against a real decode below.
 */
const OVERRIDES: Record<string, { type: string; probe: () => unknown }> = {
  // float-array-codec.ts: FloatArray.data is a Float32Array, not a number[].
  '.milvus.proto.schema.FloatArray.data': {
    type: 'Float32Array',
    probe: () => {
      const t = protoRoot.lookupType('milvus.proto.schema.FloatArray');
      return (
        t.toObject(t.decode(t.encode(t.fromObject({ data: [1] })).finish()), LOADER_OPTIONS as protobuf.IConversionOptions) as { data: unknown }
      ).data;
    },
  },
};

const OVERRIDE_CHECKS: Record<string, (v: unknown) => boolean> = { Float32Array: (v) => v instanceof Float32Array };

/** The package prefix dropped from namespace names: milvus.proto.common.KeyValuePair is common.KeyValuePair. */
const DROPPED_PREFIX = 'milvus.proto.';

/** A type's path of TypeScript names: namespaces from its package, then enclosing messages, then its own name. */
function tsPath(t: protobuf.ReflectionObject): string[] {
  let name = t.fullName.slice(1);
  if (name.startsWith(DROPPED_PREFIX)) name = name.slice(DROPPED_PREFIX.length);
  return name.split('.');
}

function tsName(t: protobuf.ReflectionObject): string {
  return tsPath(t).join('.');
}

const SCALARS: Record<string, string> = {
  double: 'number',
  float: 'number',
  int32: 'number',
  uint32: 'number',
  sint32: 'number',
  fixed32: 'number',
  sfixed32: 'number',
  // longs: String
  int64: 'string',
  uint64: 'string',
  sint64: 'string',
  fixed64: 'string',
  sfixed64: 'string',
  bool: 'boolean',
  string: 'string',
  // No `bytes` option: protobufjs's BufferReader slices Buffers, and a missing field defaults to a Buffer.
  bytes: 'Buffer',
};

/** The TypeScript type of one value of `field` (an element, for repeated and map fields). */
function valueType(field: protobuf.Field): string {
  const override = OVERRIDES[field.fullName];
  if (override) return override.type;
  const resolved = field.resolvedType;
  // enums: String gives the value's name, or the number itself when these descriptors do not name it.
  if (resolved instanceof protobuf.Enum) return `${tsName(resolved)} | number`;
  if (resolved instanceof protobuf.Type) return tsName(resolved);
  const scalar = SCALARS[field.type];
  if (!scalar) throw new Error(`${field.fullName}: no TypeScript type for ${field.type}`);
  return scalar;
}

function fieldType(field: protobuf.Field): string {
  const value = valueType(field);
  const override = OVERRIDES[field.fullName];
  if (field.map) return `{ [key: string]: ${value} }`;
  if (field.repeated) return override ? value : value.includes(' ') ? `(${value})[]` : `${value}[]`;
  // defaults: true leaves an absent message field null.
  if (field.resolvedType instanceof protobuf.Type && !field.partOf) return `${value} | null`;
  return value;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A string literal type, in the project's quotes. */
function literal(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function propertyName(name: string): string {
  return IDENTIFIER.test(name) ? name : literal(name);
}

function comment(text: string | null | undefined, indent: string): string[] {
  const lines = (text ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  if (lines.length === 0) return [];
  if (lines.length === 1) return [`${indent}/** ${lines[0]!.replace(/\*\//g, '*\\/')} */`];
  return [`${indent}/**`, ...lines.map((l) => `${indent} * ${l.replace(/\*\//g, '*\\/')}`), `${indent} */`];
}

function messageDeclaration(t: protobuf.Type, indent: string): string[] {
  const inner = `${indent}  `;
  const out = [...comment(t.comment, indent), `${indent}export interface ${t.name} {`];
  for (const field of [...t.fieldsArray].sort((a, b) => a.id - b.id)) {
    out.push(...comment(field.comment, inner));
    // A oneof member (proto3 `optional` included) is present only when set; every other field always is.
    out.push(`${inner}${propertyName(field.name)}${field.partOf ? '?' : ''}: ${fieldType(field)};`);
  }
  for (const oneof of t.oneofsArray) {
    // oneofs: true names the member that is set.
    const members = oneof.oneof.map(literal).join(' | ');
    out.push(`${inner}/** The member of oneof \`${oneof.name}\` that is set. */`);
    out.push(`${inner}${propertyName(oneof.name)}?: ${members};`);
  }
  out.push(`${indent}}`);
  return out;
}

function enumDeclaration(e: protobuf.Enum, indent: string): string[] {
  // The names toObject can give: one per number (an alias's number gives one of its names).
  const names = [...new Set(Object.keys(e.valuesById).map((id) => e.valuesById[Number(id)]!))];
  return [...comment(e.comment, indent), `${indent}export type ${e.name} = ${names.map(literal).join(' | ')};`];
}

/** The types reachable from `roots` through fields. */
function closure(roots: protobuf.Type[]): (protobuf.Type | protobuf.Enum)[] {
  const seen = new Set<protobuf.Type | protobuf.Enum>();
  const visit = (t: protobuf.Type | protobuf.Enum): void => {
    if (seen.has(t)) return;
    seen.add(t);
    if (!(t instanceof protobuf.Type)) return;
    for (const field of t.fieldsArray) {
      field.resolve();
      const r = field.resolvedType;
      if (r instanceof protobuf.Type || r instanceof protobuf.Enum) visit(r);
    }
  };
  for (const r of roots) visit(r);
  return [...seen];
}

interface NamespaceNode {
  children: Map<string, NamespaceNode>;
  declarations: Map<string, protobuf.Type | protobuf.Enum>;
}

const emptyNode = (): NamespaceNode => ({ children: new Map(), declarations: new Map() });

function renderNode(node: NamespaceNode, indent: string): string[] {
  const out: string[] = [];
  const names = [...new Set([...node.declarations.keys(), ...node.children.keys()])].sort();
  for (const name of names) {
    const declaration = node.declarations.get(name);
    const child = node.children.get(name);
    if (out.length > 0) out.push('');
    if (declaration instanceof protobuf.Type) out.push(...messageDeclaration(declaration, indent));
    else if (declaration) out.push(...enumDeclaration(declaration, indent));
    if (child) {
      // A message's nested types live in a namespace of the message's name, merged with its interface.
      if (declaration) out.push('');
      out.push(`${indent}export namespace ${name} {`, ...renderNode(child, `${indent}  `), `${indent}}`);
    }
  }
  return out;
}

function sdkVersion(): string {
  const path = require.resolve(`${SDK}/package.json`);
  return (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version;
}

/** The text of src/protocol/messages.ts. */
export function generateMessageTypes(): string {
  for (const [field, { type, probe }] of Object.entries(OVERRIDES)) {
    if (!OVERRIDE_CHECKS[type]!(probe())) throw new Error(`${field} no longer decodes as a ${type}: update OVERRIDES`);
  }
  const serviceMaps: string[] = [];
  const byService = ['/** The request map of each service, by its full name. */', 'export interface ServiceRequests {'];
  const roots: protobuf.Type[] = [];
  for (const { name, root } of services()) {
    const service = root.lookupService(name);
    const lines = [`/** The request of each ${name} method, by method name. */`, `export interface ${service.name}Requests {`];
    for (const method of [...service.methodsArray].sort((a, b) => a.name.localeCompare(b.name))) {
      method.resolve();
      const request = method.resolvedRequestType!;
      roots.push(request);
      lines.push(`  ${method.name}: ${tsName(request)};`);
    }
    lines.push('}');
    serviceMaps.push(lines.join('\n'));
    byService.push(`  ${literal(name)}: ${service.name}Requests;`);
  }
  byService.push('}');
  serviceMaps.push(byService.join('\n'));

  const top = emptyNode();
  const types = closure(roots);
  for (const t of types) {
    const path = tsPath(t);
    let node = top;
    for (const segment of path.slice(0, -1)) {
      let child = node.children.get(segment);
      if (!child) node.children.set(segment, (child = emptyNode()));
      node = child;
    }
    node.declarations.set(path.at(-1)!, t);
  }
  // References are qualified from the top (common.KeyValuePair): no declaration may shadow a top namespace.
  const topNames = new Set(top.children.keys());
  for (const t of types) {
    if (topNames.has(t.name)) throw new Error(`${t.fullName} would shadow the namespace ${t.name}`);
  }

  const header = [
    '// GENERATED by scripts/generate-message-types.ts: do not edit. Regenerate with',
    '//   npm run build && node dist/scripts/generate-message-types.js',
    `// (test/unit/message-types.test.ts fails while this file is stale). From the descriptors of ${SDK}`,
    `// ${sdkVersion()} and ${ELANUS_PROTO}.`,
    '//',
    '// The request messages of MilvusService, ClientTelemetryService and ElanusAliasService and the',
    '// messages and enums they reference, as handlers receive them: decoded by protobufjs, then',
    '// toObject with LOADER_OPTIONS (descriptors.ts: longs String, enums String, defaults, oneofs):',
    "// - every scalar field is present, with its default when absent ('', 0, false, '0');",
    '// - 64-bit integers are decimal strings; bytes are Buffers;',
    '// - an enum is its value name, or the number itself when these descriptors do not name it;',
    '// - an absent message field is null; repeated fields are arrays and maps objects, empty when absent;',
    '// - a oneof member is present only when set, and the oneof property names the member set;',
    '//   a proto3 `optional` field is such a member, of a oneof named `_field`;',
    '// - FloatArray.data is a Float32Array (float-array-codec.ts).',
    "// Namespaces follow the proto packages without `milvus.proto.` (common.KeyValuePair); a message's",
    '// nested types are in a namespace of its name (milvus.AlterCollectionSchemaRequest.FieldInfo).',
    '/* eslint-disable @typescript-eslint/no-namespace */',
  ];
  return `${[...header, '', serviceMaps.join('\n\n'), '', ...renderNode(top, '')].join('\n')}\n`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const text = generateMessageTypes();
  writeFileSync(`${REPO_ROOT}${MESSAGES_FILE}`, text);
  process.stdout.write(`${MESSAGES_FILE}: ${text.length} characters\n`);
}

import { randomUUID } from 'node:crypto';
import type { Store } from '../persistence/store.js';
import { alreadyExists, invalidArgument, notFound } from '../model/errors.js';
import { SYSTEM_SEARCH_ATTRIBUTES, type SearchAttributeType } from './visibility/list-query.js';

export const SEARCH_ATTRIBUTE_TYPES: readonly SearchAttributeType[] = [
  'Keyword',
  'Text',
  'Int',
  'Double',
  'Bool',
  'Datetime',
  'KeywordList',
];

export interface NamespaceRecord {
  name: string;
  id: string;
  description: string;
  ownerEmail: string;
  retentionMs: number;
  data: Record<string, string>;
  createdAt: number;
  /** temporal.api.enums.v1.NamespaceState; absent in records written before it could change: registered */
  state?: number;
}

const DEFAULT_RETENTION_MS = 24 * 3600 * 1000;

/** Namespaces and their custom search attributes, cached in memory over the database. */
export class Namespaces {
  private readonly byName = new Map<string, NamespaceRecord>();
  private readonly attributes = new Map<string, Map<string, SearchAttributeType>>();

  constructor(private readonly store: Store) {
    for (const row of store.listNamespaces()) this.byName.set(row.name, JSON.parse(row.data) as NamespaceRecord);
  }

  ensure(name: string, now: number): NamespaceRecord {
    return this.byName.get(name) ?? this.register({ name, retentionMs: DEFAULT_RETENTION_MS }, now);
  }

  register(init: Partial<NamespaceRecord> & { name: string }, now: number): NamespaceRecord {
    if (!init.name) throw invalidArgument('Namespace is not set on request.');
    if (this.byName.has(init.name)) throw alreadyExists(`Namespace ${init.name} already exists.`);
    const rec: NamespaceRecord = {
      id: randomUUID(),
      description: '',
      ownerEmail: '',
      retentionMs: DEFAULT_RETENTION_MS,
      data: {},
      createdAt: now,
      ...init,
    };
    this.store.putNamespace(rec.name, rec.id, JSON.stringify(rec));
    this.byName.set(rec.name, rec);
    return rec;
  }

  /** The namespace, or the error Temporal gives: INVALID_ARGUMENT when missing, NOT_FOUND when unknown. */
  get(name: string | null | undefined): NamespaceRecord {
    if (!name) throw invalidArgument('Namespace not set on request.');
    const rec = this.byName.get(name);
    if (!rec) {
      throw notFound(`Namespace ${name} is not found.`, {
        type: 'temporal.api.errordetails.v1.NamespaceNotFoundFailure',
        value: { namespace: name },
      });
    }
    return rec;
  }

  /** UpdateNamespace and DeprecateNamespace: the fields given change, the rest stay. */
  update(name: string, changes: Partial<Pick<NamespaceRecord, 'description' | 'ownerEmail' | 'data' | 'retentionMs' | 'state'>>): NamespaceRecord {
    const rec = { ...this.get(name), ...changes };
    this.store.updateNamespace(rec.name, JSON.stringify(rec));
    this.byName.set(rec.name, rec);
    return rec;
  }

  getById(id: string): NamespaceRecord | undefined {
    return [...this.byName.values()].find((n) => n.id === id);
  }

  list(): NamespaceRecord[] {
    return [...this.byName.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  customAttributes(namespace: string): Map<string, SearchAttributeType> {
    let map = this.attributes.get(namespace);
    if (!map) {
      map = new Map(this.store.listSearchAttributes(namespace).map((r) => [r.name, r.type as SearchAttributeType]));
      this.attributes.set(namespace, map);
    }
    return map;
  }

  addAttribute(namespace: string, name: string, type: string): void {
    if (!name) throw invalidArgument('Search attribute name is empty.');
    if (!SEARCH_ATTRIBUTE_TYPES.includes(type as SearchAttributeType)) {
      throw invalidArgument(
        `Unknown search attribute type ${JSON.stringify(type)} for ${name}: expected one of ${SEARCH_ATTRIBUTE_TYPES.join(', ')}.`,
      );
    }
    if (name in SYSTEM_SEARCH_ATTRIBUTES) {
      throw invalidArgument(`Search attribute ${name} is reserved by system.`);
    }
    const existing = this.customAttributes(namespace).get(name);
    if (existing && existing !== type) {
      throw alreadyExists(`Search attribute ${name} already exists with type ${existing}.`);
    }
    this.store.putSearchAttribute(namespace, name, type);
    this.customAttributes(namespace).set(name, type as SearchAttributeType);
  }

  /** The type of a search attribute a workflow may set, or undefined when it is not registered. */
  attributeType(namespace: string, name: string): SearchAttributeType | undefined {
    return this.customAttributes(namespace).get(name) ?? SYSTEM_SEARCH_ATTRIBUTES[name];
  }
}

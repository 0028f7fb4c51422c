import type { Client } from './client.js';

/** Connected clients by id, in connection order (CLIENT LIST order). */
export class ClientRegistry {
  private readonly byId = new Map<number, Client>();
  private lastId = 0;
  /** Connections accepted since start (total_connections_received). */
  totalConnections = 0;
  rejectedConnections = 0;

  nextId(): number {
    return ++this.lastId;
  }

  add(client: Client): void {
    this.byId.set(client.id, client);
    this.totalConnections++;
  }

  remove(client: Client): void {
    this.byId.delete(client.id);
  }

  get(id: number): Client | undefined {
    return this.byId.get(id);
  }

  get size(): number {
    return this.byId.size;
  }

  [Symbol.iterator](): IterableIterator<Client> {
    return this.byId.values();
  }
}

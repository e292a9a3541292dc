// The anchor: @neo4j/graphql 7 on Apollo Server 5 (standalone, Node's http), over the Neo4j permitgraph uses.
// Run by bench/anchor.py: node server.mjs <port> <typedefs.graphql>; NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD,
// NEO4J_DATABASE from the environment. Prints "ready <url>" once it listens.
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { Neo4jGraphQL } from '@neo4j/graphql';
import neo4j from 'neo4j-driver';

// TCP_NODELAY on the driver's Bolt sockets, as permitgraph's Python driver has it: neo4j-driver leaves Nagle on, and
// its pipelined small writes then wait for the server's delayed ACK (~40 ms a request on Linux).
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  this.setNoDelay(true);
  return connect.apply(this, args);
};

const [, , port, typedefsPath] = process.argv;
const env = process.env;
const driver = neo4j.driver(env.NEO4J_URI, neo4j.auth.basic(env.NEO4J_USER, env.NEO4J_PASSWORD));
const neoSchema = new Neo4jGraphQL({ typeDefs: readFileSync(typedefsPath, 'utf8'), driver });
const server = new ApolloServer({ schema: await neoSchema.getSchema() });
const { url } = await startStandaloneServer(server, {
  listen: { port: Number(port), host: '127.0.0.1' },
  context: async () => ({ sessionConfig: { database: env.NEO4J_DATABASE || 'neo4j' } }),
});
console.log(`ready ${url}`);

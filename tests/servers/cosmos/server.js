#!/usr/bin/env node
// The Cosmos DB SQL API server of the integration tests: @vercel/cosmosdb-server (pinned in package.json)
// with two fix-ups for what it gets wrong that the adapters rely on. Test tooling only; production talks
// to Azure Cosmos DB.
//
//   1. A point read of a missing item answers 404 NotFound (as Cosmos DB does) instead of a 500.
//   2. The account metadata names the endpoint the client called (the Host header) instead of the
//      server's own socket address, so a client that reaches the server through a proxy (the fault tests)
//      keeps using the proxy after endpoint discovery.
//
// Usage: node server.js --host 127.0.0.1 --port <port> [--exit-with-stdin]   (prints "ready <port>" once it listens)
"use strict";

const readDocument = require("@vercel/cosmosdb-server/lib/handler/read-document");
const readMeta = require("@vercel/cosmosdb-server/lib/handler/read-meta");
const partitionHeader = require("@vercel/cosmosdb-server/lib/utils/get-partition-from-header");

const notFound = {
  code: "NotFound",
  message: "Entity with the specified id does not exist in the system."
};

// Must be patched before the routes table (loaded by the package index) captures the handlers.
const originalReadDocument = readDocument.default;
readDocument.default = (account, req, res, params) => {
  const collection = account.database(params.dbId).collection(params.collId);
  if (collection.read()) {
    let partitionKey;
    try {
      partitionKey = partitionHeader.parsePartitionKey(partitionHeader.default(req), params.docId);
    } catch (e) {
      partitionKey = undefined;
    }
    if (partitionKey !== undefined && !collection.document(params.docId, partitionKey).read()) {
      res.statusCode = 404;
      return { ...notFound };
    }
  }
  return originalReadDocument(account, req, res, params);
};

const originalReadMeta = readMeta.default;
readMeta.default = (account, req, res, params) => {
  const meta = originalReadMeta(account, req, res, params);
  const host = req.headers.host;
  if (!meta || !host) {
    return meta;
  }
  const endpoint = `https://${host}/`;
  const location = loc => ({ ...loc, databaseAccountEndpoint: endpoint });
  return {
    ...meta,
    writableLocations: (meta.writableLocations || []).map(location),
    readableLocations: (meta.readableLocations || []).map(location)
  };
};

const { createHttpsServer } = require("@vercel/cosmosdb-server");

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const host = option("--host", "127.0.0.1");
const port = parseInt(option("--port", "0"), 10);

const server = createHttpsServer({ keepAlive: true });
server.keepAliveTimeout = 60000;
server.listen(port, host, () => {
  // eslint-disable-next-line no-console
  console.log(`ready ${server.address().port}`);
});

const stop = () => server.close(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
// --exit-with-stdin: the parent (the test JVM) holds our stdin open; when it exits, even when it is killed,
// stdin ends and the server stops too.
if (args.includes("--exit-with-stdin")) {
  process.stdin.on("end", () => process.exit(0));
  process.stdin.on("error", () => process.exit(0));
  process.stdin.resume();
}

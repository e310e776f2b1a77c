#!/usr/bin/env bash
# Heartbeat-path benchmark (JMH, in-process, in-memory store, 1,000 devices, 256 MiB heap).
# Prints heartbeats/s and the latency distribution (p50, p99). Not part of the test command.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -DskipTests test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
exec java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" org.openjdk.jmh.Main \
  'com.fortinet.autoscale.bench.HeartbeatBenchmark' "$@"

// Starts Azurite's blob service (arguments as for azurite-blob) and stops it when this process's stdin
// closes: the test JVM holds the other end, so Azurite never outlives the test run, even a killed one.
'use strict';
process.stdin.on('end', () => process.kill(process.pid, 'SIGTERM'));
process.stdin.resume();
require('azurite/dist/src/blob/main.js');

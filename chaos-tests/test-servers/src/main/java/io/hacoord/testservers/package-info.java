/** The shared real-server harness: starts redis-server, PostgreSQL and ZooKeeper on free ports for tests. */
package io.hacoord.testservers;

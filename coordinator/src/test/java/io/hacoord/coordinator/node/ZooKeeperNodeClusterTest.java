package io.hacoord.coordinator.node;

class ZooKeeperNodeClusterTest extends NodeClusterTest {

    @Override
    StoreUnderTest startStore() {
        return StoreUnderTest.zookeeper();
    }
}

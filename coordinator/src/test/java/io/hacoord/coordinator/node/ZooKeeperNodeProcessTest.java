package io.hacoord.coordinator.node;

class ZooKeeperNodeProcessTest extends NodeProcessTest {

    @Override
    StoreUnderTest startStore() {
        return StoreUnderTest.zookeeper();
    }
}

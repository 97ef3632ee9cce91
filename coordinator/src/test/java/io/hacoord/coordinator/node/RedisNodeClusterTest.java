package io.hacoord.coordinator.node;

class RedisNodeClusterTest extends NodeClusterTest {

    @Override
    StoreUnderTest startStore() {
        return StoreUnderTest.redis();
    }
}

package io.hacoord.coordinator.node;

class RedisNodeProcessTest extends NodeProcessTest {

    @Override
    StoreUnderTest startStore() {
        return StoreUnderTest.redis();
    }
}

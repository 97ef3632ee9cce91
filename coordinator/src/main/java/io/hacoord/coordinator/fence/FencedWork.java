package io.hacoord.coordinator.fence;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A leader's side effect in PostgreSQL, run by {@link Fence#inTransaction} only while its term still holds the fence.
 * It runs inside the fence's transaction: it must not commit, roll back or change auto-commit itself.
 */
@FunctionalInterface
public interface FencedWork<T> {

    T apply(Connection connection) throws SQLException;
}
